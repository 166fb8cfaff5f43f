"""The bundled models on copydesk's lean decoder: Llama weights (SmolLM2) on llama_runtime,
Gemma 3 (the pruned Gemma 3 270M) on gemma_runtime, with the `tokenizers` library, so
transformers is not even imported once the safetensors cache exists."""

from __future__ import annotations

from pathlib import Path

from copydesk.generation.backend import Cancelled, Completion
from copydesk.generation.local_backend import LocalBackend, Streams
from copydesk.generation.models import ModelError, lean_runtime
from copydesk.generation.precision import decode_precision
from copydesk.generation.vocab import TokenText


class LeanBackend(LocalBackend):
    """Batched, seeded, streamed and cancellable drafts on llama_runtime / gemma_runtime."""

    name = "lean"

    def __init__(self, spec, progress=None):
        super().__init__(spec, progress)
        self.lean = None  # the runtime's model (LlamaModel or GemmaModel)
        self.model = None  # no transformers model here (the TransformersBackend has one)

    def _check(self, folder: Path) -> None:
        if lean_runtime(folder) is None:
            raise ModelError(f"{folder}: not a plain Llama or Gemma 3 model, which the lean decoder runs; "
                             "it runs through transformers (restart copydesk to pick that up)")

    def _read(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        runtime = lean_runtime(folder)
        if runtime == "lean-gemma3":
            from copydesk.generation.gemma_runtime import GemmaModel as Model
        else:
            from copydesk.generation.llama_runtime import LlamaModel as Model
        if not (folder / "tokenizer.json").is_file():
            raise OSError(f"{folder}: tokenizer.json is missing; the lean decoder reads the tokenizer from it")
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The matrices are cast as they are read (precision.py): bfloat16 weights never sit beside
        # a whole fp32 copy, and the adapter is then merged into them (its rounding is the cast's).
        model = Model.load(folder, decode_precision())
        self.text = TokenText.for_folder(tokenizer, folder, model.config.vocab)
        self.lean, self.runtime = model, runtime
        self.precision = model.precision

    def _weight(self, module: str):
        return self.lean.weight(module)

    def _weights_merged(self) -> None:
        if self.precision == "int8":
            self.lean.keep_int8_rows()  # after the merge: an int8 matrix takes no adapter

    def forget_prompt_cache(self) -> None:
        if self.lean is not None:
            self.lean.forget_prompt()

    def _complete(self, prompts, settings, on_token, cancel) -> list[Completion]:
        import torch

        from copydesk.generation.llama_runtime import BatchDecoder, Stopped, ban, sample

        stream = Streams(len(prompts), self._stop_ids(settings), self.text.decode, on_token)
        banned = [tuple(ids) for ids in self.bad_words_ids(settings.banned_phrases) or []]
        hook = settings.logits_hook
        cancelled = (lambda: cancel.cancelled) if cancel is not None else None
        encoded = [self.text.encode(p) for p in prompts]
        with self._lock, torch.inference_mode():
            generator = torch.Generator().manual_seed(settings.seed)
            try:
                decoder = BatchDecoder(self.lean, encoded, settings.max_new_tokens, cancelled)
                logits = decoder.first_logits
                for _ in range(settings.max_new_tokens):
                    if banned:
                        ban(logits, [p + r for p, r in zip(encoded, stream.rows)], banned)
                    if hook is not None:
                        hook(logits, stream.rows)
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
