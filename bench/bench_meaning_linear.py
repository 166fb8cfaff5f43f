"""Meaning over phrase lists, a third way (issue #14): a linear classifier over character n-grams,
trained on every labelled blind set, beside the rules, scored set by set on sets it did not see.

    .venv/bin/python bench/bench_meaning_linear.py [--threshold 0.5]   (about 16 minutes on 2 cores: 5 trainings)

bench_meaning.py measured a nearest-neighbour classifier on the development corpora (recall bought
with a false alarm on one clean ad in five). Sixteen blind sets later there are about 2,700
labelled cases in both languages, so this asks whether a learned model now generalizes where the
concept rules do not: for each evaluation set (one that other sets' writers never saw), a
one-vs-rest logistic regression (torch, hashed character 1-4 grams) is trained on all the other
sets, and the engine's verdict on the four meaning categories (guarantee, pressure,
fair_lending, superlative) is compared with "engine OR classifier" on that set: recall on the cases
labelled with those categories, false alarms on its clean cases.

Holdout halves (blind4, blind11, blind15, blind16) are neither trained on nor scored.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CATEGORIES = ("guarantee", "pressure", "fair_lending", "superlative")
DIMENSIONS = 1 << 16
EVALUATED = ("blind12", "blind13", "blind14", "blind15", "blind16")


def cases_of(name: str) -> list[dict]:
    from bench_compliance_blind import SETS

    rows = [json.loads(line) for line in (SETS[name] / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [dict(row, set=name) for row in rows if row.get("split", "tune") != "holdout"]


def features(text: str):
    from copydesk.rules.normalize import normalize

    folded = " ".join(normalize(text).text.split())
    grams = {folded[i:i + n] for n in (1, 2, 3, 4) for i in range(max(0, len(folded) - n + 1))}
    return [zlib.crc32(g.encode("utf-8")) % DIMENSIONS for g in grams]


def matrix(rows: list[dict]):
    import torch

    x = torch.zeros(len(rows), DIMENSIONS)
    for i, row in enumerate(rows):
        x[i, features(row["text"])] = 1.0
    x = x / x.sum(dim=1, keepdim=True).clamp(min=1).sqrt()  # long emails do not outvote short texts
    y = torch.tensor([[float(c in row["categories"]) for c in CATEGORIES] for row in rows])
    return x, y


def train(x, y, epochs: int = 60, l2: float = 1e-4):
    import torch

    torch.manual_seed(0)
    w = torch.zeros(x.shape[1], y.shape[1], requires_grad=True)
    b = torch.zeros(y.shape[1], requires_grad=True)
    optimizer = torch.optim.Adam([w, b], lr=0.05)
    positive = y.mean(0).clamp(min=1e-3)
    weight = ((1 - positive) / positive).clamp(max=10)  # rare categories count as much as clean copy
    for _ in range(epochs):
        optimizer.zero_grad()
        logits = x @ w + b
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, pos_weight=weight) + l2 * (w * w).sum()
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach()


def main() -> None:
    import torch

    from bench_compliance_blind import SETS
    from copydesk.catalog import load_catalog
    from copydesk.rules.engine import RuleEngine

    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    every = {name: cases_of(name) for name in SETS}
    engine = RuleEngine.load()
    results = {}
    for held in EVALUATED:
        training = [row for name, rows in every.items() if name != held for row in rows]
        x, y = matrix(training)
        w, b = train(x, y)
        rows = every[held]
        catalog = load_catalog(SETS[held] / "catalog.json")
        probabilities = torch.sigmoid(matrix(rows)[0] @ w + b)
        tally = {"cases": 0, "rules": 0, "combined": 0, "clean": 0, "rules_fp": 0, "combined_fp": 0}
        for row, p in zip(rows, probabilities):
            product = catalog.product(row["product"])
            segment = catalog.segment(row["segment"]) if row.get("segment") else None
            on = date.fromisoformat(row["date"]) if row.get("date") else None
            found = {f.category for f in engine.check(row["text"], product, row["channel"], row["lang"], on=on,
                                                         segment=segment).findings}
            learned = {c for c, value in zip(CATEGORIES, p.tolist()) if value >= args.threshold}
            wanted = set(row["categories"]) & set(CATEGORIES)
            if row["expect"] == "pass":
                tally["clean"] += 1
                tally["rules_fp"] += bool(found & set(CATEGORIES))
                tally["combined_fp"] += bool((found | learned) & set(CATEGORIES))
            elif wanted:
                tally["cases"] += 1
                tally["rules"] += bool(found & wanted)
                tally["combined"] += bool((found | learned) & wanted)
        results[held] = {
            "trained_on": len(training),
            "meaning_cases": tally["cases"],
            "recall_rules": round(tally["rules"] / max(1, tally["cases"]), 3),
            "recall_rules_or_classifier": round(tally["combined"] / max(1, tally["cases"]), 3),
            "clean": tally["clean"],
            "meaning_false_alarms_rules": tally["rules_fp"],
            "meaning_false_alarms_rules_or_classifier": tally["combined_fp"],
        }
        print(held, results[held], file=sys.stderr, flush=True)
    print(json.dumps({"threshold": args.threshold, "sets": results}, indent=1))


if __name__ == "__main__":
    main()
