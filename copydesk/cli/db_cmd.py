"""`copydesk db upgrade|info`: set up or upgrade a library's schema, and say which library is in use.

A SQLite file upgrades itself when opened. A team library on PostgreSQL is upgraded by IT's
owner account (the one that owns the database, with CREATEROLE), since no marketer or reviewer
may change the schema: `copydesk db upgrade --db postgresql://owner@server/copydesk`.
"""

from __future__ import annotations

from copydesk.cli.common import add_store_options, open_store, print_json


def register(commands) -> None:
    db = commands.add_parser("db", help="set up or upgrade a library's schema; show which library is in use")
    sub = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    upgrade = sub.add_parser("upgrade", help="create or upgrade the schema (on PostgreSQL: as the library's owner)")
    add_store_options(upgrade, user=False)
    upgrade.set_defaults(handler=upgrade_command)
    info = sub.add_parser("info", help="the library in use, its backend, who the server says you are, its migrations")
    info.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(info, user=False)
    info.set_defaults(handler=info_command)


def _describe(store) -> dict:
    if store.dialect == "postgresql":
        migrations = [r["name"] for r in store.query("SELECT name FROM copydesk_migrations ORDER BY name")]
    else:
        migrations = [r["name"] for r in store.query("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    return {"library": str(store.path), "backend": store.dialect, "signed_in_as": store.authenticated_login,
            "migrations": migrations}


def upgrade_command(args) -> int:
    with open_store(args) as store:  # opening migrates
        described = _describe(store)
    print(f"{described['library']}: {described['backend']}, schema at {described['migrations'][-1]}")
    return 0


def info_command(args) -> int:
    with open_store(args) as store:
        described = _describe(store)
    if args.json:
        print_json(described)
        return 0
    who = described["signed_in_as"] or "the operating system login"
    print(f"library: {described['library']} ({described['backend']})\nacting as: {who}\nschema: {', '.join(described['migrations'])}")
    return 0
