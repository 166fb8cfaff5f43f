"""Run many regexes fast: find where each could start with one Aho-Corasick pass over the text,
then try the regex only there (the literal-prefix prefilter that engines like Hyperscan use).

Python's `re` scans every position for a pattern that begins with \\b or a group, so 30 such
patterns over an email cost milliseconds; anchored at their few possible starts they cost
microseconds. A pattern whose start cannot be reduced to literals is simply scanned in full.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's opcodes; stable across CPython 3.11+
from re import _parser

import ahocorasick

_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_MAX_PREFIXES = 400
_ENOUGH = 3  # prefix length after which extending buys little


def _charset(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < 40:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
    return chars


def _prefixes(items) -> tuple[set[str], bool] | None:
    """(possible literal starts, whether they cover the whole sequence) or None if unknowable."""
    prefixes, complete = {""}, True
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if min(len(p) for p in prefixes) >= _ENOUGH:
            return prefixes, False
        if op is sre.LITERAL:
            options, whole = {chr(av)}, True
        elif op is sre.IN:
            options, whole = _charset(av), True
        elif op is sre.SUBPATTERN:
            inner = _prefixes(av[3])
            options, whole = inner if inner else (None, False)
        elif op is sre.BRANCH:
            options, whole = set(), True
            for branch in av[1]:
                inner = _prefixes(branch)
                if inner is None:
                    options = None
                    break
                options |= inner[0]
                whole = whole and inner[1]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            inner = _prefixes(av[2])
            options, whole = (inner[0], False) if inner else (None, False)
        else:
            options = None
        if not options or "" in options:
            complete = False
            break
        prefixes = {p + o for p in prefixes for o in options}
        if len(prefixes) > _MAX_PREFIXES:
            return None
        if not whole:
            complete = False
            break
    if "" in prefixes:
        return None
    return prefixes, complete


def literal_prefixes(pattern: re.Pattern) -> set[str] | None:
    """The literal strings every match of `pattern` starts with, or None if there is no such set."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # an exotic construct: scan in full rather than guess
        return None
    result = _prefixes(list(parsed))
    if result is None:
        return None
    return {p.lower() for p in result[0]}


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
