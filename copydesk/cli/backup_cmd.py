"""`copydesk backup` and `copydesk restore`: consistent copies while the app runs, checked restores."""

from __future__ import annotations

from pathlib import Path

from copydesk.cli.common import CliError, add_store_options, open_store, print_json, resolve_identity


def register(commands) -> None:
    backup = commands.add_parser("backup", help="copy the database consistently (the app may stay open) and check the copy")
    backup.add_argument("destination", nargs="?", metavar="FILE", help="backup file (default: backups/ in the user data folder)")
    backup.add_argument("--json", action="store_true", help="print the result as JSON")
    add_store_options(backup, user=False)
    backup.set_defaults(handler=backup_command)
    restore = commands.add_parser("restore", help="replace the database with a backup, after checking it (the current one is kept)")
    restore.add_argument("source", metavar="BACKUP", help="a file made by 'copydesk backup'")
    restore.add_argument("--yes", action="store_true", help="really replace the database's contents")
    restore.add_argument("--json", action="store_true", help="print the result as JSON")
    add_store_options(restore)
    restore.set_defaults(handler=restore_command)


def backup_command(args) -> int:
    from copydesk.store import backup
    from copydesk.store.errors import StoreError

    with open_store(args) as store:
        try:
            result = backup.backup(store, Path(args.destination) if args.destination else None)
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    if args.json:
        print_json(result.to_dict())
    else:
        state = "checked OK" if result.ok else "CHECK FAILED: " + "; ".join(result.problems)
        print(f"backed up to {result.path} ({result.size:,} bytes, {result.versions} versions, {result.audit_rows} audit rows), {state}")
    return 0 if result.ok else 1


def restore_command(args) -> int:
    from copydesk.store import backup
    from copydesk.store.errors import StoreError

    source = Path(args.source)
    try:
        checked = backup.check(source)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    if not args.yes:
        raise CliError(f"{source} checks out ({checked.versions} versions); add --yes to replace the current database with it")
    with open_store(args) as store:
        try:
            checked, previous = backup.restore(source, store, resolve_identity(args.user).login)
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    if args.json:
        print_json({**checked.to_dict(), "previous_contents": str(previous)})
    else:
        print(f"restored {checked.versions} versions from {source}; the previous contents are in {previous}")
    return 0
