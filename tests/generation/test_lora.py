"""A peft LoRA adapter merged at load gives peft's own merged model, on both decoders and both
backends (tiny random models); adapters a plain merge would get wrong are refused."""

import json

import pytest
import torch

from copydesk.generation.backend import CompletionSettings
from copydesk.generation.factory import make_backend
from copydesk.generation.gemma_runtime import GemmaModel
from copydesk.generation.lean_backend import LeanBackend
from copydesk.generation.llama_runtime import LlamaModel
from copydesk.generation.lora import TARGETS, LoraAdapter, adapter_id
from copydesk.generation.models import ModelError, ModelSpec
from copydesk.generation.transformers_backend import TransformersBackend
from tests.generation.tiny_models import pruned_tiny_gemma, random_gemma, random_llama, tiny_tokenizer

PROMPT = list(range(5, 90))


def train_like_peft(model, folder, **settings):
    """A LoRA on every target projection with random (not zero) B, saved as peft saves it;
    returns peft's merged model."""
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=4, lora_alpha=8, target_modules=list(TARGETS), init_lora_weights=False, **settings)
    torch.manual_seed(1)
    wrapped = get_peft_model(model, config)
    wrapped.save_pretrained(folder, safe_serialization=True)
    return wrapped.merge_and_unload().eval()


@pytest.mark.parametrize("family", ["gemma", "llama"])
def test_the_lean_merge_matches_peft_merge_and_unload(tmp_path, family):
    make, runtime = (random_gemma, GemmaModel) if family == "gemma" else (random_llama, LlamaModel)
    make(tmp_path / "base")
    merged = train_like_peft(make(), tmp_path / "adapter")
    model = runtime.load(tmp_path / "base")
    with torch.inference_mode():
        before, _ = model.prefill(PROMPT)
        assert LoraAdapter.load(tmp_path / "adapter").merge_into(model.weight) == 7 * model.config.layers
        model.forget_prompt()
        after, _ = model.prefill(PROMPT)
        expected = merged(torch.tensor([PROMPT])).logits[0, -1]
    assert not torch.allclose(before, expected, atol=1e-3)  # the adapter changes the model...
    assert torch.allclose(after, expected, atol=1e-4)  # ...exactly as peft's merge does


def test_rslora_scales_by_the_square_root_of_the_rank(tmp_path):
    random_gemma(tmp_path / "base")
    merged = train_like_peft(random_gemma(), tmp_path / "adapter", use_rslora=True)
    model = GemmaModel.load(tmp_path / "base")
    LoraAdapter.load(tmp_path / "adapter").merge_into(model.weight)
    with torch.inference_mode():
        assert torch.allclose(model.prefill(PROMPT)[0], merged(torch.tensor([PROMPT])).logits[0, -1], atol=1e-4)


def test_both_backends_merge_the_adapter_and_report_its_hash(tmp_path):
    """On the pruned tiny Gemma, as the house adapter is trained on the pruned cache."""
    from transformers import AutoModelForCausalLM

    folder = tmp_path / "pruned"
    pruned_tiny_gemma(folder)
    merged = train_like_peft(AutoModelForCausalLM.from_pretrained(folder, local_files_only=True).eval(), tmp_path / "adapter")
    spec = ModelSpec("tiny", folder, "folder", adapter=tmp_path / "adapter")
    settings = CompletionSettings(seed=1, max_new_tokens=10, temperature=0, stop_at_newline=False)
    texts = []
    for backend in (LeanBackend(spec), TransformersBackend(spec)):
        backend.load()
        assert backend.adapter_id == adapter_id(tmp_path / "adapter")
        texts.append(backend.complete(["the card"], settings)[0].text)
        ids = backend.encode("the card")
        with torch.inference_mode():
            expected = merged(torch.tensor([ids])).logits[0, -1]
            lean = isinstance(backend, LeanBackend)
            got = backend.lean.prefill(ids)[0] if lean else backend.model(torch.tensor([ids])).logits[0, -1]
        assert torch.allclose(got, expected, atol=1e-4)
    assert texts[0] == texts[1]


def test_the_adapter_id_is_the_sha256_admin_shows(tmp_path):
    """`cat adapter_config.json adapter_model.safetensors | sha256sum`, as adapters.adapter_sha256."""
    import hashlib

    train_like_peft(random_llama(), tmp_path)
    data = (tmp_path / "adapter_config.json").read_bytes() + (tmp_path / "adapter_model.safetensors").read_bytes()
    assert adapter_id(tmp_path) == hashlib.sha256(data).hexdigest()


def test_an_adapter_for_another_model_or_a_variant_a_merge_gets_wrong_is_refused(tmp_path):
    train_like_peft(random_llama(), tmp_path / "llama-adapter")
    random_gemma(tmp_path / "gemma", intermediate_size=80)
    model = GemmaModel.load(tmp_path / "gemma")
    with pytest.raises(ModelError, match="trained on another model"):
        LoraAdapter.load(tmp_path / "llama-adapter").merge_into(model.weight)  # its MLP is 96 wide, not 80
    random_gemma(tmp_path / "shallow", num_hidden_layers=1, layer_types=["full_attention"])
    with pytest.raises(ModelError, match="has no model.layers.1"):
        LoraAdapter.load(tmp_path / "llama-adapter").merge_into(GemmaModel.load(tmp_path / "shallow").weight)
    config_path = tmp_path / "llama-adapter" / "adapter_config.json"
    config = json.loads(config_path.read_text())
    for change, message in (({"use_dora": True}, "DoRA"), ({"bias": "all"}, "biases"), ({"peft_type": "IA3"}, "only LoRA")):
        config_path.write_text(json.dumps({**config, **change}))
        with pytest.raises(ModelError, match=message):
            LoraAdapter.load(tmp_path / "llama-adapter")
    with pytest.raises(ModelError, match="adapter_config.json"):
        make_backend(str(tmp_path / "gemma"), adapter=tmp_path)


def test_the_factory_applies_an_adapter_folder_and_the_house_adapter_only_where_it_fits(tmp_path, monkeypatch):
    from copydesk.generation import adapters

    random_llama(tmp_path / "base")
    tiny_tokenizer().save_pretrained(tmp_path / "base")
    train_like_peft(random_llama(), tmp_path / "adapter")
    backend, _ = make_backend(str(tmp_path / "base"), adapter=tmp_path / "adapter")
    assert backend.spec.adapter == tmp_path / "adapter" and backend.adapter_required
    backend.load()
    assert backend.adapter_id == adapter_id(tmp_path / "adapter")
    assert make_backend(str(tmp_path / "base"), adapter=None)[0].spec.adapter is None

    train_like_peft(random_gemma(intermediate_size=80), tmp_path / "house")
    monkeypatch.setattr(adapters, "house_adapter_dir", lambda: tmp_path / "house")
    house_config = tmp_path / "house" / "adapter_config.json"
    config = json.loads(house_config.read_text())
    house_config.write_text(json.dumps({**config, "base_model_name_or_path": "gemma-3-270m"}))
    assert make_backend(str(tmp_path / "base"))[0].spec.adapter is None  # the house adapter names another base

    house_config.write_text(json.dumps({**config, "base_model_name_or_path": "base"}))  # names this one, but does not fit
    backend, _ = make_backend(str(tmp_path / "base"))
    assert backend.spec.adapter == tmp_path / "house" and not backend.adapter_required
    backend.load()
    assert backend.adapter_id is None and "trained on another model" in backend.adapter_problem
    with pytest.raises(ModelError, match="trained on another model"):
        make_backend(str(tmp_path / "base"), adapter=tmp_path / "house")[0].load()  # asked for by name: must fit


def test_an_adapter_merges_into_bfloat16_weights_cast_as_read(tmp_path, monkeypatch):
    """Where the CPU decodes in bfloat16 (precision.py) the matrices are cast as they are read and
    the adapter is merged into them: the result is the merged model's, to bfloat16's precision."""
    from transformers import AutoModelForCausalLM

    folder = tmp_path / "pruned"
    pruned_tiny_gemma(folder)
    merged = train_like_peft(AutoModelForCausalLM.from_pretrained(folder, local_files_only=True).eval(), tmp_path / "adapter")
    monkeypatch.setenv("COPYDESK_PRECISION", "bf16")
    backend = LeanBackend(ModelSpec("tiny", folder, "folder", adapter=tmp_path / "adapter"))
    backend.load()
    assert backend.precision == "bf16" and backend.lean.layers[0].qkv.dtype == torch.bfloat16
    assert backend.adapter_id == adapter_id(tmp_path / "adapter")
    ids = backend.encode("the card")
    with torch.inference_mode():
        expected = merged(torch.tensor([ids])).logits[0, -1]
        got = backend.lean.prefill(ids)[0]
    assert (got - expected).abs().max() < 0.05 * (expected.max() - expected.min())
    unmerged = LeanBackend(ModelSpec("tiny", folder, "folder"))
    unmerged.load()
    with torch.inference_mode():
        plain = unmerged.lean.prefill(ids)[0]
    assert (got - plain).abs().max() > (got - expected).abs().max()  # the adapter is really in


def test_an_int8_backend_decodes_the_merged_adapter(tmp_path, monkeypatch):
    """int8 packs the weights after the merge (an int8 matrix takes none): its decoding step
    follows peft's merged model, not the model without the adapter."""
    from transformers import AutoModelForCausalLM

    folder = tmp_path / "pruned"
    pruned_tiny_gemma(folder)
    base = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True).eval()
    with torch.inference_mode():
        plain = base(torch.tensor([PROMPT[:20]])).logits[0, -1].clone()
    merged = train_like_peft(base, tmp_path / "adapter")
    monkeypatch.setenv("COPYDESK_PRECISION", "int8")
    backend = LeanBackend(ModelSpec("tiny", folder, "folder", adapter=tmp_path / "adapter"))
    backend.load()
    assert backend.precision == "int8" and backend.adapter_id == adapter_id(tmp_path / "adapter")
    from copydesk.generation.llama_runtime import BatchDecoder

    with torch.inference_mode():
        expected = merged(torch.tensor([PROMPT[:20]])).logits[0, -1]
        decoder = BatchDecoder(backend.lean, [PROMPT[:19]], 2)
        got = decoder.next_logits(torch.tensor([PROMPT[19]]))[0]  # one row: the int8 kernel
    assert torch.corrcoef(torch.stack([got, expected]))[0, 1] > 0.995
    assert (got - expected).abs().max() < (got - plain).abs().max()  # nearer the merged model than the plain one
