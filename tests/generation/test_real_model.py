"""End to end with the other bundled model, SmolLM2-135M (English only, chosen by name): GGUF ->
safetensors cache -> batched drafts, offline; and the lean Llama decoder against transformers.

Slow (the first run converts the GGUF, ~40 s on 2 cores), so it shares one cache across the
session instead of the per-test COPYDESK_HOME.
"""

import socket

import pytest

from copydesk.generation.backend import CompletionSettings
from copydesk.generation.factory import make_backend
from copydesk.generation.models import cache_status, resolve_model
from copydesk.generation.pipeline import DraftPipeline, GenerationRequest

pytestmark = pytest.mark.model


@pytest.fixture
def backend(model_home, monkeypatch):
    monkeypatch.setenv("COPYDESK_HOME", str(model_home))
    backend, languages = make_backend("smollm2-135m")
    assert languages == ("en",) and backend.spec.adapter is None  # the house adapter is Gemma's
    return backend


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to open a network connection."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"copydesk tried to open a network connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_real_model_drafts_offline_checked_and_cached(backend, catalog, engine, no_network, model_home):
    pipeline = DraftPipeline(catalog, engine, backend, model_languages=("en",))
    request = GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=2, seed=11)
    drafts = pipeline.generate(request)
    assert cache_status(resolve_model("smollm2-135m")) == "ready"
    assert drafts and drafts[0].verdict == "pass"
    assert all(len(d.text) <= 160 for d in drafts if d.verdict == "pass")
    assert backend.load_seconds is not None


def test_same_seed_same_completions(backend, no_network):
    prompt = "Bank ads.\nProduct: Everyday Checking. Facts: $25 minimum opening deposit.\nAd:"
    settings = CompletionSettings(seed=5, max_new_tokens=16)
    first = [c.text for c in backend.complete([prompt, prompt], settings)]
    second = [c.text for c in backend.complete([prompt, prompt], settings)]
    assert first == second
    assert all("\n" not in text for text in first)


def test_cancel_mid_generation_stops_within_a_token(backend):
    from copydesk.generation.backend import Cancelled, CancelToken

    cancel = CancelToken()
    seen = []

    def on_token(index, text):
        seen.append(text)
        if len(seen) == 3:
            cancel.cancel()

    with pytest.raises(Cancelled):
        backend.complete(["Bank ads.\nAd:"], CompletionSettings(seed=1, max_new_tokens=60, stop_at_newline=False), on_token, cancel)
    assert len(seen) <= 4  # stops at the next token, not at max_new_tokens


def test_the_bundled_model_runs_on_the_lean_decoder_and_matches_transformers(backend, no_network):
    """SmolLM2 is a plain Llama: it loads without transformers' modeling code, and its logits
    and greedy tokens are transformers' own."""
    import torch
    from transformers import AutoModelForCausalLM

    from copydesk.generation.models import cache_folder

    backend.load()
    assert backend.runtime == "lean-llama" and backend.name == "lean" and backend.model is None
    prompt = "Bank ads.\nProduct: Everyday Checking. Facts: $25 minimum opening deposit.\nAd:"
    ids = backend.encode(prompt)
    reference = AutoModelForCausalLM.from_pretrained(cache_folder(backend.spec), local_files_only=True, dtype=torch.float32)
    with torch.inference_mode():
        expected = reference(torch.tensor([ids])).logits[0, -1]
        backend.forget_prompt_cache()
        logits, _ = backend.lean.prefill(ids)
        assert torch.allclose(logits, expected, atol=1e-3)
        greedy = reference.generate(torch.tensor([ids]), max_new_tokens=12, do_sample=False, pad_token_id=2)
    completion = backend.complete([prompt], CompletionSettings(seed=1, max_new_tokens=12, temperature=0, stop_at_newline=False))
    assert completion[0].text == backend.decode(greedy[0, len(ids):].tolist())


def test_asking_again_reuses_the_prompt_and_gives_the_same_drafts(backend, no_network):
    prompt = "Bank ads written by a careful marketer. " * 12 + "\nProduct: Everyday Checking.\nAd:"
    settings = CompletionSettings(seed=9, max_new_tokens=10)
    backend.load()
    backend.forget_prompt_cache()
    cold = [c.text for c in backend.complete([prompt] * 4, settings)]
    again = [c.text for c in backend.complete([prompt] * 4, settings)]
    assert backend.lean.reused_tokens >= 64
    assert again == cold


def test_the_transformers_path_streams_and_matches_the_lean_decoder(backend, no_network):
    """Folders the lean decoder does not run go through transformers' generate: same rows,
    streaming and stop handling, and for SmolLM2 the same greedy text."""
    from copydesk.generation.transformers_backend import TransformersBackend

    prompt = "Bank ads.\nProduct: Everyday Checking. Facts: $25 minimum opening deposit.\nAd:"
    settings = CompletionSettings(seed=1, max_new_tokens=12, temperature=0)
    backend.load()
    lean = backend.complete([prompt, prompt], settings)
    other = TransformersBackend(backend.spec)
    seen = []
    generated = other.complete([prompt, prompt], settings, lambda i, text: seen.append((i, text)))
    assert other.runtime == "transformers" and other.vocabulary() == backend.vocabulary()
    assert [c.text for c in generated] == [c.text for c in lean]
    assert seen and seen[-1][1] in {c.text for c in generated} and all(c.first_token_s is not None for c in generated if c.tokens)
