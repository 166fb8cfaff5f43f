"""`copydesk audit verify|log`: prove the audit log is complete and unedited, or read it."""

from __future__ import annotations

from copydesk.cli.common import CliError, add_store_options, configured_witness, open_store, print_json


def register(commands) -> None:
    audit = commands.add_parser("audit", help="verify or read the tamper-evident audit log")
    sub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = sub.add_parser("verify", help="check the hash chain and the database; name any edited, deleted or reordered row")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.add_argument("--witness", metavar="FILE",
                        help="the witness file that got the chain's head after every change (default: settings \"witness\"); "
                             "proves the database was not rolled back or rewritten")
    add_store_options(verify, user=False)
    verify.set_defaults(handler=verify_command)
    log = sub.add_parser("log", help="the newest audit entries")
    log.add_argument("--limit", type=int, default=50, help="how many entries (default 50)")
    log.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(log, user=False)
    log.set_defaults(handler=log_command)


def verify_command(args) -> int:
    from copydesk.store import audit
    from copydesk.store.witness import Witness, WitnessError

    witness = Witness(args.witness) if args.witness else configured_witness()
    with open_store(args) as store:
        integrity = store.integrity_problems()
        try:
            report = audit.verify(store, witness)
            restores = witness.restores() if witness else []
        except WitnessError as exc:
            raise CliError(str(exc)) from exc
    ok = report.ok and not integrity
    if args.json:
        print_json({**report.to_dict(), "ok": ok, "integrity": integrity or ["ok"], "database": str(store.path),
                    "witness": str(witness.path) if witness else None,
                    "restores": [{"row": r.row, "at": r.at} for r in restores]})
    else:
        for problem in integrity:
            print(f"database: {problem}")
        for problem in report.problems:
            print(problem)
        for restore in restores:
            print(f"note: the witness saw a backup restored at {restore.at[:19]} (audit row {restore.row})")
        state = "OK" if ok else f"FAILED ({len(report.problems) + len(integrity)} problem(s))"
        checked = f", witness {witness.path} agrees" if witness and ok else (f", against witness {witness.path}" if witness else ", no witness file")
        print(f"{store.path}: {report.rows} audit rows, head row {report.head[0]} {report.head[1][:16]}…, chain {state}{checked}")
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
