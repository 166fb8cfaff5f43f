"""`copydesk rules list|test`: what rule packs are loaded, and whether their examples hold."""

from __future__ import annotations


from copydesk.cli.common import CliError, load_engine, print_json
from copydesk.rules.learned import CATEGORIES


def register(commands) -> None:
    rules = commands.add_parser("rules", help="list the rule packs in force or test their examples")
    sub = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND", required=True)
    listing = sub.add_parser("list", help="packs and rules in force (bundled, then house packs)")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(handler=list_command)
    test = sub.add_parser("test", help="run every rule's must-flag / must-pass examples")
    test.add_argument("pack", nargs="?", metavar="PACK", help="a pack id or file (default: all packs)")
    test.add_argument("--json", action="store_true", help="print the result as JSON")
    test.set_defaults(handler=test_command)




def list_command(args) -> int:
    engine = load_engine()
    packs = []
    for pack in engine.rule_set.packs:
        packs.append({
            "id": pack.id, "version": pack.version, "file": pack.path, "description": pack.description,
            "rules": [{"id": r.id, "category": r.category, "severity": r.severity, "languages": sorted(r.languages),
                       "kinds": sorted(r.kinds) if r.kinds else None, "citation": r.citation} for r in pack.all_rules],
        })
    model = engine.learned
    learned = None if model is None else {
        "folder": model.source, "threshold": model.threshold, "severity": "warn",
        "categories": list(CATEGORIES), "sha256": model.sha256, "trained_on": model.trained_on}
    if args.json:
        print_json({"packs": packs, "learned": learned, "errors": list(engine.errors)})
        return 0
    for pack in packs:
        print(f"{pack['id']} {pack['version']}  ({len(pack['rules'])} rules)  {pack['file']}")
        for rule in pack["rules"]:
            scope = ",".join(rule["kinds"]) if rule["kinds"] else "all kinds"
            print(f"  {rule['id']:<38} {rule['category']:<19} {rule['severity']:<6} {scope}")
    if learned:
        trained = learned["trained_on"]
        print(f"learned meaning check  (warn at p >= {learned['threshold']}; {', '.join(CATEGORIES)})  {learned['folder']}")
        print(f"  trained on {trained.get('cases', '?')} cases: {len(trained.get('sets', []))} blind sets' tune halves, "
              f"{', '.join(trained.get('development', []))}, {trained.get('corpus_ads', 0)} clean corpus ads; "
              f"weights sha256 {learned['sha256'][:16]}…")
    return 0


def test_command(args) -> int:
    from copydesk.rules.examples import run_examples

    engine = load_engine()
    if args.pack and not any(args.pack in (p.id, p.path) for p in engine.rule_set.packs):
        raise CliError(f"no pack {args.pack!r} is loaded; see 'copydesk rules list'")
    count, failures = run_examples(engine, args.pack)
    if args.json:
        print_json({"examples": count, "failures": [str(f) for f in failures], "errors": list(engine.errors)})
    else:
        for failure in failures:
            print(f"FAIL {failure}  (found: {', '.join(failure.found) or 'nothing'})")
        print(f"{count - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or engine.errors else 0
