"""The local model through transformers + torch on the CPU: batched, seeded, streamed, cancellable."""

from __future__ import annotations

import threading
import time
from typing import Callable

from copydesk.generation.backend import Cancelled, CancelToken, Completion, CompletionSettings, TokenCallback
from copydesk.generation.models import ModelSpec, ensure_cache
from copydesk.generation.offline import enforce_offline, quiet_transformers


class TransformersBackend:
    """A causal LM loaded from safetensors with local_files_only; weights copied into RAM."""

    name = "transformers"

    def __init__(self, spec: ModelSpec, progress: Callable[[str], None] | None = None):
        self.spec = spec
        self.progress = progress
        self.model = None
        self.tokenizer = None
        self._newline_ids: list[int] = []
        self._lock = threading.Lock()  # one generation at a time per loaded model
        self._load_lock = threading.Lock()  # the GUI's background load and a generate may race
        self.load_seconds: float | None = None

    @property
    def model_id(self) -> str:
        return self.spec.model_id

    def load(self) -> None:
        """Load once (later calls return at once); converts a GGUF to its cache the first time."""
        with self._load_lock:
            if self.model is None:
                self._load()

    def _load(self) -> None:
        started = time.perf_counter()
        enforce_offline()
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        quiet_transformers()

        folder = ensure_cache(self.spec, self.progress) if self.spec.kind == "gguf" else self.spec.path
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
        vocab = tokenizer.get_vocab()
        self._newline_ids = sorted(i for token, i in vocab.items() if "\n" in token or "Ċ" in token or token == "<0x0A>")
        self.tokenizer, self.model = tokenizer, model
        self.load_seconds = time.perf_counter() - started

    def _bad_words_ids(self, phrases: tuple[str, ...]) -> list[list[int]] | None:
        ids = set()
        for phrase in phrases:
            for variant in (phrase, " " + phrase, phrase.capitalize(), " " + phrase.capitalize()):
                tokens = tuple(self.tokenizer.encode(variant, add_special_tokens=False))
                if 0 < len(tokens) <= 4:
                    ids.add(tokens)
        return [list(t) for t in sorted(ids)] or None

    def complete(self, prompts: list[str], settings: CompletionSettings, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> list[Completion]:
        """Continue every prompt in one batch; stop each at a newline, at the token limit or on cancel."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList
        from transformers.generation.streamers import BaseStreamer

        self.load()
        tokenizer, model = self.tokenizer, self.model
        started = time.perf_counter()
        rows: list[list[int]] = [[] for _ in prompts]
        first_token: list[float | None] = [None] * len(prompts)
        done = [False] * len(prompts)
        stop_ids = set(self._newline_ids) if settings.stop_at_newline else set()
        stop_ids.add(tokenizer.eos_token_id)

        class Streamer(BaseStreamer):
            seen_prompt = False

            def put(self, value):
                if not self.seen_prompt:  # the first call carries the prompt
                    self.seen_prompt = True
                    return
                now = time.perf_counter() - started
                for index, token in enumerate(value.reshape(-1).tolist()):
                    if done[index]:
                        continue
                    if token in stop_ids:
                        done[index] = True
                        continue
                    rows[index].append(token)
                    if first_token[index] is None:
                        first_token[index] = now
                    if on_token:
                        on_token(index, tokenizer.decode(rows[index], skip_special_tokens=True))

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
        total = time.perf_counter() - started
        return [
            Completion(tokenizer.decode(row, skip_special_tokens=True), first, total, len(row))
            for row, first in zip(rows, first_token)
        ]
