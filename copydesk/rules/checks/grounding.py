"""Ungrounded claims (block): numbers, rates, fees, terms and deadlines the product facts do not
state, and term claims ("no annual fee", "lifetime") that contradict the facts."""

from __future__ import annotations

import re
from copydesk.rules.checks.phrases import is_negated, phrase_hits, reported_not_claimed
from copydesk.rules.findings import BuiltinRule
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import Quantity, QuantityLookup, extract_quantities, is_count
from copydesk.rules.spans import SpanSet

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]")
# The bank's registration numbers (NMLS #482917, 统一社会信用代码) identify it; they claim nothing.
# A fund's six-digit code beside its name (松岩稳健增长混合A（018826）, 基金代码018826) and a
# product's registration code (产品登记编码Z7012026000123) name the product the same way.
_REGISTRATION = re.compile(r"\b(?:nmls|nmls id|nmls #|finra crd|crd)\s*(?:#|no\.?|id)?\s*\d{3,10}\b|统一社会信用代码[:：]?\s*[0-9a-z]{18}"
                           r"|(?<=[a-z\u4e00-\u9fff])[(（]\d{6}[)）]|(?:基金|产品)?代码[:：]?\s*\d{6}(?!\d)"
                           r"|(?:登记|产品)?编码[:：]?\s*[a-z]{0,3}\d{6,}")
# A calendar year on its own ("goals for 2027?") is a date, not a figure about the product.
_BARE_YEAR = re.compile(r"(?<![\d.,$%/-])\b(?:19|20)\d{2}\b(?![\d.,%/年月-])")  # not 2026-06-30, 2026年
_MASKED = re.compile(r"(?:尾号|ending(?: in)?|ends in|last (?:4|four) digits)\s*\d{4}|[*x•]{2,}[ -]?\d{4}")
_UNIT_NAMES = {"percent": "rate", "money": "amount", "months": "term", "days": "period", "hours": "period",
               "minutes": "time", "multiplier": "multiplier", "points": "points", "age": "age", "date": "date",
               "number": "number"}


NUMBER_RULE = BuiltinRule(
    id="grounding.number",
    category="ungrounded_claim",
    severity="block",
    message="A figure that is not in the product facts",
    suggestion="State only figures from the product facts, exactly as they are",
    citation="FTC Act §5 / 12 CFR 1026.16, 1030.8 (claims must be substantiated); 广告法 第4、11条",
)


TRUNCATED_RULE = BuiltinRule(
    id="grounding.truncated_figure",
    category="ungrounded_claim",
    severity="block",
    message="A figure cut off after its decimal point (\"13.%\", \"Interest rate: 6.\")",
    suggestion="Write the whole figure exactly as the product facts give it",
    citation="FTC Act §5 / 12 CFR 1026.16, 1030.8 (figures must be accurate); 广告法 第4、11条",
)
# "13.%" anywhere; "rate: 6." where a rate's label is followed by a number that ends at its point.
_TRUNCATED = re.compile(r"\d\.\s?[%％]|(?:\brate|\bapr|\bapy|\byield|利率|年化)[^\d\n]{0,12}?\d+\.(?=\s*$|\s*\n|\s+[a-z\u4e00-\u9fff]|[,;，；、])"
                        # "Balances of $10,000+ now earn 4." at the end of the copy: a rate cut off (not "earn $250.")
                        r"|\bearns?\s+\d{1,2}\.(?=\s*$|\s*\n)"
                        # 每期还款约866.年化…: an amount cut off before its decimals (not a list's "1.打开手机银行")
                        r"|(?:约|为|仅|还款|月供|利率|年化|保费|金额)\d+\.(?=[\u4e00-\u9fff])",
                        re.MULTILINE)


def product_quantities(product) -> list[Quantity]:
    """Quantities stated by a product's facts and canonical disclosures (uncached)."""
    texts = [*product.facts.values(), *product.disclosures]
    quantities = [q for text in texts for q in extract_quantities(normalize(text).text)]
    # A key can state a term the value leaves out: "3年期年利率": "1.75%" grounds 3年期.
    keys = [q for key in product.facts for q in extract_quantities(normalize(key.replace("_", " ")).text) if q.unit != "number"]
    return quantities + keys


def fact_quantities(ctx) -> list[Quantity]:
    """Quantities stated by the product's facts and canonical disclosures."""
    return ctx.product_view.derived("fact_quantities", product_quantities)


def _ignored_spans(ctx) -> list[tuple[int, int]]:
    text = ctx.norm.text
    spans = [m.span() for m in _PLACEHOLDER.finditer(text)]
    # "100%安全", "#1": the number is part of a promise another check already reports.
    spans += [(start, end) for rule, start, end in phrase_hits(ctx) if rule.category in ("guarantee", "superlative")]
    spans += [m.span() for m in _MASKED.finditer(text)]
    spans += [m.span() for m in _REGISTRATION.finditer(text)]
    spans += [m.span() for m in _BARE_YEAR.finditer(text)]
    spans += [(i.start, i.end) for i in ctx.identifiers]  # the pii check owns these
    spans += ctx.name_spans  # "Term Life 20", "13-Month Featured CD": the name, not a figure
    return spans


def _describe(quantity: Quantity, facts: list[Quantity]) -> str:
    same_unit = sorted({f.text.strip() for f in facts if f.unit == quantity.unit})[:4]
    kind = _UNIT_NAMES.get(quantity.unit, "figure")
    message = f"The {kind} '{quantity.text.strip()}' is not in the product facts"
    if same_unit:
        message += f" (facts say: {', '.join(same_unit)})"
    return message


def run(ctx):
    """A finding per unbacked quantity and per term claim no fact supports."""
    text = ctx.norm.text
    facts = fact_quantities(ctx)
    lookup = ctx.product_view.derived("fact_lookup", lambda _: QuantityLookup(facts))
    ignored = SpanSet(_ignored_spans(ctx))
    findings = []
    for quantity in ctx.quantities:
        if is_count(quantity):
            continue
        if ignored.overlaps(quantity.start, quantity.end):
            continue
        if lookup.backs(quantity):
            continue
        end = quantity.start + len(quantity.text.rstrip())
        findings.append(ctx.finding_at(NUMBER_RULE, quantity.start, end, message=_describe(quantity, facts)))
    backed = ctx.product_view.derived("claims_backed", lambda _: _claims_backed(ctx))
    for match in _TRUNCATED.finditer(text):
        findings.append(ctx.finding_at(TRUNCATED_RULE, *match.span()))
    claims = ctx.engine.claim_index(ctx.lang)
    for index, match in claims.finditer(text):
        rule = claims.owners[index]
        if rule.id in backed or not rule.applies(ctx.lang, ctx.product.kind, ctx.channel):
            continue
        if reported_not_claimed(ctx, *match.span()):
            continue  # a warning quoting what the bank never says
        if rule.negatable and is_negated(ctx, match.start()):
            continue  # 不得用于购房: the copy states the restriction, it does not claim the use
        if not (rule.verbatim and _quoted_in_facts(ctx, match.group(0))):
            findings.append(ctx.finding_at(rule, *match.span()))
    return findings


def _claims_backed(ctx) -> frozenset[str]:
    """Ids of the claim rules this product's facts back (a property of the product, read once)."""
    # The product's name is a fact too: the "30-Year Fixed Mortgage" has a fixed rate.
    facts = ctx.facts_text + "\nname: " + normalize(ctx.product.name).text
    return frozenset(rule.id for rule in ctx.engine.claims
                     if not rule.verbatim and any(p.search(facts) for p in rule.requires_fact))


def _quoted_in_facts(ctx, claim: str) -> bool:
    """Whether a fact states the claim itself (免申购费 / 免收申购费 read the same)."""
    facts = ctx.facts_text.replace("免收", "免")
    return claim.replace("免收", "免") in facts
