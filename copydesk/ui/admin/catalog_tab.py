"""Admin → Catalog: the product catalog in force, and importing another (admins only).

The import goes through settings_changes.install_catalog, as `copydesk catalog import` does:
checked whole first, every problem listed with its place in the file, the current catalog kept
when anything is wrong."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QFormLayout, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from copydesk import config
from copydesk.app import settings_changes
from copydesk.app.settings_changes import AdminOnly, Change
from copydesk.catalog import CatalogError
from copydesk.ui.admin.common import acting_workflow, note, permission_line, read_only_line, refusal_text
from copydesk.ui.common import Banner, fill, named
from copydesk.workflow import WorkflowError


class CatalogTab(QWidget):
    """The catalog file, its contents and checksum; Import catalog… for admins."""

    catalog_changed = Signal(object)  # the new Catalog, already saved in settings

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.catalog_path = read_only_line("catalogPath")
        self.catalog_counts = named(QLabel(), "catalogCounts")
        self.catalog_hash = named(QLabel(), "catalogHash")
        self.catalog_hash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Catalog file"), self.catalog_path)
        form.addRow(self.tr("Contents"), self.catalog_counts)
        form.addRow(self.tr("SHA-256"), self.catalog_hash)
        self.import_button = named(QPushButton(self.tr("Import catalog…")), "importCatalogButton")
        self.import_button.setToolTip(self.tr("Check a catalog file (products, facts, segments) and make it the one in use"))
        self.import_button.clicked.connect(self._choose_catalog)
        self.permission_note = permission_line("catalogPermission")
        self.catalog_banner = Banner("catalogBanner")
        self.catalog_problems = named(QListWidget(), "catalogProblems")
        self.catalog_problems.setWordWrap(True)
        self.catalog_problems.setAlternatingRowColors(True)
        self.catalog_problems.setSpacing(2)
        self.catalog_problems.hide()
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.permission_note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(note(self.tr("An imported catalog is checked first; if anything is wrong, every problem is listed "
                                      "with its place in the file and the current catalog stays in use. A valid one is "
                                      "copied into copydesk's settings folder.")))
        layout.addWidget(self.catalog_banner)
        layout.addWidget(self.catalog_problems, 1)
        layout.addStretch(0)
        self.refresh()

    def refresh(self) -> None:
        """The catalog in force, and whether this user may import another."""
        self.show_catalog()
        allowed = settings_changes.permission(acting_workflow(self.services), Change.CATALOG)
        self.import_button.setEnabled(allowed.allowed)
        self.permission_note.setVisible(not allowed.allowed)
        if not allowed.allowed:
            self.permission_note.setText(refusal_text(allowed))

    def show_catalog(self) -> None:
        """Show the catalog in force."""
        catalog = self.services.catalog
        if catalog is None:
            self.catalog_path.setText(self.services.settings.catalog or self.tr("(none loaded)"))
            self.catalog_counts.setText(self.tr("No catalog is loaded; import a valid one."))
            self.catalog_hash.setText("")
            return
        self.catalog_path.setText(catalog.source)
        self.catalog_path.setCursorPosition(0)
        products = Counter(p.lang for p in catalog.products)
        segments = Counter(s.lang for s in catalog.segments)
        self.catalog_counts.setText(fill(
            self.tr("%1 products (%2 English, %3 Chinese) · %4 segments (%5 English, %6 Chinese)"),
            len(catalog.products), products["en"], products["zh"], len(catalog.segments), segments["en"], segments["zh"]))
        self.catalog_hash.setText(catalog.sha256)

    def _choose_catalog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import catalog"), "", self.tr("Catalog JSON (*.json);;All files (*)"))
        if path:
            self.import_catalog(path)

    def import_catalog(self, path: str | Path) -> bool:
        """Validate a catalog file; if valid, copy it into the config folder, save it in settings
        and emit `catalog_changed`. If not, list every problem and keep the current catalog."""
        path = Path(path)
        self.catalog_problems.clear()
        workflow = acting_workflow(self.services)
        if workflow is None:
            self.catalog_banner.show_message(fill(
                self.tr("The database cannot be opened, so the import cannot be checked or recorded: %1"),
                self.services.store_problem or ""))
            return False
        try:
            catalog = settings_changes.install_catalog(workflow, path)
        except AdminOnly as exc:
            self.catalog_banner.show_message(refusal_text(exc))
            return False
        except CatalogError as exc:
            return self._catalog_refused(path, exc)
        except (WorkflowError, config.SettingsError) as exc:  # a deactivated user; a broken settings file
            self.catalog_banner.show_message(str(exc))
            return False
        except OSError as exc:
            self.catalog_banner.show_message(fill(self.tr("The catalog could not be copied to %1: %2"),
                                                  config.config_dir(), exc.strerror or str(exc)))
            return False
        self.services.use_catalog(catalog)
        self.show_catalog()
        self.catalog_problems.hide()
        self.catalog_banner.show_message(fill(self.tr("Imported %1: %2 products, %3 segments. It is now the catalog in use."),
                                              path.name, len(catalog.products), len(catalog.segments)), "ok")
        self.catalog_changed.emit(catalog)
        return True

    def _catalog_refused(self, path: Path, exc: CatalogError) -> bool:
        self.catalog_problems.addItems(exc.problems)
        self.catalog_problems.show()
        template = (self.tr("%1 was not imported: 1 problem, listed below. The current catalog stays in use.") if len(exc.problems) == 1
                    else self.tr("%1 was not imported: %2 problems, listed below. The current catalog stays in use."))
        self.catalog_banner.show_message(fill(template, path, len(exc.problems)))
        return False
