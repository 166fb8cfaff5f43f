"""Shared machinery for the phrase-and-pattern categories (guarantee, superlative, pressure,
fair_lending): find every hit once per text, then drop those an exception explains away."""

from __future__ import annotations

import re
from typing import Iterator

from copydesk.rules.findings import Finding

# A negation governs only its own clause: look back no further than the last clause break.
_CLAUSE_BREAK = re.compile(r"[.!?;:,，。！？；：\n]|\bbut\b|\bhowever\b|但|但是|然而")
_NEGATION_WINDOW = 30
_CONTRACT_TERM = re.compile(r"\b(fixed|level|locked)\b|固定|不变")
_STOPWORDS = frozenset("the a an and or of for to in on with your our you we is are be by at as it this that".split())


def phrase_hits(ctx) -> list[tuple]:
    """(rule, canonical start, canonical end) for every applicable phrase or pattern match."""
    cached = ctx.__dict__.get("_phrase_hits")
    if cached is not None:
        return cached
    engine, text, kind = ctx.engine, ctx.norm.text, ctx.product.kind
    hits = []
    for hit in engine.matcher.hits(text):
        rule = engine.rules[hit.rule_index]
        if rule.applies(ctx.lang, kind, ctx.channel):
            hits.append((rule, hit.start, hit.end))
    patterns = engine.pattern_index(ctx.lang)
    for index, match in patterns.finditer(text):
        rule = patterns.owners[index]
        if rule.applies(ctx.lang, kind, ctx.channel):
            hits.append((rule, match.start(), match.end()))
    ctx.__dict__["_phrase_hits"] = hits
    return hits


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _exception_spans(ctx, rule) -> list[tuple[int, int]]:
    cache = ctx.__dict__.setdefault("_exception_spans", {})
    if rule.id not in cache:
        cache[rule.id] = [m.span() for p in rule.exceptions for m in p.finditer(ctx.norm.text)]
    return cache[rule.id]


def is_negated(ctx, start: int) -> bool:
    """Whether a negation ("isn't", "no bank", "不", "并非") governs the words starting at `start`."""
    before = ctx.norm.text[max(0, start - _NEGATION_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return any(p.search(before) for p in ctx.engine.negations.get(ctx.lang, ()))


def _fact_backed(ctx, start: int, end: int) -> bool:
    """Whether the words around the match also stand in a fact that uses the same wording.

    "Level premium guaranteed for 20 years" is a contract term when the facts say so; the
    same word before "returns" is a promise.
    """
    text = ctx.norm.text
    matched = text[start:end].strip()
    stem = matched[: max(4, len(matched) - 2)]
    # A contract term backs the word when a fact states it: the word itself, or fixed/level terms.
    facts = [line for line in ctx.facts_text.splitlines() if stem in line or _CONTRACT_TERM.search(line)]
    if not facts:
        return False
    left = re.findall(r"[a-z\u4e00-\u9fff]+", text[max(0, start - 30) : start])[-2:]
    right = re.findall(r"[a-z\u4e00-\u9fff]+", text[end : end + 30])[:2]
    neighbours = [w for w in left + right if w not in _STOPWORDS and len(w) >= 2]
    return any(word in line for word in neighbours for line in facts)


def phrase_findings(ctx, category: str) -> Iterator[Finding]:
    """Findings of one category, after exceptions, negation scope and fact backing."""
    for rule, start, end in phrase_hits(ctx):
        if rule.category != category:
            continue
        if any(_overlaps(start, end, s, e) for s, e in _exception_spans(ctx, rule)):
            continue
        if rule.sentence_exceptions and any(p.search(ctx.sentence_around(start, end)) for p in rule.sentence_exceptions):
            continue
        if rule.negatable and is_negated(ctx, start):
            continue
        if rule.fact_exempt and _fact_backed(ctx, start, end):
            continue
        yield ctx.finding_at(rule, start, end, fix=rule.fix)
