"""The main window: Compose, Review, Library and Admin tabs around the catalog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
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


class ComposeView(QWidget):
    """Pick product, segment, channel and language; drafts appear here once generation lands."""

    def __init__(self, catalog: Catalog | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
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
        left = QWidget()
        left.setLayout(form)
        right = QVBoxLayout()
        right.addWidget(QLabel("Product facts (the only claims copy may make)"))
        right.addWidget(self.facts_view)
        layout = QHBoxLayout(self)
        layout.addWidget(left, 1)
        layout.addLayout(right, 1)

        self.language_picker.currentIndexChanged.connect(self._fill_for_language)
        self.product_picker.currentIndexChanged.connect(self._show_product)
        self.segment_picker.currentIndexChanged.connect(self._show_segment)
        self._fill_for_language()

    def language(self) -> str:
        return self.language_picker.currentData()

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


class MainWindow(QMainWindow):
    """The app's one window."""

    def __init__(self, user: str, catalog: Catalog | None, catalog_problem: str | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"copydesk {__version__} — {user}")
        self.resize(1100, 700)
        self.user = user
        self.compose = ComposeView(catalog)
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
            self.problem_banner.setText(f"The product catalog could not be loaded; fix the file and restart.\n{catalog_problem}")
        layout.addWidget(self.problem_banner)
        layout.addWidget(tabs)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Signed in as {user}. Offline: copydesk never connects to the network.")
