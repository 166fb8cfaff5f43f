"""What the two local backends share: loading once (a GGUF converted to its cache first, a cache
that will not load rebuilt once), a LoRA adapter merged at load, the model's token ids and text
(a pruned vocabulary mapped, see vocab.py), stop and banned tokens, and the per-row bookkeeping
of a batch as its tokens arrive.

`LeanBackend` (lean_backend.py) runs copydesk's own decoder for Llama and Gemma 3 weights;
`TransformersBackend` (transformers_backend.py) runs transformers' generate for anything else.
factory.py picks one from the model's config (models.planned_runtime)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Callable

from copydesk.generation.backend import Completion, CompletionSettings, TokenCallback
from copydesk.generation.threads import use_free_cores
from copydesk.generation.models import ModelError, ModelSpec, build_cache, ensure_cache, read_manifest, sha256_of_files
from copydesk.generation.offline import enforce_offline
from copydesk.generation.vocab import TokenText

# Tokens that end a turn in the chat-tuned vocabularies (Gemma, ChatML, Llama 3): a base model
# seldom writes one, but when it does the draft is over.
END_OF_TURN_TOKENS = ("<end_of_turn>", "<|im_end|>", "<|eot_id|>")


class LocalBackend:
    """A model on this PC. Subclasses set `name` and implement `_read(folder)` (weights and
    tokenizer; sets `self.text`), `_weight(module)` (for the adapter) and `_complete`."""

    name = "local"

    def __init__(self, spec: ModelSpec, progress: Callable[[str], None] | None = None):
        self.spec = spec
        self.progress = progress
        self.runtime = ""  # "lean-llama", "lean-gemma3" or "transformers": the bench and self-test show it
        self.text: TokenText | None = None
        self.model_folder: Path | None = None  # the folder the weights were read from (a GGUF's cache)
        self._model_sha256: str | None = None
        self.adapter_id: str | None = None  # the merged LoRA adapter's sha256 (lora.adapter_id)
        # False for the house adapter chosen by default: one that does not fit this model (it
        # was trained on the other bundled model) is left out instead of failing the load.
        self.adapter_required = True
        self.adapter_problem: str | None = None  # why a not-required adapter was left out
        self.load_seconds: float | None = None
        self.threads = 0  # torch threads the last generation ran on: the cores that were free
        self.draft_places: int | None = None  # of a request's N places, how many its drafts may take (None: all)
        self.precision = "fp32"  # what the weights multiply in (precision.py); recorded with each draft
        self._stop_base: set[int] = set()
        self._newline_ids: list[int] = []
        self._eos_id = 0
        self._banned_ids: dict[str, set[tuple[int, ...]]] = {}  # per phrase: a list is ~1,700 encodes, a product adds its own
        self._lock = threading.Lock()  # one generation at a time per loaded model
        self._load_lock = threading.Lock()  # the GUI's background load and a generate may race
        self._loaded = False

    @property
    def model_id(self) -> str:
        return self.spec.model_id

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Load once (later calls return at once); converts a GGUF to its cache the first time."""
        with self._load_lock:
            if not self._loaded:
                self._load()
                self._loaded = True

    def _load(self) -> None:
        started = time.perf_counter()
        enforce_offline()
        folder = ensure_cache(self.spec, self.progress) if self.spec.kind == "gguf" else self.spec.path
        self._check(folder)
        try:
            self._read(folder)
        except (OSError, ValueError, KeyError) as exc:
            if self.spec.kind != "gguf":
                if isinstance(exc, ModelError):
                    raise
                # A model folder someone copied by hand: say what is wrong with it, not a traceback.
                raise ModelError(f"{folder}: the model could not be loaded ({exc}); copy the whole model folder "
                                 "(config.json, tokenizer.json and the *.safetensors weights) or choose another") from exc
            folder = build_cache(self.spec, self.progress)  # a cache that will not load is rebuilt once
            self._read(folder)
        if self.spec.adapter is not None:
            self._merge_adapter(self.spec.adapter)
        self._weights_merged()
        self.model_folder = folder
        self._find_stop_tokens(folder)
        self.load_seconds = time.perf_counter() - started

    def _check(self, folder: Path) -> None:
        """Refuse a folder this backend cannot run (before any rebuild is tried)."""

    def _read(self, folder: Path) -> None:
        raise NotImplementedError

    def _weight(self, module: str):
        """The fp32 [out, in] weight of a projection by its transformers name (adapter merging)."""
        raise NotImplementedError

    def _weights_merged(self) -> None:
        """Called once the adapter (if any) is merged: a backend may now pack its weights."""

    def _merge_adapter(self, folder: Path) -> None:
        import torch

        from copydesk.generation.lora import LoraAdapter

        try:
            adapter = LoraAdapter.load(folder)
            with torch.no_grad():
                adapter.merge_into(self._weight)  # checks every shape before changing any weight
        except ModelError as exc:
            if self.adapter_required:
                raise
            self.adapter_problem = str(exc)
            return
        self.adapter_id = adapter.adapter_id

    def _find_stop_tokens(self, folder: Path) -> None:
        text = self.text
        self._newline_ids = text.newline_ids()
        self._eos_id = _eos_id(folder, text)
        ends = {text.token_id(token) for token in END_OF_TURN_TOKENS}
        self._stop_base = ({self._eos_id} | set(_config_eos_ids(folder)) | ends) - {None}

    # --- what the pipeline and the trainer read ----------------------------------------------

    @property
    def model_sha256(self) -> str | None:
        """The model's sha256, recorded with every draft: the GGUF's for a converted cache (its
        manifest), else that of the folder's weight files (hashed on first use, not at load)."""
        if self._model_sha256 is None and self.model_folder is not None:
            self._model_sha256 = _model_sha256(self.model_folder)
        return self._model_sha256

    @property
    def eos_token_id(self) -> int:
        """The end-of-text id in the model's own ids (the slot constraint forces it at the end)."""
        self.load()
        return self._eos_id

    def vocabulary(self) -> list[str]:
        """The text of every token id the model can emit (see vocab.TokenText.vocabulary)."""
        self.load()
        return self.text.vocabulary()

    def encode(self, text: str, special: bool = True) -> list[int]:
        """Text -> the model's ids (a pruned model's, mapped from the full tokenizer's)."""
        self.load()
        return self.text.encode(text, special)

    def decode(self, ids: list[int]) -> str:
        return self.text.decode(ids)

    # --- generating --------------------------------------------------------------------------

    def complete(self, prompts: list[str], settings: CompletionSettings, on_token: TokenCallback | None = None,
                 cancel=None) -> list[Completion]:
        """Continue every prompt in one batch; stop each at a newline (if asked), at end of text,
        at the token limit or on cancel. `settings.logits_hook`, when set, sees every step's
        logits before sampling. Runs on the cores no other program is busy on (threads.py): on a
        busy PC every extra thread would wait on a shared core."""
        self.load()
        self.threads = use_free_cores()
        return self._complete(prompts, settings, on_token, cancel)

    def _complete(self, prompts, settings, on_token, cancel) -> list[Completion]:
        raise NotImplementedError

    def _stop_ids(self, settings: CompletionSettings) -> set[int]:
        """Tokens that end a row: end of text or of a turn, and any newline when one line is wanted."""
        return (set(self._newline_ids) if settings.stop_at_newline else set()) | self._stop_base

    def forget_prompt_cache(self) -> None:
        """Forget any prompt kept from the last request: the next one is computed whole.
        Only the lean decoder keeps one (LeanBackend); transformers' generate keeps none."""

    def bad_words_ids(self, phrases: tuple[str, ...]) -> list[list[int]] | None:
        """The token sequences that spell `phrases` (as written, capitalized, after a space),
        in transformers' bad_words_ids form, or None if none fits; each phrase encoded once."""
        ids = set()
        for phrase in phrases:
            if phrase not in self._banned_ids:
                self._banned_ids[phrase] = self._encode_banned(phrase)
            ids.update(self._banned_ids[phrase])
        return [list(t) for t in sorted(ids)] or None

    def _encode_banned(self, phrase: str) -> set[tuple[int, ...]]:
        ids = set()
        variants = [phrase, " " + phrase, phrase.capitalize(), " " + phrase.capitalize()]
        if phrase.isascii() and phrase.isalpha() and len(phrase) <= 4:
            variants += [phrase.upper(), " " + phrase.upper()]  # an acronym: "apr" is written APR
        for variant in variants:
            tokens = tuple(self.text.encode(variant, special=False))
            if 0 < len(tokens) <= 4:
                ids.add(tokens)
        return ids


class Streams:
    """The rows of one batch as their tokens arrive: each stops at its first stop token, the
    caller hears each row's text so far, and the first token's time is kept (both runtimes).
    `rows` is each row's generated ids so far (what a logits hook is given)."""

    def __init__(self, count: int, stop_ids: set[int], decode: Callable[[list[int]], str], on_token: TokenCallback | None):
        self.started = time.perf_counter()
        self.rows: list[list[int]] = [[] for _ in range(count)]
        self.first_token: list[float | None] = [None] * count
        self.done = [False] * count
        self.stop_ids, self.decode, self.on_token = stop_ids, decode, on_token

    def take(self, tokens: list[int]) -> None:
        """One new token per row."""
        now = time.perf_counter() - self.started
        for index, token in enumerate(tokens):
            if self.done[index]:
                continue
            if token in self.stop_ids:
                self.done[index] = True
                continue
            self.rows[index].append(token)
            if self.first_token[index] is None:
                self.first_token[index] = now
            if self.on_token:
                self.on_token(index, self.decode(self.rows[index]))

    def completions(self) -> list[Completion]:
        total = time.perf_counter() - self.started
        return [Completion(self.decode(row), first, total, len(row)) for row, first in zip(self.rows, self.first_token)]


def _model_sha256(folder: Path) -> str | None:
    """The GGUF's sha256 a cache was converted from (its manifest), else the sha256 of the
    folder's weight files one after the other (an IT-supplied folder)."""
    manifest = read_manifest(folder)
    if manifest and manifest.get("source_sha256"):
        return manifest["source_sha256"]
    weights = sorted(p for p in folder.glob("*.safetensors"))
    return sha256_of_files(weights) if weights else None


def _eos_id(folder: Path, text: TokenText) -> int:
    """The end-of-text token: the tokenizer config's eos_token, else config.json's eos_token_id
    (already in the model's ids)."""
    try:
        eos = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8")).get("eos_token")
    except (OSError, ValueError):
        eos = None
    if isinstance(eos, dict):
        eos = eos.get("content")
    token_id = text.token_id(eos) if isinstance(eos, str) else None
    if token_id is None:
        ids = _config_eos_ids(folder)
        if not ids:
            raise ModelError(f"{folder}: neither tokenizer_config.json nor config.json names an end-of-text token")
        token_id = ids[0]
    return int(token_id)


def _config_eos_ids(folder: Path) -> list[int]:
    """eos_token_id of config.json and generation_config.json (an id or a list of them)."""
    ids = []
    for name in ("config.json", "generation_config.json"):
        try:
            value = json.loads((folder / name).read_text(encoding="utf-8")).get("eos_token_id")
        except (OSError, ValueError):
            continue
        ids.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, int))
    return list(dict.fromkeys(ids))
