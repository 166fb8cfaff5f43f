"""The library: search approved (or any) copy in English and Chinese, read its history, reuse, export, print records."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from copydesk import records
from copydesk.catalog import CHANNELS
from copydesk.store.repository import LibraryFilter, Version
from copydesk.ui.common import (
    VERDICT_COLOURS,
    Banner,
    channel_text,
    date_text,
    fill,
    highlight_findings,
    named,
    product_text,
    segment_text,
    source_text,
    status_text,
    style_verdict,
    time_text,
    verdict_text,
    version_label,
)
from copydesk.ui.review_view import DELETE_STYLE, INSERT_STYLE, LANGUAGE_NAMES, diff_html, shortcut_tip
from copydesk.ui.services import AppServices
from copydesk.ui.workers import FunctionJob, start
from copydesk.workflow import WorkflowError

SEARCH_DELAY_MS = 300  # search this long after the last keystroke
PAGE = 200  # rows shown; export pages through every match
STATUSES = ("approved", "submitted", "draft", "changes_requested", "rejected", "retired", "withdrawn")
RESULT_COLUMNS = ("#", QT_TRANSLATE_NOOP("LibraryView", "Status"), QT_TRANSLATE_NOOP("LibraryView", "Product"),
                  QT_TRANSLATE_NOOP("LibraryView", "Segment"), QT_TRANSLATE_NOOP("LibraryView", "Channel"),
                  QT_TRANSLATE_NOOP("LibraryView", "Lang"), QT_TRANSLATE_NOOP("LibraryView", "Written"),
                  QT_TRANSLATE_NOOP("LibraryView", "Text"))
HISTORY_COLUMNS = (QT_TRANSLATE_NOOP("LibraryView", "Version"), "#", QT_TRANSLATE_NOOP("LibraryView", "Status"),
                   QT_TRANSLATE_NOOP("LibraryView", "Author"), QT_TRANSLATE_NOOP("LibraryView", "Written"),
                   QT_TRANSLATE_NOOP("LibraryView", "Check"))
STATUS_COLOURS = {"approved": "#d7f2dc", "rejected": "#f8c9cf", "submitted": "#e7f0fd", "changes_requested": "#fde9b8"}


def _check_folder(path: Path) -> None:
    """Say which folder is missing, rather than an OSError about a temporary file."""
    if not path.parent.is_dir():
        raise FileNotFoundError(fill(QCoreApplication.translate(
            "LibraryView", "%1: the folder %2 does not exist; choose another place to save"), path, path.parent))


def excerpt(text: str, width: int = 90) -> str:
    """One line of the copy for a table cell."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class LibraryView(QWidget):
    """Search the library, read a version with its draft's history and changes, reuse it, export, print its record."""

    reuse_requested = Signal(object)  # the Version to start a new draft from
    search_finished = Signal(int)  # how many versions the latest search found (shown)

    def __init__(self, services: AppServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.results: list[Version] = []
        self.current: Version | None = None
        self._jobs: list[FunctionJob] = []  # held until they finish
        self._running = 0
        self._search_seq = 0

        self.banner = Banner("libraryBanner")

        # --- search and filters -------------------------------------------------------------
        self.search = named(QLineEdit(), "librarySearch")
        self.search.setPlaceholderText(self.tr("Search copy: words or “a phrase”, English or 中文 (e.g. 返现)…"))
        self.search.setClearButtonEnabled(True)
        self.product = named(QComboBox(), "libraryProduct")
        self.product.addItem(self.tr("Any product"), "")
        self.segment = named(QComboBox(), "librarySegment")
        self.segment.addItem(self.tr("Any segment"), "")
        if services.catalog is not None:
            for product in services.catalog.products:
                self.product.addItem(f"{product.name} ({LANGUAGE_NAMES.get(product.lang, product.lang)})", product.id)
            for segment in services.catalog.segments:
                self.segment.addItem(f"{segment.name} ({LANGUAGE_NAMES.get(segment.lang, segment.lang)})", segment.id)
        self.channel = named(QComboBox(), "libraryChannel")
        self.channel.addItem(self.tr("Any channel"), "")
        for channel in CHANNELS.values():
            self.channel.addItem(channel_text(channel.id), channel.id)
        self.language = named(QComboBox(), "libraryLanguage")
        self.language.addItem(self.tr("Any language"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.status = named(QComboBox(), "libraryStatus")
        for status in STATUSES:
            self.status.addItem(status_text(status), status)
        self.status.addItem(self.tr("any status"), "")
        self.since_check = named(QCheckBox(self.tr("From")), "libraryFromCheck")
        self.since = named(QDateEdit(QDate.currentDate().addMonths(-1)), "libraryFrom")
        self.until_check = named(QCheckBox(self.tr("to")), "libraryToCheck")
        self.until = named(QDateEdit(QDate.currentDate()), "libraryTo")
        for check, edit in ((self.since_check, self.since), (self.until_check, self.until)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.setToolTip(self.tr("Only versions written on or after / on or before this date"))
        self.clear_button = named(QPushButton(self.tr("Clear filters")), "libraryClear")
        self.clear_button.setToolTip(self.tr("Show every version again: empty the search and reset the filters"))
        self.clear_button.clicked.connect(self.clear_filters)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.search_now)
        for combo in (self.product, self.segment, self.channel, self.language, self.status):
            combo.currentIndexChanged.connect(self._search_timer.start)
        for check, edit in ((self.since_check, self.since), (self.until_check, self.until)):
            check.toggled.connect(self._search_timer.start)
            edit.dateChanged.connect(self._search_timer.start)

        # Long product names must not decide the window's minimum width.
        for combo, chars in ((self.product, 16), (self.segment, 14), (self.channel, 10), (self.language, 10), (self.status, 12)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)
        self.status.setToolTip(self.tr("Which versions to show: approved copy, or any other state"))
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.status)
        search_row.addWidget(self.clear_button)
        filter_row = QHBoxLayout()
        for combo in (self.product, self.segment, self.channel, self.language):
            filter_row.addWidget(combo, 1)
        filter_row.addSpacing(12)
        for widget in (self.since_check, self.since, self.until_check, self.until):
            filter_row.addWidget(widget)
        filters = QVBoxLayout()
        filters.addLayout(search_row)
        filters.addLayout(filter_row)

        # --- results ----------------------------------------------------------------------
        self.table = named(QTableWidget(0, len(RESULT_COLUMNS)), "libraryResults")
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move in the table
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in RESULT_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # product names can be long
        header.setSectionResizeMode(len(RESULT_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(2, 170)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty_label = named(QLabel(), "libraryEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color:#555;font-size:12pt;")
        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.empty_label)
        self.results_stack.addWidget(self.table)
        self.count_label = named(QLabel(), "libraryCount")
        self.export_button = named(QPushButton(self.tr("Export…")), "exportButton")
        self.export_button.setShortcut(QKeySequence("Ctrl+Shift+X"))
        shortcut_tip(self.tr("Save every version matching the search as CSV or JSON"), self.export_button)
        self.export_button.clicked.connect(self._export_clicked)
        results_head = QHBoxLayout()
        results_head.addWidget(self.count_label, 1)
        results_head.addWidget(self.export_button)
        results_box = QWidget()
        results_layout = QVBoxLayout(results_box)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(results_head)
        results_layout.addWidget(self.results_stack, 1)

        # --- the selected version --------------------------------------------------------------
        self.title = named(QLabel(), "libraryTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:bold;font-size:11pt;")
        self.verdict_badge = named(QLabel(), "libraryVerdict")
        self.meta = named(QLabel(), "libraryMeta")
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color:#444;")
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_view = named(QTextEdit(), "libraryText")
        self.text_view.setReadOnly(True)
        self.text_view.setAcceptRichText(False)
        self.history = named(QTableWidget(0, len(HISTORY_COLUMNS)), "libraryHistory")
        self.history.setTabKeyNavigation(False)
        self.history.setHorizontalHeaderLabels([self.tr(c) for c in HISTORY_COLUMNS])
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setToolTip(self.tr("Double-click a version to read it"))
        self.history.cellDoubleClicked.connect(self._history_opened)
        self.diff_view = named(QTextBrowser(), "libraryDiff")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.diff_view, self.tr("Changes"))
        self.tabs.addTab(self.history, self.tr("Version history"))
        self.reuse_button = named(QPushButton(self.tr("Use as start of a new draft")), "reuseButton")
        self.reuse_button.setShortcut(QKeySequence("Ctrl+Shift+U"))
        shortcut_tip(self.tr("Open this text in Compose as a new draft (it needs its own approval)"), self.reuse_button)
        self.reuse_button.clicked.connect(self._reuse_clicked)
        self.record_button = named(QPushButton(self.tr("Approval record…")), "recordButton")
        self.record_button.setShortcut(QKeySequence("Ctrl+Shift+P"))
        shortcut_tip(self.tr("Save the approval record as PDF, Word or HTML"), self.record_button)
        self.record_button.clicked.connect(self._record_clicked)
        head_row = QHBoxLayout()
        head_row.addWidget(self.title, 1)
        head_row.addWidget(self.verdict_badge, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.reuse_button)
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addLayout(head_row)
        reading_layout.addWidget(self.meta)
        reading_layout.addWidget(self.text_view, 1)
        context = QWidget()
        context_layout = QVBoxLayout(context)
        context_layout.setContentsMargins(0, 0, 0, 0)
        context_layout.addWidget(self.tabs, 1)
        context_layout.addLayout(buttons)
        detail = QSplitter(Qt.Orientation.Horizontal)
        detail.setChildrenCollapsible(False)
        detail.addWidget(reading)
        detail.addWidget(context)
        detail.setSizes([540, 540])
        self.placeholder = named(QLabel(self.tr("Select a version to read it, its history and what changed")), "libraryPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color:#555;")
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(detail)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(results_box)
        split.addWidget(self.detail_stack)
        split.setSizes([260, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(split, 1)

        self.show_version(None)
        self.refresh()

    # --- searching --------------------------------------------------------------------------

    def current_filter(self) -> LibraryFilter:
        """The search box and filters as the core's LibraryFilter."""
        return LibraryFilter(
            query=self.search.text().strip(),
            product_id=self.product.currentData() or "",
            segment_id=self.segment.currentData() or "",
            channel=self.channel.currentData() or "",
            lang=self.language.currentData() or "",
            status=self.status.currentData() or "",
            since=self.since.date().toString("yyyy-MM-dd") if self.since_check.isChecked() else "",
            until=self.until.date().toString("yyyy-MM-dd") if self.until_check.isChecked() else "",
        )

    def refresh(self) -> None:
        """Run the current search again (after a decision elsewhere changed the library)."""
        self.search_now()

    def clear_filters(self) -> None:
        for combo in (self.product, self.segment, self.channel, self.language):
            combo.setCurrentIndex(0)
        self.status.setCurrentIndex(self.status.findData("approved"))
        self.since_check.setChecked(False)
        self.until_check.setChecked(False)
        self.search.clear()
        self.search_now()

    def search_now(self) -> None:
        """Search in a worker; only the latest search's results are shown."""
        self._search_timer.stop()
        if self.services.store is None or self.services.catalog is None:
            self._show_results([], LibraryFilter())
            self.banner.show_message(self.services.store_problem or self.tr(
                "The library needs the product catalog; fix the catalog problem and restart copydesk."))
            return
        self._search_seq += 1
        seq, flt, services = self._search_seq, self.current_filter(), self.services

        def run(progress):
            workflow = services.open_workflow()
            try:
                return seq, flt, workflow.search(flt, limit=PAGE + 1)
            finally:
                workflow.store.close()

        self.count_label.setText(self.tr("Searching…"))
        self._run(run, self._search_done)

    def _search_done(self, outcome) -> None:
        seq, flt, versions = outcome
        if seq != self._search_seq:
            return  # a newer search is on its way
        self._show_results(versions, flt)
        self.search_finished.emit(len(self.results))

    def _show_results(self, versions: list[Version], flt: LibraryFilter) -> None:
        more = len(versions) > PAGE
        self.results = versions[:PAGE]
        keep = self.current.id if self.current else None
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.results))
        for row, version in enumerate(self.results):
            cells = (str(version.id), status_text(version.status), product_text(self.services, version.product_id),
                     segment_text(self.services, version.segment_id), channel_text(version.channel),
                     LANGUAGE_NAMES.get(version.lang, version.lang), date_text(version.created_at), excerpt(version.text))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, column, item)
            self.table.item(row, len(cells) - 1).setToolTip(version.text)
            colour = STATUS_COLOURS.get(version.status)
            if colour:
                self.table.item(row, 1).setBackground(QBrush(QColor(colour)))
        self.table.blockSignals(False)
        if self.results:
            shown = fill(self.tr("%1 version(s)"), len(self.results))
            if more:
                shown = fill(self.tr("The first %1 versions; narrow the search to see the rest (Export writes them all)"), PAGE)
            self.count_label.setText(shown)
            self.results_stack.setCurrentWidget(self.table)
        else:
            self.count_label.setText(self.tr("No versions"))
            self.empty_label.setText(self._empty_text(flt))
            self.results_stack.setCurrentWidget(self.empty_label)
        self.export_button.setEnabled(bool(self.results))
        self.detail_stack.setVisible(bool(self.results))  # nothing to select: the empty message has the room
        rows = [r for r, v in enumerate(self.results) if v.id == keep]
        if rows:
            self.table.selectRow(rows[0])
        else:
            self.show_version(None)

    def _empty_text(self, flt: LibraryFilter) -> str:
        if flt == LibraryFilter():
            return self.tr("No approved copy yet. Versions appear here once a reviewer approves them.")
        if flt.query:
            return fill(self.tr("Nothing matches “%1” with these filters."), flt.query)
        return self.tr("Nothing matches these filters.")

    # --- one version ----------------------------------------------------------------------

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.show_version(self.results[rows[0].row()] if rows else None)

    def select_version(self, version_id: int) -> bool:
        """Select a result by version id (False when it is not among the results)."""
        for row, version in enumerate(self.results):
            if version.id == version_id:
                self.table.selectRow(row)
                return True
        return False

    def show_version(self, version: Version | None) -> None:
        """Fill the detail pane (None: nothing selected)."""
        self.current = version
        for button in (self.reuse_button, self.record_button):
            button.setEnabled(version is not None)
        self.history.setRowCount(0)
        self.detail_stack.setCurrentIndex(0 if version is None else 1)
        if version is None:
            self.title.setText("")
            self.meta.setText("")
            style_verdict(self.verdict_badge, "")
            self.text_view.clear()
            self.text_view.setExtraSelections([])
            self.diff_view.clear()
            return
        workflow = self.services.workflow()
        self.title.setText(f"{version_label(version)} · {product_text(self.services, version.product_id)} · {channel_text(version.channel)} · "
                           f"{LANGUAGE_NAMES.get(version.lang, version.lang)}")
        style_verdict(self.verdict_badge, version.verdict)
        self.verdict_badge.setToolTip(self.tr("Verdict of the compliance check"))
        lines = [fill(self.tr("Status: %1. Campaign “%2”, segment “%3”."), status_text(version.status), version.campaign_name,
                      segment_text(self.services, version.segment_id)),
                 fill(self.tr("Written by %1 (%2) at %3."), version.author, source_text(version.source), time_text(version.created_at))]
        if version.decided_by:
            lines.append(fill(self.tr("Decided by %1 at %2."), version.decided_by, time_text(version.decided_at)))
        if version.expires_at:
            lines.append(fill(self.tr("Expires %1."), version.expires_at))
        if version.retired_at:
            lines.append(fill(self.tr("Retired %1: %2."), time_text(version.retired_at), version.retired_reason))
        self.meta.setText(" ".join(lines))
        self.text_view.setPlainText(version.text)
        highlight_findings(self.text_view, version.check_report.get("findings", []))
        history = workflow.history(version.draft_id) if workflow else []
        self._fill_history(version, history)
        self.diff_view.setHtml(self._diff_html(version, history))

    def _fill_history(self, version: Version, history: list[Version]) -> None:
        self.history.setRowCount(len(history))
        for row, step in enumerate(history):
            cells = (f"v{step.number}", str(step.id), status_text(step.status), step.author,
                     time_text(step.created_at), verdict_text(step.verdict).lower())
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, step.id)
                if step.id == version.id:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.history.setItem(row, column, item)
            colour = VERDICT_COLOURS.get(step.verdict)
            if colour:
                self.history.item(row, 5).setBackground(QBrush(QColor(colour)))

    def _history_opened(self, row: int, _column: int) -> None:
        item = self.history.item(row, 0)
        if item is None:
            return
        version_id = item.data(Qt.ItemDataRole.UserRole)
        if not self.select_version(version_id):
            try:
                self.show_version(self.services.workflow().version(version_id))
            except WorkflowError as exc:
                self.banner.show_message(str(exc))

    def _diff_html(self, version: Version, history: list[Version]) -> str:
        previous = [v for v in history if v.number < version.number]
        if not previous:
            return "<p>" + html.escape(self.tr("First version of this draft: nothing earlier to compare with.")) + "</p>"
        old = previous[-1]
        head = fill(self.tr("Changes from v%1 (#%2) to v%3 (#%4):"), old.number, old.id, version.number, version.id)
        removed, added = html.escape(self.tr("removed")), html.escape(self.tr("added"))  # outside f-strings, for lupdate
        legend = (f"<span style='{DELETE_STYLE}'>{removed}</span> "
                  f"<span style='{INSERT_STYLE}'>{added}</span>")
        return (f"<p><b>{html.escape(head)}</b> {legend}</p>"
                f"<div style='white-space:pre-wrap'>{diff_html(old.text, version.text, version.lang)}</div>")

    # --- actions -------------------------------------------------------------------------------

    def _reuse_clicked(self) -> None:
        if self.current is not None:
            self.reuse_requested.emit(self.current)

    def export_to(self, path: str | Path, flt: LibraryFilter | None = None) -> Path:
        """Write every version matching the search (not just the rows shown) as .csv or .json.

        Opens its own connection, so it runs on any thread; read the filter on the GUI thread."""
        flt = flt if flt is not None else self.current_filter()
        path = Path(path)
        _check_folder(path)
        workflow = self.services.open_workflow()
        try:
            versions: list[Version] = []
            while True:
                page = workflow.search(flt, limit=1000, offset=len(versions))
                versions.extend(page)
                if len(page) < 1000:
                    break
        finally:
            workflow.store.close()
        return records.write_export(versions, path)

    def save_record(self, version_id: int, path: str | Path) -> Path:
        """Write the approval record of one version: .pdf (Qt's layout, Chinese included), .docx or .html."""
        from copydesk.ui.printing import html_to_pdf

        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".docx", ".html", ".htm"):
            raise ValueError(fill(self.tr("%1: unknown record format '%2'; use .pdf, .docx or .html"), path, suffix))
        _check_folder(path)
        workflow = self.services.open_workflow()
        try:
            record = records.build_record(workflow.store, version_id, workflow.catalog)
        finally:
            workflow.store.close()
        if suffix == ".pdf":
            return html_to_pdf(record.to_html(), path)
        return record.write(path)

    def _export_clicked(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export library"), str(Path.home() / "copydesk-library.csv"),
            self.tr("CSV spreadsheet (*.csv);;JSON (*.json)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".json" if "json" in chosen.lower() else ".csv"
        flt = self.current_filter()
        self.export_button.setEnabled(False)
        self.banner.show_message(fill(self.tr("Exporting to %1…"), path), "info")
        self._run(lambda progress: ("export", self.export_to(path, flt)), self._file_written)

    def _record_clicked(self) -> None:
        if self.current is None:
            return
        version_id = self.current.id
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save approval record"), str(Path.home() / f"approval-record-{version_id}.pdf"),
            self.tr("PDF (*.pdf);;Word document (*.docx);;Web page (*.html)"))
        if not path:
            return
        if not Path(path).suffix:
            path += next((s for s in (".docx", ".html") if s[1:] in chosen.lower()), ".pdf")
        self.record_button.setEnabled(False)
        self.banner.show_message(fill(self.tr("Writing the record to %1…"), path), "info")
        self._run(lambda progress: ("record", self.save_record(version_id, path)), self._file_written)

    def _file_written(self, outcome) -> None:
        what, path = outcome
        message = self.tr("Exported to %1.") if what == "export" else self.tr("Approval record saved to %1.")
        self.banner.show_message(fill(message, path), "ok")

    # --- workers ---------------------------------------------------------------------------

    def busy(self) -> bool:
        """Whether a search, export or record is still running."""
        return self._running > 0

    def _run(self, fn, on_result) -> FunctionJob:
        job = FunctionJob(fn)
        job.signals.result.connect(on_result)
        job.signals.failed.connect(self._job_failed)
        job.signals.finished.connect(self._job_finished)
        self._jobs.append(job)
        self._running += 1
        return start(job)

    def _job_failed(self, message: str) -> None:
        self.banner.show_message(message)
        if self.count_label.text() == self.tr("Searching…"):
            self.count_label.setText("")

    def _job_finished(self) -> None:
        # Jobs finish in any order and `finished` does not say which one, so the references
        # are dropped together once every started job has finished.
        self._running -= 1
        if self._running == 0:
            self._jobs.clear()
        self.export_button.setEnabled(bool(self.results))
        self.record_button.setEnabled(self.current is not None)
