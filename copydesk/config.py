"""Where copydesk keeps its files, and its settings file.

Every path comes from `user_dir()` and friends, which honour COPYDESK_HOME so tests (and IT,
for a shared install) can point copydesk somewhere else; otherwise platformdirs decides.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "copydesk"
APP_AUTHOR = "copydesk"
HOME_ENV = "COPYDESK_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """User data folder: the database and backups, private to the user (0700 when created)."""
    home = _home_override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """User cache folder: converted model weights; safe to delete."""
    home = _home_override()
    return _ensure(home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)))


def config_dir() -> Path:
    """User config folder: settings.json and house rule packs."""
    home = _home_override()
    return _ensure(home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)))


def log_dir() -> Path:
    """User log folder."""
    home = _home_override()
    return _ensure(home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)))


def settings_path() -> Path:
    """The settings file."""
    return config_dir() / "settings.json"


def house_rules_dir() -> Path:
    """Where admins put extra rule packs (*.toml) that load after the bundled ones."""
    return config_dir() / "rules"


class SettingsError(ValueError):
    """The settings file is unreadable; the message names the file, the place and the fix."""


@dataclass
class Settings:
    """User settings; unknown keys are kept so newer versions' settings survive a round trip."""

    catalog: str | None = None  # path of the catalog JSON; None means the bundled sample
    model: str = "default"  # "default", "template" or a local model folder
    adapter: str = "house"  # the copy adapter: "house" (shipped), "none", or a learned one's folder
    witness: str | None = None  # a file outside the database that gets the audit chain's head (IT's choice)
    extra: dict = field(default_factory=dict)

    KNOWN = ("catalog", "model", "adapter", "witness")

    def to_dict(self) -> dict:
        data = {**self.extra, "catalog": self.catalog, "model": self.model, "adapter": self.adapter}
        if self.witness:
            data["witness"] = self.witness
        return data


def load_settings(path: Path | None = None) -> Settings:
    """Read settings.json; a missing file gives the defaults, a broken one a SettingsError."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 or delete it to use the defaults") from exc
    except json.JSONDecodeError as exc:
        raise SettingsError(
            f"{path}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg}); fix it or delete the file to use the defaults"
        ) from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: expected a JSON object at the top level, got {type(data).__name__}")
    for key in Settings.KNOWN:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise SettingsError(f"{path}: \"{key}\" must be a string, got {data[key]!r}")
    extra = {k: v for k, v in data.items() if k not in Settings.KNOWN}
    return Settings(catalog=data.get("catalog"), model=data.get("model") or "default",
                    adapter=data.get("adapter") or "house", witness=data.get("witness") or None, extra=extra)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings.json atomically (a crash mid-write never leaves half a file)."""
    write_atomic(path or settings_path(), (json.dumps(settings.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target and rename over it, so a crash never leaves half a file."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)
