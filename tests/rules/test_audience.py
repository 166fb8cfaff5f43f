"""Segment restrictions (#14): the catalog says which product kinds or offers a segment may not
receive; `check --segment`, generation and every save, submit and approval apply them, quoting
the bank's own wording."""

import json
import subprocess
import sys

import pytest

from copydesk import resources
from copydesk.catalog import CatalogError, parse_catalog
from copydesk.generation.pipeline import DraftPipeline, GenerationInputError, GenerationRequest
from copydesk.workflow import BlockedByFindings, Workflow
from copydesk.store.db import Store

CATALOG = str(resources.sample_catalog_path())
CARD_AD = "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval."


def catalog_with(segment: dict):
    base = json.loads(resources.sample_catalog_path().read_text(encoding="utf-8"))
    base["segments"] = [segment]
    return base


SEGMENT = {"id": "s", "name": "Students", "description": "Full-time students", "lang": "en"}


@pytest.mark.parametrize("restrictions, problem", [
    ([{"kinds": ["credit_card"]}], "segments[0].restrictions[0].reason: missing"),
    ([{"reason": "No loans", "kinds": ["payday_loan"]}], "segments[0].restrictions[0].kinds: unknown product kind 'payday_loan'"),
    ([{"reason": "No loans"}], "segments[0].restrictions[0]: name the product kinds or the terms"),
    ([{"reason": "No loans", "terms": "cash advance"}], "segments[0].restrictions[0].terms: expected a list of non-empty strings"),
    ([{"reason": "No loans", "kinds": ["personal_loan"], "why": "x"}], "segments[0].restrictions[0].why: unknown key"),
    ({"reason": "No loans"}, "segments[0].restrictions: expected a list of objects"),
])
def test_a_broken_restriction_is_named_with_its_place(restrictions, problem):
    with pytest.raises(CatalogError) as error:
        parse_catalog(catalog_with({**SEGMENT, "restrictions": restrictions}), source="team.json")
    assert problem in str(error.value), str(error.value)


def test_a_product_kind_the_segment_may_not_be_offered_is_blocked_with_the_reason_quoted(engine, catalog):
    retirees = catalog.segment("retirees")
    card = catalog.product("rewards-card")
    assert engine.check(CARD_AD, card, "email").verdict == "pass"  # no segment named: not checked
    report = engine.check(CARD_AD, card, "email", segment=retirees)
    [finding] = [f for f in report.findings if f.rule == "audience.segment_restriction"]
    assert finding.severity == "block" and finding.category == "fair_lending"
    assert "Deposit products only (high-yield savings, 12-month CD, everyday checking)" in finding.message
    assert CARD_AD[finding.start:finding.end] == "Everyday Rewards Card"
    savings = catalog.product("high-yield-savings")
    assert not [f for f in engine.check("Save with us. Member FDIC.", savings, "email", segment=retirees).findings
                if f.rule == "audience.segment_restriction"]


def test_an_offer_term_is_blocked_but_its_price_disclosure_and_a_denial_are_not(engine):
    catalog = parse_catalog(catalog_with({**SEGMENT, "restrictions": [
        {"reason": "No cash-advance offers", "terms": ["cash advance*"], "citation": "Campus card policy 4"}]}))
    students, card = catalog.segment("s"), catalog.product("rewards-card")
    offer = "Short on rent? Take a cash advance on your Everyday Rewards Card. " + CARD_AD
    [finding] = [f for f in engine.check(offer, card, "sms", segment=students).findings if f.rule == "audience.segment_restriction"]
    assert offer[finding.start:finding.end] == "cash advance"
    assert "No cash-advance offers" in finding.message and finding.citation.startswith("Campus card policy 4; ")
    for clean in (CARD_AD + " Cash advance APR 29.99% (variable).", "No cash advances, just points. " + CARD_AD):
        assert not [f for f in engine.check(clean, card, "sms", segment=students).findings
                    if f.rule == "audience.segment_restriction"], clean


def test_chinese_restrictions_read_in_chinese(engine, catalog):
    report = engine.check("云朵消费贷，年化利率（单利）3.6%起，具体以审批结果为准。", catalog.product("zh-consumer-loan"), "wechat",
                          segment=catalog.segment("zh-students"))
    [finding] = [f for f in report.findings if f.rule == "audience.segment_restriction"]
    assert "不向在校学生营销消费贷" in finding.message and "目录规定" in finding.message


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "copydesk", *args], input=stdin, capture_output=True, text=True, encoding="utf-8")


def test_check_segment_on_the_command_line_and_in_a_batch(tmp_path):
    base = ["check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "email", "--json"]
    assert run_cli(*base, "-", stdin=CARD_AD).returncode == 0
    result = run_cli(*base, "--segment", "retirees", "-", stdin=CARD_AD)
    assert result.returncode == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["audience.segment_restriction"]
    unknown = run_cli(*base, "--segment", "pensioners", "-", stdin=CARD_AD)
    assert unknown.returncode == 2 and "unknown segment id 'pensioners'" in unknown.stderr
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c) for c in [
        {"id": "a", "product": "rewards-card", "channel": "email", "text": CARD_AD, "segment": "retirees"},
        {"id": "b", "product": "rewards-card", "channel": "email", "text": CARD_AD, "segment": "new-graduates"},
    ]), encoding="utf-8")
    lines = [json.loads(line) for line in run_cli("check", "--catalog", CATALOG, "--batch", str(cases)).stdout.splitlines()]
    assert [line["verdict"] for line in lines] == ["block", "pass"]


def test_generation_refuses_a_product_the_segment_may_not_be_offered(engine, catalog):
    pipeline = DraftPipeline(catalog, engine, None)
    with pytest.raises(GenerationInputError, match="Retirees may not be offered Everyday Rewards Card .*Deposit products only"):
        pipeline.generate(GenerationRequest("rewards-card", "retirees", "email", "en", n=2))
    assert pipeline.generate(GenerationRequest("high-yield-savings", "retirees", "email", "en", n=2))


def test_a_restricted_draft_cannot_be_submitted_without_a_reason_nor_approved(staffed_library, catalog, engine):
    with Store.open(staffed_library) as store:
        alice, bob = Workflow(store, catalog, engine, "alice"), Workflow(store, catalog, engine, "bob")
        version = alice.start_draft(text=CARD_AD, product_id="rewards-card", segment_id="retirees", channel="email")
        assert version.verdict == "block"
        with pytest.raises(BlockedByFindings, match="audience.segment_restriction"):
            alice.submit(version.id)
        alice.submit(version.id, override_reason="the segment owner agreed")
        with pytest.raises(BlockedByFindings, match="nobody can approve it"):
            bob.approve(version.id, "ok")


def test_a_fraud_warning_quoting_a_restricted_term_offers_nothing(engine):
    from copydesk.catalog import parse_catalog

    catalog = parse_catalog({
        "products": [{"id": "cd", "name": "澄湖大额存单", "kind": "term_deposit", "lang": "zh",
                      "facts": {"rate": "年利率1.90%"}, "disclosures": []}],
        "segments": [{"id": "old", "name": "65岁以上老年客户", "lang": "zh", "description": "65岁以上",
                      "restrictions": [{"reason": "不得向65岁以上客户推介以房养老", "kinds": ["personal_loan"], "terms": ["以房养老"]}]}],
    })
    product, segment = catalog.product("cd"), catalog.segment("old")
    warning = "【防诈骗提醒】近期有不法分子以“以房养老”为名诱骗老年人，请警惕。澄湖大额存单年利率1.90%。"
    assert not [f for f in engine.check(warning, product, "wechat", "zh", segment=segment).findings
                if f.rule == "audience.segment_restriction"]
    offer = "以房养老，盘活房产，澄湖银行帮您安排。"
    assert [f for f in engine.check(offer, product, "wechat", "zh", segment=segment).findings
            if f.rule == "audience.segment_restriction"]
