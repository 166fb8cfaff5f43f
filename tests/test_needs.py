"""Which facts answer a segment's need (assets/catalog/needs.json): by key, and where it matters
by the product's kind and the fact's value, so a draft never frames a fact as what it is not."""

from __future__ import annotations

from copydesk.needs import facts_for_need


def test_a_mortgage_rate_does_not_grow_savings_but_a_deposit_rate_does():
    assert facts_for_need("grow_savings", {"interest_rate": "6.25%"}, "mortgage") == []
    assert facts_for_need("grow_savings", {"interest_rate": "4.10%"}, "term_deposit") == ["interest_rate"]


def test_an_application_fee_is_not_banking_on_the_go():
    facts = {"application_fee": "$0", "mobile_app": "Deposit checks in the app"}
    assert facts_for_need("convenience", facts, "auto_loan") == ["mobile_app"]


def test_only_a_fixed_rate_answers_predictable_payments():
    assert facts_for_need("predictable_rate", {"rate_type": "Variable; tied to the Prime Rate"}, "savings") == []
    assert facts_for_need("predictable_cost", {"rate_type": "Fixed for the whole term"}, "personal_loan") == ["rate_type"]
    assert facts_for_need("predictable_rate", {"rate_type": "存期内利率固定"}, "term_deposit") == ["rate_type"]


def test_a_large_minimum_is_not_starting_small():
    assert facts_for_need("low_minimum", {"min_deposit": "20万元起存"}, "term_deposit") == []
    assert facts_for_need("low_minimum", {"min_deposit": "50元起存"}, "term_deposit") == ["min_deposit"]
    assert facts_for_need("low_minimum", {"minimum_opening_deposit": "$25,000"}, "savings") == []
    assert facts_for_need("low_minimum", {"minimum_opening_deposit": "$100"}, "savings") == ["minimum_opening_deposit"]


def test_a_risky_fund_is_not_framed_as_keeping_money_safe():
    assert facts_for_need("safety", {"risk_level": "R4（中高风险）"}, "investment_fund") == []
    assert facts_for_need("safety", {"risk_level": "R2（中低风险）"}, "wealth_management") == ["risk_level"]
    assert facts_for_need("safety", {"fdic_insurance": "Member FDIC"}, "credit_card") == []


def test_insurance_coverage_is_not_room_to_borrow():
    assert facts_for_need("borrow_more", {"coverage_amounts": "$50,000 to $500,000"}, "insurance") == []
    assert facts_for_need("borrow_more", {"loan_amounts": "$3,000 to $50,000"}, "personal_loan") == ["loan_amounts"]


def test_a_deposit_answers_a_fixed_rate_not_predictable_payments():
    facts = {"rate_type": "Fixed for the term", "term": "7 months"}
    assert facts_for_need("predictable_cost", facts, "term_deposit") == []
    assert facts_for_need("predictable_rate", facts, "term_deposit") == ["rate_type", "term"]


def test_a_segment_that_wants_predictable_payments_gets_a_fixed_rate_on_a_deposit(catalog):
    from copydesk.catalog import Segment
    from copydesk.generation.plan import segment_needs

    retirees = Segment("retirees", "Retirees", "65+", "en", ("safety", "predictable_cost"))
    cd = next(p for p in catalog.products if p.kind == "term_deposit" and p.lang == "en")
    card = next(p for p in catalog.products if p.kind == "credit_card" and p.lang == "en")
    assert segment_needs(retirees, cd) == ("safety", "predictable_rate")
    assert segment_needs(retirees, card) == ("safety", "predictable_cost")


def test_a_fact_that_only_restates_the_products_name_never_leads():
    from copydesk.generation.plan import restates_name

    assert restates_name("7 months", "7-Month Featured CD")
    assert restates_name("个人通知存款", "晨曦个人七天通知存款")
    assert not restates_name("4.10% APY", "7-Month Featured CD")
    assert not restates_name("起存金额5万元", "晨曦个人七天通知存款")


def test_the_prompt_names_only_the_needs_the_products_facts_answer(catalog):
    """A money-market fund cannot give spending rewards: the model, told the segment wants them,
    wrote "消费回馈" over a wealth product. The plan keeps the segment's needs (the explanation
    report it); the prompt names only the ones this product answers."""
    from copydesk.catalog import Segment
    from copydesk.generation.plan import make_plans

    fund = next(p for p in catalog.products if p.kind in ("wealth_management", "investment_fund") and p.lang == "zh")
    shoppers = Segment("shoppers", "爱刷卡的年轻人", "22-30岁", "zh", ("rewards",))
    plan = make_plans(fund, shoppers, "sms", 1)[0]
    assert "rewards" in plan.needs
    assert "rewards" not in plan.spoken_needs()
    assert "消费回馈" not in plan.prompt_context()["needs"]
