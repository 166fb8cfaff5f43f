"""Each category: what must flag, what must not, and disguises, in English and Chinese."""

import pytest

from tests.rules.conftest import categories

CARD_DISCLOSURE = "21.9% APR variable."
FUND_LEGEND = "Not FDIC insured. No bank guarantee. May lose value."
WEALTH_LEGEND = "理财非存款，产品有风险，投资须谨慎。"

MUST_FLAG = [
    # (category, product, channel, text)
    ("guarantee", "rewards-card", "email", "Guaranteed approval for new graduates. Subject to terms."),
    ("guarantee", "balanced-fund", "email", f"There's no way to lose with the Balanced Fund. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"Your money is always safe in our fund. {FUND_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"悦享理财，保本保息，稳赚不赔。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"收益稳稳的，闭眼买。{WEALTH_LEGEND}"),
    ("guarantee", "zh-platinum-card", "sms", "云帆白金卡，包下卡！"),
    ("superlative", "rewards-card", "email", "The best rewards card in America."),
    ("superlative", "high-yield-savings", "email", "Unbeatable savings. Member FDIC."),
    ("superlative", "zh-platinum-card", "wechat", "云帆白金卡，境外消费的最佳选择。"),
    ("superlative", "zh-time-deposit", "wechat", "全网最低门槛，国家级品质。本产品纳入《存款保险条例》规定的存款保险范围。"),
    ("missing_disclosure", "personal-loan", "email", "Borrow $10,000 for 36 months."),
    ("missing_disclosure", "travel-card", "email", "0% intro APR for 15 months on purchases."),
    ("missing_disclosure", "high-yield-savings", "email", "Earn 3.75% on your savings. Member FDIC."),
    ("missing_disclosure", "cd-12-month", "email", "Lock in 4.05% APY for 12 months."),
    ("missing_disclosure", "balanced-fund", "email", "Diversify with about 60% stocks and 40% bonds."),
    ("missing_disclosure", "term-life", "email", "Protect your family with Harborview Term Life."),
    ("missing_disclosure", "zh-consumer-loan", "sms", "随心消费贷，日利率0.01%起。"),
    ("missing_disclosure", "zh-wealth", "wechat", "悦享理财，1万元起购。"),
    ("missing_disclosure", "zh-insurance", "wechat", "恒信守护定期寿险，守护家人。"),
    ("ungrounded_claim", "rewards-card", "email", f"Enjoy 0% APR on purchases. {CARD_DISCLOSURE}"),
    ("ungrounded_claim", "rewards-card", "email", f"Earn 5 points per $1. {CARD_DISCLOSURE}"),
    ("ungrounded_claim", "travel-card", "email", "No annual fee, ever. 0% intro APR for 15 months, then 19.9%-27.9% variable APR."),
    ("ungrounded_claim", "high-yield-savings", "email", "Open by 2027-03-31 and earn 3.75% APY. Member FDIC."),
    ("ungrounded_claim", "zh-platinum-card", "wechat", "白金卡终身免年费。"),
    ("ungrounded_claim", "zh-consumer-loan", "wechat", "最高可贷50万元，年化利率（单利）3.6%–18%。"),
    ("pressure", "rewards-card", "email", "Hurry, last chance to apply!"),
    ("pressure", "zh-time-deposit", "wechat", "过了今天就没了，手慢无！本产品纳入《存款保险条例》规定的存款保险范围。"),
    ("fair_lending", "personal-loan", "email", "Personal loans for married couples only."),
    ("fair_lending", "auto-loan", "email", "No applicants over 65."),
    ("fair_lending", "zh-consumer-loan", "wechat", "消费贷仅限本地户籍申请。"),
    ("fair_lending", "zh-platinum-card", "wechat", "不接受领取低保人士申请。"),
    ("pii", "rewards-card", "email", "Your card 4111 1111 1111 1111 is ready."),
    ("pii", "everyday-checking", "email", "Dear customer, SSN 123-45-6789 on file. Member FDIC."),
    ("pii", "zh-platinum-card", "sms", "张先生，您的身份证号11010519491231002X已登记。"),
    ("pii", "zh-platinum-card", "sms", "请联系客户李女士13812345678。"),
    ("length", "rewards-card", "banner", "Earn 2 points per $1 on every purchase with the Everyday Rewards Card today."),
]

MUST_NOT_FLAG = [
    # (category, product, channel, text)
    ("guarantee", "personal-loan", "email", "This loan is not guaranteed; approval depends on your credit."),
    ("guarantee", "balanced-fund", "email", f"Yields are not guaranteed. Past performance does not guarantee future results. {FUND_LEGEND}"),
    ("guarantee", "high-yield-savings", "email", "Your deposits are FDIC-insured, so your money is always safe. Member FDIC."),
    ("guarantee", "zh-wealth", "wechat", f"本产品为非保本浮动收益型，不承诺保本和最低收益。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"理财不等于稳赚。{WEALTH_LEGEND}"),
    ("superlative", "rewards-card", "email", "Best regards, the Harborview team."),
    ("superlative", "managed-portfolio", "email", f"Our advisers act in your best interest. {FUND_LEGEND}"),
    ("superlative", "rewards-card", "email", "Your first statement arrives next month."),
    ("superlative", "zh-consumer-loan", "wechat", "第一次申请？最高可贷30万元，具体以审批结果为准。"),
    ("superlative", "zh-time-deposit", "wechat", "最低起存50元。本产品纳入《存款保险条例》规定的存款保险范围。"),
    ("missing_disclosure", "rewards-card", "email", "Earn 2 points per $1 on every purchase."),
    ("missing_disclosure", "zh-platinum-card", "wechat", "首年免年费，额度最高5万元，具体以审批结果为准。"),
    ("missing_disclosure", "zh-insurance", "wechat", "本产品由安泰恒信人寿保险股份有限公司承保。保险产品不是存款。"),
    ("ungrounded_claim", "rewards-card", "email", f"$0 annual fee. Earn 2 points per $1. {CARD_DISCLOSURE}"),
    ("ungrounded_claim", "zh-time-deposit", "wechat", "三年期年利率1.55%，起存金额50元。本产品纳入《存款保险条例》规定的存款保险范围。"),
    ("ungrounded_claim", "high-yield-savings", "email", "Open by 2026-12-31. Member FDIC."),
    ("ungrounded_claim", "rewards-card", "email", "Hi {first_name}, your card ending 1234 is on its way."),
    ("pressure", "high-yield-savings", "email", "Offer ends 2026-12-31. Member FDIC."),
    ("fair_lending", "personal-loan", "email", "We lend regardless of race, religion, sex, marital status or age."),
    ("fair_lending", "personal-loan", "email", "Applicants must be 18 or older."),
    ("fair_lending", "cd-12-month", "email", "A CD made for retirees. Member FDIC."),
    ("fair_lending", "zh-consumer-loan", "wechat", "年满18周岁即可申请，具体以审批结果为准。"),
    ("pii", "rewards-card", "sms", "Questions? Call 1-800-555-0142."),
    ("pii", "zh-platinum-card", "sms", "您尾号1234的信用卡已激活，详询400-820-6688。"),
    ("length", "rewards-card", "sms", "x" * 160),
]

DISGUISED = [
    ("guarantee", "balanced-fund", "email", f"A r i s k - f r e e fund. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"Guarant33d growth. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"n0 risk at all. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"ＲＩＳＫ－ＦＲＥＥ investing. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"Guaran\u200bteed returns. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"Guaran\u00adteed returns. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"Guaran-\nteed returns. {FUND_LEGEND}"),
    ("guarantee", "balanced-fund", "email", f"Guаrаnteed returns. {FUND_LEGEND}"),  # Cyrillic а
    ("guarantee", "balanced-fund", "email", f"GuArAnTeEd returns. {FUND_LEGEND}"),
    ("superlative", "rewards-card", "email", "The 𝐁𝐄𝐒𝐓 card."),
    ("superlative", "rewards-card", "email", "The be$t card."),
    ("guarantee", "zh-wealth", "wechat", f"保 收 益。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"稳-赚理财。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"稳*赚理财。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"保證收益。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"bao本理财。{WEALTH_LEGEND}"),
    ("guarantee", "zh-wealth", "wechat", f"零\u200b风险。{WEALTH_LEGEND}"),
    ("superlative", "zh-platinum-card", "wechat", "最優選擇，云帆白金卡。"),
]


@pytest.mark.parametrize("category, product, channel, text", MUST_FLAG)
def test_must_flag(check, category, product, channel, text):
    assert category in categories(check(text, product, channel))


@pytest.mark.parametrize("category, product, channel, text", MUST_NOT_FLAG)
def test_must_not_flag(check, category, product, channel, text):
    report = check(text, product, channel)
    assert category not in categories(report), report.findings


@pytest.mark.parametrize("category, product, channel, text", DISGUISED)
def test_sees_through_disguises(check, category, product, channel, text):
    report = check(text, product, channel)
    assert category in categories(report)


def test_disguised_offsets_point_into_the_original(check):
    text = f"A r i s k - f r e e fund. {FUND_LEGEND}"
    finding = next(f for f in check(text, "balanced-fund").findings if f.category == "guarantee")
    assert text[finding.start : finding.end] == "r i s k - f r e e"
    text = "Our 稳-赚 plan"
    zh = "稳-赚理财。" + WEALTH_LEGEND
    finding = next(f for f in check(zh, "zh-wealth", "wechat").findings if f.category == "guarantee")
    assert zh[finding.start : finding.end] == "稳-赚"


def test_clean_copy_passes_outright(check):
    text = ("Earn 2 points per $1 on every purchase with the Everyday Rewards Card. $0 annual fee. "
            "Representative 21.9% APR (variable). Subject to credit approval.")
    report = check(text, "rewards-card")
    assert report.verdict == "pass", report.findings


def test_verdict_is_the_highest_severity(check):
    assert check("Hurry!", "rewards-card").verdict == "warn"
    assert check("Hurry! The best card.", "rewards-card").verdict == "block"


def test_length_warns_with_the_overflow_span(check):
    text = "y" * 65
    finding = next(f for f in check(text, "rewards-card", "banner").findings if f.category == "length")
    assert (finding.start, finding.end, finding.severity) == (60, 65, "warn")
    assert "65 characters" in finding.message


def test_findings_carry_citation_message_and_suggestion(check):
    finding = check("Guaranteed approval.", "rewards-card").findings[0]
    assert finding.rule == "en.guarantee.approval"
    assert finding.citation and finding.message and finding.suggestion


# Every category, both languages: a disguised positive and a look-alike negative.
DISGUISES_BY_CATEGORY = [
    ("guarantee", "en", "balanced-fund", "email", f"Y0u c-a-n-'-t l-o-s-e. {FUND_LEGEND}"),
    ("guarantee", "zh", "zh-wealth", "wechat", f"穩賺不賠。{WEALTH_LEGEND}"),
    ("superlative", "en", "rewards-card", "email", "Ｕｎｂｅａｔａｂｌｅ rewards."),
    ("superlative", "zh", "zh-platinum-card", "wechat", "国 家 级品质的信用卡。"),
    ("missing_disclosure", "en", "high-yield-savings", "email", "Earn ３.７５％ on savings. Member FDIC."),
    ("missing_disclosure", "zh", "zh-consumer-loan", "wechat", "日 利 率低至0.01%，随借随还。"),
    ("ungrounded_claim", "en", "rewards-card", "email", "Enjoy ０％ APR on purchases. 21.9% APR variable."),
    ("ungrounded_claim", "zh", "zh-platinum-card", "wechat", "終身免年費！"),
    ("pressure", "en", "rewards-card", "email", "ＨＵＲＲＹ！ ＬＡＳＴ ＣＨＡＮＣＥ！"),
    ("pressure", "zh", "zh-platinum-card", "wechat", "手 慢 无，速来办理白金卡。"),
    ("fair_lending", "en", "personal-loan", "email", "W o m e n only: personal loans."),
    ("fair_lending", "zh", "zh-consumer-loan", "wechat", "僅限本地戶籍申請。"),
    ("pii", "en", "rewards-card", "email", "Your card ４１１１ １１１１ １１１１ １１１１ is ready."),
    ("pii", "zh", "zh-platinum-card", "sms", "客户王先生手机１３８１２３４５６７８。"),
    ("length", "en", "rewards-card", "banner", "Earn 2 points per $1\u200b" + "\u200b" * 45),
    ("length", "zh", "zh-platinum-card", "banner", "云帆白金卡" * 13),
]

LOOKALIKE_NEGATIVES = [
    ("guarantee", "en", "balanced-fund", "email", f"No investment is risk-free, including this one. {FUND_LEGEND}"),
    ("guarantee", "zh", "zh-wealth", "wechat", f"业绩比较基准不代表产品未来表现，不构成对收益的承诺。{WEALTH_LEGEND}"),
    ("superlative", "en", "rewards-card", "email", "Pick whichever card suits you best."),
    ("superlative", "zh", "zh-fund", "wechat", "建议您最好先了解自己的风险承受能力。基金有风险，投资需谨慎。"),
    ("missing_disclosure", "en", "rewards-card", "email", "Earn 2 points per $1 and 20,000 bonus points after $1,000 in purchases within the first 3 months."),
    ("missing_disclosure", "zh", "zh-platinum-card", "wechat", "境外消费1%返现，额度最高5万元。"),
    ("ungrounded_claim", "en", "high-yield-savings", "email", "3.75% APY with a $100 minimum to open. Member FDIC."),
    ("ungrounded_claim", "zh", "zh-wealth", "wechat", f"业绩比较基准：年化2.8%–3.5%，1万元起购。{WEALTH_LEGEND}"),
    ("pressure", "en", "high-yield-savings", "email", "Open by 2026-12-31 to qualify for the bonus terms. Member FDIC."),
    ("pressure", "zh", "zh-savings-bonus", "wechat", "活动期2026-01-01至2026-06-30。本产品纳入《存款保险条例》规定的存款保险范围。"),
    ("fair_lending", "en", "home-mortgage-30", "email", "Equal Housing Lender. We serve all qualified applicants."),
    ("fair_lending", "zh", "zh-insurance", "wechat", "投保年龄18–60周岁，保费因年龄而异。本产品由安泰恒信人寿保险股份有限公司承保。保险产品不是存款。"),
    ("pii", "en", "cd-12-month", "email", "Questions? Call us at 1-800-555-0142. Member FDIC."),
    ("pii", "zh", "zh-platinum-card", "sms", "尊敬的{客户姓名}，您尾号1234的卡片已寄出。"),
    ("length", "en", "rewards-card", "push", "z" * 120),
    ("length", "zh", "zh-platinum-card", "sms", "云" * 160),
]


@pytest.mark.parametrize("category, lang, product, channel, text", DISGUISES_BY_CATEGORY)
def test_every_category_sees_through_disguises_in_both_languages(check, category, lang, product, channel, text):
    report = check(text, product, channel)
    assert category in categories(report), report.findings


@pytest.mark.parametrize("category, lang, product, channel, text", LOOKALIKE_NEGATIVES)
def test_every_category_leaves_lookalikes_alone_in_both_languages(check, category, lang, product, channel, text):
    report = check(text, product, channel)
    assert category not in categories(report), report.findings


def test_tables_cover_every_category_in_both_languages():
    from copydesk.rules.findings import CATEGORIES

    for table in (DISGUISES_BY_CATEGORY, LOOKALIKE_NEGATIVES):
        assert {(c, lang) for c, lang, *_ in table} == {(c, lang) for c in CATEGORIES for lang in ("en", "zh")}
