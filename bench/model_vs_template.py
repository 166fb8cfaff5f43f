"""Prepare a blind read of the house model against the fact templates, request by request.

    .venv/bin/python bench/model_vs_template.py --requests bench/samples/blind-today.jsonl --tag mvt1
        [--adapter house|none|DIR] [--shuffle-seed 43]

For every request in the file (product, segment, channel, language, seed) this code makes its
drafts once, then takes the best passing draft the model wrote and the best passing fact
template (the one that leads today). It writes bench/samples/<tag>-pairs.md (each pair with the
product's facts and the segment, A/B shuffled: the file a reader gets), <tag>-drafts.jsonl
(both sides) and <tag>-key.json (which side is the model's: kept apart until the read is
recorded). A request where the model wrote no passing draft is listed apart in the key as
`no_model_draft`: the template wins it without a read.

The read decides whether a passing model draft may lead instead of the best template.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
SAMPLES = Path(__file__).resolve().parent / "samples"


def sides(rows: list[dict], adapter: str) -> list[dict]:
    from blind_pairs import CATALOG
    from copydesk.catalog import load_catalog
    from copydesk.generation.factory import make_backend
    from copydesk.generation.pipeline import DraftPipeline, GenerationRequest, disclosure_options, usable
    from copydesk.rules.engine import RuleEngine

    catalog = load_catalog(CATALOG)
    engine = RuleEngine.load()
    backend, languages = make_backend("gemma3-270m", lambda m: print(m, file=sys.stderr),
                                      adapter=None if adapter == "none" else adapter)
    backend.load()
    pipeline = DraftPipeline(catalog, engine, backend, model_languages=languages)
    out = []
    for row in rows:
        request = GenerationRequest(row["product"], row["segment"], row["channel"], row["lang"], 4, row["seed"])
        product = catalog.product(request.product)
        written = pipeline.model_drafts(request)
        disclosures = disclosure_options(product)
        passing = [d for d in written if d.verdict == "pass" and usable(d, product, engine, disclosures)]
        model_best = pipeline.rank(passing, 1)
        template_best = pipeline.rank_with_templates(request, [])[0]
        out.append({key: row[key] for key in ("product", "segment", "channel", "lang", "seed")}
                   | {"model": model_best[0].text if model_best else None,
                      "model_score": round(model_best[0].score, 3) if model_best else None,
                      "template": template_best.text, "template_verdict": template_best.verdict})
        print(row["lang"], row["channel"], row["product"], "model" if model_best else "-", file=sys.stderr, flush=True)
    return out


INTRO = ("Each pair is two drafts copydesk offered for the same request (product, segment, channel, language)\n"
         "over the bench catalog. Where each came from is shuffled per pair and kept out of this file until the\n"
         "read is recorded. The product's facts and the segment are given so the reader can judge accuracy and fit.")


def pairs_markdown(pairs: list[dict], model_side: dict[str, str]) -> str:
    """The read's file, laid out as blind_pairs lays it out (the model's draft as the "new" side)."""
    from blind_pairs import pairs_markdown as layout

    templates = [pair | {"text": pair["template"], "verdict": pair["template_verdict"]} for pair in pairs]
    models = [pair | {"text": pair["model"], "verdict": "pass"} for pair in pairs]
    return layout(templates, models, model_side, INTRO)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=Path, required=True)
    parser.add_argument("--tag", required=True)
    parser.add_argument("--adapter", default="house")
    parser.add_argument("--shuffle-seed", type=int, default=43)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.requests.read_text(encoding="utf-8").splitlines() if line.strip()]
    made = sides(rows, args.adapter)
    (SAMPLES / f"{args.tag}-drafts.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in made), encoding="utf-8")
    pairs = [r for r in made if r["model"]]
    rng = random.Random(args.shuffle_seed)
    model_side = {str(i): rng.choice("AB") for i in range(1, len(pairs) + 1)}
    (SAMPLES / f"{args.tag}-pairs.md").write_text(pairs_markdown(pairs, model_side) + "\n", encoding="utf-8")
    (SAMPLES / f"{args.tag}-key.json").write_text(json.dumps({
        "note": f"Which draft of each pair in {args.tag}-pairs.md the house model wrote; the other is the best fact "
                "template. Do not open before the read is recorded.",
        "model_is": model_side, "adapter": args.adapter, "requests": len(made),
        "no_model_draft": [f"{r['lang']} {r['channel']} {r['product']}" for r in made if not r["model"]]},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs of {len(made)} requests", file=sys.stderr)


if __name__ == "__main__":
    main()
