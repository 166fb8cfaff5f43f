"""Find the runtime files (templates/, assets/) in a source checkout or an installed wheel."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_root() -> Path:
    """The folder that holds templates/ and assets/.

    In a source checkout (and an editable install) they sit beside the package; a wheel
    carries them inside the package as copydesk/_data (see pyproject.toml force-include), and
    so does the PyInstaller bundle, under its sys._MEIPASS folder (see packaging/copydesk.spec).
    """
    frozen = getattr(sys, "_MEIPASS", None)
    bundled = [Path(frozen) / "copydesk" / "_data"] if frozen else []
    for candidate in (*bundled, _PACKAGE_DIR / "_data", _PACKAGE_DIR.parent):
        if (candidate / "assets").is_dir() and (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(
        f"copydesk's runtime files (assets/, templates/) were not found next to {_PACKAGE_DIR}; "
        "reinstall copydesk (pip install copydesk-*.whl) or run it from a full source checkout"
    )


def assets_dir() -> Path:
    """The bundled assets/ folder (sample catalog, rule packs, fonts)."""
    return data_root() / "assets"


def templates_dir() -> Path:
    """The bundled templates/ folder (jinja2 prompt and copy templates)."""
    return data_root() / "templates"


def models_dir() -> Path:
    """Where a packaged app keeps prebuilt model caches (absent in a checkout or a wheel)."""
    return data_root() / "models"


def asset(*parts: str) -> Path:
    """Path of one bundled asset, e.g. asset("catalog", "sample.json")."""
    return assets_dir().joinpath(*parts)


def sample_catalog_path() -> Path:
    """The sample catalog that ships with copydesk."""
    return asset("catalog", "sample.json")
