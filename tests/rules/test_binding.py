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
