"""`copydesk library list|search|show|history|diff|export|record`: approved copy and its history."""

from __future__ import annotations

import sys
from pathlib import Path

from copydesk.catalog import CHANNELS
from copydesk.cli.common import CliError, add_catalog_option, add_store_options, open_catalog, open_store, print_json
from copydesk.store.migrations import STATUSES


def register(commands) -> None:
    library = commands.add_parser("library", help="search, read, compare and export saved copy")
    sub = library.add_subparsers(dest="library_command", metavar="SUBCOMMAND", required=True)
    listing = sub.add_parser("list", help="copy matching the filters, newest first (default: approved)")
    search = sub.add_parser("search", help="full-text search (English and Chinese substrings), newest first")
    search.add_argument("query", metavar="QUERY", help='words that must all appear; "quote" a phrase')
    export = sub.add_parser("export", help="write the matching copy as CSV or JSON")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (.csv or .json; default: stdout)")
    export.add_argument("--format", choices=("csv", "json"), help="format (default: from the file name, else csv)")
    for parser in (listing, search, export):
        parser.add_argument("--product", default="", metavar="PID")
        parser.add_argument("--segment", default="", metavar="SID")
        parser.add_argument("--channel", default="", choices=("", *CHANNELS))
        parser.add_argument("--lang", default="", choices=("", "en", "zh"))
        parser.add_argument("--status", default="approved", choices=("all",) + STATUSES, help="status (default approved; 'all' for any)")
        parser.add_argument("--author", default="", metavar="LOGIN")
        parser.add_argument("--since", default="", metavar="YYYY-MM-DD")
        parser.add_argument("--until", default="", metavar="YYYY-MM-DD")
        parser.add_argument("--limit", type=int, default=200 if parser is not export else 1_000_000)
        if parser is not export:
            parser.add_argument("--json", action="store_true", help="print as JSON")
        add_store_options(parser, user=False)
    listing.set_defaults(handler=list_command)
    search.set_defaults(handler=list_command)
    export.set_defaults(handler=export_command)

    show = sub.add_parser("show", help="one version: text, status, check report, decisions")
    show.add_argument("version", type=int, metavar="VERSION")
    show.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(show, user=False)
    show.set_defaults(handler=show_command)
    history = sub.add_parser("history", help="every version of a draft, oldest first")
    history.add_argument("draft", type=int, metavar="DRAFT")
    history.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(history, user=False)
    history.set_defaults(handler=history_command)
    diff = sub.add_parser("diff", help="what changed between two versions (word-level English, character-level Chinese)")
    diff.add_argument("old", type=int, metavar="OLD")
    diff.add_argument("new", type=int, nargs="?", metavar="NEW", help="default: compare OLD with the version before it")
    diff.add_argument("--json", action="store_true", help="print as JSON")
    add_store_options(diff, user=False)
    diff.set_defaults(handler=diff_command)
    record = sub.add_parser("record", help="the approval record of a version, to file (.docx, .pdf, .html or .txt)")
    record.add_argument("version", type=int, metavar="VERSION")
    record.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.docx, FILE.pdf, FILE.html or FILE.txt")
    add_catalog_option(record)  # for the segment's name
    add_store_options(record, user=False)
    record.set_defaults(handler=record_command)


def _filter(args):
    from copydesk.store.repository import LibraryFilter

    return LibraryFilter(query=getattr(args, "query", ""), product_id=args.product, segment_id=args.segment,
                         channel=args.channel, lang=args.lang, status="" if args.status == "all" else args.status,
                         author=args.author, since=args.since, until=args.until)


def _search(args):
    from copydesk.store import repository

    with open_store(args) as store:
        return repository.search(store, _filter(args), limit=args.limit)


def list_command(args) -> int:
    versions = _search(args)
    if args.json:
        print_json({"versions": [v.to_dict() for v in versions]})
        return 0
    if not versions:
        print("nothing matches")
    for v in versions:
        flat = " ".join(v.text.split())
        print(f"#{v.id:<6} {v.status:<17} {v.created_at[:10]}  {v.product_id:<18} {v.segment_id:<18} {v.channel:<7} {v.lang}  {flat[:70]}")
    return 0


def export_command(args) -> int:
    from copydesk import records

    versions = _search(args)
    if args.output:
        try:
            path = records.write_export(versions, Path(args.output), args.format)
        except (ValueError, OSError) as exc:
            raise CliError(str(exc)) from exc
        print(f"exported {len(versions)} versions to {path}", file=sys.stderr)
    else:
        sys.stdout.write(records.export_json(versions) if args.format == "json" else records.export_csv(versions))
    return 0


def _get(store, version_id: int):
    from copydesk.store import repository

    version = repository.get_version(store, version_id)
    if version is None:
        raise CliError(f"no version #{version_id} in {store.path}")
    return version


def show_command(args) -> int:
    with open_store(args) as store:
        v = _get(store, args.version)
    if args.json:
        print_json(v.to_dict())
        return 0
    print(f"{v.label}  {v.status.replace('_', ' ')}")
    print(f"campaign: {v.campaign_name}  ({v.product_id} · {v.segment_id} · {v.channel} · {v.lang})")
    print(f"written by {v.author} at {v.created_at[:19]} ({v.source}{', ' + v.model_id if v.model_id else ''}{', seed ' + str(v.seed) if v.seed is not None else ''})")
    if v.submitted_by:
        print(f"submitted by {v.submitted_by} at {v.submitted_at[:19]}" + (f"; override: {v.override_reason}" if v.override_reason else ""))
    if v.decided_by:
        print(f"{v.status.replace('_', ' ')} by {v.decided_by} at {v.decided_at[:19]}")
    if v.retired_at:
        print(f"retired at {v.retired_at[:19]}: {v.retired_reason}")
    print()
    print(v.text)
    print()
    print(f"check: {v.verdict}")
    for f in v.check_report["findings"]:
        print(f"  {f['severity']:<5} {f['rule']}: {f['message']}" + (f" [{f['citation']}]" if f.get("citation") else ""))
    for d in v.decisions:
        print(f"{d['at'][:19]}  {d['reviewer']}: {d['decision'].replace('_', ' ')}" + (f" — {d['comment']}" if d["comment"] else ""))
    return 0


def history_command(args) -> int:
    from copydesk.store import repository

    with open_store(args) as store:
        versions = repository.draft_versions(store, args.draft)
    if not versions:
        raise CliError(f"no draft {args.draft}")
    if args.json:
        print_json({"draft": args.draft, "versions": [v.to_dict() for v in versions]})
        return 0
    for v in versions:
        print(f"v{v.number} #{v.id:<6} {v.created_at[:19]}  {v.author:<10} {v.status:<17} {v.verdict:<5} {' '.join(v.text.split())[:60]}")
    return 0


def diff_command(args) -> int:
    from copydesk.diffing import diff, render_inline
    from copydesk.store import repository

    with open_store(args) as store:
        if args.new is None:
            new = _get(store, args.old)
            earlier = [v for v in repository.draft_versions(store, new.draft_id) if v.number < new.number]
            if not earlier:
                raise CliError(f"{new.label} is the first version of its draft; give two version ids")
            old = earlier[-1]
        else:
            old, new = _get(store, args.old), _get(store, args.new)
    pieces = diff(old.text, new.text, new.lang)
    if args.json:
        print_json({"old": old.id, "new": new.id, "lang": new.lang, "pieces": [p.to_dict() for p in pieces]})
    else:
        print(f"{old.label} → {new.label}")
        print(render_inline(pieces))
    return 0


def record_command(args) -> int:
    from copydesk import records

    output = Path(args.output)
    try:
        catalog = open_catalog(args.catalog)
    except CliError as exc:  # the record still says everything the approval froze; only names are missing
        print(f"warning: segment names are shown as ids: {exc}", file=sys.stderr)
        catalog = None
    with open_store(args) as store:
        _get(store, args.version)
        record = records.build_record(store, args.version, catalog)
    try:
        if output.suffix.lower() == ".pdf":
            from copydesk.ui.printing import html_to_pdf  # Qt renders the PDF

            html_to_pdf(record.to_html(), output)
        else:
            record.write(output)
    except (ValueError, OSError) as exc:
        raise CliError(str(exc)) from exc
    print(f"approval record of #{args.version} written to {output}")
    return 0
