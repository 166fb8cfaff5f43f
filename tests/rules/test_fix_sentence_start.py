"""A fix that lands at the start of a sentence starts with a capital, as the sentence did."""

from __future__ import annotations

from copydesk.rules.fixes import apply_fixes


def test_apply_fix_keeps_the_capital_of_a_sentence_start(engine, catalog):
    product = catalog.product("rewards-card")
    text = "Representative 21.9% APR (variable) after opening. Guaranteed approval!"
    fixed, _ = apply_fixes(engine, text, product, "sms", "en")
    assert fixed == "Representative 21.9% APR (variable) after opening. Subject to credit approval!"
    mid, _ = apply_fixes(engine, "Earn 2 points per $1 with guaranteed approval!", product, "sms", "en")
    assert "with subject to credit approval" in mid  # mid-sentence stays lower case
