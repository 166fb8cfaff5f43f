"""The canonical matching form: each fold, and that offsets still point into the original."""

from __future__ import annotations

import dataclasses
import re

import pytest

from copydesk.rules.normalize import NormalizedText, fold_phrase, normalize


def canon(text: str) -> str:
    return normalize(text).text


def span_of(original: str, canonical_word: str) -> str:
    """The original text behind the first occurrence of a word in the canonical form."""
    n = normalize(original)
    start = n.text.index(canonical_word)
    a, b = n.to_original(start, start + len(canonical_word))
    return original[a:b]


def assert_well_formed(n: NormalizedText) -> None:
    assert len(n.starts) == len(n.ends) == len(n.text)
    assert all(0 <= s < e <= len(n.original) for s, e in zip(n.starts, n.ends))
    assert list(n.starts) == sorted(n.starts)
    assert list(n.ends) == sorted(n.ends)


# --- the contract -----------------------------------------------------------------------------


def test_result_shape_and_to_original():
    n = normalize("Hello World")
    assert n.original == "Hello World"
    assert n.text == "hello world"
    assert n.starts == tuple(range(11)) and n.ends == tuple(range(1, 12))
    assert n.to_original(6, 11) == (6, 11)
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize("span", [(3, 3), (4, 2), (-1, 2), (0, 99)])
def test_to_original_rejects_empty_or_out_of_range_spans(span):
    with pytest.raises(ValueError):
        normalize("hello").to_original(*span)


@pytest.mark.parametrize(
    "text",
    [
        "we offer a low rate on every purchase.",
        "apply at harborviewbank.example; terms apply.",
        "earn 2 points per $1, with a $0 annual fee (see terms).",
        "",
    ],
)
def test_plain_lowercase_ascii_is_unchanged(text):
    n = normalize(text)
    assert n.text == text
    assert n.starts == tuple(range(len(text)))
    assert n.ends == tuple(range(1, len(text) + 1))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("21.9% APR", "21.9% apr"),
        ("$0 annual fee", "$0 annual fee"),
        ("2 points per $1", "2 points per $1"),
        ("尾号1234", "尾号1234"),
        ("最高可贷30万元", "最高可贷30万元"),
        ("Call 400-820-6688 by 2026", "call 400-820-6688 by 2026"),
        ("1st 2nd 3rd 4th 24th 5x 2x 10k 3yr 12mo", "1st 2nd 3rd 4th 24th 5x 2x 10k 3yr 12mo"),
        ("$500 21.9% 24/7 4G 5G MP3 Q4 win10 b2b", "$500 21.9% 24/7 4g 5g mp3 q4 win10 b2b"),
        ("US$500, HK$1,000 and $0fees", "us$500, hk$1,000 and $0fees"),
        ("5star 3days 1year 4ever 3x5", "5star 3days 1year 4ever 3x5"),
        # Chinese full-width commas stay, so the date and the amount stay two numbers.
        ("募集期2026-03-09，1万元起购", "募集期2026-03-09，1万元起购"),
        # A footnote marker is not a digit the grounding check should read.
        ("21.9% APR¹", "21.9% apr¹"),
    ],
)
def test_numbers_are_left_alone(text, expected):
    assert canon(text) == expected


def test_fold_phrase_is_the_text_fold():
    for phrase in ["Risk-Free", "保證收益", "g u a r a n t e e d", "N0 risk"]:
        assert fold_phrase(phrase) == normalize(phrase).text
    assert fold_phrase("Risk-Free") in canon("Totally ＲＩＳＫ－ＦＲＥＥ investing")
    assert fold_phrase("保證收益") in canon("保 证 收 益")


# --- NFKC and casefold ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＲＩＳＫ－ＦＲＥＥ", "risk-free"),
        ("𝐁𝐄𝐒𝐓 rates", "best rates"),
        ("𝓰𝓾𝓪𝓻𝓪𝓷𝓽𝓮𝓮𝓭", "guaranteed"),
        ("ﬁnancing ﬂexible", "financing flexible"),
        ("GuArAnTeEd", "guaranteed"),
        ("Ⓑⓔⓢⓣ", "best"),
        ("本金１００％安全", "本金100%安全"),
        ("ＮＯ．１", "no.1"),
        ("Straße", "strasse"),
        ("guàrantéed", "guaranteed"),  # accents go too
        ("bǎo běn", "bao ben"),  # so pinyin tone marks do not hide pinyin
        ("g̶u̶a̶r̶a̶n̶t̶e̶e̶d̶", "guaranteed"),  # combining strikethrough
        ("⾦融", "金融"),  # a Kangxi radical is the ideograph
    ],
)
def test_nfkc_and_casefold(text, expected):
    assert canon(text) == expected


def test_nfkc_offsets_map_back():
    assert span_of("The 𝐁𝐄𝐒𝐓 place", "best") == "𝐁𝐄𝐒𝐓"
    # One ligature becomes two canonical characters, both from the ligature.
    n = normalize("ﬁne")
    assert n.text == "fine"
    assert n.starts[:2] == (0, 0) and n.ends[:2] == (1, 1)
    assert n.to_original(1, 4) == (0, 3)


# --- invisible characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Guaran\u200bteed", "guaranteed"),
        ("gua\u200cran\u200dteed", "guaranteed"),
        ("guar\u2060an\ufeffteed", "guaranteed"),
        ("Guar\u00adanteed", "guaranteed"),
        ("risk\u200e-\u200ffree", "risk-free"),
        ("be\u202est\u202c", "best"),
        ("be\ufe0fst", "best"),
        ("保\u200b本\u200b保\u200b息", "保本保息"),
        ("零\u00ad风\u00ad险", "零风险"),
    ],
)
def test_invisible_characters_are_removed(text, expected):
    assert canon(text) == expected


def test_invisible_offsets_map_back():
    original = "Get Guaran\u200bteed returns"
    assert span_of(original, "guaranteed") == "Guaran\u200bteed"
    n = normalize(original)
    assert n.text == "get guaranteed returns"
    assert n.starts[n.text.index("teed")] == original.index("teed")


# --- Cyrillic and Greek look-alikes -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Guаrаntееd", "guaranteed"),  # Cyrillic а, е
        ("ѕаfе", "safe"),  # all Cyrillic
        ("rіѕk-frее", "risk-free"),
        ("Zerο risk", "zero risk"),  # Greek omicron
        ("ΒΕSΤ", "best"),  # Greek capitals
        ("ВЕЅТ", "best"),  # Cyrillic capitals
        ("Ρrісе", "price"),
        ("ԁеаl", "deal"),
        ("νalue", "value"),
    ],
)
def test_lookalikes_become_latin(text, expected):
    assert canon(text) == expected


def test_lookalike_offsets_map_back():
    original = "Guаrаntееd approval"
    assert span_of(original, "guaranteed") == "Guаrаntееd"
    assert normalize(original).starts == tuple(range(len(original)))


# --- digit and symbol substitutions -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("guarant33d", "guaranteed"),
        ("n0 risk", "no risk"),
        ("r1sk", "risk"),
        ("be$t", "best"),
        ("l0w3st", "lowest"),
        ("w!n", "win"),
        ("The l0west rates", "the lowest rates"),
        ("1nt3r3st", "interest"),
        ("0ffer", "offer"),
        ("fr33", "free"),
        ("b3$t", "best"),
        ("a$$ured", "assured"),
        ("gu@ranteed", "guaranteed"),
        ("5AFE", "safe"),
        ("5 star", "5 star"),
    ],
)
def test_substitutions_are_undone(text, expected):
    assert canon(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "win!",
        "Hurry!Apply",  # a capital after "!" starts a sentence
        "email me@bank.example",
        "see https://bank.example/r1sk",
        "hi {first_name}",
    ],
)
def test_substitutions_leave_punctuation_addresses_and_placeholders(text):
    assert canon(text) == text.lower()


def test_substitution_offsets_map_back():
    original = "Zero fees, n0 risk, guarant33d!"
    n = normalize(original)
    assert n.text == "zero fees, no risk, guaranteed!"
    assert n.starts == tuple(range(len(original)))
    assert span_of(original, "no risk") == "n0 risk"
    assert span_of(original, "guaranteed") == "guarant33d"


# --- letter-spaced words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("g u a r a n t e e d", "guaranteed"),
        ("We g u a r a n t e e d it", "we guaranteed it"),
        ("r i s k - f r e e", "risk free"),
        ("r i s k / f r e e", "risk free"),
        ("n o  r i s k", "no risk"),
        ("The m o s t  t r u s t e d bank", "the most trusted bank"),
        ("b.e.s.t", "best"),
        ("B-E-S-T rates", "best rates"),
        ("g_u_a_r", "guar"),
        ("r*i*s*k", "risk"),
        ("r\ni\ns\nk", "risk"),
        ("U n b e a t a b l e CD rates", "unbeatable cd rates"),
        ("You c-a-n-'-t l-o-s-e", "you can't lose"),
    ],
)
def test_letter_spaced_words_are_joined(text, expected):
    assert canon(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A r i s k - f r e e fund", "a risk free fund"),
        ("I g u a r a n t e e it", "i guarantee it"),
        ("a b e s t deal", "a best deal"),
        ("a p p r o v e d", "approved"),  # no word starts with pp
        ("i n s u r e d", "insured"),
        ("a s s u r e d", "assured"),
        ("a m a z i n g", "amazing"),  # a known a-word
        ("i d e a l", "ideal"),
    ],
)
def test_a_leading_a_or_i_is_a_word_unless_the_rest_cannot_be(text, expected):
    assert canon(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i am a customer",
        "plan a / b / c",
        "a U.S. address",
        "e.g. a loan",
        "x - y",
    ],
)
def test_normal_single_letters_are_not_joined(text):
    assert canon(text) == text.lower()


def test_letter_spacing_offsets_map_back():
    original = "We g u a r a n t e e d it"
    assert span_of(original, "guaranteed") == "g u a r a n t e e d"
    assert span_of("A r i s k - f r e e fund", "risk free") == "r i s k - f r e e"
    original = "Totally r i s k - f r e e!"
    assert span_of(original, "risk free") == "r i s k - f r e e"
    n = normalize(original)
    space = n.text.index("risk free") + 4
    assert original[n.starts[space] : n.ends[space]] == " - "


# --- Chinese ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("保證收益", "保证收益"),
        ("穩賺不賠", "稳赚不赔"),
        ("雲帆悅享理財，保證收益", "云帆悦享理财，保证收益"),
        ("乾燥", "干燥"),
        ("乾隆", "乾隆"),  # phrase-aware: not every 乾 is 干
        ("保 收 益", "保收益"),
        ("稳-赚", "稳赚"),
        ("稳*赚*不*赔", "稳赚不赔"),
        ("稳·赚", "稳赚"),
        ("稳•赚", "稳赚"),
        ("稳.赚", "稳赚"),
        ("稳_赚", "稳赚"),
        ("稳|赚", "稳赚"),
        ("稳/赚", "稳赚"),
        ("稳~赚", "稳赚"),
        ("稳＿赚", "稳赚"),
        ("稳－赚", "稳赚"),
        ("稳＊赚", "稳赚"),
        ("稳 - 赚", "稳赚"),
        ("全\u3000网\u3000最\u3000低", "全网最低"),
        ("持有到期稳\n赚不\n赔", "持有到期稳赚不赔"),
        ("保本，保息。稳赚！真的？是；好：、了", "保本，保息。稳赚！真的？是；好：、了"),
        ("零風險", "零风险"),
    ],
)
def test_chinese_folds(text, expected):
    assert canon(text) == expected


def test_chinese_offsets_map_back():
    assert span_of("理财，保 收 益，1万元起购", "保收益") == "保 收 益"
    original = "年化收益，保證收益！"
    n = normalize(original)
    assert n.text == "年化收益，保证收益！"
    assert n.starts == tuple(range(len(original)))
    assert span_of(original, "保证收益") == "保證收益"
    assert span_of("稳\u200b-\u200b赚", "稳赚") == "稳\u200b-\u200b赚"


# --- whitespace and words broken across lines -------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no  risk", "no risk"),
        ("no\n\nrisk", "no risk"),
        ("no\t\u00a0risk", "no risk"),
        ("no\u3000risk", "no risk"),
        ("no\r\nrisk", "no risk"),
        ("  padded text \n", "padded text"),
        ("guaran-\nteed", "guaranteed"),
        ("guaran- \n  teed", "guaranteed"),
        ("guar\u00ad\nanteed", "guaranteed"),
        ("risk-free\nloans", "risk-free loans"),
        ("ends with a dash -\nthen more", "ends with a dash - then more"),
    ],
)
def test_whitespace_collapses_and_broken_words_join(text, expected):
    assert canon(text) == expected


def test_whitespace_offsets_map_back():
    original = "  Voyager card: guaran-\nteed approval  \n\n and more  "
    n = normalize(original)
    assert n.text == "voyager card: guaranteed approval and more"
    assert span_of(original, "guaranteed") == "guaran-\nteed"
    gap = n.text.index(" and")
    assert original[n.starts[gap] : n.ends[gap]] == "  \n\n "
    assert n.to_original(0, len(n.text)) == (2, len(original) - 2)


# --- separators inside a word -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("gu*aranteed", "guaranteed"),
        ("guar_anteed", "guaranteed"),
        ("gua·ran·teed", "guaranteed"),
        ("guar|anteed", "guaranteed"),
        ("gu••aranteed", "guaranteed"),
        ("risk-free", "risk-free"),  # hyphens stay
        ("rate 21.9% p.a.", "rate 21.9% p.a."),  # dots stay
        ("john_smith@bank.example", "john_smith@bank.example"),
        ("a * b", "a * b"),
    ],
)
def test_separators_inside_words_are_removed(text, expected):
    assert canon(text) == expected


def test_in_word_separator_offsets_map_back():
    original = "Gu*aran*teed approval"
    assert span_of(original, "guaranteed") == "Gu*aran*teed"
    n = normalize(original)
    assert n.starts[n.text.index("teed")] == original.index("teed")


# --- quotes and dashes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("isn’t", "isn't"),
        ("‘safe’", "'safe'"),
        ("“safe”", '"safe"'),
        ("$2,000–$40,000", "$2,000-$40,000"),
        ("risk—free", "risk-free"),
        ("risk‑free", "risk-free"),  # non-breaking hyphen
        ("−5%", "-5%"),  # minus sign
        ("can`t", "can't"),
    ],
)
def test_quotes_and_dashes_become_ascii(text, expected):
    assert canon(text) == expected


def test_quote_offsets_map_back():
    original = "You can’t lose"
    n = normalize(original)
    assert n.text == "you can't lose"
    assert n.starts == tuple(range(len(original)))
    assert span_of(original, "can't lose") == "can’t lose"


# --- everything together ----------------------------------------------------------------------


MIXED = [
    "海澜均衡配置混合A，principal guaranteed，100% safe！10元起购。",
    "雲帆白金信用卡 ＢＥＳＴ c-h-o-i-c-e，首年免年費",
    "Apply now 立即申请 — 2 points per $1, 保 證 收 益, r1sk fr33!",
    "Dear {first_name},\n\nThe 𝐁𝐄𝐒𝐓 card: g u a r a n t e e d\u200b approval, n0 fees.\n",
]


@pytest.mark.parametrize(
    "text, expected",
    [
        (MIXED[0], "海澜均衡配置混合a，principal guaranteed，100% safe！10元起购。"),
        (MIXED[1], "云帆白金信用卡 best choice，首年免年费"),
        (MIXED[2], "apply now 立即申请 - 2 points per $1, 保证收益, risk free!"),
        (MIXED[3], "dear {first_name}, the best card: guaranteed approval, no fees."),
    ],
)
def test_mixed_chinese_and_english(text, expected):
    assert canon(text) == expected


def test_mixed_offsets_map_back():
    original = MIXED[2]
    assert span_of(original, "保证收益") == "保 證 收 益"
    assert span_of(original, "risk free") == "r1sk fr33"
    original = MIXED[3]
    assert span_of(original, "guaranteed") == "g u a r a n t e e d"
    assert span_of(original, "best") == "𝐁𝐄𝐒𝐓"


ALL_INPUTS = [
    "ＲＩＳＫ－ＦＲＥＥ",
    "ﬁne ½ Straße g̶u̶a̶r̶",
    "a\u200bb\u00adc gu\u00ad\nar",
    "  lead\n\n trail  ",
    "r i s k - f r e e r\ni\ns\nk",
    "保 收 益 稳-赚 穩賺 乾燥",
    "You c-a-n-'-t l-o-s-e",
    " ",
    "\n\n",
    "\x00\x01 control \x7f chars",
    *MIXED,
]


@pytest.mark.parametrize("text", ALL_INPUTS)
def test_offsets_are_well_formed(text):
    n = normalize(text)
    assert_well_formed(n)
    # Every canonical character's source is a real piece of the original.
    for i in range(len(n.text)):
        assert n.original[n.starts[i] : n.ends[i]]


def test_normalize_is_idempotent():
    for text in ALL_INPUTS:
        once = canon(text)
        assert canon(once) == once


def test_labelled_corpus_keeps_numbers_and_offsets():
    """Over the whole labelled corpus: offsets hold, and every number of a clean text survives."""
    import json
    import unicodedata
    from pathlib import Path

    number = re.compile(r"\d+(?:[.,]\d+)*")
    data = Path(__file__).resolve().parents[1] / "data"
    for path in sorted(data.glob("corpus_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            n = normalize(case["text"])
            assert_well_formed(n)
            if case["type"] != "disguise":
                expected = [unicodedata.normalize("NFKC", x) for x in number.findall(case["text"])]
                assert number.findall(n.text) == expected, case["id"]


def test_fast_path_characters_fold_to_their_lower_case():
    """The characters normalize() leaves to str.lower() really need no other fold."""
    from copydesk.rules import normalize as module

    plain = re.compile(f"[{module._PLAIN}]")
    for code in range(0x10000):
        c = chr(code)
        if plain.match(c):
            assert module._fold_char(c) == c.lower(), hex(code)


@pytest.mark.parametrize("text, folded", [
    ("un-beat-able rewards", "unbeatable rewards"),
    ("state-of-the-art app", "state-of-the-art app"),  # pieces that are words of their own keep their hyphens
    ("up-to-date rates", "up-to-date rates"),
])
def test_syllables_split_by_hyphens_are_joined(text, folded):
    assert normalize(text).text == folded


def test_a_not_equal_sign_keeps_its_meaning():
    """Accent stripping would make "≠" an "=" (its decomposition is "=" plus a combining slash)."""
    from copydesk.rules.normalize import normalize

    assert normalize("业绩比较基准≠承诺收益").text == "业绩比较基准≠承诺收益"
