"""The local model on the CPU: batched, seeded, streamed, cancellable.

Llama-architecture weights (the bundled SmolLM2) run on the lean decoder in `llama_runtime`
with the `tokenizers` library, so transformers is not even imported once the safetensors cache
exists; any other local model folder runs through transformers' `generate`."""

from __future__ import annotations

import json
import threading
import time
from typing import Callable

from copydesk.generation.backend import Cancelled, CancelToken, Completion, CompletionSettings, TokenCallback
from copydesk.generation.models import ModelSpec, ensure_cache, lean_supported
from copydesk.generation.offline import enforce_offline, quiet_transformers


class TransformersBackend:
    """A causal LM loaded from safetensors with local_files_only; weights copied into RAM."""

    name = "transformers"

    def __init__(self, spec: ModelSpec, progress: Callable[[str], None] | None = None):
        self.spec = spec
        self.progress = progress
        self.model = None
        self.tokenizer = None
        self.lean = None  # llama_runtime.LlamaModel when the weights are a plain Llama
        self.runtime = ""  # "lean-llama" or "transformers", shown by the bench and the self-test
        self._newline_ids: list[int] = []
        self._banned_ids: dict[tuple[str, ...], list[list[int]] | None] = {}  # per phrase list: ~1,700 encodes
        self._lock = threading.Lock()  # one generation at a time per loaded model
        self._load_lock = threading.Lock()  # the GUI's background load and a generate may race
        self.load_seconds: float | None = None

    @property
    def model_id(self) -> str:
        return self.spec.model_id

    def load(self) -> None:
        """Load once (later calls return at once); converts a GGUF to its cache the first time."""
        with self._load_lock:
            if self.model is None and self.lean is None:
                self._load()

    def _load(self) -> None:
        started = time.perf_counter()
        enforce_offline()
        folder = ensure_cache(self.spec, self.progress) if self.spec.kind == "gguf" else self.spec.path
        if lean_supported(folder):
            try:
                self._load_lean(folder)
            except (OSError, ValueError, KeyError):
                if self.spec.kind != "gguf":
                    raise
                from copydesk.generation.models import build_cache

                self._load_lean(build_cache(self.spec, self.progress))  # a cache that will not load is rebuilt once
        else:
            self._load_transformers(folder)
        self.load_seconds = time.perf_counter() - started

    def _load_lean(self, folder) -> None:
        from tokenizers import Tokenizer

        from copydesk.generation.llama_runtime import LlamaModel

        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.lean = LlamaModel.load(folder)
        self._newline_ids = _newline_ids(tokenizer.get_vocab())
        self._eos_id = _eos_id(folder, tokenizer)
        self.tokenizer, self.runtime = tokenizer, "lean-llama"

    def _load_transformers(self, folder) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        quiet_transformers()
        try:
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, use_safetensors=True, dtype=torch.float32)
        except (OSError, ValueError):
            if self.spec.kind != "gguf":
                raise
            from copydesk.generation.models import build_cache

            folder = build_cache(self.spec, self.progress)  # a cache that will not load is rebuilt once
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, use_safetensors=True, dtype=torch.float32)
        # Memory-mapped safetensors gave erratic 4-40x slow decoding on the dev VM: copy into RAM.
        for parameter in model.parameters():
            parameter.data = parameter.data.clone()
        model.eval()
        tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        self._newline_ids = _newline_ids(tokenizer.get_vocab())
        self._eos_id = tokenizer.eos_token_id
        self.tokenizer, self.model, self.runtime = tokenizer, model, "transformers"

    def _encode(self, text: str, special: bool = True) -> list[int]:
        if self.lean is not None:
            return self.tokenizer.encode(text, add_special_tokens=special).ids
        return self.tokenizer.encode(text, add_special_tokens=special)

    def _decode(self, ids: list[int]) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def _bad_words_ids(self, phrases: tuple[str, ...]) -> list[list[int]] | None:
        if phrases not in self._banned_ids:
            self._banned_ids[phrases] = self._encode_banned(phrases)
        return self._banned_ids[phrases]

    def _encode_banned(self, phrases: tuple[str, ...]) -> list[list[int]] | None:
        ids = set()
        for phrase in phrases:
            for variant in (phrase, " " + phrase, phrase.capitalize(), " " + phrase.capitalize()):
                tokens = tuple(self._encode(variant, special=False))
                if 0 < len(tokens) <= 4:
                    ids.add(tokens)
        return [list(t) for t in sorted(ids)] or None

    def complete(self, prompts: list[str], settings: CompletionSettings, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> list[Completion]:
        """Continue every prompt in one batch; stop each at a newline, at the token limit or on cancel."""
        self.load()
        if self.lean is not None:
            return self._complete_lean(prompts, settings, on_token, cancel)
        return self._complete_generate(prompts, settings, on_token, cancel)

    def _complete_lean(self, prompts, settings, on_token, cancel) -> list[Completion]:
        import torch

        from copydesk.generation.llama_runtime import BatchDecoder, Stopped, ban, sample

        stream = _Streams(len(prompts), self._stop_ids(settings), self._decode, on_token)
        banned = [tuple(ids) for ids in self._bad_words_ids(settings.banned_phrases) or []]
        cancelled = (lambda: cancel.cancelled) if cancel is not None else None
        encoded = [self._encode(p) for p in prompts]
        with self._lock, torch.inference_mode():
            generator = torch.Generator().manual_seed(settings.seed)
            try:
                decoder = BatchDecoder(self.lean, encoded, settings.max_new_tokens, cancelled)
                logits = decoder.first_logits
                for _ in range(settings.max_new_tokens):
                    if banned:
                        ban(logits, [p + r for p, r in zip(encoded, stream.rows)], banned)
                    tokens = sample(logits, settings.temperature, settings.top_p, generator)
                    stream.take(tokens.tolist())
                    if all(stream.done) or (cancel is not None and cancel.cancelled):
                        break
                    logits = decoder.next_logits(tokens)
            except Stopped:
                pass
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        return stream.completions()

    def _complete_generate(self, prompts, settings, on_token, cancel) -> list[Completion]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList
        from transformers.generation.streamers import BaseStreamer

        tokenizer, model = self.tokenizer, self.model
        stop_ids = self._stop_ids(settings)
        stream = _Streams(len(prompts), stop_ids, self._decode, on_token)

        class Streamer(BaseStreamer):
            seen_prompt = False

            def put(self, value):
                if not self.seen_prompt:  # the first call carries the prompt
                    self.seen_prompt = True
                    return
                stream.take(value.reshape(-1).tolist())

            def end(self):
                pass

        class StopOnCancel(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                stop = cancel is not None and cancel.cancelled
                return torch.full((input_ids.shape[0],), stop, dtype=torch.bool)

        with self._lock, torch.inference_mode():
            torch.manual_seed(settings.seed)
            encoded = tokenizer(prompts, return_tensors="pt", padding=True)
            model.generate(
                **encoded,
                max_new_tokens=settings.max_new_tokens,
                do_sample=settings.temperature > 0,
                temperature=settings.temperature if settings.temperature > 0 else None,
                top_p=settings.top_p if settings.temperature > 0 else None,
                eos_token_id=sorted(stop_ids),
                pad_token_id=tokenizer.pad_token_id,
                bad_words_ids=self._bad_words_ids(settings.banned_phrases),
                streamer=Streamer(),
                stopping_criteria=StoppingCriteriaList([StopOnCancel()]),
            )
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        return stream.completions()

    def _stop_ids(self, settings: CompletionSettings) -> set[int]:
        """Tokens that end a row: end of text, and any newline when one line is wanted."""
        return (set(self._newline_ids) if settings.stop_at_newline else set()) | {self._eos_id}


class _Streams:
    """The rows of one batch as their tokens arrive: each stops at its first stop token, the
    caller hears each row's text so far, and the first token's time is kept (both runtimes)."""

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


def _newline_ids(vocab: dict[str, int]) -> list[int]:
    """Every token that holds a line break (byte-level BPE writes it "Ċ", sentencepiece "<0x0A>")."""
    return sorted(i for token, i in vocab.items() if "\n" in token or "Ċ" in token or token == "<0x0A>")


def _eos_id(folder, tokenizer) -> int:
    """The end-of-text token: the tokenizer config's eos_token, else config.json's eos_token_id."""
    try:
        eos = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8")).get("eos_token")
    except (OSError, ValueError):
        eos = None
    if isinstance(eos, dict):
        eos = eos.get("content")
    token_id = tokenizer.token_to_id(eos) if isinstance(eos, str) else None
    if token_id is None:
        eos_ids = json.loads((folder / "config.json").read_text(encoding="utf-8")).get("eos_token_id")
        token_id = eos_ids[0] if isinstance(eos_ids, list) else eos_ids
    return int(token_id)
