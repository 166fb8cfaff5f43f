"""Installing a product catalog: validated, copied whole into the config folder, made the
catalog in use, and recorded in the audit chain. The window and `copydesk catalog import` both
come here, so both refuse a non-admin and both leave the same record."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from copydesk import config
from copydesk.catalog import Catalog, CatalogError, load_catalog

CATALOG_FILENAME = "catalog.json"


def install_catalog(workflow, path: str | Path) -> Catalog:
    """Install the catalog at `path`; CatalogError lists every problem (the current one stays),
    NotAllowed when the user is not an admin, OSError when the copy cannot be written."""
    path = Path(path)
    workflow.require_catalog_install()
    load_catalog(path)  # every problem, before anything changes
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(str(path), [f"cannot read the file: {exc.strerror or exc}"]) from exc
    settings = config.load_settings()  # a broken settings file stops here, before the file in use is touched
    target = config.config_dir() / CATALOG_FILENAME
    staged = target.with_name(target.name + ".tmp")
    try:
        with open(staged, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        catalog = load_catalog(staged)  # the very bytes that will be used, checked once more
        os.replace(staged, target)  # a crash leaves the old catalog or the new one, never half
    except (OSError, CatalogError):
        staged.unlink(missing_ok=True)
        raise
    catalog = dataclasses.replace(catalog, source=str(target))
    settings.catalog = str(target)
    config.save_settings(settings)
    workflow.record_catalog_install(catalog, str(path))
    return catalog
