"""Score the rule engine on a labelled corpus (recall, false positives, verdict accuracy).

    .venv/bin/python bench/score_corpus.py [--verbose] [--json] [FILE.jsonl ...]

Default: the development corpus in tests/data/. bench/data/holdout.jsonl was written apart
from the rules and is scored separately to see how they do on copy their authors never saw.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copydesk import resources  # noqa: E402
from copydesk.catalog import load_catalog  # noqa: E402
from copydesk.rules.engine import RuleEngine  # noqa: E402
from copydesk.rules.findings import CATEGORIES  # noqa: E402
from copydesk.rules.scoring import load_cases, score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("files", nargs="*", type=Path, help="JSONL corpora (default: tests/data/corpus_*.jsonl)")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "tests" / "data").glob("corpus_*.jsonl"))
    cases = load_cases(files)
    result = score(RuleEngine.load(), load_catalog(resources.sample_catalog_path()), cases)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    print(f"corpus: {result.cases} cases from {', '.join(f.name for f in files)}")
    print(f"{'category':<20}{'expected':>9}{'found':>7}{'recall':>8}{'unexpected':>11}")
    for category in CATEGORIES:
        print(f"{category:<20}{result.expected_hits[category]:>9}{result.found_hits[category]:>7}"
              f"{result.recall(category):>8.3f}{result.unexpected[category]:>11}")
    print(f"overall recall {result.recall():.3f} (target >= 0.95)")
    print(f"false-positive rate {result.false_positive_rate:.3f} on {result.clean_cases} clean cases (target <= 0.03)")
    print(f"verdict accuracy {result.verdict_accuracy:.3f}")
    if args.verbose:
        for case_id, category, text in result.misses:
            print(f"MISS  {case_id} {category}: {text}")
        for case_id, category, rule, span, text in result.false_alarms:
            print(f"EXTRA {case_id} {category} {rule} [{span}]: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
