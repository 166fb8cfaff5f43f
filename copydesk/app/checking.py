"""The live check's actions on the editor's text: one finding's safe fix, or every safe fix."""

from __future__ import annotations

from copydesk.catalog import Product
from copydesk.rules.engine import RuleEngine
from copydesk.rules.findings import Finding, Report
from copydesk.rules.fixes import apply_fixes, replace_spans


def fix_one(text: str, finding: Finding) -> str:
    """The text with this finding's fix applied (the text as it is when the finding has none)."""
    return replace_spans(text, Report((finding,))) if finding.fix is not None else text


def fix_all(engine: RuleEngine, text: str, product: Product, channel: str, lang: str) -> str:
    """Every safe fix, re-checking after each, and the missing disclosures appended."""
    fixed, _ = apply_fixes(engine, text, product, channel, lang)
    return fixed


def figure_lines(report: Report, lang: str = "en") -> list[str]:
    """Each figure of the copy and the fact it states, as a reviewer reads it."""
    from copydesk.labels import fact_label

    lines = []
    for figure in report.figures:
        if figure.fact is None:
            lines.append(f"\u201c{figure.text}\u201d \u2192 no product fact states it")
        else:
            lines.append(f"\u201c{figure.text}\u201d \u2192 {fact_label(figure.fact, lang)}: {figure.fact_value}")
    return lines
