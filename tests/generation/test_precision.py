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


@pytest.mark.parametrize("forced", ["fp32", "bf16", " BF16 ", "int8"])
def test_the_environment_forces_a_precision(monkeypatch, forced):
    monkeypatch.setattr(precision, "native_bfloat16", lambda: forced.strip().lower() != "bf16")
    monkeypatch.setenv(precision.ENV, forced)
    assert precision.decode_precision() == forced.strip().lower()


@pytest.mark.parametrize("avx512, native, chosen", [(True, True, "int8"), (True, False, "int8"), (False, True, "bf16"),
                                                     (False, False, "fp32")])
def test_without_it_the_cpu_decides(monkeypatch, avx512, native, chosen):
    monkeypatch.setattr(precision, "int8_kernels", lambda: avx512)
    monkeypatch.setattr(precision, "native_bfloat16", lambda: native)
    monkeypatch.setenv(precision.ENV, "fast please")  # not a choice: ignored
    assert precision.decode_precision() == chosen


def test_a_cpu_capability_probe_that_fails_means_no_int8(monkeypatch):
    def broken():
        raise RuntimeError("no cpuinfo")

    monkeypatch.setattr(torch.backends.cpu, "get_cpu_capability", broken)
    assert precision.int8_kernels() is False


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


def _tiny_backend_in(chosen: str, tmp_path, monkeypatch) -> LeanBackend:
    """The pruned tiny Gemma loaded by the lean backend with COPYDESK_PRECISION=chosen."""
    folder = tmp_path / "tiny-gemma"
    if not folder.exists():
        pruned_tiny_gemma(folder)
    monkeypatch.setenv(precision.ENV, chosen)
    backend = LeanBackend(ModelSpec("tiny-gemma", folder, "folder"))
    backend.load()
    return backend


def test_the_backend_records_the_precision_it_chose(tmp_path, monkeypatch):
    backend = _tiny_backend_in("bf16", tmp_path, monkeypatch)
    assert backend.precision == "bf16" and backend.lean.layers[0].qkv.dtype == torch.bfloat16
    other = _tiny_backend_in("fp32", tmp_path, monkeypatch)
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


# int8 (session 13): a second, int8 copy of each matrix for decoding's few rows.

def test_int8_rows_multiply_few_rows_in_int8_and_many_in_bfloat16():
    from copydesk.generation.llama_runtime import Int8Rows, _linear

    weight = torch.randn(64, 32) * 0.1
    packed = Int8Rows.of(weight)
    assert packed.q.dtype == torch.int8 and packed.full.dtype == torch.bfloat16 and packed.shape == (64, 32)
    few, many = torch.randn(4, 1, 32), torch.randn(1, 40, 32)
    for x in (few, many):
        out = _linear(x, packed)
        assert out.shape == (*x.shape[:-1], 64) and out.dtype == torch.float32
        assert torch.corrcoef(torch.stack([out.flatten(), (x @ weight.T).flatten()]))[0, 1] > 0.999
    # the few-row path is the int8 one: it differs from the bfloat16 product it replaces
    assert not torch.equal(_linear(few, packed), _linear(few, packed.full))


@pytest.mark.parametrize("runtime", ["gemma", "llama"])
def test_int8_decoding_keeps_the_fp32_choices(tmp_path, runtime):
    folder = tmp_path / runtime
    (random_gemma if runtime == "gemma" else random_llama)(folder)
    Model = GemmaModel if runtime == "gemma" else LlamaModel
    full, low = Model.load(folder), Model.load(folder)
    low.use_precision("int8")
    assert low.precision == "int8" and low.layers[0].__class__ is full.layers[0].__class__
    prompt = [(7 * i + 5) % 300 for i in range(40)]
    with torch.inference_mode():
        want = BatchDecoder(full, [prompt], 4)
        got = BatchDecoder(low, [prompt], 4)
        token = want.first_logits.argmax(-1)
        expected, logits = want.next_logits(token), got.next_logits(token)  # one row: the int8 kernel
    spread = expected.max() - expected.min()
    assert (logits - expected).abs().max() < 0.08 * spread
    assert torch.corrcoef(torch.stack([logits[0], expected[0]]))[0, 1] > 0.995
    low.use_precision("fp32")  # back from int8: its bfloat16 copy, in fp32
    assert low.precision == "fp32" and low.lm_head.dtype == torch.float32


def test_the_backend_merges_the_adapter_before_packing_int8(tmp_path, monkeypatch):
    from copydesk.generation.llama_runtime import Int8Rows

    backend = _tiny_backend_in("int8", tmp_path, monkeypatch)
    assert backend.precision == "int8"
    assert isinstance(backend.lean.layers[0].qkv, Int8Rows) and isinstance(backend.lean.lm_head, Int8Rows)
    assert backend.lean.embed.dtype == torch.bfloat16  # the embedding stays a plain table
