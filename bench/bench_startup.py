"""Start-up of the desktop app: time to a usable window, and to the model being ready.

Each figure comes from a fresh Python process (what a user's double-click pays), run a few
times; the baseline is a bare QApplication + QMainWindow in a fresh process on the same
machine, so the ratio shows what copydesk adds on top of Qt itself.

    .venv/bin/python bench/bench_startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = r"""
import time; started = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([]); window = QMainWindow(); window.show(); app.processEvents()
print(json.dumps({"window_s": time.perf_counter() - started}))
"""

COPYDESK = r"""
import time; started = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from copydesk.ui.app import build_services, load_bundled_fonts
from copydesk.ui.main_window import MainWindow
load_bundled_fonts()
services = build_services("alice", sys.argv[1])
window = MainWindow(services, load_model=sys.argv[2] == "model")
window.show(); app.processEvents()
result = {"window_s": time.perf_counter() - started}
if sys.argv[2] == "model":
    while window.model_state == "loading":
        app.processEvents(); time.sleep(0.005)
    result["model_s"] = time.perf_counter() - started
    result["model_state"] = window.model_state
print(json.dumps(result))
"""


def run(code: str, *args: str, home: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COPYDESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", "import json, sys\n" + code, *args], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copydesk-startup-") as folder:
        home = Path(folder)
        db = str(home / "copydesk.db")
        run(COPYDESK, db, "model", home=home)  # first start: converts the GGUF into the cache; not timed
        baseline = [run(BASELINE, home=home)["window_s"] for _ in range(args.runs)]
        windows = [run(COPYDESK, db, "none", home=home)["window_s"] for _ in range(args.runs)]
        models = [run(COPYDESK, db, "model", home=home) for _ in range(args.runs)]
    base, window = statistics.median(baseline), statistics.median(windows)
    model = statistics.median(m["model_s"] for m in models)
    print("measure                                   | median of %d | target" % args.runs)
    print("------------------------------------------|-------------|-------")
    print(f"bare Qt window (baseline)                 | {base:8.2f} s  |")
    print(f"copydesk window usable                    | {window:8.2f} s  | < 2 s  ({window / base:.1f}x the bare window)")
    print(f"copydesk model ready (safetensors cache)  | {model:8.2f} s  | < 5 s  (state: {models[-1]['model_state']})")
    missed = [name for name, value, target in (("window", window, 2), ("model", model, 5)) if value >= target]
    print("targets met" if not missed else f"MISSED: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
