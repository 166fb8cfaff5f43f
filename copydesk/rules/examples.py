"""Run every rule's own examples: what must flag flags, what must pass passes."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from copydesk.catalog import Product
from copydesk.rules.packs import ConceptRule


@dataclass(frozen=True)
class ExampleFailure:
    path: str
    rule: str
    line: int
    text: str
    expected_flag: bool
    found: tuple[str, ...]  # rule ids found instead

    def __str__(self) -> str:
        want = "should flag" if self.expected_flag else "should pass"
        return f"{self.path}:{self.line}: {self.rule}: example {want}: {self.text!r}"


def example_product(rule, example) -> Product:
    """A stand-in product with just the context the example names."""
    kind = example.kind or (sorted(rule.kinds)[0] if rule.kinds else "credit_card")
    lang = sorted(rule.languages)[0]
    return Product(
        id="example",
        name="Example product",
        kind=kind,
        lang=lang,
        facts=MappingProxyType(dict(example.facts)),
        disclosures=tuple(example.disclosures),
    )


def run_examples(engine, pack_id: str | None = None) -> tuple[int, list[ExampleFailure]]:
    """(examples run, failures) for every rule, or only the rules of one pack."""
    count, failures = 0, []
    for pack in engine.rule_set.packs:
        if pack_id and pack.id != pack_id and pack.path != pack_id:
            continue
        for rule in pack.all_rules:
            for example in rule.examples:
                product = example_product(rule, example)
                report = engine.check(example.text, product, example.channel, product.lang)
                found = tuple(f.rule for f in report.findings)
                count += 1
                flagged = rule.id in found
                if example.flag and isinstance(rule, ConceptRule):
                    # A concept yields to a phrase rule of its category that marks the same words.
                    flagged = any(f.category == rule.category for f in report.findings)
                if flagged != example.flag:
                    failures.append(ExampleFailure(pack.path, rule.id, rule.line, example.text, example.flag, found))
    return count, failures
