"""What changed between two versions: word-level for English, character-level for Chinese."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# A word with its trailing space, so joining the pieces gives back the text exactly.
_WORD = re.compile(r"\S+\s*|\s+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class DiffPiece:
    op: str  # "equal", "delete" or "insert"
    text: str

    def to_dict(self) -> dict:
        return {"op": self.op, "text": self.text}


def tokens(text: str, lang: str) -> list[str]:
    """Chinese has no spaces between words, so it is compared character by character."""
    if lang == "zh" or (lang == "" and _HAN.search(text)):
        return list(text)
    return _WORD.findall(text)


def diff(old: str, new: str, lang: str = "en") -> list[DiffPiece]:
    """Pieces that rebuild `old` (equal + delete) and `new` (equal + insert)."""
    a, b = tokens(old, lang), tokens(new, lang)
    pieces: list[DiffPiece] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            _add(pieces, "equal", "".join(a[a0:a1]))
            continue
        if op in ("delete", "replace"):
            _add(pieces, "delete", "".join(a[a0:a1]))
        if op in ("insert", "replace"):
            _add(pieces, "insert", "".join(b[b0:b1]))
    return pieces


def _add(pieces: list[DiffPiece], op: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = DiffPiece(op, pieces[-1].text + text)
    else:
        pieces.append(DiffPiece(op, text))


def render_inline(pieces: list[DiffPiece]) -> str:
    """Plain-text rendering for terminals and records: [-removed-]{+added+}."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[p.op].format(p.text) for p in pieces)
