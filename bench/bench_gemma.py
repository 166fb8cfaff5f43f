"""Gemma 3 270M (pruned en-zh vocabulary) on the lean decoder, against transformers' generate on
the same cache folder in the same process.

    .venv/bin/python bench/bench_gemma.py [--home DIR] [--new-tokens 32] [--reps 3] [--threads N] [--json-out PATH]

Figures:
  * load from cache  a fresh process: import, then LeanBackend.load() from the safetensors cache
                     (weights, tokenizer, vocabulary map, vocabulary text); peak RSS (VmHWM) after it
  * prefill          a 400-token prompt (bank ads from bench/samples), nothing cached, batch 1
  * decode           tokens/s at batch 1, 4 and 8 after the prefill (the same prompt in every row,
                     sampled at temperature 0.7 / top-p 0.95, exactly --new-tokens per row)
  * transformers     the same prompt and rows through Gemma3ForCausalLM.generate (the same pruned
                     folder, fp32, weights copied into RAM), first token = its prefill
Each figure is the median of --reps runs, the two runtimes taking turns. The machine's load
(uptime, CPU pressure) is printed before and after: the dev VM has 2 cores, and anything else
running on it shows in every figure (with another busy process, 2 torch threads run 5-15x
slower than 1; --threads 1 measures what one free core does).

--home points COPYDESK_HOME at a folder whose cache is kept between runs (default: a fresh temp
folder; the first load then converts the GGUF, ~2.5 min, and that is reported too).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_generation import machine_load, vm_hwm_mb  # noqa: E402  (stdlib-only helpers)

PROMPT_TOKENS = 400
BATCHES = (1, 4, 8)


def child(home: str) -> None:
    """A fresh process: import and load from the cache, as the app's first model use."""
    os.environ["COPYDESK_HOME"] = home
    started = time.perf_counter()
    from copydesk.generation.factory import make_backend

    backend, _ = make_backend("gemma3-270m", adapter=None)
    imported = time.perf_counter()
    backend.load()
    vocabulary = len(backend.vocabulary())
    print("RESULT " + json.dumps({
        "import_s": imported - started, "load_s": backend.load_seconds, "ready_s": time.perf_counter() - started,
        "rss_peak_mb": vm_hwm_mb(), "runtime": backend.runtime, "vocabulary": vocabulary,
        "transformers_imported": "transformers.modeling_utils" in sys.modules,
    }), flush=True)


def fresh_load(home: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(home)], capture_output=True, text=True, timeout=900)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"child failed (rc {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(line[len("RESULT "):])


def bank_prompt(backend) -> list[int]:
    """PROMPT_TOKENS tokens of bank ads (English and Chinese, as the pipeline's prompts mix)."""
    texts = []
    for name in ("samples_en.jsonl", "samples_zh.jsonl"):
        for line in (ROOT / "bench" / "samples" / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["best"]["text"])
    ids = backend.encode("Bank ads.\n" + "\n".join(f"Ad: {t}" for t in texts))
    assert len(ids) >= PROMPT_TOKENS, len(ids)
    return ids[:PROMPT_TOKENS]


def lean_run(backend, ids: list[int], batch: int, new_tokens: int, seed: int) -> dict:
    import torch

    from copydesk.generation.llama_runtime import BatchDecoder, sample

    backend.forget_prompt_cache()  # nothing cached: the prefill is measured whole
    with torch.inference_mode():
        generator = torch.Generator().manual_seed(seed)
        started = time.perf_counter()
        decoder = BatchDecoder(backend.lean, [ids] * batch, new_tokens)
        logits = decoder.first_logits
        prefilled = time.perf_counter()
        for step in range(new_tokens):
            tokens = sample(logits, 0.7, 0.95, generator)
            if step < new_tokens - 1:
                logits = decoder.next_logits(tokens)
        done = time.perf_counter()
    return {"prefill_s": prefilled - started, "decode_tok_s": batch * (new_tokens - 1) / (done - prefilled),
            "tok_s": batch * new_tokens / (done - started)}


def transformers_run(hf, ids: list[int], batch: int, new_tokens: int, seed: int) -> dict:
    import torch
    from transformers.generation.streamers import BaseStreamer

    marks = {}

    class Clock(BaseStreamer):
        calls = 0

        def put(self, value):
            Clock.calls += 1
            if Clock.calls == 2:  # the first call carries the prompt, the second the first token
                marks["first"] = time.perf_counter()

        def end(self):
            pass

    input_ids = torch.tensor([ids] * batch)
    with torch.inference_mode():
        torch.manual_seed(seed)
        started = time.perf_counter()
        hf.model.generate(input_ids=input_ids, attention_mask=torch.ones_like(input_ids), max_new_tokens=new_tokens,
                          min_new_tokens=new_tokens, do_sample=True, temperature=0.7, top_p=0.95,
                          pad_token_id=0, streamer=Clock())
        done = time.perf_counter()
    first = marks["first"]
    return {"prefill_s": first - started, "decode_tok_s": batch * (new_tokens - 1) / (done - first),
            "tok_s": batch * new_tokens / (done - started)}


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="COPYDESK_HOME to use and keep (default: a fresh temporary one)")
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's, one per core)")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    home = args.home or Path(tempfile.mkdtemp(prefix="copydesk-bench-gemma-"))
    os.environ["COPYDESK_HOME"] = str(home)
    result = {"machine_before": machine_load(), "new_tokens": args.new_tokens, "prompt_tokens": PROMPT_TOKENS}
    print(f"machine: {result['machine_before']}", flush=True)

    from copydesk.generation.models import cache_status, resolve_model

    if cache_status(resolve_model("gemma3-270m")) != "ready":
        print("converting the GGUF (fresh cache) ...", flush=True)
        result["conversion"] = fresh_load(home)
    result["load"] = [fresh_load(home) for _ in range(args.reps)]
    for run in result["load"]:
        print(f"load from cache: {run['load_s']:.2f} s (ready {run['ready_s']:.2f} s after start), "
              f"peak RSS {run['rss_peak_mb']:.0f} MiB, {run['runtime']}, vocabulary {run['vocabulary']}", flush=True)

    import torch

    from copydesk.generation.factory import make_backend
    from copydesk.generation.transformers_backend import TransformersBackend

    if args.threads:
        torch.set_num_threads(args.threads)
    result["threads"] = torch.get_num_threads()
    backend, _ = make_backend("gemma3-270m", adapter=None)
    backend.load()
    hf = TransformersBackend(backend.spec)
    hf.load()
    ids = bank_prompt(backend)
    lean_run(backend, ids, 1, 4, 0)  # warm-up
    transformers_run(hf, ids, 1, 4, 0)
    # The two runtimes take turns, so a busy moment on the VM hits both alike.
    runs = {"lean": {b: [] for b in BATCHES}, "transformers": {b: [] for b in BATCHES}}
    for batch in BATCHES:
        for rep in range(args.reps):
            runs["lean"][batch].append(lean_run(backend, ids, batch, args.new_tokens, rep))
            runs["transformers"][batch].append(transformers_run(hf, ids, batch, args.new_tokens, rep))
        for name in runs:
            figures = median_of(runs[name][batch])
            each = ", ".join(f"{r['decode_tok_s']:.1f}" for r in runs[name][batch])
            print(f"{name}, batch {batch}: prefill {figures['prefill_s']:.2f} s, decode {figures['decode_tok_s']:.1f} tok/s "
                  f"(runs: {each})", flush=True)
    result.update({name: {b: median_of(r) for b, r in by_batch.items()} for name, by_batch in runs.items()})
    result["runs"] = runs
    result["rss_peak_mb_both_loaded"] = vm_hwm_mb()
    result["machine_after"] = machine_load()
    print(f"machine: {result['machine_after']}", flush=True)
    print(table(result))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def table(result: dict) -> str:
    load = median_of([{k: r[k] for k in ("load_s", "ready_s", "rss_peak_mb")} for r in result["load"]])
    lines = [
        f"load from cache {load['load_s']:.2f} s (process ready {load['ready_s']:.2f} s), peak RSS {load['rss_peak_mb']:.0f} MiB",
        "",
        f"| {result['prompt_tokens']}-token prompt, {result['new_tokens']} new tokens | prefill | decode b1 | decode b4 | decode b8 |",
        "|---|---|---|---|---|",
    ]
    for name in ("lean", "transformers"):
        runs = result[name]
        lines.append(f"| {name} | {runs[1]['prefill_s']:.2f} s | " + " | ".join(f"{runs[b]['decode_tok_s']:.1f} tok/s" for b in BATCHES) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
