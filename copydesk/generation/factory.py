"""Pick the backend a setting or --model names: 'default', 'template', a .gguf file, a folder,
or (opt-in, for an intranet server) 'openai:http://HOST:PORT/v1#MODEL'."""

from __future__ import annotations

from typing import Callable

from copydesk.generation.models import ModelSpec, resolve_model

# Measured: SmolLM2-135M's Chinese is unusable, so Chinese goes to the copy templates with it.
DEFAULT_MODEL_LANGUAGES = ("en",)


def make_backend(setting: str, progress: Callable[[str], None] | None = None):
    """(backend or None for templates only, languages the model writes)."""
    if setting == "template":
        return None, ()
    if setting.startswith("openai:"):
        # An intranet inference server, only when IT configures one; it writes both languages.
        from copydesk.generation.openai_backend import OpenAICompatibleBackend, parse_setting

        return OpenAICompatibleBackend(*parse_setting(setting)), ("en", "zh")
    spec: ModelSpec = resolve_model(setting)
    from copydesk.generation.transformers_backend import TransformersBackend

    languages = DEFAULT_MODEL_LANGUAGES if setting in ("", "default") else ("en", "zh")
    return TransformersBackend(spec, progress), languages
