"""The lean decoder for Gemma 3 text models (the bundled Gemma 3 270M), beside the Llama one.

It reuses llama_runtime's plain-read safetensors loader, prompt cache, batched decoding and
attention; what differs is the block itself, as transformers' Gemma3ForCausalLM computes it:

- the embedding is scaled by sqrt(hidden) (and is also the output layer: tied weights);
- every RMSNorm multiplies by (1 + w), not w, and there are four per layer: before and after
  attention, before and after the MLP, each output normalised before it joins the residual;
- queries and keys are RMS-normalised per head (q_norm, k_norm) before the rotary embedding;
- attention scores are scaled by query_pre_attn_scalar ** -0.5, not head_dim ** -0.5;
- the MLP is gelu (tanh approximation) instead of silu;
- most layers attend only to the last `sliding_window` tokens, with their own rotary base
  (rope_parameters["sliding_attention"], 10k), the others to everything (1M).

`tests/generation/test_gemma_runtime.py` checks its logits and greedy tokens against
transformers on a tiny random model whose window is shorter than the test prompts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

import torch
import torch.nn.functional as F

from copydesk.generation.llama_runtime import (
    PRECISION_DTYPES,
    CachedDecoder,
    SafetensorsFiles,
    Stopped,
    _linear,
    attend,
    inverse_frequencies,
    rope_tables,
    split_projections,
)

SLIDING = "sliding_attention"
FULL = "full_attention"


@dataclass(frozen=True)
class GemmaConfig:
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    layers: int
    vocab: int
    eps: float
    query_pre_attn_scalar: float
    sliding_window: int
    layer_types: tuple[str, ...]
    rope_theta: float  # full-attention layers
    rope_local_theta: float  # sliding-window layers
    final_logit_softcapping: float | None
    tied: bool

    @classmethod
    def read(cls, folder: Path) -> "GemmaConfig":
        c = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        layers = c["num_hidden_layers"]
        pattern = c.get("sliding_window_pattern", c.get("_sliding_window_pattern", 6))
        layer_types = c.get("layer_types") or [SLIDING if (i + 1) % pattern else FULL for i in range(layers)]
        # transformers 5 writes rope_parameters per layer type; older configs wrote
        # rope_theta and rope_local_base_freq (the defaults are Gemma 3's own).
        rope = c.get("rope_parameters") or {}
        return cls(
            hidden=c["hidden_size"], heads=c["num_attention_heads"], kv_heads=c["num_key_value_heads"],
            head_dim=c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"], layers=layers,
            vocab=c["vocab_size"], eps=c["rms_norm_eps"], query_pre_attn_scalar=c.get("query_pre_attn_scalar", 256),
            sliding_window=c.get("sliding_window") or 4096, layer_types=tuple(layer_types),
            rope_theta=(rope.get(FULL) or {}).get("rope_theta", c.get("rope_theta", 1_000_000.0)),
            rope_local_theta=(rope.get(SLIDING) or {}).get("rope_theta", c.get("rope_local_base_freq", 10_000.0)),
            final_logit_softcapping=c.get("final_logit_softcapping"), tied=c.get("tie_word_embeddings", True),
        )


class GemmaLayer(NamedTuple):
    """One block's fused fp32 weights; every norm weight is stored as (1 + w), ready to multiply."""

    input_norm: torch.Tensor
    qkv: torch.Tensor  # q, k and v projections stacked by rows: one matmul
    qk_norm: torch.Tensor  # [heads + kv_heads, head_dim]: q_norm for each query head, then k_norm
    o: torch.Tensor
    post_attention_norm: torch.Tensor
    pre_feedforward_norm: torch.Tensor
    gate_up: torch.Tensor  # gate and up projections stacked by rows
    down: torch.Tensor
    post_feedforward_norm: torch.Tensor


class GemmaModel(CachedDecoder):
    """Gemma 3's forward pass over the shared KV cache (see the module docstring)."""

    def __init__(self, config: GemmaConfig, weights: SafetensorsFiles, precision: str = "fp32"):
        super().__init__()
        self.config = config
        c = config
        dtype = PRECISION_DTYPES[precision]
        self.precision = precision
        self.embed = weights.read("model.embed_tokens.weight").to(dtype)
        self.lm_head = self.embed if c.tied else weights.read("lm_head.weight").to(dtype)
        # transformers multiplies by a float32 tensor of sqrt(hidden): the same number here.
        self.embed_scale = torch.tensor(c.hidden ** 0.5, dtype=torch.float32)
        self.final_norm = _plus_one(weights.read("model.norm.weight"))
        self.layers: list[GemmaLayer] = []
        for i in range(c.layers):
            p = f"model.layers.{i}."
            q_norm = _plus_one(weights.read(p + "self_attn.q_norm.weight"))
            k_norm = _plus_one(weights.read(p + "self_attn.k_norm.weight"))
            self.layers.append(GemmaLayer(
                input_norm=_plus_one(weights.read(p + "input_layernorm.weight")),
                qkv=weights.read_stacked([p + f"self_attn.{n}_proj.weight" for n in "qkv"]),
                qk_norm=torch.cat([q_norm.expand(c.heads, -1), k_norm.expand(c.kv_heads, -1)]).contiguous(),
                o=weights.read(p + "self_attn.o_proj.weight"),
                post_attention_norm=_plus_one(weights.read(p + "post_attention_layernorm.weight")),
                pre_feedforward_norm=_plus_one(weights.read(p + "pre_feedforward_layernorm.weight")),
                gate_up=weights.read_stacked([p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"]),
                down=weights.read(p + "mlp.down_proj.weight"),
                post_feedforward_norm=_plus_one(weights.read(p + "post_feedforward_layernorm.weight")),
            ))
            self.layers[-1] = self._layer_as(self.layers[-1], dtype)  # cast as read: one layer in fp32 at a time
        self.sliding = [kind == SLIDING for kind in c.layer_types]
        self._inverse_freq = {False: inverse_frequencies(c.rope_theta, c.head_dim),
                              True: inverse_frequencies(c.rope_local_theta, c.head_dim)}
        self._scale = c.query_pre_attn_scalar ** -0.5

    @classmethod
    def load(cls, folder: Path, precision: str = "fp32") -> "GemmaModel":
        """Read the weights once into ordinary memory, the matrices in `precision` (see LlamaModel.load)."""
        with SafetensorsFiles(folder) as weights:
            return cls(GemmaConfig.read(folder), weights, precision)

    def _projections(self, index: int) -> dict[str, torch.Tensor]:
        layer = self.layers[index]
        return split_projections(layer.qkv, layer.o, layer.gate_up, layer.down, self.config)

    def _layer_map(self, layer: GemmaLayer, change) -> GemmaLayer:
        return layer._replace(qkv=change(layer.qkv), o=change(layer.o), gate_up=change(layer.gate_up),
                              down=change(layer.down))

    def forward(self, tokens: torch.Tensor, positions: torch.Tensor, cache, slot: int, mask: torch.Tensor | None,
                stop: Callable[[], bool] | None = None, logits: bool = True) -> torch.Tensor | None:
        c = self.config
        rows, length = tokens.shape
        x = self.embed[tokens].float() * self.embed_scale
        rope = {local: rope_tables(inverse, positions) for local, inverse in self._inverse_freq.items()}
        windows = {False: (0, mask), True: self._window(mask, slot, length)}
        half, rotated = c.head_dim // 2, c.heads + c.kv_heads
        for layer, sliding, (keys, values) in zip(self.layers, self.sliding, cache):
            if stop is not None and stop():
                raise Stopped()
            h = F.rms_norm(x, (c.hidden,), layer.input_norm, c.eps)
            qkv = _linear(h, layer.qkv).view(rows, length, rotated + c.kv_heads, c.head_dim)
            qk = F.rms_norm(qkv[:, :, :rotated], (c.head_dim,), None, c.eps) * layer.qk_norm
            cos, sin = rope[sliding]
            qk = qk * cos + qk.roll(half, dims=-1) * sin  # q and k heads rotated together
            q = qk[:, :, : c.heads].transpose(1, 2)
            keys[:, :, slot:slot + length] = qk[:, :, c.heads:].transpose(1, 2)
            values[:, :, slot:slot + length] = qkv[:, :, rotated:].transpose(1, 2)
            first, seen_mask = windows[sliding]
            attended = attend(q, keys[:, :, first:slot + length], values[:, :, first:slot + length], seen_mask,
                              slot == 0, self._scale)
            out = _linear(attended.transpose(1, 2).reshape(rows, length, c.heads * c.head_dim), layer.o)
            x = x + F.rms_norm(out, (c.hidden,), layer.post_attention_norm, c.eps)
            h = F.rms_norm(x, (c.hidden,), layer.pre_feedforward_norm, c.eps)
            gate, up = _linear(h, layer.gate_up).chunk(2, dim=-1)
            out = _linear(F.gelu(gate, approximate="tanh") * up, layer.down)
            x = x + F.rms_norm(out, (c.hidden,), layer.post_feedforward_norm, c.eps)
        if not logits:
            return None
        last = F.rms_norm(x[:, -1:], (c.hidden,), self.final_norm, c.eps)
        out = _linear(last, self.lm_head)[:, 0]
        if c.final_logit_softcapping:
            cap = c.final_logit_softcapping
            out = torch.tanh(out / cap) * cap
        return out

    def _window(self, mask: torch.Tensor | None, slot: int, length: int) -> tuple[int, torch.Tensor | None]:
        """(first cache slot, mask over the slots from it) for a sliding-window layer.

        A token in slot s sees slots s - window < j <= s (transformers' sliding mask: kv > q -
        window). Slots before the earliest any of these tokens can see are cut off rather than
        masked, so decoding past the window reads only `window` slots. Rows are right-aligned
        in the cache (BatchDecoder), so slot distance is token distance in every row."""
        window, end = self.config.sliding_window, slot + length
        if end <= window:
            return 0, mask  # everything is within the window: the full layers' view
        first = max(0, slot + 1 - window)
        if length == 1:
            return first, None if mask is None else mask[..., first:end]  # decoding: the cut is the window
        queries = torch.arange(slot, end)[:, None]
        seen = torch.arange(first, end)[None, :]
        visible = (seen <= queries) & (seen > queries - window)
        if mask is not None:
            visible = visible & mask[..., first:end]
        return first, visible[None, None] if visible.dim() == 2 else visible


def _plus_one(weight: torch.Tensor) -> torch.Tensor:
    """Gemma's RMSNorm scales by (1 + w) (its weights are stored centred on 0)."""
    return weight + 1.0
