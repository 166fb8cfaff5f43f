"""The regex prefilter may only skip a regex where the regex cannot match, and reads patterns
with public means only (no private `re` modules)."""

import ast
import random
import re
import sys
from pathlib import Path

import pytest

from copydesk.rules.normalize import normalize
from copydesk.rules.prefilter import AnchoredPatterns, literal_prefixes
from copydesk.rules.quantities import _PATTERNS as QUANTITY_PATTERNS

COPYDESK = Path(__file__).resolve().parents[2] / "copydesk"

# Shapes the scanner reads, shapes it must give up on, and the case rules of IGNORECASE.
TRICKY = [
    r"\b(men|women)\s+only\b",
    r"(?i)\bINSURED\b",
    r"\bfdic\b",
    r"(a|b)?c",
    r"(ab|)c",
    r"a*b",
    r"a+b",
    r"(?:ab){2,}c",
    r"a{0,2}b",
    r"a{,2}b",
    r"a{2}b",
    r"[abc]d",
    r"[^a]b",
    r"[a-c-]x",
    r"[]a]b",
    r"[\d.]%",
    r"\d+%",
    r"(?<![\d.])\d{1,2}/\d{1,2}",
    r"(?=ab)a",
    r"(?!ab)a",
    r"x(?<=x)y",
    r"^ab",
    r"ab$",
    r"(a)\1",
    r"(?P<first>a)(?P=first)",
    r"(?i:A)b",
    r"(?#note)ab",
    r"\x41b",
    r"\u0041b",
    r"\.\$",
    r"a.b",
    r"\s+x",
    r"(?>ab)c",
    r"é+",
    r"ab|c|",
    r"ssi",
    r"σ",
    r"\N{DIGIT ONE}",
    r"\w+ly",
    r"k\b",
]
FLAG_SETS = [0, re.IGNORECASE, re.IGNORECASE | re.MULTILINE, re.ASCII, re.IGNORECASE | re.ASCII]
# What matters: ASCII letters and their IGNORECASE partners (ı ſ K İ), digits of other scripts,
# case-sensitive capitals, Greek sigma forms, the accents and symbols the patterns name.
ALPHABET = "abcdfilnosxyABCIKS ıſKİσςΣé0٣１.%/$\n"


def match_starts(pattern: re.Pattern, text: str) -> set[int]:
    """Every position where `pattern` matches a non-empty text (what the prefilter may not miss)."""
    starts = set()
    for start in range(len(text) + 1):
        match = pattern.match(text, start)
        if match and match.end() > start:
            starts.add(start)
    return starts


def assert_never_skips(patterns: list[re.Pattern], texts: list[str]):
    anchored = AnchoredPatterns(patterns)
    for text in texts:
        candidates = set(anchored.candidates(text))
        for index, pattern in enumerate(patterns):
            if index in anchored.unanchored:
                continue
            missed = {start for start in match_starts(pattern, text) if (start, index) not in candidates}
            assert not missed, (pattern, text, sorted(missed))
        found = sorted((i, m.span()) for i, m in anchored.finditer(text))
        scanned = sorted((i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(text) if m.end() > m.start())
        assert found == scanned, text


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14))) for _ in range(count)]


@pytest.mark.parametrize("flags", FLAG_SETS)
def test_prefilter_never_skips_a_match_of_tricky_patterns(flags):
    patterns = [re.compile(source, flags) for source in TRICKY]
    hand_made = ["women only", "men  only", "insured", "ınsured", "ſſı", "ssi", "fdic", "bc", "c", "abc", "aabab",
                 "ababc", "aab", "b", "ad", "xb", "-x", "]b", "٣%", "１%", ".%", "1/2", "٣/٤", "ab", "xy", "aa",
                 "a\nb", "ab\n", "AB", "$.", ".$", "axb", "  x", "ééé", "σς", "ς", "1", "١", "Only", "k", "\u212a"]
    texts = hand_made + random_texts(300, seed=flags)
    # Case-insensitive patterns are searched in lower case, as the engine gives them (lower or
    # casefold); case-sensitive ones are searched as written, so any text will do.
    lowered = [t.lower() for t in texts] + [t.casefold() for t in texts]
    assert_never_skips(patterns, lowered if flags & re.IGNORECASE else texts + lowered)


def test_prefilter_never_skips_a_match_of_the_bundled_rules(engine):
    for lang in ("en", "zh"):
        index = engine.pattern_index(lang)
        texts = [normalize(example.text).text for rule in engine.rules if lang in rule.languages for example in rule.examples]
        assert texts, lang
        assert_never_skips(index.patterns, texts)
        assert len(index.unanchored) <= 1, "the bundled packs should keep their literal starts"


def test_prefilter_never_skips_a_quantity():
    texts = ["earn 2 points per $1, $0 annual fee, 21.9% apr", "最高可贷30万元，12期，三年期", "dec 31, 2026 or 12/31/26",
             "loans of $2,000 to $40k", "5x points, 48 hours", "٣٠% off", "2026年12月31日", "usd 5 and rmb 10"]
    assert_never_skips([pattern for _, pattern in QUANTITY_PATTERNS], [normalize(t).text for t in texts])


def test_case_insensitive_starts_include_what_re_matches_beyond_ascii():
    assert literal_prefixes(re.compile("is", re.I)) == {"is", "ıs", "iſ", "ıſ"}
    assert literal_prefixes(re.compile("IS")) == {"IS"}  # case-sensitive: exactly as written
    assert literal_prefixes(re.compile("é", re.I)) is None  # other scripts' case rules: no guess
    assert literal_prefixes(re.compile(r"\d")) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isdecimal()}
    assert literal_prefixes(re.compile(r"\d", re.ASCII)) == set("0123456789")


def test_the_scanner_gives_up_on_what_it_does_not_read():
    for source in [r"(a)\1b", r"(?i:a)b", r"(?#c)ab", r"(?>a)b", r"\N{DIGIT ONE}", r"a{x}", r"x(a)?(?(1)b|c)"]:
        assert literal_prefixes(re.compile(source)) is None, source
    assert literal_prefixes(re.compile("ab", re.VERBOSE)) is None
    assert literal_prefixes(re.compile(b"ab")) is None


def test_every_decimal_digit_is_in_the_planes_the_prefilter_lists():
    assert not any(chr(c).isdecimal() for c in range(0x20000, sys.maxunicode + 1))


PRIVATE_RE_MODULES = {"sre_parse", "sre_compile", "sre_constants", "re._parser", "re._compiler", "re._constants", "re._casefix"}


def test_no_module_in_copydesk_uses_the_private_parts_of_re():
    offenders = []
    for path in COPYDESK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
                names = [f"re.{node.attr}"]
            else:
                continue
            offenders += [f"{path.relative_to(COPYDESK.parent)}:{node.lineno}: {n}" for n in names if n in PRIVATE_RE_MODULES]
    assert not offenders, offenders
