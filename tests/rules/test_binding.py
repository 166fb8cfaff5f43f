"""Fact binding: a figure from the facts, written beside another fact, is blocked (the examples
are the issue's own classes, on products of the bundled sample and two written here)."""

from __future__ import annotations

import pytest

from copydesk.catalog import parse_catalog

CATALOG = parse_catalog({
    "products": [
        {"id": "cash-card", "name": "Cash Back Card", "kind": "credit_card", "lang": "en",
         "facts": {"purchase_apr": "24.9% APR variable", "cash_back": "1.5% cash back on every purchase", "annual_fee": "$0"},
         "disclosures": ["Representative 24.9% APR (variable). Subject to credit approval."]},
        {"id": "bonus-savings", "name": "Bonus Savings", "kind": "savings", "lang": "en",
         "facts": {"apy": "4.10% APY", "bonus": "$250 bonus",
                   "bonus_conditions": "Deposit at least $1,000 in new money within 30 days and keep it for 60 days"},
         "disclosures": ["Member FDIC."]},
    ],
    "segments": [{"id": "all", "name": "Everyone", "description": "Every customer", "lang": "en"}],
})


def bindings(engine, text, product, channel="sms", lang=None):
    report = engine.check(text, product, channel, lang)
    return [f for f in report.findings if f.rule == "grounding.binding"]


@pytest.mark.parametrize("text, figure", [
    ("Cash Back Card: 1.5% APR and a 24.9% cash back. Subject to credit approval. Representative 24.9% APR (variable).", "1.5%"),
    ("Earn a $1,000 bonus with Bonus Savings: 4.10% APY. Member FDIC.", "$1,000"),
])
def test_a_figure_beside_the_wrong_fact_is_blocked(engine, text, figure):
    product = CATALOG.product("cash-card" if "Cash" in text else "bonus-savings")
    found = bindings(engine, text, product)
    assert found and found[0].severity == "block"
    assert text[found[0].start:found[0].end] == figure
    assert "but the facts give" in found[0].message


@pytest.mark.parametrize("text", [
    "Cash Back Card: 1.5% cash back on every purchase, 24.9% APR (variable), $0 annual fee. Subject to credit approval.",
    "Earn a $250 bonus when you deposit $1,000 in new money and keep it 60 days. 4.10% APY. Member FDIC.",
    "Bonus Savings pays 4.10% APY. Keep $1,000 for 60 days to earn the $250 bonus. Member FDIC.",
])
def test_the_same_figures_beside_their_own_facts_pass(engine, text):
    product = CATALOG.product("cash-card" if "Cash" in text else "bonus-savings")
    assert bindings(engine, text, product) == []


def test_swapped_interest_rate_and_apr_on_a_mortgage(engine, catalog):
    mortgage = catalog.product("home-mortgage-30")
    assert bindings(engine, "30-year fixed: 6.466% interest rate, 6.375% APR.", mortgage, "banner")
    assert not bindings(engine, "30-year fixed: 6.375% interest rate, 6.466% APR.", mortgage, "banner")


def test_chinese_fee_written_as_the_annual_rate(engine, catalog):
    loan = catalog.product("zh-consumer-loan")
    # 0.05% is the top daily rate; the annual rate is 3.6%–18%
    assert bindings(engine, "云帆消费贷，年化利率低至0.05%。", loan, "sms", "zh")
    assert not bindings(engine, "云帆消费贷，日利率0.01%–0.05%，年化利率（单利）3.6%–18%。", loan, "sms", "zh")


def test_a_figure_in_the_products_own_name_binds_nothing(engine):
    cd = parse_catalog({
        "products": [{"id": "cd7", "name": "7-Month Featured CD", "kind": "term_deposit", "lang": "en",
                      "facts": {"term": "7 months", "apy": "4.30% APY", "minimum_deposit": "$1,000",
                                "maturity": "Renews into a 6-month CD at maturity"},
                      "disclosures": ["Member FDIC."]}],
        "segments": [{"id": "all", "name": "Everyone", "description": "Every customer", "lang": "en"}],
    }).product("cd7")
    assert bindings(engine, "Minimum deposit with the 7-Month Featured CD: $1,000. 4.30% APY. Member FDIC.", cd) == []


def test_the_products_own_name_beside_a_figure_names_no_fact(engine):
    """'CD' in "7-Month CD" is the product, not the fact "$250,000 per CD"."""
    catalog = parse_catalog({
        "products": [{"id": "cd", "name": "7-Month Featured CD", "kind": "term_deposit", "lang": "en",
                      "facts": {"apy": "4.10% APY", "minimum_deposit": "$1,000", "maximum_deposit": "$250,000 per CD"},
                      "disclosures": ["Member FDIC."]}],
        "segments": [{"id": "all", "name": "Everyone", "description": "Every customer", "lang": "en"}],
    })
    cd = catalog.product("cd")
    assert bindings(engine, "Open the 7-Month Featured CD with $1,000. Member FDIC.", cd) == []
    assert bindings(engine, "Save $1,000 per CD. Member FDIC.", cd)  # the maximum's words, not the name


UNSEEN = parse_catalog({
    "products": [
        {"id": "checking", "name": "Lakeside Everyday Checking", "kind": "checking", "lang": "en",
         "facts": {"monthly_fee": "$0", "min_deposit": "$100 to open", "bonus": "$300",
                   "bonus_condition": "receive qualifying direct deposits totaling $2,000 or more within 90 days"},
         "disclosures": ["Member FDIC."]},
        {"id": "cd", "name": "Lakeside 13-Month CD", "kind": "term_deposit", "lang": "en",
         "facts": {"apy": "4.35% APY", "term": "13 months",
                   "renewal": "renews automatically into a 12-month CD at the then-current rate"},
         "disclosures": ["Member FDIC."]},
        {"id": "fund", "name": "Lakeside Balanced Fund", "kind": "investment_fund", "lang": "en",
         "facts": {"performance_1yr": "11.42% at NAV as of 2026-09-30", "performance_since_inception": "7.15%"},
         "disclosures": ["Not FDIC insured. No bank guarantee. May lose value."]},
        {"id": "life", "name": "Lakeside Term Life 20", "kind": "insurance", "lang": "en",
         "facts": {"coverage": "$100,000 to $2,000,000 death benefit",
                   "premium_example": "$500,000 of coverage for $24.50 per month, for a 35-year-old non-tobacco applicant"},
         "disclosures": ["Not a deposit. Not FDIC insured."]},
        {"id": "zh-cd", "name": "澄湖大额存单", "kind": "term_deposit", "lang": "zh",
         "facts": {"min_deposit": "起存金额20万元", "quota": "本期发行额度10亿元"}, "disclosures": []},
    ],
    "segments": [{"id": "all", "name": "Everyone", "description": "Every customer", "lang": "en"}],
})


@pytest.mark.parametrize("product, text", [
    # a plural and an inflected verb name the same thing ("opens" / "$100 to open")
    ("checking", "Lakeside Everyday Checking opens with $100 and has no monthly fee. Member FDIC."),
    # a figure right before the product's kind names its variety, not the renewal's "12-month CD"
    ("cd", "Lakeside 13-Mo CD: 4.35% APY. Member FDIC."),
    # "label: figure" on a line of its own is labelled by what stands before the colon
    ("fund", "Since inception (6/2/2014): 7.15%\n\nReturns at NAV do not reflect sales charges. Not FDIC insured. "
             "No bank guarantee. May lose value."),
    ("zh-cd", "▍起存金额：20万元\n▍发行期：2026年12月1日至12月15日"),
    # a worked example restated with its own figures
    ("life", "For example, $500,000 of coverage is $24.50 per month. Not a deposit. Not FDIC insured."),
])
def test_figures_read_with_the_words_that_really_name_them_pass(engine, product, text):
    assert bindings(engine, text, UNSEEN.product(product), "email") == []


def test_a_required_deposit_called_the_bonus_is_still_blocked(engine):
    found = bindings(engine, "Your $2,000 checking bonus: open Lakeside Everyday Checking. Member FDIC.",
                     UNSEEN.product("checking"), "email")
    assert found and "bonus_condition" in found[0].message


def test_an_example_figure_beside_another_coverage_is_blocked(engine):
    text = "Up to $2,000,000 of coverage for just $24.50 a month. Not a deposit. Not FDIC insured."
    found = bindings(engine, text, UNSEEN.product("life"), "email")
    assert found and text[found[0].start:found[0].end] == "$24.50"


ZH_CATALOG = parse_catalog({
    "products": [
        {"id": "zh-cd", "name": "锦川大额存单", "kind": "term_deposit", "lang": "zh",
         "facts": {"三年期利率": "3年期年利率1.90%", "一年期利率": "1年期年利率1.45%", "起存金额": "20万元"},
         "disclosures": ["本产品纳入存款保险保障范围。"]},
        {"id": "zh-fund", "name": "川融债券A", "kind": "investment_fund", "lang": "zh",
         "facts": {"近一年净值增长率": "3.86%", "近三年净值增长率": "10.42%", "托管费": "年费率0.10%", "申购费率": "0.80%"},
         "disclosures": ["基金有风险，投资须谨慎。过往业绩不代表未来表现。"]},
    ],
    "segments": [{"id": "all", "name": "所有客户", "description": "所有客户", "lang": "zh"}],
})


@pytest.mark.parametrize("product, text, figure", [
    ("zh-cd", "锦川大额存单1年期年利率1.90%，20万元起存，受存款保险保障。", "1.90%"),  # the 3-year rate as the 1-year
    ("zh-fund", "川融债券A近一年净值增长率10.42%！过往业绩不代表未来表现。基金有风险，投资须谨慎。", "10.42%"),
    ("zh-fund", "川融债券A申购费仅0.10%。基金有风险，投资须谨慎。", "0.10%"),  # the custody fee as the subscription fee
])
def test_a_chinese_term_or_key_tells_two_facts_apart(engine, product, text, figure):
    [finding] = bindings(engine, text, ZH_CATALOG.product(product), lang="zh")
    assert text[finding.start:finding.end] == figure


@pytest.mark.parametrize("product, text", [
    ("zh-cd", "锦川大额存单3年期年利率1.90%，1年期年利率1.45%，20万元起存，受存款保险保障。"),
    ("zh-fund", "川融债券A近一年净值增长率3.86%，近三年10.42%。过往业绩不代表未来表现。基金有风险，投资须谨慎。"),
])
def test_chinese_figures_beside_their_own_terms_pass(engine, product, text):
    assert bindings(engine, text, ZH_CATALOG.product(product), lang="zh") == []


FUND = parse_catalog({
    "products": [
        {"id": "fund", "name": "Core Balanced Fund", "kind": "investment_fund", "lang": "en",
         "facts": {"one_year_return": "9.84%", "five_year_annualized_return": "6.12%",
                   "since_inception_annualized_return": "7.05% (inception 2015-03-02)", "net_expense_ratio": "0.64%"},
         "disclosures": ["Not FDIC insured. No bank guarantee. May lose value. Past performance does not guarantee future results."]},
        {"id": "zh-wm", "name": "稳盈理财", "kind": "wealth_management", "lang": "zh",
         "facts": {"业绩比较基准": "年化2.60%-3.40%", "成立以来年化收益率": "3.12%", "固定管理费": "年化0.30%", "托管费": "年化0.02%"},
         "disclosures": ["理财非存款、产品有风险、投资须谨慎。"]},
    ],
    "segments": [{"id": "all", "name": "Everyone", "description": "Every customer", "lang": "en"}],
})
LEGEND = " Past performance does not guarantee future results. Not FDIC insured. No bank guarantee. May lose value."


@pytest.mark.parametrize("product, text, figure", [
    ("fund", "A 1-year return of 7.05% as of 2026-09-30." + LEGEND, "7.05%"),  # the since-inception figure
    ("zh-wm", "稳盈理财费用超低，管理费仅年化0.02%！理财非存款、产品有风险、投资须谨慎。", "0.02%"),  # the custody fee
    ("zh-wm", "稳盈理财成立以来年化收益3.40%。过往业绩不代表未来表现。理财非存款、产品有风险、投资须谨慎。", "3.40%"),  # the benchmark's top
])
def test_a_period_or_the_other_facts_own_name_tells_them_apart(engine, product, text, figure):
    [finding] = bindings(engine, text, FUND.product(product), lang=FUND.product(product).lang)
    assert text[finding.start:finding.end] == figure


@pytest.mark.parametrize("product, text", [
    ("fund", "Returns: 9.84% over 1 year, 6.12% over 5 years, 7.05% since inception; net expense ratio 0.64%." + LEGEND),
    ("zh-wm", "稳盈理财成立以来年化收益率3.12%，托管费年化0.02%，固定管理费年化0.30%。过往业绩不代表未来表现。理财非存款、产品有风险、投资须谨慎。"),
])
def test_figures_beside_their_own_periods_and_names_pass(engine, product, text):
    assert bindings(engine, text, FUND.product(product), lang=FUND.product(product).lang) == []


def one_product(**product):
    """A catalog of one product (with the one segment a catalog needs), and that product."""
    product = {"id": "product", **product}
    segment = {"id": "all", "name": "Everyone", "description": "Every customer", "lang": product["lang"]}
    return parse_catalog({"products": [product], "segments": [segment]}).product(product["id"])


def test_two_figures_of_one_chinese_fact_swapped_are_blocked(engine):
    card = one_product(name="岚山白金卡", kind="credit_card", lang="zh",
                       facts={"分期手续费": "12期每期费率0.6%，折合年化利率13.03%（单利）", "免息期": "最长56天"},
                       disclosures=["分期手续费率以审批结果为准。"])
    swapped = "账单分期12期，折合年化利率仅0.6%（单利），以审批结果为准。"
    [finding] = bindings(engine, swapped, card, lang="zh")
    assert swapped[finding.start:finding.end] == "0.6%"
    assert bindings(engine, "账单分期12期，每期费率0.6%，折合年化利率13.03%（单利），以审批结果为准。", card, lang="zh") == []


def test_a_worked_examples_payment_beside_another_term_is_blocked(engine):
    loan = one_product(name="岚易贷", kind="personal_loan", lang="zh",
                       facts={"期限": "6-36个月", "还款示例": "借款1万元，年化利率7.2%（单利），分12期等额本息，每期还款约866.19元"},
                       disclosures=["年化利率（单利）3.6%-18%，以审批结果为准。"])
    swapped = "借1万元，分36期，每期仅还866.19元！年化利率7.2%（单利），以审批结果为准。"
    assert "866.19元" in [swapped[f.start:f.end] for f in bindings(engine, swapped, loan, lang="zh")]
    restated = "借1万元，分12期，每期约866.19元，年化利率7.2%（单利），以审批结果为准。期限6-36个月。"
    assert bindings(engine, restated, loan, lang="zh") == []


def test_a_discount_written_as_a_rate_is_blocked(engine):
    loan = one_product(name="Ridgewater Personal Loan", kind="personal_loan", lang="en",
                       facts={"apr_range": "8.99%–25.49% APR, based on creditworthiness; includes a 0.25% autopay discount",
                              "autopay_discount": "0.25% APR reduction with automatic payments"},
                       disclosures=["Subject to credit approval."])
    wrong = "Personal loans from 0.25% APR! 8.99%–25.49% APR, based on creditworthiness. Subject to credit approval."
    assert [wrong[f.start:f.end] for f in bindings(engine, wrong, loan)] == ["0.25%"]
    right = "APRs 8.99%–25.49%, based on creditworthiness, including a 0.25% autopay discount. Subject to credit approval."
    assert bindings(engine, right, loan) == []
    assert bindings(engine, "Save 0.25% on your APR with autopay. 8.99%–25.49% APR. Subject to credit approval.", loan) == []


# Session 12 (blind10): a word of the figure's own fact, a term beside the name, a worked example's principal.
_SESSION12 = parse_catalog({
    "products": [
        {"id": "anchor", "name": "Quillmoor Anchor CD", "kind": "term_deposit", "lang": "en",
         "facts": {"apy_12m": "4.10% APY for a 12-month term", "apy_24m": "3.70% APY for a 24-month term",
                   "min_deposit": "$1,000 minimum opening deposit",
                   "fdic": "Member FDIC; deposits insured up to $250,000 per depositor"},
         "disclosures": ["Member FDIC."]},
        {"id": "clearpath", "name": "ClearPath Personal Loan", "kind": "personal_loan", "lang": "en",
         "facts": {"apr_range": "8.99% to 24.99% APR", "loan_amounts": "$3,000 to $40,000", "terms": "24 to 72 months",
                   "payment_example": "A $10,000 loan for 36 months at 11.49% APR has 36 monthly payments of $329.71"},
         "disclosures": ["Subject to credit approval."]},
    ],
    "segments": [{"id": "all", "name": "Everyone", "description": "Every customer", "lang": "en"}],
})


def test_a_word_of_the_figures_own_fact_names_no_other_fact(engine):
    """'deposit' is the minimum-deposit fact's word too, not only the FDIC line's."""
    cd = _SESSION12.product("anchor")
    assert bindings(engine, "12-month Anchor CD: 4.10% APY. $1,000 min deposit. Member FDIC.", cd) == []


def test_a_term_written_before_the_products_name_binds_the_rate_after_it(engine):
    cd = _SESSION12.product("anchor")
    found = bindings(engine, "Quillmoor: 24-month Anchor CD now 4.10% APY. $1,000 minimum deposit. Member FDIC.", cd)
    assert found and "4.10%" in found[0].message and "apy_24m" in found[0].message


def test_a_worked_examples_payment_on_another_principal_is_blocked(engine):
    loan = _SESSION12.product("clearpath")
    text = "Borrow the max, $40,000, and pay just $329.71 a month for 36 months. 8.99% to 24.99% APR."
    found = bindings(engine, text, loan)
    assert found and text[found[0].start:found[0].end] == "$329.71" and "loan_amounts" in found[0].message
    assert bindings(engine, "A $10,000 loan for 36 months at 11.49% APR: 36 payments of $329.71. Borrow up to $40,000.", loan) == []


def test_a_worked_examples_term_beside_another_facts_words_is_misattributed(engine):
    from copydesk.catalog import Product

    loan = Product("auto", "驭程车贷", "auto_loan", "zh", {
        "rate": "年化利率（单利）2.88%起，具体以审批结果为准",
        "example": "月供示例：贷款10万元，36期，年化利率2.88%，等额本息月供约2903元",
        "prepayment": "还满12期后提前还款免违约金；12期内收取剩余本金2%的违约金",
    }, ("年化利率（单利）2.88%起，具体以审批结果为准。",))
    wrong = "驭程车贷还满36期后提前还款免违约金，年化利率（单利）2.88%起，具体以审批结果为准。"
    [finding] = [f for f in engine.check(wrong, loan, "sms").findings if f.rule == "grounding.binding"]
    assert wrong[finding.start:finding.end] == "36期" and "prepayment" in finding.message
    for right in ("驭程车贷还满12期后提前还款免违约金，年化利率（单利）2.88%起，具体以审批结果为准。",
                  "月供示例：贷款10万元，36期，年化利率2.88%，等额本息月供约2903元。"):
        assert not [f for f in engine.check(right, loan, "sms").findings if f.rule == "grounding.binding"], right
