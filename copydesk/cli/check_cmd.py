"""`copydesk check`: run the compliance rules over copy, one text or a JSONL batch."""

from __future__ import annotations

import json
import sys

from copydesk.catalog import CHANNELS, LANGUAGES, CatalogLookupError
from copydesk.cli.common import CliError, load_engine, open_catalog, print_json

EXIT_FOR_VERDICT = {"pass": 0, "warn": 1, "block": 1}


def register(commands) -> None:
    parser = commands.add_parser(
        "check",
        help="check copy against the compliance rules",
        description=(
            "Check one text (FILE, or - for standard input) for a product, channel and language, or a JSONL batch of "
            '{"id","lang","product","channel","text"} objects. Exit 0 pass, 1 warn or block, 2 usage or input error.'
        ),
    )
    parser.add_argument("file", nargs="?", metavar="FILE|-", help="text file to check, or - for standard input")
    parser.add_argument("--catalog", metavar="CATALOG", help="catalog JSON (default: settings, else the bundled sample)")
    parser.add_argument("--product", metavar="PID", help="product id from the catalog")
    parser.add_argument("--channel", choices=list(CHANNELS), help="where the copy runs")
    parser.add_argument("--lang", choices=list(LANGUAGES), help="language of the copy (default: the product's)")
    parser.add_argument("--segment", metavar="SID",
                        help="the segment the copy is for: applies its restrictions from the catalog (a batch case's own \"segment\" wins)")
    parser.add_argument("--batch", metavar="CASES.jsonl", help="check every line of a JSONL file; prints one result per line")
    parser.add_argument("--json", action="store_true", help="print JSON (the contract) instead of a readable report")
    parser.add_argument("--fix", action="store_true", help="apply every safe fix, re-check, and print the fixed text")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=_argument_date,
                        help="check as of this date (offer end dates; default today); a batch case's own \"date\" wins")
    parser.set_defaults(handler=run)


def _check_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ValueError(f"date {text!r} is not a date like 2026-06-30") from None


def _argument_date(text: str):
    import argparse

    try:
        return _check_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise CliError(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise CliError(f"{name}: cannot read the file: {exc.strerror or exc}") from exc


def _segment_for(catalog, segment_id: str | None):
    if not segment_id:
        return None
    try:
        return catalog.segment(segment_id)
    except CatalogLookupError as exc:
        raise CliError(str(exc)) from exc


def _product_for(catalog, product_id: str, lang: str | None):
    try:
        product = catalog.product(product_id)
    except CatalogLookupError as exc:
        raise CliError(str(exc)) from exc
    if lang and lang != product.lang:
        raise CliError(f"product {product_id!r} is a {product.lang!r} product; copy for it must be --lang {product.lang}, not {lang!r}")
    return product




def run(args) -> int:
    if args.batch:
        if args.file or args.fix:
            raise CliError("--batch takes no FILE and no --fix")
        return _run_batch(args)
    missing = [name for name in ("product", "channel") if getattr(args, name) is None]
    if missing or args.file is None:
        needed = [f"--{m}" for m in missing] + (["FILE|-"] if args.file is None else [])
        raise CliError(f"check needs {' '.join(needed)} (or --batch CASES.jsonl)")
    catalog = open_catalog(args.catalog)
    product = _product_for(catalog, args.product, args.lang)
    segment = _segment_for(catalog, args.segment)
    text = _read_text(args.file)
    if not text.strip():
        where = "standard input" if args.file == "-" else args.file
        raise CliError(f"{where}: the copy is empty (nothing to check); give a file with the ad's text")
    engine = load_engine()
    if args.fix:
        from copydesk.rules.fixes import apply_fixes

        text, report = apply_fixes(engine, text, product, args.channel, args.lang, on=args.date, segment=segment)
        if args.json:
            print_json({"text": text, **report.to_dict()})
        else:
            print(text)
            print(file=sys.stderr)
            print(render_report(text, report), file=sys.stderr)
        return EXIT_FOR_VERDICT[report.verdict]
    report = engine.check(text, product, args.channel, args.lang, on=args.date, segment=segment)
    if args.json:
        print_json(report.to_dict())
    else:
        print(render_report(text, report))
    return EXIT_FOR_VERDICT[report.verdict]


def _run_batch(args) -> int:
    catalog = open_catalog(args.catalog)
    engine = load_engine()
    try:
        handle = open(args.batch, "rb")  # decoded line by line: one bad line is reported, not fatal
    except OSError as exc:
        raise CliError(f"{args.batch}: cannot read the file: {exc.strerror or exc}") from exc
    worst, had_error = "pass", False
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            case_id = None
            try:
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise ValueError(f"not valid UTF-8 at byte {exc.start} of the line; save the file as UTF-8") from None
                case = json.loads(line)
                if not isinstance(case, dict):
                    raise ValueError("expected a JSON object")
                case_id = case.get("id")
                for key in ("product", "channel", "text"):
                    if not isinstance(case.get(key), str):
                        raise ValueError(f'"{key}" is missing or not a string')
                if case["channel"] not in CHANNELS:
                    raise ValueError(f"unknown channel {case['channel']!r}; expected one of: {', '.join(CHANNELS)}")
                product = _product_for(catalog, case["product"], case.get("lang"))
                on = _check_date(case["date"]) if case.get("date") else args.date
                segment = _segment_for(catalog, case.get("segment") or args.segment)
                report = engine.check(case["text"], product, case["channel"], case.get("lang"), on=on, segment=segment)
            except (ValueError, CliError) as exc:
                had_error = True
                message = f"{args.batch}:{number}: {exc}"
                print(message, file=sys.stderr)
                print_json({"id": case_id, "error": message})
                continue
            print_json({"id": case_id, **report.to_dict()})
            if EXIT_FOR_VERDICT[report.verdict] > EXIT_FOR_VERDICT[worst]:
                worst = report.verdict
    if had_error:
        return 2
    return EXIT_FOR_VERDICT[worst]


def render_report(text: str, report) -> str:
    """A readable report: the verdict, the text with findings marked, and each finding explained."""
    lines = [f"Verdict: {report.verdict.upper()}  ({len(report.findings)} finding{'s' * (len(report.findings) != 1)})"]
    if report.findings:
        marked, cursor = [], 0
        for index, finding in enumerate(report.findings, 1):
            if finding.start < cursor:
                continue
            marked.append(text[cursor : finding.start])
            marked.append(f"[[{text[finding.start:finding.end]}]]{index}")
            cursor = finding.end
        marked.append(text[cursor:])
        lines += ["", "".join(marked).rstrip(), ""]
    for index, finding in enumerate(report.findings, 1):
        lines.append(f"{index}. {finding.severity.upper()} {finding.category} ({finding.rule}) at {finding.start}-{finding.end}: "
                     f"{text[finding.start:finding.end]!r}")
        lines.append(f"   {finding.message}")
        if finding.suggestion:
            lines.append(f"   Suggestion: {finding.suggestion}")
        lines.append(f"   Citation: {finding.citation}")
    return "\n".join(lines)
