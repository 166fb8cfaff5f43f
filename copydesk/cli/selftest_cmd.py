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
    names = [*selftest.CHECKS, *selftest.SLOW_CHECKS]
    parser.add_argument("--only", action="append", metavar="CHECK", help=f"run only this check (one of: {', '.join(names)}); repeatable")
    parser.add_argument("--all", action="store_true", help="also run the slow checks (model load and one generation)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    known = [*selftest.CHECKS, *selftest.SLOW_CHECKS]
    unknown = set(args.only or ()) - set(known)
    if unknown:
        raise CliError(f"unknown check(s): {', '.join(sorted(unknown))}; known: {', '.join(known)}")
    results = selftest.run_checks(args.only, include_slow=args.all)
    print_json(selftest.summary(results))
    for result in results:
        if not result.ok:
            print(f"self-test: {result.name} failed: {result.detail}", file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1
