"""Offers a segment may not receive (block): the catalog says which product kinds or offers
(terms such as "cash advance", 取现) are ruled out for a segment, in the bank's own words; copy
for that segment that offers them is blocked with the restriction quoted.

Only checked when the check names a segment (`check --segment`, the generation pipeline, and
every save, submit and approval of a draft, which always has one).

A term stated as a price ("cash advance APR 29.9%", 取现手续费为1%) is the card's required
disclosure, not an offer of it; a negated term ("no cash advances") offers nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from copydesk.labels import kind_label
from copydesk.rules.checks.phrases import is_negated, reported_not_claimed
from copydesk.rules.findings import BuiltinRule
from copydesk.rules.normalize import fold_phrase

RESTRICTION_RULE = BuiltinRule(
    id="audience.segment_restriction",
    category="fair_lending",
    severity="block",
    message="An offer this segment may not receive",
    suggestion="Choose a product this segment may be offered, or take the restricted offer out of the copy",
    citation="Segment restriction in the catalog (bank marketing policy); Reg Z 12 CFR 1026.51 and CARD Act §301 "
             "(young consumers); 《银行保险机构消费者权益保护管理办法》第12条（适当性）",
)

# Just after a term, these make it the cost being disclosed (cash advance APR, 取现手续费).
_PRICE_AFTER = re.compile(r"[\s\-]{0,2}(?:apr|fees?|rates?|interest|charges?|利率|年化|手续费|费率|费用|费)"
                          r"|\s{0,2}[:：]?\s{0,2}\d+(?:\.\d+)?\s?%")  # "二套3.45%": the rate it is priced at

# The clause goes on to deny it: "repayment by military allotment is never required", 不是养老理财.
_DENIED_AFTER = re.compile(r"[^.!?;,\n]{0,20}?\b(?:is|are|was|will be)\s+(?:never|not)\s+(?:required|needed|necessary|a condition)\b"
                           r"|[^.!?;,\n]{0,20}?\b(?:isn't|aren't|won't be)\s+(?:required|needed|necessary)\b"
                           r"|[^。！？；，\n]{0,8}?(?:不是必须|并非必须|不作要求|无需|不需要)")


# The copy steers the reader away from it: "Skip the cash advance and talk to …", 远离以房养老
# (looked for in the 40 characters before the term: normalized text has single spaces).
_STEERED_AWAY_BEFORE = re.compile(r"(?:\bskip|\bavoid|\binstead of|\brather than|\bsteer clear of|\bforget about|远离|拒绝|不碰|避开)"
                                  r"\s*(?:the\s+|a\s+|any\s+|an\s+)?$"
                                  # 我们不建议在校同学使用信用卡取现: advice against it, a few words before, in the same clause
                                  r"|(?:不建议|不提倡|不鼓励|不要|切勿|请勿|避免|尽量别|千万别|可别|别再)[^。！？；，,\n]{0,16}$")


@lru_cache(maxsize=256)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern:
    parts = []
    for term in terms:
        folded = re.escape(fold_phrase(term.rstrip("*")))
        if term.endswith("*"):
            # a longer word: "advances" of "advance*", 二套住房 of 二套* (not the figure of "二套3.45%", its price)
            folded += r"\w*" if folded[:1].isascii() else r"[\u3400-\u9fff]*"
        parts.append(rf"(?<![a-z0-9]){folded}(?![a-z0-9])" if folded[:1].isascii() else folded)
    return re.compile("|".join(parts))


def run(ctx) -> list:
    segment = ctx.segment
    if segment is None or not segment.restrictions:
        return []
    findings = []
    text = ctx.norm.text
    for restriction in segment.restrictions:
        if ctx.product.kind in restriction.kinds:
            start, end = _product_mention(ctx)
            if ctx.lang == "zh":
                message = (f"{ctx.product.name}属于{kind_label(ctx.product.kind, 'zh')}，目录规定不向“{segment.name}”推介："
                           f"“{restriction.reason}”")
            else:
                message = (f"{ctx.product.name} is a {kind_label(ctx.product.kind)}, and the catalog rules that out "
                           f"for {segment.name}: \u201c{restriction.reason}\u201d")
            findings.append(_finding(ctx, restriction, start, end, message))
            continue
        if not restriction.terms:
            continue
        for match in _term_pattern(restriction.terms).finditer(text):
            if (_PRICE_AFTER.match(text, match.end()) or is_negated(ctx, match.start()) or _DENIED_AFTER.match(text, match.end())
                    or _STEERED_AWAY_BEFORE.search(text, max(0, match.start() - 40), match.start())):
                continue
            if reported_not_claimed(ctx, *match.span()):
                continue  # a fraud warning quoting the scam's words (以“以房养老”为名诱骗) offers nothing
            start, end = ctx.norm.to_original(*match.span())
            if ctx.lang == "zh":
                message = f"“{ctx.text[start:end]}”是目录规定不向“{segment.name}”推介的内容：“{restriction.reason}”"
            else:
                message = (f"\u201c{ctx.text[start:end]}\u201d is an offer the catalog rules out for {segment.name}: "
                           f"\u201c{restriction.reason}\u201d")
            findings.append(_finding(ctx, restriction, start, end, message))
            break  # one finding per restriction says what to take out
    return findings


def _finding(ctx, restriction, start: int, end: int, message: str):
    finding = ctx.finding(RESTRICTION_RULE, start, end, message=message)
    if restriction.citation:
        finding = replace(finding, citation=f"{restriction.citation}; {RESTRICTION_RULE.citation}")
    return finding


def _product_mention(ctx) -> tuple[int, int]:
    """Where the copy names the product (its name, or the first two words of it), else its first line."""
    text = ctx.norm.text
    name = fold_phrase(ctx.product.name)
    for needle in (name, " ".join(name.split()[:2]), name[:4]):
        at = text.find(needle) if needle else -1
        if at >= 0:
            return ctx.norm.to_original(at, at + len(needle))
    first = ctx.text.split("\n", 1)[0] or ctx.text
    return 0, max(1, len(first))
