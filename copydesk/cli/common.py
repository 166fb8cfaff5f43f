"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from copydesk import config, resources
from copydesk.catalog import Catalog, CatalogError, load_catalog


class CliError(Exception):
    """A usage or input error: printed to stderr, exit status 2."""


def add_catalog_option(parser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="CATALOG",
        help="catalog JSON file (default: the settings' catalog, else the bundled sample)",
    )


def resolve_catalog_path(path: str | None) -> Path:
    """The catalog file to use: the option, else settings.json, else the bundled sample."""
    if path:
        return Path(path)
    try:
        settings = config.load_settings()
    except config.SettingsError as exc:
        raise CliError(str(exc)) from exc
    return Path(settings.catalog) if settings.catalog else resources.sample_catalog_path()


def open_catalog(path: str | None) -> Catalog:
    """Load the catalog or raise CliError with every problem in it."""
    try:
        return load_catalog(resolve_catalog_path(path))
    except CatalogError as exc:
        raise CliError(str(exc)) from exc


def print_json(data) -> None:
    """Print one JSON document (UTF-8, not ASCII-escaped, so Chinese stays readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def load_engine():
    """The rule engine over the bundled and house packs; pack problems go to stderr, not fatal."""
    from copydesk.rules.engine import RuleEngine  # the rules stay unimported for other commands

    engine = RuleEngine.load()
    for error in engine.errors:
        print(f"copydesk: rule pack problem: {error}", file=sys.stderr)
    return engine
