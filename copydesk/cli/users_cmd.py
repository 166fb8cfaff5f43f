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
    requests = sub.add_parser("requests", help="role changes waiting for a second admin to confirm them")
    requests.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(requests, user=False)
    requests.set_defaults(handler=requests_command)
    for name, handler, text in (("confirm", confirm_command, "confirm another admin's role change (four-eyes)"),
                                ("refuse", refuse_command, "refuse another admin's role change")):
        decide = sub.add_parser(name, help=text)
        decide.add_argument("request", type=int, metavar="ID", help="the request's number ('users requests' lists them)")
        add_store_options(decide)
        decide.set_defaults(handler=handler)
    deactivate = sub.add_parser("deactivate", help="stop a user from acting (their records stay)")
    deactivate.add_argument("login", metavar="LOGIN")
    add_store_options(deactivate)
    deactivate.set_defaults(handler=deactivate_command)


def add_command(args) -> int:
    from copydesk.store.repository import RoleRequest

    with open_store(args) as store:
        result = open_workflow(args, store).add_user(args.login, args.role, args.name)
    if isinstance(result, RoleRequest):
        print(f"role request {result.id}: {result.login} as {', '.join(result.roles)} waits for another admin "
              f"('copydesk users confirm {result.id}')")
    else:
        print(f"{result.login}: {', '.join(result.roles)}")
    return 0


def requests_command(args) -> int:
    from copydesk.store import repository

    with open_store(args) as store:
        pending = repository.pending_role_requests(store)
    if args.json:
        print_json({"requests": [r.to_dict() for r in pending]})
        return 0
    if not pending:
        print("no role changes are waiting")
    for request in pending:
        print(f"{request.id:>4}  {request.login:<20} {', '.join(request.roles):<28} asked by {request.requested_by} at {request.requested_at[:16]}")
    return 0


def confirm_command(args) -> int:
    with open_store(args) as store:
        user = open_workflow(args, store).confirm_role_request(args.request)
    print(f"{user.login}: {', '.join(user.roles)} (confirmed)")
    return 0


def refuse_command(args) -> int:
    with open_store(args) as store:
        request = open_workflow(args, store).refuse_role_request(args.request)
    print(f"role request {request.id} for {request.login}: refused")
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
