"""Admin: the product catalog, rule packs, users, the model, and where copydesk keeps its files.

Every change goes through the core (load_catalog, Workflow, resolve_model, save_settings), so
the rules are the CLI's rules; this view only shows what happened. Slow work (running every
rule example, hashing model weights) runs in a worker.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from copydesk import config
from copydesk.catalog import CatalogError
from copydesk.generation.models import ModelError, describe, resolve_model
from copydesk.rules.examples import run_examples
from copydesk.store import repository
from copydesk.catalog_install import install_catalog
from copydesk.store.db import Store
from copydesk.store.repository import ROLES, RoleRequest
from copydesk.ui.common import Banner, fill, named, roles_text
from copydesk.ui.workers import FunctionJob, TrainJob, start
from copydesk.workflow import Workflow, WorkflowError

UI_LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))


def _read_only_line(name: str, text: str = "") -> QLineEdit:
    line = named(QLineEdit(text), name)
    line.setReadOnly(True)
    line.setCursorPosition(0)
    return line


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fit_height(table: QTableWidget, most: int = 360) -> None:
    """Make a short table as tall as its rows (up to `most` pixels, then it scrolls), so the
    page's spare space stays below it."""
    height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length() + 2 * table.frameWidth()
    if table.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        height += table.horizontalScrollBar().sizeHint().height()  # room for it when values are wide
    table.setFixedHeight(min(height, most))


def _item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return fill(QCoreApplication.translate("AdminView", "%1 bytes"), f"{n:,}") if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


class AdminView(QWidget):
    """Catalog, rule packs, users, model, paths and interface language."""

    catalog_changed = Signal(object)  # the new Catalog, already saved in settings
    language_changed = Signal(str)  # "en" or "zh_CN"; the main window applies it
    model_changed = Signal(str)  # the new model setting: "default", "template" or a path
    examples_finished = Signal(int, list)  # examples run, failures
    model_verified = Signal(dict)  # describe() of the configured model

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._jobs: set[FunctionJob] = set()  # held until they finish
        self.tabs = named(QTabWidget(), "adminTabs")
        self.tabs.addTab(self._catalog_tab(), self.tr("Catalog"))
        self.tabs.addTab(self._rules_tab(), self.tr("Rule packs"))
        self.tabs.addTab(self._users_tab(), self.tr("Users"))
        self.tabs.addTab(self._model_tab(), self.tr("Model"))
        self.tabs.addTab(self._paths_tab(), self.tr("Paths and language"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.show_catalog()
        self.show_packs()
        self.show_users()
        self.show_model()

    # --- helpers ---------------------------------------------------------------------------

    def _run(self, fn, on_result, on_failed) -> FunctionJob:
        job = FunctionJob(fn)
        job.signals.result.connect(on_result)
        job.signals.failed.connect(on_failed)
        job.signals.finished.connect(self._job_finished)
        self._jobs.add(job)  # a running job must outlive this call, or Qt would free it mid-run
        return start(job)

    def _job_finished(self) -> None:
        signals = self.sender()
        self._jobs = {job for job in self._jobs if job.signals is not signals}

    def _load_settings(self, banner: Banner) -> config.Settings | None:
        """settings.json as it is on disk now (keys other views set survive), or None with the reason shown."""
        try:
            return config.load_settings()
        except config.SettingsError as exc:
            banner.show_message(self.tr("Settings were not saved: %1").replace("%1", str(exc)))
            return None

    def _save_settings(self, settings: config.Settings, banner: Banner) -> bool:
        try:
            config.save_settings(settings)
        except OSError as exc:
            banner.show_message(self.tr("Settings were not saved: %1").replace("%1", f"{config.settings_path()}: {exc.strerror or exc}"))
            return False
        self.services.settings = settings
        return True

    def _update_settings(self, banner: Banner, **changes) -> bool:
        """Re-read settings.json, apply the changes and save it."""
        settings = self._load_settings(banner)
        if settings is None:
            return False
        for key, value in changes.items():
            if key in config.Settings.KNOWN:
                setattr(settings, key, value)
            else:
                settings.extra[key] = value
        return self._save_settings(settings, banner)

    def _workflow(self) -> Workflow | None:
        # User management needs no catalog, so an admin can still manage users when it is broken.
        store = self.services.store
        if store is None:
            return None
        return Workflow(store, self.services.catalog, self.services.engine, self.services.acting_as())

    # --- catalog ---------------------------------------------------------------------------

    def _catalog_tab(self) -> QWidget:
        page = QWidget()
        self.catalog_path = _read_only_line("catalogPath")
        self.catalog_counts = named(QLabel(), "catalogCounts")
        self.catalog_hash = named(QLabel(), "catalogHash")
        self.catalog_hash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Catalog file"), self.catalog_path)
        form.addRow(self.tr("Contents"), self.catalog_counts)
        form.addRow(self.tr("SHA-256"), self.catalog_hash)
        self.import_button = named(QPushButton(self.tr("Import catalog…")), "importCatalogButton")
        self.import_button.clicked.connect(self._choose_catalog)
        note = QLabel(self.tr("An imported catalog is checked first; if anything is wrong, every problem is listed "
                              "with its place in the file and the current catalog stays in use. A valid one is "
                              "copied into copydesk's settings folder."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#5f6368;")
        self.catalog_banner = Banner("catalogBanner")
        self.catalog_problems = named(QListWidget(), "catalogProblems")
        self.catalog_problems.setWordWrap(True)
        self.catalog_problems.setAlternatingRowColors(True)
        self.catalog_problems.setSpacing(2)
        self.catalog_problems.hide()
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(self.catalog_banner)
        layout.addWidget(self.catalog_problems, 1)
        layout.addStretch(0)
        return page

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
        self.catalog_counts.setText(
            self.tr("%1 products (%2 English, %3 Chinese) · %4 segments (%5 English, %6 Chinese)")
            .replace("%1", str(len(catalog.products))).replace("%2", str(products["en"])).replace("%3", str(products["zh"]))
            .replace("%4", str(len(catalog.segments))).replace("%5", str(segments["en"])).replace("%6", str(segments["zh"])))
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
        workflow = self._workflow()
        if workflow is None:
            self.catalog_banner.show_message(self.tr("The database cannot be opened, so the import cannot be checked or recorded: %1")
                                             .replace("%1", self.services.store_problem or ""))
            return False
        try:
            catalog = install_catalog(workflow, path)
        except CatalogError as exc:
            return self._catalog_refused(path, exc)
        except (WorkflowError, config.SettingsError) as exc:  # not an admin; a broken settings file
            self.catalog_banner.show_message(str(exc))
            return False
        except OSError as exc:
            self.catalog_banner.show_message(self.tr("The catalog could not be copied to %1: %2")
                                             .replace("%1", str(config.config_dir())).replace("%2", exc.strerror or str(exc)))
            return False
        self.services.catalog = catalog
        self.show_catalog()
        self.catalog_problems.hide()
        self.catalog_banner.show_message(
            self.tr("Imported %1: %2 products, %3 segments. It is now the catalog in use.")
            .replace("%1", path.name).replace("%2", str(len(catalog.products))).replace("%3", str(len(catalog.segments))), "ok")
        self.catalog_changed.emit(catalog)
        return True

    def _catalog_refused(self, path: Path, exc: CatalogError) -> bool:
        self.catalog_problems.addItems(exc.problems)
        self.catalog_problems.show()
        self.catalog_banner.show_message(
            (self.tr("%1 was not imported: 1 problem, listed below. The current catalog stays in use.") if len(exc.problems) == 1
             else self.tr("%1 was not imported: %2 problems, listed below. The current catalog stays in use."))
            .replace("%1", str(path)).replace("%2", str(len(exc.problems))))
        return False

    # --- rule packs ------------------------------------------------------------------------

    def _rules_tab(self) -> QWidget:
        page = QWidget()
        self.packs_table = _table("packsTable", [self.tr("Pack"), self.tr("Version"), self.tr("Rules"), self.tr("Source"), self.tr("File")])
        self.pack_errors = named(QListWidget(), "packErrors")
        self.pack_errors.setWordWrap(True)
        self.pack_errors.setMaximumHeight(110)
        self.pack_errors_label = QLabel()
        self.run_examples_button = named(QPushButton(self.tr("Run examples")), "runExamplesButton")
        self.run_examples_button.setToolTip(self.tr("Check that every rule flags its 'flag' examples and passes its 'pass' examples"))
        self.run_examples_button.clicked.connect(self.run_examples)
        self.examples_result = named(QLabel(), "examplesResult")
        self.examples_failures = named(QListWidget(), "examplesFailures")
        self.examples_failures.setWordWrap(True)
        self.examples_failures.hide()
        self.house_rules_button = named(QPushButton(self.tr("Open house rules folder")), "openHouseRulesButton")
        self.house_rules_button.clicked.connect(self.show_house_rules_folder)
        self.house_rules_path = _read_only_line("houseRulesPath")
        self.house_rules_path.hide()
        house_note = QLabel(self.tr("Put your own *.toml packs in the house rules folder; they load after the "
                                    "bundled packs when copydesk starts."))
        house_note.setWordWrap(True)
        house_note.setStyleSheet("color:#5f6368;")

        examples_row = QHBoxLayout()
        examples_row.addWidget(self.run_examples_button)
        examples_row.addWidget(self.examples_result, 1)
        house_row = QHBoxLayout()
        house_row.addWidget(self.house_rules_button)
        house_row.addWidget(self.house_rules_path, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.packs_table)
        layout.addWidget(self.pack_errors_label)
        layout.addWidget(self.pack_errors)
        layout.addLayout(examples_row)
        layout.addWidget(self.examples_failures, 3)
        layout.addLayout(house_row)
        layout.addWidget(house_note)
        layout.addStretch(1)
        return page

    def show_packs(self) -> None:
        """List the packs in force and the problems met loading them."""
        engine = self.services.engine
        packs = engine.rule_set.packs if engine is not None else ()
        house = config.house_rules_dir()
        self.packs_table.setRowCount(len(packs))
        for row, pack in enumerate(packs):
            path = Path(pack.path)
            where = self.tr("House") if path.parent == house else self.tr("Bundled")
            self.packs_table.setItem(row, 0, _item(pack.id, pack.description))
            self.packs_table.setItem(row, 1, _item(pack.version))
            self.packs_table.setItem(row, 2, _item(str(len(pack.all_rules))))
            self.packs_table.setItem(row, 3, _item(where))
            self.packs_table.setItem(row, 4, _item(path.name, str(path)))
        _fit_height(self.packs_table)
        errors = engine.errors if engine is not None else ()
        self.pack_errors.clear()
        self.pack_errors.addItems(list(errors))
        self.pack_errors.setVisible(bool(errors))
        self.pack_errors_label.setText(
            self.tr("Problems loading the packs (the other packs stay in force):") if errors
            else self.tr("All rule packs loaded without problems."))
        self.pack_errors_label.setStyleSheet("color:#7a1020;font-weight:600;" if errors else "color:#14532d;")

    def run_examples(self) -> None:
        """Run every rule's own examples in a worker; `examples_finished` reports the outcome."""
        engine = self.services.engine
        if engine is None:
            self.examples_result.setText(self.tr("No rule engine is loaded."))
            return
        self.run_examples_button.setEnabled(False)
        self.examples_result.setText(self.tr("Running the examples…"))
        self.examples_failures.clear()
        self.examples_failures.hide()
        self._run(lambda progress: run_examples(engine), self._examples_done, self._examples_failed)

    def _examples_done(self, outcome) -> None:
        count, failures = outcome
        self.run_examples_button.setEnabled(True)
        if failures:
            self.examples_result.setText(self.tr("%1 of %2 examples failed:").replace("%1", str(len(failures))).replace("%2", str(count)))
            self.examples_result.setStyleSheet("color:#7a1020;font-weight:600;")
            self.examples_failures.addItems([str(f) for f in failures])
            self.examples_failures.show()
        else:
            self.examples_result.setText(self.tr("All %1 examples passed (0 failures).").replace("%1", str(count)))
            self.examples_result.setStyleSheet("color:#14532d;font-weight:600;")
        self.examples_finished.emit(count, list(failures))

    def _examples_failed(self, message: str) -> None:
        self.run_examples_button.setEnabled(True)
        self.examples_result.setText(self.tr("The examples could not run: %1").replace("%1", message))
        self.examples_result.setStyleSheet("color:#7a1020;")

    def show_house_rules_folder(self) -> Path:
        """Create the house rules folder if needed and show where it is."""
        folder = config.house_rules_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.house_rules_path.setText(str(folder))
        self.house_rules_path.show()
        return folder

    # --- users -----------------------------------------------------------------------------

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users_banner = Banner("usersBanner")
        self.users_table = _table("usersTable", [self.tr("Login"), self.tr("Name"), self.tr("Roles"), self.tr("Status"),
                                                 self.tr("Added by"), self.tr("Added")])
        self.users_table.itemSelectionChanged.connect(self._user_selected)
        self.users_note = named(QLabel(), "usersNote")
        self.users_note.setWordWrap(True)
        self.users_note.setStyleSheet("color:#5f6368;")

        self.user_form = named(QGroupBox(self.tr("Add or change a user")), "userForm")
        self.user_login = named(QLineEdit(), "userLogin")
        self.user_login.setPlaceholderText(self.tr("Windows login, e.g. alice"))
        self.user_name = named(QLineEdit(), "userName")
        self.user_name.setPlaceholderText(self.tr("Full name (optional)"))
        self.role_boxes: dict[str, QCheckBox] = {}
        role_labels = {"marketer": self.tr("Marketer"), "reviewer": self.tr("Reviewer (compliance)"), "admin": self.tr("Admin")}
        roles_row = QHBoxLayout()
        for role in ROLES:
            box = named(QCheckBox(role_labels[role]), "role" + role.title())
            self.role_boxes[role] = box
            roles_row.addWidget(box)
        roles_row.addStretch(1)
        self.add_user_button = named(QPushButton(self.tr("Save user")), "addUserButton")
        self.add_user_button.clicked.connect(self._save_user_from_form)
        self.deactivate_button = named(QPushButton(self.tr("Deactivate")), "deactivateUserButton")
        self.deactivate_button.setEnabled(False)
        self.deactivate_button.clicked.connect(self._toggle_selected_user)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_user_button)
        buttons.addWidget(self.deactivate_button)
        buttons.addStretch(1)
        form = QFormLayout(self.user_form)
        form.addRow(self.tr("Login"), self.user_login)
        form.addRow(self.tr("Name"), self.user_name)
        form.addRow(self.tr("Roles"), roles_row)
        form.addRow("", buttons)

        # With two or more admins a role change waits for the other one (four-eyes on roles).
        self.requests_box = named(QGroupBox(self.tr("Role changes waiting for a second admin")), "roleRequests")
        self.requests_list = named(QListWidget(), "roleRequestList")
        self.requests_list.setMaximumHeight(110)  # a few lines; the users table keeps the room
        self.confirm_request_button = named(QPushButton(self.tr("Confirm")), "confirmRoleRequest")
        self.confirm_request_button.clicked.connect(lambda: self.decide_role_request(True))
        self.refuse_request_button = named(QPushButton(self.tr("Refuse")), "refuseRoleRequest")
        self.refuse_request_button.clicked.connect(lambda: self.decide_role_request(False))
        request_buttons = QHBoxLayout()
        request_buttons.addWidget(self.confirm_request_button)
        request_buttons.addWidget(self.refuse_request_button)
        request_buttons.addStretch(1)
        requests_layout = QVBoxLayout(self.requests_box)
        requests_layout.addWidget(self.requests_list)
        requests_layout.addLayout(request_buttons)

        layout = QVBoxLayout(page)
        layout.addWidget(self.users_banner)
        layout.addWidget(self.users_note)
        layout.addWidget(self.users_table, 1)
        layout.addWidget(self.requests_box)
        layout.addWidget(self.user_form)
        return page

    def show_role_requests(self) -> None:
        workflow = self._workflow() if self.services.store is not None else None
        pending = workflow.role_requests() if workflow is not None else []
        self.requests_list.clear()
        for request in pending:
            item = QListWidgetItem(fill(self.tr("%1 as %2, asked by %3"), request.login, roles_text(request.roles), request.requested_by))
            item.setData(Qt.ItemDataRole.UserRole, request.id)
            self.requests_list.addItem(item)
        self.requests_box.setVisible(bool(pending) and self.is_admin())

    def decide_role_request(self, confirm: bool) -> bool:
        """Confirm or refuse the selected role change (not one you asked for yourself)."""
        item = self.requests_list.currentItem()
        workflow = self._workflow()
        if item is None or workflow is None:
            return False
        request_id = item.data(Qt.ItemDataRole.UserRole)
        try:
            if confirm:
                user = workflow.confirm_role_request(request_id)
                self.users_banner.show_message(fill(self.tr("Confirmed: %1 is now %2."), user.login, roles_text(user.roles)), "ok")
            else:
                workflow.refuse_role_request(request_id)
                self.users_banner.show_message(self.tr("Refused the role change."), "ok")
        except WorkflowError as exc:
            self.users_banner.show_message(str(exc))
            return False
        self.show_users()
        return True

    def is_admin(self) -> bool:
        store = self.services.store
        user = repository.get_user(store, self.services.user) if store is not None else None
        return user is not None and user.has("admin")

    def show_users(self) -> None:
        """Reload the user list; only admins get the form (the workflow enforces it anyway)."""
        store = self.services.store
        users = repository.list_users(store) if store is not None else []
        self.users_table.setRowCount(len(users))
        for row, user in enumerate(users):
            self.users_table.setItem(row, 0, _item(user.login))
            self.users_table.setItem(row, 1, _item(user.name))
            self.users_table.setItem(row, 2, _item(roles_text(user.roles)))
            status = _item(self.tr("Active") if user.active else self.tr("Deactivated"))
            if not user.active:
                status.setForeground(Qt.GlobalColor.darkRed)
            self.users_table.setItem(row, 3, status)
            self.users_table.setItem(row, 4, _item(user.created_by))
            self.users_table.setItem(row, 5, _item(user.created_at[:10], user.created_at))
        admin = self.is_admin()
        self.user_form.setVisible(admin)
        if store is None:
            self.users_note.setText(self.tr("The database cannot be opened: %1").replace("%1", self.services.store_problem or ""))
        elif admin:
            self.users_note.setText(self.tr("Users are never deleted, because the record names them: deactivate "
                                            "someone who leaves. Pick a row to change it."))
        else:
            self.users_note.setText(self.tr("Only an admin can add or change users. Ask an admin if your roles "
                                            "need to change."))
        self.show_role_requests()
        self._user_selected()

    def _selected_login(self) -> str | None:
        rows = self.users_table.selectionModel().selectedRows()
        return self.users_table.item(rows[0].row(), 0).text() if rows else None

    def _user_selected(self) -> None:
        login = self._selected_login()
        user = repository.get_user(self.services.store, login) if login and self.services.store is not None else None
        self.deactivate_button.setEnabled(user is not None)
        if user is None:
            self.deactivate_button.setText(self.tr("Deactivate"))
            return
        self.user_login.setText(user.login)
        self.user_name.setText(user.name)
        for role, box in self.role_boxes.items():
            box.setChecked(role in user.roles)
        self.deactivate_button.setText(self.tr("Deactivate") if user.active else self.tr("Reactivate"))

    def _save_user_from_form(self) -> None:
        roles = [role for role, box in self.role_boxes.items() if box.isChecked()]
        self.add_user(self.user_login.text(), roles, self.user_name.text())

    def add_user(self, login: str, roles: list[str], name: str = "") -> bool:
        """Add a user or change their roles and name; refusals go to the users banner."""
        login = login.strip()
        if not login:
            self.users_banner.show_message(self.tr("Type the person's Windows login first."))
            return False
        workflow = self._workflow()
        if workflow is None:
            self.users_banner.show_message(self.tr("The database cannot be opened: %1").replace("%1", self.services.store_problem or ""))
            return False
        try:
            user = workflow.add_user(login, roles, name.strip())
        except WorkflowError as exc:  # NotAllowed included: the message says who may do it
            self.users_banner.show_message(str(exc))
            return False
        if isinstance(user, RoleRequest):  # another admin exists: the change waits for them
            self.users_banner.show_message(fill(self.tr("Asked for %1 (%2): another admin must confirm it (request %3)."),
                                                user.login, roles_text(user.roles), str(user.id)), "ok")
            self.show_role_requests()
            return True
        self.users_banner.show_message(fill(self.tr("Saved %1 (%2)."), user.login, roles_text(user.roles)), "ok")
        self.show_users()
        return True

    def _toggle_selected_user(self) -> None:
        login = self._selected_login()
        user = repository.get_user(self.services.store, login) if login else None
        if user is not None:
            self.set_user_active(user.login, not user.active)

    def set_user_active(self, login: str, active: bool) -> bool:
        """Deactivate (or reactivate) a user through the workflow."""
        workflow = self._workflow()
        if workflow is None:
            return False
        try:
            user = workflow.set_active(login, active)
        except WorkflowError as exc:
            self.users_banner.show_message(str(exc))
            return False
        message = self.tr("%1 is active again.") if user.active else self.tr("%1 is deactivated and can no longer sign in.")
        self.users_banner.show_message(message.replace("%1", user.login), "ok")
        self.show_users()
        return True

    # --- model -----------------------------------------------------------------------------

    def _model_tab(self) -> QWidget:
        page = QWidget()
        self.model_notice = Banner("modelNotice")
        self.model_banner = Banner("modelBanner")
        self.model_setting = named(QLabel(), "modelSetting")
        self.model_setting.setWordWrap(True)
        self.model_setting.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_model_button = named(QPushButton(self.tr("Choose folder…")), "chooseModelFolderButton")
        self.choose_model_button.clicked.connect(self._choose_model_folder)
        self.template_button = named(QPushButton(self.tr("Use copy templates only")), "useTemplatesButton")
        self.template_button.clicked.connect(lambda: self.set_model_setting("template"))
        self.default_model_button = named(QPushButton(self.tr("Use bundled default")), "useDefaultModelButton")
        self.default_model_button.clicked.connect(lambda: self.set_model_setting("default"))
        self.verify_button = named(QPushButton(self.tr("Verify")), "verifyModelButton")
        self.verify_button.setToolTip(self.tr("Check the model files: sizes, SHA-256 checksums and the converted cache"))
        self.verify_button.clicked.connect(self.verify_model)
        self.model_details = _table("modelDetails", [self.tr("Item"), self.tr("Value")])
        self.model_details.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.model_details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.model_details.setWordWrap(False)
        self.model_details.hide()

        buttons = QHBoxLayout()
        for button in (self.choose_model_button, self.template_button, self.default_model_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Configured model"), self.model_setting)
        note = QLabel(self.tr("A model folder must be a local Hugging Face folder with config.json and *.safetensors "
                              "weights (pickle weights are never loaded). When the model cannot load, drafts come "
                              "from the copy templates, which need no model."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#5f6368;")
        layout = QVBoxLayout(page)
        layout.addWidget(self.model_notice)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.model_banner)
        layout.addWidget(self.model_details)
        layout.addWidget(self._adapter_group())
        layout.addStretch(1)
        return page

    def _adapter_group(self) -> QGroupBox:
        """The copy adapter in use, and "Learn from approved copy" (a long job: progress, cancel)."""
        group = QGroupBox(self.tr("Copy adapter (the bank's voice)"))
        self.adapter_picker = named(QComboBox(), "adapterPicker")
        self.adapter_picker.activated.connect(lambda _index: self.set_adapter(self.adapter_picker.currentData()))
        self.learn_button = named(QPushButton(self.tr("Learn from approved copy")), "learnButton")
        self.learn_button.setToolTip(self.tr("Fine-tune a new adapter on the library's approved versions; the previous "
                                             "adapters stay selectable"))
        self.learn_button.clicked.connect(self.learn_from_library)
        self.learn_cancel_button = named(QPushButton(self.tr("Cancel")), "learnCancelButton")
        self.learn_cancel_button.setEnabled(False)
        self.learn_cancel_button.clicked.connect(self.cancel_learning)
        self.learn_progress = named(QProgressBar(), "learnProgress")
        self.learn_progress.setVisible(False)
        self.learn_status = named(QLabel(), "learnStatus")
        self.learn_status.setWordWrap(True)
        self.learn_job: TrainJob | None = None
        row = QHBoxLayout()
        row.addWidget(self.adapter_picker, 1)
        row.addWidget(self.learn_button)
        row.addWidget(self.learn_cancel_button)
        layout = QVBoxLayout(group)
        layout.addLayout(row)
        layout.addWidget(self.learn_progress)
        layout.addWidget(self.learn_status)
        self.show_adapters()
        return group

    def show_adapters(self) -> None:
        from copydesk.generation.adapters import NONE, list_adapters

        current = self.services.settings.adapter or "house"
        self.adapter_picker.clear()
        for info in list_adapters():
            record = info.record
            label = self.tr("House adapter (trained on the copy corpus)") if info.id == "house" else fill(
                self.tr("Learned %1 from %2 approved versions"), info.id.removeprefix("learned-"), record.get("library_examples", "?"))
            self.adapter_picker.addItem(label, info.id)
        self.adapter_picker.addItem(self.tr("No adapter (the base model alone)"), NONE)
        index = self.adapter_picker.findData(current)
        self.adapter_picker.setCurrentIndex(max(index, 0))

    def set_adapter(self, adapter: str) -> bool:
        if not self._update_settings(self.model_banner, adapter=adapter):
            return False
        self.model_banner.show_message(self.tr("Saved. The adapter applies to the next drafts you generate."), "ok")
        self.model_changed.emit(self.model_setting_value())
        return True

    def learn_from_library(self) -> None:
        """Train a new adapter in a worker; the window stays usable, Cancel stops it."""
        from copydesk.generation.adapters import new_learned_folder
        from copydesk.generation.learning import learn_from_library

        services = self.services
        out = new_learned_folder()

        def work(progress, cancelled):
            store = Store.open(services.db_path)
            try:
                return {**learn_from_library(store, services.catalog, out, progress=progress, cancel=cancelled),
                        "adapter": out.name}
            finally:
                store.close()

        self.learn_job = TrainJob(work)
        self.learn_job.signals.progress.connect(self._learn_progress)
        self.learn_job.signals.result.connect(self._learned)
        self.learn_job.signals.failed.connect(lambda message: self._learn_done(message, "error"))
        self.learn_job.signals.cancelled.connect(
            lambda: self._learn_done(self.tr("Cancelled. The adapter in use is unchanged."), "info"))
        self.learn_button.setEnabled(False)
        self.learn_cancel_button.setEnabled(True)
        self.learn_progress.setVisible(True)
        self.learn_progress.setRange(0, 0)  # busy until the first step reports
        self.learn_status.setText(self.tr("Preparing the approved copy and the model…"))
        start(self.learn_job)

    def cancel_learning(self) -> None:
        if self.learn_job is not None:
            self.learn_job.cancel()
            self.learn_status.setText(self.tr("Cancelling after this step…"))

    def _learn_progress(self, state: dict) -> None:
        self.learn_progress.setRange(0, state["steps"])
        self.learn_progress.setValue(state["step"])
        minutes = max(1, round(state["eta_s"] / 60))
        self.learn_status.setText(fill(self.tr("Step %1 of %2, about %3 min left"), state["step"], state["steps"], minutes))

    def _learned(self, record: dict) -> None:
        self._learn_done(fill(self.tr("New adapter ready: held-back approved copy loss %1 before, %2 after. Pick it above "
                                      "to use it; the previous adapters stay in the list."),
                              record["held_back_loss_before"], record["held_back_loss_after"]), "ok")

    def _learn_done(self, message: str, kind: str) -> None:
        self.learn_button.setEnabled(True)
        self.learn_cancel_button.setEnabled(False)
        self.learn_progress.setVisible(False)
        self.learn_status.setText(message)
        self.learn_job = None
        self.show_adapters()

    def model_setting_value(self) -> str:
        return self.services.settings.model or "default"

    def show_model(self) -> None:
        """Show the model setting and whether it can be used (else: templates are the fallback)."""
        setting = self.model_setting_value()
        if setting == "template":
            self.model_setting.setText(self.tr("Copy templates only (no model)"))
            self.model_notice.show_message(self.tr("No model is used: every draft is written from the copy templates."), "info")
            return
        try:
            spec = resolve_model(setting)
        except ModelError as exc:
            shown = self.tr("Bundled default") if setting == "default" else setting
            self.model_setting.setText(self.tr("%1 (cannot load: copy templates in use)").replace("%1", shown))
            self.model_notice.show_message(
                self.tr("The model cannot be loaded, so drafts are written from the copy templates until this is "
                        "fixed: %1").replace("%1", str(exc)))
            return
        if setting == "default":
            self.model_setting.setText(self.tr("Bundled default: %1").replace("%1", spec.model_id))
        else:
            self.model_setting.setText(self.tr("Folder: %1 (%2)").replace("%1", str(spec.path)).replace("%2", spec.model_id))
        self.model_notice.hide()

    def _choose_model_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"))
        if folder:
            self.set_model_folder(folder)

    def set_model_folder(self, path: str | Path) -> bool:
        """Use a local model folder, if it is one copydesk can load; else say exactly why not."""
        try:
            spec = resolve_model(str(path))
        except ModelError as exc:
            self.model_banner.show_message(self.tr("This folder cannot be used as the model: %1. The model setting is unchanged.")
                                           .replace("%1", str(exc).rstrip(".")))
            return False
        return self.set_model_setting(str(spec.path))

    def set_model_setting(self, setting: str) -> bool:
        """Save the model setting ("default", "template" or a folder) and emit `model_changed`."""
        if not self._update_settings(self.model_banner, model=setting):
            return False
        self.model_details.hide()
        self.show_model()
        self.model_banner.show_message(self.tr("Saved. The new model setting applies to the next drafts you generate."), "ok")
        self.model_changed.emit(setting)
        return True

    def verify_model(self) -> None:
        """Hash the model files and check the cache in a worker; `model_verified` carries the result."""
        setting = self.model_setting_value()
        if setting == "template":
            self.model_banner.show_message(self.tr("No model to verify: copy templates only."), "info")
            return
        self.verify_button.setEnabled(False)
        self.model_banner.show_message(self.tr("Verifying the model files (computing checksums)…"), "info")
        self._run(lambda progress: describe(resolve_model(setting), with_hashes=True), self._verified, self._verify_failed)

    def _verified(self, info: dict) -> None:
        self.verify_button.setEnabled(True)
        rows: list[tuple[str, str]] = [
            (self.tr("Model"), info["model"]),
            (self.tr("Kind"), self.tr("GGUF file (converted once to a safetensors cache)") if info["kind"] == "gguf"
             else self.tr("Safetensors folder")),
            (self.tr("Path"), info["path"]),
            (self.tr("Size"), _size(info["size"])),
        ]
        hashes = info.get("sha256")
        if isinstance(hashes, dict):
            rows += [(f"SHA-256 {name}", digest) for name, digest in hashes.items()]
        elif hashes:
            rows.append(("SHA-256", hashes))
        if "cache_status" in info:
            rows.append((self.tr("Cache"), info["cache"]))
            rows.append((self.tr("Cache status"), self._cache_text(info["cache_status"])))
        if "runtime" in info:
            runtime = {"lean-llama": self.tr("copydesk's Llama decoder (fast path)"),
                       "transformers": self.tr("transformers")}.get(info["runtime"], self.tr("decided after the conversion"))
            rows.append((self.tr("Runtime"), runtime))
        self.model_details.setRowCount(len(rows))
        for row, (key, value) in enumerate(rows):
            self.model_details.setItem(row, 0, _item(key))
            self.model_details.setItem(row, 1, _item(value, value))
        _fit_height(self.model_details)
        self.model_details.show()
        status = info.get("cache_status", "ready")
        self.model_banner.show_message(self.tr("The model files are present and readable."), "ok" if status == "ready" else "info")
        self.model_verified.emit(info)

    def _cache_text(self, status: str) -> str:
        return {
            "ready": self.tr("ready"),
            "missing": self.tr("not built yet (built once on first use, about a minute)"),
            "stale": self.tr("out of date: the model file changed (rebuilt on next use)"),
            "corrupt": self.tr("damaged (rebuilt on next use)"),
        }.get(status, status)

    def _verify_failed(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.model_details.hide()
        self.model_banner.show_message(self.tr("The model cannot be verified: %1").replace("%1", message))
        self.show_model()

    # --- paths and language ----------------------------------------------------------------

    def _paths_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows = (
            ("dataDirPath", self.tr("Data folder"), config.data_dir()),
            ("databasePath", self.tr("Database"), self.services.db_path),
            ("configDirPath", self.tr("Settings folder"), config.config_dir()),
            ("settingsFilePath", self.tr("Settings file"), config.settings_path()),
            ("cacheDirPath", self.tr("Cache folder"), config.cache_dir()),
            ("logDirPath", self.tr("Log folder"), config.log_dir()),
        )
        self.path_fields: dict[str, QLineEdit] = {}
        for name, label, path in rows:
            field = _read_only_line(name, str(path))
            field.setToolTip(self.tr("Converted model weights; safe to delete (rebuilt when needed)") if name == "cacheDirPath"
                             else str(path))
            self.path_fields[name] = field
            form.addRow(label, field)

        self.language_picker = named(QComboBox(), "uiLanguagePicker")
        for code, name in UI_LANGUAGES:
            self.language_picker.addItem(name, code)
        current = self.services.settings.extra.get("ui_language", "en")
        index = self.language_picker.findData(current)
        self.language_picker.setCurrentIndex(max(index, 0))
        self.language_picker.currentIndexChanged.connect(self._language_picked)
        self.language_note = named(QLabel(self.tr("The interface language changes when copydesk restarts.")), "languageNote")
        self.language_note.setStyleSheet("color:#5f6368;")
        self.language_note.hide()
        self.language_banner = Banner("languageBanner")
        language_row = QHBoxLayout()
        language_row.addWidget(self.language_picker)
        language_row.addWidget(self.language_note, 1)
        language_box = QGroupBox(self.tr("Interface language"))
        QVBoxLayout(language_box).addLayout(language_row)

        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(language_box)
        layout.addWidget(self.language_banner)
        layout.addStretch(1)
        return page

    def _language_picked(self) -> None:
        self.set_ui_language(self.language_picker.currentData())

    def set_ui_language(self, code: str) -> bool:
        """Save the interface language and emit `language_changed` (the window applies it)."""
        if not self._update_settings(self.language_banner, ui_language=code):
            return False
        self.language_note.show()
        self.language_changed.emit(code)
        return True
