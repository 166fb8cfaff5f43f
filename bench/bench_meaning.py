"""Meaning over phrase lists, measured two ways (issue #14): the concept rules (synonym sets and
frames, assets/rules/*-concepts.toml) against a nearest-neighbour classifier over character
trigrams, on the four categories that are about meaning (guarantee, pressure, fair_lending,
superlative).

    .venv/bin/python bench/bench_meaning.py

- The classifier learns from the development corpora (tests/data/corpus_*.jsonl: each violating
  case's text labelled with its categories, clean cases labelled none) and labels a text with
  the categories of its nearest neighbour when the similarity clears a threshold.
- Both are scored on the blind set's tune half and on the development corpora (the classifier
  there by leave-one-out). The concept rules were written against the tune half, so their tune
  figure is optimistic; the development corpora were never read while writing them.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CATEGORIES = ("guarantee", "pressure", "fair_lending", "superlative")
THRESHOLDS = (0.2, 0.3, 0.4)


def trigrams(text: str) -> frozenset[str]:
    from copydesk.rules.normalize import normalize

    folded = re.sub(r"\s+", " ", normalize(text).text)
    return frozenset(folded[i:i + 3] for i in range(max(1, len(folded) - 2)))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？；;\n])", text) if s.strip()]


class NearestNeighbour:
    """Each training sentence with its labels; a text gets the labels of its closest sentence."""

    def __init__(self, cases: list[dict]):
        clean_rows = [(case["id"], trigrams(s)) for case in cases if case["expect"] == "pass" for s in sentences(case["text"])]
        clean = [grams for _, grams in clean_rows]
        self.rows = [(case_id, grams, frozenset()) for case_id, grams in clean_rows]
        for case in cases:
            if case["expect"] == "pass":
                continue
            labels = frozenset(c for c in case.get("categories", []) if c in CATEGORIES)
            for sentence in sentences(case["text"]):
                grams = trigrams(sentence)
                # A violating ad's disclosure line reads like every clean ad's: it carries no label.
                if any(len(grams & other) / max(1, len(grams | other)) >= 0.6 for other in clean):
                    continue
                self.rows.append((case["id"], grams, labels))

    def predict(self, text: str, threshold: float, exclude: str | None = None) -> set[str]:
        found: set[str] = set()
        for sentence in sentences(text):
            grams = trigrams(sentence)
            best, best_labels = 0.0, frozenset()
            for case_id, other, labels in self.rows:
                if case_id == exclude:
                    continue
                score = len(grams & other) / max(1, len(grams | other))
                if score > best:
                    best, best_labels = score, labels
            if best >= threshold:
                found |= best_labels
        return found


def score(cases: list[dict], predict) -> dict:
    hit, total = defaultdict(int), defaultdict(int)
    clean = flagged_clean = 0
    for case in cases:
        found = predict(case)
        if case["expect"] == "pass":
            clean += 1
            flagged_clean += bool(found)
            continue
        for category in case.get("categories", []):
            if category in CATEGORIES:
                total[category] += 1
                hit[category] += category in found
    return {"recall": {c: round(hit[c] / total[c], 3) for c in CATEGORIES if total[c]},
            "recall_all": round(sum(hit.values()) / max(1, sum(total.values())), 3),
            "false_positive_rate": round(flagged_clean / max(1, clean), 3)}


def main() -> None:
    from datetime import date

    from copydesk import resources
    from copydesk.catalog import load_catalog
    from copydesk.rules.engine import RuleEngine

    from copydesk.rules.engine import bundled_rules_dir
    from copydesk.rules.packs import load_rule_set

    # The concept packs alone: with the phrase packs loaded, a concept yields to a phrase rule
    # marking the same words, and its own reach would not show.
    engine = RuleEngine(load_rule_set(sorted(bundled_rules_dir().glob("*-concepts.toml"))))
    dev = [json.loads(line) for path in sorted((ROOT / "tests" / "data").glob("corpus_*.jsonl"))
           for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    blind = ROOT / "bench" / "compliance_blind"
    tune = [c for c in (json.loads(line) for line in (blind / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
            if c["split"] == "tune"]
    catalogs = {"dev": load_catalog(resources.sample_catalog_path()), "tune": load_catalog(blind / "catalog.json")}

    def concepts(which):
        catalog = catalogs[which]

        def predict(case):
            on = date.fromisoformat(case["date"]) if case.get("date") else None
            report = engine.check(case["text"], catalog.product(case["product"]), case["channel"], case.get("lang"), on=on)
            return {f.category for f in report.findings if ".concept." in f.rule}
        return predict

    knn = NearestNeighbour(dev)
    result = {"concept rules": {"tune": score(tune, concepts("tune")), "dev": score(dev, concepts("dev"))}}
    for threshold in THRESHOLDS:
        result[f"nearest neighbour >= {threshold}"] = {
            "tune": score(tune, lambda case: knn.predict(case["text"], threshold)),
            "dev (leave one out)": score(dev, lambda case: knn.predict(case["text"], threshold, exclude=case["id"])),
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
