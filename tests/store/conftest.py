"""Store fixtures: a fresh library per test, and a team with every role, on both backends.

Every test that takes `db` or `team` runs twice: on a SQLite file and on a throwaway PostgreSQL
server (tests/pg_server.py), where each person is their own database login. Tests about the
SQLite file itself carry the `sqlite_only` mark. Without PostgreSQL binaries the PostgreSQL
runs are skipped, saying so.
"""

from __future__ import annotations

import pytest

from copydesk.store.db import Store
from copydesk.workflow import Workflow

# What a refused statement raises on either backend.
REFUSED = (__import__("sqlite3").Error, __import__("psycopg").Error)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        if metafunc.definition.get_closest_marker("sqlite_only"):
            backends = ["sqlite"]
        elif metafunc.definition.get_closest_marker("postgresql_only"):
            backends = ["postgresql"]
        else:
            backends = ["sqlite", "postgresql"]
        metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request):
    return request.param


@pytest.fixture
def pg_library(request, backend):
    """(server, database name) of a fresh PostgreSQL library; None on SQLite."""
    if backend != "postgresql":
        yield None
        return
    server = request.getfixturevalue("pg_server")
    name = server.new_database()
    Store.open(server.url("copydesk_owner", name)).close()  # IT's owner sets up the schema
    yield server, name
    server.forget_memberships()

PASSING_SMS = "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval."
BLOCKED_SMS = "Earn 2 points per $1 with the Everyday Rewards Card. Guaranteed approval!"


@pytest.fixture
def db(tmp_path, pg_library):
    """A real SQLite file, created and migrated; or, on PostgreSQL, admin's connection."""
    if pg_library is None:
        store = Store.open(tmp_path / "copydesk.db")
    else:
        server, name = pg_library
        store = Store.open(server.url("admin", name))
    yield store
    store.close()


@pytest.fixture
def connect(db, pg_library):
    """connect(login) -> a Store acting as that person: the shared file, or their own server login."""
    opened = []

    def connect(login: str):
        if pg_library is None:
            return db
        server, name = pg_library
        store = Store.open(server.url(login, name))
        opened.append(store)
        return store

    yield connect
    for store in opened:
        store.close()


@pytest.fixture
def owner_sql(db, pg_library):
    """owner_sql(statement, params): raw SQL with every privilege the tables have: the SQLite
    file's own connection, or the PostgreSQL library's owner (IT's account)."""
    import psycopg

    if pg_library is None:
        yield lambda sql, params=(): db.conn.execute(sql, params)
        return
    server, name = pg_library
    with psycopg.connect(server.url("copydesk_owner", name), autocommit=True) as conn:
        yield lambda sql, params=(): conn.execute(sql.replace("?", "%s"), params or None)


@pytest.fixture
def team(db, connect, catalog, engine):
    """Workflows acting as: admin (admin only), alice (marketer), bob and carol (reviewers)."""
    admin = Workflow(db, catalog, engine, "admin")
    admin.add_user("admin", ["admin"])
    admin.add_user("alice", ["marketer"])
    admin.add_user("bob", ["reviewer"])
    admin.add_user("carol", ["reviewer"])
    return {"admin": admin, **{name: Workflow(connect(name), catalog, engine, name) for name in ("alice", "bob", "carol")}}


def new_draft(workflow, text=PASSING_SMS, **overrides):
    fields = dict(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=text)
    fields.update(overrides)
    return workflow.start_draft(**fields)
