"""The first start: a checklist that stays until copydesk is set up, and how far the first
model conversion has got.

The checklist (who you are, a reviewer added, your catalog imported, the model checked) is
worked out afresh from the library and settings.json each time it is shown, so there is nothing
to keep in step; only a successful model check and "dismissed" are remembered, in
settings.json under "onboarding" (per PC, like the rest of the settings).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path
from typing import Callable

from copydesk import config, resources
from copydesk.app import settings_changes
from copydesk.enums import Role
from copydesk.workflow import NotAllowed, Workflow

SETTINGS_KEY = "onboarding"  # settings.extra["onboarding"] = {"model_checked": {...}, "dismissed": true}


class Step(StrEnum):
    WHO = "who"
    REVIEWER = "reviewer"
    CATALOG = "catalog"
    MODEL = "model"


# Which Admin tab does each step, and the permission it needs (None: everyone sees it).
ADMIN_TAB = {Step.WHO: "users", Step.REVIEWER: "users", Step.CATALOG: "catalog", Step.MODEL: "model"}
NEEDS = {Step.WHO: None, Step.REVIEWER: "manage_users", Step.CATALOG: "install_catalog", Step.MODEL: "configure_model"}


@dataclass(frozen=True)
class ChecklistItem:
    step: Step
    done: bool

    @property
    def admin_tab(self) -> str:
        """The Admin tab ("users", "catalog", "model") where this step is done."""
        return ADMIN_TAB[self.step]


@dataclass(frozen=True)
class Checklist:
    login: str
    roles: tuple[str, ...]  # () when the person is not an active user yet
    admins: tuple[str, ...]  # whom to ask, for someone who is not a user yet
    items: tuple[ChecklistItem, ...]  # only the steps this person can act on
    dismissed: bool

    @property
    def registered(self) -> bool:
        return bool(self.roles)

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def shown(self) -> bool:
        """On screen until every step is done or the person dismissed it."""
        return bool(self.items) and not self.complete and not self.dismissed

    def item(self, step: Step) -> ChecklistItem | None:
        return next((item for item in self.items if item.step == step), None)


def checklist(workflow: Workflow | None, settings: config.Settings) -> Checklist:
    """The checklist for the acting user; without a database it is empty (the banner says why)."""
    state = settings.extra.get(SETTINGS_KEY, {})
    if workflow is None:
        return Checklist("", (), (), (), bool(state.get("dismissed")))
    user = settings_changes.acting_user(workflow)
    done = {
        Step.WHO: user is not None,
        Step.REVIEWER: any(other.has(Role.REVIEWER) and other.login != workflow.login
                           for other in settings_changes.users(workflow)),
        Step.CATALOG: catalog_imported(workflow, settings),
        Step.MODEL: bool(state.get("model_checked")),
    }
    items = tuple(ChecklistItem(step, done[step]) for step in Step if NEEDS[step] is None or _may(workflow, NEEDS[step]))
    return Checklist(workflow.login, user.roles if user else (), settings_changes.admin_names(workflow), items,
                     bool(state.get("dismissed")))


def _may(workflow: Workflow, action: str) -> bool:
    try:
        workflow.require(action)
    except NotAllowed:
        return False
    return True


def catalog_imported(workflow: Workflow, settings: config.Settings) -> bool:
    """The bank's own catalog is in use: one was installed (the audit log says so), or the
    settings name a catalog file other than the bundled sample (IT may have put it there)."""
    # The audit log is the record of installs; no repository reader exists for it yet.
    if workflow.store.query("SELECT 1 AS found FROM audit WHERE action = ? LIMIT 1", ("catalog.install",)):
        return True
    if not settings.catalog:
        return False  # no setting: the bundled sample is loaded
    return _resolved(settings.catalog) != _resolved(resources.sample_catalog_path())


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(path)


def record_model_check(setting: str) -> config.Settings:
    """Remember that Admin → Model → Verify succeeded (for `setting`), which ticks the model step."""
    return _remember(model_checked={"model": setting, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})


def dismiss() -> config.Settings:
    """Hide the checklist on this PC for good, done or not."""
    return _remember(dismissed=True)


def _remember(**values) -> config.Settings:
    state = dict(config.load_settings().extra.get(SETTINGS_KEY, {}))
    state.update(values)
    return settings_changes.update_settings(**{SETTINGS_KEY: state})


# --- the first model conversion ------------------------------------------------------------

@dataclass(frozen=True)
class LoadStep:
    key: str
    starts: str  # how the backend's progress message for this step begins (models.build_cache)
    seconds: float  # typical time on the bundled default model


# A first start converts the GGUF once (40.4 s conversion + load measured, bench/README.md),
# keeps the vocabulary the model needs (only models with a vocabulary recipe) and reads the
# cache. Later starts read the cache in seconds and report no steps at all.
FIRST_LOAD_STEPS = (
    LoadStep("convert", "Converting", 36.0),
    LoadStep("vocabulary", "Keeping", 3.0),
    LoadStep("read", "Model cache ready", 4.0),
)


@dataclass(frozen=True)
class LoadState:
    step: str  # a FIRST_LOAD_STEPS key; "" before the backend reported one
    number: int  # 1-based; 0 before the first step
    steps: int
    percent: int
    seconds_left: int
    message: str  # the backend's own words (English), for a tooltip


class ModelLoadProgress:
    """Turns a backend's progress messages into step N of M, a percentage and the time left.

    Within a step the percentage moves with the time the step typically takes; when this PC
    is slower than that, the remaining steps are stretched by as much."""

    def __init__(self, steps: tuple[LoadStep, ...] = FIRST_LOAD_STEPS, clock: Callable[[], float] = time.monotonic):
        self.steps = steps
        self.clock = clock
        self.index = -1
        self.message = ""
        self.started = self.step_started = clock()

    def report(self, message: str) -> LoadState:
        """A progress message from the backend; a known step's message moves on to that step."""
        self.message = message
        for index, step in enumerate(self.steps):
            if message.startswith(step.starts) and index > self.index:
                self.index, self.step_started = index, self.clock()
                break
        return self.state()

    def state(self) -> LoadState:
        """Where the load is now (called again as time passes)."""
        if self.index < 0:
            return LoadState("", 0, len(self.steps), 0, round(self._left(0, 0.0)), self.message)
        in_step = self.clock() - self.step_started
        step = self.steps[self.index]
        typical_total = sum(s.seconds for s in self.steps)
        before = sum(s.seconds for s in self.steps[: self.index])
        fraction = min(in_step / step.seconds, 0.95)  # never "done" until the next step says so
        percent = round(100 * (before + fraction * step.seconds) / typical_total)
        return LoadState(step.key, self.index + 1, len(self.steps), min(percent, 99), round(self._left(self.index, in_step)), self.message)

    def _left(self, index: int, in_step: float) -> float:
        done = self.step_started - self.started  # the steps already finished took this long
        typical_done = sum(s.seconds for s in self.steps[:index])
        pace = max(done / typical_done, 1.0) if typical_done else 1.0
        current = self.steps[index].seconds * pace
        later = sum(s.seconds for s in self.steps[index + 1:]) * pace
        # Past its typical time the step's end is near but unknown: say a little more is left.
        return max(current - in_step, 0.1 * in_step, 1.0) + later
