"""An insider with a sqlite3 shell on the database file, and the claims they could make: every
move fails or `audit verify` names it (the witness file for the moves that rewrite everything)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest

from copydesk import identity
from copydesk.records import build_record
from copydesk.store import audit, backup, repository
from copydesk.store.db import Store
from copydesk.store.errors import StoreError
from copydesk.store.witness import Witness
from copydesk.workflow import NotAllowed, Workflow, WorkflowError

from .conftest import PASSING_SMS, new_draft

# The sqlite3 shell on the database file: the SQLite backend (tests/store/test_pg_team.py has the server's).
pytestmark = pytest.mark.sqlite_only

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def problems(store, witness=None) -> list[str]:
    return [str(p) for p in audit.verify(store, witness).problems]


def shell(store) -> sqlite3.Connection:
    """The insider's own connection, guards dropped as they would."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    for name in ("versions_approval_immutable", "versions_text_immutable", "versions_no_delete", "audit_no_update", "audit_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    return conn


@pytest.fixture
def submitted(team):
    version = new_draft(team["alice"])
    return team["alice"].submit(version.id)


# --- identity -----------------------------------------------------------------------------

def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "copydesk", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_user_flag_is_refused_without_the_override(tmp_path, monkeypatch):
    monkeypatch.delenv(identity.OVERRIDE_ENV)
    db = str(tmp_path / "lib.db")
    result = run_cli("users", "add", "bob", "--role", "admin", "--db", db, "--user", "bob")
    assert result.returncode == 2
    assert "--user is refused" in result.stderr and identity.OVERRIDE_ENV in result.stderr
    assert "Traceback" not in result.stderr


def test_environment_variables_do_not_change_who_acts(tmp_path, monkeypatch):
    monkeypatch.delenv(identity.OVERRIDE_ENV)
    db = str(tmp_path / "lib.db")
    me = identity.os_login()
    result = run_cli("users", "add", me, "--role", "admin", "--db", db, env={"USER": "bob", "LOGNAME": "bob", "USERNAME": "bob"})
    assert result.returncode == 0, result.stderr
    with Store.open(db) as store:
        actors = {r["actor"] for r in store.query("SELECT actor FROM audit WHERE action = 'user.add'")}
    assert actors == {me} and identity.resolve().login == me


def test_an_override_is_in_every_record_and_the_window_title(db, catalog, engine):
    acting = identity.resolve("mallory")
    assert acting.overridden and acting.os_login == identity.os_login()
    workflow = Workflow(db, catalog, engine, acting)
    workflow.add_user("mallory", ["admin", "marketer"])
    new_draft(workflow)
    details = [json.loads(r["details"]) for r in db.query("SELECT details FROM audit WHERE actor = 'mallory'")]
    assert details and all(d["identity"] == {"override": True, "os_login": acting.os_login} for d in details)
    from copydesk.ui.services import AppServices

    services = AppServices(user=acting.login, catalog=catalog, engine=engine, db_path=db.path, identity=acting)
    assert services.overridden_os_login == acting.os_login  # the window title names it (tests/ui/test_main_window.py)


# --- four-eyes against the admin ------------------------------------------------------------

def test_an_admins_sock_puppet_reviewer_cannot_approve_her_copy(db, catalog, engine):
    ada = Workflow(db, catalog, engine, "ada")
    ada.add_user("ada", ["admin", "marketer"])
    ada.add_user("puppet", ["reviewer"])
    version = ada.submit(new_draft(ada).id)
    with pytest.raises(NotAllowed, match="ada wrote .* set up puppet's reviewer account"):
        Workflow(db, catalog, engine, "puppet").approve(version.id)
    assert ada.version(version.id).status == "submitted"


def test_a_reviewer_re_roled_by_the_author_cannot_approve_it(team, submitted, catalog, engine):
    # alice becomes admin through IT, then re-roles carol (a real reviewer) and tries carol's approval
    team["admin"].add_user("alice", ["marketer", "admin"])
    alice = Workflow(team["admin"].store, catalog, engine, "alice")
    request = alice.add_user("carol", ["reviewer", "marketer"])
    assert isinstance(request, repository.RoleRequest)  # two admins now: her change waits for IT
    team["admin"].confirm_role_request(request.id)
    assert repository.get_user(team["admin"].store, "carol").roles_by == "alice"
    with pytest.raises(NotAllowed, match="alice wrote"):
        team["carol"].approve(submitted.id)
    assert team["bob"].approve(submitted.id).status == "approved"


def test_role_changes_need_a_second_admin_where_there_is_one(team):
    team["admin"].add_user("dana", ["admin"])  # the only admin adds a second: takes effect at once
    dana = team["dana"] = Workflow(team["admin"].store, team["admin"].catalog, team["admin"].engine, "dana")
    request = dana.add_user("mallory", ["reviewer"])
    assert isinstance(request, repository.RoleRequest) and repository.get_user(dana.store, "mallory") is None
    with pytest.raises(NotAllowed, match="another admin must confirm"):
        dana.confirm_role_request(request.id)
    user = team["admin"].confirm_role_request(request.id)
    assert user.roles == ("reviewer",) and user.roles_by == "dana"
    assert team["admin"].refuse_role_request(dana.add_user("alice", ["admin"]).id).status == "refused"
    assert repository.get_user(dana.store, "alice").roles == ("marketer",)
    assert not problems(dana.store)


# --- forged rows -----------------------------------------------------------------------------

def test_an_honest_library_verifies(team, submitted):
    team["bob"].approve(submitted.id, "fine")
    assert problems(team["bob"].store) == []


def test_a_forged_approved_version_is_named(team, submitted, db):
    conn = shell(db)
    conn.execute("INSERT INTO versions (draft_id, number, text, author, created_at, source, status, verdict, check_report,"
                 " rule_packs, decided_by) SELECT draft_id, 2, 'Guaranteed approval!', 'alice', created_at, 'manual',"
                 " 'approved', 'pass', check_report, rule_packs, 'bob' FROM versions WHERE id = ?", (submitted.id,))
    found = problems(db)
    assert any("1 version(s) are not in the audit log (#2)" in p for p in found), found


def test_a_status_flip_to_approved_is_named(team, submitted, db):
    shell(db).execute("UPDATE versions SET status = 'approved', decided_by = 'bob' WHERE id = ?", (submitted.id,))
    found = problems(db)
    assert any(f"version #{submitted.id} was changed outside copydesk: its status is approved" in p and "last recorded submitted" in p
               for p in found), found
    assert any("library index" not in p for p in found)


def test_edited_and_deleted_versions_are_named(team, submitted, db):
    other = new_draft(team["alice"], text=PASSING_SMS + " ")
    conn = shell(db)
    conn.execute("UPDATE versions SET text = 'Rates from 0%' WHERE id = ?", (submitted.id,))
    conn.execute("DELETE FROM library WHERE version_id = ?", (other.id,))
    conn.execute("DELETE FROM versions WHERE id = ?", (other.id,))
    found = problems(db)
    assert any(f"version #{submitted.id} was changed outside copydesk: its contents differ" in p for p in found), found
    assert any(f"version #{other.id} is in the audit log but no longer in the database" in p for p in found), found


def test_a_role_granted_by_sql_is_named(team, db):
    shell(db).execute("UPDATE users SET roles = 'marketer,reviewer' WHERE login = 'alice'")
    shell(db).execute("INSERT INTO users (login, roles, created_at, created_by) VALUES ('eve', 'reviewer', 'x', 'admin')")
    found = problems(db)
    assert any("user alice was changed outside copydesk: roles now marketer,reviewer" in p for p in found), found
    assert any("user eve (reviewer) is not in the audit log" in p for p in found), found


def test_dropped_guard_triggers_are_named(team, db):
    shell(db)
    found = problems(db)
    assert "the guard trigger versions_approval_immutable was dropped (audit row 1 recorded it)" in found
    assert "the guard trigger audit_no_delete was dropped (audit row 1 recorded it)" in found


def test_an_edited_library_index_is_named(team, submitted, db):
    shell(db).execute("UPDATE library SET status = 'approved' WHERE version_id = ?", (submitted.id,))
    assert any(f"library index lists version #{submitted.id} as approved" in p for p in problems(db))


# --- a truncated or rewritten log ------------------------------------------------------------

def test_an_emptied_log_is_tampering_not_zero_rows_ok(team, submitted, db):
    conn = shell(db)
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    found = problems(db)
    assert found and "the audit log is empty but the database holds 1 version(s)" in found[0]


def test_deleting_the_newest_entries_and_rolling_the_head_back_is_named(team, submitted, db):
    # The insider removes the submit entry and moves the head back to the row before it.
    submit_row = db.query("SELECT id FROM audit WHERE action = 'version.submit'")[0]["id"]
    conn = shell(db)
    conn.execute("DELETE FROM audit WHERE id >= ?", (submit_row,))
    previous = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", previous)
    found = problems(db)
    assert any(f"version #{submitted.id} was changed outside copydesk: its status is submitted" in p for p in found), found


def rewrite_chain(conn, version_id: int) -> None:
    """The strongest insider: flip a version to approved and recompute every digest and hash,
    so the database agrees with itself."""
    conn.execute("UPDATE versions SET status = 'approved', decided_by = 'bob' WHERE id = ?", (version_id,))
    conn.execute("UPDATE library SET status = 'approved' WHERE version_id = ?", (version_id,))
    state = audit.version_states(conn, version_id)[version_id]
    row = conn.execute("SELECT id, details FROM audit WHERE subject = ? ORDER BY id DESC LIMIT 1", (f"version:{version_id}",)).fetchone()
    details = json.loads(row[1])
    details["state"] = state
    conn.execute("UPDATE audit SET details = ?, action = 'version.approve', actor = 'bob' WHERE id = ?", (audit.canonical_json(details), row[0]))
    prev = audit.GENESIS
    for rid, at, actor, action, subject, det in conn.execute("SELECT id, at, actor, action, subject, details FROM audit ORDER BY id").fetchall():
        digest = audit.row_hash(rid, at, actor, action, subject, det, prev)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, rid))
        prev = digest
    conn.execute("UPDATE audit_head SET last_hash = ?", (prev,))


def test_a_consistently_rewritten_chain_is_caught_by_the_witness(team, submitted, tmp_path, catalog, engine):
    witness = Witness(tmp_path / "share" / "copydesk.witness")
    witness.path.parent.mkdir()
    path = team["alice"].store.path
    with Store.open(path, witness=witness) as store:  # the PC writes heads to the share as it works
        Workflow(store, catalog, engine, "alice").save_version(submitted.draft_id, PASSING_SMS + " Apply today.")
    schema = [r[0] for r in sqlite3.connect(path).execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")]
    conn = shell(team["alice"].store)
    rewrite_chain(conn, submitted.id)
    for sql in schema:  # ...and puts the dropped triggers back, so the schema matches too
        conn.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
    with Store.open(path) as store:
        found_without = [p for p in problems(store) if "library index" not in p]
        found = problems(store, witness)
    assert found_without == []  # the database alone agrees with itself: this is why the witness exists
    assert any("differs from the hash the witness recorded" in p and "the chain was rewritten" in p for p in found), found


def test_putting_back_an_older_copy_of_the_file_is_caught_by_the_witness(team, submitted, tmp_path, catalog, engine):
    witness = Witness(tmp_path / "copydesk.witness")
    path = team["alice"].store.path
    team["alice"].store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old = tmp_path / "yesterday.db"
    shutil.copy(path, old)
    with Store.open(path, witness=witness) as store:
        Workflow(store, catalog, engine, "bob").reject(submitted.id, "No: the APR is missing from the headline")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    team["alice"].store.close()
    shutil.copy(old, path)
    with Store.open(path) as store:
        assert problems(store) == []
        found = problems(store, witness)
    assert any("the database was rolled back: the witness saw audit row" in p for p in found), found


def test_audit_verify_cli_takes_the_witness_and_a_record_prints_the_head(team, submitted, tmp_path):
    team["bob"].approve(submitted.id, "fine")
    record = build_record(team["bob"].store, submitted.id)
    evidence = dict(next(s for s in record.sections if s.title == "Audit evidence").fields)
    position, digest = audit.head(team["bob"].store)
    assert evidence["Chain head when this record was made"] == f"audit row {position}, hash {digest}"
    assert evidence["Approval entry"].startswith("audit row ")
    witness = tmp_path / "w.jsonl"
    witness.write_text(json.dumps({"row": position, "hash": "0" * 64, "at": "2026-12-01T00:00:00"}) + "\n")
    from copydesk.cli import main

    assert main(["audit", "verify", "--db", str(team["bob"].store.path), "--witness", str(witness)]) == 1


# --- verify under load, files, dates ----------------------------------------------------------

WRITER = """
import sys
from copydesk.catalog import load_catalog
from copydesk import resources
from copydesk.rules.engine import RuleEngine
from copydesk.store.db import Store
from copydesk.workflow import Workflow

store = Store.open(sys.argv[1])
w = Workflow(store, load_catalog(resources.sample_catalog_path()), RuleEngine.load(), "alice")
print("ready", flush=True)
for n in range(int(sys.argv[2])):
    w.start_draft(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=f"Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval. {n}")
"""


def test_verify_reads_one_snapshot_while_another_process_writes(team, db):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db.path), "60"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert writer.stdout.readline().strip() == "ready"
    runs = []
    with Store.open(db.path) as reader:
        while writer.poll() is None:
            runs.append(problems(reader))
    assert writer.wait(timeout=120) == 0
    assert runs and all(found == [] for found in runs), [f for f in runs if f][:1]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_database_and_backups_are_private_and_a_backup_is_one_file(db, tmp_path, team):
    assert stat.S_IMODE(os.stat(db.path).st_mode) == 0o600
    copy = backup.backup(db, tmp_path / "b.db")
    assert copy.ok and stat.S_IMODE(os.stat(tmp_path / "b.db").st_mode) == 0o600
    backup.check(tmp_path / "b.db")
    assert not (tmp_path / "b.db-wal").exists() and not (tmp_path / "b.db-shm").exists()
    from copydesk import config

    assert stat.S_IMODE(os.stat(config.data_dir()).st_mode) == 0o700


def test_a_zero_byte_database_is_an_error_not_a_new_library(tmp_path):
    empty = tmp_path / "copydesk.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="empty \\(0 bytes\\).*Restore it from a backup"):
        Store.open(empty)
    assert empty.stat().st_size == 0


def test_an_expiry_date_in_the_past_is_refused(team, submitted):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    with pytest.raises(WorkflowError, match="not in the future"):
        team["bob"].approve(submitted.id, expires_at=yesterday)


def test_the_cli_retires_expired_approvals(team, submitted, db):
    team["bob"].approve(submitted.id, expires_at=(date.today() + timedelta(days=3)).isoformat())
    from copydesk.cli import main

    with pytest.MonkeyPatch.context() as patch:
        import copydesk.workflow as wf

        class Later(date):
            @classmethod
            def today(cls):
                return date.today() + timedelta(days=5)

        patch.setattr(wf, "date", Later)
        assert main(["review", "queue", "--db", str(db.path), "--user", "bob"]) == 0
    assert team["bob"].version(submitted.id).status == "retired"
    assert not problems(db)
