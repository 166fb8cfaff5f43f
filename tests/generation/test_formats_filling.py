"""Filling slots and joining parts: what turns the model's slot form into copy as sent."""

from __future__ import annotations

from copydesk.generation.formats import fill_slots
from copydesk.rules.fixes import end_sentence, join_sentences


def test_a_fee_of_none_before_its_own_noun_reads_no():
    facts = {"origination_fee": "None", "amounts": "$3,000 to $50,000"}
    assert fill_slots("{origination_fee} origination fee on {amounts}.", facts) == "No origination fee on $3,000 to $50,000."
    assert fill_slots("Loans with {origination_fee} origination fee.", facts) == "Loans with no origination fee."
    # Elsewhere the fact's exact wording stays: the checker then judges it.
    assert fill_slots("Fee: {origination_fee}.", facts) == "Fee: None."


def test_a_part_without_a_full_stop_gets_one_before_the_next():
    assert end_sentence("Apply in the app") == "Apply in the app."
    assert end_sentence("手机银行办理") == "手机银行办理。"
    assert end_sentence("Apply now!") == "Apply now!"
    assert end_sentence("Details:") == "Details:"
    assert join_sentences("手机银行或网点可办理", "本产品纳入存款保险。") == "手机银行或网点可办理。本产品纳入存款保险。"
    assert join_sentences("Apply in the app", "Member FDIC.") == "Apply in the app. Member FDIC."
