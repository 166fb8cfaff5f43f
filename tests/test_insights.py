"""Insights over a real database built through the workflow, on days set by a test clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from copydesk import insights
from copydesk.insights import Period
from copydesk.store.db import Store
from copydesk.workflow import Workflow
from tests.store.conftest import BLOCKED_SMS, PASSING_SMS, new_draft

TODAY = date(2024, 6, 12)  # a Wednesday
ZH_TEXT = "云帆白金信用卡，首年免年费，境外消费1%返现。"


@pytest.fixture
def clock(monkeypatch):
    """Set the day (local time) the workflow stamps on what it writes."""
    state = {"day": TODAY, "tick": 0}

    def fake_now() -> str:
        state["tick"] += 1  # strictly increasing, like the real clock
        local = datetime.combine(state["day"], time(10)).astimezone() + timedelta(microseconds=state["tick"])
        return local.astimezone(timezone.utc).isoformat(timespec="microseconds")

    for module in ("copydesk.store.db", "copydesk.store.repository", "copydesk.store.audit", "copydesk.workflow"):
        monkeypatch.setattr(f"{module}.now", fake_now)

    def set_day(day: date) -> None:
        state["day"] = day

    return set_day


@pytest.fixture
def team(tmp_path, catalog, engine):
    store = Store.open(tmp_path / "copydesk.db")
    admin = Workflow(store, catalog, engine, "admin")
    admin.add_user("admin", ["admin"])
    admin.add_user("alice", ["marketer"])
    admin.add_user("bob", ["reviewer"])
    admin.add_user("carol", ["reviewer"])
    yield {name: Workflow(store, catalog, engine, name) for name in ("admin", "alice", "bob", "carol")}
    store.close()


def zh_draft(workflow):
    return workflow.start_draft(product_id="zh-platinum-card", segment_id="zh-new-graduates", channel="wechat",
                                lang="zh", text=ZH_TEXT)


@pytest.fixture
def history(team, clock):
    """Three days of work: first-time passes, a rework, a rejection with an override, a queue."""
    alice, bob, carol = team["alice"], team["bob"], team["carol"]
    clock(TODAY - timedelta(days=40))  # outside a 30-day period, inside a 90-day one
    old = new_draft(alice)
    bob.approve(alice.submit(old.id).id)

    clock(TODAY - timedelta(days=2))
    first = new_draft(alice)  # approved as first submitted: a first-time pass
    bob.approve(alice.submit(first.id).id)
    zh = zh_draft(alice)  # Chinese product, also first time
    bob.approve(alice.submit(zh.id).id)

    clock(TODAY - timedelta(days=1))
    reworked = new_draft(alice)  # changes requested, then a new version approved
    bob.request_changes(alice.submit(reworked.id).id, "Shorter, please")
    v2 = alice.save_version(reworked.draft_id, PASSING_SMS + " ")
    carol.approve(alice.submit(v2.id).id)
    pulled = new_draft(alice)  # pulled back by the marketer while submitted, then approved
    alice.submit(pulled.id)
    pulled_v2 = alice.save_version(pulled.draft_id, PASSING_SMS + "  ")
    bob.approve(alice.submit(pulled_v2.id).id)

    clock(TODAY)
    blocked = new_draft(alice, text=BLOCKED_SMS)  # sent with an override, then rejected
    bob.reject(alice.submit(blocked.id, override_reason="Legal agreed the wording").id, "Promises approval")
    waiting = new_draft(alice)  # still in the queue
    alice.submit(waiting.id)
    new_draft(alice, text="The best card. " + PASSING_SMS)  # saved, never submitted: its findings do not count
    return team


def test_period_bounds_and_buckets():
    period = Period.last(30, TODAY)
    assert (period.start, period.end, period.days, period.bucket) == (date(2024, 5, 14), TODAY, 30, "day")
    assert Period.last(90, TODAY).bucket == "week"
    low, high = period.utc_bounds()
    assert low < high and low.endswith("+00:00")
    with pytest.raises(ValueError):
        Period.last(0, TODAY)


def test_an_empty_database_gives_zeros_and_every_day(tmp_path):
    with Store.open(tmp_path / "empty.db") as store:
        result = insights.compute(store, 30, TODAY)
    assert result.is_empty
    assert len(result.activity) == 30 and result.activity[0].start == date(2024, 5, 14) and result.activity[-1].start == TODAY
    assert all(p.drafts == 0 and p.approvals == 0 for p in result.activity)
    assert result.top_rules == () and result.pass_rates == ()
    assert result.overall_pass_rate.rate == 0.0


def test_drafts_and_approvals_per_day(history):
    result = insights.compute(history["admin"].store, 30, TODAY)
    by_day = {p.start: (p.drafts, p.approvals) for p in result.activity}
    assert by_day[TODAY - timedelta(days=2)] == (2, 2)
    assert by_day[TODAY - timedelta(days=1)] == (2, 2)
    assert by_day[TODAY] == (3, 0)
    assert sum(p.drafts for p in result.activity) == 7  # the draft from 40 days ago is outside


def test_long_periods_are_weekly_and_add_up(history):
    result = insights.compute(history["admin"].store, 90, TODAY)
    assert result.bucket == "week"
    assert all(p.start.weekday() == 0 for p in result.activity)  # weeks start on Monday
    assert result.activity[0].start <= result.period.start and result.activity[-1].start <= TODAY
    assert sum(p.drafts for p in result.activity) == 8
    assert sum(p.approvals for p in result.activity) == 5
    this_week = result.activity[-1]
    assert this_week.start == date(2024, 6, 10) and (this_week.drafts, this_week.approvals) == (7, 4)


def test_totals(history):
    totals = insights.compute(history["admin"].store, 30, TODAY).totals
    assert totals.drafts == 7
    assert totals.submitted == 8  # versions sent to a reviewer: the reworked and pulled-back drafts sent two each
    assert totals.approved == 4
    assert totals.changes_requested == 1
    assert totals.rejected == 1
    assert totals.in_review == 1
    assert totals.overrides == 1


def test_top_rules_count_submitted_versions_only(history):
    rules = insights.compute(history["admin"].store, 30, TODAY).top_rules
    ids = [r.rule for r in rules]
    assert ids[0] == "en.guarantee.approval"
    assert (rules[0].category, rules[0].severity, rules[0].versions, rules[0].findings) == ("guarantee", "block", 1, 1)
    assert "en.superlative.absolute" not in ids  # that text was saved but never submitted


def test_top_rules_limit_and_period(history):
    store = history["admin"].store
    assert len(insights.top_rules(store, Period.last(30, TODAY), limit=1)) == 1
    assert insights.top_rules(store, Period.last(1, TODAY - timedelta(days=1))) == ()


def test_first_time_pass_rate_by_product(history):
    result = insights.compute(history["admin"].store, 30, TODAY)
    rates = {p.product_id: (p.decided, p.first_time) for p in result.pass_rates}
    # rewards-card: first passes; reworked, pulled back and rejected fail; the queued one has no decision yet
    assert rates == {"rewards-card": (4, 1), "zh-platinum-card": (1, 1)}
    assert result.overall_pass_rate.decided == 5 and result.overall_pass_rate.first_time == 2
    assert result.overall_pass_rate.rate == pytest.approx(0.4)


def test_a_draft_counts_in_the_period_of_its_first_decision(history):
    store = history["admin"].store
    day_before_yesterday = Period.last(1, TODAY - timedelta(days=2))
    assert {p.product_id: (p.decided, p.first_time) for p in insights.first_time_pass(store, day_before_yesterday)} == {
        "rewards-card": (1, 1), "zh-platinum-card": (1, 1)}
    # the reworked draft's first decision (changes requested) was yesterday; its approval does not move it
    yesterday = Period.last(1, TODAY - timedelta(days=1))
    assert [(p.decided, p.first_time) for p in insights.first_time_pass(store, yesterday)] == [(2, 0)]
