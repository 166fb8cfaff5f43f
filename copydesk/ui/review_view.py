"""The reviewer's screen: the queue of submitted copy, everything needed to judge one version, and the decision."""

from __future__ import annotations

import html
import sqlite3

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QComboBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QListWidgetItem,
    QPlainTextEdit,
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

from copydesk.app.history import comparison_for, history_events, return_decision
from copydesk.app.review import QueueFilter, queue_authors, review_queue
from copydesk.catalog import CHANNELS, CatalogLookupError
from copydesk.diffing import diff
from copydesk.enums import Verdict
from copydesk.labels import local_time
from copydesk.store.errors import StoreError
from copydesk.store.repository import Version
from copydesk.ui.common import (
    SEVERITY_COLOURS,
    VERDICT_COLOURS,
    Banner,
    channel_text,
    describe_finding,
    fact_text,
    fill,
    highlight_findings,
    kind_text,
    named,
    product_text,
    segment_text,
    source_text,
    status_text,
    style_verdict,
    verdict_text,
    version_label,
)
from copydesk.ui.services import AppServices
from copydesk.ui.workers import FunctionJob, start
from copydesk.workflow import WorkflowError

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
DELETE_STYLE = "color:#8a1020;background:#fde7e9;text-decoration:line-through;"
INSERT_STYLE = "color:#14532d;background:#d7f2dc;"
QUEUE_COLUMNS = ("#", QT_TRANSLATE_NOOP("ReviewView", "Product"), QT_TRANSLATE_NOOP("ReviewView", "Channel"),
                 QT_TRANSLATE_NOOP("ReviewView", "Submitted by"), QT_TRANSLATE_NOOP("ReviewView", "Submitted"),
                 QT_TRANSLATE_NOOP("ReviewView", "Verdict"), QT_TRANSLATE_NOOP("ReviewView", "Override"),
                 QT_TRANSLATE_NOOP("ReviewView", "Round"))
AGE_CHOICES = ((0, QT_TRANSLATE_NOOP("ReviewView", "Any age")), (1, QT_TRANSLATE_NOOP("ReviewView", "Waiting 1 day or more")),
               (3, QT_TRANSLATE_NOOP("ReviewView", "Waiting 3 days or more")), (7, QT_TRANSLATE_NOOP("ReviewView", "Waiting a week or more")))


def diff_html(old: str, new: str, lang: str) -> str:
    """What changed, as HTML: deletions struck through in red, insertions in green, all escaped."""
    spans = []
    for piece in diff(old, new, lang):
        text = html.escape(piece.text).replace("\n", "<br>")
        if piece.op == "delete":
            spans.append(f"<span style='{DELETE_STYLE}'>{text}</span>")
        elif piece.op == "insert":
            spans.append(f"<span style='{INSERT_STYLE}'>{text}</span>")
        else:
            spans.append(text)
    return "".join(spans)


def product_name(services: AppServices, product_id: str) -> str:
    """The catalog name of a product, or its id when the catalog no longer has it."""
    return product_text(services, product_id)


def shortcut_tip(text: str, button: QPushButton) -> None:
    """A tooltip that names the button's keyboard shortcut."""
    button.setToolTip(f"{text} ({button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")


class ReviewView(QWidget):
    """Submitted versions oldest first; select one to read it, its findings, facts, changes and history, then decide."""

    decided = Signal(int)  # the version id, after a decision is recorded

    def __init__(self, services: AppServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.current: Version | None = None
        self._job: FunctionJob | None = None
        self.confirmation: QMessageBox | None = None  # the open "Approve this copy?" question

        self.banner = Banner("reviewBanner")

        # --- the queue -------------------------------------------------------------------
        self.queue = named(QTableWidget(0, len(QUEUE_COLUMNS)), "reviewQueue")
        self.queue.setHorizontalHeaderLabels([self.tr(c) for c in QUEUE_COLUMNS])
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.verticalHeader().hide()
        self.queue.setAlternatingRowColors(True)
        self.queue.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        header = self.queue.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.queue.itemSelectionChanged.connect(self._selection_changed)
        self.empty_label = named(QLabel(self.tr("Nothing waiting for review")), "reviewEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color:#555;font-size:13pt;")
        self.queue_stack = QStackedWidget()
        self.queue_stack.addWidget(self.empty_label)
        self.queue_stack.addWidget(self.queue)
        self.queue_title = QLabel()
        self.queue_title.setStyleSheet("font-weight:bold;")
        self.refresh_button = named(QPushButton(self.tr("Refresh")), "reviewRefresh")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        shortcut_tip(self.tr("Reload the queue"), self.refresh_button)
        self.refresh_button.clicked.connect(self.refresh)
        # Filters: what a reviewer narrows a long queue by.
        self.product_filter = named(QComboBox(), "reviewFilterProduct")
        self.channel_filter = named(QComboBox(), "reviewFilterChannel")
        self.author_filter = named(QComboBox(), "reviewFilterAuthor")
        self.age_filter = named(QComboBox(), "reviewFilterAge")
        self.channel_filter.addItem(self.tr("All channels"), "")
        for channel in CHANNELS:
            self.channel_filter.addItem(channel_text(channel), channel)
        for days, label in AGE_CHOICES:
            self.age_filter.addItem(self.tr(label), days)
        for combo in (self.product_filter, self.channel_filter, self.author_filter, self.age_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        queue_head = QHBoxLayout()
        queue_head.addWidget(self.queue_title, 1)
        for combo in (self.product_filter, self.channel_filter, self.author_filter, self.age_filter):
            queue_head.addWidget(combo)
        queue_head.addWidget(self.refresh_button)
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addLayout(queue_head)
        queue_layout.addWidget(self.queue_stack)

        # --- the selected version ----------------------------------------------------------
        self.title = named(QLabel(), "reviewTitle")
        self.title.setStyleSheet("font-weight:bold;font-size:11pt;")
        self.title.setWordWrap(True)
        self.verdict_badge = named(QLabel(), "reviewVerdict")
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color:#444;")
        self.override_box = named(QLabel(), "reviewOverride")
        self.override_box.setWordWrap(True)
        self.override_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override_box.setStyleSheet(
            "background:#fff1c2;color:#5c3b00;border:2px solid #d99a00;border-radius:4px;padding:6px;font-weight:bold;")
        self.override_box.hide()
        self.text_view = named(QTextEdit(), "reviewText")
        self.text_view.setReadOnly(True)
        self.text_view.setAcceptRichText(False)
        self.text_view.setTabChangesFocus(True)
        self.findings = named(QListWidget(), "reviewFindings")
        self.findings.setWordWrap(True)
        self.findings.setAlternatingRowColors(False)
        self.findings.setSpacing(2)
        self.findings.setTabKeyNavigation(False)
        self.findings.currentRowChanged.connect(self._show_finding)
        self.findings_title = QLabel()
        self.facts = named(QTextBrowser(), "reviewFacts")
        self.diff_view = named(QTextBrowser(), "reviewDiff")
        self.history = named(QListWidget(), "reviewHistory")
        self.history.setWordWrap(True)
        self.history.setTabKeyNavigation(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.facts, self.tr("Product facts"))
        self.tabs.addTab(self.diff_view, self.tr("Changes"))
        self.tabs.addTab(self.history, self.tr("History"))

        copy_box = QWidget()
        copy_layout = QVBoxLayout(copy_box)
        copy_layout.setContentsMargins(0, 0, 0, 0)
        copy_layout.addWidget(QLabel(self.tr("Copy (findings highlighted: red blocks, amber warns)")))
        copy_layout.addWidget(self.text_view, 1)
        copy_layout.addWidget(self.findings_title)
        copy_layout.addWidget(self.findings, 1)
        reading = QSplitter(Qt.Orientation.Horizontal)
        reading.setChildrenCollapsible(False)
        reading.addWidget(copy_box)
        reading.addWidget(self.tabs)
        reading.setSizes([560, 440])

        self.comment = named(QPlainTextEdit(), "reviewComment")
        self.comment.setPlaceholderText(self.tr("Comment for the record (required to reject or request changes)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(54)
        self.expires_check = named(QCheckBox(self.tr("Expires on")), "reviewExpiresCheck")
        self.expires_check.setToolTip(self.tr("Retire the approved copy automatically on this date"))
        self.expires = named(QDateEdit(), "reviewExpires")
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        self.expires.setMinimumDate(QDate.currentDate().addDays(1))
        self.expires.setDate(QDate.currentDate().addMonths(6))
        self.expires.setEnabled(False)
        self.expires_check.toggled.connect(self.expires.setEnabled)
        self.approve_button = named(QPushButton(self.tr("Approve")), "approveButton")
        self.approve_button.setShortcut(QKeySequence("Ctrl+Shift+A"))
        shortcut_tip(self.tr("Approve this version (you must not have written or edited it)"), self.approve_button)
        self.approve_button.setStyleSheet("QPushButton:enabled{font-weight:bold;}")
        self.request_changes_button = named(QPushButton(self.tr("Request changes")), "requestChangesButton")
        self.request_changes_button.setShortcut(QKeySequence("Ctrl+Shift+E"))
        shortcut_tip(self.tr("Send it back to the writer with your comment"), self.request_changes_button)
        self.reject_button = named(QPushButton(self.tr("Reject")), "rejectButton")
        self.reject_button.setShortcut(QKeySequence("Ctrl+Shift+R"))
        shortcut_tip(self.tr("Reject it for good; your comment says why"), self.reject_button)
        self.approve_button.clicked.connect(self.approve)
        self.request_changes_button.clicked.connect(self.request_changes)
        self.reject_button.clicked.connect(self.reject)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.expires_check)
        decision_row.addWidget(self.expires)
        decision_row.addStretch(1)
        decision_row.addWidget(self.reject_button)
        decision_row.addWidget(self.request_changes_button)
        decision_row.addWidget(self.approve_button)

        head_row = QHBoxLayout()
        head_row.addWidget(self.title, 1)
        head_row.addWidget(self.verdict_badge, 0, Qt.AlignmentFlag.AlignTop)
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(head_row)
        detail_layout.addWidget(self.meta)
        detail_layout.addWidget(self.override_box)
        detail_layout.addWidget(reading, 1)
        detail_layout.addWidget(self.comment)
        detail_layout.addLayout(decision_row)

        self.placeholder = named(QLabel(self.tr("Select a version in the queue to review it")), "reviewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color:#555;")
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(self.detail)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(queue_box)
        split.addWidget(self.detail_stack)
        split.setSizes([170, 530])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self.refresh()

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the queue (oldest submission first), keeping the selected version if it is still there."""
        workflow = self.services.workflow()
        if workflow is None:
            self._fill_queue([])
            self.banner.show_message(self.services.store_problem or self.tr(
                "The review queue needs the product catalog; fix the catalog problem and restart copydesk."))
            return
        try:
            queued = workflow.queue()
            self._fill_filters(queued)
            items = review_queue(workflow, self.queue_filter(), queued=queued)
        except (WorkflowError, StoreError, sqlite3.Error) as exc:
            self._fill_queue([])
            self.banner.show_message(str(exc))
            return
        self._fill_queue(items)

    def queue_filter(self) -> QueueFilter:
        return QueueFilter(self.product_filter.currentData() or "", self.channel_filter.currentData() or "",
                           self.author_filter.currentData() or "", self.age_filter.currentData() or 0)

    def _fill_filters(self, queued: list[Version]) -> None:
        """Products and authors as the queue has them now (the choice made is kept)."""
        for combo, everyone, values in (
                (self.product_filter, self.tr("All products"),
                 sorted({(product_name(self.services, v.product_id), v.product_id) for v in queued})),
                (self.author_filter, self.tr("All authors"), [(login, login) for login in queue_authors(queued)])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, "")
            for label, value in values:
                combo.addItem(label, value)
            if chosen and combo.findData(chosen) < 0:
                combo.addItem(chosen, chosen)  # keep a filter that now matches nothing, so it can be seen and undone
            combo.setCurrentIndex(max(0, combo.findData(chosen or "")))
            combo.blockSignals(False)

    def _filter_changed(self) -> None:
        self.refresh()

    def _fill_queue(self, items) -> None:
        keep = self.current.id if self.current else None
        self.queue.blockSignals(True)
        self.queue.clearSelection()
        self.queue.setRowCount(len(items))
        for row, item in enumerate(items):
            version = item.version
            cells = (str(version.id), product_name(self.services, version.product_id), channel_text(version.channel),
                     version.submitted_by, local_time(version.submitted_at), verdict_text(version.verdict),
                     self.tr("yes") if version.override_reason else "",
                     self.tr("resubmitted") if item.resubmitted else self.tr("first"))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, version.id)
                self.queue.setItem(row, column, cell)
            self.queue.item(row, 1).setToolTip(f"{version.campaign_name}\n{version_label(version)}")
            verdict_colour = VERDICT_COLOURS.get(version.verdict)
            if verdict_colour:
                self.queue.item(row, 5).setBackground(QBrush(QColor(verdict_colour)))
            if version.override_reason:
                override = self.queue.item(row, 6)
                override.setBackground(QBrush(QColor("#fff1c2")))
                override.setToolTip(version.override_reason)
            if item.resubmitted:
                self.queue.item(row, 7).setToolTip(self.tr("A reviewer asked for changes on an earlier version; "
                                                           "Changes shows what the writer changed since"))
        self.queue.blockSignals(False)
        count = len(items)
        self.queue_title.setText(fill(self.tr("Waiting for review: %1"), count))
        self.queue_stack.setCurrentWidget(self.queue if count else self.empty_label)
        filtered = self.queue_filter() != QueueFilter()
        self.empty_label.setText(self.tr("Nothing matches these filters") if filtered else self.tr("Nothing waiting for review"))
        self.detail_stack.setVisible(bool(count))  # an empty queue gets the whole view for its message
        rows = [r for r in range(count) if self.queue.item(r, 0).data(Qt.ItemDataRole.UserRole) == keep]
        if rows:
            self._select_row(rows[0])
        else:
            self.queue.setCurrentCell(-1, -1)  # no row looks selected while the pane shows none
            self.show_version(None)

    def _select_row(self, row: int) -> None:
        """Select a row and make it the table's current cell, so what is highlighted is what is shown."""
        self.queue.setCurrentCell(row, 0)
        self.queue.selectRow(row)

    def selected_id(self) -> int | None:
        rows = self.queue.selectionModel().selectedRows()
        return self.queue.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def select_version(self, version_id: int) -> bool:
        """Select a queued version by id (False when it is not in the queue)."""
        for row in range(self.queue.rowCount()):
            if self.queue.item(row, 0).data(Qt.ItemDataRole.UserRole) == version_id:
                self._select_row(row)
                return True
        return False

    def _selection_changed(self) -> None:
        version_id = self.selected_id()
        if version_id is None:
            self.show_version(None)
            return
        workflow = self.services.workflow()
        try:
            self.show_version(workflow.version(version_id))
        except WorkflowError as exc:
            self.banner.show_message(str(exc))
            self.show_version(None)

    def show_version(self, version: Version | None) -> None:
        """Fill the detail pane with one version (None: nothing selected)."""
        if version is None or self.current is None or version.id != self.current.id:
            self.comment.clear()
        self.current = version
        self.findings.blockSignals(True)
        self.findings.clear()
        self.findings.blockSignals(False)
        self.history.clear()
        self._set_decision_enabled(version is not None)
        self.detail_stack.setCurrentIndex(0 if version is None else 1)
        if version is None:
            self.title.setText("")
            self.meta.setText("")
            style_verdict(self.verdict_badge, "")
            self.override_box.hide()
            self.text_view.clear()
            self.text_view.setExtraSelections([])
            self.findings_title.setText(self.tr("Check report"))
            self.facts.clear()
            self.diff_view.clear()
            return
        workflow = self.services.workflow()
        self.title.setText(f"{version_label(version)} · {product_name(self.services, version.product_id)} · {channel_text(version.channel)} · "
                           f"{LANGUAGE_NAMES.get(version.lang, version.lang)}")
        self.meta.setText(fill(self.tr("Campaign “%1” for segment %2. Written by %3 (%4) at %5; submitted by %6 at %7."),
                               version.campaign_name, segment_text(self.services, version.segment_id), version.author,
                               source_text(version.source), local_time(version.created_at), version.submitted_by or "—",
                               local_time(version.submitted_at) or "—"))
        style_verdict(self.verdict_badge, version.verdict)
        self.verdict_badge.setToolTip(self.tr("Verdict of the check when it was submitted"))
        findings = version.check_report.get("findings", [])
        if version.override_reason:
            self.override_box.setText(fill(self.tr("Submitted despite blocking findings. %1's reason: %2"),
                                           version.submitted_by or version.author, version.override_reason))
            self.override_box.show()
        elif version.verdict == Verdict.BLOCK:
            self.override_box.setText(self.tr("This version has blocking findings: it cannot be approved as it stands."))
            self.override_box.show()
        else:
            self.override_box.hide()
        self.text_view.setPlainText(version.text)
        highlight_findings(self.text_view, findings)
        self._fill_findings(version, findings)
        self.facts.setHtml(self._facts_html(version))
        history = workflow.history(version.draft_id)
        self.diff_view.setHtml(self._diff_html(version, history))
        self._fill_history(version)

    def _fill_findings(self, version: Version, findings: list[dict]) -> None:
        if not findings:
            self.findings_title.setText(self.tr("Check report"))
            self.findings.addItem(self.tr("No findings: the check passed when it was submitted."))
            return
        blocks = sum(f["severity"] == Verdict.BLOCK for f in findings)
        self.findings_title.setText(fill(self.tr("Check report: %1 finding(s), %2 blocking"), len(findings), blocks))
        for finding in findings:
            item = QListWidgetItem(describe_finding(finding, version.text))
            item.setBackground(QBrush(QColor(SEVERITY_COLOURS.get(finding["severity"], "#eeeeee"))))
            item.setForeground(QBrush(QColor("#1a1a1a")))
            self.findings.addItem(item)

    def _show_finding(self, row: int) -> None:
        """Put the text cursor on the words a finding is about, so the reviewer sees them in context."""
        item = self.findings.item(row)
        if item is None or self.current is None:
            return
        selections = self.text_view.extraSelections()
        if 0 <= row < len(selections):
            cursor = QTextCursor(selections[row].cursor)
            self.text_view.setTextCursor(cursor)
            self.text_view.ensureCursorVisible()

    def _facts_html(self, version: Version) -> str:
        catalog = self.services.catalog
        try:
            if catalog is None:
                raise CatalogLookupError("no catalog is loaded")
            product = catalog.product(version.product_id)
        except CatalogLookupError:
            return ("<p style='color:#7a1020;font-weight:bold'>" + html.escape(fill(self.tr(
                "Product “%1” is no longer in the catalog, so its facts and required disclosures are unknown. "
                "It cannot be approved until the catalog has it again."), version.product_id)) + "</p>")
        rows = "".join(f"<tr><th align='left' valign='top'>{html.escape(fact_text(k))}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in product.facts.items())
        # tr() stays outside the f-strings: lupdate does not look inside them.
        none, only_these, required = self.tr("none"), self.tr("The copy may state only these facts:"), self.tr("Required disclosures")
        disclosures = "".join(f"<li>{html.escape(d)}</li>" for d in product.disclosures) or f"<li>{html.escape(none)}</li>"
        return (f"<h3>{html.escape(product.name)} <span style='color:#555;font-weight:normal'>({html.escape(kind_text(product.kind))})</span></h3>"
                f"<p>{html.escape(only_these)}</p>"
                f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
                f"<h4>{html.escape(required)}</h4><ul>{disclosures}</ul>")

    def _diff_html(self, version: Version, history: list[Version]) -> str:
        """What changed: for a resubmission, since the version this reviewer's team returned."""
        style = "<div style='white-space:pre-wrap'>{}</div>"
        removed, added = html.escape(self.tr("removed")), html.escape(self.tr("added"))  # outside f-strings, for lupdate
        legend = (f"<p style='color:#555'><span style='{DELETE_STYLE}'>{removed}</span> "
                  f"<span style='{INSERT_STYLE}'>{added}</span></p>")
        comparison = comparison_for(self.services.workflow(), version, history)
        if comparison is None:
            first = html.escape(self.tr("First version of this draft: nothing earlier to compare with."))  # outside the f-string, for lupdate
            return f"<p>{first}</p>"
        base = comparison.base
        if comparison.reason == "resubmitted":
            decision = return_decision(self.services.workflow(), base)
            head = fill(self.tr("Resubmitted. %1 asked for changes on v%2 (#%3): “%4”. What the writer changed since:"),
                        decision.get("reviewer", base.decided_by), base.number, base.id, decision.get("comment", ""))
        elif comparison.reason == "previous":
            head = fill(self.tr("Changes from v%1 (#%2, %3) to v%4:"), base.number, base.id, status_text(base.status), version.number)
        else:
            head = fill(self.tr("First version of this draft. It started from %1 (%2); changes from that text:"),
                        version_label(base), status_text(base.status))
        return f"<p><b>{html.escape(head)}</b></p>" + legend + style.format(diff_html(base.text, version.text, version.lang))

    def _fill_history(self, version: Version) -> None:
        """Every step of the draft so far, oldest first: versions written, submissions, decisions."""
        events = history_events(self.services.workflow(), version)
        for event in events:
            step = event.version
            if event.kind == "written":
                line = fill(self.tr("v%1 (#%2) written by %3 (%4); check %5"), step.number, step.id, event.who,
                            source_text(step.source), verdict_text(step.verdict).lower())
            elif event.kind == "submitted":
                line = fill(self.tr("v%1 submitted by %2"), step.number, event.who)
                if event.note:
                    line += fill(self.tr(" with override: %1"), event.note)
            else:
                line = fill(self.tr("v%1: %2 by %3"), step.number, status_text(event.decision), event.who)
                if event.note:
                    line += f" — “{event.note}”"
            self.history.addItem(f"{local_time(event.at)}  {line}")
        if not any(event.kind == "decided" for event in events):
            self.history.addItem(self.tr("No review decisions yet."))

    def _set_decision_enabled(self, enabled: bool) -> None:
        busy = self._job is not None
        for widget in (self.approve_button, self.request_changes_button, self.reject_button):
            widget.setEnabled(enabled and not busy)
        self.comment.setEnabled(enabled)
        self.expires_check.setEnabled(enabled)
        self.expires.setEnabled(enabled and self.expires_check.isChecked())

    # --- deciding ----------------------------------------------------------------------------

    def busy(self) -> bool:
        """Whether a decision is still being recorded."""
        return self._job is not None

    def approve(self) -> None:
        """Approving always asks first, naming the version shown; the answer applies only to it."""
        version = self.current
        if version is None or self._job is not None:
            return
        expires = self.expires.date().toString("yyyy-MM-dd") if self.expires_check.isChecked() else ""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Approve this copy?"),
                          fill(self.tr("Approve %1 (%2, %3)? It goes into the library for use."), version_label(version),
                               product_name(self.services, version.product_id), channel_text(version.channel)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("approveConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter alone never approves
        warnings = [f for f in version.check_report.get("findings", []) if f["severity"] == Verdict.WARN]
        cautions = []
        if warnings:
            cautions.append(fill(self.tr("It has %1 warning(s): %2"), len(warnings), "; ".join(f["message"] for f in warnings[:3])))
        if version.override_reason:
            cautions.append(fill(self.tr("It was submitted despite blocking findings: “%1”"), version.override_reason))
        if cautions:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setInformativeText("\n".join(cautions))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Approve"))
        box.finished.connect(lambda result: self._approval_answered(box, version.id, expires))
        self.confirmation = box
        box.open()

    def _approval_answered(self, box: QMessageBox, version_id: int, expires: str) -> None:
        self.confirmation = None
        box.deleteLater()
        confirmed = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        if confirmed and self.current is not None and self.current.id == version_id:
            self._decide("approve", expires)

    def request_changes(self) -> None:
        self._decide("request_changes")

    def reject(self) -> None:
        self._decide("reject")

    def _decide(self, action: str, expires: str = "") -> None:
        """Record the decision off the GUI thread (it waits for the database's write lock)."""
        version = self.current
        if version is None or self._job is not None:
            return
        comment = self.comment.toPlainText().strip()
        if action != "approve" and not comment:
            what = self.tr("request changes") if action == "request_changes" else self.tr("reject it")
            self.banner.show_message(fill(self.tr("Write a comment first: say why you %1, so the writer knows what to fix."), what))
            self.comment.setFocus()
            return
        services = self.services

        def run(progress):
            workflow = services.open_workflow()
            try:
                if action == "approve":
                    return action, workflow.approve(version.id, comment, expires)
                if action == "request_changes":
                    return action, workflow.request_changes(version.id, comment)
                return action, workflow.reject(version.id, comment)
            finally:
                workflow.store.close()

        self.banner.hide()
        self._job = FunctionJob(run)
        self._job.signals.result.connect(self._decision_done)
        self._job.signals.failed.connect(self._decision_failed)
        self._job.signals.finished.connect(self._job_finished)
        self._set_decision_enabled(True)
        start(self._job)

    def _decision_done(self, outcome) -> None:
        action, version = outcome
        messages = {
            "approve": self.tr("Approved %1. It is in the library now."),
            "request_changes": self.tr("Requested changes to %1; it went back to %2."),
            "reject": self.tr("Rejected %1."),
        }
        self.banner.show_message(fill(messages[action], version_label(version), version.author), "ok")
        self.comment.clear()
        self.expires_check.setChecked(False)
        row = max(0, self.queue.currentRow())
        self.current = None
        self.refresh()
        # The next item is shown and selected together (approving it still asks first).
        if self.queue.rowCount():
            self._select_row(min(row, self.queue.rowCount() - 1))
        self.decided.emit(version.id)

    def _decision_failed(self, message: str) -> None:
        self.refresh()  # someone else may have decided it meanwhile: show the queue as it is now
        self.banner.show_message(message)

    def _job_finished(self) -> None:
        self._job = None
        self._set_decision_enabled(self.current is not None)
