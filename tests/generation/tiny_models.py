"""Tiny random models and a tiny sentencepiece-style tokenizer, for the runtime, backend and
adapter tests (seconds, not the real model's minutes)."""

from __future__ import annotations

import torch

TINY_WINDOW = 24


def tiny_gemma_config(**changes):
    from transformers import Gemma3TextConfig

    settings = dict(
        vocab_size=300, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
        num_key_value_heads=2, head_dim=16, query_pre_attn_scalar=24, sliding_window=TINY_WINDOW, rms_norm_eps=1e-6,
        layer_types=["sliding_attention", "sliding_attention", "full_attention", "sliding_attention"],
        rope_parameters={"full_attention": {"rope_type": "default", "rope_theta": 10000.0},
                         "sliding_attention": {"rope_type": "default", "rope_theta": 100.0}},
        max_position_embeddings=512, tie_word_embeddings=True, pad_token_id=0, eos_token_id=1, bos_token_id=2,
    )
    settings.update(changes)
    return Gemma3TextConfig(**settings)


def random_gemma(folder=None, **changes):
    """A random tiny Gemma3ForCausalLM (saved as safetensors like the cache when `folder` is
    given). Its norms are random too: transformers initialises them to 0, where (1 + w) and
    w + 1 cannot be told apart."""
    from transformers import Gemma3ForCausalLM

    torch.manual_seed(0)
    model = Gemma3ForCausalLM(tiny_gemma_config(**changes)).eval()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("norm.weight"):
                parameter.normal_(0.0, 0.3)
    if folder is not None:
        model.save_pretrained(folder, safe_serialization=True)
    return model


def random_llama(folder=None):
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, head_dim=16, rms_norm_eps=1e-5,
                         tie_word_embeddings=True, max_position_embeddings=512)
    torch.manual_seed(0)
    model = LlamaForCausalLM(config).eval()
    if folder is not None:
        model.save_pretrained(folder, safe_serialization=True)
    return model


# 4 control tokens, 256 byte tokens, then 39 pieces (some English and Chinese, one Korean
# syllable and one accented letter the en-zh recipe drops) and <end_of_turn>: 300 in all.
_PIECES = [*"abcdefghijklmnopqrstuvwxyz", "▁", "\n", ".", "{", "}", "卡", "年", "한", "é",
           "▁c", "▁ca", "▁car", "▁card"]
_MERGES = [("▁", "c"), ("▁c", "a"), ("▁ca", "r"), ("▁car", "d")]


def tiny_tokenizer():
    """A Gemma-like BPE tokenizer (▁ for spaces, byte fallback, <bos> first) as transformers'
    PreTrainedTokenizerFast, 300 tokens like the tiny models."""
    from tokenizers import Tokenizer, decoders, models, normalizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {token: i for i, token in enumerate(["<pad>", "<eos>", "<bos>", "<unk>"])}
    for byte in range(256):
        vocab[f"<0x{byte:02X}>"] = len(vocab)
    for piece in _PIECES:
        vocab[piece] = len(vocab)
    vocab["<end_of_turn>"] = len(vocab)
    assert len(vocab) == 300
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=_MERGES, byte_fallback=True, unk_token="<unk>", fuse_unk=True))
    tokenizer.normalizer = normalizers.Replace(" ", "▁")
    tokenizer.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()])
    tokenizer.post_processor = processors.TemplateProcessing(single="<bos> $A", special_tokens=[("<bos>", 2)])
    tokenizer.add_special_tokens(["<pad>", "<eos>", "<bos>", "<unk>", "<end_of_turn>"])
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token="<bos>", eos_token="<eos>", pad_token="<pad>",
                                   unk_token="<unk>")


def pruned_tiny_gemma(folder, recipe: str = "en-zh"):
    """The tiny Gemma and tokenizer pruned as the conversion prunes the real one, saved to
    `folder`; returns (the full model, the kept full ids)."""
    from copydesk.generation.models import _prune_vocabulary

    full = random_gemma()
    reference = random_gemma()
    tokenizer = tiny_tokenizer()
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = _prune_vocabulary(reference, tokenizer, recipe, folder)
    reference.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    from safetensors.torch import load_file

    kept = load_file(str(folder / "vocab_map.safetensors"))["kept_ids"].tolist()
    assert vocabulary["kept"] == len(kept)
    return full, kept
