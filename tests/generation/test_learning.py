"""Learning from approved copy: approved versions become slot-form training examples."""

from __future__ import annotations

import pytest

from copydesk.generation.formats import channel_format
from copydesk.generation.learning import approved_examples, split_parts, to_slots
from copydesk.generation.pipeline import DraftPipeline, GenerationRequest
from tests.store.conftest import connect, db, pg_library, team  # noqa: F401  (fixtures)


@pytest.fixture
def backend():
    """Learning reads the library through the store interface; the SQLite file is enough here."""
    return "sqlite"


def approve(team, text, channel):
    version = team["alice"].start_draft(product_id="rewards-card", segment_id="new-graduates", channel=channel, text=text)
    team["alice"].submit(version.id if hasattr(version, "id") else version)
    team["bob"].approve(version.id if hasattr(version, "id") else version)


def test_approved_copy_comes_back_in_slot_form(team, catalog, engine, db):
    drafts = {channel: DraftPipeline(catalog, engine, None).generate(GenerationRequest("rewards-card", "new-graduates", channel, "en", n=1))[0]
              for channel in ("email", "sms")}
    for channel, draft in drafts.items():
        assert draft.verdict == "pass"
        approve(team, draft.text, channel)
    learned = approved_examples(db, catalog)
    assert learned.used == 2 and not learned.skipped
    by_channel = {e.channel: e for e in learned.examples}
    email = by_channel["email"].target
    assert email.startswith("subject: ") and "\ngreeting: " in email and "\ncta: " in email
    assert "{name}" in email and "Representative 21.9% APR" not in email  # disclosures are the pipeline's
    sms = by_channel["sms"].target
    assert sms.startswith("body: ") and "Reply STOP" not in sms and "Harborview Bank:" not in sms
    assert all("{" in e.target and e.prompt.endswith("copy:\n") for e in learned.examples)


def test_hand_written_copy_maps_back_to_slots_and_odd_layouts_are_left_out(team, catalog, db):
    approve(team, "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval. Apply in the app.", "sms")
    learned = approved_examples(db, catalog)
    assert learned.used == 1  # "21.9% APR" is inside the catalog disclosure, taken off
    product = catalog.product("rewards-card")
    assert to_slots("Earn 2 points per $1 with the Everyday Rewards Card.", product) == "Earn {points} with the {name}."
    assert split_parts("just one line", channel_format("sms", "en"), product) is None
    assert split_parts("Hello\n\nno subject line here", channel_format("email", "en"), product) is None
