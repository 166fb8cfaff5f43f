"""Clean copy the engine used to block (COMPLIANCE.md, "It must not flag"): idioms and sign-offs,
negated promotions, equivalent wording of a fact or a risk legend, a quota as the facts state it."""

from __future__ import annotations

import pytest

from tests.rules.conftest import categories


@pytest.mark.parametrize("text", [
    "The best part of cash back? Spending it however you like. Subject to credit approval.",
    "Earn 2 points per $1 on everything. Best, the Harborview team",
])
def test_idioms_and_sign_offs_are_not_superlatives(check, text):
    assert "superlative" not in categories(check(text, "rewards-card"))


def test_the_best_card_is_still_a_superlative(check):
    assert "superlative" in categories(check("The best card in America, with 2 points per $1.", "rewards-card"))


def test_no_teaser_rate_is_not_a_promotional_rate(check):
    report = check("No teaser rate and no points math: 2 points per $1. Representative 21.9% APR (variable). "
                   "Subject to credit approval.", "rewards-card")
    assert not any(f.rule == "en.disclosure.promo_rate" for f in report.findings)


def test_a_multiplier_restates_points_per_dollar(check):
    report = check("2X points on everything you buy.", "rewards-card")  # the fact: 2 points per $1
    assert not any(f.rule == "grounding.number" for f in report.findings)
    report = check("3X points on everything you buy.", "rewards-card")
    assert any(f.rule == "grounding.number" for f in report.findings)


def test_a_wealth_risk_legend_in_other_words_is_present(engine, catalog):
    product = catalog.product("zh-wealth")
    reworded = "理财产品不是存款，存在投资风险，请审慎决策。"
    assert not any(f.rule == "zh.disclosure.wealth_risk" for f in engine.check(reworded, product, "wechat").findings)
    assert any(f.rule == "zh.disclosure.wealth_risk" for f in engine.check("理财产品不是存款。", product, "wechat").findings)


def test_bonus_conditions_in_sms_shorthand_are_conditions(engine, catalog):
    product = catalog.product("zh-savings-bonus")
    sms = "【云帆银行】首开I类卡并绑手机银行，30天内单笔存5,000元，领50元立减金，限1次。"
    assert not any(f.rule == "zh.disclosure.bonus_conditions" for f in engine.check(sms, product, "sms").findings)


# Session 13 (blind11's tuning half): clean copy the first run blocked.
from tests.rules.test_binding import one_product  # noqa: E402


def test_apr_before_a_number_is_no_date(engine):
    card = one_product(name="Oakfield Rewards Visa", kind="credit_card", lang="en",
                       facts={"intro_apr": "0% intro APR on purchases for 15 billing cycles",
                              "purchase_apr": "21.49% to 28.99% variable APR", "offer_end": "2026-12-31"},
                       disclosures=["Subject to credit approval."])
    report = engine.check("0% intro APR 15 billing cycles, then 21.49%-28.99% var APR. Subject to credit approval.", card, "sms", "en")
    assert not any(f.rule == "grounding.number" for f in report.findings)


def test_the_name_up_to_its_number_names_the_product(engine):
    policy = one_product(name="Copperleaf SecureTerm 20 Life Insurance", kind="insurance", lang="en",
                         facts={"issue_ages": "18 to 65", "term": "level premiums for 20 years"},
                         disclosures=["Issued by Copperleaf Mutual Life Insurance Company. Not a deposit. Not FDIC insured."])
    policy_no_term = one_product(name="Copperleaf SecureTerm 20 Life Insurance", kind="insurance", lang="en",
                                 facts={"issue_ages": "18 to 65"}, disclosures=["Not a deposit. Not FDIC insured."])
    text = "SecureTerm 20 by Copperleaf, for ages 18 to 65. Issued by Copperleaf Mutual Life Insurance Company. Not a deposit. Not FDIC insured."
    assert not any(f.rule == "grounding.number" for f in engine.check(text, policy_no_term, "social", "en").findings)
    assert not any(f.rule == "grounding.number" for f in engine.check(text, policy, "social", "en").findings)


def test_a_fund_legend_in_plain_words_is_present(engine):
    fund = one_product(name="Oakfield Balanced Fund", kind="investment_fund", lang="en", facts={"mix": "60% stocks, 40% bonds"},
                       disclosures=["Not FDIC insured. No bank guarantee. May lose value."])
    plain = ("A few things to know: this fund isn't a bank deposit, the FDIC doesn't insure it, Oakfield Bank doesn't "
             "guarantee it, and you could lose money. 60% stocks, 40% bonds.")
    assert not any(f.rule == "en.disclosure.investment_risk" for f in engine.check(plain, fund, "email", "en").findings)
    assert any(f.rule == "en.disclosure.investment_risk" for f in engine.check("60% stocks, 40% bonds.", fund, "email", "en").findings)


def test_the_long_form_of_member_fdic_is_present(engine):
    savings = one_product(name="Oakfield Savings", kind="savings", lang="en", facts={"apy": "4.10% APY"}, disclosures=["Member FDIC."])
    text = "4.10% Annual Percentage Yield (APY). Oakfield Bank, N.A. is a Member of the Federal Deposit Insurance Corporation."
    assert not any(f.rule == "en.disclosure.fdic" for f in engine.check(text, savings, "email", "en").findings)


def test_a_chinese_fund_warning_in_other_words_is_present(engine):
    fund = one_product(name="橡溪先进制造混合A", kind="investment_fund", lang="zh", facts={"近一年收益率": "12.36%"},
                       disclosures=["基金有风险，投资须谨慎。"])
    text = "近一年收益率12.36%。提醒一句：过往业绩不代表将来，基金投资有风险，可能亏损本金。"
    assert not any(f.rule == "zh.disclosure.fund_risk" for f in engine.check(text, fund, "social", "zh").findings)


def test_scam_wording_named_as_such_is_not_claimed(engine):
    loan = one_product(name="橡溪悦驾车贷", kind="auto_loan", lang="zh", facts={"首付比例": "首付最低20%"}, disclosures=["以审批结果为准。"])
    denial = "【橡溪银行】提醒：悦驾车贷不存在“零首付包过”“内部渠道免审”等说法，请勿向任何个人转账“包装费”。"
    assert engine.check(denial, loan, "sms", "zh").verdict == "pass"
    assert engine.check("悦驾车贷零首付包过！", loan, "sms", "zh").verdict == "block"


def test_a_term_on_one_line_is_not_named_by_the_next_lines_heading(engine):
    loan = one_product(name="橡溪随心贷", kind="personal_loan", lang="zh",
                       facts={"期限": "6-36个月", "还款示例": "借款1万元、分12期、年化利率7.2%，等额本息每期还款866.19元",
                              "利率区间": "年化利率（单利）3.6%-18%，以审批结果为准"},
                       disclosures=["以审批结果为准。"])
    text = "▶ 期限：6-36个月\n▶ 还款方式：等额本息\n年化利率（单利）3.6%-18%，具体以审批结果为准。"
    assert not any(f.rule == "grounding.binding" for f in engine.check(text, loan, "wechat", "zh").findings)
