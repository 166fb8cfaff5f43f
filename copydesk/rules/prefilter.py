"""Run many regexes fast: find where each could start with one Aho-Corasick pass over the text,
then try the regex only there (the literal-prefix prefilter that engines like Hyperscan use).

Python's `re` scans every position for a pattern that begins with \\b or a group, so 30 such
patterns over an email cost milliseconds; anchored at their few possible starts they cost
microseconds. A pattern whose start cannot be reduced to literals is simply scanned in full.

The literal starts come from a small scanner of the pattern's source. It reads the common
syntax (literals, escapes, classes, groups, alternation, quantifiers, anchors, lookarounds)
and gives up on anything else, so a pattern it cannot read is scanned in full, never skipped.
Case-insensitive patterns are looked for in lower case: give them lower-case (normalized) text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

_MAX_PREFIXES = 1000  # enough for "any digit" (660 characters) at the start
_ENOUGH = 3  # prefix length after which extending buys little
_WIDEST_RANGE = 40  # a class range wider than this tells too little to be worth listing


class _Unreadable(Exception):
    """A construct the scanner does not read: the pattern is scanned in full."""


@dataclass(frozen=True)
class _Char:
    """One character out of `choices`; None when the scanner cannot list them (., \\w, [^x])."""

    choices: frozenset[str] | None


@dataclass(frozen=True)
class _Group:
    """Alternatives, each a sequence of items."""

    alternatives: tuple[tuple, ...]


@dataclass(frozen=True)
class _Repeat:
    """An item repeated from `least` to `most` times (`most` None: without bound)."""

    item: object
    least: int
    most: int | None = None


@dataclass(frozen=True)
class _Lookaround:
    """A lookahead or lookbehind: it matches no text, but its group is still a pattern to run."""

    group: "_Group"


_ZERO_WIDTH = "zero-width"  # an anchor, \b, a lookaround or the leading flags: it matches no text
_ANY = _Char(None)

_CONTROL_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_QUANTIFIER = re.compile(r"\{(\d*)(,\d*)?\}")
_GLOBAL_FLAGS = re.compile(r"[aiLmsux]+\)")
# Under IGNORECASE an ASCII letter also matches İ ı ſ K (the `re` docs list them); ı and ſ are
# the ones lower-case text can still contain.
_LOWER_CASE_EXTRAS = {"i": "ı", "s": "ſ"}
# Unicode keeps every decimal digit in its first two planes; a test checks that still holds.
_DIGIT_PLANES_END = 0x20000


@cache
def _unicode_digits() -> frozenset[str]:
    """What \\d matches in a str pattern: every Unicode decimal digit, not just 0-9."""
    return frozenset(filter(str.isdecimal, map(chr, range(_DIGIT_PLANES_END))))


class _Scanner:
    """Reads a pattern's source into _Char, _Group, _Repeat and _ZERO_WIDTH items."""

    def __init__(self, pattern: re.Pattern):
        self.source = pattern.pattern
        self.pos = 0
        self.ignore_case = bool(pattern.flags & re.IGNORECASE)
        self.digits = frozenset("0123456789") if pattern.flags & re.ASCII else _unicode_digits()

    def read(self) -> _Group:
        group = self.alternatives()
        if self.pos != len(self.source):
            raise _Unreadable
        return group

    def peek(self, count: int = 1) -> str:
        return self.source[self.pos : self.pos + count]

    def take(self) -> str:
        if self.pos >= len(self.source):
            raise _Unreadable
        self.pos += 1
        return self.source[self.pos - 1]

    def alternatives(self) -> _Group:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return _Group(tuple(branches))

    def sequence(self) -> tuple:
        items = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.quantified(self.atom()))
        return tuple(items)

    def quantified(self, item):
        most = None
        if self.peek() == "*":
            least = 0
        elif self.peek() == "?":
            least, most = 0, 1
        elif self.peek() == "+":
            least = 1
        elif self.peek() == "{":
            quantifier = _QUANTIFIER.match(self.source, self.pos)
            if not quantifier or quantifier.group() == "{}":  # `re` reads a stray { as a literal
                raise _Unreadable
            least = int(quantifier.group(1) or 0)
            upper = quantifier.group(2)
            most = least if upper is None else (int(upper[1:]) if len(upper) > 1 else None)
            self.pos = quantifier.end() - 1
        else:
            return item
        self.pos += 1
        if self.peek() in ("?", "+"):  # lazy or possessive: the same texts can match
            self.pos += 1
        return _Repeat(item, least, most)

    def atom(self):
        char = self.take()
        if char == "(":
            return self.group()
        if char == "[":
            return self.char_class()
        if char == "\\":
            return self.escape()
        if char in "^$":
            return _ZERO_WIDTH
        if char == ".":
            return _ANY
        if char in "*+?{":
            raise _Unreadable
        return _Char(self.forms(char))

    def group(self):
        if self.peek() != "?":
            return self.closed(self.alternatives())
        self.pos += 1
        if self.peek() == ":":
            self.pos += 1
            return self.closed(self.alternatives())
        if self.peek(2) == "P<":
            end = self.source.find(">", self.pos)
            if end < 0:
                raise _Unreadable
            self.pos = end + 1
            return self.closed(self.alternatives())
        for lookaround in ("=", "!", "<=", "<!"):
            if self.source.startswith(lookaround, self.pos):
                self.pos += len(lookaround)
                return _Lookaround(self.closed(self.alternatives()))  # it consumes no text
        flags = _GLOBAL_FLAGS.match(self.source, self.pos)
        if flags and self.pos == len("(?"):  # global flags lead the pattern; pattern.flags has them
            self.pos = flags.end()
            return _ZERO_WIDTH
        raise _Unreadable  # scoped flags, comments, backreferences, conditionals, atomic groups

    def closed(self, group: _Group) -> _Group:
        if self.take() != ")":
            raise _Unreadable
        return group

    def escape(self):
        char = self.take()
        if char in "bBAZ":
            return _ZERO_WIDTH
        if char == "d":
            return _Char(self.digits)
        if char in "DsSwW":
            return _ANY
        return _Char(self.forms(self.escaped_char(char)))

    def escaped_char(self, char: str) -> str:
        """The character an escape other than a class shorthand stands for."""
        if char in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[char]
        if char in _HEX_ESCAPES:
            digits = self.source[self.pos : self.pos + _HEX_ESCAPES[char]]
            if len(digits) != _HEX_ESCAPES[char] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise _Unreadable
            self.pos += len(digits)
            return chr(int(digits, 16))
        if char.isascii() and char.isalnum():  # backreferences, octal, \N{...}
            raise _Unreadable
        return char  # an escaped punctuation mark or non-ASCII character stands for itself

    def char_class(self) -> _Char:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        members: set[str] | None = set()
        while True:  # the first member is read even if it is "]": then it is a literal
            if self.peek() == "[" or self.peek(2) in ("--", "&&", "~~", "||"):
                raise _Unreadable  # reserved for set operations (a FutureWarning today)
            chars = self.class_member()
            members = None if members is None or chars is None else members | chars
            if self.peek() == "]":
                break
        self.pos += 1
        if negated or members is None:
            return _ANY
        forms = set()
        for member in members:
            member_forms = self.forms(member)
            if member_forms is None:
                return _ANY
            forms |= member_forms
        return _Char(frozenset(forms))

    def class_member(self) -> set[str] | None:
        """The characters of one class member (a character, a range, \\d), None if unlistable."""
        char = self.take()
        if char == "\\":
            char = self.take()
            if char == "d":
                return set(self.digits)
            if char in "DsSwW":
                return None
            char = "\b" if char == "b" else self.escaped_char(char)
        if self.peek() != "-" or self.peek(2) == "-]":
            return {char}
        self.pos += 1
        end = self.take()
        if end == "\\":
            end = self.escaped_char(self.take())
        if ord(end) - ord(char) >= _WIDEST_RANGE:
            return None
        return {chr(c) for c in range(ord(char), ord(end) + 1)}

    def forms(self, char: str) -> frozenset[str] | None:
        """The characters of lower-case text that `char` in the pattern matches (None: unsure)."""
        if not self.ignore_case or char.lower() == char == char.upper():  # exact, or caseless
            return frozenset(char)
        if char.isascii():
            lower = char.lower()
            return frozenset(lower + _LOWER_CASE_EXTRAS.get(lower, ""))
        return None  # other scripts' case rules are more than this scanner takes on


def _starts(sequence: tuple) -> tuple[set[str], bool] | None:
    """(the literal strings every match of `sequence` starts with, whether each is a whole
    match), or None when a match could start with anything (or with nothing)."""
    starts, whole = {""}, True
    for item in sequence:
        if item is _ZERO_WIDTH or isinstance(item, _Lookaround):
            continue
        if min(map(len, starts)) >= _ENOUGH:
            whole = False
            break
        found = _item_starts(item)
        longer = {start + option for start in starts for option in found[0]} if found else set()
        if not longer or len(longer) > _MAX_PREFIXES:  # stop here: what we have is still true
            whole = False
            break
        starts = longer
        if not found[1]:
            whole = False
            break
    if "" in starts:
        return None
    return starts, whole


def _item_starts(item) -> tuple[set[str], bool] | None:
    if isinstance(item, _Char):
        return (set(item.choices), True) if item.choices else None
    if isinstance(item, _Group):
        options, whole = set(), True
        for branch in item.alternatives:
            found = _starts(branch)
            if found is None:
                return None
            options |= found[0]
            whole = whole and found[1]
        return options, whole
    if isinstance(item, _Repeat) and item.least >= 1:
        found = _item_starts(item.item)
        return (found[0], False) if found else None  # one repetition is known to start it
    return None  # optional, or a repeated zero-width item


def read_pattern(pattern: re.Pattern) -> _Group | None:
    """The pattern as _Group/_Repeat/_Char/_Lookaround items, or None when the scanner cannot read it."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE:
        return None
    try:
        return _Scanner(pattern).read()
    except _Unreadable:
        return None


def literal_prefixes(pattern: re.Pattern) -> set[str] | None:
    """The literal strings every match of `pattern` starts with, or None if there is no such set.

    Case-insensitive patterns get their lower-case forms (the form the text is searched in)."""
    parsed = read_pattern(pattern)
    if parsed is None:
        return None
    found = _starts((parsed,))
    return found[0] if found else None


class AnchoredPatterns:
    """A list of compiled patterns searched together through their literal prefixes."""

    def __init__(self, patterns: list[re.Pattern]):
        self.patterns = patterns
        self.unanchored: list[int] = []
        self.automaton = ahocorasick.Automaton()
        owners: dict[str, list[int]] = {}
        for index, pattern in enumerate(patterns):
            prefixes = literal_prefixes(pattern)
            if prefixes is None:
                self.unanchored.append(index)
                continue
            for prefix in prefixes:
                owners.setdefault(prefix, []).append(index)
        for prefix, indexes in owners.items():
            self.automaton.add_word(prefix, (len(prefix), tuple(indexes)))
        self.has_anchors = bool(owners)
        if owners:
            self.automaton.make_automaton()

    def candidates(self, text: str) -> list[tuple[int, int]]:
        """(start, pattern index) pairs where a match may begin, in text order then pattern order."""
        starts: dict[int, set[int]] = {}
        if self.has_anchors:
            for end, (length, indexes) in self.automaton.iter(text):
                starts.setdefault(end - length + 1, set()).update(indexes)
        return [(start, index) for start in sorted(starts) for index in sorted(starts[start])]

    def finditer(self, text: str):
        """(pattern index, match) for every non-overlapping match of every pattern."""
        last_end: dict[int, int] = {}
        for start, index in self.candidates(text):
            if start < last_end.get(index, 0):
                continue
            match = self.patterns[index].match(text, start)
            if match and match.end() > match.start():
                last_end[index] = match.end()
                yield index, match
        for index in self.unanchored:
            for match in self.patterns[index].finditer(text):
                if match.end() > match.start():
                    yield index, match

    def leftmost(self, text: str):
        """Non-overlapping matches left to right; at one start the earliest pattern wins."""
        covered = 0
        found = []
        candidates = self.candidates(text)
        if self.unanchored:
            extra = {(m.start(), i) for i in self.unanchored for m in self.patterns[i].finditer(text)}
            candidates = sorted(set(candidates) | extra)
        for start, index in candidates:
            if start < covered:
                continue
            match = self.patterns[index].match(text, start)
            if match and match.end() > match.start():
                found.append((index, match))
                covered = match.end()
        return found
