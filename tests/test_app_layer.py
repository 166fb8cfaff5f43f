"""The application layer without Qt: an editing session, the inbox, history, the review queue."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from copydesk import config
from copydesk.app.editing import Blocked, EditingSession, Target
from copydesk.app.history import comparison_for, history_events
from copydesk.app.inbox import LEGACY_SEEN_KEY, last_seen, load_inbox, mark_seen
from copydesk.app.review import QueueFilter, review_queue
from copydesk.enums import Status
from tests.store.conftest import BLOCKED_SMS, PASSING_SMS, connect, db, pg_library, team  # noqa: F401  (fixtures)

TARGET = Target("rewards-card", "new-graduates", "sms", "en")


@pytest.fixture
def backend():
    """The store suite's fixtures on a SQLite file (tests/store runs them on both backends)."""
    return "sqlite"


def session_for(workflow) -> EditingSession:
    return EditingSession(lambda: workflow)


def test_saving_twice_makes_versions_of_one_draft_and_unchanged_text_is_not_saved_again(team):
    session = session_for(team["alice"])
    first = session.save(PASSING_SMS, TARGET)
    assert session.save(PASSING_SMS + " ", TARGET).id == first.id
    second = session.save(PASSING_SMS + " Visit a branch.", TARGET)
    assert (second.draft_id, second.number) == (first.draft_id, 2)


def test_a_generated_draft_edited_by_hand_is_recorded_as_manual(team):
    class Draft:
        backend, model, seed, template_version, text = "lean", "gemma", 7, "", PASSING_SMS

    session = session_for(team["alice"])
    session.use_draft(Draft())
    assert session.save(PASSING_SMS, TARGET).source == "model"
    session.use_draft(Draft())
    assert session.save(PASSING_SMS + " Visit a branch.", TARGET).source == "manual"


def test_submit_with_block_findings_says_which_and_keeps_the_saved_version(team):
    session = session_for(team["alice"])
    with pytest.raises(Blocked) as refused:
        session.submit(BLOCKED_SMS, TARGET)
    assert refused.value.blocks and refused.value.version.status == "draft"
    assert session.submit(BLOCKED_SMS, TARGET, override_reason="Legal cleared it").status == "submitted"


def test_returned_copy_is_in_the_inbox_and_revise_makes_the_next_version(team):
    alice, bob = team["alice"], team["bob"]
    session = session_for(alice)
    submitted = session.submit(PASSING_SMS, TARGET)
    bob.request_changes(submitted.id, "Name the annual fee")
    inbox = load_inbox(alice, since="")
    assert [(i.version.id, i.decision, i.reviewer, i.comment) for i in inbox.returned] == [
        (submitted.id, Status.CHANGES_REQUESTED, "bob", "Name the annual fee")]
    assert load_inbox(bob, since="").count == 0  # it is alice's, not the reviewer's

    revising = session_for(alice)
    assert revising.revise(inbox.returned[0].version) == PASSING_SMS
    again = revising.submit(PASSING_SMS + " No annual fee.", TARGET)
    assert (again.draft_id, again.number) == (submitted.draft_id, 2)
    assert load_inbox(alice, since="").returned == ()
    comparison = comparison_for(bob, again)
    assert comparison.reason == "resubmitted" and comparison.base.id == submitted.id
    assert [item.resubmitted for item in review_queue(bob)] == [True]


def test_the_inbox_reads_the_library_in_the_same_few_queries_however_much_is_returned(team, monkeypatch):
    alice, bob = team["alice"], team["bob"]
    def queries_for_inbox():
        calls = []
        query = alice.store.query
        monkeypatch.setattr(alice.store, "query", lambda *a, **k: calls.append(a[0]) or query(*a, **k))
        inbox = load_inbox(alice, since="")
        monkeypatch.undo()
        return len(calls), inbox

    bob.request_changes(session_for(alice).submit(PASSING_SMS, TARGET).id, "First")
    one, _ = queries_for_inbox()
    for comment in ("Second", "Third", "Fourth"):
        bob.request_changes(session_for(alice).submit(PASSING_SMS, TARGET).id, comment)
    four, inbox = queries_for_inbox()
    assert four == one and [i.comment for i in inbox.returned] == ["Fourth", "Third", "Second", "First"]


def test_decisions_since_last_looked(team, tmp_path):
    alice, bob = team["alice"], team["bob"]
    version = session_for(alice).submit(PASSING_SMS, TARGET)
    assert last_seen(alice) == ""
    bob.approve(version.id, "Fine")
    assert [(i.version.id, i.decision) for i in load_inbox(alice, last_seen(alice)).decided] == [
        (version.id, Status.APPROVED)]
    mark_seen(alice)
    assert load_inbox(alice, last_seen(alice)).decided == ()


def test_a_read_mark_from_an_earlier_versions_settings_file_still_counts(team):
    alice, bob = team["alice"], team["bob"]
    bob.approve(session_for(alice).submit(PASSING_SMS, TARGET).id, "Fine")
    settings = config.Settings(extra={LEGACY_SEEN_KEY: {"alice": "9999-01-01T00:00:00"}})
    assert last_seen(alice, settings) == "9999-01-01T00:00:00"
    assert load_inbox(alice, last_seen(alice, settings)).decided == ()
    mark_seen(alice, "2000-01-01T00:00:00")  # the library's mark wins from then on
    assert last_seen(alice, settings) == "2000-01-01T00:00:00"


def test_history_reads_every_step_in_order(team):
    alice, bob = team["alice"], team["bob"]
    version = session_for(alice).submit(PASSING_SMS, TARGET)
    bob.request_changes(version.id, "Shorter, please")
    kinds = [(e.kind, e.decision, e.note) for e in history_events(alice, alice.version(version.id))]
    assert kinds == [("written", "", ""), ("submitted", "", ""), ("decided", "changes_requested", "Shorter, please")]


def test_the_queue_filters_by_product_channel_author_and_age(team):
    alice = team["alice"]
    sms = session_for(alice).submit(PASSING_SMS, TARGET)
    assert [i.version.id for i in review_queue(team["bob"], QueueFilter(channel="sms"))] == [sms.id]
    assert review_queue(team["bob"], QueueFilter(channel="email")) == []
    assert review_queue(team["bob"], QueueFilter(author="carol")) == []
    assert review_queue(team["bob"], QueueFilter(product_id="rewards-card", author="alice"))
    later = datetime.now(timezone.utc) + timedelta(days=3)
    assert review_queue(team["bob"], QueueFilter(waiting_days=3), at=later)
    assert review_queue(team["bob"], QueueFilter(waiting_days=1)) == []
