"""`copydesk models list|verify`: what model is configured, its files, checksums and cache."""

from __future__ import annotations

from copydesk import config
from copydesk.cli.common import CliError, print_json


def register(commands) -> None:
    models = commands.add_parser("models", help="show or verify the configured model and its cache")
    sub = models.add_subparsers(dest="models_command", metavar="SUBCOMMAND", required=True)
    listing = sub.add_parser("list", help="the configured model (path, size, cache status) and the bundled models")
    listing.add_argument("--model", metavar="PATH|default|gemma3-270m", help="model to describe (default: the setting)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_command)
    verify = sub.add_parser("verify", help="checksums of the weights, and load the model once (builds the cache if needed)")
    verify.add_argument("--model", metavar="PATH|default|gemma3-270m", help="model to verify (default: the setting)")
    verify.add_argument("--adapter", metavar="DIR", help="a LoRA adapter folder to merge while verifying")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=verify_command)


def _spec(args):
    from copydesk.generation.models import ModelError, resolve_model

    try:
        setting = args.model or config.load_settings().model
        if setting == "template":
            return None
        return resolve_model(setting)
    except (ModelError, config.SettingsError) as exc:
        raise CliError(str(exc)) from exc


def _show(info: dict, as_json: bool) -> None:
    if as_json:
        print_json(info)
        return
    for key, value in info.items():
        print(f"{key}: {value}")


def _server(args):
    """(base URL, model) when the setting names an intranet inference server, else None."""
    setting = args.model or _setting()
    if not setting.startswith("openai:"):
        return None
    from copydesk.generation.models import ModelError
    from copydesk.generation.openai_backend import parse_setting

    try:
        return parse_setting(setting)
    except ModelError as exc:
        raise CliError(str(exc)) from exc


def _setting() -> str:
    try:
        return config.load_settings().model
    except config.SettingsError as exc:
        raise CliError(str(exc)) from exc


def list_command(args) -> int:
    from copydesk.generation.models import bundled_models, describe

    server = _server(args)
    if server is not None:
        _show({"model": server[1], "kind": "intranet inference server (OpenAI-compatible)", "url": server[0]}, args.json)
        return 0
    spec = _spec(args)
    info = {"model": "template", "kind": "copy templates, no model"} if spec is None else describe(spec)
    bundled = bundled_models()
    if args.json:
        print_json({**info, "bundled": bundled})
        return 0
    _show(info, False)
    for entry in bundled:
        state = entry["cache_status"] if entry["installed"] else "not installed"
        print(f"bundled: {entry['name']}{' (default)' if entry['default'] else ''}: {entry['model']}, cache {state}")
    return 0


def verify_command(args) -> int:
    from dataclasses import replace

    from copydesk.generation.factory import backend_for, resolve_adapter
    from copydesk.generation.models import ModelError, describe

    server = _server(args)
    if server is not None:
        from copydesk.generation.backend import CompletionSettings
        from copydesk.generation.openai_backend import OpenAICompatibleBackend

        try:
            OpenAICompatibleBackend(*server, timeout_s=30).complete(["Hello"], CompletionSettings(max_new_tokens=1))
        except ModelError as exc:
            raise CliError(str(exc)) from exc
        _show({"model": server[1], "url": server[0], "ok": True}, args.json)
        return 0
    spec = _spec(args)
    if spec is None:
        _show({"model": "template", "ok": True}, args.json)
        return 0
    try:
        if args.adapter:
            spec = replace(spec, adapter=resolve_adapter(args.adapter, spec))
        info = describe(spec, with_hashes=True)
        if info.get("sha256_ok") is False:
            raise CliError(f"{spec.path}: sha256 {info['sha256']} is not the published {info['sha256_expected']}; "
                           "the model files are damaged or not the model they claim to be: reinstall them")
        backend = backend_for(spec)
        backend.load()
    except (ModelError, OSError, ValueError) as exc:
        raise CliError(f"{spec.path}: the model does not load: {exc}") from exc
    info.update(describe(spec))  # the cache's state now that it is built
    info.update(ok=True, runtime=backend.runtime, precision=backend.precision, load_seconds=round(backend.load_seconds or 0, 2))
    if backend.adapter_id:
        info["adapter_sha256"] = backend.adapter_id
    _show(info, args.json)
    return 0
