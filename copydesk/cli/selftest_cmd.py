"""`copydesk self-test`: check the installation and print a JSON summary."""

from __future__ import annotations

import sys

from copydesk import selftest
from copydesk.cli.common import CliError, print_json


def register(commands) -> None:
    parser = commands.add_parser(
        "self-test",
        help="check the installation (assets, catalog, rule packs, ...) and print a JSON summary",
        description="Runs every install check and prints one JSON object. Exit 0 when all pass, 1 otherwise.",
    )
    parser.add_argument("--only", action="append", metavar="CHECK", help=f"run only this check (one of: {', '.join(selftest.CHECKS)}); repeatable")
    parser.set_defaults(handler=run)


def run(args) -> int:
    unknown = set(args.only or ()) - set(selftest.CHECKS)
    if unknown:
        raise CliError(f"unknown check(s): {', '.join(sorted(unknown))}; known: {', '.join(selftest.CHECKS)}")
    results = selftest.run_checks(args.only)
    print_json(selftest.summary(results))
    for result in results:
        if not result.ok:
            print(f"self-test: {result.name} failed: {result.detail}", file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1
