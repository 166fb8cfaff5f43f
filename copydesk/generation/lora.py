"""A LoRA adapter (the house copy adapter, or one IT supplies) merged into the weights at load.

The adapter is a folder as peft writes it: adapter_config.json and adapter_model.safetensors
holding, for each adapted projection, A [r, in] and B [out, r]. Merging adds (alpha / r) * B @ A
to the projection's weight once, so decoding costs nothing extra (peft's merge_and_unload does
the same; tests/generation/test_lora.py compares the two). Read without peft: the app needs
only these two files, never a pickle.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from copydesk.generation.models import ModelError

ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
# The projections both lean decoders (and transformers' Llama and Gemma) have.
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
_PREFIX = "base_model.model."  # peft's name for the wrapped model


def adapter_id(folder: Path) -> str:
    """The adapter's sha256 as copydesk records it with every draft and Admin shows it: over
    adapter_config.json then adapter_model.safetensors (alpha lives in the config), i.e.
    `cat adapter_config.json adapter_model.safetensors | sha256sum` (adapters.adapter_sha256)."""
    from copydesk.generation.adapters import adapter_sha256

    return adapter_sha256(folder)


@dataclass(frozen=True)
class LoraAdapter:
    folder: Path
    scale: float  # alpha / r (alpha / sqrt(r) with rsLoRA)
    pairs: dict  # module name ("model.layers.0.self_attn.q_proj") -> (A, B), fp32
    adapter_id: str

    @classmethod
    def load(cls, folder: Path) -> "LoraAdapter":
        folder = Path(folder)
        for name in (ADAPTER_CONFIG, ADAPTER_WEIGHTS):
            if not (folder / name).is_file():
                raise ModelError(f"{folder}: not a LoRA adapter folder ({name} is missing)")
        try:
            settings = json.loads((folder / ADAPTER_CONFIG).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"{folder / ADAPTER_CONFIG}: unreadable ({exc})") from exc
        scale = _scale(folder, settings)
        from safetensors.torch import load_file

        tensors = load_file(str(folder / ADAPTER_WEIGHTS))
        pairs = {}
        for key, tensor in tensors.items():
            if not key.endswith(".lora_A.weight"):
                if not key.endswith(".lora_B.weight"):
                    raise ModelError(f"{folder / ADAPTER_WEIGHTS}: {key} is not a LoRA matrix; only LoRA adapters of "
                                     f"{', '.join(TARGETS)} are merged")
                continue
            module = key[: -len(".lora_A.weight")].removeprefix(_PREFIX)
            other = key.replace(".lora_A.", ".lora_B.")
            if module.rsplit(".", 1)[-1] not in TARGETS or other not in tensors:
                raise ModelError(f"{folder / ADAPTER_WEIGHTS}: {module} is not one of {', '.join(TARGETS)} with A and B")
            pairs[module] = (tensor.float(), tensors[other].float())
        if not pairs:
            raise ModelError(f"{folder / ADAPTER_WEIGHTS}: no LoRA matrices")
        return cls(folder, scale, pairs, adapter_id(folder))

    def merge_into(self, weight_of: Callable[[str], object]) -> int:
        """Add scale * B @ A to each adapted weight (`weight_of(module)`: the fp32 weight, or a
        view into a fused one, [out, in]); the number of projections changed. Every shape is
        checked before any weight changes, so an adapter for another model changes nothing."""
        weights = {}
        for module, (a, b) in self.pairs.items():
            try:
                weights[module] = weight_of(module)
            except (KeyError, IndexError, AttributeError) as exc:
                raise ModelError(f"{self.folder}: the model has no {module}; the adapter was trained on another model") from exc
            if tuple(weights[module].shape) != (b.shape[0], a.shape[1]):
                raise ModelError(f"{self.folder}: {module} is {tuple(weights[module].shape)} in the model but "
                                 f"{(b.shape[0], a.shape[1])} in the adapter; it was trained on another model")
        for module, (a, b) in self.pairs.items():
            weights[module].add_(b @ a, alpha=self.scale)
        return len(self.pairs)


def _scale(folder: Path, settings: dict) -> float:
    """alpha / r, after refusing what a plain merge would get wrong."""
    where = folder / ADAPTER_CONFIG
    if settings.get("peft_type", "LORA") != "LORA":
        raise ModelError(f"{where}: a {settings.get('peft_type')} adapter; only LoRA adapters are merged")
    unsupported = {
        "use_dora": "DoRA", "rank_pattern": "per-module ranks", "alpha_pattern": "per-module alphas",
        "modules_to_save": "fully trained modules", "fan_in_fan_out": "transposed (Conv1D) weights",
        "layer_replication": "replicated layers",
    }
    for key, what in unsupported.items():
        if settings.get(key):
            raise ModelError(f"{where}: {what} ({key}) are not supported; retrain with plain LoRA")
    if settings.get("bias", "none") != "none":
        raise ModelError(f"{where}: trained biases (bias={settings['bias']!r}) are not supported; retrain with bias='none'")
    rank, alpha = settings.get("r"), settings.get("lora_alpha")
    if not isinstance(rank, int) or rank <= 0 or not isinstance(alpha, (int, float)):
        raise ModelError(f"{where}: r and lora_alpha must be numbers (r={rank!r}, lora_alpha={alpha!r})")
    return alpha / math.sqrt(rank) if settings.get("use_rslora") else alpha / rank
