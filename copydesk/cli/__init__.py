"""The `copydesk` command line: one module per command group, registered here.

Heavy libraries (Qt, torch, transformers) are imported inside the commands that need them,
so `copydesk --help` and `copydesk check` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys

from copydesk import __version__
from copydesk.cli import (
    audit_cmd, backup_cmd, catalog_cmd, check_cmd, db_cmd, generate_cmd, gui_cmd, library_cmd, model_cmd, models_cmd, review_cmd, rules_cmd,
    selftest_cmd, users_cmd,
)
from copydesk.cli.common import CliError

COMMAND_MODULES = (
    generate_cmd, check_cmd, review_cmd, library_cmd, users_cmd, audit_cmd, backup_cmd, db_cmd, rules_cmd, models_cmd, model_cmd,
    catalog_cmd, selftest_cmd, gui_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description=(
            "Offline, compliance-first marketing copy for retail banks. "
            "With no command, starts the desktop app."
        ),
        epilog="Run 'copydesk COMMAND --help' for a command's options. Exit status: 0 ok, 1 findings/failures, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `copydesk` console script and `python -m copydesk`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui"])
    try:
        _refuse_undecodable_arguments(args)
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"copydesk: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except Exception as exc:
        return _known_error(exc)
    except KeyboardInterrupt:
        return 130


def _refuse_undecodable_arguments(args) -> None:
    """Bytes that are not UTF-8 on the command line reach Python as lone surrogates, which no
    file or database can store: say which option, instead of failing deep inside a write."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v) for v in values):
            option = "--" + name.replace("_", "-")
            raise CliError(f"{option} is not valid UTF-8 text (the terminal sent other bytes); "
                           "type it again, or put the text in a UTF-8 file")


def _quiet_broken_pipe() -> int:
    """`copydesk … | head` closed the pipe: stop quietly, as Unix tools do (Python's own advice:
    point stdout at devnull so the interpreter's final flush does not raise again)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141


def _known_error(exc: Exception) -> int:
    """Store problems are input errors (2); refused workflow actions are failures (1); others propagate."""
    from copydesk.store.errors import StoreError
    from copydesk.workflow import WorkflowError

    if isinstance(exc, StoreError):
        print(f"copydesk: error: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, WorkflowError):
        print(f"copydesk: not done: {exc}", file=sys.stderr)
        return 1
    raise exc
