"""Absolute or unsubstantiated superlatives (block), e.g. best, #1, 最佳, 第一."""

from copydesk.rules.checks.meaning import concept_findings
from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "superlative"


def run(ctx):
    """Findings of this category for one text."""
    found = list(phrase_findings(ctx, CATEGORY))
    return found + list(concept_findings(ctx, CATEGORY, besides=found))
