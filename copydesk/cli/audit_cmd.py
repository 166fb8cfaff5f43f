"""`copydesk audit verify|log`: prove the audit log is complete and unedited, or read it."""

from __future__ import annotations

from copydesk.cli.common import add_store_options, open_store, print_json


def register(commands) -> None:
    audit = commands.add_parser("audit", help="verify or read the tamper-evident audit log")
    sub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = sub.add_parser("verify", help="check the hash chain and the database; name any edited, deleted or reordered row")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    add_store_options(verify, user=False)
    verify.set_defaults(handler=verify_command)
    log = sub.add_parser("log", help="the newest audit entries")
    log.add_argument("--limit", type=int, default=50, help="how many entries (default 50)")
    log.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(log, user=False)
    log.set_defaults(handler=log_command)


def verify_command(args) -> int:
    from copydesk.store import audit

    with open_store(args) as store:
        integrity = store.integrity_problems()
        report = audit.verify(store)
    ok = report.ok and not integrity
    if args.json:
        print_json({**report.to_dict(), "ok": ok, "integrity": integrity or ["ok"], "database": str(store.path)})
    else:
        for problem in integrity:
            print(f"database: {problem}")
        for problem in report.problems:
            print(problem)
        state = "OK" if ok else f"FAILED ({len(report.problems) + len(integrity)} problem(s))"
        print(f"{store.path}: {report.rows} audit rows, chain {state}")
    return 0 if ok else 1


def log_command(args) -> int:
    with open_store(args) as store:
        rows = store.query("SELECT id, at, actor, action, subject, details FROM audit ORDER BY id DESC LIMIT ?", (args.limit,))
    if args.json:
        print_json({"entries": rows})
        return 0
    for row in reversed(rows):
        print(f"{row['id']:>6}  {row['at'][:19]}  {row['actor']:<12} {row['action']:<22} {row['subject']:<14} {row['details']}")
    return 0
