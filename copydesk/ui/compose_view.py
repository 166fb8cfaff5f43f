"""Compose: pick product, segment and channel; generate drafts that stream in; edit with a live
compliance check; save, copy and submit for review. Unsaved text is autosaved to the database."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from copydesk.app.editing import Blocked, EditingSession, Target
from copydesk.catalog import CHANNELS, Product
from copydesk.app.checking import figure_lines, fix_all, fix_one
from copydesk.rules.findings import Report
from copydesk.ui import workers
from copydesk.ui.common import (
    SEVERITY_COLOURS,
    Banner,
    channel_text,
    describe_finding,
    fact_lines,
    fill,
    highlight_findings,
    kind_text,
    named,
    style_verdict,
    version_label,
)
from copydesk.ui.inbox_view import InboxView
from copydesk.ui.services import AppServices
from copydesk.labels import local_time
from copydesk.workflow import WorkflowError

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
TONES = {"friendly": QT_TRANSLATE_NOOP("ComposeView", "Friendly"),
         "professional": QT_TRANSLATE_NOOP("ComposeView", "Professional"),
         "premium": QT_TRANSLATE_NOOP("ComposeView", "Premium"), "plain": QT_TRANSLATE_NOOP("ComposeView", "Plain")}
# A draft's parts as the card shows them (generation/formats.py names them).
PART_NAMES = {"subject": QT_TRANSLATE_NOOP("DraftCard", "Subject"), "preheader": QT_TRANSLATE_NOOP("DraftCard", "Preheader"),
              "greeting": QT_TRANSLATE_NOOP("DraftCard", "Greeting"), "title": QT_TRANSLATE_NOOP("DraftCard", "Title"),
              "headline": QT_TRANSLATE_NOOP("DraftCard", "Headline"), "hook": QT_TRANSLATE_NOOP("DraftCard", "Hook"),
              "body": QT_TRANSLATE_NOOP("DraftCard", "Body"), "cta": QT_TRANSLATE_NOOP("DraftCard", "Call to action"),
              "disclosures": QT_TRANSLATE_NOOP("DraftCard", "Disclosures"), "brand": QT_TRANSLATE_NOOP("DraftCard", "Sender"),
              "opt_out": QT_TRANSLATE_NOOP("DraftCard", "Opt-out")}
ANGLE_NAMES = {"benefit-led": QT_TRANSLATE_NOOP("DraftCard", "benefit-led"), "need-led": QT_TRANSLATE_NOOP("DraftCard", "need-led"),
               "offer-led": QT_TRANSLATE_NOOP("DraftCard", "offer-led"), "question-led": QT_TRANSLATE_NOOP("DraftCard", "question-led")}
# The generation worker reports its progress in English; listed so lupdate extracts them, shown through self.tr.
WORKER_STATUSES = (QT_TRANSLATE_NOOP("ComposeView", "Loading the model…"), QT_TRANSLATE_NOOP("ComposeView", "Writing drafts…"))
CHECK_DELAY_MS = 250  # re-check this long after the last keystroke
AUTOSAVE_DELAY_MS = 1500  # keep unsaved text this long after the last keystroke
WARM_UP_DELAY_MS = 700  # prepare the model's prompt this long after the last change of request


class DraftCard(QFrame):
    """One generated draft: its text as it streams in, then its verdict and a button to edit it."""

    chosen = Signal(object)  # the Draft

    def __init__(self, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"draftCard{index}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft = None
        self.text = named(QLabel(self.tr("Writing…")), "draftText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = named(QLabel(), "verdictBadge")
        # Why this draft: its angle, the needs and facts it used, the model, adapter and seed.
        self.why = named(QLabel(), "draftWhy")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("color:#555; font-size:11px;")
        self.why.setVisible(False)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color:#555;")
        self.use_button = named(QPushButton(self.tr("Edit this draft")), f"useDraft{index}")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(lambda: self.chosen.emit(self.draft))
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.detail, 1)
        top.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.why)

    def stream(self, text: str) -> None:
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setText(text or self.tr("Writing…"))

    def show_draft(self, draft) -> None:
        self.draft = draft
        if draft.parts:
            self.text.setTextFormat(Qt.TextFormat.RichText)
            self.text.setText(self._parts_html(draft.parts))
        else:
            self.text.setTextFormat(Qt.TextFormat.PlainText)
            self.text.setText(draft.text)
        self.text.setAccessibleDescription(draft.text)
        self.why.setText(self._why(draft.explanation))
        self.why.setVisible(bool(draft.explanation))
        style_verdict(self.badge, draft.verdict)
        source = self.tr("copy template") if draft.backend == "template" else draft.model
        notes = [source, fill(self.tr("%1 characters"), len(draft.text))]
        if draft.repairs:
            notes.append(fill(self.tr("repaired: %1"), ", ".join(draft.repairs)))
        if draft.report.findings:
            notes.append("; ".join(f.message for f in draft.report.findings[:2]))
        self.detail.setText(" · ".join(notes))
        self.use_button.setEnabled(True)


    def _parts_html(self, parts: dict) -> str:
        """Each part under its name: the marketer sees the subject, the body, the call to action."""
        rows = []
        for name, value in parts.items():
            label = self.tr(PART_NAMES.get(name, name))
            texts = value if isinstance(value, list) else [value]
            body = "<br>".join(html.escape(t).replace("\n", "<br>") for t in texts)
            rows.append(f"<tr><td style='color:#777; padding-right:8px; vertical-align:top;'>{html.escape(label)}</td>"
                        f"<td>{body}</td></tr>")
        return "<table>" + "".join(rows) + "</table>"

    def _why(self, explanation: dict) -> str:
        if not explanation:
            return ""
        plan = explanation.get("plan", {})
        notes = [fill(self.tr("Angle: %1"), self.tr(ANGLE_NAMES.get(plan.get("angle", ""), plan.get("angle", ""))))]
        needs = [n["label"] for n in explanation.get("segment_needs", [])]
        if needs:
            notes.append(fill(self.tr("answers: %1"), ", ".join(needs)))
        facts = [s["value"] for s in explanation.get("slots", []) if s["slot"] not in ("name", "bank")]
        if facts:
            notes.append(fill(self.tr("facts filled in: %1"), "; ".join(facts)))
        if explanation.get("adapter"):
            notes.append(fill(self.tr("adapter %1"), str(explanation["adapter"])[:12]))
        notes.append(fill(self.tr("seed %1"), explanation.get("seed", "")))
        return " · ".join(notes)


class ComposeView(QWidget):
    """The marketer's screen."""

    status_message = Signal(str)
    inbox_count_changed = Signal(int)  # the badge on the Compose page
    submitted = Signal(int)  # version id
    warm_up_finished = Signal()  # the model has the current request's prompt ready

    @property
    def catalog(self):
        return self.services.catalog  # the one in use, after any import

    def __init__(self, services: AppServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.engine = services.engine
        self.report: Report | None = None
        self.pipeline = None  # set by the window once the model state is known
        self.job: workers.GenerateJob | None = None
        self.cards: list[DraftCard] = []
        # What the editor's text is a version of, and where it came from (app/editing.py).
        self.session = EditingSession(services.workflow)
        self._restoring = False

        self.banner = Banner("composeBanner")
        self.language_picker = named(QComboBox(), "languagePicker")
        for code, name in LANGUAGE_NAMES.items():
            self.language_picker.addItem(name, code)
        self.product_picker = named(QComboBox(), "productPicker")
        self.product_picker.setEditable(True)  # type to search; the list stays grouped by kind
        self.product_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product_picker.setToolTip(self.tr("Type to search products"))
        self.segment_picker = named(QComboBox(), "segmentPicker")
        self.channel_picker = named(QComboBox(), "channelPicker")
        for channel in CHANNELS.values():
            limit = self.tr("no limit") if channel.limit is None else fill(self.tr("%1 characters"), channel.limit)
            self.channel_picker.addItem(f"{channel_text(channel.id)} ({limit})", channel.id)
        self.tone_picker = named(QComboBox(), "tonePicker")
        for tone, label in TONES.items():
            self.tone_picker.addItem(self.tr(label), tone)
        self.draft_count = named(QSpinBox(), "draftCount")
        self.draft_count.setRange(1, 8)
        self.draft_count.setValue(4)
        self.generate_button = named(QPushButton(self.tr("Generate")), "generateButton")
        self.generate_button.setToolTip(self.tr("Generate drafts (Ctrl+Enter)"))
        self.cancel_button = named(QPushButton(self.tr("Cancel")), "cancelButton")
        self.cancel_button.setToolTip(self.tr("Stop generating (Esc)"))
        self.cancel_button.setEnabled(False)
        self.progress = named(QProgressBar(), "generateProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.generate_status = named(QLabel(), "generateStatus")
        self.facts_view = named(QPlainTextEdit(), "productFacts")
        self.facts_view.setReadOnly(True)
        self.segment_description = QLabel()
        self.segment_description.setWordWrap(True)
        self.segment_description.setStyleSheet("color:#555;")

        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language_picker)
        form.addRow(self.tr("Product"), self.product_picker)
        form.addRow(self.tr("Segment"), self.segment_picker)
        form.addRow("", self.segment_description)
        form.addRow(self.tr("Channel"), self.channel_picker)
        form.addRow(self.tr("Tone"), self.tone_picker)
        form.addRow(self.tr("Drafts"), self.draft_count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.progress)
        form.addRow("", self.generate_status)

        facts_box = QVBoxLayout()
        facts_box.addWidget(QLabel(self.tr("Product facts (the only claims copy may make)")))
        facts_box.addWidget(self.facts_view)
        pickers = QWidget()
        pickers_layout = QVBoxLayout(pickers)
        pickers_layout.setContentsMargins(0, 0, 0, 0)
        pickers_layout.addLayout(form)
        pickers_layout.addLayout(facts_box, 1)
        self.inbox = InboxView(services)
        self.inbox.revise_requested.connect(self.revise)
        self.inbox.count_changed.connect(self._inbox_count_changed)
        self.left_tabs = named(QTabWidget(), "composeSideTabs")
        self.left_tabs.addTab(pickers, self.tr("New copy"))
        self.left_tabs.addTab(self.inbox, self.tr("Inbox"))

        self.draft_list = named(QWidget(), "draftList")
        self.draft_list_layout = QVBoxLayout(self.draft_list)
        self.draft_list_layout.setContentsMargins(0, 0, 0, 0)
        self.drafts_empty = QLabel(self.tr("Drafts appear here as they are written. Pick a product and segment, then Generate (Ctrl+Enter)."))
        self.drafts_empty.setWordWrap(True)
        self.drafts_empty.setStyleSheet("color:#666;padding:12px;")
        self.draft_list_layout.addWidget(self.drafts_empty)
        self.draft_list_layout.addStretch(1)
        drafts_scroll = QScrollArea()
        drafts_scroll.setWidgetResizable(True)
        drafts_scroll.setWidget(self.draft_list)

        self.copy_editor = named(QTextEdit(), "copyEditor")
        self.copy_editor.setAcceptRichText(False)
        self.copy_editor.setTabChangesFocus(True)  # Tab moves on, as in every form; copy holds no tabs
        self.copy_editor.setPlaceholderText(self.tr("Write or paste copy here, or pick a draft; it is checked as you type."))
        self.counter = named(QLabel(), "characterCounter")
        self.verdict_badge = named(QLabel(), "verdictBadge")
        self.draft_state = named(QLabel(self.tr("New draft")), "draftState")
        self.draft_state.setStyleSheet("color:#555;")
        self.findings_list = named(QListWidget(), "findingsList")
        self.findings_list.setWordWrap(True)
        self.findings_list.setSpacing(2)  # a gap between findings
        self.apply_fix_button = named(QPushButton(self.tr("Apply fix")), "applyFixButton")
        self.apply_fix_button.setEnabled(False)
        self.fix_all_button = named(QPushButton(self.tr("Apply all safe fixes")), "fixAllButton")
        self.save_button = named(QPushButton(self.tr("Save")), "saveButton")
        self.save_button.setToolTip(self.tr("Save as a new version (Ctrl+S)"))
        self.copy_button = named(QPushButton(self.tr("Copy", "to the clipboard")), "copyButton")
        self.submit_button = named(QPushButton(self.tr("Submit for review")), "submitButton")
        self.submit_button.setToolTip(self.tr("Save and submit for review (Ctrl+Shift+Enter)"))
        self.override_reason = named(QLineEdit(), "overrideReason")
        self.override_reason.setPlaceholderText(self.tr("Reason for submitting despite blocking findings (recorded for the reviewer)"))
        self.override_reason.hide()

        status_row = QHBoxLayout()
        status_row.addWidget(self.verdict_badge)
        status_row.addWidget(self.draft_state, 1)
        status_row.addWidget(self.counter)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.apply_fix_button)
        fix_row.addWidget(self.fix_all_button)
        fix_row.addStretch(1)
        action_row = QHBoxLayout()
        action_row.addStretch(1)
        action_row.addWidget(self.copy_button)
        action_row.addWidget(self.save_button)
        action_row.addWidget(self.submit_button)
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(QLabel(self.tr("Copy", "the marketing text being written")))
        editor_layout.addWidget(self.copy_editor, 3)
        editor_layout.addLayout(status_row)
        editor_layout.addWidget(self.findings_list, 2)
        editor_layout.addLayout(fix_row)
        editor_layout.addWidget(self.override_reason)
        editor_layout.addLayout(action_row)

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(drafts_scroll)
        middle.addWidget(editor_box)
        middle.setSizes([260, 420])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(middle)
        splitter.setSizes([380, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_check)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave)
        # Once the model is ready, the request the form describes is prepared in the background a
        # moment after the marketer stops changing it (see warm_up_job): Generate then streams at once.
        self.warm_ups_enabled = False
        self._warm_up = None  # the running warm-up job
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.setInterval(WARM_UP_DELAY_MS)
        self._warm_up_timer.timeout.connect(self.start_warm_up)
        for picker in (self.product_picker, self.segment_picker, self.channel_picker, self.tone_picker, self.language_picker):
            picker.currentIndexChanged.connect(self._schedule_warm_up)
        self.copy_editor.textChanged.connect(self._text_changed)
        self.channel_picker.currentIndexChanged.connect(self.run_check)
        self.product_picker.currentIndexChanged.connect(self.run_check)
        self.segment_picker.currentIndexChanged.connect(self.run_check)
        self.language_picker.currentIndexChanged.connect(self.fill_pickers)
        self.product_picker.currentIndexChanged.connect(self._show_product)
        self.segment_picker.currentIndexChanged.connect(self._show_segment)
        self.findings_list.currentRowChanged.connect(self._finding_selected)
        self.apply_fix_button.clicked.connect(self.apply_selected_fix)
        self.fix_all_button.clicked.connect(self.apply_all_fixes)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.submit_button.clicked.connect(self.submit)
        self.copy_button.setToolTip(self.tr("Copy the text to the clipboard (Ctrl+Shift+C)"))
        self.apply_fix_button.setToolTip(self.tr("Apply the selected finding's safe fix (Ctrl+Shift+F)"))
        self.fix_all_button.setToolTip(self.tr("Apply every safe fix and add missing disclosures (Ctrl+Shift+G)"))
        for keys, slot in (("Ctrl+Return", self.generate), ("Ctrl+Enter", self.generate), ("Escape", self.cancel),
                           ("Ctrl+S", self.save), ("Ctrl+Shift+Return", self.submit),
                           ("Ctrl+Shift+C", self.copy_to_clipboard), ("Ctrl+Shift+F", self.apply_selected_fix),
                           ("Ctrl+Shift+G", self.apply_all_fixes)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.fill_pickers()
        self._update_actions()

    # --- pickers -----------------------------------------------------------------------

    def language(self) -> str:
        return self.language_picker.currentData()

    def product(self) -> Product | None:
        product_id = self.product_picker.currentData()
        if self.catalog is None or product_id is None:
            return None
        return self.catalog.product(product_id)

    def channel(self) -> str:
        return self.channel_picker.currentData()

    def select(self, product_id: str | None = None, segment_id: str | None = None, channel: str | None = None,
               lang: str | None = None) -> None:
        """Set the pickers (used when reusing copy, restoring autosave and by tests)."""
        if lang:
            self.language_picker.setCurrentIndex(self.language_picker.findData(lang))
        for picker, value in ((self.product_picker, product_id), (self.segment_picker, segment_id), (self.channel_picker, channel)):
            if value is not None and picker.findData(value) >= 0:
                picker.setCurrentIndex(picker.findData(value))

    def fill_pickers(self) -> None:
        """List the catalog's products and segments for the chosen language (again after an import)."""
        lang = self.language()
        self.product_picker.clear()
        self.segment_picker.clear()
        if self.catalog is None:
            return
        model = QStandardItemModel(self.product_picker)
        products = sorted((p for p in self.catalog.products if p.lang == lang), key=lambda p: (p.kind, p.name))
        kind = None
        first_product_row = None
        for product in products:
            if product.kind != kind:
                kind = product.kind
                header = QStandardItem(kind_text(kind).upper())
                header.setFlags(Qt.ItemFlag.NoItemFlags)  # a group heading, not a choice
                font = QFont()
                font.setBold(True)
                header.setFont(font)
                model.appendRow(header)
            item = QStandardItem(product.name)
            item.setData(product.id, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
            first_product_row = model.rowCount() - 1 if first_product_row is None else first_product_row
        self.product_picker.setModel(model)
        completer = QCompleter(model, self.product_picker)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.product_picker.setCompleter(completer)
        if first_product_row is not None:
            self.product_picker.setCurrentIndex(first_product_row)
        for segment in self.catalog.segments:
            if segment.lang == lang:
                self.segment_picker.addItem(segment.name, segment.id)
        self._show_product()
        self._show_segment()

    def _show_product(self) -> None:
        product = self.product()
        if product is None:
            self.facts_view.setPlainText("")
            return
        lines = fact_lines(product.facts)  # "Annual fee: $0", not the catalog's key
        lines += ["", self.tr("Required disclosures:")] + [f"• {text}" for text in product.disclosures]
        self.facts_view.setPlainText("\n".join(lines))

    def _show_segment(self) -> None:
        segment = self.segment()
        if segment is None:
            self.segment_description.setText("")
            return
        lines = [segment.description] + [fill(self.tr("Not to be offered: %1"), r.reason) for r in segment.restrictions]
        self.segment_description.setText("\n".join(lines))

    def segment(self):
        """The chosen segment (its restrictions apply to the live check), or None."""
        segment_id = self.segment_picker.currentData()
        if self.catalog is None or segment_id is None:
            return None
        return self.catalog.segment(segment_id)  # the picker holds this catalog's ids

    # --- live check --------------------------------------------------------------------

    def _text_changed(self) -> None:
        self._check_timer.start()
        if not self._restoring:
            self._autosave_timer.start()
        self._update_actions()

    def run_check(self) -> None:
        """Check the copy against the rules and mark findings in the text (a few ms: no worker)."""
        text = self.copy_editor.toPlainText()
        channel = CHANNELS[self.channel()]
        limit = f" / {channel.limit}" if channel.limit else ""
        self.counter.setText(fill(self.tr("%1 characters"), f"{len(text)}{limit}"))
        over = channel.limit is not None and len(text) > channel.limit
        self.counter.setStyleSheet("color:#a4161a;font-weight:bold;" if over else "")
        self.findings_list.clear()
        product = self.product()
        if product is None or not text.strip():
            self.report = None
            style_verdict(self.verdict_badge, "")
            highlight_findings(self.copy_editor, [])
            self._update_actions()
            return
        self.report = self.engine.check(text, product, channel.id, self.language(), segment=self.segment())
        style_verdict(self.verdict_badge, self.report.verdict)
        if not self.report.findings:
            self.findings_list.addItem(self.tr("No findings: nothing in this copy breaks a rule."))
        for finding in self.report.findings:
            item = QListWidgetItem(describe_finding(finding, text) + ("\n" + self.tr("A safe fix is available.") if finding.fix is not None else ""))
            item.setData(Qt.ItemDataRole.UserRole, finding)
            item.setBackground(QColor(SEVERITY_COLOURS.get(finding.severity, "#eeeeee")))
            self.findings_list.addItem(item)
        lines = figure_lines(self.report, self.language())
        if lines:  # which fact each figure states: what the binding check read
            header = QListWidgetItem(self.tr("Figures and the facts they state:"))
            bold = header.font()
            bold.setBold(True)
            header.setFont(bold)
            self.findings_list.addItem(header)
            for line in lines:
                self.findings_list.addItem(QListWidgetItem(line))
        highlight_findings(self.copy_editor, self.report.findings)
        self._update_actions()

    def _finding_selected(self, row: int) -> None:
        finding = self.findings_list.item(row).data(Qt.ItemDataRole.UserRole) if row >= 0 else None
        self.apply_fix_button.setEnabled(finding is not None and finding.fix is not None)

    def apply_selected_fix(self) -> None:
        item = self.findings_list.currentItem()
        finding = item.data(Qt.ItemDataRole.UserRole) if item else None
        if finding is None or finding.fix is None:
            return
        self._replace_text(fix_one(self.copy_editor.toPlainText(), finding))

    def apply_all_fixes(self) -> None:
        product = self.product()
        if product is None or not self.fix_all_button.isEnabled():  # the shortcut acts only when the button would
            return
        text = fix_all(self.engine, self.copy_editor.toPlainText(), product, self.channel(), self.language())
        self._replace_text(text)

    def _replace_text(self, text: str) -> None:
        """Replace the editor's text as one undoable edit, then re-check at once."""
        cursor = self.copy_editor.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)
        self.run_check()

    # --- generation --------------------------------------------------------------------

    def set_pipeline(self, pipeline) -> None:
        self.pipeline = pipeline
        self._update_actions()

    def current_request(self, seed: int = 0):
        """The request the form describes, or None while no product or segment is chosen."""
        if self.product() is None or self.segment_picker.currentData() is None:
            return None
        from copydesk.generation.pipeline import GenerationRequest

        return GenerationRequest(self.product().id, self.segment_picker.currentData(), self.channel(), self.language(),
                                 n=self.draft_count.value(), seed=seed, tone=self.tone_picker.currentData())

    def warm_up_job(self):
        """A background job that computes the current request's prompt once the model is loaded,
        so the first Generate reuses it (None when the model does not write this language)."""
        request = self.current_request()
        if self.pipeline is None or request is None or not self.pipeline.uses_model(request):
            return None
        pipeline, examples = self.pipeline, self._library_examples()
        return workers.FunctionJob(lambda progress: pipeline.warm_up(request, examples))

    def _schedule_warm_up(self) -> None:
        if self.warm_ups_enabled:
            self._warm_up_timer.start()

    def start_warm_up(self) -> None:
        """Prepare the current request now, unless drafts are being written or one is running
        (then it waits for the next change): at most one warm-up at a time, never during Generate."""
        if not self.warm_ups_enabled or self.job is not None or self._warm_up is not None:
            return
        job = self.warm_up_job()
        if job is None:
            return
        self._warm_up = job
        job.signals.result.connect(self._warm_up_done)
        job.signals.failed.connect(self._warm_up_done)  # a failed warm-up only costs speed
        workers.start(job)

    def _warm_up_done(self, _=None) -> None:
        self._warm_up = None
        self.warm_up_finished.emit()

    def generate(self) -> None:
        if self.job is not None or self.pipeline is None or self.current_request() is None:
            return
        request = self.current_request(seed=self._next_seed())
        self._clear_cards()
        self.cards = [DraftCard(i) for i in range(request.n)]
        for card in self.cards:
            card.chosen.connect(self.use_draft)
            self.draft_list_layout.insertWidget(self.draft_list_layout.count() - 1, card)
        self.drafts_empty.hide()
        self.job = workers.GenerateJob(self.pipeline, request, self._library_examples())
        self.job.signals.token.connect(self._on_token)
        self.job.signals.status.connect(lambda text: self.generate_status.setText(self.tr(text)))
        self.job.signals.drafts_ready.connect(self._on_drafts)
        self.job.signals.failed.connect(self._on_failed)
        self.job.signals.cancelled.connect(self._on_cancelled)
        self.job.signals.finished.connect(self._on_finished)
        self.generate_status.setText(self.tr("Writing drafts…") if self.pipeline.uses_model(request) else self.tr("Filling copy templates…"))
        self.progress.show()
        workers.start(self.job)
        self._update_actions()

    def _library_examples(self) -> list[dict]:
        """Approved copy for this kind of product and channel: the model imitates the bank's own voice."""
        workflow = self.services.workflow()
        if workflow is None:
            return []
        try:
            return workflow.fewshot_examples(self.product().kind, self.channel(), self.language())
        except Exception:
            return []  # examples only improve drafts; never fail generation over them

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.generate_status.setText(self.tr("Cancelling…"))

    def _next_seed(self) -> int:
        # A fresh seed per click gives new drafts; the seed is recorded with every draft, so the
        # same inputs and seed make the same draft again.
        from copydesk.generation.pipeline import fresh_seed

        return fresh_seed()

    def _on_token(self, index: int, text: str) -> None:
        if 0 <= index < len(self.cards):
            self.cards[index].stream(text)

    def _on_drafts(self, drafts: list) -> None:
        for card in self.cards[len(drafts):]:
            card.deleteLater()
        self.cards = self.cards[: len(drafts)]
        for card, draft in zip(self.cards, drafts):
            card.show_draft(draft)
        passing = sum(d.verdict == "pass" for d in drafts)
        self.generate_status.setText(fill(self.tr("%1 drafts, %2 pass the checks; best first."), len(drafts), passing))

    def _on_failed(self, message: str) -> None:
        for card in self.cards:  # "Writing…" placeholders would wait for drafts that never come
            card.deleteLater()
        self.cards = []
        self.banner.show_message(fill(self.tr("Generation failed: %1"), message))
        self.generate_status.setText(self.tr("Generation failed."))

    def _on_cancelled(self) -> None:
        self.generate_status.setText(self.tr("Cancelled."))

    def _on_finished(self) -> None:
        self.job = None
        self.progress.hide()
        self._update_actions()

    def _clear_cards(self) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []

    def use_draft(self, draft) -> None:
        """Put a generated draft in the editor, remembering where it came from."""
        self._replace_text(self.session.use_draft(draft))
        self._show_state()

    # --- saving and submitting ---------------------------------------------------------

    def target(self) -> Target:
        product = self.product()
        return Target(product.id if product else None, self.segment_picker.currentData(), self.channel(), self.language())

    def start_from(self, version) -> None:
        """Reuse approved copy: same targeting, its text, a new draft that records where it came from."""
        self.select(version.product_id, version.segment_id, version.channel, version.lang)
        self._replace_text(self.session.start_from(version))
        self._show_state()

    def revise(self, version) -> None:
        """Copy a reviewer returned: its text in the editor, saved as the next version of the same draft."""
        try:
            text = self.session.revise(version)
        except WorkflowError as exc:
            self.banner.show_message(str(exc))
            return
        self.select(version.product_id, version.segment_id, version.channel, version.lang)
        self.left_tabs.setCurrentIndex(0)
        self._replace_text(text)
        self._show_state()
        self.copy_editor.setFocus()

    def _show_state(self) -> None:
        """The line under the editor: what its text is a version of."""
        state = self.session.state
        label = version_label(state.version) if state.version is not None else ""
        texts = {
            "new": self.tr("New draft"),
            "generated": fill(self.tr("New draft from %1"), state.detail or self.tr("copy template")),
            "based_on": fill(self.tr("New draft based on %1"), label),
            "saved": fill(self.tr("Saved as %1"), label),
            "submitted": fill(self.tr("Submitted %1"), label),
            "revising": fill(self.tr("Revising %1: saving makes the next version of the same draft"), label),
            "recovered": self.tr("Recovered unsaved text"),
        }
        self.draft_state.setText(texts[state.kind])

    def save(self) -> int | None:
        """Save the editor's text as a new version; returns the version id (None when nothing saved)."""
        text = self.copy_editor.toPlainText()
        if self.services.workflow() is None:
            self.banner.show_message(self.services.store_problem or self.tr("No catalog is loaded, so copy cannot be saved."))
            return None
        if not text.strip():
            self.banner.show_message(self.tr("There is no text to save yet."), "info")
            return None
        if self.session.is_saved(text):
            return self.session.save(text, self.target()).id
        try:
            version = self.session.save(text, self.target())
        except Exception as exc:  # WorkflowError, StoreError …: the text stays in the editor
            self.banner.show_message(fill(self.tr("Not saved: %1 Your text is still here."), exc))
            return None
        self._autosave_timer.stop()
        self._show_state()
        self.status_message.emit(fill(self.tr("Saved %1"), version_label(version)))
        self._update_actions()
        return version.id

    def submit(self) -> None:
        if self.save() is None:
            return  # the banner says why
        try:
            version = self.session.submit(self.copy_editor.toPlainText(), self.target(), self.override_reason.text())
        except Blocked as exc:
            self._show_state()
            self.override_reason.show()
            self.override_reason.setFocus()
            self.banner.show_message(fill(self.tr(
                "%1 has %2 blocking finding(s) (%3). Fix them, or submit with an override reason for the reviewer "
                "(it is recorded; blocked copy still cannot be approved)"),
                version_label(exc.version), len(exc.blocks), "; ".join(f"{f.rule}: {f.message}" for f in exc.blocks[:5])))
            return
        except Exception as exc:
            self.banner.show_message(fill(self.tr("Not submitted: %1"), exc))
            return
        self._autosave_timer.stop()
        self.override_reason.clear()
        self.override_reason.hide()
        self.banner.show_message(fill(self.tr("Submitted %1 for review."), version_label(version)), "ok")
        self._show_state()
        self._update_actions()
        self.submitted.emit(version.id)

    def copy_to_clipboard(self) -> None:
        if not self.copy_button.isEnabled():
            return
        QGuiApplication.clipboard().setText(self.copy_editor.toPlainText())
        self.status_message.emit(self.tr("Copied to the clipboard."))

    # --- inbox -------------------------------------------------------------------------

    def _inbox_count_changed(self, count: int) -> None:
        self.left_tabs.setTabText(1, fill(self.tr("Inbox (%1)"), count) if count else self.tr("Inbox"))
        self.inbox_count_changed.emit(count)

    # --- autosave ----------------------------------------------------------------------

    def autosave(self) -> None:
        """Keep what is in the editor in the database, so a crash loses nothing."""
        try:
            self.session.autosave(self.copy_editor.toPlainText(), self.target())
        except Exception as exc:
            self.banner.show_message(fill(self.tr("Autosave failed: %1 Save your text when you can."), exc))

    def restore_autosave(self) -> bool:
        """Bring back text left unsaved by a crash or close; True when something was restored."""
        recovered = self.session.recover()
        if recovered is None:
            return False
        text, target, saved_at = recovered
        self.select(target.product_id, target.segment_id, target.channel, target.lang)
        self._restoring = True
        self.copy_editor.setPlainText(text)
        self._restoring = False
        self.run_check()
        self._show_state()
        self.banner.show_message(fill(self.tr("Recovered the text you had not saved (from %1)."), local_time(saved_at)), "info")
        return True

    def _update_actions(self) -> None:
        busy = self.job is not None
        ready = self.catalog is not None and self.product() is not None
        self.generate_button.setEnabled(ready and not busy and self.pipeline is not None)
        self.cancel_button.setEnabled(busy)
        has_text = bool(self.copy_editor.toPlainText().strip())
        can_write = self.services.store is not None and ready
        self.save_button.setEnabled(has_text and can_write)
        self.submit_button.setEnabled(has_text and can_write)
        self.copy_button.setEnabled(has_text)
        self.fix_all_button.setEnabled(bool(self.report and any(f.fix is not None or f.category == "missing_disclosure" for f in self.report.findings)))
