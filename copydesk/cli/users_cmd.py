"""`copydesk users add|list|deactivate`: who may use copydesk, in which roles."""

from __future__ import annotations

from copydesk.cli.common import add_store_options, open_store, open_workflow, print_json


def register(commands) -> None:
    users = commands.add_parser("users", help="add, list and deactivate users (admins)")
    sub = users.add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)
    add = sub.add_parser("add", help="add a user, or change their roles (the first user must be an admin)")
    add.add_argument("login", metavar="LOGIN", help="the person's OS login name")
    add.add_argument("--role", action="append", required=True, choices=("marketer", "reviewer", "admin"),
                     help="a role; repeat for several")
    add.add_argument("--name", default="", help="display name")
    add_store_options(add)
    add.set_defaults(handler=add_command)
    listing = sub.add_parser("list", help="every user and their roles")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(listing, user=False)
    listing.set_defaults(handler=list_command)
    deactivate = sub.add_parser("deactivate", help="stop a user from acting (their records stay)")
    deactivate.add_argument("login", metavar="LOGIN")
    add_store_options(deactivate)
    deactivate.set_defaults(handler=deactivate_command)


def add_command(args) -> int:
    with open_store(args) as store:
        user = open_workflow(args, store).add_user(args.login, args.role, args.name)
    print(f"{user.login}: {', '.join(user.roles)}")
    return 0


def list_command(args) -> int:
    from copydesk.store import repository

    with open_store(args) as store:
        users = repository.list_users(store)
    if args.json:
        print_json({"users": [u.to_dict() for u in users]})
        return 0
    if not users:
        print("no users yet; add the first admin with 'copydesk users add LOGIN --role admin'")
    for user in users:
        state = "" if user.active else "  (deactivated)"
        print(f"{user.login:<20} {', '.join(user.roles):<28} {user.name}{state}")
    return 0


def deactivate_command(args) -> int:
    with open_store(args) as store:
        user = open_workflow(args, store).set_active(args.login, False)
    print(f"{user.login}: deactivated")
    return 0
