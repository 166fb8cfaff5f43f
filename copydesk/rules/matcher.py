"""Match every phrase of every rule in one pass over the normalized text (Aho-Corasick)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Iterator

import ahocorasick

from copydesk.rules.normalize import fold_phrase


def _is_word_char(char: str) -> bool:
    """Latin letters and digits form words; CJK characters need no word boundary."""
    return char.isascii() and char.isalnum()


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


class SyllableCache:
    """Pinyin syllables of phrases, kept in the user cache folder between runs.

    Importing pypinyin costs ~0.9 s (its dictionaries), most of the rule engine's start-up;
    the bundled packs' phrases never change, so after the first run it is not imported at all.
    """

    FILE = "pinyin-syllables.json"

    def __init__(self):
        self.path = None
        self.known: dict[str, list[str]] = {}
        self.changed = False
        try:
            from copydesk import config

            self.path = config.cache_dir() / self.FILE
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}  # no cache yet, or a damaged one: recomputed below

    def syllables(self, phrase: str) -> list[str]:
        if phrase not in self.known:
            from pypinyin import lazy_pinyin  # only on a cache miss

            self.known[phrase] = lazy_pinyin(phrase)
            self.changed = True
        return self.known[phrase]

    def save(self) -> None:
        if not self.changed or self.path is None:
            return
        from copydesk import config

        try:
            config.write_atomic(self.path, json.dumps(self.known, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache; the next start computes again


def pinyin_variants(phrase: str, cache: SyllableCache | None = None) -> set[str]:
    """Spellings of a Chinese phrase with some or all characters written in pinyin.

    "保本" -> {"bao本", "保ben", "baoben", "bao ben"}: marketers (and evaders) mix them.
    """
    if not phrase or not all(_is_cjk(c) for c in phrase) or len(phrase) > 5:
        return set()
    syllables = (cache or SyllableCache()).syllables(phrase)
    if len(syllables) != len(phrase):
        return set()
    variants = set()
    for mask in itertools.product((False, True), repeat=len(phrase)):
        if not any(mask):
            continue
        parts = [s if use_pinyin else c for c, s, use_pinyin in zip(phrase, syllables, mask)]
        variants.add("".join(parts))
        if all(mask):
            variants.add(" ".join(parts))
    return variants


@dataclass(frozen=True)
class PhraseHit:
    rule_index: int
    start: int  # canonical offsets
    end: int
    phrase: str


class PhraseMatcher:
    """All phrases of all rules in one automaton; a hit knows its rule and canonical span."""

    def __init__(self, rules):
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, bool]]] = {}
        syllables = SyllableCache()
        for index, rule in enumerate(rules):
            for phrase in rule.phrases:
                prefix = phrase.endswith("*")
                folded = fold_phrase(phrase.rstrip("*"))
                if not folded:
                    continue
                spellings = {folded}
                if rule.pinyin:
                    spellings |= {fold_phrase(v) for v in pinyin_variants(folded, syllables)}
                for spelling in spellings:
                    entries.setdefault(spelling, []).append((index, prefix))
        syllables.save()
        for key, targets in entries.items():
            self.automaton.add_word(key, (key, tuple(targets)))
        self.size = len(entries)
        if entries:
            self.automaton.make_automaton()

    def hits(self, text: str) -> Iterator[PhraseHit]:
        """Every phrase occurrence in `text` (canonical form) that sits on word boundaries."""
        if not self.size:
            return
        for end_index, (key, targets) in self.automaton.iter(text):
            start, end = end_index - len(key) + 1, end_index + 1
            left_ok = not (_is_word_char(key[0]) and start > 0 and _is_word_char(text[start - 1]))
            if not left_ok:
                continue
            right_closed = not (_is_word_char(key[-1]) and end < len(text) and _is_word_char(text[end]))
            for rule_index, prefix in targets:
                if right_closed:
                    yield PhraseHit(rule_index, start, end, key)
                elif prefix:
                    # "guarantee*" also covers guaranteed/guarantees: extend to the word's end.
                    stop = end
                    while stop < len(text) and _is_word_char(text[stop]):
                        stop += 1
                    yield PhraseHit(rule_index, start, stop, key)
