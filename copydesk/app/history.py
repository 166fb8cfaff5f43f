"""A draft's history as a reviewer reads it: every version, submission and decision in order, and
which earlier text a version should be compared with."""

from __future__ import annotations

from dataclasses import dataclass

from copydesk.enums import Status
from copydesk.store import repository
from copydesk.store.repository import Version
from copydesk.workflow import Workflow, WorkflowError


@dataclass(frozen=True)
class HistoryEvent:
    at: str  # UTC, ISO
    kind: str  # "written", "submitted" or "decided"
    version: Version
    who: str
    decision: str = ""  # for "decided": a Status value
    note: str = ""  # the reviewer's comment, or the submitter's override reason


def history_events(workflow: Workflow, version: Version) -> list[HistoryEvent]:
    """What happened to the draft up to and including `version`, oldest first (one query for all decisions)."""
    decisions = repository.draft_decisions(workflow.store, version.draft_id)
    events = []
    for step in workflow.history(version.draft_id):
        if step.number > version.number:
            continue
        events.append(HistoryEvent(step.created_at, "written", step, step.author))
        if step.submitted_at:
            events.append(HistoryEvent(step.submitted_at, "submitted", step, step.submitted_by, note=step.override_reason))
        for decision in decisions.get(step.id, []):
            events.append(HistoryEvent(decision["at"], "decided", step, decision["reviewer"], decision["decision"], decision["comment"]))
    return sorted(events, key=lambda event: event.at)


@dataclass(frozen=True)
class Comparison:
    """The text a version is compared with, and why that one."""

    base: Version
    reason: str  # "resubmitted": the version a reviewer returned; "previous"; "origin": reused copy


def returned_before(history: list[Version], version: Version) -> Version | None:
    """The latest earlier version a reviewer sent back (so this one is a resubmission), if any."""
    returned = [v for v in history if v.number < version.number and v.status == Status.CHANGES_REQUESTED]
    return returned[-1] if returned else None


def return_decision(workflow: Workflow, version: Version) -> dict:
    """The reviewer's latest "changes requested" on this version ({} when there is none):
    reviewer, comment and when."""
    return latest_return(workflow.version(version.id).decisions)


def latest_return(decisions: list[dict]) -> dict:
    """The latest "changes requested" among a version's decisions (oldest first), or {}."""
    returns = [d for d in decisions if d["decision"] == Status.CHANGES_REQUESTED]
    return returns[-1] if returns else {}


def comparison_for(workflow: Workflow, version: Version, history: list[Version] | None = None) -> Comparison | None:
    """A resubmission is compared with what the reviewer returned (what they asked to change),
    otherwise with the previous version, or with the copy it was started from; None for a first draft."""
    history = history if history is not None else workflow.history(version.draft_id)
    returned = returned_before(history, version)
    if returned is not None:
        return Comparison(returned, "resubmitted")
    previous = [v for v in history if v.number < version.number]
    if previous:
        return Comparison(previous[-1], "previous")
    if version.based_on_version_id:
        try:
            return Comparison(workflow.version(version.based_on_version_id), "origin")
        except WorkflowError:
            return None
    return None

