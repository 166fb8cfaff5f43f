"""The lean decoder against llama.cpp on the same GGUF (Gemma 3 270M Q4_K_M), same prompt, same
number of drafts, in one script.

    .venv/bin/python bench/bench_llamacpp.py --llama-python /path/to/venv/bin/python [--new-tokens 32] [--reps 3]

llama.cpp runs in its own bench-only venv (llama-cpp-python built from source; see bench/README.md
for the build flags this VM needs), started from here as a child process, so the two take turns
on the same machine. Figures, median of --reps:
  * 4 drafts    4 x --new-tokens from one 400-token prompt, nothing cached at the start:
                lean decoder: one batch of 4 rows sharing one prefill;
                llama.cpp: 4 completions one after another, the prompt cached after the first
                (llama-cpp-python reuses the longest matching prefix);
                reported as aggregate tokens/s (all tokens / wall time, prefill included)
  * batch 1     decode tokens/s of a single stream after its prefill, and the prefill seconds
Both at the same thread count (--threads, default every core) and sampling (0.7 / 0.95); end of
text is masked so every stream writes exactly --new-tokens.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gemma import bank_prompt, lean_run  # noqa: E402

CHILD = r'''
import json, sys, time
from llama_cpp import Llama
args = json.loads(sys.argv[1])
llm = Llama(model_path=args["gguf"], n_ctx=1024, n_batch=512, n_threads=args["threads"], verbose=False, seed=1)
eos = llm.token_eos()
bias = {eos: -1e9}
prompt = args["prompt"]
n = args["new_tokens"]
def complete(seed):
    out = llm.create_completion(prompt, max_tokens=n, temperature=0.7, top_p=0.95, seed=seed, logit_bias=bias)
    return out["usage"]["completion_tokens"], out["usage"]["prompt_tokens"]
runs = []
complete(0)  # warm-up (its page-ins are not measured)
for rep in range(args["reps"]):
    llm.reset()  # nothing cached: the first completion computes the prompt whole
    started = time.perf_counter()
    tokens, prompt_tokens = complete(10 * rep)  # with prefill
    first = time.perf_counter()
    more = sum(complete(10 * rep + k)[0] for k in (1, 2, 3))  # the prompt is cached now
    done = time.perf_counter()
    cached_start = time.perf_counter()
    one, _ = complete(10 * rep + 9)
    cached = time.perf_counter() - cached_start
    runs.append({"four_drafts_tok_s": (tokens + more) / (done - started), "first_stream_s": first - started,
                 "decode_tok_s_batch1": one / cached, "prompt_tokens": prompt_tokens, "tokens": tokens + more})
print("RESULT " + json.dumps(runs))
'''


def gguf_file(spec, folder: Path) -> Path:
    """The GGUF as one file (the wheels ship it in parts), checked against its pinned sha256."""
    if spec.path.exists():
        return spec.path
    target = folder / spec.path.name
    if not target.exists():
        with target.open("wb") as out:
            for part in spec.parts:
                out.write(part.read_bytes())
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != spec.sha256:
        raise SystemExit(f"{target}: sha256 {digest} is not the pinned {spec.sha256}")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llama-python", required=True, help="python of the venv with llama-cpp-python")
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/copydesk-bench-llamacpp"))
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()

    import os

    import torch

    from copydesk.generation.factory import make_backend, resolve_model

    threads = args.threads or (os.cpu_count() or 1)
    torch.set_num_threads(threads)
    args.workdir.mkdir(parents=True, exist_ok=True)
    spec = resolve_model("gemma3-270m")
    gguf = gguf_file(spec, args.workdir)
    backend, _ = make_backend("gemma3-270m", adapter=None)
    backend.load()
    ids = bank_prompt(backend)
    prompt = backend.decode(ids)
    lean_run(backend, ids, 4, 4, 0)  # warm-up

    lean = {"four": [], "one": []}
    for rep in range(args.reps):
        lean["four"].append(lean_run(backend, ids, 4, args.new_tokens, rep))
        lean["one"].append(lean_run(backend, ids, 1, args.new_tokens, rep))
    child = subprocess.run([args.llama_python, "-c", CHILD, json.dumps({
        "gguf": str(gguf), "threads": threads, "prompt": prompt, "new_tokens": args.new_tokens, "reps": args.reps})],
        capture_output=True, text=True, timeout=1800)
    line = next((l for l in child.stdout.splitlines() if l.startswith("RESULT ")), None)
    if child.returncode != 0 or line is None:
        raise SystemExit(f"llama.cpp child failed (rc {child.returncode}):\n{child.stderr[-3000:]}")
    llama = json.loads(line[len("RESULT "):])

    def med(runs, key):
        return round(statistics.median(r[key] for r in runs), 2)

    result = {
        "threads": threads, "new_tokens": args.new_tokens, "prompt_tokens_lean": len(ids),
        "prompt_tokens_llama": llama[0]["prompt_tokens"], "reps": args.reps,
        "lean_four_drafts_tok_s": med(lean["four"], "tok_s"),
        "llama_four_drafts_tok_s": med(llama, "four_drafts_tok_s"),
        "lean_decode_tok_s_batch1": med(lean["one"], "decode_tok_s"),
        "llama_decode_tok_s_batch1": med(llama, "decode_tok_s_batch1"),
        "lean_prefill_s": med(lean["one"], "prefill_s"),
        "llama_first_stream_s": med(llama, "first_stream_s"),
    }
    result["four_drafts_lean_vs_llama"] = round(result["lean_four_drafts_tok_s"] / result["llama_four_drafts_tok_s"], 2)
    result["batch1_lean_vs_llama"] = round(result["lean_decode_tok_s_batch1"] / result["llama_decode_tok_s_batch1"], 2)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
