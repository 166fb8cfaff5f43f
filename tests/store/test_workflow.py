"""The workflow's rules, enforced in the core: roles, states, four-eyes, what approval freezes."""

from __future__ import annotations

from datetime import date

import pytest

from copydesk.store import audit, repository
from copydesk.workflow import BlockedByFindings, InvalidState, NotAllowed, Workflow, WorkflowError
from tests.store.conftest import BLOCKED_SMS, PASSING_SMS, REFUSED, new_draft


def submitted(team, text=PASSING_SMS):
    version = new_draft(team["alice"], text)
    return team["alice"].submit(version.id)


# --- roles -----------------------------------------------------------------------------

@pytest.mark.parametrize("who, allowed", [("alice", True), ("bob", True), ("admin", False)])
def test_who_may_write_drafts(team, who, allowed):
    if allowed:
        assert new_draft(team[who]).author == who
    else:
        with pytest.raises(NotAllowed, match="needs the role marketer or reviewer"):
            new_draft(team[who])


@pytest.mark.parametrize("who, allowed", [("alice", False), ("admin", False), ("bob", True)])
def test_only_reviewers_approve(team, who, allowed):
    version = submitted(team)
    if allowed:
        assert team[who].approve(version.id).status == "approved"
    else:
        with pytest.raises(NotAllowed, match="may not review"):
            team[who].approve(version.id)
        assert team["bob"].version(version.id).status == "submitted"


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_only_admins_manage_users(team, who):
    with pytest.raises(NotAllowed, match="manage users"):
        team[who].add_user("eve", ["admin"])
    assert repository.get_user(team["admin"].store, "eve") is None


def test_unknown_and_deactivated_users_cannot_act(team, connect, catalog, engine):
    stranger = Workflow(connect("mallory"), catalog, engine, "mallory")
    with pytest.raises(NotAllowed, match="copydesk users add mallory"):
        new_draft(stranger)
    team["admin"].set_active("alice", False)
    with pytest.raises(NotAllowed, match="not an active copydesk user"):
        new_draft(team["alice"])


@pytest.mark.sqlite_only  # OS logins (Windows) ignore case; a database server's logins are exact
def test_logins_are_case_insensitive(team, db, catalog, engine):
    assert new_draft(Workflow(db, catalog, engine, "ALICE")).author == "alice"


def test_first_user_must_be_an_admin_and_bootstrap_records_it(db, connect, catalog, engine):
    first = Workflow(connect("it-desk"), catalog, engine, "it-desk")
    with pytest.raises(WorkflowError, match="first user must be an admin"):
        first.add_user("it-desk", ["marketer"])
    user = first.bootstrap_first_user()
    assert user.roles == ("marketer", "admin")
    assert first.bootstrap_first_user() is None  # only on an empty database
    assert [r["action"] for r in first.store.query("SELECT action FROM audit ORDER BY id")][:2] == ["database.migrate", "user.bootstrap"]


# --- four-eyes ---------------------------------------------------------------------------

def test_a_reviewer_cannot_approve_what_they_wrote(team):
    version = new_draft(team["bob"])
    team["bob"].submit(version.id)
    with pytest.raises(NotAllowed, match="four-eyes: bob wrote or edited"):
        team["bob"].approve(version.id)
    assert team["carol"].approve(version.id).decided_by == "carol"


def test_a_reviewer_who_edited_an_earlier_version_cannot_approve(team):
    first = new_draft(team["alice"])
    team["bob"].save_version(first.draft_id, PASSING_SMS + " Apply in the app.")
    latest = team["alice"].save_version(first.draft_id, PASSING_SMS)
    team["alice"].submit(latest.id)
    for decision in (lambda: team["bob"].approve(latest.id), lambda: team["bob"].reject(latest.id, "no")):
        with pytest.raises(NotAllowed, match="four-eyes"):
            decision()
    assert team["carol"].approve(latest.id).status == "approved"


def test_reuse_of_approved_copy_keeps_its_original_authors(team):
    original = submitted(team)
    team["bob"].approve(original.id)
    reused = new_draft(team["carol"], based_on=original.id)  # carol starts from alice's approved text
    team["carol"].submit(reused.id)
    with pytest.raises(NotAllowed, match="four-eyes: carol"):
        team["carol"].approve(reused.id)
    assert team["bob"].approve(reused.id).frozen["authors"] == ["alice", "carol"]


# --- blocking findings -------------------------------------------------------------------

def test_blocked_copy_needs_an_override_reason_to_submit_and_can_never_be_approved(team):
    version = new_draft(team["alice"], BLOCKED_SMS)
    assert version.verdict == "block"
    with pytest.raises(BlockedByFindings, match="en.guarantee.approval") as refused:
        team["alice"].submit(version.id)
    assert refused.value.report.verdict == "block"
    assert team["alice"].version(version.id).status == "draft"  # kept, not lost
    overridden = team["alice"].submit(version.id, override_reason="Legal cleared the wording on 2026-11-20")
    assert overridden.status == "submitted" and overridden.override_reason.startswith("Legal cleared")
    with pytest.raises(BlockedByFindings, match="nobody can approve it"):
        team["bob"].approve(version.id)
    assert team["bob"].version(version.id).status == "submitted"
    assert team["bob"].request_changes(version.id, "Remove the guarantee").status == "changes_requested"


def test_submit_rechecks_the_text_with_the_rules_in_force(team, catalog, engine, connect, tmp_path):
    from copydesk.rules.engine import RuleEngine, default_pack_files

    version = new_draft(team["alice"])
    house = tmp_path / "house.toml"
    house.write_text(
        '[pack]\nid = "house"\nversion = "1"\n\n[[rule]]\nid = "house.points"\ncategory = "superlative"\n'
        'severity = "block"\nlanguages = ["en"]\nmessage = "No points talk this quarter"\nphrases = ["points per"]\n'
        'citation = "House style memo 7"\n'
        'examples = { flag = ["2 points per $1"], pass = ["Earn points on every purchase"] }\n',
        encoding="utf-8",
    )
    stricter = Workflow(connect("alice"), catalog, RuleEngine.load(default_pack_files() + [house]), "alice")
    with pytest.raises(BlockedByFindings, match="house.points"):
        stricter.submit(version.id)


# --- states ------------------------------------------------------------------------------

def test_review_decisions_need_a_submitted_version_and_a_comment(team):
    version = new_draft(team["alice"])
    with pytest.raises(InvalidState, match="not submitted"):
        team["bob"].approve(version.id)
    team["alice"].submit(version.id)
    with pytest.raises(WorkflowError, match="comment is required"):
        team["bob"].reject(version.id, "  ")
    rejected = team["bob"].reject(version.id, "Off-brand")
    assert rejected.status == "rejected" and rejected.decisions[-1]["comment"] == "Off-brand"
    with pytest.raises(InvalidState, match="rejected; start a new draft"):
        team["alice"].save_version(version.draft_id, PASSING_SMS)
    with pytest.raises(InvalidState):
        team["alice"].submit(version.id)


def test_changes_requested_then_resubmitted_as_a_new_version(team):
    version = submitted(team)
    team["bob"].request_changes(version.id, "Mention the app")
    with pytest.raises(InvalidState, match="not the latest"):
        second = team["alice"].save_version(version.draft_id, PASSING_SMS + " Apply in the app.")
        team["alice"].submit(version.id)
    second = team["alice"].version(second.id)
    assert team["alice"].submit(second.id).status == "submitted"
    assert [v.status for v in team["alice"].history(version.draft_id)] == ["changes_requested", "submitted"]


def test_editing_a_submitted_version_withdraws_it(team):
    version = submitted(team)
    team["alice"].save_version(version.draft_id, PASSING_SMS + " Apply in the app.")
    assert team["alice"].version(version.id).status == "withdrawn"
    assert team["bob"].queue() == []


def test_editing_approved_copy_needs_a_new_approval_and_replaces_the_old_one(team):
    version = submitted(team)
    team["bob"].approve(version.id)
    edit = team["alice"].save_version(version.draft_id, PASSING_SMS + " Apply in the app.")
    assert edit.status == "draft" and team["alice"].version(version.id).status == "approved"
    team["alice"].submit(edit.id)
    team["carol"].approve(edit.id)
    old = team["alice"].version(version.id)
    assert old.status == "retired" and old.retired_reason == f"replaced by {edit.label}"
    assert old.frozen["text"] == PASSING_SMS  # the record of what was approved stays


def test_approval_freezes_the_evidence(team, catalog, engine):
    version = submitted(team)
    approved = team["bob"].approve(version.id, comment="Fine", expires_at="2027-03-31")
    frozen = approved.frozen
    product = catalog.product("rewards-card")
    assert frozen["text"] == PASSING_SMS
    assert frozen["product"]["facts"] == dict(product.facts)
    assert frozen["product"]["disclosures"] == list(product.disclosures)
    assert frozen["catalog"]["sha256"] == catalog.sha256 and len(catalog.sha256) == 64
    assert frozen["rule_packs"] == dict(engine.rule_set.versions) and "en-promises" in frozen["rule_packs"]
    assert frozen["check_report"]["verdict"] == "pass" and frozen["check_report"]["findings"] == []
    assert {f["fact"] for f in frozen["check_report"]["figures"]} <= set(product.facts) | {f"disclosure_{i}" for i in range(9)}
    assert frozen["authors"] == ["alice"] and frozen["approved_by"] == "bob"
    assert frozen["submitted_by"] == "alice" and frozen["expires_at"] == "2027-03-31"


def test_model_provenance_is_kept_and_frozen(team):
    version = new_draft(team["alice"], source="model", model_id="SmolLM2-135M-Instruct.Q4_1", seed=7, template_version="fewshot.en@3")
    team["alice"].submit(version.id)
    frozen = team["bob"].approve(version.id).frozen
    assert (frozen["source"], frozen["model_id"], frozen["seed"], frozen["template_version"]) == ("model", "SmolLM2-135M-Instruct.Q4_1", 7, "fewshot.en@3")


def test_expired_copy_is_retired_by_the_start_up_sweep(team):
    version = submitted(team)
    team["bob"].approve(version.id, expires_at="2026-12-31")
    assert team["bob"].retire_expired(date(2026, 12, 30)) == []
    assert team["bob"].retire_expired(date(2026, 12, 31)) == [version.id]
    retired = team["bob"].version(version.id)
    assert retired.status == "retired" and retired.retired_reason == "expired"
    with pytest.raises(WorkflowError, match="YYYY-MM-DD"):
        team["bob"].approve(submitted(team).id, expires_at="31/12/2026")


def test_retire_is_for_reviewers_and_admins(team):
    version = submitted(team)
    team["bob"].approve(version.id)
    with pytest.raises(NotAllowed):
        team["alice"].retire(version.id, "campaign over")
    assert team["admin"].retire(version.id, "campaign over").status == "retired"


def test_every_state_change_is_in_the_audit_chain(team, db):
    version = submitted(team)
    team["bob"].approve(version.id)
    actions = [(r["actor"], r["action"]) for r in db.query("SELECT actor, action FROM audit ORDER BY id")]
    assert actions[-3:] == [("alice", "draft.create"), ("alice", "version.submit"), ("bob", "version.approve")]
    assert audit.verify(db).ok


def test_refused_actions_leave_no_trace(team, db):
    version = submitted(team)
    before = db.query("SELECT count(*) AS n FROM audit")[0]["n"]
    with pytest.raises(NotAllowed):
        team["alice"].approve(version.id)
    assert db.query("SELECT count(*) AS n FROM audit")[0]["n"] == before
    assert db.query("SELECT count(*) AS n FROM decisions")[0]["n"] == 0


# --- the database refuses what the workflow would (defence in depth) ----------------------

def test_sql_cannot_change_approved_text_or_delete_versions(team, owner_sql):
    # As the library's owner on PostgreSQL (who holds every privilege): the triggers still refuse.
    version = submitted(team)
    team["bob"].approve(version.id)
    for statement in (
        "UPDATE versions SET text = 'Guaranteed!' WHERE id = ?",
        "UPDATE versions SET frozen = '{}' WHERE id = ?",
        "UPDATE versions SET status = 'draft' WHERE id = ?",
        "DELETE FROM versions WHERE id = ?",
    ):
        with pytest.raises(REFUSED, match="immutable|cannot be changed|never deleted"):
            owner_sql(statement, (version.id,))
    with pytest.raises(REFUSED, match="append-only"):
        owner_sql("DELETE FROM audit")


# --- autosave ----------------------------------------------------------------------------

def test_autosave_keeps_unsaved_text_per_user(team):
    team["alice"].autosave("compose", "half-written 首年免年费", {"product": "rewards-card"})
    assert team["alice"].recover("compose")["text"] == "half-written 首年免年费"
    assert team["bob"].recover("compose") is None
    team["alice"].discard_autosave("compose")
    assert team["alice"].recover("compose") is None


def test_approved_copy_becomes_few_shot_material_for_its_kind_and_channel(team):
    version = submitted(team)
    team["bob"].approve(version.id)
    examples = team["alice"].fewshot_examples("credit_card", "sms", "en")
    assert examples == [{"product": "Everyday Rewards Card", "facts": examples[0]["facts"], "ad": PASSING_SMS}]
    assert "$" in examples[0]["facts"] or "%" in examples[0]["facts"]
    assert team["alice"].fewshot_examples("mortgage", "sms", "en") == []
    assert team["alice"].fewshot_examples("credit_card", "sms", "zh") == []


def test_the_last_admin_cannot_be_removed(team):
    with pytest.raises(WorkflowError, match="last active admin"):
        team["admin"].set_active("admin", False)
    with pytest.raises(WorkflowError, match="last active admin"):
        team["admin"].add_user("admin", ["reviewer"])
    team["admin"].add_user("dana", ["admin"])
    assert not team["admin"].set_active("admin", False).active


def test_only_an_admin_installs_a_catalog_and_the_install_is_in_the_chain(team, tmp_path):
    from copydesk import config, resources
    from copydesk.catalog_install import install_catalog
    from copydesk.store import audit

    source = resources.sample_catalog_path()
    with pytest.raises(NotAllowed, match="install catalog"):
        install_catalog(team["alice"], source)
    assert config.load_settings().catalog is None
    catalog = install_catalog(team["admin"], source)
    assert config.load_settings().catalog == catalog.source and catalog.source.endswith("catalog.json")
    entry = team["admin"].store.query("SELECT actor, details FROM audit WHERE action = 'catalog.install'")
    assert entry and entry[0]["actor"] == "admin" and catalog.sha256 in entry[0]["details"]
    assert not audit.verify(team["admin"].store).problems


def test_rule_packs_in_force_are_recorded_when_they_change(team, catalog, tmp_path):
    from copydesk.rules.engine import RuleEngine, default_pack_files

    assert team["alice"].record_rule_packs() in (True, False)  # the bundled packs, once
    assert team["alice"].record_rule_packs() is False  # unchanged: nothing new
    house = tmp_path / "house.toml"
    house.write_text('[pack]\nid = "house"\nversion = "1"\n\n[[rule]]\nid = "house.x"\ncategory = "superlative"\n'
                     'severity = "warn"\nlanguages = ["en"]\nmessage = "x"\nphrases = ["zzz"]\ncitation = "memo"\n'
                     'examples = { flag = ["zzz"], pass = ["abc"] }\n', encoding="utf-8")
    engine = RuleEngine.load(default_pack_files() + [house])
    assert not engine.errors and "house" in {p.id for p in engine.rule_set.packs}
    with_house = Workflow(team["alice"].store, catalog, engine, "alice")
    assert with_house.record_rule_packs() is True
    entry = team["alice"].store.query("SELECT actor, details FROM audit WHERE action = 'rules.install' ORDER BY id DESC LIMIT 1")[0]
    assert entry["actor"] == "copydesk" and '"house"' in entry["details"] and '"seen_by":"alice"' in entry["details"]
    assert not audit.verify(team["alice"].store).problems


# --- a login's own marks ------------------------------------------------------------------

def test_the_inbox_read_mark_is_kept_in_the_library_for_every_pc(team, connect, catalog, engine):
    # Two PCs with two settings files and one library: reading the inbox on the first PC clears
    # it on the second (on PostgreSQL the second is another connection as the same login).
    from copydesk import config
    from copydesk.app.inbox import last_seen, load_inbox, mark_seen

    alice = team["alice"]
    team["bob"].approve(submitted(team).id, "Fine")
    first_pc, second_pc = config.Settings(), config.Settings()
    assert len(load_inbox(alice, last_seen(alice, first_pc)).decided) == 1
    mark_seen(alice)
    elsewhere = Workflow(connect("alice"), catalog, engine, "alice")
    assert last_seen(elsewhere, second_pc) == last_seen(alice, first_pc) != ""
    assert load_inbox(elsewhere, last_seen(elsewhere, second_pc)).decided == ()
    assert last_seen(team["bob"]) == ""  # a mark is her own


def test_an_approval_cannot_outlast_the_offer_it_approves(team):
    # The fund's fee waiver runs "through 2027-04-30": approved copy stating it must lapse by then.
    copy = "Net expense ratio 0.45%. Not FDIC insured. No bank guarantee. May lose value."
    version = new_draft(team["alice"], copy, product_id="balanced-fund", segment_id="affluent-professionals", channel="email")
    team["alice"].submit(version.id)
    with pytest.raises(WorkflowError, match=r"past the end of the offer .*2027-04-30.*on or before the offer's end date"):
        team["bob"].approve(version.id, "fine", expires_at="2027-06-30")
    assert team["bob"].approve(version.id, "fine", expires_at="2027-04-30").status == "approved"
