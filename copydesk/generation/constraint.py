"""Decoding in slot form: the model writes a draft's parts as labelled lines, and figures only
through `{fact_key}` slots naming this product's facts.

`SlotConstraint` is a logits hook (see backend.CompletionSettings.logits_hook). Every step it
looks at what each row has written and forbids what may not come next:

- at the start of a line, only the label of a part the channel expects next ("subject:",
  then "preheader:", … one "body:" per paragraph, "cta:"); after the last part, end of text;
- in free text, any token holding a digit, a currency or percent sign, or a brace: figures
  cannot be typed, only slotted;
- after "{", only the characters that continue one of the product's fact keys not yet
  slotted in this line, then "}";
- a line break before the part has words of its own (`min_own`), and a token that would
  repeat a 4-token run of the same part (loops);
- right after a slot, a word that would read wrong once the fact is filled in (`after_slots`,
  the rules of formats.slot_misread): the fact's own words again ("{cash_back} cash back" with
  "1.5% cash back on every purchase"), another fact's name ("{loan_amounts} APR"), anything but
  the sentence's end after a fact with conditions;
- past a part's cap (a slot counts as the shorter of its name and its fact), anything but the line break.

So a figure can only be misplaced, never invented or distorted; the compliance engine's
grounding check then catches a misplaced one. It also keeps each row's log-probability of
the tokens it chose, for the fluency part of the ranking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import torch

from copydesk.generation.formats import FIGURE, AfterSlot

NO_REPEAT = 4  # tokens: a part may not repeat a run this long


@dataclass
class _Row:
    text: str = ""
    seen: int = 0  # generated tokens processed
    part_index: int = 0  # into the format's written parts
    paragraphs: int = 0  # "body:" lines written for the current list part
    label: str | None = ""  # the label being written ("" at a line start), None inside content
    content_tokens: list[int] = field(default_factory=list)
    content_chars: int = 0
    logprob: float = 0.0
    chosen: int = 0
    finished: bool = False
    capped: bool = False  # a line was ended because it ran over its cap (likely mid-sentence)
    slot_name: str | None = None  # the slot being written (between "{" and "}"), else None
    part_slots: list[str] = field(default_factory=list)  # slots already in the current line
    own: int = 0  # the current line's own words (en) or Chinese characters (zh), outside slots
    word_open: bool = False  # inside a word (counted when it starts)
    after_slot: str | None = None  # the slot just closed, until a word or a mark follows it


class SlotConstraint:
    """Forbids figures outside slots, unknown slot names and out-of-order parts, per row."""

    def __init__(self, vocabulary: list[str], eos_id: int, parts: tuple[str, ...], paragraphs: dict,
                 slots: list[str], rows: int, caps: dict | None = None,
                 slot_lengths: dict[str, int] | None = None, min_own: dict[str, int] | None = None, lang: str = "en",
                 after_slots: dict[str, AfterSlot] | None = None):
        self.vocabulary = vocabulary
        self.eos_id = eos_id
        self.parts = parts
        self.paragraphs = paragraphs  # part -> (fewest, most) lines
        self.slots = sorted(set(slots))
        self.caps = dict(caps or {})  # part -> most characters of content before the line must end
        # A slot counts towards a cap as the shorter of its name and its fact: a Chinese headline
        # of 22 characters holds "{card_level}" as 银联金卡 (4, not 12); a long English fact
        # counts as its name, since the caps only keep the model's own sentences in bounds.
        self.slot_lengths = dict(slot_lengths or {})
        # part -> fewest own words (Chinese characters) before the line may end: a part of slots
        # alone, or an offer of one word, says nothing ("headline: {annual_fee}").
        self.min_own = dict(min_own or {})
        self.lang = lang
        self.after_slots = dict(after_slots or {})
        self._after_banned: dict[str, torch.Tensor] = {}
        self.rows = [_Row() for _ in range(rows)]
        # What the vocabulary alone decides is read once per loaded model, not per request (a
        # pass over Gemma's 164k tokens took about 0.2 s of each Generate).
        index = _vocabulary_index(vocabulary)
        self._ids_by_text = index.by_text
        self._free_text_banned = index.free_text_banned
        self._opening_ids = index.opening
        self._newline_ids = index.newline
        self._last_logprobs: torch.Tensor | None = None

    # --- what the rows wrote -----------------------------------------------------------------

    def fluency(self, row: int) -> float:
        """Mean log-probability of the content tokens the row chose (forced ones count 0)."""
        state = self.rows[row]
        return state.logprob / state.chosen if state.chosen else float("-inf")

    def capped(self, row: int) -> bool:
        """Whether a part of the row was cut at its cap."""
        return self.rows[row].capped

    def complete(self, row: int) -> bool:
        """Whether the row wrote every part and stopped."""
        return self.rows[row].finished

    # --- the hook ----------------------------------------------------------------------------

    def __call__(self, logits: torch.Tensor, generated: list[list[int]]) -> None:
        for row, tokens in enumerate(generated):
            state = self.rows[row]
            for token in tokens[state.seen:]:
                self._take(state, row, token)
            state.seen = len(tokens)
        self._last_logprobs = None
        for row, state in enumerate(self.rows):
            self._mask(logits[row], state)
        self._last_logprobs = torch.log_softmax(logits.float(), dim=-1)

    def _take(self, state: _Row, row: int, token: int) -> None:
        if self._last_logprobs is not None:
            value = float(self._last_logprobs[row, token])
            if value < 0:  # a forced token (the only one allowed) says nothing about fluency
                state.logprob += value
                state.chosen += 1
        piece = self.vocabulary[token] if token < len(self.vocabulary) else ""
        for char in piece:
            self._take_char(state, char)
        if state.label is None:
            state.content_tokens.append(token)

    def _take_char(self, state: _Row, char: str) -> None:
        state.text += char
        if state.label is not None:  # writing a label
            state.label += char
            label = self._current_label(state)
            if label is not None and state.label == label:
                if label != f"{self.parts[state.part_index]}:":  # the list part ended: the next one starts
                    state.part_index, state.paragraphs = state.part_index + 1, 0
                state.label = None  # the content starts
                state.content_tokens, state.content_chars = [], 0
                state.part_slots, state.own, state.word_open = [], 0, False
            return
        if state.after_slot is not None and self._ends_after_slot(state.after_slot, char):
            state.after_slot = None
        if char == "\n":
            self._end_line(state)
        elif state.slot_name is not None:
            if char == "}":
                state.part_slots.append(state.slot_name)
                written = len(state.slot_name) + 2
                state.content_chars += min(written, self.slot_lengths.get(state.slot_name, written))
                state.after_slot = state.slot_name
                state.slot_name, state.word_open = None, False  # a slot reads as a space between words
            else:
                state.slot_name += char
        elif char == "{":
            state.slot_name, state.word_open = "", False
        else:
            state.content_chars += 1
            if self.lang == "zh":
                state.own += "\u4e00" <= char <= "\u9fff"  # as _says_something counts: Chinese characters
            elif char.isspace():
                state.word_open = False
            elif not state.word_open:
                state.own, state.word_open = state.own + 1, True  # whitespace-separated words

    def _end_line(self, state: _Row) -> None:
        part = self.parts[state.part_index]
        if part in self.paragraphs:
            state.paragraphs += 1
            if state.paragraphs >= self.paragraphs[part][1]:
                state.part_index, state.paragraphs = state.part_index + 1, 0
        else:
            state.part_index += 1
        state.label = ""
        if state.part_index >= len(self.parts):
            state.finished = True

    def _current_label(self, state: _Row) -> str | None:
        """The label the row is writing, once its prefix decides it."""
        for option in self._label_options(state):
            if option.startswith(state.label or "") and len(option) == len(state.label or ""):
                return option
        return None

    def _label_options(self, state: _Row) -> list[str]:
        """Labels allowed at this line start: another paragraph, or the next part."""
        options = []
        index = state.part_index
        if index < len(self.parts):
            part = self.parts[index]
            if part in self.paragraphs and state.paragraphs > 0:
                options.append(f"{part}:")
                low = self.paragraphs[part][0]
                if state.paragraphs >= low and index + 1 < len(self.parts):
                    options.append(f"{self.parts[index + 1]}:")
                elif state.paragraphs >= low:
                    options.append("")  # the last part may end here
            else:
                options.append(f"{part}:")
        return options

    # --- what may come next ------------------------------------------------------------------

    def _mask(self, row_logits: torch.Tensor, state: _Row) -> None:
        if state.finished or (state.label == "" and "" in self._label_options(state)):
            state.finished = True
            _only(row_logits, [self.eos_id])
            return
        if state.label is not None:
            prefix = state.label
            allowed = self._continuations(prefix, [o for o in self._label_options(state) if o])
            _only(row_logits, allowed or [self.eos_id])
            return
        partial = _open_slot(state.text)
        if partial is not None:
            # A fact once per line: "{nmls_id} … {nmls_id}" says it twice.
            allowed = self._continuations(partial, [s + "}" for s in self.slots if s not in state.part_slots])
            _only(row_logits, allowed or [self._first_id("}")])
            return
        cap = self.caps.get(self.parts[state.part_index])
        if cap is not None and state.content_chars >= cap and state.content_tokens:
            state.capped = True
            _only(row_logits, self._ids_by_text.get("\n", [self.eos_id]))  # over length: end the line
            return
        if len(self._free_text_banned):
            row_logits.index_fill_(0, self._free_text_banned, float("-inf"))
        if len(self._opening_ids) and all(slot in state.part_slots for slot in self.slots):
            row_logits.index_fill_(0, self._opening_ids, float("-inf"))
        if (not state.content_tokens or state.own < self.min_own.get(self.parts[state.part_index], 0)) and len(self._newline_ids):
            row_logits.index_fill_(0, self._newline_ids, float("-inf"))  # no empty part, no part of slots alone
        self._ban_repeats(row_logits, state.content_tokens)
        if state.after_slot is not None and state.after_slot in self.after_slots:
            banned = self._banned_after(state.after_slot)
            if len(banned):
                row_logits.index_fill_(0, banned, float("-inf"))
        row_logits[self.eos_id] = float("-inf")  # parts end with a newline, not end of text

    def _ends_after_slot(self, key: str, char: str) -> bool:
        """Whether `char` ends what slot_misread reads as the words right after the slot: the
        first word (English) or the first two Chinese characters before a mark."""
        limits = self.after_slots.get(key)
        if char == "\n" or limits is None:
            return True
        if limits.ends_sentence:
            return not char.isspace()
        if limits.repeated_pairs:
            return "\u4e00" <= char <= "\u9fff" or char in "，。；！？、,.;!?{"
        return char.isascii() and char.isalpha() or char in ",.;:!?(){"

    def _banned_after(self, key: str) -> torch.Tensor:
        """The tokens that would start a misreading word right after the slot `key` (cached)."""
        if key not in self._after_banned:
            limits, index = self.after_slots[key], _vocabulary_index(self.vocabulary)
            if limits.ends_sentence:
                ids = index.continues_sentence
            else:
                found: set[int] = set()
                for word in limits.repeated_words | limits.other_facts:
                    found.update(index.by_word.get(word, ()))
                    for end in range(3, len(word)):  # a token that is the word's start ("{cash_back} cas…")
                        found.update(index.by_word.get(word[:end], ()))
                for pair in limits.repeated_pairs:
                    found.update(index.by_pair.get(pair, ()))
                ids = sorted(found)
            self._after_banned[key] = torch.tensor(ids, dtype=torch.long)
        return self._after_banned[key]

    def _continuations(self, prefix: str, options: list[str]) -> list[int]:
        """Token ids whose text extends `prefix` along one of `options` (never past its end)."""
        allowed: set[int] = set()
        for option in options:
            if not option.startswith(prefix) or option == prefix:
                continue
            rest = option[len(prefix):]
            for end in range(1, len(rest) + 1):
                allowed.update(self._ids_by_text.get(rest[:end], ()))
        return sorted(allowed)

    def _first_id(self, text: str) -> int:
        ids = self._ids_by_text.get(text)
        return ids[0] if ids else self.eos_id

    @staticmethod
    def _ban_repeats(row_logits: torch.Tensor, tokens: list[int]) -> None:
        """Forbid the token that would write a NO_REPEAT-token run a second time in this part."""
        if len(tokens) < NO_REPEAT - 1:
            return
        tail = tuple(tokens[-(NO_REPEAT - 1):])
        for start in range(len(tokens) - NO_REPEAT + 1):
            if tuple(tokens[start:start + NO_REPEAT - 1]) == tail:
                row_logits[tokens[start + NO_REPEAT - 1]] = float("-inf")


@dataclass
class _VocabularyIndex:
    """The token ids a constraint looks up, by what their text is (read-only: shared by every
    constraint on the same vocabulary)."""
    by_text: dict[str, list[int]]  # a token's whole text
    free_text_banned: torch.Tensor  # tokens that may not appear in free text (_banned_in_free_text)
    opening: torch.Tensor  # tokens ending in "{" (a slot opens)
    newline: torch.Tensor  # tokens holding a line break
    by_word: dict[str, list[int]]  # a token's first Latin word (after spaces), casefolded
    by_pair: dict[str, list[int]]  # a token's first two Chinese characters (after spaces)
    continues_sentence: list[int]  # tokens whose first mark or word is not a sentence's end


_INDEXES: dict[int, tuple[list[str], int, _VocabularyIndex]] = {}
_LEADING_WORD = re.compile(r"\s*([A-Za-z]+)")
_LEADING_PAIR = re.compile(r"\s*([\u4e00-\u9fff]{2})")
_SENTENCE_ENDS = set(".!?。！？\n")


def _vocabulary_index(vocabulary: list[str]) -> _VocabularyIndex:
    """One pass over the vocabulary per loaded model (a request builds a new constraint)."""
    cached = _INDEXES.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary and cached[1] == len(vocabulary):
        return cached[2]
    by_text: dict[str, list[int]] = {}
    free_text_banned, opening, newline = [], [], []
    by_word: dict[str, list[int]] = {}
    by_pair: dict[str, list[int]] = {}
    continues: list[int] = []
    for token_id, text in enumerate(vocabulary):
        if _banned_in_free_text(text):
            free_text_banned.append(token_id)
        if text.endswith("{"):
            opening.append(token_id)
        if "\n" in text:
            newline.append(token_id)
        if not text:
            continue
        by_text.setdefault(text, []).append(token_id)
        word = _LEADING_WORD.match(text)
        if word:
            by_word.setdefault(word.group(1).casefold(), []).append(token_id)
        pair = _LEADING_PAIR.match(text)
        if pair:
            by_pair.setdefault(pair.group(1), []).append(token_id)
        stripped = text.lstrip(" \t")
        if stripped and stripped[0] not in _SENTENCE_ENDS:
            continues.append(token_id)
    free_text_banned, opening, newline = (torch.tensor(found, dtype=torch.long) for found in (free_text_banned, opening, newline))
    index = _VocabularyIndex(by_text, free_text_banned, opening, newline, by_word, by_pair, continues)
    _INDEXES.clear()  # one model at a time
    _INDEXES[id(vocabulary)] = (vocabulary, len(vocabulary), index)
    return index


def _banned_in_free_text(text: str) -> bool:
    """A figure, a closing brace, an opening brace followed by more text, or a line break
    followed by more text (a new line starts with a label, checked on its own)."""
    if FIGURE.search(text) or "}" in text:
        return True
    newline = text.find("\n")
    if newline != -1 and text[newline:].strip("\n"):
        return True
    brace = text.find("{")
    return brace != -1 and brace != len(text) - 1


def _open_slot(text: str) -> str | None:
    """What follows an unclosed "{" at the end of the text, or None outside a slot."""
    opening = text.rfind("{")
    if opening == -1 or text.rfind("}") > opening:
        return None
    return text[opening + 1:]


def _only(row_logits: torch.Tensor, allowed: list[int]) -> None:
    keep = row_logits[allowed].clone()
    row_logits.fill_(float("-inf"))
    row_logits[allowed] = keep
