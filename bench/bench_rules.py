"""Rule-engine speed: per-check latency on email-length copy, batch throughput, and the cost of a
5,000-phrase pack, each against a naive baseline (one regex per phrase over the raw text) run in
the same process.

    .venv/bin/python bench/bench_rules.py
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copydesk import resources  # noqa: E402
from copydesk.catalog import load_catalog  # noqa: E402
from copydesk.rules.engine import RuleEngine, default_pack_files  # noqa: E402

EMAIL = (
    "Hi {first_name},\n\nStarting your first job is a big step, and your card should keep up. With the Everyday "
    "Rewards Card you earn 2 points per $1 on all eligible net purchases, and points do not expire while the account "
    "is open. Redeem them toward statement credits at 1 cent each. There is a $0 annual fee. New cardholders can earn "
    "20,000 bonus points after $1,000 in purchases within the first 3 months of account opening.\n\n"
    "Manage everything in the Harborview app: lock your card, set alerts, and pay on time with autopay. Questions? "
    "Call 1-800-555-0142 any time.\n\n"
) * 3 + "Representative 21.9% APR (variable). Subject to credit approval. Annual fee: $0. Cash advance APR 28.9% (variable)."


def timed(function, repeat: int) -> float:
    """Median seconds of one call."""
    return timed_pair(function, None, repeat)[0]


def timed_pair(first, second, repeat: int) -> tuple[float, float]:
    """Median seconds of each of two calls, interleaved so machine noise hits both alike."""
    samples: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for function, bucket in ((first, samples[0]), (second, samples[1])):
            if function is None:
                continue
            started = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - started)
    return statistics.median(samples[0]), (statistics.median(samples[1]) if samples[1] else 0.0)


def synthetic_pack(path: Path, phrases: int, seed: int = 7) -> None:
    """A house pack of `phrases` made-up banned phrases (two or three random words each)."""
    rng = random.Random(seed)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9))) for _ in range(3000)
    ]
    items = {" ".join(rng.sample(words, rng.randint(2, 3))) for _ in range(phrases * 2)}
    chosen = sorted(items)[:phrases]
    body = ",\n  ".join(f'"{p}"' for p in chosen)
    path.write_text(
        '[pack]\nid = "bench-house"\nversion = "1"\nlang = "en"\n\n'
        '[[rule]]\nid = "house.bench.phrases"\ncategory = "superlative"\nseverity = "block"\n'
        f"phrases = [\n  {body}\n]\n"
        'citation = "bench"\nmessage = "bench"\n'
        f'examples.flag = ["{chosen[0]}"]\nexamples.pass = ["plain words"]\n',
        encoding="utf-8",
    )


def naive_checker(engine):
    """The baseline: every phrase and pattern as its own regex, run over the raw text."""
    regexes = []
    for rule in engine.rules:
        regexes += [re.compile(r"\b" + re.escape(p.rstrip("*")), re.IGNORECASE) for p in rule.phrases]
        regexes += list(rule.patterns)
    return lambda text: [m for r in regexes for m in r.finditer(text)]


def main() -> int:
    catalog = load_catalog(resources.sample_catalog_path())
    product = catalog.product("rewards-card")
    default = RuleEngine.load(default_pack_files())
    print(f"email-length copy: {len(EMAIL)} characters; default packs: {len(default.rules)} phrase rules, "
          f"{default.matcher.size} phrase spellings in the automaton")
    default.check(EMAIL, product, "email")  # warm caches
    repeat = 200
    engine_s = timed(lambda: default.check(EMAIL, product, "email"), repeat)
    naive_default = naive_checker(default)
    naive_s = timed(lambda: naive_default(EMAIL), repeat)
    print(f"check, default packs:          {engine_s * 1000:7.2f} ms   (target < 5 ms)")
    print(f"naive regex-per-phrase scan:   {naive_s * 1000:7.2f} ms   (phrase search only, no other checks)")
    # The learned meaning check's share: the same engine with and without it, interleaved.
    rules_only = RuleEngine.load(default_pack_files())
    rules_only.learned = None
    with_s, without_s = timed_pair(lambda: default.check(EMAIL, product, "email"),
                                   lambda: rules_only.check(EMAIL, product, "email"), repeat)
    print(f"check, rules without the learned check: {without_s * 1000:.2f} ms; with it {with_s * 1000:.2f} ms "
          f"({with_s / without_s:.2f}x)")

    with tempfile.TemporaryDirectory() as folder:
        house = Path(folder) / "house.toml"
        synthetic_pack(house, 5000)
        big = RuleEngine.load(default_pack_files() + [house])
        assert not big.errors, big.errors
        big.check(EMAIL, product, "email")
        engine_s, big_s = timed_pair(lambda: default.check(EMAIL, product, "email"), lambda: big.check(EMAIL, product, "email"), repeat)
        naive_big = naive_checker(big)
        naive_big_s = timed(lambda: naive_big(EMAIL), 20)
    print(f"check, + 5,000-phrase pack:    {big_s * 1000:7.2f} ms   ratio to default {big_s / engine_s:.2f}x (target <= 2x)")
    print(f"naive scan, + 5,000 phrases:   {naive_big_s * 1000:7.2f} ms   ratio to its default {naive_big_s / naive_s:.1f}x")

    cases = [(case, catalog.product(case[0])) for case in [
        ("rewards-card", "email", EMAIL), ("zh-consumer-loan", "wechat", "随心消费贷，最高可贷30万元，年化利率（单利）3.6%–18%，详询400-820-6688。" * 4),
        ("balanced-fund", "social", "Diversify with the Balanced Fund. Not FDIC insured. No bank guarantee. May lose value."),
        ("rewards-card", "sms", "Earn 2 points per $1. $0 annual fee. 21.9% APR variable. Reply STOP to opt out."),
    ]]
    batch = cases * 250
    started = time.perf_counter()
    for (product_id, channel, text), item_product in batch:
        default.check(text, item_product, channel)
    elapsed = time.perf_counter() - started
    print(f"batch throughput:              {len(batch) / elapsed:7.0f} checks/s over {len(batch)} mixed texts")

    # Linear in length: ms per 10,000 characters at 10k, 100k and 1M, for copy and for runs that
    # made a check quadratic before (8,000 digits took 6 s).
    for name, unit in (("email copy", EMAIL + "\n"), ("digits", "7"), ("letters", "a"), ("hanzi", "保")):
        row = []
        for length in (10_000, 100_000, 1_000_000):
            text = (unit * (length // len(unit) + 1))[:length]
            started = time.perf_counter()
            default.check(text, product, "email")
            row.append((time.perf_counter() - started) * 1000 / (length / 10_000))
        print(f"ms per 10k characters, {name:10s} at 10k / 100k / 1M: " + " / ".join(f"{v:.1f}" for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
