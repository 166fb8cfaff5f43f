"""Draft quality over the bench catalog (bench/catalog/bench.json: not the sample, not the corpus).

    .venv/bin/python bench/bench_drafts.py [--model template|gemma3-270m|PATH] [--adapter DIR|none]
        [--segments 3] [--n 4] [--limit K] [--samples] [--json-out PATH] [--drafts-out PATH]

Every product x 3 segments of its language x every channel, N drafts each. Per language:
  model best      share of requests whose best draft the model wrote (not the fact template)
  model drafts    share of all N drafts offered that the model wrote
  best passes     share whose best draft passes the checker
  figures outside a fact   best drafts stating a figure the product's facts do not hold
  complete emails best emails with a subject, a greeting, a call to action and disclosures
  similarity      mean pairwise similarity of the N drafts (word / character bigram Jaccard)
  needs covered   share of the segment's needs the best draft answers
  s/request       wall time per request
With --samples, 10 best drafts per language and channel go to bench/samples/drafts-<model>-<lang>.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CATALOG = Path(__file__).resolve().parent / "catalog" / "bench.json"
SAMPLES = Path(__file__).resolve().parent / "samples"


def requests(catalog, segments_per_product: int, n: int, seed: int = 11):
    from copydesk.catalog import CHANNELS
    from copydesk.generation.pipeline import GenerationRequest

    out = []
    for lang in ("en", "zh"):
        products = [p for p in catalog.products if p.lang == lang]
        segments = [s for s in catalog.segments if s.lang == lang]
        for index, product in enumerate(products):
            chosen = [segments[(index + k) % len(segments)] for k in range(segments_per_product)]
            for segment, channel in itertools.product(chosen, CHANNELS):
                out.append(GenerationRequest(product.id, segment.id, channel, lang, n, seed + len(out)))
    return out


def spread(todo: list, k: int) -> list:
    """K requests taken in turn from every (language, channel), each group's products spread out:
    a plain stride over the grid's order fell on three channels and one language."""
    groups: dict = {}
    for request in todo:
        groups.setdefault((request.lang, request.channel), []).append(request)
    per_group = -(-k // len(groups))  # ceiling
    spaced = []
    for g, members in enumerate(groups.values()):
        stride = max(1, len(members) // per_group)
        spaced.append(members[g % stride:: stride][:per_group])  # each group starts elsewhere: more products
    picked = [group[i] for i in range(per_group) for group in spaced if i < len(group)]
    return picked[:k]


def figures_outside_facts(engine, draft, product) -> int:
    from copydesk.rules.checks.grounding import product_quantities
    from copydesk.rules.normalize import normalize
    from copydesk.rules.quantities import extract_quantities, same_quantity

    facts = engine.product_view(product).derived("fact_quantities", product_quantities)
    stated = extract_quantities(normalize(draft.text).text)
    return sum(1 for q in stated if not any(same_quantity(q, f) for f in facts))


def run(args) -> dict:
    from copydesk.catalog import load_catalog
    from copydesk.generation.pipeline import DraftPipeline, similarity
    from copydesk.generation.plan import segment_needs
    from copydesk.rules.engine import RuleEngine

    catalog = load_catalog(CATALOG)
    engine = RuleEngine.load()
    backend, languages = None, ()
    if args.model != "template":
        from copydesk.generation.factory import make_backend

        adapter = None if args.adapter == "none" else args.adapter
        backend, languages = make_backend(args.model, lambda m: print(m, file=sys.stderr), adapter=adapter)
        backend.load()
    pipeline = DraftPipeline(catalog, engine, backend, model_languages=languages)
    todo = requests(catalog, args.segments, args.n)
    if args.channels:
        todo = [r for r in todo if r.channel in args.channels.split(",")]
    if args.limit:
        todo = spread(todo, args.limit)
    stats = defaultdict(lambda: defaultdict(list))
    samples = defaultdict(list)
    drafts_out = args.drafts_out.open("w", encoding="utf-8") if args.drafts_out else None
    for number, request in enumerate(todo, 1):
        started = time.perf_counter()
        drafts = pipeline.generate(request)
        seconds = time.perf_counter() - started
        product, segment = catalog.product(request.product), catalog.segment(request.segment)
        best = drafts[0]
        s = stats[request.lang]
        s["model_best"].append(best.backend != "template")
        s["model_drafts"].append(sum(d.backend != "template" for d in drafts) / max(1, len(drafts)))
        s["best_passes"].append(best.verdict == "pass")
        s["figures_outside"].append(figures_outside_facts(engine, best, product) > 0)
        s["drafts"].append(len(drafts) >= request.n)
        if request.channel == "email":
            s["complete_email"].append(all(k in best.parts for k in ("subject", "greeting", "cta", "disclosures")))
        pairs = [similarity(a.text, b.text) for a, b in itertools.combinations(drafts, 2)]
        if pairs:
            s["similarity"].append(statistics.mean(pairs))
        needs = segment_needs(segment, product)
        answered = {n["id"] for n in best.explanation.get("segment_needs", [])}
        s["needs_covered"].append(len(answered & set(needs)) / max(len(needs), 1))
        s["seconds"].append(seconds)
        s[f"seconds_{request.channel}"].append(seconds)
        if len(samples[(request.lang, request.channel)]) < 10:
            samples[(request.lang, request.channel)].append((request, best))
        if drafts_out is not None:
            drafts_out.write(json.dumps({
                "product": request.product, "segment": request.segment, "channel": request.channel,
                "lang": request.lang, "seed": request.seed, "seconds": round(seconds, 2),
                "threads": getattr(backend, "threads", None),
                "drafts": [{"backend": d.backend, "verdict": d.verdict, "text": d.text, "score": round(d.score, 3),
                            "blocks": [f.rule for f in d.report.findings if f.severity == "block"]} for d in drafts],
            }, ensure_ascii=False) + "\n")
            drafts_out.flush()
        print(f"[{number}/{len(todo)}] {request.lang} {request.channel} {request.product} -> {best.backend} "
              f"{best.verdict} {seconds:.1f}s", file=sys.stderr, flush=True)
    result = {"model": args.model, "adapter": args.adapter, "requests": len(todo), "n": args.n, "languages": {}}
    for lang, s in stats.items():
        result["languages"][lang] = {
            key: round(statistics.mean(values), 3) for key, values in sorted(s.items()) if values
        } | {"requests": len(s["seconds"])}
    if args.samples:
        write_samples(samples, args.model)
    return result


def write_samples(samples, model: str) -> None:
    SAMPLES.mkdir(exist_ok=True)
    name = Path(model).name if model != "template" else "template"
    for lang in ("en", "zh"):
        lines = [f"# Best drafts, {lang}, model {name}", "",
                 "Generated by bench/bench_drafts.py over bench/catalog/bench.json (10 per channel).", ""]
        for (sample_lang, channel), items in sorted(samples.items()):
            if sample_lang != lang:
                continue
            lines += [f"## {channel}", ""]
            for request, draft in items:
                plan = draft.explanation.get("plan", {})
                lines.append(f"### {request.product} · {request.segment} · {plan.get('angle', '')} · "
                             f"{draft.backend} · {draft.verdict}")
                lines.append("")
                lines += ["    " + line for line in draft.text.splitlines()]
                lines.append("")
        (SAMPLES / f"drafts-{name}-{lang}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="template")
    parser.add_argument("--adapter", default="default", help="adapter folder, 'default' (the house adapter) or 'none'")
    parser.add_argument("--segments", type=int, default=3)
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--limit", type=int, default=0, help="a spread of K requests instead of all")
    parser.add_argument("--channels", default="", help="only these channels (comma-separated)")
    parser.add_argument("--samples", action="store_true")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--drafts-out", type=Path, help="every request's drafts as JSON lines (for reading them)")
    args = parser.parse_args()
    result = run(args)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
