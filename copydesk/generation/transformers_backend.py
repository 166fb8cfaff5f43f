"""Any other local model folder on transformers' generate: batched, seeded, streamed,
cancellable, with the same stop tokens, banned phrases and logits hook as the lean decoder
(lean_backend.py), which runs the bundled models."""

from __future__ import annotations

from pathlib import Path

from copydesk.generation.backend import Cancelled, Completion
from copydesk.generation.local_backend import LocalBackend, Streams
from copydesk.generation.offline import quiet_transformers
from copydesk.generation.vocab import SlowTokenizer, TokenText


class TransformersBackend(LocalBackend):
    """A causal LM loaded from safetensors with local_files_only; weights copied into RAM."""

    name = "transformers"

    def __init__(self, spec, progress=None):
        super().__init__(spec, progress)
        self.model = None
        self.tokenizer = None

    def _read(self, folder: Path) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        quiet_transformers()
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, use_safetensors=True, dtype=torch.float32)
        # Memory-mapped safetensors gave erratic 4-40x slow decoding on the dev VM: copy into RAM.
        for parameter in model.parameters():
            parameter.data = parameter.data.clone()
        model.eval()
        backend = getattr(tokenizer, "backend_tokenizer", None)
        self.text = TokenText.for_folder(backend if backend is not None else SlowTokenizer(tokenizer), folder,
                                         model.get_output_embeddings().weight.shape[0])
        self.tokenizer, self.model, self.runtime = tokenizer, model, "transformers"

    def _weight(self, module: str):
        return self.model.get_submodule(module).weight.data

    def _pad_id(self) -> int:
        pad = self.tokenizer.pad_token
        pad_id = self.text.token_id(pad) if isinstance(pad, str) else None
        return self._eos_id if pad_id is None else pad_id

    def _complete(self, prompts, settings, on_token, cancel) -> list[Completion]:
        import torch
        from transformers import LogitsProcessor, LogitsProcessorList, StoppingCriteria, StoppingCriteriaList
        from transformers.generation.streamers import BaseStreamer

        stop_ids = self._stop_ids(settings)
        stream = Streams(len(prompts), stop_ids, self.text.decode, on_token)
        hook = settings.logits_hook

        class Streamer(BaseStreamer):
            seen_prompt = False

            def put(self, value):
                if not self.seen_prompt:  # the first call carries the prompt
                    self.seen_prompt = True
                    return
                stream.take(value.reshape(-1).tolist())

            def end(self):
                pass

        class Hook(LogitsProcessor):
            """The caller's hook, after the bad-words ban and before temperature and top-p (as
            in the lean decoder); it gets each row's own tokens so far, as the lean decoder's."""

            def __call__(self, input_ids, scores):
                hook(scores, stream.rows)
                return scores

        class StopOnCancel(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                stop = cancel is not None and cancel.cancelled
                return torch.full((input_ids.shape[0],), stop, dtype=torch.bool)

        input_ids, attention = self._left_padded([self.text.encode(p) for p in prompts])
        with self._lock, torch.inference_mode():
            torch.manual_seed(settings.seed)
            self.model.generate(
                input_ids=input_ids,
                attention_mask=attention,
                max_new_tokens=settings.max_new_tokens,
                do_sample=settings.temperature > 0,
                temperature=settings.temperature if settings.temperature > 0 else None,
                top_p=settings.top_p if settings.temperature > 0 else None,
                eos_token_id=sorted(stop_ids),
                pad_token_id=self._pad_id(),
                bad_words_ids=self.bad_words_ids(settings.banned_phrases),
                streamer=Streamer(),
                logits_processor=LogitsProcessorList([Hook()] if hook is not None else []),
                stopping_criteria=StoppingCriteriaList([StopOnCancel()]),
            )
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        return stream.completions()

    def _left_padded(self, rows: list[list[int]]):
        """Ids and attention mask, padded on the left (generate continues from the right end).
        Encoded by TokenText, not the tokenizer's own padding, so a pruned model gets its ids."""
        import torch

        width = max(len(r) for r in rows)
        input_ids = torch.full((len(rows), width), self._pad_id(), dtype=torch.long)
        attention = torch.zeros(len(rows), width, dtype=torch.long)
        for index, row in enumerate(rows):
            input_ids[index, width - len(row):] = torch.tensor(row, dtype=torch.long)
            attention[index, width - len(row):] = 1
        return input_ids, attention
