"""High-pressure urgency, fear and fear of missing out (warn)."""

from copydesk.rules.checks.phrases import phrase_findings

CATEGORY = "pressure"


def run(ctx):
    """Findings of this category for one text."""
    return list(phrase_findings(ctx, CATEGORY))
