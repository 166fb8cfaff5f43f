"""`copydesk gui` (also what runs with no command): start the desktop app, or render a screenshot."""

from __future__ import annotations

import os
import sys

# Pages of the window, plus two views of the Compose page ("inbox": a marketer with copy
# returned to her; "checklist": the first start of a fresh database, before any demo data).
PAGES = ("compose", "review", "library", "insights", "admin", "inbox", "checklist")


def register(commands) -> None:
    parser = commands.add_parser("gui", help="start the desktop app (the default with no command)")
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="act as this user; refused unless COPYDESK_ALLOW_USER_OVERRIDE=1 (demos, screenshots)")
    parser.add_argument("--db", metavar="PATH", default=None, help="database file (default: in the user data folder)")
    parser.add_argument("--catalog", metavar="CATALOG", default=None, help="catalog JSON file")
    parser.add_argument("--screenshot", metavar="PATH", help="render a page offscreen over demo data, save it as PNG and exit")
    parser.add_argument("--page", choices=PAGES, default="compose", help="page for --screenshot (default compose)")
    parser.add_argument("--ui-language", choices=("en", "zh_CN"), default="en", help="interface language for --screenshot")
    parser.set_defaults(handler=run)


def run(args) -> int:
    if args.screenshot:
        if sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from copydesk.ui.app import screenshot

        path = screenshot(args.screenshot, args.page, args.ui_language, args.catalog)
        print(f"saved {path}")
        return 0
    from copydesk.cli.common import resolve_identity
    from copydesk.ui.app import run_app  # Qt is imported only when the GUI starts

    return run_app(user=resolve_identity(args.user), db_path=args.db, catalog_path=args.catalog)
