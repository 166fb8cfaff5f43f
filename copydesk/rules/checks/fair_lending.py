"""Credit offers that exclude or favour applicants by a protected trait (block); the packs restrict these rules to credit kinds."""

from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "fair_lending"


def run(ctx):
    """Findings of this category for one text."""
    return list(phrase_findings(ctx, CATEGORY))
