"""The first start on screen: the setup checklist under the window's banner, and the first model
conversion's progress in the status bar. What is done, and how far the load is, are worked
out in copydesk.app.onboarding; these widgets only show it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from copydesk import config
from copydesk.app import onboarding
from copydesk.app.onboarding import Checklist, LoadState, ModelLoadProgress, Step
from copydesk.app.settings_changes import SettingsNotSaved
from copydesk.ui.admin.common import acting_workflow
from copydesk.ui.common import fill, named, roles_text

DONE_MARK, OPEN_MARK = "✓", "○"


class OnboardingChecklist(QFrame):
    """Who you are, add a reviewer, import your catalog, check the model: each with a button to
    the Admin tab that does it. Stays until every step is done or it is dismissed; a non-admin
    sees only the steps they can act on."""

    def __init__(self, services, admin, tabs, parent: QWidget | None = None):
        """`admin`: the AdminView its buttons open; `tabs`: the window's page tabs holding it."""
        super().__init__(parent)
        named(self, "onboardingChecklist")
        self.services = services
        self.admin = admin
        self.tabs = tabs
        self.state: Checklist | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#onboardingChecklist{background:#f4f8fd;border:1px solid #c9d9ef;border-radius:4px;}")
        self.title = QLabel()  # "Getting started: 1 of 4 done", set by refresh
        self.title.setStyleSheet("font-weight:600;")
        self.dismiss_button = named(QPushButton(self.tr("Hide this list")), "onboardingDismiss")
        self.dismiss_button.setFlat(True)
        self.dismiss_button.setToolTip(self.tr("Hide the checklist on this PC; the Admin page still does every step"))
        self.dismiss_button.clicked.connect(self.dismiss)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.dismiss_button)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.marks: dict[Step, QLabel] = {}
        self.texts: dict[Step, QLabel] = {}
        self.buttons: dict[Step, QPushButton] = {}
        labels = {Step.WHO: self.tr("Users…"), Step.REVIEWER: self.tr("Add a reviewer…"),
                  Step.CATALOG: self.tr("Import catalog…"), Step.MODEL: self.tr("Check the model…")}
        for row, step in enumerate(Step):
            self.marks[step] = named(QLabel(), f"onboarding{step.value.title()}Mark")
            self.texts[step] = named(QLabel(), f"onboarding{step.value.title()}")
            self.texts[step].setWordWrap(True)
            self.buttons[step] = named(QPushButton(labels[step]), f"onboarding{step.value.title()}Button")
            self.buttons[step].clicked.connect(lambda _checked=False, s=step: self.open_step(s))
            self.grid.addWidget(self.marks[step], row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(self.texts[step], row, 1)
            self.grid.addWidget(self.buttons[step], row, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.addLayout(header)
        layout.addLayout(self.grid)
        # What the Admin page changes can tick a step; the CLI may have ticked one meanwhile.
        admin.catalog_changed.connect(self.refresh)
        admin.users_changed.connect(self.refresh)
        admin.model_checked.connect(self.refresh)
        tabs.currentChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Work the checklist out again and show it, or hide it when nothing is left to do."""
        self.state = onboarding.checklist(acting_workflow(self.services), self._settings())
        for step in Step:
            entry = self.state.item(step)
            for widget in (self.marks[step], self.texts[step], self.buttons[step]):
                widget.setVisible(entry is not None)
            if entry is not None:
                self.marks[step].setText(DONE_MARK if entry.done else OPEN_MARK)
                self.marks[step].setStyleSheet("color:#14532d;font-weight:600;" if entry.done else "color:#5f6368;")
                self.texts[step].setText(self._text(step, entry.done))
        finished = sum(item.done for item in self.state.items)
        self.title.setText(fill(self.tr("Getting started: %1 of %2 done"), finished, len(self.state.items)))
        self.setVisible(self.state.shown)

    def _settings(self) -> config.Settings:
        """settings.json as it is now (the Admin page and the CLI write it), else what the window holds."""
        try:
            return config.load_settings()
        except config.SettingsError:
            return self.services.settings  # the banner already says the file is broken

    def _text(self, step: Step, done: bool) -> str:
        state = self.state
        if step == Step.WHO:
            if not state.registered:
                separator = QCoreApplication.translate("common", ", ", "between the names in a list")
                return fill(self.tr("Signed in as %1, who is not a copydesk user yet: ask an admin to add you (%2)."),
                            state.login, separator.join(state.admins) or self.tr("no admin yet"))
            return fill(self.tr("Signed in as %1 (%2)."), state.login, roles_text(state.roles))
        if step == Step.REVIEWER:
            return (self.tr("A reviewer is set up: copy can be approved.") if done
                    else self.tr("Add a reviewer (compliance): nobody else can approve copy."))
        if step == Step.CATALOG:
            return (self.tr("Your product catalog is in use.") if done
                    else self.tr("Import your product catalog: the bundled sample is in use."))
        return (self.tr("The model was checked.") if done
                else self.tr("Check the model: Verify confirms its files and checksums."))

    def open_step(self, step: Step) -> None:
        """Open the Admin tab that does `step`."""
        self.tabs.setCurrentWidget(self.admin)
        self.admin.show_tab(onboarding.ADMIN_TAB[step])

    def dismiss(self) -> None:
        """Hide the checklist for good on this PC."""
        try:
            self.services.use_settings(onboarding.dismiss())
        except (config.SettingsError, SettingsNotSaved):
            pass  # not remembered: it comes back at the next start, which is no harm
        self.hide()


class ModelLoadIndicator(QProgressBar):
    """While a model loads: a progress bar in the status bar, and in the model label the step,
    the percentage and the time left of a first-start conversion. It follows one load job and
    goes away when that job ends (the window then says whether the model is ready)."""

    def __init__(self, label: QLabel, model_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        named(self, "modelProgress")
        self.label = label
        self.model_id = model_id
        self.progress = ModelLoadProgress()
        self.setRange(0, 0)  # busy until the backend reports a step (a load from the cache reports none)
        self.setMaximumWidth(180)
        self.setTextVisible(True)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(lambda: self._show(self.progress.state()))
        self.ended = False

    def follow(self, job) -> "ModelLoadIndicator":
        """Show `job`'s progress messages; go away when it ends."""
        job.signals.progress.connect(self.report)
        for ended in (job.signals.result, job.signals.failed, job.signals.finished):
            ended.connect(self.finish)
        return self

    def report(self, message: str) -> None:
        """A progress message from the backend."""
        if self.ended:
            return
        self._show(self.progress.report(message))
        self.timer.start()

    def _show(self, state: LoadState) -> None:
        if state.number == 0:
            return
        self.setRange(0, 100)
        self.setValue(state.percent)
        steps = {"convert": self.tr("converting it once for this PC"), "vocabulary": self.tr("keeping the vocabulary it needs"),
                 "read": self.tr("reading the converted model")}
        left = (fill(self.tr("about %1 s left"), state.seconds_left) if state.seconds_left < 90
                else fill(self.tr("about %1 min left"), round(state.seconds_left / 60)))
        self.label.setText(fill(self.tr("Model: first start, %1 (step %2 of %3, %4%), %5"),
                                steps.get(state.step, state.step), state.number, state.steps, state.percent, left))
        self.label.setToolTip(f"{self.model_id}: {state.message}")  # the backend's own words

    def finish(self, *_result) -> None:
        """The load ended (ready or failed): stop and leave the status bar."""
        if self.ended:
            return
        self.ended = True
        self.timer.stop()
        self.label.setToolTip("")
        self.hide()
        self.deleteLater()
