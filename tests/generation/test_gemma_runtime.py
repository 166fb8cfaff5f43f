"""The lean Gemma 3 decoder against transformers' own Gemma3ForCausalLM on a tiny random model
(fast; the real, pruned Gemma 3 270M is compared in test_real_gemma.py).

The tiny model's sliding window (tiny_models.TINY_WINDOW, 24 tokens) is shorter than the test prompts, so local and global
layers see different tokens, its norms are random (Gemma's (1 + w) matters), and its
query_pre_attn_scalar differs from head_dim (the score scale matters)."""

import json

import pytest
import torch

from copydesk.generation.gemma_runtime import GemmaModel
from copydesk.generation.llama_runtime import BatchDecoder, Stopped, sample
from copydesk.generation.models import lean_runtime
from tests.generation.tiny_models import random_gemma


@pytest.fixture(scope="module")
def tiny_gemma(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-gemma")
    return folder, random_gemma(folder)


def test_the_tiny_model_is_one_the_lean_decoder_runs(tiny_gemma):
    folder, _ = tiny_gemma
    assert lean_runtime(folder) == "lean-gemma3"


@pytest.mark.parametrize("length", [10, 23, 24, 25, 150])
def test_logits_match_transformers(tiny_gemma, length):
    """Within, at and past the sliding window, and over more than two prefill chunks."""
    folder, reference = tiny_gemma
    model = GemmaModel.load(folder)
    prompt = [(7 * i + 5) % 300 for i in range(length)]
    with torch.inference_mode():
        expected = reference(torch.tensor([prompt])).logits[0, -1]
        logits, _ = model.prefill(prompt)
    assert torch.allclose(logits, expected, atol=1e-4), (logits - expected).abs().max()


def test_batched_greedy_decoding_matches_transformers_for_prompts_of_different_lengths(tiny_gemma):
    """Right-aligned rows of different lengths, decoding across the window boundary."""
    folder, reference = tiny_gemma
    model = GemmaModel.load(folder)
    prompts = [list(range(10, 30)), list(range(50, 120)), list(range(10, 30)), list(range(3, 8))]
    steps = 30
    with torch.inference_mode():
        decoder = BatchDecoder(model, prompts, max_new_tokens=steps)
        logits, rows = decoder.first_logits, [[] for _ in prompts]
        for step in range(steps):
            tokens = sample(logits, 0.0, 1.0, torch.Generator())
            for row, token in zip(rows, tokens.tolist()):
                row.append(token)
            if step < steps - 1:
                logits = decoder.next_logits(tokens)
        for prompt, row in zip(prompts, rows):
            out = reference.generate(torch.tensor([prompt]), max_new_tokens=steps, do_sample=False, pad_token_id=0,
                                     eos_token_id=None)
            assert out[0, len(prompt):].tolist() == row


def test_the_prompt_cache_gives_bit_identical_logits(tiny_gemma):
    folder, _ = tiny_gemma
    model = GemmaModel.load(folder)
    shared = list(range(1, 140))
    first, second = shared + [200, 201, 202], shared + [210, 211]
    with torch.inference_mode():
        cold = {}
        for name, prompt in (("first", first), ("second", second)):
            model.forget_prompt()
            cold[name] = model.prefill(prompt)[0]
        for name, prompt in (("first", first), ("second", second), ("second", second)):
            warm = model.prefill(prompt)[0]
            assert model.reused_tokens == 128  # two whole chunks of 64
            assert torch.equal(warm, cold[name])


def test_stop_interrupts_the_prefill(tiny_gemma):
    folder, _ = tiny_gemma
    model = GemmaModel.load(folder)
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 1

    with torch.inference_mode(), pytest.raises(Stopped):
        model.prefill(list(range(1, 100)), stop)
    assert len(calls) == 2


def test_untied_output_and_final_softcapping_match_transformers(tmp_path):
    reference = random_gemma(tmp_path, tie_word_embeddings=False, final_logit_softcapping=3.0, num_key_value_heads=1)
    model = GemmaModel.load(tmp_path)
    assert model.lm_head is not model.embed
    prompt = list(range(40, 100))
    with torch.inference_mode():
        expected = reference(torch.tensor([prompt])).logits[0, -1]
        logits, _ = model.prefill(prompt)
    assert torch.allclose(logits, expected, atol=1e-4)


def test_only_what_it_reproduces_runs_on_it(tiny_gemma, tmp_path):
    folder, _ = tiny_gemma
    config = json.loads((folder / "config.json").read_text())
    for change in ({"attn_logit_softcapping": 50.0}, {"use_bidirectional_attention": True},
                   {"hidden_activation": "gelu"}, {"attention_bias": True},
                   {"rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1e6},
                                        "sliding_attention": {"rope_type": "default", "rope_theta": 1e4}}}):
        other = tmp_path / "m"
        other.mkdir(exist_ok=True)
        (other / "config.json").write_text(json.dumps({**config, **change}))
        (other / "model.safetensors").write_bytes(b"")
        assert lean_runtime(other) is None, change
