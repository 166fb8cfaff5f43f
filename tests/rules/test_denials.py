"""Denials, conditions and names are not claims (#14, read from the spent holdout's false alarms)."""

import pytest


def findings(engine, catalog, product, text, channel="email"):
    return {f.rule for f in engine.check(text, catalog.product(product), channel).findings}


@pytest.mark.parametrize("product, text, rule", [
    ("rewards-card", "If you're approved, your card arrives in 7-10 days. Subject to credit approval.", "en.guarantee.approval"),
    ("personal-loan", "No honest lender can guarantee you'll be approved before they see your application.", "en.guarantee.approval"),
    ("term-life", "No policy pays out no matter what: claims follow the policy's terms.", "en.concept.guarantee.certain_outcome"),
    ("personal-loan", "The number one question at our loan desk: can I refinance?", "en.superlative.absolute"),
    ("zh-wealth", "我们不承诺收益，也不会跟您说“保本”。理财非存款，产品有风险，投资须谨慎。", "zh.guarantee.principal_return"),
    ("zh-fund", "基金不存在稳赚。基金有风险，投资需谨慎。", "zh.guarantee.principal_return"),
])
def test_a_denial_or_a_condition_is_not_a_claim(engine, catalog, product, text, rule):
    assert rule not in findings(engine, catalog, product, text)


def test_the_claims_themselves_still_flag(engine, catalog):
    assert "en.guarantee.approval" in findings(engine, catalog, "rewards-card", "Good news: you're approved!")
    assert "en.concept.guarantee.certain_outcome" in findings(engine, catalog, "term-life", "It pays out no matter what.")
    assert "zh.guarantee.principal_return" in findings(engine, catalog, "zh-fund", "稳赚不赔，放心买。")


def test_the_products_own_name_triggers_no_disclosure(engine, catalog):
    from copydesk.catalog import Product

    base = catalog.product("high-yield-savings")
    named = Product("bonus-savings", "Harborview Bonus Savings", "savings", "en", base.facts, base.disclosures)
    text = "Harborview CB: Bonus Savings pays 4.10% APY. Member FDIC."
    assert not any(f.rule.endswith("bonus_conditions") for f in engine.check(text, named, "sms").findings)
    assert any(f.rule.endswith("bonus_conditions") for f in engine.check("Earn a bonus with Bonus Savings. Member FDIC.", named, "sms").findings)


def test_a_service_message_needs_no_ad_disclosures_but_an_ad_does(engine, catalog):
    checking = catalog.product("everyday-checking")
    service = "Direct deposit received. You're on track to waive this month's maintenance fee."
    assert not [f for f in engine.check(service, checking, "push").findings if f.category == "missing_disclosure"]
    ad = "Open Everyday Checking today and get paid up to 2 days early."
    assert [f for f in engine.check(ad, checking, "push").findings if f.category == "missing_disclosure"]


def test_a_fee_named_without_its_amount_triggers_nothing(engine, catalog):
    card = catalog.product("rewards-card")
    assert not engine.check("Your statement is ready. Pay by the due date to avoid a late fee.", card, "sms").findings
    assert any(f.rule == "en.disclosure.card_fee_terms" for f in engine.check("Late fee up to $40. Apply today.", card, "sms").findings)


def test_the_name_without_the_brand_states_no_figure(engine, catalog):
    from copydesk.catalog import Product

    base = catalog.product("term-life")
    named = Product("tl20", "Harborview Term Life 20", "insurance", "en", base.facts, base.disclosures)
    report = engine.check("Review your Term Life 20 beneficiaries in the app.", named, "push")
    assert not [f for f in report.findings if f.rule == "grounding.number"]
