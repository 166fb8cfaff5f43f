"""Run every benchmark in bench/ in turn (`make bench`)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = [["score_corpus.py"], ["score_corpus.py", str(HERE / "data" / "holdout.jsonl")], ["bench_rules.py"], ["bench_store.py"],
        ["bench_compliance_blind.py", "tune"], ["bench_drafts.py"]]

if __name__ == "__main__":
    status = 0
    for script, *args in RUNS:
        print(f"== {script} {' '.join(args)}", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / script), *args])
    sys.exit(status)
