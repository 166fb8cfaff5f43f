"""Credit offers that exclude or favour applicants by a protected trait (block); the packs restrict these rules to credit kinds."""

from copydesk.rules.checks.meaning import concept_findings
from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "fair_lending"


def run(ctx):
    """Findings of this category for one text."""
    found = list(phrase_findings(ctx, CATEGORY))
    return found + list(concept_findings(ctx, CATEGORY, besides=found))
