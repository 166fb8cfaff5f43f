"""What every text-generation backend offers: batched completion with a seed, token streaming
and cancellation. The pipeline above knows nothing else about a backend."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Protocol

# on_token(draft_index, text_so_far): called from the generating thread as tokens arrive.
TokenCallback = Callable[[int, str], None]
# logits_hook(logits, generated): called every decoding step before sampling, with the
# [rows, vocab] logits (changed in place: -inf forbids a token) and each row's token ids so
# far; the slot constraint (generation/constraint.py) keeps figures out of free text this way.
LogitsHook = Callable[[object, list[list[int]]], None]


class Cancelled(Exception):
    """Generation was cancelled by the user."""


class CancelToken:
    """Set from any thread; the backend stops at its next token."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True)
class Completion:
    text: str
    first_token_s: float | None
    total_s: float
    tokens: int = 0


@dataclass(frozen=True)
class CompletionSettings:
    seed: int = 7
    max_new_tokens: int = 80
    temperature: float = 0.7
    top_p: float = 0.95
    stop_at_newline: bool = True
    banned_phrases: tuple[str, ...] = field(default=(), compare=False)
    logits_hook: LogitsHook | None = field(default=None, compare=False)


class TextBackend(Protocol):
    """A local (or intranet) language model that continues prompts."""

    name: str  # "transformers", "fake", "openai"

    @property
    def model_id(self) -> str: ...

    def load(self) -> None: ...

    def vocabulary(self) -> list[str]:
        """The text of every token id the model can emit, as it decodes (a constraint reads it)."""
        ...

    def complete(
        self,
        prompts: list[str],
        settings: CompletionSettings,
        on_token: TokenCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[Completion]: ...
