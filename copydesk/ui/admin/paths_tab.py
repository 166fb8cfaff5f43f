"""Admin → Paths and language: where copydesk keeps its files, and the interface language
(anyone may pick their own; it applies at the next start)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from copydesk import config
from copydesk.app import settings_changes
from copydesk.app.settings_changes import SettingsNotSaved
from copydesk.ui.admin.common import NOTE_STYLE, read_only_line
from copydesk.ui.common import Banner, fill, named

# Each language is named in itself, so anyone can find their own.
UI_LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))


class PathsTab(QWidget):
    """The data, settings, cache and log folders (read-only), and the interface language picker."""

    language_changed = Signal(str)  # "en" or "zh_CN"; the main window applies it

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows = (
            ("dataDirPath", self.tr("Data folder"), config.data_dir()),
            ("databasePath", self.tr("Database"), services.db_path),
            ("configDirPath", self.tr("Settings folder"), config.config_dir()),
            ("settingsFilePath", self.tr("Settings file"), config.settings_path()),
            ("cacheDirPath", self.tr("Cache folder"), config.cache_dir()),
            ("logDirPath", self.tr("Log folder"), config.log_dir()),
        )
        self.path_fields: dict[str, QLineEdit] = {}
        for name, label, path in rows:
            field = read_only_line(name, str(path))
            field.setToolTip(self.tr("Converted model weights; safe to delete (rebuilt when needed)") if name == "cacheDirPath"
                             else str(path))
            self.path_fields[name] = field
            form.addRow(label, field)

        self.language_picker = named(QComboBox(), "uiLanguagePicker")
        for code, name in UI_LANGUAGES:
            self.language_picker.addItem(name, code)
        current = services.settings.extra.get("ui_language", "en")
        self.language_picker.setCurrentIndex(max(self.language_picker.findData(current), 0))
        self.language_picker.currentIndexChanged.connect(self._language_picked)
        self.language_note = named(QLabel(self.tr("The interface language changes when copydesk restarts.")), "languageNote")
        self.language_note.setStyleSheet(NOTE_STYLE)
        self.language_note.hide()
        self.language_banner = Banner("languageBanner")
        language_row = QHBoxLayout()
        language_row.addWidget(self.language_picker)
        language_row.addWidget(self.language_note, 1)
        language_box = QGroupBox(self.tr("Interface language"))
        QVBoxLayout(language_box).addLayout(language_row)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(language_box)
        layout.addWidget(self.language_banner)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing here changes behind the tab's back (the paths are fixed at start-up)."""

    def _language_picked(self) -> None:
        self.set_ui_language(self.language_picker.currentData())

    def set_ui_language(self, code: str) -> bool:
        """Save the interface language and emit `language_changed` (the window applies it)."""
        try:
            self.services.use_settings(settings_changes.change_ui_language(code))
        except (config.SettingsError, SettingsNotSaved) as exc:
            self.language_banner.show_message(fill(self.tr("Settings were not saved: %1"), exc))
            return False
        self.language_note.show()
        self.language_changed.emit(code)
        return True
