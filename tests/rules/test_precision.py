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
