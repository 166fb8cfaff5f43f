"""Sanity-check the held-out labelled corpus bench/data/holdout.jsonl (does not touch the engine).

    python3 bench/validate_holdout.py [path]

Checks: JSON per line, required fields and enums, unique ids, product exists in the sample
catalog with the case's language, expect == highest severity of categories, clean cases have
no categories, channel length limits (exceeded only when `length` is labelled), Luhn-valid
card numbers in pii cases, and that every number in cases not labelled ungrounded_claim/pii
appears in the product's facts, disclosures or name (masked "ending 1234"/"尾号1234" exempt).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "assets" / "catalog" / "sample.json"
BLOCK = {"guarantee", "superlative", "missing_disclosure", "ungrounded_claim", "fair_lending", "pii"}
WARN = {"pressure", "length"}
CATS = BLOCK | WARN
CHANNELS = {"email", "sms", "social", "banner", "push", "wechat"}
LIMITS = {"sms": 160, "push": 120, "banner": 60}
TYPES = {"violation", "disguise", "clean", "tricky_clean"}
FIELDS = ["id", "lang", "product", "channel", "text", "expect", "categories", "type", "note"]

NUM = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![A-Za-z0-9])")
MASKED = re.compile(r"(ending(?: in)?\s+\d{4}|尾号\d{4})", re.I)
CARDLIKE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def numbers(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    return {m.group(1).replace(",", "") for m in NUM.finditer(text)}


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "holdout.jsonl"
    products = {p["id"]: p for p in json.loads(CATALOG.read_text(encoding="utf-8"))["products"]}
    errors: list[str] = []
    seen: set[str] = set()
    cases = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            c = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: bad JSON: {exc}")
            continue
        cases.append(c)
        missing = [f for f in FIELDS if f not in c]
        if missing:
            errors.append(f"{where}: missing {missing}")
            continue
        cid = c["id"]
        where = f"{where} {cid}"
        if cid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(cid)
        p = products.get(c["product"])
        if p is None:
            errors.append(f"{where}: unknown product {c['product']}")
            continue
        if p["lang"] != c["lang"] or not cid.startswith(f"ho-{c['lang']}-"):
            errors.append(f"{where}: language mismatch ({c['lang']} vs product {p['lang']})")
        if c["channel"] not in CHANNELS:
            errors.append(f"{where}: bad channel")
        if c["type"] not in TYPES:
            errors.append(f"{where}: bad type")
        cats = set(c["categories"])
        if not cats <= CATS or len(cats) != len(c["categories"]):
            errors.append(f"{where}: bad categories {c['categories']}")
        want = "block" if cats & BLOCK else "warn" if cats & WARN else "pass"
        if c["expect"] != want:
            errors.append(f"{where}: expect {c['expect']} but categories imply {want}")
        if c["type"] in {"clean", "tricky_clean"} and cats:
            errors.append(f"{where}: clean case with categories")
        if c["type"] in {"violation", "disguise"} and not cats:
            errors.append(f"{where}: violation without categories")
        text = c["text"]
        limit = LIMITS.get(c["channel"])
        if limit is not None:
            n = len(text)
            if "length" in cats and n <= limit:
                errors.append(f"{where}: labelled length but {n} <= {limit}")
            if "length" not in cats and n > limit:
                errors.append(f"{where}: {n} code points > {c['channel']} limit {limit}")
        elif "length" in cats:
            errors.append(f"{where}: length label on a channel without a limit")
        for m in CARDLIKE.finditer(unicodedata.normalize("NFKC", text)):
            digits = re.sub(r"\D", "", m.group(0))
            if 13 <= len(digits) <= 19 and len(digits) != 18:  # 18 digits = CN national ID
                if "pii" not in cats:
                    errors.append(f"{where}: card-like number {m.group(0)!r} in a non-pii case")
                elif not luhn(digits):
                    errors.append(f"{where}: card number {m.group(0)!r} fails Luhn")
        if not cats & {"ungrounded_claim", "pii"}:
            ground = " ".join([p["name"], *map(str, p["facts"].values()), *p["disclosures"]])
            allowed = numbers(ground)
            stripped = MASKED.sub(" ", text)
            extra = sorted(numbers(stripped) - allowed)
            if extra:
                errors.append(f"{where}: numbers not in facts/disclosures: {extra}")
    by_type = Counter((c["lang"], c["type"]) for c in cases)
    by_cat = Counter((c["lang"], cat) for c in cases for cat in c["categories"])
    by_expect = Counter((c["lang"], c["expect"]) for c in cases)
    print(f"{len(cases)} cases")
    for lang in ("en", "zh"):
        print(lang, "types:", {t: by_type[(lang, t)] for t in sorted(TYPES)})
        print(lang, "categories:", {k: by_cat[(lang, k)] for k in sorted(CATS)})
        print(lang, "expect:", {k: by_expect[(lang, k)] for k in ("pass", "warn", "block")})
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
