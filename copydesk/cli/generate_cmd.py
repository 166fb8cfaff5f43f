"""`copydesk generate`: N drafts for a product, segment, channel and language, best first."""

from __future__ import annotations

import sys
from pathlib import Path

from copydesk import config
from copydesk.catalog import CHANNELS, LANGUAGES
from copydesk.cli.common import CliError, load_engine, open_catalog, print_json
from copydesk.generation.formats import TONES


def register(commands) -> None:
    parser = commands.add_parser(
        "generate",
        help="draft ad copy with the local model, checked and repaired",
        description="Prints drafts, best first. Exit 0 when the best draft passes, 1 when none passes, 2 on a usage or input error.",
    )
    parser.add_argument("--catalog", metavar="CATALOG", help="catalog JSON (default: settings, else the bundled sample)")
    parser.add_argument("--product", metavar="PID", required=True, help="product id")
    parser.add_argument("--segment", metavar="SID", required=True, help="customer segment id")
    parser.add_argument("--channel", choices=list(CHANNELS), required=True, help="where the copy runs")
    parser.add_argument("--lang", choices=list(LANGUAGES), required=True, help="language of the copy")
    parser.add_argument("--n", type=int, default=4, help="number of drafts (default 4)")
    parser.add_argument("--seed", type=int, help="random seed; the same seed, model and inputs give the same drafts (default: a fresh seed, printed with the drafts)")
    parser.add_argument("--model", metavar="PATH|default|template", help="model: the bundled default, copy templates only, or a local folder / .gguf")
    parser.add_argument("--tone", default="", choices=["", *TONES], help="tone of the wording: " + ", ".join(TONES) + " (default friendly)")
    parser.add_argument("--db", metavar="PATH", help="library database whose approved copy serves as examples (default: the user's, if any)")
    parser.add_argument("--json", action="store_true", help="print the contract's JSON object")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from copydesk.generation.models import ModelError
    from copydesk.generation.pipeline import DraftPipeline, GenerationInputError, GenerationRequest, fresh_seed
    from copydesk.generation.prompts import TemplateProblem

    catalog = open_catalog(args.catalog)
    try:
        setting = args.model or config.load_settings().model
    except config.SettingsError as exc:
        raise CliError(str(exc)) from exc
    engine = load_engine()
    seed = args.seed if args.seed is not None else fresh_seed()
    request = GenerationRequest(args.product, args.segment, args.channel, args.lang, args.n, seed, args.tone)
    progress = (lambda message: print(message, file=sys.stderr)) if not args.json else None
    try:
        from copydesk.generation.factory import make_backend

        backend, languages = make_backend(setting, progress)
        pipeline = DraftPipeline(catalog, engine, backend, model_languages=languages)
        drafts = pipeline.generate(request, examples=_library_examples(args, catalog, engine, request))
    except (GenerationInputError, ModelError, TemplateProblem) as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json({"request": request.to_dict(), "drafts": [d.to_dict() for d in drafts]})
    else:
        for index, draft in enumerate(drafts, 1):
            print(f"{index}. [{draft.verdict.upper()}] {draft.text}")
            plan = draft.explanation.get("plan", {})
            source = (f"{draft.backend}:{draft.model}, {draft.template_version}, seed {draft.seed}, "
                      f"{plan.get('angle', '')}, {plan.get('tone', '')}, facts: {', '.join(draft.explanation.get('facts_used', []))}")
            print(f"   {source}" + (f"; repairs: {', '.join(draft.repairs)}" if draft.repairs else ""))
            for finding in draft.report.findings:
                print(f"   - {finding.severity} {finding.category}: {finding.message}")
    return 0 if drafts and drafts[0].verdict == "pass" else 1


def _library_examples(args, catalog, engine, request) -> list[dict]:
    """Approved copy of the same kind and channel from the library, when a library exists."""
    from copydesk.store.db import Store, library_target
    from copydesk.store.errors import StoreError
    from copydesk.workflow import Workflow

    try:
        path = library_target(args.db)
    except StoreError:
        return []
    if isinstance(path, Path) and not args.db and not path.exists():
        return []
    try:
        with Store.open(path) as store:
            kind = catalog.product(request.product).kind
            return Workflow(store, catalog, engine, "").fewshot_examples(kind, request.channel, request.lang)
    except (StoreError, KeyError) as exc:
        print(f"copydesk: library examples not used: {exc}", file=sys.stderr)
        return []
