"""Offers past their end date: checked against the date of the check (the app and the CLI: today)."""

from __future__ import annotations

from datetime import date

import pytest

from copydesk.cli import main

BONUS_EMAIL = "Open High-Yield Savings by 2026-12-31 and deposit $15,000 in new money to earn the bonus. Member FDIC."


def expired(report):
    return [f for f in report.findings if f.rule == "grounding.expired_offer"]


def test_a_bonus_past_its_deadline_is_blocked_and_says_when_it_ended(engine, catalog):
    product = catalog.product("high-yield-savings")  # bonus_conditions: "… by 2026-12-31 …"
    assert expired(engine.check(BONUS_EMAIL, product, "email", on=date(2026, 12, 1))) == []
    found = expired(engine.check(BONUS_EMAIL, product, "email", on=date(2027, 1, 10)))
    assert found and found[0].severity == "block" and "ended on 2026-12-31" in found[0].message
    assert BONUS_EMAIL[found[0].start:found[0].end] == "$15,000"


def test_an_undated_check_is_timeless(engine, catalog):
    assert expired(engine.check(BONUS_EMAIL, catalog.product("high-yield-savings"), "email")) == []


def test_a_fee_waiver_past_its_term_and_a_products_own_window(engine, catalog):
    fund = catalog.product("balanced-fund")  # fee_waiver_note: "… at 0.45% through 2027-04-30"
    copy = "Net expense ratio 0.45%. Not FDIC insured. No bank guarantee. May lose value."
    assert expired(engine.check(copy, fund, "email", on=date(2027, 5, 2)))
    assert not expired(engine.check("Not FDIC insured. No bank guarantee. May lose value.", fund, "email", on=date(2027, 5, 2)))
    wealth = catalog.product("zh-wealth")  # subscription_period: 募集期2026-03-02至2026-03-09: every ad for it
    text = "悦享180天理财，1万元起购。理财非存款，产品有风险，投资须谨慎。"
    assert not expired(engine.check(text, wealth, "wechat", on=date(2026, 3, 5)))
    assert expired(engine.check(text, wealth, "wechat", on=date(2026, 3, 10)))


def test_an_as_of_date_is_not_an_end_date(engine, catalog):
    savings = catalog.product("high-yield-savings")  # apy_as_of: 2026-01-15
    assert not expired(engine.check("4.40% APY. Member FDIC.", savings, "email", on=date(2027, 6, 1)))


def test_the_cli_checks_as_of_today_or_the_date_given(tmp_path, capsys):
    copy = tmp_path / "copy.txt"
    copy.write_text(BONUS_EMAIL, encoding="utf-8")
    assert main(["check", str(copy), "--product", "high-yield-savings", "--channel", "email", "--date", "2027-01-10", "--json"]) != 0
    assert "grounding.expired_offer" in capsys.readouterr().out
    batch = tmp_path / "cases.jsonl"
    batch.write_text('{"id": "a", "product": "high-yield-savings", "channel": "email", "date": "2026-06-01", "text": "%s"}\n' % BONUS_EMAIL,
                     encoding="utf-8")
    main(["check", "--batch", str(batch), "--date", "2027-01-10", "--json"])
    assert "expired_offer" not in capsys.readouterr().out  # the case's own date wins
    with pytest.raises(SystemExit):
        main(["check", str(copy), "--product", "high-yield-savings", "--channel", "email", "--date", "soon"])
    assert "is not a date like 2026-06-30" in capsys.readouterr().err


def test_a_deadline_ends_the_promotion_not_a_standing_discount(engine):
    from copydesk.catalog import Product

    loan = Product("auto", "Lakeside Auto Loan", "auto_loan", "en", {
        "apr_range": "5.49%–17.99% APR, including a 0.25% autopay discount",
        "autopay_discount": "0.25% APR reduction with autopay",
        "bonus": "$150 refinance bonus",
        "bonus_condition": "refinance an auto loan of $10,000 or more from another lender",
        "offer_end": "2026-11-15",
    }, ("Subject to credit approval.",))
    after = date(2026, 12, 3)
    standing = "Auto loans from 5.49% APR, with a 0.25% autopay discount. Subject to credit approval."
    assert expired(engine.check(standing, loan, "email", on=after)) == []
    found = expired(engine.check("Move your auto loan to us and get a $150 bonus. Subject to credit approval.", loan,
                                 "email", on=after))
    assert found and "2026-11-15" in found[0].message


def test_a_plain_offer_end_ends_the_fact_that_says_it_ends_that_day_not_the_whole_product(engine):
    from copydesk.catalog import Product

    mortgage = Product("m", "HomeStart 30-Year Fixed Mortgage", "mortgage", "en", {
        "rate_apr": "6.125% interest rate, 6.318% APR, with 0.5 discount points",
        "closing_cost_credit": "Up to $2,500 closing-cost credit for first-time homebuyers who applied by October 31, 2026",
        "offer_end": "2026-10-31",
    }, ("Equal Housing Lender.",))
    after = date(2026, 12, 7)
    rates = "HomeStart 30-year fixed: 6.125% rate, 6.318% APR (0.5 points). Equal Housing Lender."
    assert expired(engine.check(rates, mortgage, "email", on=after)) == []
    found = expired(engine.check("First home? Get up to $2,500 toward closing costs. Equal Housing Lender.", mortgage,
                                 "email", on=after))
    assert found and "2026-10-31" in found[0].message


def test_a_subsidy_is_what_a_plain_offer_end_of_a_car_loan_ends(engine):
    from copydesk.catalog import Product

    loan = Product("a", "驭程车贷", "auto_loan", "zh", {
        "rate": "年化利率（单利）2.88%起，具体以审批结果为准",
        "down_payment": "首付比例最低20%",
        "subsidy": "厂商贴息：合作品牌指定车型年化利率低至1.99%",
        "offer_end": "2026-10-31",
    }, ("年化利率（单利）2.88%起，具体以审批结果为准。",))
    after = date(2026, 12, 7)
    assert expired(engine.check("驭程车贷首付最低20%，年化利率（单利）2.88%起，具体以审批结果为准。", loan, "wechat", on=after)) == []
    assert expired(engine.check("指定车型年化利率低至1.99%，具体以审批结果为准。", loan, "wechat", on=after))
