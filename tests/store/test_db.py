"""Opening the database: created, migrated once, refused when foreign or too new, unchanged then."""

from __future__ import annotations

import sqlite3

import pytest

from copydesk.store import errors
from copydesk.store.db import APPLICATION_ID, Store
from copydesk.store.migrations import known_names

# About the SQLite file itself (the sqlite3 shell, WAL, the file on disk): one backend.
pytestmark = pytest.mark.sqlite_only


def test_a_new_database_is_wal_with_foreign_keys_and_every_migration(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        applied = [r["name"] for r in store.query("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert applied == known_names() == ["m001_initial", "m002_fts", "m003_library_index", "m004_library_filter_indexes",
                                              "m005_audit_coverage", "m006_user_marks"]


def test_reopening_applies_nothing_twice(tmp_path):
    Store.open(tmp_path / "a.db").close()
    with Store.open(tmp_path / "a.db") as store:
        assert store.query("SELECT count(*) AS n FROM _sqlite_migrations")[0]["n"] == len(known_names())


def test_an_older_database_is_backed_up_then_upgraded(tmp_path):
    from copydesk.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    from sqlite_utils import Database

    MIGRATIONS.apply(Database(conn), stop_before="m002_fts")  # as an earlier copydesk left it
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.query("SELECT count(*) AS n FROM versions_fts")[0]["n"] == 0
    backup = tmp_path / "old.db.before-m002_fts.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as copy:
        assert [r[0] for r in copy.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]


def test_a_database_from_a_newer_copydesk_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('copydesk', 'm099_future', 'x')")
    before = path.read_bytes()
    with pytest.raises(errors.DatabaseTooNew, match="newer copydesk.*m099_future"):
        Store.open(path)
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(errors.NotACopydeskDatabase, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("meeting notes, not a database", encoding="utf-8")
    with pytest.raises(errors.NotACopydeskDatabase) as refused:
        Store.open(path)
    assert str(path) in str(refused.value) and "--db" in str(refused.value)
    assert path.read_text(encoding="utf-8") == "meeting notes, not a database"


def test_a_missing_folder_gets_a_clear_message(tmp_path):
    with pytest.raises(errors.StoreError, match="folder for the database does not exist"):
        Store.open(tmp_path / "nope" / "copydesk.db")


def test_a_failed_transaction_leaves_nothing_behind(db):
    with pytest.raises(ZeroDivisionError):
        with db.transaction():
            db.conn.execute("INSERT INTO users (login, roles, created_at, created_by) VALUES ('x', 'admin', 'now', 'me')")
            1 / 0
    assert db.query("SELECT count(*) AS n FROM users")[0]["n"] == 0


def test_upgrading_fills_the_library_index_from_existing_versions(tmp_path, catalog, engine):
    from sqlite_utils import Database

    from copydesk.store import repository
    from copydesk.store.migrations import MIGRATIONS
    from copydesk.workflow import Workflow

    path = tmp_path / "m002.db"
    conn = sqlite3.connect(path)
    MIGRATIONS.apply(Database(conn), stop_before="m003_library_index")  # a database from before the index
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO campaigns VALUES (1, 'c', 'zh-platinum-card', 'zh-new-graduates', 'wechat', 'zh', 'lin', 'now')")
    conn.execute("INSERT INTO drafts (id, campaign_id, created_by, created_at) VALUES (1, 1, 'lin', 'now')")
    conn.execute("INSERT INTO versions (draft_id, number, text, author, created_at, source, verdict, check_report, rule_packs)"
                 " VALUES (1, 1, '稳健理财，首年免年费。', 'lin', '2026-01-01', 'manual', 'pass', '{}', '{}')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        found = repository.search(store, repository.LibraryFilter(query="理财", status=""))
        assert [v.text for v in found] == ["稳健理财，首年免年费。"]
        assert Workflow(store, catalog, engine, "x").search(repository.LibraryFilter(query="首年免", status="draft"))
