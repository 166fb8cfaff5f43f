"""False alarms on clean copy: the hand-written corpus (assets/corpus/, every ad written to pass a
careful reviewer) through the compliance engine.

    .venv/bin/python bench/bench_clean_corpus.py [--batches en-household,zh-youth] [--detail]

Each ad's parts are filled with its product's facts and assembled as the pipeline assembles them,
with the catalog's disclosures as the footer (a short channel's length is not judged here: its
legend is the pipeline's to fit), then checked. An ad with a blocking or warning finding is a
false alarm: the engine objects to copy a reviewer would pass. The six batches of session 14 were
scored once before any rule was changed for them (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from copydesk.catalog import CHANNELS
    from copydesk.generation import compose
    from copydesk.generation.corpus import batches, load_batch
    from copydesk.generation.formats import channel_format
    from copydesk.rules.engine import RuleEngine
    from copydesk.rules.fixes import end_sentence

    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", help="file stems, comma-separated (default: every batch)")
    parser.add_argument("--detail", action="store_true", help="list every false alarm")
    args = parser.parse_args()
    chosen = set(args.batches.split(",")) if args.batches else None
    engine = RuleEngine.load()
    counts, alarms = Counter(), []
    for path in batches():
        if chosen is not None and path.stem not in chosen:
            continue
        catalog, ads = load_batch(path)
        for ad in ads:
            product = catalog.product(ad.product)
            fmt = channel_format(ad.channel, ad.lang)
            filled = compose.fill_parts(ad.parts, {**product.facts, "name": product.name})
            short = CHANNELS[ad.channel].limit is not None
            text, _ = compose.assemble(fmt, filled, product.facts.get("bank", ""), [] if short else list(product.disclosures))
            if short:  # as repair appends them, after a full stop (the length is the pipeline's to fit)
                gap = "" if ad.lang == "zh" else " "
                text = end_sentence(text) + gap + gap.join(product.disclosures)
            if fmt.opt_out:
                text = compose.add_opt_out(text, fmt)
            report = engine.check(text, product, ad.channel, ad.lang)
            found = [f for f in report.findings if f.severity in ("block", "warn") and f.rule != "length.channel_limit"]
            counts[ad.lang, "ads"] += 1
            if found:
                counts[ad.lang, "false alarms"] += 1
                alarms.append({"ad": ad.source, "rules": sorted({f.rule for f in found}),
                               "messages": [f.message for f in found], "text": text})
    result = {lang: {"ads": counts[lang, "ads"], "false_alarms": counts[lang, "false alarms"],
                     "rate": round(counts[lang, "false alarms"] / counts[lang, "ads"], 3)}
              for lang in ("en", "zh") if counts[lang, "ads"]}
    if args.detail:
        result["alarms"] = alarms
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
