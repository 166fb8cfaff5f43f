"""Train the learned meaning model (rules/learned.py) from the repository's labelled copy.

    python -m copydesk.rules.learned_training [--out assets/rules/learned] [--threshold 0.6]

The data, all in this repository: the labelled blind sets in bench/compliance_blind*/ (their
holdout halves never: those are scored, not learnt from), the development corpora in tests/data/
and bench/data/, and the hand-written copy corpus (assets/corpus/, every ad one a reviewer
passes) filled with its facts. A labelled case is a bag of sentences: a violation of a category
has at least one sentence of it, a clean case none (multiple-instance learning, the case's
logit the highest of its sentences'). Training takes about a minute on one core (torch).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np

from copydesk.rules.learned import (BUCKETS, CATEGORIES, KnownCase, LearnedModel, features, mask_names, product_names,
                                    sentence_spans)

ROOT = Path(__file__).resolve().parents[2]
# The blind sets the shipped model learns from (their tune halves where split). A set written
# later is scored once with the model before it is added here.
TRAINING_SETS = ("blind", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11",
                 "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18")
DEVELOPMENT_FILES = ("tests/data/corpus_en.jsonl", "tests/data/corpus_zh.jsonl", "bench/data/holdout.jsonl")
DEFAULT_THRESHOLD = 0.65  # bench_meaning_sentences.py: no false alarm added on the sets it did not see


def set_folder(name: str) -> Path:
    return ROOT / "bench" / ("compliance_" + name)


def labelled_rows(sets=TRAINING_SETS, development: bool = True) -> list[dict]:
    """Labelled cases (text, lang, categories, expect, set, names) of these blind sets, holdouts
    left out; `names` are the product's (masked as at check time)."""
    from copydesk.catalog import load_catalog
    from copydesk.resources import sample_catalog_path

    rows = []
    files = [(name, set_folder(name) / "cases.jsonl", set_folder(name) / "catalog.json") for name in sets]
    if development:
        files += [(Path(f).stem, ROOT / f, sample_catalog_path()) for f in DEVELOPMENT_FILES]
    for name, path, catalog_path in files:
        catalog = load_catalog(catalog_path)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("split") != "holdout":
                    product = catalog.product(row["product"])
                    rows.append({"text": row["text"], "lang": row["lang"], "categories": row.get("categories", []),
                                 "expect": row["expect"], "set": name, "names": product_names(product)})
    return rows


def corpus_rows() -> list[dict]:
    """The hand-written copy corpus, each ad's parts filled with its facts: clean copy."""
    from copydesk.generation import compose
    from copydesk.generation.corpus import batches, load_batch

    rows = []
    for path in batches():
        catalog, ads = load_batch(path)
        for ad in ads:
            product = catalog.product(ad.product)
            filled = compose.fill_parts(ad.parts, {**product.facts, "name": product.name})
            rows.append({"text": "\n".join(str(v) for v in filled.values()), "lang": ad.lang, "categories": [],
                         "expect": "pass", "set": "corpus", "names": product_names(product)})
    return rows


def _sentences(rows: list[dict]):
    from copydesk.rules.normalize import normalize

    for case, row in enumerate(rows):
        folded = mask_names(normalize(row["text"]).text, row.get("names", ()))
        for start, end in sentence_spans(folded) or [(0, len(folded))]:
            yield case, folded[start:end]


class _Bags:
    """Every sentence of every case flattened for an EmbeddingBag, with its case's index."""

    def __init__(self, rows: list[dict]):
        import torch

        ids, offsets, weights, owner, self.text = [], [], [], [], []
        for case, sentence in _sentences(rows):
            grams = features(sentence).tolist()
            offsets.append(len(ids))
            ids.extend(grams)
            weights.extend([len(grams) ** -0.5] * len(grams))
            owner.append(case)
            self.text.append(sentence)
        self.ids = torch.tensor(ids, dtype=torch.long)
        self.offsets = torch.tensor(offsets, dtype=torch.long)
        self.weights = torch.tensor(weights)
        self.owner = torch.tensor(owner, dtype=torch.long)
        self.cases = len(rows)


def _case_logits(table, bias, bags: _Bags):
    import torch

    logits = table(bags.ids, bags.offsets, per_sample_weights=bags.weights) + bias
    out = torch.full((bags.cases, len(CATEGORIES)), -1e4)
    return out.scatter_reduce(0, bags.owner.unsqueeze(1).expand_as(logits), logits, reduce="amax"), logits


def fit(rows: list[dict], threshold: float = DEFAULT_THRESHOLD, epochs: int = 40, seed: int = 0) -> LearnedModel:
    """A model learnt from these rows, with the highest-scoring sentence of each violation as a known case."""
    import torch

    torch.manual_seed(seed)
    bags = _Bags(rows)
    labels = torch.tensor([[float(c in row["categories"]) for c in CATEGORIES] for row in rows])
    table = torch.nn.EmbeddingBag(BUCKETS, len(CATEGORIES), mode="sum")
    torch.nn.init.zeros_(table.weight)
    bias = torch.nn.Parameter(torch.full((len(CATEGORIES),), -3.0))
    optimizer = torch.optim.Adam(list(table.parameters()) + [bias], lr=0.1)
    positive = labels.mean(0).clamp(min=1e-3)
    pos_weight = ((1 - positive) / positive).clamp(max=5)  # rare categories weigh as much as clean copy
    for _ in range(epochs):
        optimizer.zero_grad()
        case_logits, _ = _case_logits(table, bias, bags)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(case_logits, labels, pos_weight=pos_weight)
        (loss + 1e-5 * (table.weight ** 2).sum()).backward()
        optimizer.step()
    with torch.no_grad():
        _, sentence_logits = _case_logits(table, bias, bags)
    known = []
    owner = bags.owner.tolist()
    for k, category in enumerate(CATEGORIES):
        best: dict[int, int] = {}
        for index, case in enumerate(owner):
            if category in rows[case]["categories"] and (
                    case not in best or sentence_logits[index, k] > sentence_logits[best[case], k]):
                best[case] = index
        known += [KnownCase(category, rows[case]["lang"], re.sub(r"#{3,}", "[product]", bags.text[index]))
                  for case, index in sorted(best.items())]
    weights = table.weight.detach().numpy().astype(np.float32)
    return LearnedModel(weights, bias.detach().numpy().astype(np.float32), threshold, _unique(known))


def _unique(known: list[KnownCase]) -> list[KnownCase]:
    seen, kept = set(), []
    for case in known:
        if (case.category, case.text) not in seen:
            seen.add((case.category, case.text))
            kept.append(case)
    return kept


def save(model: LearnedModel, folder: Path, provenance: dict) -> None:
    """meaning.safetensors (the nonzero rows, float16) and meaning.json (threshold, known cases)."""
    from safetensors.numpy import save

    folder.mkdir(parents=True, exist_ok=True)
    rows = np.flatnonzero(np.abs(model.table).max(axis=1) > 1e-4).astype(np.int32)
    tensors = {"rows": rows, "weights": model.table[rows].astype(np.float16), "bias": model.bias}
    (folder / "meaning.safetensors").write_bytes(save(tensors))
    info = {"categories": list(CATEGORIES), "buckets": BUCKETS, "threshold": model.threshold, **provenance,
            "known": [{"category": c.category, "lang": c.lang, "text": c.text} for c in model.known]}
    (folder / "meaning.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import torch

    from copydesk.rules.learned import bundled_folder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=bundled_folder())
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    rows = labelled_rows() + corpus_rows()
    digest = hashlib.sha256("\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows).encode()).hexdigest()
    model = fit(rows, args.threshold)
    save(model, args.out, {"trained_on": {"sets": list(TRAINING_SETS), "development": list(DEVELOPMENT_FILES),
                                          "corpus_ads": sum(r["set"] == "corpus" for r in rows), "cases": len(rows),
                                          "data_sha256": digest}})
    print(f"{args.out}: {len(rows)} cases, {len(model.known)} known cases, threshold {args.threshold}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
