"""The two local backends on a tiny pruned Gemma (fast): pruning is exact, the pruned ids map
to and from the full tokenizer's, and LeanBackend and TransformersBackend give the same greedy
text, call the logits hook every step and report the same vocabulary and stop tokens,
and each says which runtime really ran."""

import json
import shutil

import pytest
import torch

from copydesk.generation.backend import CompletionSettings
from copydesk.generation.factory import backend_for, make_backend
from copydesk.generation.lean_backend import LeanBackend
from copydesk.generation.llama_runtime import PREFILL_CHUNK
from copydesk.generation.models import ModelSpec, planned_runtime
from copydesk.generation.transformers_backend import TransformersBackend
from copydesk.generation.vocab import keep_for
from tests.generation.tiny_models import pruned_tiny_gemma, tiny_tokenizer

GREEDY = CompletionSettings(seed=1, max_new_tokens=12, temperature=0, stop_at_newline=False)


@pytest.fixture(scope="module")
def pruned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pruned") / "tiny-gemma"
    full, kept = pruned_tiny_gemma(folder)
    return folder, full, kept


@pytest.fixture(scope="module")
def backends(pruned):
    folder = pruned[0]
    spec = ModelSpec("tiny-gemma", folder, "folder")
    lean, hf = LeanBackend(spec), TransformersBackend(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPYDESK_PRECISION", "fp32")  # compared with transformers token for token
        lean.load()
    hf.load()
    return lean, hf


def test_the_recipe_keeps_english_chinese_bytes_and_control_tokens():
    tokenizer = tiny_tokenizer().backend_tokenizer
    pieces = [tokenizer.id_to_token(i) for i in range(tokenizer.get_vocab_size())]
    kept = {pieces[i] for i in keep_for("en-zh", pieces, {0, 1, 2, 3, 299})}
    assert {"<eos>", "<end_of_turn>", "<0x00>", "<0xFF>", "▁card", "卡", "年", "\n", "{", "."} <= kept
    assert "한" not in kept and "é" not in kept
    assert len(kept) == 300 - 2


def test_pruning_keeps_the_full_models_logits_at_every_kept_id(pruned):
    """Only rows are removed: transformers itself loads the folder, with the pruned vocabulary."""
    from transformers import AutoModelForCausalLM

    folder, full, kept = pruned
    model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True)
    assert type(model).__name__ == "Gemma3ForCausalLM" and model.config.vocab_size == len(kept)
    assert model.config.eos_token_id == kept.index(1) and model.config.pad_token_id == kept.index(0)
    prompt = [2, 40, 41, 42, 290, 291]  # full ids, all kept
    with torch.inference_mode():
        expected = full(torch.tensor([prompt])).logits[0, -1][kept]
        pruned_logits = model(torch.tensor([[kept.index(t) for t in prompt]])).logits[0, -1]
    assert torch.allclose(pruned_logits, expected, atol=1e-6)


def test_text_the_model_lacks_goes_in_as_bytes_and_comes_back_whole(backends):
    lean, _ = backends
    ids = lean.encode("한 card", special=False)
    byte_text = [lean.vocabulary()[i] for i in ids[:3]]
    assert byte_text == ["\ufffd"] * 3  # the three UTF-8 bytes of 한, each a byte token
    assert lean.vocabulary()[ids[-1]] == " card"
    assert lean.decode(ids) == "한 card"
    assert lean.encode("card")[0] == lean.text.token_id("<bos>")


def test_vocabulary_is_in_the_models_ids_with_spaces_and_bytes_as_text(backends, pruned):
    lean, hf = backends
    vocabulary = lean.vocabulary()
    assert len(vocabulary) == len(pruned[2]) == lean.lean.config.vocab
    assert hf.vocabulary() == vocabulary
    assert vocabulary[lean.text.token_id("<0x41>")] == "A" and vocabulary[lean.text.token_id("<0xE4>")] == "\ufffd"
    assert vocabulary[lean.text.token_id("<eos>")] == "" and vocabulary[lean.text.token_id("\n")] == "\n"


def test_stop_tokens_are_newlines_eos_and_end_of_turn(backends):
    lean, hf = backends
    for backend in (lean, hf):
        stops = backend._stop_ids(CompletionSettings())
        text = backend.text
        assert {text.token_id("<eos>"), text.token_id("<end_of_turn>"), text.token_id("\n"), text.token_id("<0x0A>")} <= stops
        assert backend.eos_token_id == text.token_id("<eos>")
        assert text.token_id("\n") not in backend._stop_ids(GREEDY)


def test_both_backends_write_the_same_greedy_text(backends):
    lean, hf = backends
    prompts = ["the card", "a longer prompt about the card."]
    assert lean.runtime == "lean-gemma3" and lean.name == "lean" and hf.runtime == "transformers"
    lean_texts = [c.text for c in lean.complete(prompts, GREEDY)]
    hf_texts = [c.text for c in hf.complete(prompts, GREEDY)]
    assert lean_texts == hf_texts and all(lean_texts)


@pytest.mark.parametrize("which", [0, 1])
def test_the_logits_hook_sees_every_step_and_can_forbid_tokens(backends, which):
    backend = backends[which]
    calls = []
    chosen_first = backend.complete(["the card"], GREEDY)[0].text

    def hook(logits, generated):
        calls.append((tuple(logits.shape), [list(row) for row in generated]))
        first = backend.encode(chosen_first, special=False)[0]
        logits[:, first] = float("-inf")  # never the token greedy decoding chose first

    settings = CompletionSettings(seed=1, max_new_tokens=6, temperature=0, stop_at_newline=False, logits_hook=hook)
    completion = backend.complete(["the card", "a card"], settings)
    vocab = len(backend.vocabulary())
    assert len(calls) == 6 and all(shape == (2, vocab) for shape, _ in calls)
    assert [len(rows[0]) for _, rows in calls] == list(range(6))  # each row's tokens so far
    for (_, before), (_, after) in zip(calls, calls[1:]):
        assert all(later[:-1] == earlier for earlier, later in zip(before, after))  # one more token per step
    assert not completion[0].text.startswith(chosen_first)


def test_the_factory_puts_gemma_and_llama_folders_on_the_lean_decoder(pruned, tmp_path):
    from tests.generation.tiny_models import random_llama

    assert isinstance(backend_for(ModelSpec("g", pruned[0], "folder")), LeanBackend)
    random_llama(tmp_path / "llama")
    backend, languages = make_backend(str(tmp_path / "llama"), adapter=None)
    assert isinstance(backend, LeanBackend) and languages == ("en", "zh")
    assert backend.draft_places is None  # a model IT supplies may take every place
    assert make_backend("gemma3-270m", adapter=None)[0].draft_places == 1  # the bundled one, one place
    (tmp_path / "qwen").mkdir()
    (tmp_path / "qwen" / "config.json").write_text('{"architectures": ["Qwen2ForCausalLM"]}')
    (tmp_path / "qwen" / "model.safetensors").write_bytes(b"")
    assert isinstance(backend_for(ModelSpec("q", tmp_path / "qwen", "folder")), TransformersBackend)


def test_the_backend_the_factory_picks_reports_the_runtime_that_really_ran(pruned, tmp_path):
    """One backend per runtime, no switch inside one: `runtime` names the code that decodes."""
    softcapped = tmp_path / "softcapped-gemma"  # attention softcapping: the lean decoder leaves it out
    shutil.copytree(pruned[0], softcapped)
    config = json.loads((softcapped / "config.json").read_text(encoding="utf-8"))
    (softcapped / "config.json").write_text(json.dumps({**config, "attn_logit_softcapping": 50.0}), encoding="utf-8")
    for folder, kind, runtime in ((pruned[0], LeanBackend, "lean-gemma3"), (softcapped, TransformersBackend, "transformers")):
        spec = ModelSpec(folder.name, folder, "folder")
        backend = backend_for(spec)
        backend.load()
        assert type(backend) is kind and backend.runtime == planned_runtime(spec) == runtime
        assert (backend.model is not None) == (runtime == "transformers")  # a lean backend holds no transformers model
        assert backend.complete(["the card"], GREEDY)[0].text


def test_the_bench_api_forgets_the_prompt_cache_and_lists_banned_tokens(backends):
    lean, hf = backends
    prompt = "the card. " * 20  # longer than a prefill chunk, so a repeat reuses some of it
    assert len(lean.encode(prompt)) > PREFILL_CHUNK
    lean.complete([prompt], GREEDY)
    lean.complete([prompt], GREEDY)
    assert lean.lean.reused_tokens > 0
    lean.forget_prompt_cache()
    lean.complete([prompt], GREEDY)
    assert lean.lean.reused_tokens == 0
    hf.forget_prompt_cache()  # transformers keeps no prompt: nothing to forget
    for backend in backends:
        banned = backend.bad_words_ids(("card",))
        assert banned and backend.encode(" card", special=False) in banned
        assert backend.bad_words_ids(("card",)) == banned
        # Each phrase is encoded once and lists merge: a product's own words join the shared list.
        both = backend.bad_words_ids(("card", "loan"))
        assert set(map(tuple, both)) == set(map(tuple, banned)) | set(map(tuple, backend.bad_words_ids(("loan",)) or []))
        capitals = [tuple(backend.encode(v, special=False)) for v in ("APR", " APR")]
        acronym = set(map(tuple, backend.bad_words_ids(("apr",)) or []))
        assert {ids for ids in capitals if len(ids) <= 4} <= acronym  # an acronym is written in capitals


def test_a_generation_runs_on_the_free_cores_only(backends, monkeypatch):
    """A busy core is left to the program using it: torch gets one thread per free core."""
    import copydesk.generation.threads as threads

    lean, _ = backends
    before = torch.get_num_threads()
    monkeypatch.setattr(threads, "free_cores", lambda sample_s=threads.SAMPLE_S: 1)
    try:
        lean.complete(["The card"], GREEDY)
        assert lean.threads == 1 and torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
