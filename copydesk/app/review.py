"""The reviewer's queue with what a reviewer filters on: product, channel, author, how long it waited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from copydesk.store import repository
from copydesk.store.repository import Version
from copydesk.workflow import Workflow


@dataclass(frozen=True)
class QueueFilter:
    product_id: str = ""
    channel: str = ""
    author: str = ""  # who wrote or submitted it
    waiting_days: int = 0  # only items waiting at least this many days

    def admits(self, version: Version, at: datetime) -> bool:
        if self.product_id and version.product_id != self.product_id:
            return False
        if self.channel and version.channel != self.channel:
            return False
        if self.author and self.author not in (version.author, version.submitted_by):
            return False
        return self.waiting_days <= 0 or waiting_days(version, at) >= self.waiting_days


@dataclass(frozen=True)
class QueueItem:
    version: Version
    resubmitted: bool  # a reviewer returned an earlier version of this draft


def waiting_days(version: Version, at: datetime) -> int:
    try:
        submitted = datetime.fromisoformat(version.submitted_at)
    except ValueError:
        return 0
    if submitted.tzinfo is None:
        submitted = submitted.replace(tzinfo=timezone.utc)
    return max(0, (at - submitted).days)


def review_queue(workflow: Workflow, flt: QueueFilter = QueueFilter(), at: datetime | None = None,
                 queued: list[Version] | None = None) -> list[QueueItem]:
    """Submitted versions, oldest first, that pass the filter; resubmissions marked (one query).
    `queued`: the queue as already read (`workflow.queue()`), so a refresh reads it once."""
    at = at or datetime.now(timezone.utc)
    versions = [v for v in (workflow.queue() if queued is None else queued) if flt.admits(v, at)]
    again = repository.resubmitted_ids(workflow.store, [v.id for v in versions])
    return [QueueItem(v, v.id in again) for v in versions]


def queue_authors(queued: list[Version]) -> list[str]:
    """Everyone with copy in the queue (for the author filter)."""
    return sorted({v.author for v in queued} | {v.submitted_by for v in queued if v.submitted_by})
