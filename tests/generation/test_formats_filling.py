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


FACTS = {"name": "Cash Card", "annual_fee": "None", "cash_back": "1.5% cash back on every purchase",
         "loan_amounts": "$3,000 to $50,000", "apr_range": "7.49% to 23.99% APR", "apy": "4.10% APY",
         "min_deposit": "起存金额5万元"}


def test_slots_that_would_read_wrong_once_filled_are_named():
    from copydesk.generation.formats import slot_misread

    assert "stand alone" in slot_misread("Get {annual_fee} and {cash_back}.", FACTS)
    assert "repeats its wording" in slot_misread("{cash_back} cash back with the {name}.", FACTS)
    assert "repeats its wording" in slot_misread("Earn {apy} APY today.", FACTS)
    assert "names another fact" in slot_misread("The {name} has a {loan_amounts} APR.", FACTS)
    assert "markup" in slot_misread("Your rate resets every <strong>six months</strong>.", FACTS)
    assert "repeats its wording" in slot_misread("{min_deposit}起存，手机银行办理。", FACTS)


def test_slots_that_read_right_pass():
    from copydesk.generation.formats import slot_misread

    for text in ("{annual_fee} annual fee and {cash_back}.", "Borrow {loan_amounts} with the {name}.",
                 "Earn {apy} on your savings.", "{loan_amounts} loans, from {apr_range}.", "{min_deposit}，手机银行即可办理。"):
        assert slot_misread(text, FACTS) == "", text


def test_a_fact_with_conditions_ends_its_sentence():
    from copydesk.generation.formats import slot_misread

    facts = {"application_fee": "$0; state title and lien fees may apply"}
    assert "mid-sentence" in slot_misread("Refinance with {application_fee} application fee.", facts)
    assert slot_misread("Application fee: {application_fee}. Apply today.", facts) == ""


def test_a_draft_about_another_kind_of_product_is_named():
    from copydesk.generation.formats import names_another_kind

    cd_facts = "7-Month Featured CD 4.10% APY paid to a Stonebridge checking or savings account"
    assert names_another_kind("Open a credit card, and get {minimum_deposit}.", "term_deposit", cd_facts) == "credit card"
    assert names_another_kind("Move your savings into a CD.", "term_deposit", cd_facts) == ""
    assert names_another_kind("Pay from your checking account.", "term_deposit", cd_facts) == ""  # its facts say so
    assert names_another_kind("开通信用卡即可办理。", "term_deposit", "起存金额5万元") == "信用卡"


def test_a_model_draft_that_speaks_of_another_family_of_product_is_caught():
    from copydesk.generation.formats import speaks_of_another_family

    loan = "Stonebridge Personal Loan $3,000 to $50,000 fixed APR"
    assert speaks_of_another_family("{loan_amounts} for your savings", "personal_loan", loan) == "savings"
    assert speaks_of_another_family("{loan_amounts} to keep money safe", "personal_loan", loan) == "money safe"
    assert speaks_of_another_family("{loan_amounts} for the things that matter", "personal_loan", loan) == ""
    assert speaks_of_another_family("{yield}，能帮您存下每一分", "wealth_management", "朝盈现金理财 七日年化") == "帮您存"
    assert speaks_of_another_family("Refinance your car with a {apy} CD", "term_deposit", "7-Month CD 4.10% APY") == "refinanc"
    # the product's own facts use the word: a secured card's security deposit is not a deposit product
    assert speaks_of_another_family("Your {security_deposit} sets your limit", "credit_card", "Security deposit: $200") == ""
    assert speaks_of_another_family("{apr}，按月还款", "personal_loan", "年化利率 等额本息") == ""
    # a deposit neither builds credit nor is repaid (the checker's deposit_as_credit rule, seen in drafts)
    assert speaks_of_another_family("Repair credit with {apy}", "term_deposit", "7-Month CD 4.10% APY") == "credit"
    assert speaks_of_another_family("Interest credited monthly", "savings", "Interest credited monthly") == ""
    assert speaks_of_another_family("{min_deposit}，每月还多少？", "savings", "起存金额5万元") == "每月还"


def test_the_words_of_another_kind_are_listed_for_decoding_except_the_products_own():
    from copydesk.generation.formats import other_kind_words

    cd_facts = "7-Month Featured CD 4.10% APY paid to a Stonebridge checking or savings account"
    words = other_kind_words("term_deposit", cd_facts, "en")
    assert {"card", "cards", "credit card", "loan", "loans", "apr", "credit", "borrow"} <= set(words)
    assert "checking account" not in words and "savings account" not in words  # the CD's facts say so
    assert "cd" not in words and not any("\u4e00" <= ch <= "\u9fff" for w in words for ch in w)
    secured = other_kind_words("credit_card", "Secured card Security deposit: $200 APR 27.49%", "en")
    assert "savings" in secured and "card" not in secured and "apy" in secured
    zh = other_kind_words("insurance", "康宁e生百万医疗保险 等待期30天", "zh")
    assert {"贷款", "存款", "理财", "收益"} <= set(zh) and "insurance" not in zh
