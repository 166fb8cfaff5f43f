"""The main window: Compose, Review, Library and Admin tabs around the catalog."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTextEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from copydesk import __version__
from copydesk.catalog import CHANNELS, Catalog

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def _named(widget: QWidget, name: str) -> QWidget:
    """Give a control its stable automation name (objectName and accessible name)."""
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    return widget


SEVERITY_COLOURS = {"block": "#f8c9cf", "warn": "#fde9b8"}
CHECK_DELAY_MS = 250  # re-check this long after the last keystroke


class ComposeView(QWidget):
    """Pick product, segment, channel and language; write or paste copy and see it checked live."""

    def __init__(self, catalog: Catalog | None, engine=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.engine = engine
        self.language_picker = _named(QComboBox(), "languagePicker")
        for code, name in LANGUAGE_NAMES.items():
            self.language_picker.addItem(name, code)
        self.product_picker = _named(QComboBox(), "productPicker")
        self.segment_picker = _named(QComboBox(), "segmentPicker")
        self.channel_picker = _named(QComboBox(), "channelPicker")
        for channel in CHANNELS.values():
            limit = "no limit" if channel.limit is None else f"{channel.limit} characters"
            self.channel_picker.addItem(f"{channel.name} ({limit})", channel.id)
        self.draft_count = _named(QSpinBox(), "draftCount")
        self.draft_count.setRange(1, 8)
        self.draft_count.setValue(4)
        self.generate_button = _named(QPushButton("Generate"), "generateButton")
        self.generate_button.setEnabled(False)
        self.generate_button.setToolTip("Draft generation is not installed in this build yet")
        self.facts_view = _named(QPlainTextEdit(), "productFacts")
        self.facts_view.setReadOnly(True)
        self.segment_description = QLabel()
        self.segment_description.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Language", self.language_picker)
        form.addRow("Product", self.product_picker)
        form.addRow("Segment", self.segment_picker)
        form.addRow("", self.segment_description)
        form.addRow("Channel", self.channel_picker)
        form.addRow("Drafts", self.draft_count)
        form.addRow("", self.generate_button)
        self.copy_editor = _named(QTextEdit(), "copyEditor")
        self.copy_editor.setAcceptRichText(False)
        self.copy_editor.setPlaceholderText("Write or paste copy here; it is checked as you type.")
        self.counter = _named(QLabel(), "characterCounter")
        self.verdict_badge = _named(QLabel(), "verdictBadge")
        self.findings_list = _named(QListWidget(), "findingsList")
        self.findings_list.setWordWrap(True)
        left_box = QVBoxLayout()
        left_box.addLayout(form)
        left_box.addWidget(QLabel("Copy"))
        left_box.addWidget(self.copy_editor, 2)
        status_row = QHBoxLayout()
        status_row.addWidget(self.verdict_badge)
        status_row.addStretch(1)
        status_row.addWidget(self.counter)
        left_box.addLayout(status_row)
        left_box.addWidget(self.findings_list, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Product facts (the only claims copy may make)"))
        right.addWidget(self.facts_view)
        layout = QHBoxLayout(self)
        layout.addLayout(left_box, 1)
        layout.addLayout(right, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_check)
        self.copy_editor.textChanged.connect(self._check_timer.start)
        self.channel_picker.currentIndexChanged.connect(self.run_check)
        self.product_picker.currentIndexChanged.connect(self.run_check)

        self.language_picker.currentIndexChanged.connect(self._fill_for_language)
        self.product_picker.currentIndexChanged.connect(self._show_product)
        self.segment_picker.currentIndexChanged.connect(self._show_segment)
        self._fill_for_language()

    def language(self) -> str:
        return self.language_picker.currentData()

    def run_check(self) -> None:
        """Check the copy against the rules and mark findings in the text (a few ms: no worker)."""
        text = self.copy_editor.toPlainText()
        channel = CHANNELS[self.channel_picker.currentData()]
        limit = f" / {channel.limit}" if channel.limit else ""
        self.counter.setText(f"{len(text)}{limit} characters")
        self.findings_list.clear()
        product_id = self.product_picker.currentData()
        if self.engine is None or self.catalog is None or product_id is None or not text.strip():
            self.verdict_badge.setText("")
            self._mark([])
            return
        report = self.engine.check(text, self.catalog.product(product_id), channel.id, self.language())
        self.report = report
        self.verdict_badge.setText(report.verdict.upper())
        colour = {"pass": "#d7f2dc", **SEVERITY_COLOURS}[report.verdict]
        self.verdict_badge.setStyleSheet(f"background:{colour};padding:2px 8px;border-radius:3px;font-weight:bold;")
        for finding in report.findings:
            quoted = text[finding.start : finding.end]
            self.findings_list.addItem(
                f"{finding.severity.upper()} · {finding.category} · “{quoted}”\n{finding.message}\n"
                f"Suggestion: {finding.suggestion}\nRule {finding.rule}: {finding.citation}"
            )
        self._mark(report.findings)

    def _mark(self, findings) -> None:
        """Highlight finding spans by severity without touching the text or the undo history."""
        selections = []
        for finding in findings:
            selection = QTextEdit.ExtraSelection()
            selection.format = QTextCharFormat()
            selection.format.setBackground(QColor(SEVERITY_COLOURS.get(finding.severity, "#eeeeee")))
            selection.format.setToolTip(f"{finding.message}\nSuggestion: {finding.suggestion}")
            cursor = QTextCursor(self.copy_editor.document())
            cursor.setPosition(_utf16_index(self.copy_editor.toPlainText(), finding.start))
            cursor.setPosition(_utf16_index(self.copy_editor.toPlainText(), finding.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.copy_editor.setExtraSelections(selections)

    def _fill_for_language(self) -> None:
        lang = self.language()
        self.product_picker.clear()
        self.segment_picker.clear()
        if self.catalog is None:
            return
        for product in self.catalog.products:
            if product.lang == lang:
                self.product_picker.addItem(f"{product.name}  ({product.kind.replace('_', ' ')})", product.id)
        for segment in self.catalog.segments:
            if segment.lang == lang:
                self.segment_picker.addItem(segment.name, segment.id)

    def _show_product(self) -> None:
        product_id = self.product_picker.currentData()
        if self.catalog is None or product_id is None:
            self.facts_view.setPlainText("")
            return
        product = self.catalog.product(product_id)
        lines = [f"{key}: {value}" for key, value in product.facts.items()]
        lines += ["", "Required disclosures:"] + [f"• {text}" for text in product.disclosures]
        self.facts_view.setPlainText("\n".join(lines))

    def _show_segment(self) -> None:
        segment_id = self.segment_picker.currentData()
        if self.catalog is None or segment_id is None:
            self.segment_description.setText("")
            return
        self.segment_description.setText(self.catalog.segment(segment_id).description)


def _utf16_index(text: str, index: int) -> int:
    """Qt positions count UTF-16 units; findings count code points (astral characters differ)."""
    return len(text[:index].encode("utf-16-le")) // 2


class MainWindow(QMainWindow):
    """The app's one window."""

    def __init__(self, user: str, catalog: Catalog | None, catalog_problem: str | None = None, engine=None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"copydesk {__version__} — {user}")
        self.resize(1100, 700)
        self.user = user
        self.compose = ComposeView(catalog, engine)
        tabs = QTabWidget()
        tabs.setObjectName("mainTabs")
        tabs.addTab(self.compose, "Compose")
        for name in ("Review", "Library", "Admin"):
            placeholder = QLabel(f"{name} arrives with the review workflow.")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tabs.addTab(placeholder, name)
        central = QWidget()
        layout = QVBoxLayout(central)
        self.problem_banner = _named(QLabel(), "problemBanner")
        self.problem_banner.setWordWrap(True)
        self.problem_banner.setStyleSheet("background:#fde7e9;color:#7a1020;padding:8px;border-radius:4px;")
        self.problem_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_banner.setVisible(bool(catalog_problem))
        if catalog_problem:
            self.problem_banner.setText(f"Some settings files could not be loaded; fix them and restart.\n{catalog_problem}")
        layout.addWidget(self.problem_banner)
        layout.addWidget(tabs)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Signed in as {user}. Offline: copydesk never connects to the network.")
