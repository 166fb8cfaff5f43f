"""A figure stated in a role its fact does not give it: a range's top as its floor, a fee's
minimum as the fee, a fee the facts say there is none of, a rate for what it does not cover, a
category's reward for all spending (session 13, from blind10's misattributed figures)."""

from __future__ import annotations

from datetime import date

from tests.rules.test_binding import one_product

CARD = one_product(
    name="Oakfield Rewards Visa", kind="credit_card", lang="en",
    facts={"purchase_apr": "20.24% to 28.49% variable APR based on creditworthiness",
           "intro_apr": "0% intro APR on purchases for 15 billing cycles",
           "balance_transfer_fee": "3% of each transfer ($5 minimum)",
           "cash_advance_apr": "29.99% variable APR",
           "rewards": "3 points per $1 on dining; 1 point per $1 on all other purchases",
           "annual_fee": "$0", "foreign_transaction_fee": "None"},
    disclosures=["Subject to credit approval."])
LOAN = one_product(
    name="Oakfield Personal Loan", kind="personal_loan", lang="en",
    facts={"apr_range": "8.99% to 24.99% APR", "origination_fee": "None", "late_fee": "$25"},
    disclosures=["Subject to credit approval."])
ZH_LOAN = one_product(
    name="橡溪e贷", kind="personal_loan", lang="zh",
    facts={"利率区间": "年化利率（单利）3.6%–18%", "额度": "最高30万元，以审批结果为准", "提前还款": "不收取违约金"},
    disclosures=["贷款额度、利率以审批结果为准。"])
ZH_CARD = one_product(
    name="橡溪星河信用卡", kind="credit_card", lang="zh",
    facts={"积分": "每消费1元累积1积分，餐饮类消费享3倍积分", "年费": "免年费"},
    disclosures=["详情以领用合约为准。"])


def roles(engine, text, product):
    report = engine.check(text, product, "email", product.lang)
    return [text[f.start:f.end] for f in report.findings if f.rule == "grounding.binding"]


def test_a_ranges_top_stated_as_its_floor_is_blocked(engine):
    assert roles(engine, "橡溪e贷年化利率（单利）18%起，额度最高30万元，以审批结果为准。", ZH_LOAN) == ["18%"]
    assert roles(engine, "Oakfield Personal Loan: APRs from 24.99%. Subject to credit approval.", LOAN) == ["24.99%"]
    # The floor as the floor, the range as a range, the top as the top: all pass.
    assert roles(engine, "橡溪e贷年化利率（单利）3.6%起，最高18%，以审批结果为准。", ZH_LOAN) == []
    assert roles(engine, "橡溪e贷年化利率（单利）3.6%–18%，以审批结果为准。", ZH_LOAN) == []
    assert roles(engine, "APRs from 8.99% to 24.99%. Subject to credit approval.", LOAN) == []


def test_a_ranges_floor_stated_as_its_ceiling_is_blocked(engine):
    assert roles(engine, "APR up to 8.99% for qualified borrowers. Subject to credit approval.", LOAN) == ["8.99%"]


def test_a_fees_minimum_stated_as_the_fee_is_blocked(engine):
    wrong = "Move your balance for a flat $5 transfer fee. Purchase APR 20.24% to 28.49% variable."
    assert roles(engine, wrong, CARD) == ["$5"]
    right = "Balance transfer fee: 3% of each transfer, $5 minimum. Purchase APR 20.24% to 28.49% variable."
    assert roles(engine, right, CARD) == []


def test_a_figure_for_a_fee_the_facts_say_there_is_none_of_is_blocked(engine):
    wrong = "Simple pricing: APRs from 8.99% to 24.99% and just a $25 origination fee."
    assert roles(engine, wrong, LOAN) == ["$25"]
    assert roles(engine, "No origination fee. A $25 late fee applies to late payments. APRs 8.99% to 24.99%.", LOAN) == []
    assert roles(engine, "橡溪星河信用卡年费仅100元！", ZH_CARD) == ["100元"]


def test_a_rate_written_for_what_its_fact_does_not_cover_is_blocked(engine):
    wrong = "0% intro APR on cash advances for 15 billing cycles. Then 20.24% to 28.49% variable APR."
    assert roles(engine, wrong, CARD) == ["0%"]
    right = "0% intro APR on purchases for 15 billing cycles. Then 20.24% to 28.49% variable APR."
    assert roles(engine, right, CARD) == []


def test_a_categorys_reward_stated_for_all_spending_is_blocked(engine):
    assert roles(engine, "星河信用卡：全场消费享3倍积分，免年费！", ZH_CARD) == ["3倍"]
    assert roles(engine, "星河信用卡：餐饮类消费享3倍积分，免年费！", ZH_CARD) == []


def test_a_figure_free_offer_named_after_its_end_date_is_expired(engine):
    loan = one_product(name="橡溪e贷", kind="personal_loan", lang="zh",
                       facts={"利率区间": "年化利率（单利）3.6%–18%", "新客利息券": "新客户首次借款可领取利息券，活动截止2026-10-31",
                              "期限": "6–36个月"},
                       disclosures=["以审批结果为准。"])
    copy = "首次借款领取利息券，橡溪e贷年化利率（单利）3.6%起，以审批结果为准。"
    expired = [f for f in engine.check(copy, loan, "sms", "zh", on=date(2026, 12, 4)).findings if f.rule == "grounding.expired_offer"]
    assert expired and "2026-10-31" in expired[0].message
    running = engine.check(copy, loan, "sms", "zh", on=date(2026, 10, 1)).findings
    assert not [f for f in running if f.rule == "grounding.expired_offer"]
    # Without the coupon, the loan's standing terms are no expired offer.
    plain = "橡溪e贷年化利率（单利）3.6%起，期限6–36个月，以审批结果为准。"
    assert not [f for f in engine.check(plain, loan, "sms", "zh", on=date(2026, 12, 4)).findings
                if f.rule == "grounding.expired_offer"]


def test_a_minimum_deposit_named_by_qi_cun_binds_to_it(engine):
    cd = one_product(name="橡溪大额存单", kind="term_deposit", lang="zh",
                     facts={"起存金额": "20万元起存", "1年期年利率": "1年期年利率1.55%",
                            "存款保险": "受存款保险保护，最高偿付限额为人民币50万元"},
                     disclosures=["本产品受存款保险保护。"])
    assert roles(engine, "橡溪大额存单50万元起存，1年期年利率1.55%。本产品受存款保险保护。", cd) == ["50万元"]
    assert roles(engine, "橡溪大额存单20万元起存，1年期年利率1.55%。本产品受存款保险保护。", cd) == []


SAVINGS = one_product(
    name="Oakfield High-Yield Savings", kind="savings", lang="en",
    facts={"apy": "4.10% APY", "min_open": "$100 minimum deposit to open",
           "excessive_withdrawal_fee": "$10 for each withdrawal after 6 withdrawals per month"},
    disclosures=["Member FDIC."])
MORTGAGE = one_product(
    name="Oakfield 30-Year Fixed Mortgage", kind="mortgage", lang="en",
    facts={"rate_example": "6.125% interest rate / 6.284% APR", "term": "30 years"},
    disclosures=["Equal Housing Lender. NMLS #482913."])
AUTO = one_product(
    name="Oakfield Auto Loan", kind="auto_loan", lang="en",
    facts={"new_vehicle_apr": "as low as 5.74% APR on new vehicles", "used_vehicle_apr": "as low as 6.49% APR on used vehicles",
           "payment_example": "A $25,000 new-vehicle loan at 5.74% APR for 48 months has 48 monthly payments of $584.15"},
    disclosures=["Subject to credit approval."])
ZH_INSURANCE = one_product(
    name="橡溪安康重疾险", kind="insurance", lang="zh",
    facts={"中症赔付": "按基本保额的60%赔付", "轻症赔付": "按基本保额的30%赔付", "承保公司": "橡溪人寿保险股份有限公司"},
    disclosures=["保险不是存款。"])


def test_another_fee_stated_as_what_it_takes_to_open_is_blocked(engine):
    assert roles(engine, "Open Oakfield High-Yield Savings with just $10 and earn 4.10% APY. Member FDIC.", SAVINGS) == ["$10"]
    assert roles(engine, "Open Oakfield High-Yield Savings with just $100 and earn 4.10% APY. Member FDIC.", SAVINGS) == []


def test_two_figures_of_one_english_fact_swapped_are_blocked(engine):
    swapped = "30-year fixed: 6.284% interest rate / 6.125% APR. Equal Housing Lender. NMLS #482913."
    assert roles(engine, swapped, MORTGAGE) == ["6.284%", "6.125%"]
    assert roles(engine, "30-year fixed: 6.125% interest rate / 6.284% APR. Equal Housing Lender. NMLS #482913.", MORTGAGE) == []


def test_a_figure_for_one_variety_stated_for_another_is_blocked(engine):
    assert roles(engine, "Used cars as low as 5.74% APR! Subject to credit approval.", AUTO) == ["5.74%"]
    assert roles(engine, "New cars as low as 5.74% APR, used as low as 6.49% APR. Subject to credit approval.", AUTO) == []
    assert roles(engine, "As low as 5.74% APR for new vehicles and 6.49% APR for used vehicles. Subject to credit approval.", AUTO) == []
    assert roles(engine, "轻症也能按基本保额的60%赔付！橡溪人寿保险股份有限公司承保。保险不是存款。", ZH_INSURANCE) == ["60%"]
    assert roles(engine, "轻症按基本保额的30%、中症按基本保额的60%赔付。橡溪人寿保险股份有限公司承保。保险不是存款。", ZH_INSURANCE) == []


def test_a_period_in_a_heading_names_the_figure_after_it(engine):
    cd = one_product(name="Oakfield 13-Month Featured CD", kind="term_deposit", lang="en",
                     facts={"apy": "4.35% APY", "term": "13 months", "apy_12_month": "12-month CD: 3.90% APY",
                            "min_deposit": "$1,000 minimum opening deposit"},
                     disclosures=["Member FDIC."])
    assert "4.35%" in roles(engine, "Earn 4.35% APY on our 12-month CD. $1,000 minimum deposit. Member FDIC.", cd)
    table = "- 12-month CD: 3.90% APY\n- 13-Month Featured CD: 4.35% APY for 13 months\n$1,000 minimum deposit. Member FDIC."
    assert roles(engine, table, cd) == []


def _expired(engine, text, product, on):
    return [f for f in engine.check(text, product, "email", product.lang, on=on).findings if f.rule == "grounding.expired_offer"]


def test_a_deadline_ends_the_facts_its_own_words_name(engine):
    mortgage = one_product(name="Oakfield 30-Year Fixed Mortgage", kind="mortgage", lang="en",
                           facts={"interest_rate": "6.125%", "apr": "6.312% APR",
                                  "closing_credit": "$1,500 lender credit toward closing costs on purchase loans",
                                  "closing_credit_end": "2027-01-15", "example_credit_score": "740 credit score"},
                           disclosures=["Equal Housing Lender. NMLS #482913."])
    credit = "Get a $1,500 lender credit toward closing costs. 6.125% interest (6.312% APR). Equal Housing Lender. NMLS #482913."
    assert _expired(engine, credit, mortgage, date(2027, 1, 20))
    assert not _expired(engine, credit, mortgage, date(2027, 1, 10))
    rate_only = "6.125% interest (6.312% APR) with a 740 credit score. Equal Housing Lender. NMLS #482913."
    assert not _expired(engine, rate_only, mortgage, date(2027, 1, 20))


def test_a_featured_product_with_a_plain_offer_end_is_the_offer(engine):
    cd = one_product(name="Oakfield 13-Month Featured CD", kind="term_deposit", lang="en",
                     facts={"apy": "4.35% APY", "term": "13 months", "minimum_deposit": "$1,000", "offer_end": "2026-12-31"},
                     disclosures=["Member FDIC."])
    copy = "Featured CD: 4.35% APY for 13 months, $1,000 min, early withdrawal penalty. Member FDIC."
    assert _expired(engine, copy, cd, date(2027, 1, 8))
    assert not _expired(engine, copy, cd, date(2026, 12, 20))


def test_an_offers_conditions_end_the_offer(engine):
    loan = one_product(name="橡溪易贷", kind="personal_loan", lang="zh",
                       facts={"年化利率": "3.65%-18.25%（单利）", "期限": "6、12、24、36期", "新客福利": "新客首借可领7天免息券",
                              "新客福利条件": "首次借款且借款期限12期及以上，领取截止2026-11-15"},
                       disclosures=["以审批结果为准。"])
    coupon = "新客首借送7天免息券！年化利率3.65%-18.25%（单利），以审批结果为准。"
    assert _expired(engine, coupon, loan, date(2026, 12, 4))
    assert not _expired(engine, "年化利率3.65%-18.25%（单利），期限12期，以审批结果为准。", loan, date(2026, 12, 4))


def test_a_worked_examples_figure_stated_as_the_floor_or_ceiling_is_blocked(engine):
    loan = one_product(name="橡溪随心贷", kind="personal_loan", lang="zh",
                       facts={"利率区间": "年化利率（单利）3.6%-18%", "还款示例": "借款1万元、分12期、年化利率7.2%，等额本息每期还款866.19元"},
                       disclosures=["具体以审批结果为准。"])
    assert roles(engine, "随心贷年化利率7.2%起！年化利率（单利）3.6%-18%，具体以审批结果为准。", loan) == ["7.2%"]
    assert roles(engine, "随心贷年化利率3.6%起，具体以审批结果为准。", loan) == []
    en_loan = one_product(name="Oakfield Personal Loan", kind="personal_loan", lang="en",
                          facts={"apr_range": "7.99% to 24.99% APR", "terms": "24 to 72 months",
                                 "representative_example": "a $10,000 loan for 36 months at 9.99% APR has 36 monthly payments of $322.62"},
                          disclosures=["Subject to credit approval."])
    assert "36 months" in roles(engine, "Take up to 36 months to repay. APRs from 7.99% to 24.99%.", en_loan)
    assert roles(engine, "Take up to 72 months to repay. APRs from 7.99% to 24.99%.", en_loan) == []


def test_a_cards_intro_periods_in_billing_cycles_are_told_apart(engine):
    card = one_product(name="Oakfield Rewards Visa", kind="credit_card", lang="en",
                       facts={"intro_purchase_apr": "0% intro APR on purchases for the first 15 billing cycles",
                              "balance_transfer_apr": "0% intro APR on balance transfers for 12 billing cycles, then 21.49% to 28.99% variable APR",
                              "purchase_apr": "21.49% to 28.99% variable APR"},
                       disclosures=["Subject to credit approval."])
    wrong = "0% intro APR on purchases for 12 billing cycles, then 21.49%–28.99% variable APR. Subject to credit approval."
    assert "12 billing cycles" in roles(engine, wrong, card)
    right = "0% intro APR on purchases for 15 billing cycles, then 21.49%–28.99% variable APR. Subject to credit approval."
    assert roles(engine, right, card) == []


def test_a_chinese_deadline_ends_the_offer_it_names(engine):
    fund = one_product(name="橡溪先进制造混合A", kind="investment_fund", lang="zh",
                       facts={"申购费": "1.50%，银行渠道1折即0.15%", "申购费优惠截止": "2026-11-30",
                              "赎回费": "持有不满7天1.50%，7天至1年0.50%"},
                       disclosures=["基金有风险，投资须谨慎。"])
    promo = "银行渠道申购费1折，仅0.15%！基金有风险，投资须谨慎。"
    assert _expired(engine, promo, fund, date(2026, 12, 4))
    assert not _expired(engine, promo, fund, date(2026, 11, 20))
    fees = "持有不满7天赎回费1.50%，7天至1年0.50%。基金有风险，投资须谨慎。"
    assert not _expired(engine, fees, fund, date(2026, 12, 4))
    loan = one_product(name="橡溪随心贷", kind="personal_loan", lang="zh",
                       facts={"年化利率": "3.6%-18%（单利）", "新客福利": "新客首笔借款可领7天免息券", "免息券截止": "2026-08-31"},
                       disclosures=["具体以审批结果为准。"])
    assert _expired(engine, "新客首借送7天免息券！年化利率（单利）3.6%-18%，具体以审批结果为准。", loan, date(2026, 12, 4))


def test_a_rate_locked_in_for_life_is_a_promise(engine):
    savings = one_product(name="Oakfield Savings", kind="savings", lang="en",
                          facts={"apy": "4.10% APY", "rate_type": "variable rate; may change after account opening"},
                          disclosures=["Member FDIC."])
    report = engine.check("Lock in 4.10% Annual Percentage Yield for life. Member FDIC.", savings, "sms", "en")
    assert "guarantee" in {f.category for f in report.findings}


def test_a_keys_period_names_a_bare_rate(engine):
    cd = one_product(name="Oakfield Anchor Certificate of Deposit", kind="term_deposit", lang="en",
                     facts={"apy_12_month": "4.35% APY", "apy_24_month": "3.95% APY", "min_deposit": "$1,000"},
                     disclosures=["Member FDIC."])
    assert "4.35%" in roles(engine, "Anchor 24-month CD: 4.35% Annual Percentage Yield (APY). $1,000 minimum. Member FDIC.", cd)
    assert roles(engine, "Anchor 12-month CD: 4.35% Annual Percentage Yield (APY). $1,000 minimum. Member FDIC.", cd) == []


def test_two_amounts_of_one_english_fact_swapped_by_their_words_are_blocked(engine):
    checking = one_product(name="Oakfield Everyday Checking", kind="checking", lang="en",
                           facts={"monthly_fee": "$12", "fee_waiver": "waived with $500 in monthly direct deposits or a $1,500 minimum daily balance"},
                           disclosures=["Member FDIC."])
    swapped = "Get $1,500 in direct deposits each month, or keep $500 in the account daily, and the $12 monthly fee disappears. Member FDIC."
    assert "$1,500" in roles(engine, swapped, checking)
    right = "Get $500 in direct deposits each month, or keep a $1,500 minimum daily balance, and the $12 monthly fee is waived. Member FDIC."
    assert roles(engine, right, checking) == []


def test_a_period_from_another_fact_in_other_units_is_blocked(engine):
    policy = one_product(name="Oakfield Term Life", kind="insurance", lang="en",
                         facts={"free_look": "30-day free look period", "contestability": "2-year contestability period",
                                "issuer": "Oakfield Mutual Life Insurance Company"},
                         disclosures=["Issued by Oakfield Mutual Life Insurance Company. Not a deposit. Not FDIC insured."])
    assert "2-year" in roles(engine, "Oakfield Term Life: 2-year free look to change your mind. Not a deposit. Not FDIC insured.", policy)
    assert roles(engine, "Oakfield Term Life: 30-day free look to change your mind. Not a deposit. Not FDIC insured.", policy) == []


def test_a_chinese_figure_in_a_sentence_about_another_fact_is_blocked(engine):
    card = one_product(name="橡溪星途白金卡", kind="credit_card", lang="zh",
                       facts={"透支利率": "日利率万分之五，折合年化利率18.25%（单利）",
                              "分期手续费": "12期每期手续费率0.60%，折合年化利率约13.03%"},
                       disclosures=["以审批结果为准。"])
    wrong = "账单分期：12期每期手续费率0.60%，折合年化利率约18.25%，具体以账单为准。"
    assert "18.25%" in roles(engine, wrong, card)
    both = "分期12期每期手续费率0.60%，折合年化利率约13.03%；透支日利率万分之五，折合年化利率18.25%（单利）。"
    assert roles(engine, both, card) == []


def test_a_chinese_figure_about_another_fact_is_found_deep_in_an_article(engine):
    """The sentence's figures are read at their places in the copy, not their places in the line."""
    card = one_product(name="橡溪星途白金卡", kind="credit_card", lang="zh",
                       facts={"透支利率": "日利率万分之五，折合年化利率18.25%（单利）",
                              "分期手续费": "12期每期手续费率0.60%，折合年化利率约13.03%"},
                       disclosures=["以审批结果为准。"])
    article = ("【年货清单太长？账单分期来分担】\n\n年底是置办年货的高峰期，信用卡账单一下子多了起来。\n\n"
               "一、账单分期\n当期账单可申请分期，12期每期手续费率0.60%，折合年化利率约18.25%，具体以账单为准。")
    assert "18.25%" in roles(engine, article, card)


# --- false alarms on copy the team's writers wrote for new catalogs (session 14) ---------------

SECURED = one_product(
    name="Tidewater StepUp Secured Card", kind="credit_card", lang="en",
    facts={"annual_fee": "$0", "minimum_security_deposit": "$200",
           "credit_limit": "equal to your refundable security deposit, up to $2,500"},
    disclosures=["Requires a refundable security deposit of $200 to $2,500, held in a Tidewater savings account."])
EV_AUTO = one_product(
    name="Bellhaven DriveNext Auto Loan", kind="auto_loan", lang="en",
    facts={"apr_used": "6.24%–15.49% APR", "apr_ev": "5.49%–13.74% APR"},
    disclosures=["Subject to credit approval."])
TIERED_CHECKING = one_product(
    name="Bellhaven Premier Interest Checking", kind="checking", lang="en",
    facts={"minimum_opening_deposit": "$100", "monthly_fee_waiver": "$25,000 or more in combined Bellhaven balances",
           "relationship_tiers": "Select at $25,000, Premier at $100,000"},
    disclosures=["Member FDIC."])


def test_the_catalogs_own_disclosure_quoted_word_for_word_binds_nothing(engine):
    disclosure = SECURED.disclosures[0]
    assert roles(engine, f"Build credit with the Tidewater StepUp Secured Card. {disclosure}", SECURED) == []
    # The same figure in the copy's own words, in another fact's role, is still caught.
    assert roles(engine, "Put down a security deposit of $2,500 to open the Tidewater StepUp Secured Card.", SECURED) == ["$2,500"]


def test_a_rate_beside_its_own_facts_short_key_word_is_that_facts(engine):
    assert roles(engine, "Used vehicles up to 8 years old at 6.24%–15.49% APR, and new or used EVs at 5.49%–13.74% APR.", EV_AUTO) == []
    assert roles(engine, "Used vehicles at 5.49%–13.74% APR.", EV_AUTO) == ["5.49%", "13.74%"]


def test_to_open_at_the_end_of_a_title_is_not_the_bodys_figure(engine):
    report = engine.check("$100 to open\nMonthly fee waived with $25,000 or more in combined Bellhaven balances. Member FDIC.",
                          TIERED_CHECKING, "push", "en")
    assert [f for f in report.findings if f.rule == "grounding.binding"] == []
    assert roles(engine, "Open Premier Checking with $25,000. Member FDIC.", TIERED_CHECKING) == ["$25,000"]
