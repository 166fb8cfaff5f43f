"""Token ids and text, and the pruned vocabulary of the bundled Gemma.

Gemma 3 has 262,144 tokens for 140 languages; copy is written in English and Chinese. Its
output layer (tied to the embedding) is the biggest matrix in the model and is read for every
token generated, so the cache keeps only the rows English and Chinese need (`keep_for`). The
model then works in its own "pruned" ids; the tokenizer stays the full one, and `PrunedIds`
maps between the two. Pruning removes rows and nothing else, so the logits at every kept id
are exactly the full model's.

`TokenText` is what the backends use: text -> the model's ids, the model's ids -> text, and the
text of every id the model can emit (the slot constraint reads it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

VOCAB_MAP = "vocab_map.safetensors"  # kept_ids: int64, pruned id -> full id
BYTE_TOKEN = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")  # sentencepiece byte fallback

# --- which tokens a recipe keeps (at conversion) -----------------------------------------------

# Besides the ranges below: symbols bank copy uses that sit outside them.
_SYMBOLS = frozenset("¢£¥€°±×÷·§©®™")
_RANGES = (
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。「」…)
    (0xFF00, 0xFFEF),  # full-width forms (，：％￥…)
    (0x2000, 0x206F),  # general punctuation (— ‘ ’ “ ” … ‰)
)
RECIPES = {"en-zh": 1}  # recipe -> version: a cache built by an older version is rebuilt


def _english_or_chinese(char: str) -> bool:
    code = ord(char)
    # Printable ASCII, and the whitespace a prompt holds: the few-shot prompt's line breaks
    # must stay the single tokens the model learnt ("\n", "\n\n"), not byte tokens.
    if 0x20 <= code <= 0x7E or char in "\n\t\r":
        return True
    return char in _SYMBOLS or any(low <= code <= high for low, high in _RANGES)


def keep_for(recipe: str, pieces: list[str], special: set[int]) -> list[int]:
    """The full ids a recipe keeps, ascending: control tokens (except Gemma's thousands of
    never-trained <unusedN> placeholders), the 256 byte-fallback tokens, and every token whose
    text ("▁" read as a space) is made only of the recipe's characters."""
    if recipe not in RECIPES:
        raise ValueError(f"unknown vocabulary recipe {recipe!r}; expected one of {sorted(RECIPES)}")
    kept = []
    for token_id, piece in enumerate(pieces):
        if token_id in special:
            keep = not piece.startswith("<unused")
        elif BYTE_TOKEN.match(piece):
            keep = True
        else:
            text = piece.replace("▁", " ")
            keep = bool(text) and all(_english_or_chinese(char) for char in text)
        if keep:
            kept.append(token_id)
    return kept


# --- full ids <-> pruned ids (at run time) -----------------------------------------------------


class PrunedIds:
    """The map between the tokenizer's (full) ids and a pruned model's ids."""

    def __init__(self, kept_ids: list[int], tokenizer):
        self.kept_ids = kept_ids  # pruned id -> full id
        self._pruned = {full: pruned for pruned, full in enumerate(kept_ids)}
        self._tokenizer = tokenizer  # for the piece of a token the model lacks ("▁café")
        self._byte_ids = [self.model_id(tokenizer.token_to_id(f"<0x{b:02X}>")) for b in range(256)]
        if None in self._byte_ids:
            raise ValueError("the pruned vocabulary lacks some of the 256 byte tokens; rebuild the model cache")

    @classmethod
    def load(cls, folder: Path, tokenizer) -> "PrunedIds | None":
        """The folder's map, or None when its model has the tokenizer's own vocabulary."""
        path = folder / VOCAB_MAP
        if not path.is_file():
            return None
        from safetensors.torch import load_file

        return cls(load_file(str(path))["kept_ids"].tolist(), tokenizer)

    def to_model(self, full_ids: Iterable[int]) -> list[int]:
        """Tokenizer ids -> model ids; a token the model lacks becomes the byte tokens of its
        UTF-8 text (what sentencepiece itself does for a character outside its vocabulary)."""
        out = []
        for full in full_ids:
            pruned = self._pruned.get(full)
            if pruned is not None:
                out.append(pruned)
            else:
                piece = self._tokenizer.id_to_token(full) or ""
                out.extend(self._byte_ids[b] for b in piece.replace("▁", " ").encode("utf-8"))
        return out

    def to_full(self, model_ids: Iterable[int]) -> list[int]:
        return [self.kept_ids[i] for i in model_ids]

    def model_id(self, full_id: int | None) -> int | None:
        return None if full_id is None else self._pruned.get(full_id)


# --- what the backends use --------------------------------------------------------------------


class TokenText:
    """Text <-> the ids the model reads and writes, over a `tokenizers.Tokenizer` (or anything
    with its encode / decode / decode_batch / token_to_id / id_to_token / get_vocab_size)."""

    def __init__(self, tokenizer, model_vocab: int, pruned: PrunedIds | None = None):
        self.tokenizer = tokenizer
        self.model_vocab = model_vocab  # the logits' width
        self.pruned = pruned
        self._vocabulary: list[str] | None = None

    @classmethod
    def for_folder(cls, tokenizer, folder: Path, model_vocab: int) -> "TokenText":
        return cls(tokenizer, model_vocab, PrunedIds.load(folder, tokenizer))

    def encode(self, text: str, special: bool = True) -> list[int]:
        ids = self.tokenizer.encode(text, add_special_tokens=special).ids
        return self.pruned.to_model(ids) if self.pruned else ids

    def decode(self, ids: list[int]) -> str:
        full = self.pruned.to_full(ids) if self.pruned else ids
        return self.tokenizer.decode(full, skip_special_tokens=True)

    def token_id(self, token: str) -> int | None:
        """The model id of a named token ("<eos>", "<end_of_turn>"), None if it has none."""
        full = self.tokenizer.token_to_id(token)
        return self.pruned.model_id(full) if self.pruned else full

    def vocabulary(self) -> list[str]:
        """The decoded text of every id the model can emit, in its own id space: "▁" is a space,
        a byte token its character when that is one ASCII byte (else "\ufffd", as decoding it
        alone gives), a control token "" (it writes no text). Ids past the tokenizer (some
        models pad their output layer) are ""."""
        if self._vocabulary is None:
            full = self.pruned.kept_ids if self.pruned else range(min(self.model_vocab, self.tokenizer.get_vocab_size()))
            texts = self.tokenizer.decode_batch([[i] for i in full], skip_special_tokens=True)
            self._vocabulary = texts + [""] * (self.model_vocab - len(texts))
        return self._vocabulary

    def newline_ids(self) -> list[int]:
        """Every id whose text holds a line break ("\n", "\n\n", byte-level "Ċ", "<0x0A>")."""
        return [i for i, text in enumerate(self.vocabulary()) if "\n" in text]


class SlowTokenizer:
    """A transformers tokenizer without a `tokenizers` backend, behind TokenText's interface."""

    class _Encoding:
        def __init__(self, ids):
            self.ids = ids

    def __init__(self, tokenizer):
        self._tokenizer = tokenizer

    def encode(self, text: str, add_special_tokens: bool = True):
        return self._Encoding(self._tokenizer.encode(text, add_special_tokens=add_special_tokens))

    def decode(self, ids, skip_special_tokens: bool = True) -> str:
        return self._tokenizer.decode(ids, skip_special_tokens=skip_special_tokens)

    def decode_batch(self, batch, skip_special_tokens: bool = True) -> list[str]:
        return self._tokenizer.batch_decode(batch, skip_special_tokens=skip_special_tokens)

    def token_to_id(self, token: str) -> int | None:
        return self._tokenizer.get_vocab().get(token)

    def id_to_token(self, token_id: int) -> str | None:
        return self._tokenizer.convert_ids_to_tokens(token_id)

    def get_vocab_size(self) -> int:
        return len(self._tokenizer)
