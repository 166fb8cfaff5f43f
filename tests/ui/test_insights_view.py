"""The Insights view over a small real database: numbers, charts, periods, the empty state."""

from __future__ import annotations

import pytest

from copydesk.store.db import Store
from copydesk.ui.insights_view import InsightsView
from copydesk.ui.services import AppServices
from copydesk.workflow import Workflow
from tests.store.conftest import BLOCKED_SMS, new_draft

ZH_TEXT = "云帆白金信用卡，首年免年费，境外消费1%返现。"


def build_db(path, catalog, engine, with_work: bool = True):
    with Store.open(path) as store:
        admin = Workflow(store, catalog, engine, "admin")
        admin.add_user("admin", ["admin"])
        admin.add_user("alice", ["marketer"])
        admin.add_user("bob", ["reviewer"])
        if not with_work:
            return
        alice, bob = Workflow(store, catalog, engine, "alice"), Workflow(store, catalog, engine, "bob")
        bob.approve(alice.submit(new_draft(alice).id).id)
        zh = alice.start_draft(product_id="zh-platinum-card", segment_id="zh-new-graduates", channel="wechat", lang="zh", text=ZH_TEXT)
        bob.approve(alice.submit(zh.id).id)
        blocked = new_draft(alice, text=BLOCKED_SMS)
        bob.reject(alice.submit(blocked.id, override_reason="Legal agreed").id, "Promises approval")
        alice.submit(new_draft(alice).id)  # waiting for review


@pytest.fixture
def make_view(qtbot, tmp_path, catalog, engine):
    made = []

    def make(with_work: bool = True) -> InsightsView:
        path = tmp_path / f"copydesk-{len(made)}.db"
        build_db(path, catalog, engine, with_work)
        services = AppServices.create("admin", catalog, engine, path)
        made.append(services)
        view = InsightsView(services)
        qtbot.addWidget(view)
        return view

    yield make
    for services in made:
        services.close()


def refresh(qtbot, view):
    with qtbot.waitSignal(view.refreshed, timeout=10_000) as blocker:
        view.refresh()
    return blocker.args[0]


def test_the_numbers_for_a_small_database(qtbot, make_view):
    view = make_view()
    result = refresh(qtbot, view)
    assert result.period.days == 30
    shown = {key: label.text() for key, label in view.totals.items()}
    assert shown == {"drafts": "4", "submitted": "4", "approved": "2", "changes_requested": "0", "rejected": "1",
                     "in_review": "1", "overrides": "1", "first_time": "67%"}
    assert view.findChild(object, "totalApproved").text() == "2"
    assert view.empty_label.isHidden() and not view.charts.isHidden()
    assert "Updated" in view.status.text()


def test_the_charts_show_days_rules_and_products(qtbot, make_view):
    view = make_view()
    refresh(qtbot, view)
    activity = view.activity_chart
    assert len(activity.categories) == 30
    assert [s.values[-1] for s in activity.series] == [4, 2]  # today: drafts, approvals
    assert view.rules_chart.categories[0] == "en.guarantee.approval"
    assert view.pass_chart.categories == ["云帆白金信用卡", "Everyday Rewards Card"]  # best first, names from the catalog
    assert view.pass_chart.bar_labels == ["100% (1 of 1)", "50% (1 of 2)"]
    for chart in (activity, view.rules_chart, view.pass_chart):
        assert chart.accessibleName() == chart.objectName()
        assert chart.accessibleDescription().startswith(chart.title)
    assert "en.guarantee.approval: Submitted versions 1" in view.rules_chart.accessibleDescription()
    view.resize(1000, 800)
    assert not view.grab().isNull()  # paints without error


def test_choosing_a_longer_period_recounts_per_week(qtbot, make_view):
    view = make_view()
    refresh(qtbot, view)
    with qtbot.waitSignal(view.refreshed, timeout=10_000) as blocker:
        view.period_picker.setCurrentIndex(view.period_picker.findData(365))
    result = blocker.args[0]
    assert result.period.days == 365 and result.bucket == "week"
    assert len(view.activity_chart.categories) in (53, 54)
    assert "per week" in view.activity_chart.title
    assert view.totals["approved"].text() == "2"


def test_an_empty_database_says_so(qtbot, make_view):
    view = make_view(with_work=False)
    result = refresh(qtbot, view)
    assert result.is_empty
    assert not view.empty_label.isHidden() and view.charts.isHidden()
    assert "No drafts or reviews in the last 30 days" in view.empty_label.text()
    assert view.totals["drafts"].text() == "0" and view.totals["first_time"].text() == "–"


def test_messages_keep_a_percent_marker_that_is_part_of_the_value(qtbot, make_view):
    view = make_view(with_work=False)
    view._on_failed("column %2 is missing (%1)")
    assert view.banner.text().endswith(": column %2 is missing (%1)")
