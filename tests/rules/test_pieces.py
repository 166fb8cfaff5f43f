"""The building blocks: quantities, identifiers, the regex prefilter, fixes."""

import re

import pytest

from copydesk.rules.identifiers import find_identifiers, luhn_valid, prc_id_valid
from copydesk.rules.prefilter import AnchoredPatterns, literal_prefixes
from copydesk.rules.quantities import extract_quantities


@pytest.mark.parametrize(
    "text, expected",
    [
        ("earn 2 points per $1, $0 annual fee, 21.9% apr", [(2, "points"), (1, "money"), (0, "money"), (21.9, "percent")]),
        ("0% intro apr for 15 months, then 19.9%-27.9%", [(0, "percent"), (15, "months"), (19.9, "percent"), (27.9, "percent")]),
        ("最高可贷30万元，12期，三年期，起存50元", [(300000, "money"), (12, "months"), (36, "months"), (50, "money")]),
        ("loans of $2,000 to $40k", [(2000, "money"), (40000, "money")]),
        ("5x points on travel, ends in 48 hours", [(5, "multiplier"), (48, "hours")]),
        ("再等一年", []),
    ],
)
def test_quantities_with_units(text, expected):
    assert [(q.value, q.unit) for q in extract_quantities(text)] == [(float(v), u) for v, u in expected]


def test_dates_in_several_forms_read_the_same():
    forms = ["dec 31, 2026", "31 december 2026", "2026-12-31", "12/31/2026", "2026年12月31日"]
    values = {extract_quantities(text)[0].value for text in forms}
    assert values == {20261231.0}


def test_check_digits():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert prc_id_valid("11010519491231002X") and not prc_id_valid("110105194912310021")


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("card 4111 1111 1111 1111", ["card"]),
        ("card 4111.1111.1111.1111", ["card"]),
        ("card 4111 1111 1111 1112", ["card"]),  # fails Luhn but printed as a card is: still exposes one
        ("order 4111111111111112", []),  # fails Luhn, not grouped: an order number, not a card
        ("身份证11010519491231002X", ["prc_id"]),
        ("SSN 123-45-6789", ["ssn"]),
        ("account number 12345678", ["account"]),
        ("call 138 1234 5678", ["phone"]),
        ("call (555) 123-4567", ["phone"]),
        ("card ending 1234, 尾号1234, ****1234", []),
        ("21.9% APR on $40,000", []),
    ],
)
def test_identifiers(text, kinds):
    assert [i.kind for i in find_identifiers(text.lower())] == kinds


def test_literal_prefixes_of_common_pattern_shapes():
    assert literal_prefixes(re.compile(r"\b(men|women)\s+only")) == {"men", "wom"}  # 3 characters narrow the search enough
    assert literal_prefixes(re.compile(r"[!！]{2,}")) == {"!", "！"}
    assert literal_prefixes(re.compile(r"[^.]*fdic")) is None


def test_anchored_search_finds_what_a_full_scan_finds():
    patterns = [re.compile(p, re.I) for p in (r"\b(men|women)\s+only\b", r"[^.]*fdic", r"!{2,}", r"\d+\s?%")]
    text = "women only!!! earn 5% today. member fdic. men only."
    anchored = sorted((i, m.span()) for i, m in AnchoredPatterns(patterns).finditer(text))
    scanned = sorted((i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(text))
    assert anchored == scanned


def test_fix_rewrites_promises_and_appends_the_disclosure(engine, catalog):
    from copydesk.rules.fixes import apply_fixes

    product = catalog.product("rewards-card")
    text, report = apply_fixes(engine, "Guaranteed approval! $0 annual fee.", product, "email")
    assert "Subject to credit approval" in text
    assert product.disclosures[0] in text
    assert report.verdict == "pass", report.findings


def test_fix_removes_superlatives_and_pressure(engine, catalog):
    from copydesk.rules.fixes import apply_fixes

    product = catalog.product("zh-platinum-card")
    text, report = apply_fixes(engine, "云帆白金卡，最佳选择！手慢无！", product, "wechat")
    assert "最佳" not in text and "手慢无" not in text
    assert report.verdict == "pass", (text, report.findings)


def test_pinyin_syllables_are_cached_so_later_starts_skip_pypinyin(copydesk_home):
    import subprocess
    import sys

    code = ("import sys\nfrom copydesk.rules.engine import RuleEngine\nengine = RuleEngine.load()\n"
            "print('pypinyin' in sys.modules, len(engine.matcher.automaton))")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert first[0] == "True" and second[0] == "False"
    assert first[1] == second[1]  # the same phrases and pinyin spellings either way


def test_a_damaged_pinyin_cache_is_recomputed(copydesk_home):
    from copydesk import config
    from copydesk.rules.matcher import SyllableCache, pinyin_variants

    (config.cache_dir() / SyllableCache.FILE).write_text("{not json", encoding="utf-8")
    assert "baoben" in pinyin_variants("保本", SyllableCache())
