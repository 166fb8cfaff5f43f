"""Absolute or unsubstantiated superlatives (block), e.g. best, #1, 最佳, 第一."""

from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "superlative"


def run(ctx):
    """Findings of this category for one text."""
    return list(phrase_findings(ctx, CATEGORY))
