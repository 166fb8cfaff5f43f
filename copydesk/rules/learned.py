"""The learned meaning model: a sentence-level linear classifier for what phrase lists miss.

Concept rules (rules/concepts.py) catch promises, pressure, superlatives and unfair lending in
wordings someone wrote down. Copy written by the next marketer uses new ones ("your balance only
goes up", 无脑入). This model scores each sentence on those four categories from hashed character
1-4 grams and word uni/bigrams, learnt from the labelled blind sets and thousands of clean ads
(copydesk/rules/learned_training.py, `make train-meaning`). A case is as bad as its worst sentence.

It runs in numpy (no torch at check time): a sentence's score is a sum of table rows. A flagged
sentence is explained by the nearest known case of its category. The weights and the known cases
live in assets/rules/learned/ (safetensors and JSON: nothing is unpickled).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

CATEGORIES = ("guarantee", "pressure", "fair_lending", "superlative")
BUCKETS = 1 << 18
# Where one sentence ends: after . ! ? ; and a space (not inside "3.5%"), after 。！？；, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])\s*|\n+")
_WORD = re.compile(r"[a-z0-9']+")
_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)


class LearnedModelError(ValueError):
    """The learned model's files are missing or unreadable; the message names the file and the fix."""


def sentence_spans(folded: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of normalized text, surrounding spaces trimmed."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(folded):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(folded)))
    trimmed = []
    for a, b in spans:
        while a < b and folded[a].isspace():
            a += 1
        while b > a and folded[b - 1].isspace():
            b -= 1
        if b - a >= 2:
            trimmed.append((a, b))
    return trimmed


def product_names(product) -> list[str]:
    """The names a product goes by in copy: its name, the name without a parenthesis
    ("… Fund (Class A)"), and the bank's name when the facts give it."""
    names = {product.name, re.sub(r"\s*[(（][^)）]*[)）]", "", product.name).strip()}
    if product.facts.get("bank"):
        names.add(product.facts["bank"])
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


@lru_cache(maxsize=1024)
def _folded_name(name: str) -> str:
    from copydesk.rules.normalize import normalize

    return normalize(name).text


def mask_names(folded: str, names) -> str:
    """Normalized text with each product name blanked to '#'s of the same length (offsets keep).

    Which product an ad names says nothing of what it promises; a model that learnt
    "balanced growth fund" from guarantee cases would flag the name of every fund."""
    for name in names:
        folded_name = _folded_name(name)
        if len(folded_name) >= 3 and folded_name in folded:
            folded = folded.replace(folded_name, "#" * len(folded_name))
    return folded


def _char_gram_buckets(codes: np.ndarray, n: int) -> np.ndarray:
    """Bucket of the character n-gram starting at each position (a rolling hash of code points)."""
    rolling = np.zeros(len(codes) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            rolling = rolling * _PRIME + codes[k:len(codes) - n + 1 + k]
        return (((rolling + np.uint64(n)) * _MIX) >> np.uint64(40)) % np.uint64(BUCKETS)


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


@lru_cache(maxsize=65536)
def _gram_bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) % BUCKETS  # (cached: copy is re-checked as it is typed)


def _word_buckets(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Buckets of each word, and of each word with the next (bigram i is words i and i + 1)."""
    unigrams = np.array([_gram_bucket("w:" + w) for w in words], dtype=np.int64)
    bigrams = np.array([_gram_bucket("b:" + a + " " + b) for a, b in zip(words, words[1:])], dtype=np.int64)
    return unigrams, bigrams


def features(sentence: str) -> np.ndarray:
    """Bucket ids of one normalized sentence, one per occurrence: character 1-4 grams and, for Latin
    words, unigrams and bigrams. (Training sums these rows; `LearnedModel.sentence_logits` computes
    the same sums for every sentence of a text at once.)"""
    codes = _codes(sentence)
    parts = [_char_gram_buckets(codes, n).astype(np.int64) for n in (1, 2, 3, 4) if len(codes) >= n]
    parts.extend(_word_buckets(_WORD.findall(sentence)))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class KnownCase:
    """A labelled sentence the model learnt from, shown to explain a flag."""

    category: str
    lang: str
    text: str


@dataclass(frozen=True)
class SentenceScore:
    start: int  # in the normalized text
    end: int
    category: str
    probability: float


class LearnedModel:
    """The weights, the threshold and the known cases; `score` is safe to call from any thread."""

    def __init__(self, table: np.ndarray, bias: np.ndarray, threshold: float, known: list[KnownCase],
                 source: str = "", trained_on: dict | None = None, sha256: str = ""):
        self.table, self.bias, self.threshold, self.source = table, bias, threshold, source
        self.trained_on, self.sha256 = trained_on or {}, sha256  # what `rules list` shows a reviewer
        self.known = known

    @cached_property
    def _known_features(self) -> list[set[int]]:
        """Each known case's n-grams, for `nearest`: computed at the first flag, not at start-up."""
        return [set(features(case.text).tolist()) for case in self.known]

    @classmethod
    def load(cls, folder: Path) -> "LearnedModel":
        weights, meta = folder / "meaning.safetensors", folder / "meaning.json"
        try:
            from safetensors.numpy import load

            data = weights.read_bytes()  # read once: the tensors and the hash `rules list` shows
            tensors = load(data)
            info = json.loads(meta.read_text(encoding="utf-8"))
            rows, values, bias = tensors["rows"], tensors["weights"], tensors["bias"]
            if values.shape != (len(rows), len(CATEGORIES)) or bias.shape != (len(CATEGORIES),):
                raise ValueError(f"weights of shape {values.shape} for {len(rows)} rows and bias {bias.shape}")
            if info.get("categories") != list(CATEGORIES) or info.get("buckets") != BUCKETS:
                raise ValueError("it was trained for other categories or another feature size")
            known = [KnownCase(c["category"], c["lang"], c["text"]) for c in info.get("known", [])]
            threshold = float(info["threshold"])
        except Exception as error:  # safetensors raises its own errors for a damaged file: any failure is named the same way
            raise LearnedModelError(
                f"{weights.name} / {meta.name} in {folder}: the learned meaning model cannot be read ({error}); "
                "rebuild it with `make train-meaning` or reinstall copydesk") from error
        table = np.zeros((BUCKETS, len(CATEGORIES)), dtype=np.float32)
        table[rows.astype(np.int64)] = values.astype(np.float32)
        return cls(table, bias.astype(np.float32), threshold, known, str(folder), info.get("trained_on"),
                   hashlib.sha256(data).hexdigest())

    def sentence_logits(self, folded: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """Logits (sentences x categories) of these spans of normalized text, in a few array
        operations over the whole text: each n-gram's row summed by prefix sums, so a long email
        costs about what one sentence does."""
        codes = _codes(folded)
        starts = np.array([a for a, _ in spans], dtype=np.int64)
        ends = np.array([b for _, b in spans], dtype=np.int64)
        total = np.zeros((len(spans), len(CATEGORIES)))
        count = np.zeros(len(spans))

        def prefix_sums(buckets: np.ndarray) -> np.ndarray:
            # (float64: a megabyte of copy sums a million rows without drifting)
            prefix = np.zeros((len(buckets) + 1, len(CATEGORIES)))
            np.cumsum(self.table[buckets], axis=0, dtype=np.float64, out=prefix[1:])
            return prefix

        for n in (1, 2, 3, 4):
            if len(codes) < n:
                break
            buckets = _char_gram_buckets(codes, n).astype(np.int64)
            prefix = prefix_sums(buckets)
            # grams starting in [start, end - n]; a sentence shorter than n at the very end has none
            first = np.minimum(starts, len(buckets))
            last = np.minimum(np.maximum(ends - n + 1, starts), len(buckets))
            total += prefix[last] - prefix[first]
            count += last - first
        words = list(_WORD.finditer(folded))
        if words:
            unigrams, bigrams = _word_buckets([w.group() for w in words])
            # a sentence's words are a run [first, last) of the text's (no word crosses a sentence end),
            # and its bigrams the run [first, last - 1)
            word_starts = np.array([w.start() for w in words])
            first = np.searchsorted(word_starts, starts)
            last = np.searchsorted(word_starts, ends)
            prefix = prefix_sums(unigrams)
            total += prefix[last] - prefix[first]
            count += last - first
            if len(bigrams):
                pair_last = np.maximum(last - 1, first)
                prefix = prefix_sums(bigrams)
                total += prefix[np.minimum(pair_last, len(bigrams))] - prefix[np.minimum(first, len(bigrams))]
                count += np.minimum(pair_last, len(bigrams)) - np.minimum(first, len(bigrams))
        return total / np.sqrt(np.maximum(count, 1.0))[:, None] + self.bias

    def probabilities(self, sentence: str) -> np.ndarray:
        """Per-category probabilities of one normalized sentence."""
        return 1.0 / (1.0 + np.exp(-self.sentence_logits(sentence, [(0, len(sentence))])[0]))

    def score(self, folded: str, threshold: float | None = None, names=()) -> list[SentenceScore]:
        """Every (sentence, category) of normalized text at or above the threshold (the model's own
        by default); `names` (the product's, see `product_names`) are masked first."""
        threshold = self.threshold if threshold is None else threshold
        folded = mask_names(folded, names)
        spans = sentence_spans(folded)
        if not spans:
            return []
        probabilities = 1.0 / (1.0 + np.exp(-self.sentence_logits(folded, spans)))
        flagged = []
        for (start, end), row in zip(spans, probabilities.tolist()):
            for category, p in zip(CATEGORIES, row):
                if p >= threshold:
                    flagged.append(SentenceScore(start, end, category, p))
        return flagged

    def nearest(self, sentence: str, category: str, lang: str) -> KnownCase | None:
        """The known case of this category and language that shares the most n-grams (Jaccard)."""
        mine = set(features(sentence).tolist())
        best, best_score = None, 0.0
        for case, theirs in zip(self.known, self._known_features):
            if case.category != category or case.lang != lang:
                continue
            score = len(mine & theirs) / max(1, len(mine | theirs))
            if score > best_score:
                best, best_score = case, score
        return best


def bundled_folder() -> Path:
    from copydesk.resources import asset

    return asset("rules", "learned")
