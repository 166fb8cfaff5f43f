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
    """Plain-text rendering for terminals (`copydesk library diff`): [-removed-]{+added+}. Records use `before_after`."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[p.op].format(p.text) for p in pieces)


# --- before and after, for people who read documents rather than diffs ------------------------

@dataclass(frozen=True)
class BeforeAfter:
    """The earlier text and the later one, each as pieces marked changed or not. Records show the
    two texts one above the other, the changed words struck through in the first and bold in the
    second where the format can; joining a side's pieces gives that text back exactly."""

    pieces: tuple[DiffPiece, ...]  # what `diff` returns

    @property
    def before(self) -> list[DiffPiece]:
        """The earlier text: "equal" and "delete" pieces."""
        return [p for p in self.pieces if p.op != "insert"]

    @property
    def after(self) -> list[DiffPiece]:
        """The later text: "equal" and "insert" pieces."""
        return [p for p in self.pieces if p.op != "delete"]

    @property
    def before_text(self) -> str:
        return "".join(p.text for p in self.before)

    @property
    def after_text(self) -> str:
        return "".join(p.text for p in self.after)

    def changes(self) -> list[tuple[str, str]]:
        """Each change as (removed, added): a deletion followed by an insertion is one replacement;
        a lone deletion has "" added, a lone insertion "" removed."""
        changes: list[tuple[str, str]] = []
        removed = None
        for piece in self.pieces:
            if piece.op == "delete":
                removed = piece.text
            elif piece.op == "insert":
                changes.append((removed or "", piece.text))
                removed = None
            elif removed is not None:
                changes.append((removed, ""))
                removed = None
        if removed is not None:
            changes.append((removed, ""))
        return changes


def before_after(old: str, new: str, lang: str = "en") -> BeforeAfter:
    """`old` and `new` split into unchanged and changed pieces (word-level English, character-level Chinese)."""
    return BeforeAfter(tuple(diff(old, new, lang)))
