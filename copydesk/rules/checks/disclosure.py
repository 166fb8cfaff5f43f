"""Missing disclosures (block): a trigger term appears and an essential element is absent.

The elements are patterns, so any compact wording that carries them passes; the catalog's
verbatim disclosure is only what the fix appends.
"""

from __future__ import annotations

import re

from copydesk.rules.findings import Finding
from copydesk.rules.normalize import normalize


def _fact_present(ctx, fact_name: str) -> bool:
    """Whether the copy names what a fact names (e.g. the insurer), in full or its leading words."""
    value = dict(ctx.product.facts).get(fact_name)
    if not value:
        return False
    folded = normalize(value).text
    text = ctx.norm.text
    if folded in text:
        return True
    words = re.findall(r"[a-z0-9&']+", folded)
    if len(words) >= 2 and " ".join(words[:2]) in text:
        return True
    hanzi = re.sub(r"[^\u4e00-\u9fff]", "", folded)
    return len(hanzi) >= 4 and hanzi[:4] in text


def _element_present(ctx, element) -> bool:
    if element.fact and _fact_present(ctx, element.fact):
        return True
    if not element.patterns:
        return False
    if element.min_count == 1:
        return any(p.search(ctx.norm.text) for p in element.patterns)
    count = sum(len(p.findall(ctx.norm.text)) for p in element.patterns)
    return count >= element.min_count


def _trigger_span(ctx, rule) -> tuple[int, int] | None:
    text = ctx.norm.text
    excluded = [m.span() for p in rule.trigger_exceptions for m in p.finditer(text)]
    # The product's own name triggers nothing: "Bonus Savings pays 4.10% APY" offers no bonus.
    name = normalize(ctx.product.name).text
    words = name.split()
    # The name, and the name without the bank's brand in front ("Bonus Savings" of "Bayside Bonus Savings").
    for form in {name, " ".join(words[1:]) if len(words) >= 3 else ""} - {""}:
        excluded += [m.span() for m in re.finditer(re.escape(form), text)]
    for pattern in rule.triggers:
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and not any(s < end and start < e for s, e in excluded):
                return start, end
    return None


def run(ctx) -> list[Finding]:
    """One finding per disclosure rule whose trigger is present and whose elements are not."""
    findings = []
    for rule in ctx.engine.disclosures:
        if not rule.applies(ctx.lang, ctx.product.kind, ctx.channel):
            continue
        if rule.when_disclosure is not None and not rule.when_disclosure.search(ctx.disclosures_text):
            continue
        if rule.triggers:
            span = _trigger_span(ctx, rule)
            if span is None:
                continue
        else:
            span = None
        missing = [e.name for e in rule.requires if not _element_present(ctx, e)]
        if not missing:
            continue
        message = f"{rule.message} (missing: {', '.join(missing)})"
        if span is None:  # always-required disclosure: the whole text is the place to look
            findings.append(ctx.finding(rule, 0, len(ctx.text), message=message))
        else:
            findings.append(ctx.finding_at(rule, *span, message=message))
    return findings
