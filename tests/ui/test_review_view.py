"""The review screen on a real database file: the queue, what a reviewer reads, and each decision."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from copydesk.ui.review_view import ReviewView, diff_html
from copydesk.ui.services import AppServices
from tests.store.conftest import BLOCKED_SMS, PASSING_SMS, new_draft

# A block (guaranteed approval) and a warn (pressure) in one text.
BLOCK_AND_WARN = "Earn 2 points per $1 with the Everyday Rewards Card. Guaranteed approval! Act now."


@pytest.fixture
def review_as(qtbot, db_path, catalog, engine):
    """Open a ReviewView as a given user on the test database."""
    opened = []

    def open_view(user: str) -> ReviewView:
        services = AppServices.create(user, catalog, engine, db_path)
        opened.append(services)
        view = ReviewView(services)
        qtbot.addWidget(view, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy()))
        return view

    yield open_view
    for services in opened:
        services.close()


def submitted(workflow, text=PASSING_SMS, override="", **fields):
    version = new_draft(workflow, text, **fields)
    return workflow.submit(version.id, override_reason=override)


def approve(view: ReviewView, answer: str = "Yes"):
    """Press Approve and answer the confirmation it asks (Yes or Cancel)."""
    view.approve_button.click()
    assert view.confirmation is not None, "approving did not ask for confirmation"
    view.confirmation.button(getattr(QMessageBox.StandardButton, answer)).click()


def queue_ids(view: ReviewView) -> list[int]:
    return [int(view.queue.item(row, 0).text()) for row in range(view.queue.rowCount())]


def test_empty_queue_says_so_and_nothing_can_be_decided(team, review_as):
    view = review_as("bob")
    assert view.queue_stack.currentWidget() is view.empty_label
    assert view.empty_label.text() == "Nothing waiting for review"
    assert not view.approve_button.isEnabled()
    assert not view.reject_button.isEnabled()
    assert not view.request_changes_button.isEnabled()


def test_queue_lists_submissions_oldest_first(team, review_as):
    first = submitted(team["alice"])
    second = submitted(team["alice"], BLOCKED_SMS, override="Legal signed off the wording")
    new_draft(team["alice"])  # a draft that is not submitted stays out of the queue
    view = review_as("bob")
    assert queue_ids(view) == [first.id, second.id]
    assert view.queue.item(0, 1).text() == "Everyday Rewards Card"
    assert view.queue.item(0, 3).text() == "alice"
    assert view.queue.item(1, 5).text() == "BLOCK"
    assert view.queue.item(1, 6).text() == "yes"
    assert view.queue.item(0, 6).text() == ""


def test_selecting_shows_highlighted_text_findings_facts_and_override(team, review_as, catalog):
    version = submitted(team["alice"], BLOCK_AND_WARN, override="Campaign approved by legal in writing")
    view = review_as("bob")
    assert view.select_version(version.id)
    assert view.approve_button.isEnabled()
    assert view.text_view.toPlainText() == BLOCK_AND_WARN
    assert view.text_view.isReadOnly()
    findings = version.check_report["findings"]
    flagged = [f for f in findings if f["severity"] in ("block", "warn")]
    assert {f["severity"] for f in flagged} == {"block", "warn"}
    selections = view.text_view.extraSelections()
    assert len(selections) == len(flagged)
    assert "Guaranteed approval" in [s.cursor.selectedText() for s in selections]
    assert view.findings.count() == len(findings)
    assert "en.guarantee.approval" in view.findings.item(0).text()
    assert not view.override_box.isHidden()
    assert "Campaign approved by legal in writing" in view.override_box.text()
    facts = view.facts.toPlainText()
    product = catalog.product("rewards-card")
    assert product.facts["purchase_apr"] in facts
    assert product.disclosures[0] in facts
    assert "First version" in view.diff_view.toPlainText()


def test_second_version_shows_what_changed(team, review_as):
    first = new_draft(team["alice"], BLOCKED_SMS)
    second = team["alice"].save_version(first.draft_id, PASSING_SMS)
    team["alice"].submit(second.id)
    view = review_as("bob")
    view.select_version(second.id)
    rendered = view.diff_view.toHtml()
    assert "line-through" in rendered
    assert "Guaranteed approval!" in view.diff_view.toPlainText()  # the deleted words are shown struck through
    assert "Representative 21.9% APR" in view.diff_view.toPlainText()
    assert f"v1 (#{first.id}" in view.diff_view.toPlainText()
    history = [view.history.item(i).text() for i in range(view.history.count())]
    assert any("v1" in line and "alice" in line for line in history)
    assert any("v2 submitted by alice" in line for line in history)


def test_diff_html_escapes_the_copy():
    html = diff_html("<b>old</b> & co", "<b>new</b> & co", "en")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html and "&amp;" in html
    assert "line-through" in html


def test_product_missing_from_the_catalog_is_said_plainly(team, review_as, catalog, db_path, engine, qtbot):
    from copydesk.catalog import Catalog

    version = submitted(team["alice"])
    smaller = Catalog(tuple(p for p in catalog.products if p.id != "rewards-card"), catalog.segments, catalog.source, catalog.sha256)
    services = AppServices.create("bob", smaller, engine, db_path)
    try:
        view = ReviewView(services)
        qtbot.addWidget(view)
        view.select_version(version.id)
        assert "no longer in the catalog" in view.facts.toPlainText()
    finally:
        services.close()


def test_approve_with_a_comment_records_it_and_empties_the_queue(team, review_as, qtbot):
    version = submitted(team["alice"])
    view = review_as("bob")
    view.select_version(version.id)
    view.comment.setPlainText("Fine for the spring campaign")
    with qtbot.waitSignal(view.decided, check_params_cb=lambda vid: vid == version.id):
        approve(view)
    stored = team["carol"].version(version.id)
    assert stored.status == "approved"
    assert stored.decided_by == "bob"
    assert stored.decisions[-1]["comment"] == "Fine for the spring campaign"
    assert view.queue.rowCount() == 0
    assert view.queue_stack.currentWidget() is view.empty_label
    assert not view.banner.isHidden()
    assert "Approved" in view.banner.text()
    assert not view.approve_button.isEnabled()  # the next version is chosen on purpose
    assert view.comment.toPlainText() == ""


def test_request_changes_sends_it_back(team, review_as, qtbot):
    version = submitted(team["alice"])
    view = review_as("carol")
    view.select_version(version.id)
    view.comment.setPlainText("Name the annual fee")
    with qtbot.waitSignal(view.decided, check_params_cb=lambda vid: vid == version.id):
        view.request_changes_button.click()
    assert team["bob"].version(version.id).status == "changes_requested"
    assert "alice" in view.banner.text()


def test_self_approval_is_refused_with_the_four_eyes_message(team, review_as, qtbot):
    # bob is a reviewer who wrote the copy himself; carol could approve it, bob may not
    version = submitted(team["bob"])
    view = review_as("bob")
    view.select_version(version.id)
    with qtbot.assertNotEmitted(view.decided, wait=0):
        approve(view)
        qtbot.waitUntil(lambda: not view.banner.isHidden() and "four-eyes" in view.banner.text())
        qtbot.waitUntil(lambda: view.approve_button.isEnabled())
    assert "another reviewer must approve it" in view.banner.text()
    assert version.label in view.banner.text()
    stored = team["carol"].version(version.id)
    assert stored.status == "submitted"
    assert stored.decisions == ()
    assert queue_ids(view) == [version.id]
    assert view.selected_id() == version.id  # still selected, so carol's view is the place to act


def test_reject_without_a_comment_asks_for_one(team, review_as, qtbot):
    version = submitted(team["alice"])
    view = review_as("bob")
    view.select_version(version.id)
    with qtbot.assertNotEmitted(view.decided, wait=0):
        view.reject_button.click()
    assert not view.banner.isHidden()
    assert "comment" in view.banner.text()
    assert team["carol"].version(version.id).status == "submitted"


def test_blocked_copy_cannot_be_approved_even_with_an_override(team, review_as, qtbot):
    version = submitted(team["alice"], BLOCKED_SMS, override="Urgent")
    view = review_as("bob")
    view.select_version(version.id)
    approve(view)
    qtbot.waitUntil(lambda: "blocking findings" in view.banner.text() and view.approve_button.isEnabled())
    assert team["carol"].version(version.id).status == "submitted"


def test_decision_on_copy_someone_else_already_decided(team, review_as, qtbot):
    version = submitted(team["alice"])
    view = review_as("bob")
    view.select_version(version.id)
    team["carol"].approve(version.id)
    approve(view)
    qtbot.waitUntil(lambda: "not submitted" in view.banner.text())
    assert view.queue.rowCount() == 0  # the queue now shows it is gone


def test_buttons_carry_shortcuts_in_their_tooltips(team, review_as):
    view = review_as("bob")
    for button in (view.approve_button, view.request_changes_button, view.reject_button):
        shortcut = button.shortcut().toString()
        assert shortcut and shortcut in button.toolTip()
    for name in ("reviewQueue", "reviewText", "reviewFindings", "reviewDiff", "reviewComment", "approveButton",
                 "requestChangesButton", "rejectButton"):
        assert view.findChild(object, name) is not None, name



@pytest.mark.usefixtures("pg_server")
def test_the_review_screen_on_a_team_library_approves_as_the_servers_login(qtbot, pg_server, catalog, engine):
    # The same view on PostgreSQL: it never knows which store it talks to; who approves is the
    # login the server authenticated (bob), whatever name the window was started with.
    from copydesk.store.db import Store
    from copydesk.workflow import Workflow

    name = pg_server.new_database()
    Store.open(pg_server.url("copydesk_owner", name)).close()
    try:
        with Store.open(pg_server.url("admin", name)) as store:
            admin = Workflow(store, catalog, engine, "admin")
            for login, roles in (("admin", ["admin"]), ("alice", ["marketer"]), ("bob", ["reviewer"])):
                admin.add_user(login, roles)
        with Store.open(pg_server.url("alice", name)) as store:
            version = submitted(Workflow(store, catalog, engine, "alice"))
        services = AppServices.create("someone-else", catalog, engine, pg_server.url("bob", name))
        view = ReviewView(services)
        qtbot.addWidget(view, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy()))
        assert queue_ids(view) == [version.id]
        view.select_version(version.id)
        with qtbot.waitSignal(view.decided, check_params_cb=lambda vid: vid == version.id):
            approve(view)
        with Store.open(pg_server.url("alice", name)) as store:
            stored = Workflow(store, catalog, engine, "alice").version(version.id)
        assert stored.status == "approved" and stored.decided_by == "bob"
        services.close()
    finally:
        pg_server.forget_memberships()


def test_approving_asks_first_and_cancel_approves_nothing(team, review_as, qtbot):
    version = submitted(team["alice"], BLOCK_AND_WARN.replace(" Guaranteed approval!", ""))
    view = review_as("bob")
    view.select_version(version.id)
    view.approve_button.click()
    box = view.confirmation
    assert box is not None and version.label.split()[0] in box.text()
    assert "warning" in box.informativeText()  # copy with warnings says so in the question
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert team["carol"].version(version.id).status == "submitted"
    assert view.confirmation is None


def test_after_a_decision_the_next_item_is_both_selected_and_shown(team, review_as, qtbot):
    first, second = submitted(team["alice"]), submitted(team["alice"])
    view = review_as("bob")
    view.select_version(first.id)
    view.comment.setPlainText("Shorter")
    with qtbot.waitSignal(view.decided):
        view.request_changes_button.click()
    assert view.selected_id() == second.id and view.current.id == second.id
    assert view.queue.currentRow() == 0


def test_tab_leaves_the_queue_and_filters_narrow_it(team, review_as, qtbot):
    version = submitted(team["alice"])
    view = review_as("bob")
    assert not view.queue.tabKeyNavigation()
    view.channel_filter.setCurrentIndex(view.channel_filter.findData("email"))
    assert view.queue.rowCount() == 0 and "filters" in view.empty_label.text()
    view.channel_filter.setCurrentIndex(view.channel_filter.findData("sms"))
    assert queue_ids(view) == [version.id]
    view.author_filter.setCurrentIndex(view.author_filter.findData("alice"))
    assert queue_ids(view) == [version.id]
