"""Copy that restates its product correctly (blind17 and blind18, session 17): a
label before the insurer's name, 零年费, a figure inside the product's own name, advice against
a restricted term; and a figure cut short before a Chinese comma."""

from __future__ import annotations

from copydesk.catalog import Product, Restriction, Segment

INSURANCE = Product("ins", "瑞衡康祐百万医疗险", "insurance", "zh", {
    "insurer": "承保公司：瑞衡健康保险股份有限公司；澄岭银行为代理销售机构",
    "coverage": "保额：一般医疗300万元，重大疾病医疗600万元",
    "cooling_off": "犹豫期15天",
}, ("本产品由瑞衡健康保险股份有限公司承保，澄岭银行为代理销售机构。", "保险不是存款，不受存款保险保护。"))
CARD = Product("card", "澄岭星途信用卡", "credit_card", "zh", {
    "annual_fee": "首年免年费，次年起主卡年费300元",
    "points": "境外消费享3倍积分",
    "cash_advance": "预借现金日利率0.05%，折合年化利率18.25%",
}, ("请合理使用信用卡，理性消费，按时还款。",))


def blocking(report):
    return [f for f in report.findings if f.severity in ("block", "warn")]


def test_the_insurer_named_after_its_label_in_the_facts_is_found_in_the_copy(engine):
    text = "本保险犹豫期15天。本产品由瑞衡健康保险股份有限公司承保，澄岭银行为代理销售机构。保险不是存款，不受存款保险保护。"
    assert not [f for f in engine.check(text, INSURANCE, "email").findings if f.rule == "zh.disclosure.insurance"]
    missing = engine.check("本保险犹豫期15天。保险不是存款，不受存款保险保护。", INSURANCE, "email")
    assert [f for f in missing.findings if f.rule == "zh.disclosure.insurance"]


def test_a_figure_inside_the_products_own_name_is_not_a_figure_of_the_copy(engine):
    text = "百万医疗险一般医疗保额300万元。本产品由瑞衡健康保险股份有限公司承保。保险不是存款，不受存款保险保护。"
    assert not [f for f in engine.check(text, INSURANCE, "wechat").findings if f.rule == "grounding.number"]


def test_zero_annual_fee_in_chinese_numerals_is_not_a_number_of_years(engine):
    text = "星途卡境外消费享三倍积分，首年零年费。请合理使用信用卡，理性消费，按时还款。"
    assert not [f for f in engine.check(text, CARD, "sms").findings if f.rule == "grounding.number"]


def test_advice_against_a_restricted_term_offers_nothing_but_saying_goodbye_to_it_still_names_it(engine):
    students = Segment("stu", "在校大学生", "在校大学生", "zh",
                       restrictions=(Restriction("不得向在校大学生推介信用卡取现", terms=("取现", "学生贷")),))
    advice = "星途卡首年免年费。温馨提示：我们不建议在校同学使用信用卡取现。请合理使用信用卡，理性消费，按时还款。"
    assert not [f for f in engine.check(advice, CARD, "email", segment=students).findings
                if f.rule == "audience.segment_restriction"]
    farewell = "告别学生贷，从星途卡开始：首年免年费。请合理使用信用卡，理性消费，按时还款。"
    assert [f for f in engine.check(farewell, CARD, "email", segment=students).findings
            if f.rule == "audience.segment_restriction"]


def test_a_rate_cut_short_before_a_chinese_comma_is_truncated(engine):
    deposit = Product("cd", "澄岭大额存单", "term_deposit", "zh", {"rate_3y": "3年期年利率1.90%", "minimum": "20万元起存"},
                      ("本存款受存款保险保护。",))
    report = engine.check("澄岭大额存单3年期年利率1.，20万元起存。本存款受存款保险保护。", deposit, "push")
    assert [f for f in report.findings if f.rule == "grounding.truncated_figure"]


def test_an_english_rate_cut_off_at_the_end_of_the_copy_is_truncated_but_a_whole_amount_is_not(engine, catalog):
    savings = catalog.product("high-yield-savings")
    cut = engine.check("High-Yield Savings. Member FDIC. Balances of $10,000+ now earn 4.", savings, "push")
    assert [f for f in cut.findings if f.rule == "grounding.truncated_figure"]
    whole = engine.check("Open High-Yield Savings and earn 4.10% APY. Member FDIC.", savings, "push")
    assert not [f for f in whole.findings if f.rule == "grounding.truncated_figure"]
