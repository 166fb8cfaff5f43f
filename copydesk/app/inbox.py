"""A writer's inbox: copy a reviewer returned to her, and decisions on her copy since she last looked.

"Since she last looked" is a mark per login kept in the library (user_marks), so reading the
inbox on one PC clears the badge on every PC she signs in on. Earlier versions kept it in each
PC's settings file; that value is still read until she first opens the inbox again."""

from __future__ import annotations

from dataclasses import dataclass

from copydesk import config
from copydesk.app.history import latest_return
from copydesk.enums import Status
from copydesk.store import repository
from copydesk.store.db import now
from copydesk.store.repository import Version
from copydesk.workflow import Workflow

SEEN_MARK = "inbox_seen"  # the library's mark: the ISO time the inbox was last opened
LEGACY_SEEN_KEY = "inbox_seen"  # settings.extra[key][login] where earlier versions kept it


@dataclass(frozen=True)
class InboxItem:
    version: Version
    decision: Status
    reviewer: str
    comment: str
    at: str  # when the reviewer decided (UTC, ISO)

    @property
    def findings(self) -> list[dict]:
        """The check report's findings on this version (to highlight beside the comment)."""
        return self.version.check_report.get("findings", [])


@dataclass(frozen=True)
class Inbox:
    returned: tuple[InboxItem, ...]  # changes requested, not yet revised: waiting for her
    decided: tuple[InboxItem, ...]  # approved or rejected since she last looked

    @property
    def count(self) -> int:
        """What the Compose page's badge shows."""
        return len(self.returned) + len(self.decided)


def last_seen(workflow: Workflow, settings: config.Settings | None = None) -> str:
    """When the acting user last read her inbox: the library's mark, else (a library that has
    none yet) what this PC's settings file remembered."""
    seen = workflow.mark(SEEN_MARK)
    if not seen and settings is not None:
        seen = settings.extra.get(LEGACY_SEEN_KEY, {}).get(workflow.login, "")
    return seen


def mark_seen(workflow: Workflow, at: str | None = None) -> None:
    """Remember in the library that the acting user read her inbox now."""
    workflow.set_mark(SEEN_MARK, at or now())


def load_inbox(workflow: Workflow, since: str) -> Inbox:
    """The acting user's inbox: everything returned to her, and approvals/rejections after `since`."""
    login = workflow.login
    returned = []
    versions = repository.returned_versions(workflow.store, login)
    decisions = repository.decisions_by_version(workflow.store, [v.id for v in versions])  # one query, not one per item
    for version in versions:
        decision = latest_return(decisions.get(version.id, []))
        returned.append(InboxItem(version, Status.CHANGES_REQUESTED, decision.get("reviewer", version.decided_by),
                                  decision.get("comment", ""), decision.get("at", version.decided_at)))
    decided = [InboxItem(version, Status(d["decision"]), d["reviewer"], d["comment"], d["at"])
               for version, d in repository.decisions_for_writer(workflow.store, login, (Status.APPROVED, Status.REJECTED), since)]
    return Inbox(tuple(returned), tuple(decided))
