"""Score the rule engine on a blind compliance set written by someone who never read the rules:
bench/compliance_blind/ (2026-12-02) or, with --set blind4 ... blind14, bench/compliance_blind4/ to
bench/compliance_blind10/ (2026-12-03; blind5 to blind10 are not split:
score them with `all`).
`python bench/bench_compliance_blind.py [tune|holdout|all] [--set blind4] [--detail] [--no-learned]`
(--no-learned: the rules alone, without the learned meaning model of rules/learned.py).

Recall: a violation counts as caught when the verdict is not pass and at least one expected
category is among the findings; per category, when that category is found. False-positive
rate: clean cases (expect pass) that get warn or block. The holdout half stays untouched until
the final score (bench/compliance_blind/README.md)."""

from __future__ import annotations

import json
import sys
from datetime import date
from collections import defaultdict
from pathlib import Path

SETS = {"blind": Path(__file__).resolve().parent / "compliance_blind",
        "blind4": Path(__file__).resolve().parent / "compliance_blind4",
        "blind5": Path(__file__).resolve().parent / "compliance_blind5",  # not split: all of it is tuning data
        "blind6": Path(__file__).resolve().parent / "compliance_blind6",  # not split: scored once, end of session 10
        "blind7": Path(__file__).resolve().parent / "compliance_blind7",  # not split: scored once, start of session 11
        "blind8": Path(__file__).resolve().parent / "compliance_blind8",  # not split: scored once, after the blind7 work
        "blind9": Path(__file__).resolve().parent / "compliance_blind9",  # not split: scored once, end of session 11
        "blind10": Path(__file__).resolve().parent / "compliance_blind10",  # not split: scored once, start of session 12
        # split (tune / holdout), session 13: the holdout half is scored only as a figure, its cases never read
        "blind11": Path(__file__).resolve().parent / "compliance_blind11",
        "blind12": Path(__file__).resolve().parent / "compliance_blind12",  # not split: scored once, end of session 13
        # not split, one language each: scored once, end of session 14
        "blind13": Path(__file__).resolve().parent / "compliance_blind13",
        "blind14": Path(__file__).resolve().parent / "compliance_blind14",
        # split (tune / holdout), session 15: first run on all of it, then only tune is read
        "blind15": Path(__file__).resolve().parent / "compliance_blind15",
        "blind16": Path(__file__).resolve().parent / "compliance_blind16",
        # split (tune / holdout), session 17: first run on all of it (with and without the learned
        # meaning model, which was trained before they were written), then only tune is read
        "blind17": Path(__file__).resolve().parent / "compliance_blind17",
        "blind18": Path(__file__).resolve().parent / "compliance_blind18"}


def score(split: str = "tune", which: str = "blind", learned: bool = True) -> dict:
    here = SETS[which]
    from copydesk.catalog import load_catalog
    from copydesk.rules.engine import RuleEngine

    catalog = load_catalog(here / "catalog.json")
    engine = RuleEngine.load()
    if not learned:
        engine.learned = None  # the rules alone, without the learned meaning model
    cases = [json.loads(line) for line in (here / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    if split != "all":
        cases = [c for c in cases if c["split"] == split]
    caught, total = defaultdict(int), defaultdict(int)
    by_category, by_category_total = defaultdict(int), defaultdict(int)
    false_pos, clean = defaultdict(int), defaultdict(int)
    wrong_fact_passed = 0
    misses, false_alarms = [], []
    for case in cases:
        on = date.fromisoformat(case["date"]) if case.get("date") else None  # undated cases are timeless
        segment = catalog.segment(case["segment"]) if case.get("segment") else None  # its restrictions apply
        report = engine.check(case["text"], catalog.product(case["product"]), case["channel"], case["lang"], on=on,
                              segment=segment)
        found = {f.category for f in report.findings}
        lang = case["lang"]
        if case["expect"] == "pass":
            clean[lang] += 1
            if report.verdict != "pass":
                false_pos[lang] += 1
                false_alarms.append((case["id"], case["class"], sorted(found)))
            continue
        total[lang] += 1
        hit = report.verdict != "pass" and bool(found & set(case["categories"]))
        caught[lang] += hit
        if not hit:
            misses.append((case["id"], case["class"], sorted(found)))
        if "misattributed" in case["class"] and report.verdict == "pass":  # any set's name for it, alone or with another class
            wrong_fact_passed += 1
        for category in case["categories"]:
            by_category_total[category] += 1
            by_category[category] += category in found
    langs = sorted(set(total) | set(clean))
    return {
        "split": split, "cases": len(cases),
        "recall": round(sum(caught.values()) / max(sum(total.values()), 1), 3),
        "false_positive_rate": round(sum(false_pos.values()) / max(sum(clean.values()), 1), 3),
        "recall_by_language": {l: round(caught[l] / max(total[l], 1), 3) for l in langs},
        "fpr_by_language": {l: round(false_pos[l] / max(clean[l], 1), 3) for l in langs},
        "recall_by_category": {c: round(by_category[c] / by_category_total[c], 3) for c in sorted(by_category_total)},
        "misattributed_figures_passed": wrong_fact_passed,
        "misses": misses, "false_alarms": false_alarms,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    which = sys.argv[sys.argv.index("--set") + 1] if "--set" in sys.argv else "blind"
    args = [a for a in args if a != which]
    result = score(args[0] if args else "tune", which, learned="--no-learned" not in sys.argv)
    detail = "--detail" in sys.argv
    print(json.dumps(result if detail else {k: v for k, v in result.items() if k not in ("misses", "false_alarms")},
                     indent=2, ensure_ascii=False))
