"""An anti-fraud notice quotes what the bank never says; those words are the scam's, not a claim.
The same words said as the bank's own promise are still blocked."""

from __future__ import annotations

import pytest


def blocks(engine, catalog, text, product="personal-loan", lang="en"):
    report = engine.check(text, catalog.product(product), "email", lang)
    return [f.rule for f in report.findings if f.severity == "block" and f.category == "guarantee"]


@pytest.mark.parametrize("text", [
    "Whoever promises you 'guaranteed approval' is not us. Harborview never asks for a fee up front.",
    "Beware of texts offering \"guaranteed approval\" for a fee: it is a scam.",
])
def test_a_warning_quoting_a_promise_is_not_a_promise(engine, catalog, text):
    assert blocks(engine, catalog, text) == []


def test_the_bank_making_the_promise_is_still_blocked(engine, catalog):
    assert blocks(engine, catalog, "Guaranteed approval on our Personal Loan! Apply today.")
    # quoting it is not enough without disowning it
    assert blocks(engine, catalog, "Our customers call it 'guaranteed approval'. Apply today.")


def test_a_chinese_anti_fraud_notice(engine, catalog):
    notice = "【防骗提醒】凡以“无抵押秒批”“包下款”为由要求先交手续费的，均非我行。"
    assert blocks(engine, catalog, notice, "zh-consumer-loan", "zh") == []
    assert blocks(engine, catalog, "云帆消费贷，无抵押秒批，包下款！", "zh-consumer-loan", "zh")


def test_a_notice_that_quotes_a_scams_words_with_an_apostrophe_inside_them(engine, catalog):
    # "'can't-lose fund'": the apostrophe inside the quotation does not end it.
    notice = ("We've had reports of callers using Harborview's name to sell a 'can't-lose fund' with "
              "'guaranteed monthly income'. It isn't ours, and no legitimate fund can promise that.")
    assert blocks(engine, catalog, notice, "balanced-fund") == []
    assert blocks(engine, catalog, "Our balanced fund: guaranteed monthly income.", "balanced-fund")


def test_what_we_will_not_promise_is_not_a_promise(engine, catalog):
    text = ("You'll see ads promising loans with 'guaranteed approval' for everyone. Any lender who says "
            "that deserves a second look.")
    assert blocks(engine, catalog, text) == []


def test_a_quoted_myth_is_not_the_ads_claim(engine, catalog):
    fund = catalog.product("balanced-fund")
    myth = ("Myth: 'Funds sold at a bank are FDIC insured.' Fact: they're not. Not FDIC insured. No bank guarantee. "
            "May lose value.")
    assert "en.claim.fdic_investment" not in {f.rule for f in engine.check(myth, fund, "email").findings}
    claim = "Our funds are FDIC insured. Not FDIC insured. No bank guarantee. May lose value."
    assert "en.claim.fdic_investment" in {f.rule for f in engine.check(claim, fund, "email").findings}


def test_a_later_scam_section_does_not_excuse_an_earlier_claim(engine):
    """The disowning words must frame the quote (its sentence, the next, or the piece's title),
    not stand anywhere in a long article: a banned term for seniors above a 谨防诈骗 section is still used."""
    from copydesk.catalog import parse_catalog
    catalog = parse_catalog({
        "products": [{"id": "wm", "name": "橡溪稳享添利", "kind": "wealth_management", "lang": "zh",
                      "facts": {"持有期": "180天"}, "disclosures": ["理财非存款、产品有风险、投资须谨慎。"]}],
        "segments": [{"id": "seniors", "name": "60岁以上老年客户", "lang": "zh", "description": "退休人员",
                      "restrictions": [{"reason": "非养老金融产品不得使用“养老”字样", "terms": ["养老专属"]}]}]})
    article = ("【退休以后，钱怎么打理更安心】\n\n一、先留足应急钱，以活期为主。\n\n二、稳享添利是专为退休客户打造的养老专属理财，持有期180天。\n\n"
               "三、谨防诈骗：凡是打着“以房养老”旗号拉您投资的，都要多留个心眼。\n\n理财非存款、产品有风险、投资须谨慎。")
    report = engine.check(article, catalog.product("wm"), "wechat", "zh", segment=catalog.segment("seniors"))
    assert any(f.rule == "audience.segment_restriction" for f in report.findings)


def test_a_list_marker_on_a_joined_line_ranks_nothing(engine, catalog):
    text = "这意味着什么？\n第一，收益会波动；\n第二，业绩比较基准不是承诺。理财非存款、产品有风险、投资须谨慎。"
    report = engine.check(text, catalog.product("zh-wealth"), "wechat", "zh")
    assert not any(f.category == "superlative" for f in report.findings)
