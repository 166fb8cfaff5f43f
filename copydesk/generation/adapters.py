"""Copy adapters: the house adapter shipped in assets/models/house-copy (trained on the corpus
by `make train-model`) and the ones "Learn from approved copy" trains into the user's data
folder. Every one stays selectable; the setting `adapter` names the one in use."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from copydesk import config, resources

HOUSE = "house"
NONE = "none"


class AdapterError(ValueError):
    """An adapter setting that names nothing usable; the message says what to pick instead."""


@dataclass(frozen=True)
class AdapterInfo:
    id: str  # "house" or the learned adapter's folder name
    path: Path
    record: dict  # its training.json

    @property
    def sha256(self) -> str:
        return adapter_sha256(self.path)


def house_adapter_dir() -> Path:
    return resources.assets_dir() / "models" / "house-copy"


def learned_dir() -> Path:
    folder = config.data_dir() / "adapters"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_learned_folder() -> Path:
    """A fresh folder name for an adapter learned now (never overwrites an earlier one)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return learned_dir() / f"learned-{stamp}"


def is_adapter(folder: Path) -> bool:
    return (folder / "adapter_config.json").is_file() and (folder / "adapter_model.safetensors").is_file()


def _info(adapter_id: str, path: Path) -> AdapterInfo:
    try:
        record = json.loads((path / "training.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    return AdapterInfo(adapter_id, path, record)


def list_adapters() -> list[AdapterInfo]:
    """The house adapter (when shipped) and every learned one, oldest first."""
    found = [_info(HOUSE, house_adapter_dir())] if is_adapter(house_adapter_dir()) else []
    found += [_info(p.name, p) for p in sorted(learned_dir().iterdir()) if p.is_dir() and is_adapter(p)]
    return found


def resolve_adapter(setting: str | None) -> Path | None:
    """The adapter folder a setting names; None for "none" (and for "house" when none is shipped)."""
    if setting in (None, "", HOUSE):
        return house_adapter_dir() if is_adapter(house_adapter_dir()) else None
    if setting == NONE:
        return None
    path = Path(setting).expanduser()
    if not path.is_absolute():
        path = learned_dir() / setting
    if not is_adapter(path):
        raise AdapterError(f"{path}: not a copy adapter (adapter_config.json and adapter_model.safetensors are "
                           "missing); choose another in Admin → Model or set \"adapter\" to \"house\"")
    return path


def adapter_sha256(folder: Path) -> str:
    """One hash over the adapter's weights and config, recorded with every draft it writes."""
    digest = hashlib.sha256()
    for name in ("adapter_config.json", "adapter_model.safetensors"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()
