"""Pick the backend a setting or --model names: 'default', a bundled model's name
('gemma3-270m'), 'template', a .gguf file, a folder, or (opt-in, for an intranet server)
'openai:http://HOST:PORT/v1#MODEL'; and the LoRA adapter merged into a local model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from copydesk.generation.models import BUNDLED, SMOLLM2_MODEL_ID, ModelError, ModelSpec, planned_runtime, resolve_model

# Measured: SmolLM2-135M's Chinese is unusable, so Chinese goes to the copy templates with it.
SMOLLM2_LANGUAGES = ("en",)


def make_backend(setting: str, progress: Callable[[str], None] | None = None, adapter: str | Path | None = "default"):
    """(backend or None for templates only, languages the model writes).

    `adapter` (a local model's LoRA, merged at load): None or "none" for none; "default",
    "house" or "" for the shipped house adapter, used only if it fits the model (it was
    trained on one of the bundled models; another is left as it is); a learned adapter's name
    or a folder, which must fit (adapters.resolve_adapter)."""
    if setting == "template":
        return None, ()
    if setting.startswith("openai:"):
        # An intranet inference server, only when IT configures one; it writes both languages.
        from copydesk.generation.openai_backend import OpenAICompatibleBackend, parse_setting

        return OpenAICompatibleBackend(*parse_setting(setting)), ("en", "zh")
    spec: ModelSpec = resolve_model(setting)
    folder, required = resolve_adapter(adapter)
    if folder is not None and not required and not _trained_on(folder, spec):
        folder = None  # the house adapter belongs to the model it was trained on; another runs without it
    if folder is not None:
        spec = replace(spec, adapter=folder)
    languages = SMOLLM2_LANGUAGES if spec.model_id == SMOLLM2_MODEL_ID else ("en", "zh")
    backend = backend_for(spec, progress)
    backend.adapter_required = required
    # The bundled models' drafts, read blind, were sendable in 4 of 25 pairs against 25 of 25 for
    # the fact templates (bench/README.md, "The house model against the templates"): one of the N
    # places is theirs, not every place a template does not lead. A model IT supplies gets them all.
    bundled = any(spec.model_id == model.model_id for model in BUNDLED.values())
    backend.draft_places = BUNDLED_DRAFT_PLACES if bundled else None
    return backend, languages


BUNDLED_DRAFT_PLACES = 1


def backend_for(spec: ModelSpec, progress: Callable[[str], None] | None = None):
    """The lean decoder for the Llama and Gemma 3 weights it reproduces, transformers otherwise."""
    if planned_runtime(spec).startswith("lean-"):
        from copydesk.generation.lean_backend import LeanBackend

        return LeanBackend(spec, progress)
    from copydesk.generation.transformers_backend import TransformersBackend

    return TransformersBackend(spec, progress)


def resolve_adapter(adapter: str | Path | None) -> tuple[Path | None, bool]:
    """(the adapter folder to merge or None, whether a load must fail if it does not fit)."""
    from copydesk.generation import adapters

    if adapter is None or adapter == adapters.NONE:
        return None, False
    if adapter in ("", "default", adapters.HOUSE):
        return adapters.resolve_adapter(adapters.HOUSE), False
    folder = Path(adapter).expanduser()
    if folder.is_dir():
        adapter = str(folder.resolve())  # a folder given as such (adapters.resolve_adapter reads a relative name as a learned one)
    try:
        return adapters.resolve_adapter(str(adapter)), True
    except adapters.AdapterError as exc:
        raise ModelError(str(exc)) from exc


def _trained_on(folder: Path, spec: ModelSpec) -> bool:
    """Whether an adapter was trained on this model (its config names the base model's id)."""
    import json

    try:
        base = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8")).get("base_model_name_or_path") or ""
    except (OSError, ValueError):
        return False
    return bool(base) and spec.model_id.startswith(base)
