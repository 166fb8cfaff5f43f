"""Score the engine on a labelled corpus: per-category recall, false positives, verdict accuracy."""

from __future__ import annotations

from datetime import date

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.rules.findings import CATEGORIES


@dataclass
class CorpusScore:
    cases: int = 0
    verdict_correct: int = 0
    expected_hits: Counter = field(default_factory=Counter)  # category -> cases that should flag it
    found_hits: Counter = field(default_factory=Counter)  # category -> of those, cases where it was found
    clean_cases: int = 0  # cases expected to pass
    clean_flagged: int = 0  # ... that got any finding
    unexpected: Counter = field(default_factory=Counter)  # category -> cases flagged without being expected
    misses: list = field(default_factory=list)  # (id, category, text)
    false_alarms: list = field(default_factory=list)  # (id, category, rule, text)

    def recall(self, category: str | None = None) -> float:
        if category:
            expected = self.expected_hits[category]
            return self.found_hits[category] / expected if expected else 1.0
        total = sum(self.expected_hits.values())
        return sum(self.found_hits.values()) / total if total else 1.0

    @property
    def false_positive_rate(self) -> float:
        """Share of clean cases (expected to pass) that the engine flagged at all."""
        return self.clean_flagged / self.clean_cases if self.clean_cases else 0.0

    @property
    def verdict_accuracy(self) -> float:
        return self.verdict_correct / self.cases if self.cases else 1.0

    def to_dict(self) -> dict:
        return {
            "cases": self.cases,
            "recall": round(self.recall(), 4),
            "false_positive_rate": round(self.false_positive_rate, 4),
            "verdict_accuracy": round(self.verdict_accuracy, 4),
            "per_category": {
                c: {"expected": self.expected_hits[c], "found": self.found_hits[c], "recall": round(self.recall(c), 4),
                    "unexpected": self.unexpected[c]}
                for c in CATEGORIES
            },
        }


def load_cases(paths: list[Path]) -> list[dict]:
    cases = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            cases.extend(json.loads(line) for line in handle if line.strip())
    return cases


def score(engine, catalog, cases: list[dict]) -> CorpusScore:
    """Run every case through the engine and tally the results."""
    result = CorpusScore()
    for case in cases:
        product = catalog.product(case["product"])
        on = date.fromisoformat(case["date"]) if case.get("date") else None  # undated cases are timeless
        segment = catalog.segment(case["segment"]) if case.get("segment") else None  # its restrictions apply
        report = engine.check(case["text"], product, case["channel"], case.get("lang"), on=on, segment=segment)
        expected = set(case.get("categories", []))
        found = {f.category for f in report.findings}
        result.cases += 1
        result.verdict_correct += report.verdict == case["expect"]
        for category in expected:
            result.expected_hits[category] += 1
            if category in found:
                result.found_hits[category] += 1
            else:
                result.misses.append((case["id"], category, case["text"]))
        for finding in report.findings:
            if finding.category not in expected:
                result.false_alarms.append((case["id"], finding.category, finding.rule, case["text"][finding.start:finding.end], case["text"]))
        for category in found - expected:
            result.unexpected[category] += 1
        if case["expect"] == "pass":
            result.clean_cases += 1
            result.clean_flagged += bool(report.findings)
    return result
