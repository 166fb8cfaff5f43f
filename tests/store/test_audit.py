"""The audit chain detects an edited, deleted or reordered row, and names it."""

from __future__ import annotations

import pytest

from copydesk.store import audit

# About the SQLite file itself (the sqlite3 shell, WAL, the file on disk): one backend.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def chained(db):
    with db.transaction():
        for n in range(1, 7):
            audit.append(db, "alice", "version.save", f"version:{n}", {"n": n, "text": "首年免年费"})
    # An attacker with the sqlite3 shell can drop the guards; the chain must still tell.
    db.conn.execute("DROP TRIGGER audit_no_update")
    db.conn.execute("DROP TRIGGER audit_no_delete")
    return db


def chain_problems(store):
    return [p for p in audit.verify(store).problems if p.kind == "chain"]


def test_an_intact_chain_verifies(chained):
    report = audit.verify(chained)
    # Row 1 is the database's creation (its schema); the six entries follow.
    assert report.rows == 7 and not chain_problems(chained)
    # ...but the guards the fixture dropped are named.
    assert {p.problem for p in report.problems} == {
        "the guard trigger audit_no_update was dropped (audit row 1 recorded it)",
        "the guard trigger audit_no_delete was dropped (audit row 1 recorded it)"}


def test_append_outside_a_transaction_is_refused(db):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.append(db, "alice", "x", "y")


@pytest.mark.parametrize("column, value", [("actor", "mallory"), ("details", '{"n":3}'), ("at", "2020-01-01"), ("action", "version.approve")])
def test_an_edited_row_is_named(chained, column, value):
    chained.conn.execute(f"UPDATE audit SET {column} = ? WHERE id = 3", (value,))
    problems = chain_problems(chained)
    assert [p.row for p in problems] == [3]
    assert "changed after it was written" in problems[0].problem


def test_a_deleted_middle_row_is_named(chained):
    chained.conn.execute("DELETE FROM audit WHERE id = 4")
    problems = chain_problems(chained)
    assert problems and problems[0].row == 5 and "row 4 is missing" in problems[0].problem


def test_deleting_the_newest_rows_is_caught_by_the_head(chained):
    chained.conn.execute("DELETE FROM audit WHERE id >= 5")
    problems = chain_problems(chained)
    assert len(problems) == 1 and "newest rows 5-7 are missing" in problems[0].problem


def test_reordered_rows_are_named(chained):
    rows = chained.conn.execute("SELECT at, actor, action, subject, details, prev_hash, hash FROM audit WHERE id IN (2, 3) ORDER BY id").fetchall()
    for target, row in zip((3, 2), rows):
        chained.conn.execute("UPDATE audit SET at=?, actor=?, action=?, subject=?, details=?, prev_hash=?, hash=? WHERE id=?", (*row, target))
    assert {p.row for p in chain_problems(chained)} >= {2, 3}


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(chained):
    row = chained.conn.execute("SELECT at, action, subject, details, prev_hash FROM audit WHERE id = 3").fetchone()
    forged = audit.row_hash(3, row[0], "mallory", row[1], row[2], row[3], row[4])
    chained.conn.execute("UPDATE audit SET actor = 'mallory', hash = ? WHERE id = 3", (forged,))
    problems = chain_problems(chained)
    assert [p.row for p in problems] == [4] and "does not follow" in problems[0].problem


def test_audit_verify_cli_names_the_row_and_fails(chained, capsys):
    from copydesk.cli import main

    chained.conn.execute("UPDATE audit SET actor = 'mallory' WHERE id = 2")
    assert main(["audit", "verify", "--db", str(chained.path)]) == 1
    assert "audit row 2: contents were changed" in capsys.readouterr().out
