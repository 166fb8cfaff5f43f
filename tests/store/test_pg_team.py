"""The team library on a real PostgreSQL server: marketer and reviewer as two database logins,
identity from the server, and the roles enforced by the server itself, against clients that
skip copydesk and send their own SQL (and against the owner, whom the audit chain catches)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import psycopg
import pytest

from copydesk.store import audit
from copydesk.store.db import Store
from copydesk.workflow import Workflow

from .conftest import PASSING_SMS, new_draft

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def raw(pg_library):
    """raw(login) -> a psycopg connection as that person: a client that bypasses copydesk."""
    server, name = pg_library
    opened = []

    def raw(login):
        conn = psycopg.connect(server.url(login, name), autocommit=True)
        opened.append(conn)
        return conn

    yield raw
    for conn in opened:
        conn.close()


@pytest.fixture
def submitted(team):
    return team["alice"].submit(new_draft(team["alice"]).id)


def test_who_acts_is_the_servers_authenticated_user(team, connect, catalog, engine):
    # alice's connection, whatever name the caller hands the workflow
    claimed = Workflow(connect("alice"), catalog, engine, "bob")
    assert claimed.login == "alice"
    assert new_draft(claimed).author == "alice"


def test_a_marketers_database_role_cannot_write_an_approval(team, submitted, raw):
    alice = raw("alice")
    with pytest.raises(psycopg.Error, match="only a reviewer's decision"):
        alice.execute("UPDATE versions SET status = 'approved' WHERE id = %s", (submitted.id,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("UPDATE versions SET decided_by = 'bob', frozen = '{}' WHERE id = %s", (submitted.id,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("INSERT INTO decisions (version_id, reviewer, decision, at) VALUES (%s, 'bob', 'approved', 'now')", (submitted.id,))
    with pytest.raises(psycopg.Error, match="not an active copydesk reviewer"):
        alice.execute("SELECT copydesk_decide(%s, 'approved', '', 'now', 'pass', '{}', '{}', %s, '', 'alice')",
                      (submitted.id, json.dumps({"text": submitted.text, "approved_by": "alice"})))
    assert team["bob"].version(submitted.id).status == "submitted"


def test_the_approval_function_checks_four_eyes_itself(team, raw):
    version = team["bob"].submit(new_draft(team["bob"]).id)  # a reviewer's own copy
    frozen = json.dumps({"text": version.text, "approved_by": "bob"})
    with pytest.raises(psycopg.Error, match="four-eyes: bob wrote or edited"):
        raw("bob").execute("SELECT copydesk_decide(%s, 'approved', '', 'now', 'pass', '{}', '{}', %s, '', 'bob')", (version.id, frozen))
    with pytest.raises(psycopg.Error, match="recorded as the signed-in database user"):
        raw("carol").execute("SELECT copydesk_decide(%s, 'approved', '', 'now', 'pass', '{}', '{}', %s, '', 'bob')", (version.id, frozen))
    assert team["carol"].approve(version.id).status == "approved"


def test_row_level_security_keeps_edits_to_the_authors_drafts(team, submitted, raw):
    carol = raw("carol")
    withdrawn = carol.execute("UPDATE versions SET status = 'withdrawn' WHERE id = %s", (submitted.id,))
    assert withdrawn.rowcount == 0  # the policy hides alice's rows from carol's UPDATE
    with pytest.raises(psycopg.Error, match="row-level security"):
        carol.execute("INSERT INTO versions (draft_id, number, text, author, created_at, source, verdict, check_report, rule_packs)"
                      " VALUES (%s, 9, 'x', 'alice', 'now', 'manual', 'pass', '{}', '{}')", (submitted.draft_id,))
    assert team["alice"].version(submitted.id).status == "submitted"


def test_a_client_reads_and_writes_only_its_own_read_marks(team, raw):
    team["alice"].set_mark("inbox_seen", "2026-01-01T00:00:00")
    bob = raw("bob")
    assert bob.execute("SELECT * FROM user_marks").fetchall() == []  # alice's mark is not his to see
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        bob.execute("INSERT INTO user_marks (login, mark, at) VALUES ('alice', 'inbox_seen', '9999')")
    assert bob.execute("UPDATE user_marks SET at = '9999' WHERE login = 'alice'").rowcount == 0
    assert team["alice"].mark("inbox_seen") == "2026-01-01T00:00:00"


def test_clients_cannot_bend_the_audit_chain_or_grant_themselves_roles(team, raw):
    alice = raw("alice")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("INSERT INTO audit VALUES (999, 'now', 'alice', 'x', 'y', '{}', '0', '0')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("UPDATE audit_head SET last_id = 1")
    last_id, last_hash = alice.execute("SELECT last_id, last_hash FROM audit_head").fetchone()
    digest = audit.row_hash(last_id + 1, "now", "bob", "version.approve", "version:1", "{}", last_hash)
    with pytest.raises(psycopg.Error, match="names the signed-in user"):
        alice.execute("SELECT copydesk_append_audit(%s, 'now', 'bob', 'version.approve', 'version:1', '{}', %s, %s)",
                      (last_id + 1, last_hash, digest))
    with pytest.raises(psycopg.Error, match="does not carry the hash"):
        alice.execute("SELECT copydesk_append_audit(%s, 'now', 'alice', 'x', 'y', '{}', %s, %s)", (last_id + 1, last_hash, "0" * 64))
    with pytest.raises(psycopg.Error, match="not an active copydesk admin"):
        alice.execute("SELECT copydesk_put_user('alice', '', 'marketer,reviewer', 1)")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("GRANT copydesk_reviewer TO alice")
    assert not [p for p in audit.verify(team["admin"].store).problems]


def test_role_changes_need_a_second_admin_on_the_server_too(team, connect, catalog, engine, raw):
    team["admin"].add_user("dana", ["admin"])
    dana = Workflow(connect("dana"), catalog, engine, "dana")
    request = dana.add_user("mallory", ["reviewer"])
    with pytest.raises(psycopg.Error, match="four-eyes: a role change needs a request by another admin"):
        raw("dana").execute("SELECT copydesk_put_user('mallory', '', 'reviewer', 1)")  # skipping the request
    user = team["admin"].confirm_role_request(request.id)
    assert user.roles == ("reviewer",) and user.roles_by == "dana"
    assert raw("mallory").execute("SELECT pg_has_role('mallory', 'copydesk_reviewer', 'MEMBER')").fetchone()[0]


def test_the_owner_tampering_is_named_by_audit_verify(team, submitted, owner_sql):
    owner_sql("ALTER TABLE versions DISABLE TRIGGER USER")
    owner_sql("UPDATE versions SET status = 'approved', decided_by = 'bob' WHERE id = ?", (submitted.id,))
    owner_sql("ALTER TABLE versions ENABLE TRIGGER USER")
    owner_sql("DROP TRIGGER versions_no_delete ON versions")
    owner_sql("UPDATE users SET roles = 'marketer,reviewer' WHERE login = 'alice'")
    found = [str(p) for p in audit.verify(team["bob"].store).problems]
    assert any(f"version #{submitted.id} was changed outside copydesk: its status is approved" in p for p in found), found
    assert any("trigger versions_no_delete was dropped" in p for p in found), found
    assert any("user alice was changed outside copydesk" in p for p in found), found


def test_four_concurrent_clients_keep_one_chain(team, connect, catalog, engine):
    errors = []

    def write(login):
        try:
            workflow = Workflow(connect(login), catalog, engine, login)
            for n in range(5):
                workflow.start_draft(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=f"{PASSING_SMS} {n}")
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("alice", "bob", "carol", "alice")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert team["admin"].store.query("SELECT count(*) AS n FROM versions")[0]["n"] == 20
    assert not audit.verify(team["admin"].store).problems


def test_the_whole_workflow_from_the_command_line_as_two_database_users(team, pg_library, tmp_path):
    server, name = pg_library
    env = {**os.environ}
    env.pop("COPYDESK_ALLOW_USER_OVERRIDE", None)  # identity comes from the server here

    def cli(login, *args):
        result = subprocess.run([sys.executable, "-m", "copydesk", *args, "--db", server.url(login, name)],
                                capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        return result.returncode, result.stdout, result.stderr

    text = tmp_path / "sms.txt"
    text.write_text(PASSING_SMS)
    code, out, err = cli("alice", "review", "submit", "--product", "rewards-card", "--segment", "new-graduates",
                         "--channel", "sms", "--json", str(text))
    assert code == 0, err
    version = json.loads(out)["version"]
    assert version["author"] == "alice" and version["status"] == "submitted"
    code, _, err = cli("alice", "review", "approve", str(version["id"]))
    assert code == 1 and "may not review" in err
    code, out, err = cli("bob", "review", "approve", str(version["id"]), "--comment", "Facts match", "--json")
    assert code == 0, err
    assert json.loads(out)["version"]["decided_by"] == "bob"
    code, out, err = cli("carol", "library", "search", "Everyday", "--json")
    assert code == 0, err
    assert [v["id"] for v in json.loads(out)["versions"]] == [version["id"]]
    code, out, err = cli("carol", "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"], out + err
    # and a Chinese two-character search, as on SQLite
    with Store.open(server.url("alice", name)) as store:
        Workflow(store, team["alice"].catalog, team["alice"].engine, "alice").start_draft(
            product_id="zh-platinum-card", segment_id="zh-new-graduates", channel="sms", text="云帆白金信用卡，首年免年费。详情以银行审批为准。")
    code, out, err = cli("carol", "library", "search", "年费", "--status", "all", "--json")
    assert code == 0 and out, err
    assert len(json.loads(out)["versions"]) == 1


def test_the_owners_forged_version_and_emptied_log_are_named(team, submitted, owner_sql):
    owner_sql("INSERT INTO versions (draft_id, number, text, author, created_at, source, status, verdict, check_report,"
              " rule_packs, decided_by) SELECT draft_id, 2, 'Guaranteed approval!', 'alice', created_at, 'manual',"
              " 'approved', 'pass', check_report, rule_packs, 'bob' FROM versions WHERE id = ?", (submitted.id,))
    found = [str(p) for p in audit.verify(team["bob"].store).problems]
    assert any("1 version(s) are not in the audit log" in p for p in found), found
    owner_sql("ALTER TABLE audit DISABLE TRIGGER USER")
    owner_sql("DELETE FROM audit")
    owner_sql("DELETE FROM audit_head")
    found = [str(p) for p in audit.verify(team["bob"].store).problems]
    assert found and "the audit log is empty but the database holds 2 version(s)" in found[0]
