"""fp32 against bfloat16 and int8 weights in the lean decoder (copydesk/generation/precision.py),
in one script on one loaded model (the bundled Gemma 3 270M with the house adapter):

  * agreement: next-token distributions at teacher-forced positions of the corpus's held-back
    ads (top-1 agreement with fp32, mean and max KL in nats), read as a decoding step (one row:
    int8's few-row kernel), fp32 read first;
  * speed: the pipeline's own model drafts (N = 4) for SMS and email requests of the bench
    catalog, the formats alternated twice (the later passes run on values already rounded by
    the earlier formats, which costs the same), median seconds a request, first token, and the
    ratios to fp32; and a 4-row decode step and a 400-token prefill alone;
  * memory: peak RSS of a fresh process that loads the model in each format.

    .venv/bin/python bench/bench_precision.py [--requests 6] [--threads 2] [--formats fp32,bf16,int8] [--json-out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def agreement(backend, formats: list[str], positions: int = 6) -> dict:
    import torch
    import torch.nn.functional as F

    from copydesk.generation.llama_runtime import BatchDecoder
    from copydesk.generation.training import corpus_examples

    model = backend.lean
    prefixes = []
    for example in [e for e in corpus_examples() if e.held_back][:24]:
        ids, start = backend.encode(example.prompt + example.target), len(backend.encode(example.prompt))
        prefixes += [ids[:k] for k in range(start, len(ids), 6)][:positions]

    def logits(precision: str) -> list:
        model.use_precision(precision)
        out = []
        with torch.inference_mode():
            for prefix in prefixes:
                model.forget_prompt()
                decoder = BatchDecoder(model, [prefix[:-1]], 2)  # the prompt, then its last token as a step
                out.append(decoder.next_logits(torch.tensor([prefix[-1]]))[0].float())
        return out

    full = logits("fp32")
    result = {"positions": len(full)}
    for precision in [f for f in formats if f != "fp32"]:
        low = logits(precision)
        kl = [F.kl_div(F.log_softmax(b, -1), F.log_softmax(a, -1), log_target=True, reduction="sum").item()
              for a, b in zip(full, low)]
        result[precision] = {"top1_agreement": round(sum(int(a.argmax() == b.argmax()) for a, b in zip(full, low)) / len(full), 3),
                             "mean_kl_nats": round(statistics.mean(kl), 5), "max_kl_nats": round(max(kl), 5)}
    return result


def kernels(backend, formats: list[str]) -> dict:
    import torch

    from copydesk.generation.llama_runtime import BatchDecoder

    model = backend.lean
    prompt = backend.encode("Bank ads. " * 100)[:400]
    out = {}
    for precision in formats * 2:
        model.use_precision(precision)
        with torch.inference_mode():
            model.forget_prompt()
            started = time.perf_counter()
            decoder = BatchDecoder(model, [prompt] * 4, 40)
            prefill = time.perf_counter() - started
            tokens = decoder.first_logits.argmax(-1)
            started = time.perf_counter()
            for _ in range(32):
                tokens = decoder.next_logits(tokens).argmax(-1)
            step = (time.perf_counter() - started) / 32
        out.setdefault(precision, []).append((prefill, step))
    return {p: {"prefill_400_s": round(min(r[0] for r in runs), 3), "step_4_rows_ms": round(1000 * min(r[1] for r in runs), 1)}
            for p, runs in out.items()}


def drafts(backend, count: int, formats: list[str]) -> dict:
    from bench_drafts import CATALOG, requests

    from copydesk.catalog import load_catalog
    from copydesk.generation.pipeline import DraftPipeline
    from copydesk.rules.engine import RuleEngine

    catalog = load_catalog(CATALOG)
    pipeline = DraftPipeline(catalog, RuleEngine.load(), backend, model_languages=("en", "zh"))
    chosen = {}
    for channel in ("sms", "email"):
        pool = [r for r in requests(catalog, 3, 4) if r.channel == channel]
        chosen[channel] = pool[:: max(1, len(pool) // count)][:count]
    seconds = {}
    for precision in formats * 2:
        backend.lean.use_precision(precision)
        for channel, todo in chosen.items():
            for request in todo:
                first = []
                started = time.perf_counter()
                pipeline.model_drafts(request, on_token=lambda i, t: first.append(time.perf_counter()) if not first else None)
                seconds.setdefault((precision, channel), []).append(
                    (time.perf_counter() - started, (first[0] - started) if first else None))
    result = {}
    for (precision, channel), runs in seconds.items():
        result.setdefault(channel, {})[precision] = {
            "median_s": round(statistics.median(r[0] for r in runs), 2),
            "first_token_s": round(statistics.median(r[1] for r in runs if r[1] is not None), 2)}
    for channel, by in result.items():
        for precision in [f for f in formats if f != "fp32"]:
            by[f"fp32_over_{precision}"] = round(by["fp32"]["median_s"] / by[precision]["median_s"], 2)
    return result


def peak_rss(precision: str) -> float:
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's at fork (this script holds
    # a model too), VmHWM from the fresh process image.
    code = ("import re, sys; sys.path.insert(0, %r)\n"
            "from copydesk.generation.factory import make_backend\n"
            "b, _ = make_backend('gemma3-270m', None); b.load()\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024)") % str(ROOT)
    env = {**os.environ, "COPYDESK_PRECISION": precision}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip().splitlines()[-1]), 0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=6, help="requests per channel (SMS, email)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--formats", default="fp32,bf16,int8", help="formats to compare (fp32 first)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    formats = ["fp32"] + [f for f in args.formats.split(",") if f and f != "fp32"]
    import torch

    from copydesk.generation.factory import make_backend

    os.environ["COPYDESK_PRECISION"] = "fp32"  # load fp32; each part switches as it measures
    torch.set_num_threads(args.threads)
    backend, _ = make_backend("gemma3-270m", lambda m: print(m, file=sys.stderr))
    backend.load()
    result = {"threads": args.threads, "agreement": agreement(backend, formats), "kernels": kernels(backend, formats),
              "drafts": drafts(backend, args.requests, formats),
              "peak_rss_mib": {p: peak_rss(p) for p in formats}}
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
