"""Concept rules: meaning as small grammars over synonym sets, not as lists of whole phrases.

A phrase list holds the sentences someone thought of ("women only", "priority for married
couples"); a concept holds the parts such sentences are made of and how they combine:

    sets.group  = ["men", "ladies", "locals", "citizens by birth", "church famil*", ...]
    sets.favour = ["priority", "fast-track", "in mind", "preferred", ...]
    frames      = [["group", "favour"], ["favour", "group"]]

A frame matches when each of its sets has a word in one sentence, in that order, each within
`window` characters of the one before. "Locals get priority review", "we built this card with
the men of the house in mind" and "members of local congregations get fast-track review" are
three frames of one rule, and so are the sentences nobody wrote down yet.

Set words are matched as lemmas: an English word also matches its inflections (approve ->
approves, approved, approving; apply -> applies, applied), and "word*" matches any longer word.
Chinese words match as written. Every word of every concept goes into one Aho-Corasick
automaton, so the text is read once, however many concepts there are.

A finding shows the nearest of the rule's own must-flag examples (character trigrams), so the
reviewer sees what known case the copy reads like.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from copydesk.rules.normalize import fold_phrase

_SENTENCE_BREAK = re.compile(r"(?<!\d)\.|\.(?!\d)|[!?;\n。！？；]")  # "1.62%" is one figure, not two sentences


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def inflections(word: str) -> set[str]:
    """An English word and its regular inflections (a lemma's forms, cheaply)."""
    forms = {word}
    if not word.isascii() or not word.isalpha() or len(word) < 3:
        return forms
    if word.endswith("e"):
        return forms | {word + "s", word + "d", word[:-1] + "ing"}  # approve -> approves, approved, approving
    forms |= {word + "s", word + "ed", word + "ing"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}  # apply -> applies, applied
    if word[-1] in "bdgmnprt" and word[-2:-1] in "aeiou" and word[-3:-2] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # stop -> stopped, stopping
    return forms


@dataclass(frozen=True)
class ConceptHit:
    set_name: str
    start: int
    end: int


class ConceptMatcher:
    """All set words of all concept rules in one automaton; per text, the hits of each rule's sets."""

    def __init__(self, rules):
        self.rules = rules
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, str, bool]]] = {}
        for index, rule in enumerate(rules):
            for set_name, words in rule.sets.items():
                for word in words:
                    prefix = word.endswith("*")
                    folded = fold_phrase(word.rstrip("*"))
                    if not folded:
                        continue
                    single = " " not in folded
                    for form in (inflections(folded) if single and not prefix else {folded}):
                        entries.setdefault(form, []).append((index, set_name, prefix))
        for key, targets in entries.items():
            self.automaton.add_word(key, (key, tuple(targets)))
        self.size = len(entries)
        if entries:
            self.automaton.make_automaton()

    def hits(self, text: str) -> dict[int, list[ConceptHit]]:
        """rule index -> its set hits in `text` (canonical form), on word boundaries."""
        found: dict[int, list[ConceptHit]] = {}
        if not self.size:
            return found
        for end_index, (key, targets) in self.automaton.iter(text):
            start, end = end_index - len(key) + 1, end_index + 1
            if _is_word_char(key[0]) and start > 0 and _is_word_char(text[start - 1]):
                continue
            closed = not (_is_word_char(key[-1]) and end < len(text) and _is_word_char(text[end]))
            for index, set_name, prefix in targets:
                stop = end
                if not closed:
                    if not prefix:
                        continue
                    while stop < len(text) and _is_word_char(text[stop]):
                        stop += 1
                found.setdefault(index, []).append(ConceptHit(set_name, start, stop))
        return found


def frame_matches(rule, hits: list[ConceptHit], text: str) -> list[tuple[int, int]]:
    """(start, end) of each place where one of the rule's frames is complete in one sentence."""
    by_set: dict[str, list[ConceptHit]] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        by_set.setdefault(hit.set_name, []).append(hit)
    starts = {name: [h.start for h in found] for name, found in by_set.items()}
    spans = []
    for frame in rule.frames:
        if any(name not in by_set for name in frame):
            continue
        for first in by_set[frame[0]]:
            end = _complete(rule, frame, 1, first.end, by_set, starts, text)
            if end is not None:
                spans.append((first.start, end))
    return _merge(spans)


def _complete(rule, frame, position: int, after: int, by_set, starts, text: str) -> int | None:
    """The end of the frame's remaining parts, each after the last within the window, same sentence."""
    if position == len(frame):
        return after
    found = by_set[frame[position]]
    for index in range(bisect.bisect_left(starts[frame[position]], after), len(found)):  # hits from `after` on
        hit = found[index]
        if hit.start - after > rule.window:
            break
        if _SENTENCE_BREAK.search(text, after, hit.start):
            break
        end = _complete(rule, frame, position + 1, hit.end, by_set, starts, text)
        if end is not None:
            return end
    return None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=4096)
def _trigrams(text: str) -> frozenset[str]:
    folded = re.sub(r"\s+", " ", fold_phrase(text))
    return frozenset(folded[i : i + 3] for i in range(max(1, len(folded) - 2)))


def nearest_example(rule, sentence: str) -> str | None:
    """The rule's must-flag example that reads most like `sentence` (character trigrams)."""
    grams = _trigrams(sentence)
    best, best_score = None, 0.0
    for example in rule.examples:
        if not example.flag:
            continue
        other = _trigrams(example.text)
        score = len(grams & other) / max(1, len(grams | other))
        if score > best_score:
            best, best_score = example.text, score
    return best
