"""Figures read whole and trigger terms (#14): a truncated figure, a list's unit, an ID number with
a wrong check digit, 低至 without 以审批结果为准, "any age" against age limits, a repayment period
without the APR, and pinyin-spelled superlatives."""

import pytest

from copydesk.rules.identifiers import find_identifiers
from copydesk.rules.quantities import extract_quantities


def rules(report):
    return {f.rule for f in report.findings}


@pytest.mark.parametrize("text", ["Everyday Rewards Card. Interest rate: 6. Apply today.", "Representative 21.% APR (variable)."])
def test_a_truncated_figure_is_blocked(engine, catalog, text):
    assert "grounding.truncated_figure" in rules(engine.check(text, catalog.product("rewards-card"), "sms"))


def test_whole_figures_are_not_truncated(engine, catalog):
    text = "Representative 21.9% APR (variable). Subject to credit approval."
    assert "grounding.truncated_figure" not in rules(engine.check(text, catalog.product("rewards-card"), "sms"))


def test_a_list_takes_the_unit_of_its_last_figure():
    assert [(q.unit, q.value) for q in extract_quantities("terms 24, 36, 48 or 60 months")] == [
        ("months", 24.0), ("months", 36.0), ("months", 48.0), ("months", 60.0)]
    assert [q.unit for q in extract_quantities("through age 50 and 20-year terms")] == ["number", "months"]


def test_hours_are_not_backed_by_a_term_in_months(engine, catalog):
    # The personal loan's terms are "24, 36, 48 or 60 months": 24 there is no 24-hour promise.
    report = engine.check("Approved? Get your funds within 24 hours. Subject to credit approval.",
                          catalog.product("personal-loan"), "sms")
    assert "grounding.number" in rules(report)


def test_an_id_number_with_a_wrong_check_digit_is_still_one():
    assert [i.kind for i in find_identifiers("身份证号110105198803125417")] == ["prc_id"]
    assert [i.kind for i in find_identifiers("110105198803125417")] == ["prc_id"]  # region code and birth date
    assert find_identifiers("订单号 999999999999999999") == [] or all(i.kind != "prc_id" for i in find_identifiers("订单号 999999999999999999"))


def test_lowest_rate_needs_the_approval_note(engine, catalog):
    loan = catalog.product("zh-consumer-loan")
    assert "zh.disclosure.lowest_rate_approval" in rules(engine.check("云朵消费贷年化利率（单利）低至3.6%", loan, "banner"))
    assert "zh.disclosure.lowest_rate_approval" not in rules(
        engine.check("云朵消费贷年化利率（单利）低至3.6%，具体以审批结果为准。", loan, "banner"))


def test_any_age_against_the_facts_age_limits(engine, catalog):
    life = catalog.product("term-life")
    assert "en.claim.any_age_any_amount" in rules(engine.check("Term life at any age, for any amount.", life, "sms"))
    assert "en.claim.any_age_any_amount" not in rules(engine.check("Term life for issue ages 18-65.", life, "sms"))


def test_a_repayment_period_triggers_the_apr(engine, catalog):
    loan = catalog.product("auto-loan")
    assert "en.disclosure.credit_apr" in rules(engine.check("Stretch it out up to 72 months and keep your payment low.", loan, "sms"))


def test_a_superlative_half_in_pinyin(engine, catalog):
    assert "zh.superlative.absolute" in rules(engine.check("zui好用的返现卡！", catalog.product("zh-platinum-card"), "sms"))


def test_an_age_is_not_a_term_and_a_dated_month_keeps_its_year():
    found = {(q.text, q.unit) for q in extract_quantities("for a 35-year-old applicant, as of september 30, 2026:")}
    assert ("35-year-old", "age") in found and ("september 30, 2026", "date") in found
    assert not any(unit == "months" for _, unit in found)


def test_the_products_name_backs_a_claim(engine):
    from copydesk.catalog import Product

    fixed = Product("m30", "Lakeside 30-Year Fixed Mortgage", "mortgage", "en",
                    {"interest_rate": "6.125%", "apr": "6.220% APR"}, ("Equal Housing Lender.",))
    report = engine.check("Today's 30-year fixed rate: 6.125% interest (6.220% APR). Equal Housing Lender.", fixed, "email")
    assert "en.claim.fixed_rate" not in {f.rule for f in report.findings}
    plain = Product("m", "Lakeside Mortgage", "mortgage", "en", {"interest_rate": "6.125%", "apr": "6.220% APR"}, ())
    report = engine.check("A fixed rate of 6.125% interest (6.220% APR).", plain, "email")
    assert "en.claim.fixed_rate" in {f.rule for f in report.findings}


@pytest.mark.parametrize("text, kind, found", [
    ("we see your vehicle (vin 5j6rw2h89ml004417) is due for a refinance", "licence", "5j6rw2h89ml004417"),
    ("registered to driver's license s530-4417-8821.", "licence", "s530-4417-8821"),
    ("您的借记卡6217 8800 1234 5678 901可直接购买", "card", "6217 8800 1234 5678 901"),
])
def test_vehicle_licence_and_long_card_numbers_are_identifiers(text, kind, found):
    assert [(i.kind, text[i.start:i.end]) for i in find_identifiers(text)] == [(kind, found)]


@pytest.mark.parametrize("text", ["use promo code spring2026 at checkout", "model year 2025 or newer, 36 to 84 months",
                                  "reference abcdefghjklmnprst"])
def test_codes_and_years_are_not_identifiers(text):
    assert find_identifiers(text) == []


def test_an_apr_is_not_a_day_in_april():
    quantities = extract_quantities("aprs 8.99%–25.49%; purchase apr 20.24% variable; offer ends apr 20, 2027")
    assert [(q.unit, q.value) for q in quantities] == [("percent", 8.99), ("percent", 25.49), ("percent", 20.24),
                                                        ("date", 20270420.0)]


def test_a_number_printed_after_the_word_card_is_a_card_number_without_a_valid_checksum():
    [card] = find_identifiers("您的星途白金卡6225881234567890已激活")
    assert card.kind == "card" and card.digits == "6225881234567890"
    assert find_identifiers("订单号6225881234567890") == []  # not a card's number: an order's, and no checksum


def test_30_zhousui_is_an_age_not_30_weeks():
    assert [(q.unit, q.value) for q in extract_quantities("30周岁男性，三十岁，保障52周")] == [
        ("age", 30.0), ("age", 30.0), ("days", 364.0)]


@pytest.mark.parametrize("product, text", [
    # the bank's registration number and a bare calendar year claim nothing about the product
    ("home-mortgage-30", "First home? Let's talk. Equal Housing Lender. NMLS #482917"),
    ("everyday-checking", "Money goals for 2027? Start with Everyday Checking. Member FDIC."),
    # a toll-free line is a business's, never a customer's
    ("everyday-checking", "Texts promising a 'guaranteed' bonus aren't from us. Questions? 1-800-555-0197. Member FDIC."),
])
def test_registration_numbers_years_and_toll_free_lines_are_not_findings(engine, catalog, product, text):
    report = engine.check(text, catalog.product(product), "sms")
    assert not {"grounding.number", "pii.phone_number"} & rules(report), report.findings


def test_a_fraud_warning_about_a_deposit_product_needs_no_deposit_insurance_line(engine, catalog):
    text = "Kestrel Bay will never ask you to move money to a 'safe account.' That's a scam."
    assert "en.disclosure.fdic" not in rules(engine.check(text, catalog.product("everyday-checking"), "sms"))
    assert "en.disclosure.fdic" in rules(engine.check("Open Everyday Checking today.", catalog.product("everyday-checking"), "sms"))
