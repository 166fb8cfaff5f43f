"""Training the copy adapter: a LoRA on a tiny random model learns corpus-shaped examples,
writes a peft adapter and a record of the run, and stops on cancel."""

from __future__ import annotations

import json

import pytest
import torch

from copydesk.generation.training import Example, TrainingCancelled, TrainingSettings, corpus_examples, train


class TinyBackend:
    """What train() needs of a backend: a model folder transformers loads, encode and end of text."""

    model_id = "tiny-llama"
    eos_token_id = 1

    def __init__(self, folder):
        self.model_folder = folder

    def load(self):
        pass

    def encode(self, text, special=True):
        ids = [2 + (ord(c) % 60) for c in text]
        return ([0] if special else []) + ids


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny")
    config = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512)
    LlamaForCausalLM(config).save_pretrained(folder, safe_serialization=True)
    return folder


def examples(count=40):
    return [Example("<ad lang=en channel=sms>\nfacts:\n{points} = 2 points per $1\ncopy:\n",
                    "body: Earn {points} with the {name}.\ncta: Apply in the app.\n", "en", "sms", f"test:{i}")
            for i in range(count)]


def test_training_writes_a_peft_adapter_and_learns(tmp_path, tiny_folder):
    seen = []
    record = train(examples(), TinyBackend(tiny_folder), tmp_path / "adapter",
                   TrainingSettings(epochs=3, learning_rate=5e-3, rank=4, alpha=8, batch_size=8), progress=seen.append,
                   notes={"source": "test"})
    folder = tmp_path / "adapter"
    assert (folder / "adapter_config.json").is_file() and (folder / "adapter_model.safetensors").is_file()
    saved = json.loads((folder / "training.json").read_text())
    assert saved["source"] == "test" and saved["rank"] == 4 and saved["held_back"] >= 1
    assert record["held_back_loss_after"] < record["held_back_loss_before"]
    assert seen and seen[-1]["step"] == seen[-1]["steps"] and "eta_s" in seen[-1]
    config = json.loads((folder / "adapter_config.json").read_text())
    assert set(config["target_modules"]) >= {"q_proj", "v_proj", "down_proj"}


def test_cancel_stops_training_and_leaves_no_adapter(tmp_path, tiny_folder):
    with pytest.raises(TrainingCancelled):
        train(examples(), TinyBackend(tiny_folder), tmp_path / "adapter", TrainingSettings(epochs=1), cancel=lambda: True)
    assert not (tmp_path / "adapter").exists()


def test_every_corpus_ad_is_an_example_in_the_prompts_layout():
    ads = corpus_examples()
    assert len(ads) >= 600 and {a.lang for a in ads} == {"en", "zh"}
    assert all(a.prompt.endswith("copy:\n") and a.target.endswith("\n") for a in ads)
    assert 0.05 < sum(a.held_back for a in ads) / len(ads) < 0.15


def test_training_can_take_some_corpus_batches_only():
    # The shipped adapter's first runs learnt the first four batches; later ones all of them.
    import pytest

    from copydesk.generation.corpus import CorpusError

    english = corpus_examples(stems={"en-credit", "en-deposits"})
    assert english and {a.lang for a in english} == {"en"}
    assert len(english) < len(corpus_examples())
    with pytest.raises(CorpusError, match="no corpus batch 'en-nothing'"):
        corpus_examples(stems={"en-credit", "en-nothing"})


def test_the_shipped_house_adapter_names_the_model_it_is_merged_into():
    # The factory merges the house adapter only into the model its config names; a config that
    # named the setting ("gemma3-270m") instead of the model id was silently dropped.
    from copydesk.generation import adapters
    from copydesk.generation.factory import _trained_on
    from copydesk.generation.models import resolve_model

    folder = adapters.resolve_adapter(adapters.HOUSE)
    assert _trained_on(folder, resolve_model("gemma3-270m"))
    record = json.loads((folder / "training.json").read_text(encoding="utf-8"))
    assert record["held_back_loss_after"] < record["held_back_loss_before"]
