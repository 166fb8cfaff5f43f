"""Admin → Model: the model setting and whether it can load, Verify (checksums and the converted
cache, in a worker), and the copy adapter with "Learn from approved copy" (a long job).

Changing the model, its folder or the adapter, and learning, are for admins (settings_changes
checks, as the CLI does); everyone may verify. A non-admin sees the controls disabled and why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copydesk import config
from copydesk.app import onboarding, settings_changes
from copydesk.app.settings_changes import AdminOnly, Change, SettingsNotSaved
from copydesk.generation.models import ModelError, describe, resolve_model
from copydesk.ui.admin.common import (
    Jobs, acting_workflow, admin_only_text, fit_height, item, note, permission_line, refusal_text, table,
)
from copydesk.ui.common import Banner, fill, named
from copydesk.ui.workers import TrainJob, start
from copydesk.workflow import WorkflowError


def size_text(n: float) -> str:
    """A file size for people: "7 bytes", "1.5 MB"."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return fill(QCoreApplication.translate("ModelTab", "%1 bytes"), f"{n:,}") if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


class ModelTab(QWidget):
    """The configured model, its checks, and the copy adapter."""

    model_changed = Signal(str)  # the new model setting: "default", "template" or a path
    model_verified = Signal(dict)  # describe() of the configured model
    model_checked = Signal(str)  # a check passed and was remembered (the first-start checklist's step)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.jobs = Jobs()
        self.model_notice = Banner("modelNotice")
        self.model_banner = Banner("modelBanner")
        self.permission_note = permission_line("modelPermission")
        self.model_setting = named(QLabel(), "modelSetting")
        self.model_setting.setWordWrap(True)
        self.model_setting.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_model_button = named(QPushButton(self.tr("Choose folder…")), "chooseModelFolderButton")
        self.choose_model_button.setToolTip(self.tr("Use a model folder on this PC or a share (config.json, tokenizer and "
                                                    "safetensors or GGUF weights)"))
        self.choose_model_button.clicked.connect(self._choose_model_folder)
        self.template_button = named(QPushButton(self.tr("Use copy templates only")), "useTemplatesButton")
        self.template_button.setToolTip(self.tr("Write drafts from the fact templates only, without a model"))
        self.template_button.clicked.connect(lambda: self.set_model_setting("template"))
        self.default_model_button = named(QPushButton(self.tr("Use bundled default")), "useDefaultModelButton")
        self.default_model_button.setToolTip(self.tr("Go back to the model installed with copydesk"))
        self.default_model_button.clicked.connect(lambda: self.set_model_setting("default"))
        self.verify_button = named(QPushButton(self.tr("Verify")), "verifyModelButton")
        self.verify_button.setToolTip(self.tr("Check the model files: sizes, SHA-256 checksums and the converted cache"))
        self.verify_button.clicked.connect(self.verify_model)
        self.model_details = table("modelDetails", [self.tr("Item"), self.tr("Value")])
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.model_notice)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.permission_note)
        layout.addWidget(note(self.tr("A model folder must be a local Hugging Face folder with config.json and *.safetensors "
                                      "weights (pickle weights are never loaded). When the model cannot load, drafts come "
                                      "from the copy templates, which need no model.")))
        layout.addWidget(self.model_banner)
        layout.addWidget(self.model_details)
        layout.addWidget(self._adapter_group())
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """The model setting, the adapters, and which controls this user may use."""
        self.show_model()
        self.show_adapters()
        self._show_permission()

    def _show_permission(self) -> None:
        allowed = settings_changes.permission(acting_workflow(self.services), Change.MODEL)
        training = self.learn_job is not None
        for control in (self.choose_model_button, self.template_button, self.default_model_button, self.adapter_picker):
            control.setEnabled(allowed.allowed)
        self.learn_button.setEnabled(allowed.allowed and not training)
        self.permission_note.setVisible(not allowed.allowed)
        if not allowed.allowed:
            self.permission_note.setText(admin_only_text(
                self.tr("change the model, the model folder or the copy adapter, or learn from approved copy"), allowed.admins))

    def _refused(self, exc: Exception) -> bool:
        """Show why a change was not made (a refusal in the interface language); False."""
        if isinstance(exc, AdminOnly):
            self.model_banner.show_message(refusal_text(exc))
        elif isinstance(exc, (config.SettingsError, SettingsNotSaved)):
            self.model_banner.show_message(fill(self.tr("Settings were not saved: %1"), exc))
        else:
            self.model_banner.show_message(str(exc))
        return False

    # --- the adapter -----------------------------------------------------------------------

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
        self.learn_cancel_button.setToolTip(self.tr("Stop the training; the adapter in use stays as it is"))
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
        """Save the copy adapter in use (admins only) and emit `model_changed`."""
        try:
            self.services.use_settings(settings_changes.change_adapter(acting_workflow(self.services), adapter))
        except (WorkflowError, config.SettingsError, SettingsNotSaved) as exc:
            self.show_adapters()  # the picker goes back to the adapter in use
            return self._refused(exc)
        self.model_banner.show_message(self.tr("Saved. The adapter applies to the next drafts you generate."), "ok")
        self.model_changed.emit(self.model_setting_value())
        return True

    def learn_from_library(self) -> bool:
        """Train a new adapter in a worker (admins only); the window stays usable, Cancel stops it."""
        try:
            settings_changes.require(acting_workflow(self.services), Change.LEARNING)
        except AdminOnly as exc:
            self.learn_status.setText(refusal_text(exc))
            return False
        services = self.services

        def work(progress, cancelled):
            workflow = services.open_workflow()  # a connection of the worker's own
            try:
                return settings_changes.learn_adapter(workflow, progress=progress, cancel=cancelled)
            finally:
                workflow.store.close()

        self.learn_job = TrainJob(work)
        self.learn_job.signals.progress.connect(self._learn_progress)
        self.learn_job.signals.result.connect(self._learned)
        self.learn_job.signals.failed.connect(self._learn_done)
        self.learn_job.signals.cancelled.connect(lambda: self._learn_done(self.tr("Cancelled. The adapter in use is unchanged.")))
        self.learn_button.setEnabled(False)
        self.learn_cancel_button.setEnabled(True)
        self.learn_progress.setVisible(True)
        self.learn_progress.setRange(0, 0)  # busy until the first step reports
        self.learn_status.setText(self.tr("Preparing the approved copy and the model…"))
        start(self.learn_job)
        return True

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
                              record["held_back_loss_before"], record["held_back_loss_after"]))

    def _learn_done(self, message: str) -> None:
        self.learn_job = None
        self.learn_cancel_button.setEnabled(False)
        self.learn_progress.setVisible(False)
        self.learn_status.setText(message)
        self.show_adapters()
        self._show_permission()

    # --- the model -------------------------------------------------------------------------

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
            self.model_setting.setText(fill(self.tr("%1 (cannot load: copy templates in use)"), shown))
            self.model_notice.show_message(fill(self.tr("The model cannot be loaded, so drafts are written from the copy "
                                                        "templates until this is fixed: %1"), exc))
            return
        if setting == "default":
            self.model_setting.setText(fill(self.tr("Bundled default: %1"), spec.model_id))
        else:
            self.model_setting.setText(fill(self.tr("Folder: %1 (%2)"), spec.path, spec.model_id))
        self.model_notice.hide()

    def _choose_model_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"))
        if folder:
            self.set_model_folder(folder)

    def set_model_folder(self, path: str | Path) -> bool:
        """Use a local model folder (admins only), if it is one copydesk can load; else say exactly why not."""
        try:
            settings = settings_changes.change_model_folder(acting_workflow(self.services), path)
        except ModelError as exc:
            self.model_banner.show_message(fill(self.tr("This folder cannot be used as the model: %1. The model setting "
                                                        "is unchanged."), str(exc).rstrip(".")))
            return False
        except (WorkflowError, config.SettingsError, SettingsNotSaved) as exc:
            return self._refused(exc)
        return self._model_saved(settings)

    def set_model_setting(self, setting: str) -> bool:
        """Save the model setting ("default", "template" or a folder; admins only) and emit `model_changed`."""
        try:
            settings = settings_changes.change_model(acting_workflow(self.services), setting)
        except (WorkflowError, config.SettingsError, SettingsNotSaved) as exc:
            return self._refused(exc)
        return self._model_saved(settings)

    def _model_saved(self, settings: config.Settings) -> bool:
        self.services.use_settings(settings)
        self.model_details.hide()
        self.show_model()
        self.model_banner.show_message(self.tr("Saved. The new model setting applies to the next drafts you generate."), "ok")
        self.model_changed.emit(self.model_setting_value())
        return True

    def verify_model(self) -> None:
        """Hash the model files and check the cache in a worker; `model_verified` carries the result."""
        setting = self.model_setting_value()
        if setting == "template":
            self.model_banner.show_message(self.tr("No model to verify: copy templates only."), "info")
            self._remember_check(setting)  # nothing to check: the first-start step is done
            return
        self.verify_button.setEnabled(False)
        self.model_banner.show_message(self.tr("Verifying the model files (computing checksums)…"), "info")
        self.jobs.run(lambda progress: describe(resolve_model(setting), with_hashes=True), self._verified, self._verify_failed)

    def _remember_check(self, setting: str) -> None:
        try:
            self.services.use_settings(onboarding.record_model_check(setting))
        except (config.SettingsError, SettingsNotSaved):
            return  # the check itself succeeded; the first-start checklist just keeps the step open
        self.model_checked.emit(setting)

    def _verified(self, info: dict) -> None:
        self.verify_button.setEnabled(True)
        rows: list[tuple[str, str]] = [
            (self.tr("Model"), info["model"]),
            (self.tr("Kind"), self.tr("GGUF file (converted once to a safetensors cache)") if info["kind"] == "gguf"
             else self.tr("Safetensors folder")),
            (self.tr("Path"), info["path"]),
            (self.tr("Size"), size_text(info["size"])),
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
            self.model_details.setItem(row, 0, item(key))
            self.model_details.setItem(row, 1, item(value, value))
        fit_height(self.model_details)
        self.model_details.show()
        status = info.get("cache_status", "ready")
        self.model_banner.show_message(self.tr("The model files are present and readable."), "ok" if status == "ready" else "info")
        if info.get("sha256_ok") is not False:  # a checksum that differs from the published one is no pass
            self._remember_check(self.model_setting_value())
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
        self.model_banner.show_message(fill(self.tr("The model cannot be verified: %1"), message))
        self.show_model()
