"""High-pressure urgency, fear and fear of missing out (warn)."""

from copydesk.rules.checks.meaning import concept_findings
from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "pressure"


def run(ctx):
    """Findings of this category for one text."""
    found = list(phrase_findings(ctx, CATEGORY))
    return found + list(concept_findings(ctx, CATEGORY, besides=found))
