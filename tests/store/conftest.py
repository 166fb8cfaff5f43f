"""Store fixtures: a fresh migrated database file per test, and a team with every role."""

from __future__ import annotations

import pytest

from copydesk.store.db import Store
from copydesk.workflow import Workflow

PASSING_SMS = "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval."
BLOCKED_SMS = "Earn 2 points per $1 with the Everyday Rewards Card. Guaranteed approval!"


@pytest.fixture
def db(tmp_path):
    """A real SQLite file, created and migrated."""
    store = Store.open(tmp_path / "copydesk.db")
    yield store
    store.close()


@pytest.fixture
def team(db, catalog, engine):
    """Workflows acting as: admin (admin only), alice (marketer), bob and carol (reviewers)."""
    admin = Workflow(db, catalog, engine, "admin")
    admin.add_user("admin", ["admin"])
    admin.add_user("alice", ["marketer"])
    admin.add_user("bob", ["reviewer"])
    admin.add_user("carol", ["reviewer"])
    return {name: Workflow(db, catalog, engine, name) for name in ("admin", "alice", "bob", "carol")}


def new_draft(workflow, text=PASSING_SMS, **overrides):
    fields = dict(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=text)
    fields.update(overrides)
    return workflow.start_draft(**fields)
