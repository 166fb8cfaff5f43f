"""`copydesk review submit|save|approve|reject|changes|withdraw|retire|queue`: the approval workflow."""

from __future__ import annotations

from copydesk.catalog import CHANNELS
from copydesk.cli.common import (
    CliError, add_catalog_option, add_store_options, open_store, open_workflow, print_json, read_text_argument,
)


def register(commands) -> None:
    review = commands.add_parser("review", help="save, submit and review copy (four-eyes approval)")
    sub = review.add_subparsers(dest="review_command", metavar="SUBCOMMAND", required=True)

    for name, help_text in (("submit", "save copy as a new version and submit it for review (re-checked first)"),
                            ("save", "save copy as a new draft version without submitting it")):
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("file", nargs="?", metavar="FILE|-", help="the copy (UTF-8 text; '-' for stdin)")
        parser.add_argument("--draft", type=int, metavar="ID", help="add the text as the next version of this draft")
        parser.add_argument("--product", metavar="PID", help="product id (for a new draft)")
        parser.add_argument("--segment", metavar="SID", help="segment id (for a new draft)")
        parser.add_argument("--channel", choices=tuple(CHANNELS), help="channel (for a new draft)")
        parser.add_argument("--lang", choices=("en", "zh"), help="language (default: the product's)")
        parser.add_argument("--campaign", default="", metavar="NAME", help="campaign name (for a new draft)")
        parser.add_argument("--based-on", type=int, metavar="VERSION", help="reuse: the approved version this text started from")
        parser.add_argument("--source", choices=("manual", "model", "template"), default="manual", help="where the text came from")
        parser.add_argument("--model-id", default="", help="model that drafted it (source model)")
        parser.add_argument("--seed", type=int, help="seed of the draft (source model)")
        parser.add_argument("--template-version", default="", help="prompt or copy template version")
        if name == "submit":
            parser.add_argument("--version", type=int, metavar="ID", help="submit this saved version instead of new text")
            parser.add_argument("--override", default="", metavar="REASON",
                                help="submit despite blocking findings, with this reason for the reviewer (recorded)")
        parser.add_argument("--json", action="store_true", help="print the version as JSON")
        add_catalog_option(parser)
        add_store_options(parser)
        parser.set_defaults(handler=submit_command if name == "submit" else save_command)

    approve = sub.add_parser("approve", help="approve a submitted version (reviewers; not your own work)")
    approve.add_argument("version", type=int, metavar="VERSION")
    approve.add_argument("--comment", default="", help="a note for the record")
    approve.add_argument("--expires", default="", metavar="YYYY-MM-DD", help="retire the copy on this date")
    for name, help_text in (("reject", "reject a submitted version (a comment is required)"),
                            ("changes", "request changes to a submitted version (a comment is required)")):
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("version", type=int, metavar="VERSION")
        parser.add_argument("--comment", required=True, help="why")
        parser.set_defaults(handler=decide_command, decision=name)
    withdraw = sub.add_parser("withdraw", help="take your submitted version back out of the queue")
    withdraw.add_argument("version", type=int, metavar="VERSION")
    retire = sub.add_parser("retire", help="stop using approved copy (reviewers, admins)")
    retire.add_argument("version", type=int, metavar="VERSION")
    retire.add_argument("--reason", required=True, help="why it is retired")
    queue = sub.add_parser("queue", help="versions waiting for review, oldest first")
    approve.set_defaults(handler=decide_command, decision="approve")
    withdraw.set_defaults(handler=decide_command, decision="withdraw")
    retire.set_defaults(handler=decide_command, decision="retire")
    queue.set_defaults(handler=queue_command)
    for parser in (approve, withdraw, retire, queue, *(sub.choices[n] for n in ("reject", "changes"))):
        parser.add_argument("--json", action="store_true", help="print as JSON")
        add_catalog_option(parser)
        add_store_options(parser)


def _save(args, workflow):
    """The new version of --draft, or the first version of a new draft."""
    if args.file is None:
        raise CliError("give the copy as FILE (or '-' for stdin)")
    text = read_text_argument(args.file).strip()  # a file's final newline is not part of the copy
    provenance = {"source": args.source, "model_id": args.model_id, "seed": args.seed, "template_version": args.template_version}
    if args.draft is not None:
        return workflow.save_version(args.draft, text, **provenance)
    missing = [flag for flag, value in (("--product", args.product), ("--segment", args.segment), ("--channel", args.channel)) if not value]
    if missing:
        raise CliError(f"a new draft needs {', '.join(missing)} (or add to an existing one with --draft ID)")
    return workflow.start_draft(product_id=args.product, segment_id=args.segment, channel=args.channel, lang=args.lang,
                                text=text, campaign_name=args.campaign, based_on=args.based_on, **provenance)


def save_command(args) -> int:
    with open_store(args) as store:
        version = _save(args, open_workflow(args, store))
    _show(args, version, "saved")
    return 0


def submit_command(args) -> int:
    from copydesk.workflow import BlockedByFindings

    with open_store(args) as store:
        workflow = open_workflow(args, store)
        if args.version is not None:
            version = workflow.version(args.version)
        else:
            version = _save(args, workflow)
        try:
            version = workflow.submit(version.id, args.override)
        except BlockedByFindings as exc:
            # The text is kept as a draft version, so nothing the user wrote is lost.
            if args.json:
                print_json({"submitted": False, "version": version.to_dict(), "reason": str(exc)})
            print(f"copydesk: not submitted: {exc}. The text is saved as draft version {version.label}.", file=__import__("sys").stderr)
            return 1
    _show(args, version, "submitted")
    return 0


def decide_command(args) -> int:
    with open_store(args) as store:
        workflow = open_workflow(args, store)
        if args.decision == "approve":
            version = workflow.approve(args.version, args.comment, args.expires)
        elif args.decision == "reject":
            version = workflow.reject(args.version, args.comment)
        elif args.decision == "changes":
            version = workflow.request_changes(args.version, args.comment)
        elif args.decision == "withdraw":
            version = workflow.withdraw(args.version)
        else:
            version = workflow.retire(args.version, args.reason)
    _show(args, version, version.status.replace("_", " "))
    return 0


def queue_command(args) -> int:
    with open_store(args) as store:
        versions = open_workflow(args, store).queue()
    if args.json:
        print_json({"queue": [v.to_dict() for v in versions]})
        return 0
    if not versions:
        print("nothing waiting for review")
    for v in versions:
        override = "  OVERRIDE: " + v.override_reason if v.override_reason else ""
        print(f"#{v.id:<6} {v.submitted_at[:16]}  {v.submitted_by:<10} {v.product_id:<18} {v.channel:<7} {v.verdict:<5} {_one_line(v.text)}{override}")
    return 0


def _one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _show(args, version, what: str) -> None:
    if args.json:
        print_json({"submitted": version.status == "submitted", "version": version.to_dict()} if what == "submitted" else {"version": version.to_dict()})
        return
    print(f"{version.label} {what}: {version.product_id} · {version.segment_id} · {version.channel} · check {version.verdict}")
