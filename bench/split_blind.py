"""Split a blind set into tune and holdout halves before anyone reads it: stratified by expect
and class, shuffled with a fixed seed, each stratum's cases alternating between the halves.

    python3 bench/split_blind.py bench/compliance_blind17 1717

Writes the `split` field into cases.jsonl in place (the other fields and the order unchanged).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path


def main(folder: str, seed: str) -> None:
    path = Path(folder) / "cases.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    strata = defaultdict(list)
    for case in cases:
        strata[case["expect"], case["class"]].append(case["id"])
    rng = random.Random(int(seed))
    halves = {}
    for key in sorted(strata):
        ids = strata[key]
        rng.shuffle(ids)
        first = rng.choice(("tune", "holdout"))  # an odd stratum's extra case goes either way
        for i, case_id in enumerate(ids):
            halves[case_id] = first if i % 2 == 0 else ("holdout" if first == "tune" else "tune")
    lines = [json.dumps({**case, "split": halves[case["id"]]}, ensure_ascii=False) for case in cases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = defaultdict(int)
    for half in halves.values():
        counts[half] += 1
    print(dict(counts))


if __name__ == "__main__":
    main(*sys.argv[1:3])
