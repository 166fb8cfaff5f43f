"""`copydesk gui` (also what runs with no command): start the desktop app."""

from __future__ import annotations

import getpass


def register(commands) -> None:
    parser = commands.add_parser("gui", help="start the desktop app (the default with no command)")
    parser.add_argument("--user", metavar="NAME", default=None, help="act as this user (default: the OS login name)")
    parser.add_argument("--db", metavar="PATH", default=None, help="database file (default: in the user data folder)")
    parser.add_argument("--catalog", metavar="CATALOG", default=None, help="catalog JSON file")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from copydesk.ui.app import run_app  # Qt is imported only when the GUI starts

    return run_app(user=args.user or getpass.getuser(), db_path=args.db, catalog_path=args.catalog)
