"""Findings of the concept rules (rules/concepts.py): a frame of synonym sets complete in one
sentence, unless the sentence is an exception, the frame is negated, or (for promises) the
words are quoted or reported in a warning that disowns them."""

from __future__ import annotations

import re
from typing import Iterator

from copydesk.rules.checks.phrases import is_negated, reported_not_claimed
from copydesk.rules.concepts import frame_matches, nearest_example
from copydesk.rules.findings import Finding
from copydesk.rules.spans import SpanSet

_DISOWNABLE = ("guarantee", "superlative", "pressure", "pii")  # pii: a fraud notice quotes the scam's ask
# "No policy pays out no matter what", "nothing ever only goes up": the subject denies the frame.
_DENIED = re.compile(r"\b(?:no|never|nothing|nobody|no one|none|not)\b(?:\s+[a-z']+){0,2}\s*$")
_CLAUSE = re.compile(r"[.!?;:,\n]")


def _denied_subject(text: str, start: int) -> bool:
    before = text[max(0, start - 30):start]
    breaks = list(_CLAUSE.finditer(before))
    return bool(_DENIED.search(before[breaks[-1].end():] if breaks else before))


def concept_findings(ctx, category: str, besides: list[Finding] = ()) -> Iterator[Finding]:
    """Findings of one category from the concept rules in force for this text. Where a phrase
    rule of the category already marks the same words (`besides`), its own message stands."""
    hits = ctx.__dict__.get("_concept_hits")
    if hits is None:
        hits = ctx.__dict__["_concept_hits"] = ctx.engine.concept_matcher.hits(ctx.norm.text)
    text = ctx.norm.text
    marked = SpanSet((f.start, f.end) for f in besides)
    for index, rule_hits in hits.items():
        rule = ctx.engine.concepts[index]
        if rule.category != category or not rule.applies(ctx.lang, ctx.product.kind, ctx.channel):
            continue
        for start, end in frame_matches(rule, rule_hits, text):
            sentence = ctx.sentence_around(start, end)
            if any(p.search(sentence) for p in rule.sentence_exceptions):
                continue
            if rule.negatable and (is_negated(ctx, start) or _denied_subject(text, start)):
                continue
            if category in _DISOWNABLE and reported_not_claimed(ctx, start, end):
                continue
            original = ctx.norm.to_original(start, end)
            if marked.overlaps(*original):
                continue
            example = nearest_example(rule, sentence)
            message = rule.message + (f" (reads like the known case \u201c{example}\u201d)" if example else "")
            yield ctx.finding(rule, *original, message=message)
