"""Tidy what a small model writes: one line, no chat preamble, quotes, placeholders or echoes."""

from __future__ import annotations

import re

_PREAMBLE = re.compile(r"^(sure|certainly|of course|here('s| is| are)|okay|ok)\b[^:\n]{0,60}:\s*", re.IGNORECASE)
_LABEL = re.compile(r"^(ad|advertisement|copy|文案|广告)\s*[:：]\s*", re.IGNORECASE)
_ECHO = re.compile(r"\s*(audience|product|facts|channel|客群|产品|事实)\s*[:：].*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]|<[^<>\n]{1,40}>")
_SENTENCE_END = "。！？.!?"
_QUOTES = "\"'“”‘’「」『』"


def clean_output(text: str) -> str:
    """One usable line of copy from a raw completion (may be empty when nothing usable is left)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    line = _PREAMBLE.sub("", lines[0])
    line = _LABEL.sub("", line)
    line = _ECHO.sub("", line)
    line = _PLACEHOLDER.sub("", line)
    line = line.strip().strip(_QUOTES).strip()
    line = re.sub(r"\s{2,}", " ", line)
    line = re.sub(r"\s+([,.!?;:，。！？；：])", r"\1", line)
    return drop_unfinished_sentence(line)


def drop_unfinished_sentence(text: str) -> str:
    """Cut a sentence the model did not finish (it hit the token limit); keep finished ones."""
    if not text or text[-1] in _SENTENCE_END:
        return text
    last_end = max(text.rfind(mark) for mark in _SENTENCE_END)
    if last_end >= 0 and last_end >= len(text) // 3:
        return text[: last_end + 1]
    return text + ("。" if re.search(r"[\u4e00-\u9fff]$", text) else ".")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in `text`, each including its end mark and space after."""
    spans, start = [], 0
    for match in re.finditer(r"[.!?](?=\s|$)|[。！？]", text):
        end = match.end()
        while end < len(text) and text[end] == " ":
            end += 1
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_CLAUSE_SPLIT = re.compile(r"[,，;；:：、.!?。！？]\s*")


def repeats_itself(text: str) -> bool:
    """A clause said twice ("12-Month CD: 12-Month CD: …", "no credit; no credit"): the small
    model's loop, never worth offering. A figure repeated in different words is fine."""
    clauses = [c.strip().lower() for c in _CLAUSE_SPLIT.split(text)]
    clauses = [c for c in clauses if len(c.split()) >= 2 or (re.search(r"[\u4e00-\u9fff]", c) and len(c) >= 4)]
    return len(clauses) != len(set(clauses))
