"""The lean Llama decoder against transformers' own LlamaForCausalLM on a tiny random model
(fast; the real SmolLM2 is compared in test_real_model.py)."""

import json

import pytest
import torch

from copydesk.generation.llama_runtime import BatchDecoder, LlamaModel, Stopped, ban, sample, supports


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    """A random 2-layer Llama with grouped-query attention, saved as safetensors like the cache."""
    from transformers import LlamaConfig, LlamaForCausalLM

    folder = tmp_path_factory.mktemp("tiny-llama")
    config = LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, head_dim=16, rms_norm_eps=1e-5,
                         tie_word_embeddings=True, max_position_embeddings=512)
    torch.manual_seed(0)
    reference = LlamaForCausalLM(config).eval()
    reference.save_pretrained(folder, safe_serialization=True)
    return folder, reference


def test_logits_match_transformers(tiny_llama):
    folder, reference = tiny_llama
    model = LlamaModel.load(folder)
    prompt = list(range(5, 150))  # more than two prefill chunks
    with torch.inference_mode():
        expected = reference(torch.tensor([prompt])).logits[0, -1]
        logits, _ = model.prefill(prompt)
    assert torch.allclose(logits, expected, atol=1e-4)


def test_batched_greedy_decoding_matches_transformers_for_prompts_of_different_lengths(tiny_llama):
    folder, reference = tiny_llama
    model = LlamaModel.load(folder)
    prompts = [list(range(10, 40)), list(range(50, 120)), list(range(10, 40))]
    with torch.inference_mode():
        decoder = BatchDecoder(model, prompts, max_new_tokens=8)
        logits, rows = decoder.first_logits, [[] for _ in prompts]
        for step in range(8):
            tokens = sample(logits, 0.0, 1.0, torch.Generator())
            for row, token in zip(rows, tokens.tolist()):
                row.append(token)
            if step < 7:
                logits = decoder.next_logits(tokens)
        for prompt, row in zip(prompts, rows):
            out = reference.generate(torch.tensor([prompt]), max_new_tokens=8, do_sample=False, pad_token_id=0)
            assert out[0, len(prompt):].tolist() == row


def test_the_prompt_cache_gives_bit_identical_logits(tiny_llama):
    """Reusing the previous prompt's chunks must not change the arithmetic (same seed, same drafts)."""
    folder, _ = tiny_llama
    model = LlamaModel.load(folder)
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


def test_sampling_is_seeded_and_respects_top_p():
    logits = torch.tensor([[4.0, 3.9, -5.0, -6.0], [0.0, 0.0, 10.0, 0.0]])
    draws = [sample(logits, 0.7, 0.9, torch.Generator().manual_seed(3)).tolist() for _ in range(2)]
    assert draws[0] == draws[1]
    many = {tuple(sample(logits, 0.7, 0.5, torch.Generator().manual_seed(s)).tolist()) for s in range(40)}
    assert {row[1] for row in many} == {2}  # outside the nucleus never drawn
    assert {row[0] for row in many} <= {0, 1}


def test_ban_forbids_the_token_that_completes_a_banned_phrase():
    logits = torch.zeros(2, 10)
    ban(logits, [[1, 2, 7], [1, 2, 8]], [(7, 9), (4,)])
    assert logits[0, 9] == float("-inf") and logits[1, 9] == 0.0  # only after 7
    assert (logits[:, 4] == float("-inf")).all()  # a one-token phrase always


def test_stop_interrupts_the_prefill(tiny_llama):
    folder, _ = tiny_llama
    model = LlamaModel.load(folder)
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 1

    with torch.inference_mode(), pytest.raises(Stopped):
        model.prefill(list(range(1, 100)), stop)
    assert len(calls) == 2  # checked before each layer: stops within one layer's work


def test_supports_only_what_it_reproduces(tiny_llama, tmp_path):
    folder, _ = tiny_llama
    assert supports(folder)
    config = json.loads((folder / "config.json").read_text())
    for change in ({"attention_bias": True}, {"architectures": ["Qwen2ForCausalLM"]}, {"rope_scaling": {"type": "linear"}}):
        other = tmp_path / "m"
        other.mkdir(exist_ok=True)
        (other / "config.json").write_text(json.dumps({**config, **change}))
        (other / "model.safetensors").write_bytes(b"")
        assert not supports(other)


def test_a_truncated_weights_file_is_named(tiny_llama, tmp_path):
    folder, _ = tiny_llama
    for name in ("config.json", "model.safetensors"):
        data = (folder / name).read_bytes()
        (tmp_path / name).write_bytes(data[: len(data) - 1000] if name.endswith("safetensors") else data)
    with pytest.raises(ValueError, match=r"model\.safetensors.*(ends inside|bytes)"):
        LlamaModel.load(tmp_path)


def test_weights_are_read_into_ordinary_memory(tiny_llama, tmp_path):
    """Not memory-mapped (erratic decoding on the dev VM): overwriting the file in place after
    the load must not change the loaded weights."""
    import shutil

    folder, _ = tiny_llama
    for file in folder.iterdir():
        shutil.copy(file, tmp_path / file.name)
    model = LlamaModel.load(tmp_path)
    before = model.embed.clone()
    weights = tmp_path / "model.safetensors"
    size = weights.stat().st_size
    with open(weights, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\x00" * (size - size // 2))
    assert torch.equal(model.embed, before)
    assert model.lm_head is model.embed  # tied: one copy
    assert all(t.dtype == torch.float32 for layer in model.layers for t in layer)
