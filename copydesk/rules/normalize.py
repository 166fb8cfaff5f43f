"""Fold copy to one canonical form so banned phrases match through disguises.

`normalize()` returns the folded text together with, for every canonical character, the span
of the original it came from, so findings found in the canonical text point back into the
text the user wrote. Rule phrases go through the same folds (`fold_phrase`).

The folds, in order:

1. per character: NFKC, casefold, accents stripped, invisible characters dropped, Cyrillic and
   Greek look-alikes to Latin, typographic quotes and dashes to ASCII, every whitespace to a
   space or a newline (a C-speed ``str.translate`` with a table filled lazily);
2. words broken across lines with a hyphen or soft hyphen are joined;
3. separators between two Chinese ideographs are removed (保 收 益, 稳-赚);
4. letter-spaced words are joined (g u a r a n t e e d, b.e.s.t);
5. ``* _ · • |`` between two Latin letters are removed (gu*aranteed), and syllables split by
   hyphens are joined (un-beat-able; not "state-of-the-art");
6. digit and symbol substitutions inside words are undone (guarant33d, n0, be$t, w!n);
7. whitespace runs become one space; leading and trailing whitespace is dropped;
8. traditional Chinese becomes simplified (OpenCC t2s).

Folds 2-8 each find their few edit sites in the output of fold 1 with one whole-string regex;
their edits are merged and applied in one pass that rebuilds the text and offsets from slices,
so a fold with nothing to do costs one C-speed scan.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NormalizedText", "normalize", "fold_phrase"]


@dataclass(frozen=True)
class NormalizedText:
    """Canonical text plus, per canonical character, the original span it came from."""

    original: str
    text: str  # canonical form used for matching
    starts: tuple[int, ...]  # starts[i]: code-point index in original where text[i] came from
    ends: tuple[int, ...]  # ends[i]: exclusive end in original of the source of text[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span [start, end) back to the smallest original span covering it."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad canonical span [{start}, {end}) for a text of {len(self.text)}")
        return self.starts[start], self.ends[end - 1]


# No figure has more than 40 digits and no word more than 64 letters. Beyond that, a run is
# read as blank: a pattern like \\d+%, tried at every digit of a run, costs the square of the
# run's length (8,000 digits took 6 s), and with runs capped every check stays linear.
_LONG_RUN = re.compile(r"(?<=[0-9]{40})[0-9]+|(?<=[a-z]{64})[a-z]+")


def _blank_long_runs(t: str) -> str:
    if len(t) < 41 or not _LONG_RUN_HINT.search(t):
        return t
    return _LONG_RUN.sub(lambda m: " " * len(m.group()), t)


_LONG_RUN_HINT = re.compile(r"[0-9]{41}|[a-z]{65}")


def normalize(text: str) -> NormalizedText:
    """Fold text to the canonical matching form (see the module docstring for the folds)."""
    t, st, en = _fold_chars(text)
    t = _blank_long_runs(t)  # same length: the offsets still hold
    edits = _merge([fold(t, st, text) for fold in _FOLDS])
    if edits:
        t, st, en = _apply(t, st, en, edits)
    return NormalizedText(text, t, tuple(st), tuple(en))


def fold_phrase(phrase: str) -> str:
    """Fold a rule phrase the same way (so phrases and text meet in the same form)."""
    return normalize(phrase).text


# --- fold 1: per character --------------------------------------------------------------------

_QUOTES_AND_DASHES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u00b4`\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02", '"'),
    # Hyphens, figure/en/em dashes, minus sign: the matcher only knows "-".
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63", "-"),
    "\uff0d": "-",
}
_NEWLINES = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SOFT_HYPHEN = "\u00ad"  # kept as a marker until fold 2: it may end a line inside a word
# Invisible in every font; several are not category Cf (Hangul fillers, Khmer vowels, braille).
_INVISIBLE = frozenset(
    "\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u3164\ufeff\uffa0"
)
_BLANK = frozenset("\u2800")  # braille blank renders as a space
# Chinese sentence punctuation stays as typed: NFKC would make "2026-03-09，1万元" read as the
# number "09,1" to the grounding check, and the Chinese rules expect ，！？；： anyway.
_CJK_PUNCTUATION = frozenset("\uff0c\uff01\uff1f\uff1b\uff1a")
# Accent stripping would turn "≠" into "=" (its decomposition is "=" plus a combining slash):
# "基准≠承诺收益" would then read as a promise.
_NEGATED_SIGNS = frozenset("\u2260\u226e\u226f")

# Look-alikes that are upper case: mapped before casefold because their lower case forms
# (в, н, м, т, η, μ ...) no longer look Latin.
_UPPER_LOOKALIKES = {
    # Cyrillic
    "А": "a", "В": "b", "Е": "e", "Ѕ": "s", "І": "i", "Ј": "j", "К": "k", "М": "m", "Н": "h",
    "О": "o", "Р": "p", "С": "c", "Т": "t", "Х": "x", "У": "y", "Ү": "y", "Ԁ": "d", "Ԛ": "q",
    "Ԝ": "w", "Ӏ": "l", "Ԍ": "g", "Һ": "h", "Ѵ": "v",
    # Greek
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n",
    "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "Ϲ": "c", "Ϳ": "j",
}
# Lower-case look-alikes, applied after casefold and accent stripping (so ё, ї, ά fold too).
# Applied always, not only inside Latin words: copy is English or Chinese, and a disguise
# may be spelled entirely in Cyrillic (ѕаfе).
_LOWER_LOOKALIKES = {
    # Cyrillic
    "а": "a", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "ү": "y", "х": "x", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "ԍ": "g", "ѵ": "v",
    # Greek
    "α": "a", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin and Armenian letters that pass for ASCII ones
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y", "օ": "o", "ս": "u", "ց": "g",
}


def _fold_char(c: str) -> str:
    """Fold one code point; may return "", one or several characters."""
    if c in _QUOTES_AND_DASHES:
        return _QUOTES_AND_DASHES[c]
    if c in _NEWLINES:
        return "\n"
    if c == _SOFT_HYPHEN:
        return c
    if c.isspace() or c in _BLANK:
        return " "
    if c in _CJK_PUNCTUATION or c in _NEGATED_SIGNS:
        return c
    if c in _INVISIBLE or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Mn", "Me"):
        return ""  # also variation selectors and the combining marks of zalgo/strikethrough
    if unicodedata.decomposition(c).startswith(("<super>", "<sub>")) and c.isdigit():
        # Footnote markers (21.9% APR¹) must not turn into digits the grounding check reads.
        return c
    nfkc = unicodedata.normalize("NFKC", c)
    folded = "".join(_UPPER_LOOKALIKES.get(ch, ch).casefold() for ch in nfkc)
    if folded.isascii():
        return folded
    # Strip accents (guàrantéed, pinyin tone marks bǎo běn); NFC puts Hangul back together.
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) not in ("Mn", "Me"))
    out = []
    for ch in unicodedata.normalize("NFC", stripped):
        ch = _LOWER_LOOKALIKES.get(ch, ch)
        ch = _QUOTES_AND_DASHES.get(ch, ch)  # NFKC can produce an em dash (U+FE58)
        out.append(" " if ch.isspace() else ch)
    return "".join(out)


class _FoldTable(dict):
    """ord -> fold for str.translate, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        folded = self[code] = _fold_char(c)
        if len(folded) != 1:
            _ODD.add(c)
        return folded


_TABLE = _FoldTable()
_ODD: set[str] = set()  # characters whose fold is not exactly one character
_odd_re: re.Pattern[str] | None = None
_BUILD_LOCK = threading.RLock()  # the lazily built patterns below are shared by every thread
_odd_re_size = 0
_RANGE: tuple[int, ...] = tuple(range(4097))  # identity offsets, sliced (C speed), grown on demand


def _identity(n: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    global _RANGE
    if n + 1 > len(_RANGE):
        _RANGE = tuple(range(2 * n + 2))
    return _RANGE[:n], _RANGE[1 : n + 1]


def _odd_pattern() -> re.Pattern[str] | None:
    """The class of odd-folding characters seen so far. The GUI thread and the generation worker
    both check copy, so the pattern and its size change together under a lock: a reader never
    gets a pattern older than the size says."""
    global _odd_re, _odd_re_size
    with _BUILD_LOCK:
        if _ODD and len(_ODD) != _odd_re_size:
            chars = sorted(_ODD)
            _odd_re = re.compile("[" + "".join(re.escape(c) for c in chars) + "]")
            _odd_re_size = len(chars)
        return _odd_re


# Characters whose fold may differ from str.lower(): all but \n, printable ASCII less `, the
# main ideograph blocks and the Chinese punctuation kept as is (tests check these fold to lower()).
_PLAIN = (
    "\n\x20-\x5f\x61-\x7e\u3001\u3002\u3008-\u3011\u3014-\u301b\u3400-\u4dbf\u4e00-\u9fff"
    "\uff01\uff0c\uff1a\uff1b\uff1f"
)
_SPECIAL = re.compile(f"[^{_PLAIN}]")
_FEW_SPECIALS = 256  # above this many, one str.translate is faster than a Python loop


def _fold_chars(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    n = len(text)
    lowered = text.lower()
    specials: list[int] = []
    if len(lowered) == n:  # lower() never shrinks, so equal length means aligned
        for m in _SPECIAL.finditer(text):
            specials.append(m.start())
            if len(specials) > _FEW_SPECIALS:
                break
        else:
            # Mostly ASCII: lower() plus the fold of each special character.
            if not specials:
                return lowered, *_identity(n)
            parts: list[str] = []
            pos = 0
            for i in specials:
                parts.append(lowered[pos:i])
                parts.append(_TABLE[ord(text[i])])
                pos = i + 1
            parts.append(lowered[pos:])
            folded = "".join(parts)
            if len(folded) == n and all(len(_TABLE[ord(text[i])]) == 1 for i in specials):
                return folded, *_identity(n)
            return folded, *_offsets(text, specials)
    folded = text.translate(_TABLE)
    odd = _odd_pattern()
    if len(folded) == n and (odd is None or not odd.search(text)):
        return folded, *_identity(n)  # one canonical character per original one
    assert odd is not None
    return folded, *_offsets(text, [m.start() for m in odd.finditer(text)])


def _offsets(text: str, positions: list[int]) -> tuple[list[int], list[int]]:
    """Offsets when the characters at these positions may fold to 0 or 2+ characters."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for i in positions:
        k = len(_TABLE[ord(text[i])])
        if k == 1:
            continue
        starts.extend(range(pos, i))
        ends.extend(range(pos + 1, i + 1))
        starts.extend([i] * k)
        ends.extend([i + 1] * k)
        pos = i + 1
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return starts, ends


# --- edits ------------------------------------------------------------------------------------

Edit = tuple[int, int, str]  # replace canonical [i, j) with the string; its chars span the source


def _merge(edit_lists: list[list[Edit]]) -> list[Edit]:
    """Merge the folds' edits; where two overlap, the earlier fold's (or the longer) wins."""
    edit_lists = [e for e in edit_lists if e]
    if len(edit_lists) <= 1:
        return edit_lists[0] if edit_lists else []
    ranked = sorted(
        ((i, -j, rank, repl) for rank, edits in enumerate(edit_lists) for i, j, repl in edits)
    )
    merged: list[Edit] = []
    end = 0
    for i, neg_j, _, repl in ranked:
        if i >= end:
            merged.append((i, -neg_j, repl))
            end = -neg_j
    return merged


def _apply(
    t: str, st: Sequence[int], en: Sequence[int], edits: list[Edit]
) -> tuple[str, list[int], list[int]]:
    """Apply sorted, non-overlapping edits; inserted chars map to the source span they replace."""
    parts: list[str] = []
    new_st: list[int] = []
    new_en: list[int] = []
    pos = 0
    for i, j, repl in edits:
        parts.append(t[pos:i])
        new_st.extend(st[pos:i])
        new_en.extend(en[pos:i])
        if repl:
            parts.append(repl)
            new_st.extend([st[i]] * len(repl))
            new_en.extend([en[j - 1]] * len(repl))
        pos = j
    parts.append(t[pos:])
    new_st.extend(st[pos:])
    new_en.extend(en[pos:])
    return "".join(parts), new_st, new_en


_PLACEHOLDER = re.compile(r"\{[^{}\s]{1,64}\}")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


def _protected(t: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses, URLs and {placeholders}, which the in-word folds leave alone."""
    spans: list[tuple[int, int]] = []
    if "{" in t:
        spans += [m.span() for m in _PLACEHOLDER.finditer(t)]
    if "://" in t or "www." in t:
        spans += [m.span() for m in _URL.finditer(t)]
    at = t.find("@")
    while at > 0:  # an e-mail address: local part, @, dotted domain
        domain = _EMAIL_DOMAIN.match(t, at + 1)
        start = at
        while start > 0 and t[start - 1] in _EMAIL_LOCAL:
            start -= 1
        if domain and start < at:
            spans.append((start, domain.end()))
        at = t.find("@", at + 1)
    return spans


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


# Each fold takes the per-character fold of the text, its start offsets and the original text,
# and returns its edits; all folds see the same text (so the letter-spacing fold still sees
# double spaces) and normalize() applies the merged edits once. The regexes start with a
# character class, so that re skips ahead in C to the few places worth a look (a leading
# lookbehind would cost a try per character).

# --- fold 2: words broken across lines --------------------------------------------------------

_BROKEN_LINE = re.compile(r"- *\n[ \n]*")
_BROKEN_LINE_OR_SOFT_HYPHEN = re.compile(r"[-\u00ad](?: *\n[ \n]*)?")


def _join_broken_lines(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    if _SOFT_HYPHEN in t:
        pattern = _BROKEN_LINE_OR_SOFT_HYPHEN
    elif "\n" in t:
        pattern = _BROKEN_LINE
    else:
        return []
    edits: list[Edit] = []
    for m in pattern.finditer(t):
        i, j = m.span()
        if j - i > 1 and i > 0 and j < len(t) and t[i - 1].isalpha() and t[j].isalpha():
            edits.append((i, j, ""))  # guaran-\nteed
        elif t[i] == _SOFT_HYPHEN:
            edits.append((i, i + 1, ""))  # a soft hyphen not at a line end is just invisible
    return edits


# --- fold 3: separators between Chinese ideographs --------------------------------------------

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
# Not the sentence punctuation ，。！？；：、, which stays between words.
_HAN_SEPARATORS = r" \n\-*._|/~\u00b7\u2022\u2027\u2219\u22c5\u30fb"
_HAN_GAP = re.compile(f"[{_HAN}][{_HAN_SEPARATORS}]+(?=[{_HAN}])")


def _join_han(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    if t.isascii():
        return []
    return [(m.start() + 1, m.end(), "") for m in _HAN_GAP.finditer(t)]


# --- fold 4: letter-spaced words --------------------------------------------------------------

# After a non-letter, a single Latin letter, then 2+ more single letters (or apostrophes, for
# c-a-n-'-t) each after a gap: one separator char, or a word break (" - ", " / ", " | ", two or
# more spaces).
_SPACED = re.compile(
    r"[\W_][a-z]"
    r"(?:(?: +[-/|\u00b7\u2022] +|[ \n]{2,}|[ .\n_*\-|\u00b7\u2022])[a-z'](?![^\W_])){2,}"
)
_SPACED_ITEMS = frozenset("abcdefghijklmnopqrstuvwxyz'")
# Every chain has two single letters in a row after a separator; ordinary English rarely does
# (" a " is common, " a b" is not), so this cheaper scan usually rules the whole fold out.
_SPACED_HINT = re.compile(
    r"[ .\n_*\-|\u00b7\u2022][a-z][ .\n_*\-|/\u00b7\u2022]+[a-z'](?![^\W_])"
)


def _join_spaced(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    if not _SPACED_HINT.search(t):
        return []
    edits: list[Edit] = []
    protected = None
    # A leading space lets a chain at the very start match; the match's start is then the
    # position in t of its first letter.
    for m in _SPACED.finditer(" " + t):
        if protected is None:
            protected = _protected(t)
        if protected and _inside(m.start(), protected):
            continue
        items = [i for i in range(m.start(), m.end() - 1) if t[i] in _SPACED_ITEMS]
        gaps = [t[a + 1 : b] for a, b in zip(items, items[1:])]
        # A lone newline between letters counts as a space (vertical text: r\ni\ns\nk).
        gaps = [" " if gap == "\n" else gap for gap in gaps]
        # The joiner is the chain's usual one-char gap (b.e.s.t: "."); ties go to a visible
        # separator, so in "a U.S." the space is a word break, not part of a word.
        counts: dict[str, int] = {}
        for gap in gaps:
            if len(gap) == 1:
                counts[gap] = counts.get(gap, 0) + 1
        if not counts:
            continue
        joiner = max(counts, key=lambda c: (counts[c], c != " "))
        # Groups of items joined by the joiner; any other gap ends a word: a space or a long
        # gap (r i s k - f r e e) becomes one space, another separator stays as typed.
        groups: list[list[int]] = [[items[0]]]
        breaks: list[str | None] = []
        for b, gap in zip(items[1:], gaps):
            if gap == joiner:
                groups[-1].append(b)
            else:
                groups.append([b])
                breaks.append(" " if len(gap) > 1 or gap == " " else None)
        # A lone letter at either end is a real word ("a", "I"), not part of the disguise.
        lo, hi = 0, len(groups)
        while lo < hi and len(groups[lo]) == 1:
            lo += 1
        while hi > lo and len(groups[hi - 1]) == 1:
            hi -= 1
        if sum(1 for g in groups[lo:hi] for i in g if t[i] != "'") < 3:
            continue
        for n in range(lo, hi):
            group = groups[n]
            if _starts_with_a_word(t, group):
                group = group[1:]  # "A r i s k": the article stays a word of its own
            edits.extend((a + 1, b, "") for a, b in zip(group, group[1:]))
            if n + 1 < hi and breaks[n] is not None and t[group[-1] + 1 : groups[n + 1][0]] != " ":
                edits.append((group[-1] + 1, groups[n + 1][0], " "))
    return edits


# "a" and "I" are words, so a spaced run that starts with one is either the word and a spaced
# word after it (A r i s k) or one spaced word (a p p r o v e d). The rest decides: it cannot
# start a word with a cluster like pp, ss, ns, ct, lw (approved, assured, insured, act,
# always); otherwise it is a word unless the whole is a known a/i word (amazing, ideal).
_ONSETS = frozenset(
    "bl br ch cl cr dr dw fl fr gl gn gr kn kr ph pl pn pr ps qu sc sh sk sl sm sn sp sq st sw "
    "th tr tw wh wr".split()
)
_VOWELS = frozenset("aeiouy")
_A_I_WORDS = tuple(
    "about above abroad abundant academ achiev across acute adapt adequate adopt adore adult "
    "afraid again against agenc agenda agent agil agree ahead alarm alert alike alive alone along "
    "amazing amend among amount amus apart apolog arise aroma around asap aside avail avenue "
    "averag avoid await awake award aware away awesome "
    "icon idea ideal identi idle idol item iron isolat italic ivory".split()
)


def _starts_with_a_word(t: str, group: list[int]) -> bool:
    """Whether a letter-spaced group is the word "a" or "I" followed by a spaced word."""
    if len(group) < 4 or t[group[0]] not in "ai":
        return False
    word = "".join(t[i] for i in group)
    first, second = word[1], word[2]
    if word[0] == "a" and first in _VOWELS:
        return False  # "a" + vowel would be "an"
    if first not in _VOWELS and second not in _VOWELS and word[1:3] not in _ONSETS:
        return False
    return not word.startswith(_A_I_WORDS)


# --- fold 5: separators inside a Latin word ---------------------------------------------------

_IN_WORD_SEPARATORS = "*_|\u00b7\u2022\u2027\u2219\u22c5\u30fb"
_IN_WORD = re.compile(f"[{re.escape(_IN_WORD_SEPARATORS)}]+")


def _join_split_words(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    if not any(c in t for c in _IN_WORD_SEPARATORS):
        return []
    edits: list[Edit] = []
    protected = None
    for m in _IN_WORD.finditer(t):
        i, j = m.span()
        if 0 < i and j < len(t) and _is_letter(t[i - 1]) and _is_letter(t[j]):
            if protected is None:
                protected = _protected(t)
            if not (protected and _inside(i, protected)):
                edits.append((i, j, ""))  # gu*aranteed
    return edits


# Syllables split by hyphens (un-beat-able, guar-an-teed): three or more short pieces, none of
# them a word of its own ("state-of-the-art", "up-to-date", "no-fee" keep their hyphens).
_HYPHENATED = re.compile(r"(?<![a-z-])[a-z]{2,5}(?:-[a-z]{2,5}){2,4}(?![a-z-])")
_OWN_WORDS = frozenset("a an as at by in is it no not of on or the to up you and for all per go me my one off out new".split())


def _join_syllables(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    if "-" not in t:
        return []
    edits: list[Edit] = []
    for m in _HYPHENATED.finditer(t):
        pieces = m.group().split("-")
        if any(p in _OWN_WORDS for p in pieces):
            continue
        at = m.start()
        for piece in pieces[:-1]:
            at += len(piece)
            edits.append((at, at + 1, ""))
            at += 1
    return edits


# --- fold 6: digit and symbol substitutions ---------------------------------------------------

# A digit or symbol with a letter just before it, or a run of them with a letter just after.
_SUBSTITUTION = re.compile(r"[0-9$@!](?:(?<=[a-z].)|[0-9$@!]*(?=[a-z]))")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789$@!")
_DIGIT_LETTERS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
_SYMBOL_LETTERS = {"$": "s", "@": "a", "!": "i"}
# After one leading digit, these mean a number with a unit (5star, 3days, 0fees), not a word
# with its first letter swapped (0ffer, 1nterest). Shorter rests (1st, 5x, 4g, 3yr) are kept
# anyway.
_UNITS = frozenset(
    "yrs year years mos month months day days wks week weeks hrs hour hours min mins sec secs "
    "star stars pts pcs lbs ever apr fee fees interest down cost percent pct".split()
)


def _is_letter(c: str) -> bool:
    return "a" <= c <= "z"


def _undo_substitutions(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    edits: list[Edit] = []
    protected = None
    last = 0
    n = len(t)
    for m in _SUBSTITUTION.finditer(t):
        i, j = m.span()
        if i < last:
            continue  # same token as the previous hit
        # Widen to the whole token: the maximal run of [a-z0-9$@!].
        while i > 0 and t[i - 1] in _TOKEN_CHARS:
            i -= 1
        while j < n and t[j] in _TOKEN_CHARS:
            j += 1
        last = j
        if protected is None:
            protected = _protected(t)
        if protected and _inside(i, protected):
            continue
        for s, repl in _token_substitutions(t[i:j]):
            k = i + s
            # "!" is an i only when typed as ASCII and not ending a sentence (now！Apply, Now!Apply).
            if t[k] == "!" and (orig[st[k]] != "!" or orig[st[k + 1]].isupper()):
                continue
            edits.append((k, k + 1, repl))
    return edits


@lru_cache(maxsize=4096)
def _token_substitutions(token: str) -> tuple[tuple[int, str], ...]:
    """(position, letter) for each digit or symbol in the token that stands in for a letter."""
    chars = list(token)
    n = len(chars)

    def letter_like(k: int, step: int) -> bool:
        # A letter, or a substitutable digit with a letter just beyond it (b3$t).
        if not 0 <= k < n:
            return False
        c = chars[k]
        if _is_letter(c):
            return True
        return c in _DIGIT_LETTERS and 0 <= k + step < n and _is_letter(chars[k + step])

    # Symbols first: $ @ ! between two letters (be$t, w!n, a$$et).
    k = 0
    while k < n:
        if chars[k] in _SYMBOL_LETTERS:
            j = k
            while j < n and chars[j] in _SYMBOL_LETTERS:
                j += 1
            if letter_like(k - 1, -1) and letter_like(j, 1):
                for s in range(k, j):
                    chars[s] = _SYMBOL_LETTERS[chars[s]]
            k = j
        else:
            k += 1
    # Digits, per run of letters and digits between the symbols that stayed symbols.
    k = 0
    while k < n:
        if chars[k] in _SYMBOL_LETTERS:
            k += 1
            continue
        j = k
        while j < n and chars[j] not in _SYMBOL_LETTERS:
            j += 1
        if not (k > 0 and chars[k - 1] == "$"):  # $0fee, us$500: money, leave the number alone
            for s in _digit_positions("".join(chars[k:j])):
                chars[k + s] = _DIGIT_LETTERS[chars[k + s]]
        k = j
    return tuple((s, chars[s]) for s in range(n) if chars[s] != token[s])


def _digit_positions(word: str) -> list[int]:
    """Positions of the digits in a letters-and-digits word that stand in for letters."""
    letter_positions = [s for s, c in enumerate(word) if _is_letter(c)]
    letters = len(letter_positions)
    digits = [s for s, c in enumerate(word) if not _is_letter(c)]
    if not digits or not letters:
        return []
    if any(word[s] not in _DIGIT_LETTERS for s in digits):
        return []  # 24th, b2b, covid19, 2x: a 2, 6, 8 or 9 means a real number
    first_letter, last_letter = letter_positions[0], letter_positions[-1]
    if any(first_letter < s < last_letter for s in digits):
        # guarant33d, r1sk, l0w3st, 1nt3r3st; with one letter (3x5, 4x4) it is a size.
        return digits if letters >= 2 else []
    lead = word[:first_letter]
    trail = word[last_letter + 1 :]
    if lead and trail:
        return []
    if lead:
        # 0ffer, 1nterest; not 1st, 5x, 4g, 3yr, 10k, 24h, 5star, 3days.
        rest = word[first_letter:]
        return digits if len(lead) == 1 and len(rest) >= 3 and rest not in _UNITS else []
    # Trailing digits: n0, t00 and fr33 are words; mp3, q4, a1, win10, web3 are names.
    if letters == 1 and set(trail) == {"0"}:
        return digits
    if letters >= 2 and trail in ("00", "000", "33", "333"):
        return digits
    return []


# --- fold 7: whitespace -----------------------------------------------------------------------

_NEWLINE_RUN = re.compile(r"\n[ \n]*")
_SPACE_RUN = re.compile(r"  +")


def _collapse_whitespace(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    # Runs with a newline or two spaces; two literal-prefix scans skip the single spaces fast.
    runs = [m.span() for m in _NEWLINE_RUN.finditer(t)] if "\n" in t else []
    if "  " in t:
        runs = sorted(runs + [m.span() for m in _SPACE_RUN.finditer(t)])
    n = len(t)
    edits: list[Edit] = []
    for i, j in runs:
        while i > 0 and t[i - 1] == " ":
            i -= 1  # the spaces before a newline belong to its run
        if edits and i <= edits[-1][1]:  # overlaps or touches the previous run
            prev_i, prev_j, _ = edits.pop()
            i, j = prev_i, max(prev_j, j)
        edits.append((i, j, " "))
    if t[:1] == " " and not (edits and edits[0][0] == 0):
        edits.insert(0, (0, 1, " "))
    if n > 1 and t[-1] == " " and not (edits and edits[-1][1] == n):
        edits.append((n - 1, n, " "))
    # Leading and trailing whitespace goes.
    if edits and edits[0][0] == 0:
        edits[0] = (0, edits[0][1], "")
    if edits and edits[-1][1] == n:
        edits[-1] = (edits[-1][0], n, "")
    return edits


# --- fold 8: traditional -> simplified Chinese ------------------------------------------------

_converter = None
_traditional_re: re.Pattern[str] | None = None
_HAN_RUN = re.compile(f"[{_HAN}]+")


def _t2s():
    """The OpenCC converter and a class of the ideographs it changes on their own (built once)."""
    with _BUILD_LOCK:
        if _converter is None:
            _build_t2s()
    return _converter, _traditional_re


def _build_t2s() -> None:
    """Called under _BUILD_LOCK: the converter is published last, once its class is ready."""
    global _converter, _traditional_re
    import opencc  # imported lazily: it loads its dictionaries

    converter = opencc.OpenCC("t2s")
    # One conversion of the BMP ideograph blocks (~10 ms, once) gives a class that tells
    # in one C-speed scan whether a text needs converting at all (most copy does not).
    blocks = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
    chars = [chr(c) for a, b in blocks for c in range(a, b)]
    converted = converter.convert("\n".join(chars)).split("\n")
    changed = [a for a, b in zip(chars, converted) if a != b and len(b) == 1]
    _traditional_re = re.compile("[" + "".join(changed) + "]")
    _converter = converter


def _simplify(t: str, st: Sequence[int], orig: str) -> list[Edit]:
    if t.isascii():
        return []
    converter, traditional = _t2s()
    hits = [m.start() for m in traditional.finditer(t)]
    if not hits:
        return []  # already simplified: the common case, no OpenCC call
    # Convert the whole text, so OpenCC's phrase table picks the right character (乾隆 stays,
    # 乾燥 -> 干燥), and look for changes around the traditional characters only.
    converted = converter.convert(t)
    if len(converted) != len(t):
        # Some phrase changed length: convert each run of ideographs alone, skipping those
        # whose length changed (they would break the offsets).
        converted_runs = []
        for m in _HAN_RUN.finditer(t):
            run = m.group()
            new = converter.convert(run) if traditional.search(run) else run
            converted_runs.append((m.start(), new if len(new) == len(run) else run))
        chars = list(t)
        for i, new in converted_runs:
            chars[i : i + len(new)] = new
        converted = "".join(chars)
    near = sorted({k for i in hits for k in range(max(i - 3, 0), min(i + 4, len(t)))})
    return [(k, k + 1, converted[k]) for k in near if converted[k] != t[k]]


_FOLDS = (
    _join_broken_lines,
    _join_han,
    _join_spaced,
    _join_split_words,
    _join_syllables,
    _undo_substitutions,
    _collapse_whitespace,
    _simplify,
)
