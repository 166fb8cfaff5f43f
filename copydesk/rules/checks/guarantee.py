"""Promises of returns, approval or outcomes (block): phrases and paraphrases from the packs."""

from copydesk.rules.checks.meaning import concept_findings
from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "guarantee"


def run(ctx):
    """Findings of this category for one text."""
    found = list(phrase_findings(ctx, CATEGORY))
    return found + list(concept_findings(ctx, CATEGORY, besides=found))
