"""Admin → Rule packs: the packs in force, the problems met loading them, their examples run in
a worker, and the house rules folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from copydesk import config
from copydesk.rules.examples import run_examples
from copydesk.ui.admin.common import Jobs, fit_height, item, note, read_only_line, table
from copydesk.ui.common import fill, named


class RulesTab(QWidget):
    """Which rule packs are in force; Run examples checks every rule against its own examples."""

    examples_finished = Signal(int, list)  # examples run, failures

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.jobs = Jobs()
        self.packs_table = table("packsTable", [self.tr("Pack"), self.tr("Version"), self.tr("Rules"), self.tr("Source"), self.tr("File")])
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
        self.house_rules_button.setToolTip(self.tr("Show the folder where the bank's own rule packs (.toml) go"))
        self.house_rules_button.clicked.connect(self.show_house_rules_folder)
        self.house_rules_path = read_only_line("houseRulesPath")
        self.house_rules_path.hide()

        examples_row = QHBoxLayout()
        examples_row.addWidget(self.run_examples_button)
        examples_row.addWidget(self.examples_result, 1)
        house_row = QHBoxLayout()
        house_row.addWidget(self.house_rules_button)
        house_row.addWidget(self.house_rules_path, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.packs_table)
        layout.addWidget(self.pack_errors_label)
        layout.addWidget(self.pack_errors)
        layout.addLayout(examples_row)
        layout.addWidget(self.examples_failures, 3)
        layout.addLayout(house_row)
        layout.addWidget(note(self.tr("Put your own *.toml packs in the house rules folder; they load after the "
                                      "bundled packs when copydesk starts.")))
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.show_packs()

    def show_packs(self) -> None:
        """List the packs in force and the problems met loading them."""
        engine = self.services.engine
        packs = engine.rule_set.packs if engine is not None else ()
        house = config.house_rules_dir()
        self.packs_table.setRowCount(len(packs))
        for row, pack in enumerate(packs):
            path = Path(pack.path)
            where = self.tr("House") if path.parent == house else self.tr("Bundled")
            self.packs_table.setItem(row, 0, item(pack.id, pack.description))
            self.packs_table.setItem(row, 1, item(pack.version))
            self.packs_table.setItem(row, 2, item(str(len(pack.all_rules))))
            self.packs_table.setItem(row, 3, item(where))
            self.packs_table.setItem(row, 4, item(path.name, str(path)))
        fit_height(self.packs_table)
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
        self.jobs.run(lambda progress: run_examples(engine), self._examples_done, self._examples_failed)

    def _examples_done(self, outcome) -> None:
        count, failures = outcome
        self.run_examples_button.setEnabled(True)
        if failures:
            self.examples_result.setText(fill(self.tr("%1 of %2 examples failed:"), len(failures), count))
            self.examples_result.setStyleSheet("color:#7a1020;font-weight:600;")
            self.examples_failures.addItems([str(f) for f in failures])
            self.examples_failures.show()
        else:
            self.examples_result.setText(fill(self.tr("All %1 examples passed (0 failures)."), count))
            self.examples_result.setStyleSheet("color:#14532d;font-weight:600;")
        self.examples_finished.emit(count, list(failures))

    def _examples_failed(self, message: str) -> None:
        self.run_examples_button.setEnabled(True)
        self.examples_result.setText(fill(self.tr("The examples could not run: %1"), message))
        self.examples_result.setStyleSheet("color:#7a1020;")

    def show_house_rules_folder(self) -> Path:
        """Create the house rules folder if needed and show where it is."""
        folder = config.house_rules_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.house_rules_path.setText(str(folder))
        self.house_rules_path.show()
        return folder
