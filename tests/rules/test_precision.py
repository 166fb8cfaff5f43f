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


# End of session 13 (blind12's first-run false alarms).

def test_a_fee_waiver_and_a_quoted_scam_are_no_bonus(engine):
    checking = one_product(name="Oakfield Everyday Checking", kind="checking", lang="en",
                           facts={"monthly_fee": "$12", "fee_waiver": "waived with a $1,500 minimum daily balance or $500 in monthly direct deposits"},
                           disclosures=["Member FDIC."])
    for text in ("The $12 monthly fee is waived when you keep a $1,500 minimum daily balance or receive $500 in monthly direct deposits. Member FDIC.",
                 '"Send your account number to claim a bonus" is a scam. We never ask that. Member FDIC.'):
        assert not any(f.rule == "en.disclosure.bonus_conditions" for f in engine.check(text, checking, "sms", "en").findings), text


def test_idioms_with_best_and_number_one_rank_nothing(engine):
    card = one_product(name="Oakfield Rewards Visa", kind="credit_card", lang="en", facts={"rewards": "2% cash back on groceries"},
                       disclosures=["Subject to credit approval."])
    for text in ("Number one on your list this week? Groceries.", "Put your best foot forward at the dealership.",
                 "It's best for money you want to keep close."):
        assert not any(f.category == "superlative" for f in engine.check(text, card, "social", "en").findings), text


def test_plain_word_disclosures_are_present(engine):
    policy = one_product(name="Oakfield Term Life", kind="insurance", lang="en", facts={"issuer": "Granite Lantern Life Insurance Company"},
                         disclosures=["Not a deposit. Not FDIC insured."])
    text = "Granite Lantern Life Insurance Company is the insurer on this term policy. It's not a bank deposit and the FDIC doesn't insure it."
    assert not any(f.rule == "en.disclosure.insurance" for f in engine.check(text, policy, "social", "en").findings)
    wealth = one_product(name="橡溪稳盈180天", kind="wealth_management", lang="zh", facts={"持有期": "180天"},
                         disclosures=["理财非存款、产品有风险、投资须谨慎。"])
    assert not any(f.rule == "zh.disclosure.wealth_risk"
                   for f in engine.check("稳盈180天：理财产品不等同于存款，存在投资风险，请审慎决策。", wealth, "push", "zh").findings)


def test_a_negation_before_a_quote_governs_it(engine):
    loan = one_product(name="橡溪薪享贷", kind="personal_loan", lang="zh", facts={"额度": "最高20万元"}, disclosures=["以审批结果为准。"])
    assert engine.check("世上没有“包过”的贷款。薪享贷需审核收入及征信，额度和利率以审批结果为准。", loan, "sms", "zh").verdict == "pass"


def test_the_minimum_with_its_share_and_the_fee_named_before_pass(engine):
    card = one_product(name="Oakfield Rewards Visa", kind="credit_card", lang="en",
                       facts={"balance_transfer_fee": "3% of each transfer, $5 minimum", "purchase_apr": "20.24% to 28.99% variable APR"},
                       disclosures=["Subject to credit approval."])
    text = "Balance transfer fee: $5 or 3% of the amount transferred, whichever is greater. Variable APR 20.24% to 28.99%."
    assert not any(f.rule == "grounding.binding" for f in engine.check(text, card, "email", "en").findings)
    loan = one_product(name="Oakfield Personal Loan", kind="personal_loan", lang="en",
                       facts={"apr_range": "8.49% to 24.99% APR", "late_fee": "$25",
                              "payment_example": "A $10,000 loan for 36 months at 11.49% APR has 36 monthly payments of $329.71"},
                       disclosures=["Subject to credit approval."])
    text = "A $10,000 loan for 36 months at 11.49% APR has 36 monthly payments of $329.71. Late payments cost $25. APR 8.49%-24.99%."
    assert not any(f.rule == "grounding.binding" for f in engine.check(text, loan, "email", "en").findings)


def test_a_ranges_second_figure_and_a_lists_last_term_are_named_as_their_first(engine):
    wealth = one_product(name="橡溪稳盈180天", kind="wealth_management", lang="zh",
                         facts={"业绩比较基准": "2.60%—3.40%（年化）", "成立以来年化收益率": "3.12%（成立以来）"},
                         disclosures=["理财非存款、产品有风险、投资须谨慎。"])
    text = "业绩比较基准为年化2.60%至3.40%。业绩比较基准不代表产品未来表现和实际收益，不构成对产品收益的承诺。理财非存款、产品有风险、投资须谨慎。"
    assert not any(f.rule == "grounding.binding" for f in engine.check(text, wealth, "wechat", "zh").findings)
    card = one_product(name="橡溪星途白金卡", kind="credit_card", lang="zh",
                       facts={"分期期数": "可选3、6、12、24期", "账单分期手续费": "12期每期手续费率0.60%，折合年化利率约13.03%"},
                       disclosures=["以审批结果为准。"])
    text = "星途白金卡支持3、6、12、24期账单分期。以12期为例，每期手续费率0.60%，折合年化利率约13.03%。"
    assert not any(f.rule == "grounding.binding" for f in engine.check(text, card, "wechat", "zh").findings)
