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

    from datetime import date

    engine = RuleEngine.load(today=date.today)  # offers are checked against today's date
    for error in engine.errors:
        print(f"copydesk: rule pack problem: {error}", file=sys.stderr)
    return engine


def add_store_options(parser, *, user: bool = True) -> None:
    """--db (and --user) for commands that read or write the library."""
    parser.add_argument("--db", metavar="PATH",
                        help="the library: a database file, or a team library's postgresql://… URL "
                             "(default: settings \"db\", else copydesk.db in the user data folder)")
    if user:
        parser.add_argument("--user", metavar="NAME",
                            help="act as this user; refused unless COPYDESK_ALLOW_USER_OVERRIDE=1 (tests, demos): "
                                 "copydesk acts as the operating system login")


def resolve_identity(requested: str | None):
    """The OS login, or --user where an override is allowed; CliError (exit 2) saying why not."""
    from copydesk.identity import IdentityError, resolve

    try:
        return resolve(requested)
    except IdentityError as exc:
        raise CliError(str(exc)) from exc


def configured_witness():
    """The audit witness file IT set in settings.json ("witness"), or None."""
    from copydesk.store.witness import Witness

    try:
        path = config.load_settings().witness
    except config.SettingsError as exc:
        raise CliError(str(exc)) from exc
    return Witness(path) if path else None


def open_store(args):
    """The Store named by --db, or CliError with the fix."""
    from copydesk.store.db import Store
    from copydesk.store.errors import StoreError

    try:
        return Store.open(getattr(args, "db", None), witness=configured_witness())
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def open_workflow(args, store):
    """A Workflow acting as the OS login (or an allowed --user) on the catalog and rule packs in
    force; approvals whose expiry date has come are retired first, as the window does."""
    from copydesk.workflow import Workflow

    identity = resolve_identity(getattr(args, "user", None))
    catalog = open_catalog(getattr(args, "catalog", None))
    workflow = Workflow(store, catalog, load_engine(), identity)
    workflow.retire_expired()
    workflow.record_rule_packs()
    return workflow


def read_text_argument(path: str) -> str:
    """Text from a file, or stdin for '-'."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CliError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not valid UTF-8 at byte {exc.start}; save the file as UTF-8") from exc
