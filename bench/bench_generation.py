"""Generation quality and speed: the copy templates over the whole sample catalog, the bundled
model (SmolLM2-135M) on a seeded sample of English requests, and the model's load, first-token,
throughput and memory figures against the targets in DESIGN.md "Performance budgets".

    .venv/bin/python bench/bench_generation.py [--model-requests 24] [--n 4] [--reps 1]
        [--quality-threads 1]
        [--skip-templates] [--skip-model] [--skip-speed] [--json-out PATH] [--keep-home]

The default run takes 10-13 minutes on the 2-core dev VM (idle vs busy). Everything runs under a fresh
COPYDESK_HOME in a temporary folder (the user's folders are never touched); the model cache is
built there by the first load, which is also the "load from GGUF" figure.

Quality (per language):
  * best passes      share of requests whose best draft passes the checker with no edit
  * right language   Chinese: Han characters and at most 2 Latin words that the product's own
                     catalog text does not contain (App, R3 ...); English: no Han characters
  * within limit     len(text) <= the channel's limit (no limit: always)
  * names product    the product's full name appears (case-insensitive)
  * artifact-free    no placeholder ([Your Name], {x}, XX), no label or prompt echo (Ad:,
                     Product:, Facts:, 广告：), no wrapping quotes, no chat preamble (Sure, here
                     is ..., 好的), no repeated sentence or clause, no space inside
                     Chinese text (e.g. "。 本产品…")
Speed (real model): load from GGUF (fresh cache: conversion included) and from the safetensors
cache, each in a fresh subprocess; time to first token when warm at batch 1 and 4 with the
pipeline's own prompt; aggregate tokens/s at batch 4 vs batch 1 (same prompt, fixed number of
new tokens); peak resident memory (VmHWM).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
sys.path.insert(0, str(ROOT))

TARGET_LOAD_S = 5.0
TARGET_FIRST_TOKEN_S = 1.0
LLAMA_CPP_REFERENCE_TOK_S = 47.0  # DESIGN.md: llama.cpp single-stream on the same GGUF, same VM
TARGET_RSS_MB = 1024.0
SPEED_PROMPT_REQUEST = ("rewards-card", "young-families", "sms", "en")
OTHER_PROMPT_REQUEST = ("high-yield-savings", "young-families", "sms", "en")  # asked just before, in one case


# ---------------------------------------------------------------- small helpers


def vm_hwm_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_rss_mb() -> float:
    """Resident memory of this process now (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine_load() -> str:
    """`uptime`, plus the share of time runnable tasks waited for a CPU (Linux PSI), when available."""
    try:
        text = subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        one, five, fifteen = os.getloadavg()
        text = f"load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        fields = dict(part.split("=") for part in some.split()[1:])
        text += f"; CPU pressure (tasks waiting for a CPU) {fields['avg60']}% over 60 s, {fields['avg300']}% over 300 s"
    except (OSError, IndexError, KeyError, ValueError):
        pass
    return text


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "—"


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- draft metrics

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{1,40}\]|\{[^{}\n]{0,40}\}|<[^<>\n]{1,40}>|\bX{2,}\b|X{2,}(?=[\u4e00-\u9fff])|\b(?:TBD|INSERT)\b"
    r"|【[^】]{0,20}(?:姓名|名字|链接|电话|XX|xx)[^】]{0,20}】",
    re.IGNORECASE,
)
LABEL = re.compile(
    r"(?:^|[\s.!?。！？])(?:ad|advertisement|product|facts|audience|tone)\s*:|max \d+ characters"
    r"|(?:^|[\s。！？])(?:广告|文案|产品|事实|客群|受众)\s*[:：]",
    re.IGNORECASE,
)
QUOTES = "\"'“”‘’「」『』"
PREAMBLE = re.compile(
    r"^(?:sure|certainly|of course|here(?:'s| is| are)|okay|ok\b|absolutely|as an ai|i(?:'d| would) be happy|"
    r"i can\b|great question|好的|当然|以下是|没问题)",
    re.IGNORECASE,
)
CJK_SPACE = re.compile(r"[\u4e00-\u9fff。，！？；：、）】》”] +[\u4e00-\u9fff（【《“]")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
CLAUSE_SPLIT = re.compile(r"[,，;；:：、.!?。！？]\s*")


def product_latin_words(product) -> set[str]:
    text = " ".join([product.name, *product.facts.values(), *product.disclosures])
    return {w.lower() for w in LATIN_WORD.findall(text)}


def right_language(text: str, product) -> bool:
    if product.lang == "en":
        return not HAN.search(text)
    allowed = product_latin_words(product)
    foreign = [w for w in LATIN_WORD.findall(text) if w.lower() not in allowed]
    return bool(HAN.search(text)) and len(foreign) <= 2


def artifacts(text: str) -> list[str]:
    """Names of the artifacts in a draft (empty: clean)."""
    found = []
    stripped = text.strip()
    if not stripped:
        return ["empty"]
    if PLACEHOLDER.search(stripped):
        found.append("placeholder")
    if LABEL.search(stripped):
        found.append("label/prompt echo")
    if stripped[0] in QUOTES or (len(stripped) > 1 and stripped[-1] in QUOTES and stripped.count(stripped[-1]) == 1):
        found.append("wrapping quotes")
    if PREAMBLE.search(stripped):
        found.append("chat preamble")
    if CJK_SPACE.search(stripped):
        found.append("space inside Chinese text")
    sentences = [s.strip().lower() for s in SENTENCE_SPLIT.split(stripped) if len(s.strip()) >= 4]
    # A whole sentence said twice, or a clause said twice inside one sentence (a stutter such as
    # "Name: Name, ..."); the same figure in two different sentences is not an artifact.
    stutter = False
    for sentence in sentences:
        clauses = [c.strip() for c in CLAUSE_SPLIT.split(sentence) if len(c.strip()) >= 8]
        stutter |= len(clauses) != len(set(clauses))
    if len(sentences) != len(set(sentences)) or stutter:
        found.append("repeated sentence/clause")
    return found


def draft_metrics(text: str, product, channel: str) -> dict:
    from copydesk.catalog import CHANNELS

    limit = CHANNELS[channel].limit
    arts = artifacts(text)
    return {
        "language": right_language(text, product),
        "limit": limit is None or len(text) <= limit,
        "names": product.name.lower() in text.lower(),
        "clean": not arts,
        "artifacts": arts,
    }


class Tally:
    """Counts over requests and over drafts, for one language (or one slice)."""

    def __init__(self):
        self.requests = 0
        self.best_pass = 0
        self.best_pass_named = 0  # ... and names the product (a disclosure alone can pass)
        self.best_verdicts = Counter()
        self.best_findings = Counter()  # categories of findings on best drafts that do not pass
        self.drafts = 0
        self.ok = Counter()  # language / limit / names / clean
        self.artifact_kinds = Counter()

    def add_request(self, drafts, product, channel):
        self.requests += 1
        best = drafts[0] if drafts else None
        verdict = best.verdict if best else "none"
        self.best_verdicts[verdict] += 1
        if verdict == "pass":
            self.best_pass += 1
            self.best_pass_named += product.name.lower() in best.text.lower()
        elif best is not None:
            self.best_findings.update({f.category for f in best.report.findings})
        for draft in drafts:
            self.add_draft(draft.text, product, channel)

    def add_draft(self, text, product, channel):
        metrics = draft_metrics(text, product, channel)
        self.drafts += 1
        for key in ("language", "limit", "names", "clean"):
            self.ok[key] += metrics[key]
        self.artifact_kinds.update(metrics["artifacts"])

    def draft_row(self) -> list[str]:
        return [share(self.ok[k], self.drafts) for k in ("language", "limit", "names", "clean")]


# ---------------------------------------------------------------- quality: templates


def all_requests(catalog, lang: str, n: int):
    from copydesk.catalog import CHANNELS
    from copydesk.generation.pipeline import GenerationRequest

    return [
        GenerationRequest(p.id, s.id, channel, lang, n)
        for p in catalog.products
        if p.lang == lang
        for s in catalog.segments
        if s.lang == lang
        for channel in CHANNELS
    ]


def sample_record(request, drafts, extra: dict | None = None) -> dict:
    best = drafts[0] if drafts else None
    record = {
        "request": request.to_dict(),
        "best": None if best is None else {
            "text": best.text,
            "verdict": best.verdict,
            "backend": best.backend,
            "model": best.model,
            "template_version": best.template_version,
            "repairs": best.repairs,
            "findings": [f"{f.severity} {f.category}: {f.message}" for f in best.report.findings],
        },
    }
    record.update(extra or {})
    return record


def run_templates(catalog, engine, n: int, seed: int) -> dict:
    from copydesk.generation.pipeline import DraftPipeline

    pipeline = DraftPipeline(catalog, engine, None, model_languages=())
    results = {}
    for lang in ("en", "zh"):
        tally, per_channel, records = Tally(), {}, []
        started = time.perf_counter()
        for request in all_requests(catalog, lang, n):
            product = catalog.product(request.product)
            drafts = pipeline.generate(request)
            tally.add_request(drafts, product, request.channel)
            per_channel.setdefault(request.channel, Tally()).add_request(drafts, product, request.channel)
            records.append(sample_record(request, drafts))
        elapsed = time.perf_counter() - started
        results[lang] = {"tally": tally, "per_channel": per_channel, "records": records,
                         "seconds_per_request": elapsed / max(tally.requests, 1)}
        print(f"  templates {lang}: {tally.requests} requests in {elapsed:.1f} s", flush=True)
    return results


def spread_sample(records: list[dict], k: int, seed: int) -> list[dict]:
    """k records, seeded, covering every channel and as many products as possible."""
    rng = random.Random(seed)
    pool = records[:]
    rng.shuffle(pool)
    chosen, used_products = [], set()
    channels = sorted({r["request"]["channel"] for r in pool})
    while len(chosen) < min(k, len(pool)):
        progress = False
        for channel in channels:
            if len(chosen) >= k:
                break
            pick = next((r for r in pool if r["request"]["channel"] == channel and r not in chosen
                         and r["request"]["product"] not in used_products), None)
            pick = pick or next((r for r in pool if r["request"]["channel"] == channel and r not in chosen), None)
            if pick:
                chosen.append(pick)
                used_products.add(pick["request"]["product"])
                progress = True
        if not progress:
            break
    return chosen


# ---------------------------------------------------------------- quality: the model


def record_completions(backend, log: list):
    """Wrap backend.complete so the raw completions and the prompt are kept (the pipeline is unchanged)."""
    original = backend.complete

    def complete(prompts, settings, on_token=None, cancel=None):
        completions = original(prompts, settings, on_token, cancel)
        log.append({"prompt": prompts[0], "batch": len(prompts), "settings": settings, "completions": completions})
        return completions

    backend.complete = complete
    return original


def word_ngrams(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[\w$%.,]+", text.lower())
    words = [w.strip(".,") for w in words if w.strip(".,")]
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def copies_example(text: str, example_ads: list[str], size: int = 6) -> bool:
    """The completion repeats 6+ words in a row from a few-shot example ad (another product's copy)."""
    grams = word_ngrams(text, size)
    return any(grams & word_ngrams(ad, size) for ad in example_ads)


def only_disclosure(text: str, product) -> bool:
    """Nothing left but the product's disclosure(s) (or nothing at all) once repair is done."""
    for disclosure in product.disclosures:
        text = text.replace(disclosure, "")
    return not re.sub(r"[\W_]+", "", text)


def run_model_quality(catalog, engine, backend, languages, n: int, count: int, seed: int) -> dict:
    from copydesk.generation.pipeline import DraftPipeline, usable

    example_ads: list[str] = []  # slot-form prompts carry no few-shot ads (bench_drafts.py measures today's drafts)

    pipeline = DraftPipeline(catalog, engine, backend, model_languages=languages)
    calls = []
    record_completions(backend, calls)
    requests = random.Random(seed).sample(all_requests(catalog, "en", n), count)

    returned, before = Tally(), Tally()  # returned drafts / model drafts before the fallback
    stats = Counter()
    seconds, first_tokens, records = [], [], []
    tokens_total, gen_seconds = 0, 0.0
    for index, request in enumerate(requests, 1):
        product = catalog.product(request.product)
        calls.clear()
        started = time.perf_counter()
        # generate's two halves, so the model's drafts are seen before the `usable` filter and the fallback
        model_drafts = pipeline.model_drafts(request)
        drafts = pipeline.rank_with_templates(request, model_drafts)
        seconds.append(time.perf_counter() - started)
        returned.add_request(drafts, product, request.channel)
        completions = calls[0]["completions"] if calls else []
        stats["completions"] += len(completions)
        stats["empty_after_cleaning"] += len(completions) - len(model_drafts)
        raw_artifacts = Counter()
        for completion in completions:
            raw_artifacts.update(artifacts(completion.text.strip()) if completion.text.strip() else ["empty"])
            tokens_total += completion.tokens
            stats["raw_copies_example"] += copies_example(completion.text, example_ads)
        stats.update({f"raw {k}": v for k, v in raw_artifacts.items()})
        if completions:
            gen_seconds += completions[0].total_s
            first = [c.first_token_s for c in completions if c.first_token_s is not None]
            if first:
                first_tokens.append(min(first))
        for draft in model_drafts:
            before.add_draft(draft.text, product, request.channel)
            ok = usable(draft, product, engine)
            stats["model_drafts"] += 1
            stats["model_usable"] += ok
            stats["model_pass"] += draft.verdict == "pass"
            stats["model_usable_pass"] += ok and draft.verdict == "pass"
            stats["model_only_disclosure"] += only_disclosure(draft.text, product)
            stats["model_pass_only_disclosure"] += draft.verdict == "pass" and only_disclosure(draft.text, product)
            if draft.repairs:
                stats["model_repaired"] += 1
        stats["requests_with_usable_passing_model_draft"] += any(
            usable(d, product, engine) and d.verdict == "pass" for d in model_drafts)
        best = drafts[0] if drafts else None
        stats["best_is_model"] += bool(best and best.backend != "template")
        stats["best_is_model_and_passes"] += bool(best and best.backend != "template" and best.verdict == "pass")
        stats["returned_model_drafts"] += sum(d.backend != "template" for d in drafts)
        stats["returned_drafts"] += len(drafts)
        records.append(sample_record(request, drafts, {
            "model_drafts": [{"text": d.text, "verdict": d.verdict, "usable": usable(d, product, engine), "repairs": d.repairs}
                             for d in model_drafts],
            "raw_completions": [c.text for c in completions],
            "seconds": round(seconds[-1], 2),
        }))
        verdict = drafts[0].verdict if drafts else "none"
        source = drafts[0].backend if drafts else "-"
        print(f"  model {index}/{count}: {request.product}/{request.segment}/{request.channel} "
              f"{seconds[-1]:.1f} s, best {verdict} ({source})", flush=True)
    return {"returned": returned, "before": before, "stats": stats, "seconds": seconds, "records": records,
            "first_tokens": first_tokens, "tokens": tokens_total, "gen_seconds": gen_seconds, "requests": count}


# ---------------------------------------------------------------- speed


CHILD_CODE = "child"


def child_main(mode: str, home: str) -> None:
    """Run in a fresh process: import, load (from GGUF or the cache), optionally one pipeline call."""
    os.environ["COPYDESK_HOME"] = home
    started = time.perf_counter()
    from copydesk.generation.offline import enforce_offline

    enforce_offline()
    import torch  # transformers is imported only if the model needs it

    imports = time.perf_counter() - started
    torch_version = torch.__version__
    from copydesk.generation.factory import backend_for
    from copydesk.generation.models import SMOLLM2_MODEL_ID, ModelSpec, cache_status, smollm2_gguf_path

    spec = ModelSpec(SMOLLM2_MODEL_ID, smollm2_gguf_path(), "gguf")
    status_before = cache_status(spec)
    backend = backend_for(spec)
    loaded = time.perf_counter()
    backend.load()
    load = time.perf_counter() - loaded
    result = {"mode": mode, "cache_before": status_before, "imports_s": imports, "load_s": load,
              "ready_s": time.perf_counter() - started, "rss_after_load_mb": vm_hwm_mb(),
              "rss_now_mb": vm_rss_mb(), "runtime": backend.runtime, "torch": torch_version,
              "transformers_imported": "transformers.modeling_utils" in sys.modules}
    if mode == "load+generate":
        from copydesk import resources
        from copydesk.catalog import load_catalog
        from copydesk.generation.pipeline import DraftPipeline, GenerationRequest
        from copydesk.rules.engine import RuleEngine

        catalog = load_catalog(resources.sample_catalog_path())
        pipeline = DraftPipeline(catalog, RuleEngine.load(), backend, model_languages=("en",))
        t = time.perf_counter()
        pipeline.generate(GenerationRequest(*SPEED_PROMPT_REQUEST, n=4))
        result["generate_s"] = time.perf_counter() - t
        result["rss_after_generate_mb"] = vm_hwm_mb()
    print("RESULT " + json.dumps(result), flush=True)


def run_child(mode: str, home: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--" + CHILD_CODE, mode, str(home)],
                          capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - started
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"child {mode} failed (rc {proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(line[len("RESULT "):])
    result["process_wall_s"] = wall
    return result


def pipeline_prompt(catalog, engine, backend, languages, request=SPEED_PROMPT_REQUEST):
    """The prompt and settings the pipeline builds for the speed request (captured, not rebuilt)."""
    from copydesk.generation.backend import Completion
    from copydesk.generation.pipeline import DraftPipeline, GenerationRequest

    captured = {}

    class Capture:
        name, model_id = backend.name, backend.model_id

        def load(self):
            pass

        def complete(self, prompts, settings, on_token=None, cancel=None):
            captured.update(prompt=prompts[0], settings=settings)
            return [Completion("", None, 0.0, 0) for _ in prompts]

    pipeline = DraftPipeline(catalog, engine, Capture(), model_languages=languages)
    pipeline.generate(GenerationRequest(*request, n=4))
    return captured["prompt"], captured["settings"]


def first_token(backend, prompt, settings, batch: int, seed: int) -> float:
    """Seconds to the first token of an N-row request through the backend, as the app calls it."""
    short = dataclasses.replace(settings, max_new_tokens=2, seed=seed)  # the first token does not depend on the limit
    completions = backend.complete([prompt] * batch, short)
    return min(c.first_token_s for c in completions if c.first_token_s is not None)


def lean_throughput(backend, prompt, settings, batch: int, new_tokens: int) -> dict:
    """Exactly `new_tokens` per row through the lean decoder the backend uses (prefill of an
    uncached prompt included in end-to-end, excluded from decode-only); banned phrases on."""
    import torch

    from copydesk.generation.llama_runtime import BatchDecoder, ban, sample

    ids = backend.encode(prompt)
    banned = [tuple(b) for b in backend.bad_words_ids(settings.banned_phrases) or []]
    backend.forget_prompt_cache()
    with torch.inference_mode():
        generator = torch.Generator().manual_seed(settings.seed)
        started = time.perf_counter()
        decoder = BatchDecoder(backend.lean, [ids] * batch, new_tokens)
        logits, rows = decoder.first_logits, [[] for _ in range(batch)]
        first = time.perf_counter()
        for step in range(new_tokens):
            ban(logits, [ids + r for r in rows], banned)
            tokens = sample(logits, settings.temperature, settings.top_p, generator)
            for row, token in zip(rows, tokens.tolist()):
                row.append(token)
            if step < new_tokens - 1:
                logits = decoder.next_logits(tokens)
        total = time.perf_counter() - started
    generated = new_tokens * batch
    return {"batch": batch, "tokens": generated, "total_s": total, "first_token_s": first - started,
            "tok_s": generated / total, "decode_tok_s": (generated - batch) / max(total - (first - started), 1e-9),
            "prompt_tokens": len(ids)}


def transformers_throughput(hf, prompt, settings, batch: int, new_tokens: int) -> dict:
    """The baseline: transformers' generate on the same weights, exactly `new_tokens` per row."""
    import torch
    from transformers.generation.streamers import BaseStreamer

    tokenizer, model = hf.tokenizer, hf.model
    marks = {}

    class Clock(BaseStreamer):
        calls = 0

        def put(self, value):
            Clock.calls += 1
            if Clock.calls == 2:  # the first call carries the prompt
                marks["first"] = time.perf_counter()

        def end(self):
            pass

    encoded = tokenizer([prompt] * batch, return_tensors="pt", padding=True)
    with torch.inference_mode():
        torch.manual_seed(settings.seed)
        started = time.perf_counter()
        output = model.generate(
            **encoded, max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=True,
            temperature=settings.temperature, top_p=settings.top_p, pad_token_id=tokenizer.pad_token_id,
            bad_words_ids=hf.bad_words_ids(settings.banned_phrases), streamer=Clock(),
        )
        total = time.perf_counter() - started
    generated = (output.shape[1] - encoded["input_ids"].shape[1]) * batch
    first = marks.get("first", started) - started
    return {"batch": batch, "tokens": generated, "total_s": total, "first_token_s": first,
            "tok_s": generated / total, "decode_tok_s": (generated - batch) / max(total - first, 1e-9),
            "prompt_tokens": int(encoded["input_ids"].shape[1])}


def llama_cpp_figures(gguf: Path, prompt: str, new_tokens: int) -> dict | None:
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        return None
    from llama_cpp import Llama

    started = time.perf_counter()
    llm = Llama(model_path=str(gguf), n_ctx=1024, n_threads=os.cpu_count(), verbose=False, seed=7)
    load = time.perf_counter() - started
    started = time.perf_counter()
    first, count = None, 0
    for chunk in llm.create_completion(prompt, max_tokens=new_tokens, temperature=0.7, top_p=0.95, stream=True):
        if first is None:
            first = time.perf_counter() - started
        count += 1
    total = time.perf_counter() - started
    return {"load_s": load, "first_token_s": first, "tokens": count, "tok_s": count / total,
            "decode_tok_s": (count - 1) / max(total - (first or 0), 1e-9), "rss_mb_process": vm_hwm_mb()}


def run_speed(catalog, engine, home: Path, args) -> dict:
    import torch

    from copydesk.generation.factory import make_backend
    from copydesk.generation.models import smollm2_gguf_path
    from copydesk.generation.transformers_backend import TransformersBackend

    speed = {"uptime_before": machine_load(), "new_tokens": args.new_tokens}
    print(f"  machine before the speed part: {speed['uptime_before']}", flush=True)
    print("  load from GGUF (fresh cache, fresh process) ...", flush=True)
    speed["gguf"] = run_child("load", home)
    cache_runs = []
    for index in range(args.load_reps):
        mode = "load+generate" if index == 0 else "load"
        print(f"  load from the safetensors cache (fresh process {index + 1}/{args.load_reps}) ...", flush=True)
        cache_runs.append(run_child(mode, home))
    speed["cache"] = cache_runs

    backend, languages = make_backend("default")
    backend.load()
    speed["in_process_load_s"] = backend.load_seconds
    speed["runtime"] = backend.runtime
    prompt, settings = pipeline_prompt(catalog, engine, backend, languages)
    other_prompt, _ = pipeline_prompt(catalog, engine, backend, languages, OTHER_PROMPT_REQUEST)
    speed["prompt_tokens"] = len(backend.encode(prompt))
    speed["pipeline_max_new_tokens"] = settings.max_new_tokens
    speed["app_threads"] = torch.get_num_threads()
    backend.complete([other_prompt], dataclasses.replace(settings, max_new_tokens=2))  # warm-up

    # First token, three situations the app meets: a prompt nothing is cached for (the first
    # request after start-up), a new product after another one (instructions and examples are
    # shared), and Generate again on the same request.
    cases = {"new prompt, nothing cached": None, "new product after another (shared instructions/examples)": other_prompt,
             "same request again": prompt}
    ft = {}
    for rep in range(args.reps + 2):
        for batch in (1, 4):
            for label, before in cases.items():
                backend.forget_prompt_cache()
                if before is not None:
                    backend.complete([before], dataclasses.replace(settings, max_new_tokens=1))
                ft.setdefault((label, batch), []).append(first_token(backend, prompt, settings, batch, settings.seed + rep))
                ft.setdefault(("reused tokens", label), []).append(backend.lean.reused_tokens)
    for key, values in ft.items():
        if key[0] != "reused tokens":
            print(f"  first token, batch {key[1]}, {key[0]}: {', '.join(f'{t:.2f}' for t in values)} s", flush=True)
    speed["first_token"] = ft

    runs = {}
    thread_counts = [speed["app_threads"]] + ([1] if speed["app_threads"] != 1 else [])
    for rep in range(args.reps):
        for threads in thread_counts:
            torch.set_num_threads(threads)
            for batch in args.batches:
                result = lean_throughput(backend, prompt, settings, batch, args.new_tokens)
                runs.setdefault(("lean", threads, batch), []).append(result)
                print(f"  lean decoder, {threads} thread(s), batch {batch}: {result['tok_s']:.1f} tok/s "
                      f"(decode {result['decode_tok_s']:.1f})", flush=True)
    torch.set_num_threads(speed["app_threads"])

    # The baseline in the same process: transformers' generate on the same cached weights.
    hf = TransformersBackend(backend.spec)
    hf.load()
    for rep in range(args.reps):
        for batch in [b for b in args.batches if b <= 4]:
            result = transformers_throughput(hf, prompt, settings, batch, args.new_tokens)
            runs.setdefault(("transformers", speed["app_threads"], batch), []).append(result)
            print(f"  transformers generate, batch {batch}: {result['tok_s']:.1f} tok/s "
                  f"(decode {result['decode_tok_s']:.1f}, first token {result['first_token_s']:.2f} s)", flush=True)
    speed["throughput"] = runs
    speed["llama_cpp"] = llama_cpp_figures(smollm2_gguf_path(), prompt, args.new_tokens)
    speed["uptime_after"] = machine_load()
    return {"speed": speed, "backend": backend, "languages": languages}


# ---------------------------------------------------------------- report


def quality_tables(templates: dict | None, model: dict | None) -> str:
    out = []
    if templates:
        rows = []
        for lang in ("en", "zh"):
            t = templates[lang]["tally"]
            rows.append([lang, t.requests, share(t.best_pass, t.requests), share(t.best_pass_named, t.requests),
                         t.drafts, *t.draft_row(),
                         f"{templates[lang]['seconds_per_request'] * 1000:.0f} ms"])
        out.append("Template backend, full grid (every product x segment of its language x channel, N as given):\n")
        out.append(table(["lang", "requests", "best passes", "best passes + names product", "drafts", "right language", "within limit",
                          "names product", "artifact-free", "time/request"], rows))
        for lang in ("en", "zh"):
            t = templates[lang]["tally"]
            per = templates[lang]["per_channel"]
            out.append(f"\n{lang}: best verdicts {dict(t.best_verdicts)}; findings on best drafts that do not pass: "
                       f"{dict(t.best_findings.most_common(6)) or '-'}; artifacts: {dict(t.artifact_kinds) or '-'}")
            out.append(f"{lang} best passes per channel: "
                       + ", ".join(f"{c} {per[c].best_pass}/{per[c].requests}" for c in per))
    if model:
        st, r = model["stats"], model["requests"]
        ret, bef = model["returned"], model["before"]
        out.append(f"\nBundled model (SmolLM2-135M, English; Chinese goes to the templates), "
                   f"{r} seeded random English requests:\n")
        out.append(table(["measure", "value"], [
            ["best draft passes (model or template fallback)", share(ret.best_pass, r)],
            ["best draft passes and names the product", share(ret.best_pass_named, r)],
            ["best draft is a model draft and passes", share(st["best_is_model_and_passes"], r)],
            ["requests with at least one usable passing model draft", share(st["requests_with_usable_passing_model_draft"], r)],
            ["model completions empty after cleaning", share(st["empty_after_cleaning"], st["completions"])],
            ["model drafts usable (before fallback)", share(st["model_usable"], st["model_drafts"])],
            ["model drafts that pass (before fallback)", share(st["model_pass"], st["model_drafts"])],
            ["model drafts usable and passing", share(st["model_usable_pass"], st["model_drafts"])],
            ["model drafts changed by repair", share(st["model_repaired"], st["model_drafts"])],
            ["model drafts left empty or disclosure-only by repair (these pass)",
             share(st["model_only_disclosure"], st["model_drafts"])],
            ["raw completions repeating 6+ words of a few-shot example ad", share(st["raw_copies_example"], st["completions"])],
            ["returned drafts that are model drafts", share(st["returned_model_drafts"], st["returned_drafts"])],
            [f"seconds per request (mean / median / max), torch threads {model.get('threads')}",
             f"{statistics.mean(model['seconds']):.1f} / {statistics.median(model['seconds']):.1f} / {max(model['seconds']):.1f}"],
            ["first token in the pipeline, batch N (median)",
             f"{statistics.median(model['first_tokens']):.2f} s" if model["first_tokens"] else "—"],
            ["pipeline generation tokens/s (counted tokens / generate time)",
             f"{model['tokens'] / model['gen_seconds']:.1f}" if model["gen_seconds"] else "—"],
        ]))
        out.append("\n" + table(["drafts", "count", "right language", "within limit", "names product", "artifact-free"], [
            ["returned (best N)", ret.drafts, *ret.draft_row()],
            ["model drafts before fallback", bef.drafts, *bef.draft_row()],
        ]))
        out.append(f"\nbest verdicts {dict(ret.best_verdicts)}; findings on best drafts that do not pass: "
                   f"{dict(ret.best_findings.most_common(6)) or '-'}")
        out.append(f"artifacts in model drafts after cleaning: {dict(bef.artifact_kinds) or '-'}; "
                   f"in raw completions: { {k[4:]: v for k, v in st.items() if k.startswith('raw ')} or '-'}")
        passing = [(r["request"], r["best"]["text"]) for r in model["records"]
                   if r["best"] and r["best"]["backend"] != "template" and r["best"]["verdict"] == "pass"]
        if passing:
            out.append("best drafts written by the model that pass:")
            out += [f"  {q['product']}/{q['segment']}/{q['channel']}: {text}" for q, text in passing]
    return "\n".join(out)


def speed_table(speed: dict) -> tuple[str, list[str]]:
    gguf, cache = speed["gguf"], speed["cache"]
    app = speed["app_threads"]
    cache_load = statistics.median(c["load_s"] for c in cache)
    cache_ready = statistics.median(c["ready_s"] for c in cache)
    cache_imports = statistics.median(c["imports_s"] for c in cache)
    ft = {key: statistics.median(v) for key, v in speed["first_token"].items() if key[0] != "reused tokens"}
    reused = {key[1]: max(v) for key, v in speed["first_token"].items() if key[0] == "reused tokens"}
    tp = {key: statistics.median(r["tok_s"] for r in runs) for key, runs in speed["throughput"].items()}
    dtp = {key: statistics.median(r["decode_tok_s"] for r in runs) for key, runs in speed["throughput"].items()}
    rss_gen = next((c["rss_after_generate_mb"] for c in cache if "rss_after_generate_mb" in c), None)
    rss_load = statistics.median(c["rss_after_load_mb"] for c in cache)
    rss_now = statistics.median(c["rss_now_mb"] for c in cache)
    lean_batches = sorted(b for kind, t, b in tp if kind == "lean" and t == app)
    ref = speed["llama_cpp"]["decode_tok_s"] if speed.get("llama_cpp") else LLAMA_CPP_REFERENCE_TOK_S
    ref_name = "llama.cpp measured here" if speed.get("llama_cpp") else "llama.cpp 47 tok/s (DESIGN.md)"
    runtime = cache[0].get("runtime", "?")
    transformers_loaded = any(c.get("transformers_imported") for c in cache)

    rows = [
        ["load from GGUF, fresh cache (conversion + cache load), fresh process",
         f"{gguf['load_s']:.1f} s (+{gguf['imports_s']:.1f} s imports)", "(first start only)"],
        [f"model ready from the safetensors cache, fresh process (median of {len(cache)}; runtime {runtime}, "
         f"transformers {'imported' if transformers_loaded else 'not imported'})",
         f"**{cache_ready:.1f} s** ({cache_imports:.1f} s import torch + {cache_load:.1f} s tokenizer and weights)",
         f"< {TARGET_LOAD_S:.0f} s"],
    ]
    for (label, batch), value in sorted(ft.items(), key=lambda kv: (kv[0][1], list(cases_order()).index(kv[0][0]))):
        rows.append([f"first token when warm, batch {batch}, {label} ({speed['prompt_tokens']}-token prompt, "
                     f"{reused.get(label, 0)} tokens reused)", f"{value:.2f} s", f"< {TARGET_FIRST_TOKEN_S:.0f} s"])
    for (kind, threads, batch) in sorted(tp, key=lambda k: (k[0] != "lean", k[1] != app, k[2])):
        key = (kind, threads, batch)
        name = "lean decoder (the app)" if kind == "lean" else "transformers generate (baseline, same weights)"
        ratio = ""
        base = ("transformers", threads, batch)
        if kind == "lean" and base in dtp:
            ratio = f", {dtp[key] / dtp[base]:.1f}x transformers"
        rows.append([f"tokens/s, {name}, batch {batch}, {threads} thread{'s' * (threads > 1)}, {speed['new_tokens']} new tokens/row",
                     f"{dtp[key]:.1f} decode{ratio} ({tp[key]:.1f} with the prefill)",
                     f"≥ {ref:.0f} aggregate" if kind == "lean" and batch == 4 and threads == app else "—"])
    if speed.get("llama_cpp"):
        l = speed["llama_cpp"]
        rows.append(["llama.cpp (llama-cpp-python), same GGUF, batch 1",
                     f"load {l['load_s']:.2f} s, first token {l['first_token_s']:.2f} s, {l['tok_s']:.1f} tok/s", "—"])
    rows += [
        ["peak RSS, GGUF load with conversion (fresh process)", f"{gguf['rss_after_load_mb']:.0f} MiB", "(first start only)"],
        ["peak RSS, cache load (fresh process)", f"{rss_load:.0f} MiB (resident after load: {rss_now:.0f} MiB)", "—"],
        ["peak RSS, cache load + one N=4 pipeline request (fresh process)",
         f"{rss_gen:.0f} MiB" if rss_gen else "—", f"< {TARGET_RSS_MB:.0f} MiB"],
    ]
    missed = []
    if cache_ready >= TARGET_LOAD_S:
        missed.append(f"model ready from a cold process {cache_ready:.1f} s vs < {TARGET_LOAD_S:.0f} s ({cache_ready / TARGET_LOAD_S:.1f}x)")
    for (label, batch), value in sorted(ft.items()):
        if value >= TARGET_FIRST_TOKEN_S:
            missed.append(f"first token at batch {batch}, {label}: {value:.2f} s vs < {TARGET_FIRST_TOKEN_S:.0f} s "
                          f"({value / TARGET_FIRST_TOKEN_S:.1f}x)")
    key = ("lean", app, 4)
    if key in dtp and dtp[key] < ref:
        missed.append(f"aggregate decode at batch 4 (the app's N): {dtp[key]:.1f} tok/s vs ≥ {ref:.0f} ({ref_name}): "
                      f"{dtp[key] / ref:.0%} of it")
    if rss_gen and rss_gen >= TARGET_RSS_MB:
        missed.append(f"peak RSS with the model {rss_gen:.0f} MiB vs < {TARGET_RSS_MB:.0f} MiB ({rss_gen / TARGET_RSS_MB:.2f}x)")
    text = table(["measure", "value", "target"], rows)
    if ("lean", app, 1) in dtp:
        text += "\nlean decoder, batch N vs batch 1 (decode): " + ", ".join(
            f"batch {b} {dtp[('lean', app, b)] / dtp[('lean', app, 1)]:.2f}x" for b in lean_batches if b != 1)
    if not speed.get("llama_cpp"):
        text += ("\nllama.cpp not installed (no prebuilt llama-cpp-python wheel in the configured registry); "
                 "DESIGN.md figure 47 tok/s used as the reference")
    text += f"\nmachine before: {speed['uptime_before']}\nmachine after:  {speed['uptime_after']}"
    return text, missed


def cases_order():
    return ("new prompt, nothing cached", "new product after another (shared instructions/examples)", "same request again")


def write_samples(templates, model, seed: int) -> None:
    SAMPLES_DIR.mkdir(exist_ok=True)
    if model:
        english = model["records"][:10]
    elif templates:
        english = spread_sample(templates["en"]["records"], 10, seed)
    else:
        english = []
    chinese = spread_sample(templates["zh"]["records"], 10, seed) if templates else []
    if model:
        path = SAMPLES_DIR / "model_run_en.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for record in model["records"]:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"  wrote {path.relative_to(ROOT)} (every request of the model run, raw completions included)")
    for lang, records in (("en", english), ("zh", chinese)):
        if not records:
            continue
        path = SAMPLES_DIR / f"samples_{lang}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"  wrote {path.relative_to(ROOT)} ({len(records)} samples)")


def to_jsonable(value):
    if isinstance(value, Tally):
        return {"requests": value.requests, "best_pass": value.best_pass, "best_verdicts": dict(value.best_verdicts),
                "best_pass_named": value.best_pass_named, "best_findings": dict(value.best_findings), "drafts": value.drafts, "ok": dict(value.ok),
                "artifacts": dict(value.artifact_kinds)}
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else "/".join(map(str, k)) if isinstance(k, tuple) else str(k)): to_jsonable(v)
                for k, v in value.items() if k not in ("records",)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Counter):
        return dict(value)
    return value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4, help="drafts per request (default 4)")
    parser.add_argument("--model-requests", type=int, default=24, help="English requests sampled for the model (default 24)")
    parser.add_argument("--seed", type=int, default=2024, help="seed for the request sample and the samples shown")
    parser.add_argument("--reps", type=int, default=1,
                        help="repetitions of each throughput run, interleaved (default 1; first token: reps + 1)")
    parser.add_argument("--load-reps", type=int, default=3, help="fresh-process loads from the cache (default 3)")
    parser.add_argument("--new-tokens", type=int, default=32, help="new tokens per row in the throughput runs (default 32)")
    parser.add_argument("--quality-threads", type=int, default=1,
                        help="torch threads for the model quality run (default 1, the faster on the busy 2-core VM; "
                             "0 = torch's default, as the app)")
    parser.add_argument("--batches", default="1,4,8", help="batch sizes for throughput (default 1,4,8; transformers up to 4)")
    parser.add_argument("--skip-templates", action="store_true")
    parser.add_argument("--skip-model", action="store_true", help="skip the model quality run")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--no-samples", action="store_true", help="do not rewrite bench/samples/")
    parser.add_argument("--json-out", metavar="PATH", help="write every figure as JSON here")
    parser.add_argument("--keep-home", action="store_true", help="keep the temporary COPYDESK_HOME (model cache)")
    parser.add_argument("--" + CHILD_CODE, nargs=2, metavar=("MODE", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if getattr(args, CHILD_CODE):
        child_main(*getattr(args, CHILD_CODE))
        return 0
    args.batches = sorted({int(b) for b in args.batches.split(",")} | {1})

    home = Path(tempfile.mkdtemp(prefix="copydesk-bench-gen-"))
    os.environ["COPYDESK_HOME"] = str(home)
    from copydesk import resources
    from copydesk.catalog import load_catalog
    from copydesk.rules.engine import RuleEngine

    started = time.perf_counter()
    print(f"machine at start: {machine_load()} ({os.cpu_count()} CPUs)")
    print(f"COPYDESK_HOME={home}", flush=True)
    catalog = load_catalog(resources.sample_catalog_path())
    engine = RuleEngine.load()
    templates = model = speed = None
    try:
        if not args.skip_templates:
            print("Quality: template backend over the full grid", flush=True)
            templates = run_templates(catalog, engine, args.n, args.seed)
        backend = languages = None
        if not args.skip_speed:
            print("Speed: bundled model", flush=True)
            result = run_speed(catalog, engine, home, args)
            speed, backend, languages = result["speed"], result["backend"], result["languages"]
            speed["new_tokens"] = args.new_tokens
        if not args.skip_model:
            print(f"Quality: bundled model on {args.model_requests} English requests", flush=True)
            if backend is None:
                from copydesk.generation.factory import make_backend

                backend, languages = make_backend("default")
            import torch

            threads = args.quality_threads or torch.get_num_threads()
            torch.set_num_threads(threads)
            model = run_model_quality(catalog, engine, backend, languages, args.n, args.model_requests, args.seed)
            model["threads"] = threads
        if not args.no_samples:
            write_samples(templates, model, args.seed)
    finally:
        if not args.keep_home:
            shutil.rmtree(home, ignore_errors=True)

    print("\n== Quality\n")
    print(quality_tables(templates, model))
    missed = []
    if templates:
        for lang in ("en", "zh"):
            t = templates[lang]["tally"]
            if t.best_pass / t.requests < 0.95:
                missed.append(f"templates {lang}: best passes {t.best_pass / t.requests:.1%} vs ≥ 95%")
    if model:
        r = model["requests"]
        if model["returned"].best_pass / r < 0.95:
            missed.append(f"model run (en): best passes {model['returned'].best_pass / r:.1%} vs ≥ 95%")
    if speed:
        print("\n== Speed (bundled SmolLM2-135M, fp32 on the CPU)\n")
        text, speed_missed = speed_table(speed)
        print(text)
        missed += speed_missed
    print("\n== Targets missed\n")
    print("\n".join(f"- {m}" for m in missed) or "none")
    print(f"\nwhole run: {(time.perf_counter() - started) / 60:.1f} min; machine at end: {machine_load()}")
    if args.json_out:
        data = {"templates": templates, "model": model and {k: v for k, v in model.items() if k != "records"},
                "speed": speed, "missed": missed}
        Path(args.json_out).write_text(json.dumps(to_jsonable(data), indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
