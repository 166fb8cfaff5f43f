"""Numbers a compliance manager asks for: activity over time, the rules that fire most, how
often copy passes review first time, and totals, for a range of days. Plain reads, no Qt.

Dates are the PC's local calendar days (a branch's "today"), while the database stores UTC;
each query filters on UTC bounds (plain text comparison, as `now()` writes every timestamp
the same way) and converts to local days only to group.

What each figure counts (so the numbers can be defended in a committee):

* drafts created: new drafts (`drafts.created_at`), whatever happened to them later;
* approvals, rejections, changes requested: reviewer decisions made in the range (the
  `decisions` table), so an approval later retired or replaced still counts once, when made;
* top firing rules: findings in the check report of every version **submitted** in the range
  (`versions.submitted_at`). Submitted versions are what reached compliance; the many versions
  saved while a marketer edits would mostly count typing. Each rule counts once per version
  (`versions`) and per occurrence (`findings`). The stored report is the one taken at
  submission, refreshed at approval (the text is the same; only rule-pack changes differ);
* first-time pass rate: see `first_time_pass`;
* in review: versions waiting for a reviewer now (a snapshot, not a count over the range);
* overrides used: versions submitted in the range with an override reason (blocking findings
  sent to the reviewer anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from copydesk.store.db import Store

DAILY_UP_TO_DAYS = 45  # longer ranges are shown per week: 52 bars read better than 365


@dataclass(frozen=True)
class Period:
    """Local calendar days from `start` to `end`, both included."""

    start: date
    end: date

    @classmethod
    def last(cls, days: int, today: date | None = None) -> "Period":
        """The `days` days that end today (today included)."""
        if days < 1:
            raise ValueError(f"a period needs at least one day, not {days}")
        end = today or date.today()
        return cls(end - timedelta(days=days - 1), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bucket(self) -> str:
        """'day' or 'week' (Monday to Sunday), by the length of the period."""
        return "day" if self.days <= DAILY_UP_TO_DAYS else "week"

    def utc_bounds(self) -> tuple[str, str]:
        """[from, to) as stored timestamps: local midnight of `start` and of the day after `end`."""
        return _utc_text(self.start), _utc_text(self.end + timedelta(days=1))


def _utc_text(day: date) -> str:
    local_midnight = datetime.combine(day, time()).astimezone()  # naive means local time
    return local_midnight.astimezone(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ActivityPoint:
    """One bar pair: the day (or the Monday of the week) and what happened in it."""

    start: date
    drafts: int
    approvals: int


@dataclass(frozen=True)
class RuleCount:
    rule: str
    category: str
    severity: str
    versions: int  # submitted versions the rule fired on
    findings: int  # occurrences (a rule may fire twice in one text)


@dataclass(frozen=True)
class PassRate:
    """First-time pass rate of one product's drafts (see `first_time_pass`)."""

    product_id: str
    decided: int
    first_time: int

    @property
    def rate(self) -> float:
        return self.first_time / self.decided if self.decided else 0.0


@dataclass(frozen=True)
class Totals:
    drafts: int
    submitted: int
    approved: int
    changes_requested: int
    rejected: int
    in_review: int  # now, not over the period
    overrides: int


@dataclass(frozen=True)
class Insights:
    """Everything the Insights view shows for one period."""

    period: Period
    bucket: str
    activity: tuple[ActivityPoint, ...]
    top_rules: tuple[RuleCount, ...]
    pass_rates: tuple[PassRate, ...]
    totals: Totals

    @property
    def is_empty(self) -> bool:
        """Nothing happened in the period and nothing waits for review."""
        t = self.totals
        return not (t.drafts or t.submitted or t.approved or t.changes_requested or t.rejected or t.in_review)

    @property
    def overall_pass_rate(self) -> PassRate:
        return PassRate("", sum(p.decided for p in self.pass_rates), sum(p.first_time for p in self.pass_rates))


def activity(store: Store, period: Period) -> tuple[ActivityPoint, ...]:
    """Drafts created and approvals made per day (per week for long periods), gaps filled with 0."""
    low, high = period.utc_bounds()
    drafts = _per_day(store, "SELECT date(created_at, 'localtime') AS day, count(*) AS n FROM drafts "
                             "WHERE created_at >= ? AND created_at < ? GROUP BY day", (low, high))
    approvals = _per_day(store, "SELECT date(at, 'localtime') AS day, count(*) AS n FROM decisions "
                                "WHERE decision = 'approved' AND at >= ? AND at < ? GROUP BY day", (low, high))
    step = 1 if period.bucket == "day" else 7
    first = period.start if step == 1 else period.start - timedelta(days=period.start.weekday())
    points = []
    bucket_start = first
    while bucket_start <= period.end:
        days = [bucket_start + timedelta(days=i) for i in range(step)]
        points.append(ActivityPoint(bucket_start, sum(drafts.get(d, 0) for d in days), sum(approvals.get(d, 0) for d in days)))
        bucket_start += timedelta(days=step)
    return tuple(points)


def _per_day(store: Store, sql: str, params: tuple) -> dict[date, int]:
    return {date.fromisoformat(row["day"]): row["n"] for row in store.query(sql, params)}


def top_rules(store: Store, period: Period, limit: int = 10) -> tuple[RuleCount, ...]:
    """The rules that fired on the most versions submitted in the period, most first."""
    low, high = period.utc_bounds()
    rows = store.query(
        """
        SELECT json_extract(f.value, '$.rule') AS rule,
               max(json_extract(f.value, '$.category')) AS category,
               max(json_extract(f.value, '$.severity')) AS severity,
               count(DISTINCT v.id) AS versions, count(*) AS findings
        FROM versions v, json_each(v.check_report, '$.findings') f
        WHERE v.submitted_at >= ? AND v.submitted_at < ?
        GROUP BY rule
        ORDER BY versions DESC, findings DESC, rule
        LIMIT ?
        """,
        (low, high, limit),
    )
    return tuple(RuleCount(r["rule"], r["category"] or "", r["severity"] or "", r["versions"], r["findings"]) for r in rows)


def first_time_pass(store: Store, period: Period) -> tuple[PassRate, ...]:
    """Per product: of the drafts whose first review decision fell in the period, how many
    passed first time, i.e. that decision was an approval of the first version ever submitted.

    This is "right first time" as a compliance manager means it: a draft fails it when the
    reviewer asked for changes or rejected it, and also when the marketer pulled the submitted
    text back to rework it (a later version was the one approved). A draft counts in the period
    of its first decision, so every draft counted has an outcome; drafts still waiting for their
    first decision are not counted yet (they are in the "in review" total). Whether the first
    check passed is not the test: copy with warnings that a reviewer accepts as written passes.
    """
    low, high = period.utc_bounds()
    rows = store.query(
        """
        WITH firsts AS (
            -- decisions made in the period that were their draft's first (ids grow with time)
            SELECT d.decision, v.draft_id, v.number
            FROM decisions d JOIN versions v ON v.id = d.version_id
            WHERE d.at >= ? AND d.at < ?
              AND NOT EXISTS (SELECT 1 FROM versions v2 JOIN decisions d2 ON d2.version_id = v2.id
                              WHERE v2.draft_id = v.draft_id AND d2.id < d.id)
        )
        SELECT c.product_id,
               count(*) AS decided,
               sum(f.decision = 'approved' AND f.number = (
                   SELECT min(number) FROM versions WHERE draft_id = f.draft_id AND submitted_at != '')) AS first_time
        FROM firsts f
        JOIN drafts dr ON dr.id = f.draft_id
        JOIN campaigns c ON c.id = dr.campaign_id
        GROUP BY c.product_id
        ORDER BY c.product_id
        """,
        (low, high),
    )
    return tuple(PassRate(r["product_id"], r["decided"], r["first_time"] or 0) for r in rows)


def totals(store: Store, period: Period) -> Totals:
    """Counts over the period (in review: now)."""
    low, high = period.utc_bounds()
    row = store.query(
        """
        SELECT
          (SELECT count(*) FROM drafts WHERE created_at >= :low AND created_at < :high) AS drafts,
          (SELECT count(*) FROM versions WHERE submitted_at >= :low AND submitted_at < :high) AS submitted,
          (SELECT count(*) FROM decisions WHERE decision = 'approved' AND at >= :low AND at < :high) AS approved,
          (SELECT count(*) FROM decisions WHERE decision = 'changes_requested' AND at >= :low AND at < :high) AS changes_requested,
          (SELECT count(*) FROM decisions WHERE decision = 'rejected' AND at >= :low AND at < :high) AS rejected,
          (SELECT count(*) FROM versions WHERE status = 'submitted') AS in_review,
          (SELECT count(*) FROM versions WHERE override_reason != '' AND submitted_at >= :low AND submitted_at < :high) AS overrides
        """,
        {"low": low, "high": high},
    )[0]
    return Totals(**row)


def compute(store: Store, days: int, today: date | None = None, rule_limit: int = 10) -> Insights:
    """Every figure for the last `days` days (today included)."""
    period = Period.last(days, today)
    return Insights(
        period=period,
        bucket=period.bucket,
        activity=activity(store, period),
        top_rules=top_rules(store, period, rule_limit),
        pass_rates=first_time_pass(store, period),
        totals=totals(store, period),
    )
