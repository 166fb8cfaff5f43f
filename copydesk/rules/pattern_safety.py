"""Patterns that could stall a check are refused when a pack loads, with the reason.

Python's `re` backtracks: a quantifier inside another unbounded quantifier (`(a+)+$`, `(\\w+\\s?)*`)
can try exponentially many ways to split a run before it fails (27 characters took 13 s), and a
repeat count like `a{4294967296}` cannot even be compiled. A pack is data an admin edits, so each
pattern is read (with the prefilter's scanner) after it compiles, and one of these shapes is a
pack error that names the pattern and the fix.

Single quantifiers over long runs (`\\d+%` tried at every digit of a run) are quadratic, not
exponential; normalize() caps digit and letter runs so those stay linear in the text.
"""

from __future__ import annotations

import re

from copydesk.rules.prefilter import _Group, _Lookaround, _Repeat, read_pattern

MAX_COUNT = 1000  # no phrase in an ad needs a repeat count above this
_NESTED = ("a quantifier inside another unbounded quantifier (like (a+)+) can backtrack without bound; "
           "drop the inner or the outer quantifier, or bound the outer one (e.g. {0,3})")
_TOO_MANY = f"a repeat count above {MAX_COUNT}; use a count of at most {MAX_COUNT}"
# For a pattern the scanner cannot read: a group holding + * or an open {n,} that is itself repeated.
_NESTED_SOURCE = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\d*\})")
_COUNT_SOURCE = re.compile(r"\{(\d+)(?:,(\d*))?\}")


def unsafe_reason(pattern: re.Pattern) -> str | None:
    """Why this compiled pattern may backtrack without bound (or repeats too often), else None."""
    tree = read_pattern(pattern)
    if tree is None:  # constructs the scanner does not read: judge the source text
        if any(int(n) > MAX_COUNT for m in _COUNT_SOURCE.finditer(pattern.pattern) for n in m.groups() if n):
            return _TOO_MANY
        return _NESTED if _NESTED_SOURCE.search(pattern.pattern) else None
    return _walk(tree, inside_unbounded=False)


def _walk(item, inside_unbounded: bool) -> str | None:
    if isinstance(item, _Repeat):
        if item.least > MAX_COUNT or (item.most is not None and item.most > MAX_COUNT):
            return _TOO_MANY
        # `(x?)+` is harmless; any inner repeat that can take two or more is not.
        if inside_unbounded and (item.most is None or item.most > 1) and item.most != item.least:
            return _NESTED
        return _walk(item.item, inside_unbounded or item.most is None)
    if isinstance(item, _Group):
        for branch in item.alternatives:
            for part in branch:
                reason = _walk(part, inside_unbounded)
                if reason:
                    return reason
    if isinstance(item, _Lookaround):
        return _walk(item.group, inside_unbounded)
    return None  # a _Char or a zero-width item

