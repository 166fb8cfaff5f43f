"""bfloat16 weights in the lean decoder (copydesk/generation/precision.py): chosen by what the
CPU multiplies natively, forced by COPYDESK_PRECISION, and close to fp32 on tiny random models
(the real Gemma is compared in test_real_gemma.py)."""

import pytest
import torch

from copydesk.generation import precision
from copydesk.generation.gemma_runtime import GemmaModel
from copydesk.generation.lean_backend import LeanBackend
from copydesk.generation.llama_runtime import BatchDecoder, LlamaModel, sample
from copydesk.generation.models import ModelSpec
from tests.generation.tiny_models import pruned_tiny_gemma, random_gemma, random_llama


@pytest.mark.parametrize("forced", ["fp32", "bf16", " BF16 "])
def test_the_environment_forces_a_precision(monkeypatch, forced):
    monkeypatch.setattr(precision, "native_bfloat16", lambda: forced.strip().lower() != "bf16")
    monkeypatch.setenv(precision.ENV, forced)
    assert precision.decode_precision() == forced.strip().lower()


@pytest.mark.parametrize("native, chosen", [(True, "bf16"), (False, "fp32")])
def test_without_it_the_cpu_decides(monkeypatch, native, chosen):
    monkeypatch.setattr(precision, "native_bfloat16", lambda: native)
    monkeypatch.setenv(precision.ENV, "fast please")  # not a choice: ignored
    assert precision.decode_precision() == chosen


def test_a_cpu_probe_that_fails_means_fp32(monkeypatch):
    def broken():
        raise RuntimeError("no cpuinfo")

    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", broken, raising=False)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", broken, raising=False)
    assert precision.native_bfloat16() is False


@pytest.mark.parametrize("runtime", ["gemma", "llama"])
def test_bfloat16_matrices_give_nearly_the_fp32_logits(tmp_path, runtime):
    folder = tmp_path / runtime
    (random_gemma if runtime == "gemma" else random_llama)(folder)
    Model = GemmaModel if runtime == "gemma" else LlamaModel
    full, low = Model.load(folder), Model.load(folder)
    low.use_precision("bf16")
    prompt = [(7 * i + 5) % 300 for i in range(40)]
    with torch.inference_mode():
        expected, _ = full.prefill(prompt)
        logits, _ = low.prefill(prompt)
    assert logits.dtype == torch.float32 and low.precision == "bf16"
    spread = expected.max() - expected.min()
    assert (logits - expected).abs().max() < 0.05 * spread
    assert torch.corrcoef(torch.stack([logits, expected]))[0, 1] > 0.999
    assert low.lm_head is low.embed and low.embed.dtype == torch.bfloat16  # still tied, half the bytes


def test_bfloat16_decoding_runs_batched_and_forgets_an_fp32_prompt_cache(tmp_path):
    random_gemma(tmp_path / "g")
    model = GemmaModel.load(tmp_path / "g")
    prompt = list(range(10, 40))
    with torch.inference_mode():
        model.prefill(prompt)
        model.use_precision("bf16")
        assert model._last_prompt is None  # computed with the fp32 weights: not reused
        decoder = BatchDecoder(model, [prompt, prompt[:12]], max_new_tokens=8)
        logits = decoder.first_logits
        for _ in range(8):
            tokens = sample(logits, 0.7, 0.95, torch.Generator().manual_seed(3))
            logits = decoder.next_logits(tokens)
    assert logits.shape == (2, model.config.vocab) and torch.isfinite(logits).all()


def test_the_backend_records_the_precision_it_chose(tmp_path, monkeypatch):
    folder = tmp_path / "tiny-gemma"
    pruned_tiny_gemma(folder)
    monkeypatch.setenv(precision.ENV, "bf16")
    backend = LeanBackend(ModelSpec("tiny-gemma", folder, "folder"))
    backend.load()
    assert backend.precision == "bf16" and backend.lean.layers[0].qkv.dtype == torch.bfloat16
    monkeypatch.setenv(precision.ENV, "fp32")
    other = LeanBackend(ModelSpec("tiny-gemma", folder, "folder"))
    other.load()
    assert other.precision == "fp32" and other.lean.layers[0].qkv.dtype == torch.float32


def test_a_single_bfloat16_row_gives_what_it_gives_in_a_batch():
    """One row is padded to two (a faster kernel); the padding must not change the row."""
    from copydesk.generation.llama_runtime import _linear

    weight = (torch.randn(48, 32) * 0.1).to(torch.bfloat16)
    row = torch.randn(1, 1, 32)
    alone = _linear(row, weight)
    batched = _linear(torch.cat([row, torch.randn(1, 1, 32)]), weight)[:1]
    assert alone.shape == (1, 1, 48) and alone.dtype == torch.float32
    assert torch.equal(alone, batched)
