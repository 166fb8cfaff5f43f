"""Prepare a blind side-by-side read: this code's best draft against a recorded one, shuffled.

    .venv/bin/python bench/blind_pairs.py --old bench/samples/blind-today.jsonl --tag blind2 [--shuffle-seed 41]
        [--model gemma3-270m|template] [--from-drafts GRID.jsonl]

For every request in the old file (product, segment, channel, language, seed), generate this
code's best draft (or take it from a `bench_drafts.py --drafts-out` file of the same code), then write bench/samples/<tag>-new.jsonl (the drafts), <tag>-pairs.md (each
pair with the product's facts and the segment, A/B shuffled: the file a reader gets) and
<tag>-key.json (which side is new: kept apart until the read is recorded).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLES = Path(__file__).resolve().parent / "samples"
CATALOG = Path(__file__).resolve().parent / "catalog" / "bench.json"


def best_drafts(old_rows: list[dict], model: str) -> list[dict]:
    from copydesk.catalog import load_catalog
    from copydesk.generation.pipeline import DraftPipeline, GenerationRequest
    from copydesk.rules.engine import RuleEngine

    catalog = load_catalog(CATALOG)
    backend, languages = None, ()
    if model != "template":
        from copydesk.generation.factory import make_backend

        backend, languages = make_backend(model, lambda m: print(m, file=sys.stderr))
        backend.load()
    pipeline = DraftPipeline(catalog, RuleEngine.load(), backend, model_languages=languages)
    out = []
    for row in old_rows:
        request = GenerationRequest(row["product"], row["segment"], row["channel"], row["lang"], 4, row["seed"])
        started = time.perf_counter()
        best = pipeline.generate(request)[0]
        out.append({key: row[key] for key in ("product", "segment", "channel", "lang", "seed")}
                   | {"text": best.text, "backend": best.backend, "verdict": best.verdict,
                      "seconds": round(time.perf_counter() - started, 2)})
        print(row["lang"], row["channel"], row["product"], best.backend, best.verdict, file=sys.stderr)
    return out


def from_drafts(old_rows: list[dict], path: Path) -> list[dict]:
    """The best draft of each old request, from a grid run's drafts file."""
    def request_key(row):
        return tuple(row[k] for k in ("product", "segment", "channel", "lang", "seed"))

    grid = {request_key(r): r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}
    out = []
    for row in old_rows:
        best = grid[request_key(row)]["drafts"][0]
        out.append({key: row[key] for key in ("product", "segment", "channel", "lang", "seed")}
                   | {"text": best["text"], "backend": best["backend"], "verdict": best["verdict"],
                      "seconds": grid[request_key(row)]["seconds"]})
    return out


INTRO = ("Each pair is the best draft two versions of copydesk offered for the same request (product, segment,\n"
         "channel, language, seed) over the bench catalog. Which is which is shuffled per pair and kept out of this\n"
         "file until the read is recorded. The product's facts and the segment are given so the reader can judge\n"
         "accuracy and fit.")


def pairs_markdown(old_rows: list[dict], new_rows: list[dict], new_side: dict[str, str], intro: str = INTRO) -> str:
    from copydesk.catalog import load_catalog

    catalog = load_catalog(CATALOG)
    lines = ["# Blind side-by-side read: {} requests, two drafts each".format(len(old_rows)), "", *intro.splitlines(), ""]
    for index, (old, new) in enumerate(zip(old_rows, new_rows), start=1):
        product, segment = catalog.product(old["product"]), catalog.segment(old["segment"])
        a, b = (new, old) if new_side[str(index)] == "A" else (old, new)
        lines += [f"## Pair {index}: {old['lang']} · {old['channel']} · {product.name} · for {segment.name}", "",
                  f"Segment: {segment.description}", "", "Facts:", ""]
        lines += [f"- {key}: {value}" for key, value in product.facts.items()]
        lines += ["", f"Checker verdict — A: {a['verdict']}, B: {b['verdict']}", ""]
        for side, row in (("A", a), ("B", b)):
            lines += [f"**{side}**", ""] + ["    " + line if line else "" for line in row["text"].splitlines()] + [""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--tag", required=True)
    parser.add_argument("--model", default="gemma3-270m")
    parser.add_argument("--shuffle-seed", type=int, default=41)
    parser.add_argument("--from-drafts", type=Path, help="a bench_drafts.py --drafts-out file holding these requests")
    args = parser.parse_args()
    old_rows = [json.loads(line) for line in args.old.read_text(encoding="utf-8").splitlines() if line.strip()]
    new_rows = from_drafts(old_rows, args.from_drafts) if args.from_drafts else best_drafts(old_rows, args.model)
    rng = random.Random(args.shuffle_seed)
    new_side = {str(i): rng.choice("AB") for i in range(1, len(old_rows) + 1)}
    (SAMPLES / f"{args.tag}-new.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new_rows), encoding="utf-8")
    (SAMPLES / f"{args.tag}-pairs.md").write_text(pairs_markdown(old_rows, new_rows, new_side) + "\n", encoding="utf-8")
    (SAMPLES / f"{args.tag}-key.json").write_text(json.dumps({
        "note": f"Which draft of each pair in {args.tag}-pairs.md is the new one; the other is {args.old.name}. "
                "Do not open before the read is recorded.",
        "new_is": new_side, "old": args.old.name, "model": args.model}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
