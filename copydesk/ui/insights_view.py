"""Insights: drafts and approvals over time, the rules that fire most, first-time pass rate by
product, and totals, for the last 30, 90 or 365 days. Figures come from copydesk.insights,
computed in a worker on its own database connection."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from copydesk import insights
from copydesk.ui.charts import BarChart, Series
from copydesk.ui.common import Banner, fill, named, product_text
from copydesk.ui.workers import FunctionJob, start

PERIODS = (30, 90, 365)
DRAFTS_COLOUR = "#8ab4e8"
APPROVALS_COLOUR = "#2e7d4f"
RATE_COLOUR = "#3b7ea1"
SEVERITY_BAR_COLOURS = {"block": "#c94a55", "warn": "#d99a26"}


class InsightsView(QWidget):
    """The numbers a compliance manager reviews; `refresh()` recomputes them off the GUI thread."""

    refreshed = Signal(object)  # the copydesk.insights.Insights shown

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.insights: insights.Insights | None = None
        self._jobs: set[FunctionJob] = set()  # running jobs must outlive refresh(), or Qt frees them mid-run
        self._generation = 0  # results of a superseded refresh are dropped
        self._loaded = False

        self.period_picker = named(QComboBox(), "periodPicker")
        for days in PERIODS:
            self.period_picker.addItem(fill(self.tr("Last %1 days"), days), days)
        self.refresh_button = named(QPushButton(self.tr("Refresh")), "refreshInsightsButton")
        self.status = named(QLabel(), "insightsStatus")
        self.status.setStyleSheet("color:#5f6368;")
        self.banner = Banner("insightsBanner")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period")))
        top.addWidget(self.period_picker)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.status)

        self.totals: dict[str, QLabel] = {}
        totals_box = QFrame()
        totals_box.setObjectName("insightsTotals")
        totals_box.setStyleSheet("#insightsTotals{background:#f6f8fa;border:1px solid #e3e5e8;border-radius:6px;}")
        totals_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        grid = QGridLayout(totals_box)
        grid.setHorizontalSpacing(16)
        captions = (
            ("drafts", self.tr("Drafts created")),
            ("submitted", self.tr("Submitted")),
            ("approved", self.tr("Approved")),
            ("changes_requested", self.tr("Changes requested")),
            ("rejected", self.tr("Rejected")),
            ("in_review", self.tr("In review now")),
            ("overrides", self.tr("Overrides used")),
            ("first_time", self.tr("Passed first time")),
        )
        for column, (key, caption) in enumerate(captions):
            number = named(QLabel("–"), "total" + "".join(part.title() for part in key.split("_")))
            number.setStyleSheet("font-size:20pt;font-weight:600;color:#202124;")
            label = QLabel(caption)
            label.setStyleSheet("color:#5f6368;")
            label.setWordWrap(True)  # narrow windows wrap captions instead of scrolling sideways
            grid.setColumnStretch(column, 1)
            label.setBuddy(number)
            number.setAccessibleDescription(caption)
            grid.addWidget(number, 0, column, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(label, 1, column, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.totals[key] = number

        self.empty_label = named(QLabel(), "insightsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color:#5f6368;font-size:12pt;padding:40px;")
        self.empty_label.hide()

        self.activity_chart = BarChart("activityChart", self.tr("Drafts created and approvals"))
        self.rules_chart = BarChart("topRulesChart", self.tr("Rules that fire most (submitted versions)"), Qt.Orientation.Horizontal)
        self.pass_chart = BarChart("passRateChart", self.tr("First-time pass rate by product"), Qt.Orientation.Horizontal)
        self.pass_note = QLabel(self.tr(
            "A draft passes first time when the reviewer's first decision approves the first version submitted, "
            "with no changes asked for and no rework. Drafts count in the period of that first decision."))
        self.pass_note.setWordWrap(True)
        self.pass_note.setStyleSheet("color:#5f6368;")

        self.charts = QWidget()
        charts_layout = QVBoxLayout(self.charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.activity_chart)
        lower = QHBoxLayout()
        lower.addWidget(self.rules_chart, 1, Qt.AlignmentFlag.AlignTop)
        lower.addWidget(self.pass_chart, 1, Qt.AlignmentFlag.AlignTop)
        charts_layout.addLayout(lower)
        charts_layout.addWidget(self.pass_note)
        charts_layout.addStretch(1)

        content = QWidget()
        body = QVBoxLayout(content)
        body.addWidget(totals_box)
        body.addWidget(self.empty_label)
        body.addWidget(self.charts, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)

        self.period_picker.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)

    def days(self) -> int:
        return self.period_picker.currentData()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the figures for the chosen period in a worker; `refreshed` says when shown."""
        self._loaded = True
        if self.services.store is None:
            self.banner.show_message(fill(self.tr("The database cannot be opened, so there is nothing to show: %1"),
                                          self.services.store_problem or ""))
            return
        self._generation += 1
        generation, days, services = self._generation, self.days(), self.services

        def compute(progress):
            workflow = services.open_workflow()  # its own connection: SQLite connections belong to one thread
            try:
                return generation, insights.compute(workflow.store, days)
            finally:
                workflow.store.close()

        self.status.setText(self.tr("Counting…"))
        self.refresh_button.setEnabled(False)
        job = FunctionJob(compute)
        job.signals.result.connect(self._on_result)
        job.signals.failed.connect(self._on_failed)
        job.signals.finished.connect(self._job_finished)
        self._jobs.add(job)
        start(job)

    def _job_finished(self) -> None:
        signals = self.sender()
        self._jobs = {job for job in self._jobs if job.signals is not signals}

    def _on_result(self, payload) -> None:
        generation, result = payload
        if generation != self._generation:
            return
        self.refresh_button.setEnabled(True)
        self.status.setText(fill(self.tr("Updated %1"), QTime.currentTime().toString("HH:mm")))
        self.banner.hide()
        self.show_insights(result)
        self.refreshed.emit(result)

    def _on_failed(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText("")
        self.banner.show_message(fill(self.tr("The figures could not be computed: %1"), message))

    # --- showing ---------------------------------------------------------------------------

    def show_insights(self, result: insights.Insights) -> None:
        """Fill the totals and charts from computed figures."""
        self.insights = result
        t = result.totals
        overall = result.overall_pass_rate
        for key in ("drafts", "submitted", "approved", "changes_requested", "rejected", "in_review", "overrides"):
            self.totals[key].setText(f"{getattr(t, key):,}")
        self.totals["first_time"].setText(f"{overall.rate:.0%}" if overall.decided else "–")
        self.totals["first_time"].setToolTip(
            fill(self.tr("%1 of %2 drafts decided in the period"), overall.first_time, overall.decided))

        self.empty_label.setVisible(result.is_empty)
        self.charts.setVisible(not result.is_empty)
        if result.is_empty:
            self.empty_label.setText(fill(self.tr(
                "No drafts or reviews in the last %1 days. Figures appear here once marketers create drafts "
                "and reviewers decide on them."), result.period.days))
            return
        self._show_activity(result)
        self._show_rules(result)
        self._show_pass_rates(result)

    def _show_activity(self, result: insights.Insights) -> None:
        points = result.activity
        weekly = result.bucket == "week"
        self.activity_chart.title = (self.tr("Drafts created and approvals per week") if weekly
                                     else self.tr("Drafts created and approvals per day"))
        if not any(p.drafts or p.approvals for p in points):
            points = ()
        self.activity_chart.set_data(
            [p.start.strftime("%m-%d") for p in points],
            [Series(self.tr("Drafts created"), [p.drafts for p in points], DRAFTS_COLOUR),
             Series(self.tr("Approvals"), [p.approvals for p in points], APPROVALS_COLOUR)],
            category_axis=self.tr("Week starting (month-day)") if weekly else self.tr("Day (month-day)"),
            value_axis=self.tr("Count"),
            empty_text=self.tr("No drafts or approvals in this period"),
        )

    def _show_rules(self, result: insights.Insights) -> None:
        rules = result.top_rules
        self.rules_chart.set_data(
            [r.rule for r in rules],
            [Series(self.tr("Submitted versions"), [r.versions for r in rules], SEVERITY_BAR_COLOURS["block"],
                    [SEVERITY_BAR_COLOURS.get(r.severity, "#8a8f98") for r in rules])],
            value_axis=self.tr("Submitted versions it fired on"),
            legend=[(self.tr("block"), SEVERITY_BAR_COLOURS["block"]), (self.tr("warn"), SEVERITY_BAR_COLOURS["warn"])],
            bar_labels=[str(r.versions) for r in rules],
            empty_text=self.tr("No findings on submitted copy in this period"),
        )

    def _show_pass_rates(self, result: insights.Insights) -> None:
        rates = sorted(result.pass_rates, key=lambda p: (-p.rate, -p.decided, p.product_id))
        self.pass_chart.set_data(
            [product_text(self.services, p.product_id) for p in rates],
            [Series(self.tr("First-time pass rate"), [p.rate for p in rates], RATE_COLOUR)],
            value_axis=self.tr("Share of decided drafts"),
            bar_labels=[fill(self.tr("%1 (%2 of %3)"), f"{p.rate:.0%}", p.first_time, p.decided) for p in rates],
            tick_text=lambda v: f"{v:.0%}",
            maximum=1.0,
            whole_numbers=False,
            empty_text=self.tr("No review decisions in this period"),
        )
