"""`copydesk model train|adapters`: learn the bank's voice from approved copy, list adapters."""

from __future__ import annotations

import sys

from copydesk import config
from copydesk.cli.common import CliError, add_store_options, print_json


def register(commands) -> None:
    model = commands.add_parser("model", help="train the copy adapter on approved copy; list adapters")
    sub = model.add_subparsers(dest="model_command", metavar="SUBCOMMAND", required=True)
    train = sub.add_parser(
        "train", help="fine-tune a new copy adapter (admins; the previous ones stay selectable)",
        description="Learns from the library's approved versions (in slot form: approved figures mapped back to "
                    "their facts) together with the house corpus, and prints the held-back loss before and after. "
                    "Only an admin may, as in the window (Admin → Model).")
    train.add_argument("--from-library", action="store_true", required=True, help="learn from the library's approved copy")
    add_store_options(train)
    train.add_argument("--catalog", metavar="CATALOG", help="catalog JSON for segment names (default: settings, else the sample)")
    train.add_argument("--epochs", type=int, default=2)
    train.add_argument("--use", action="store_true", help="make the new adapter the one in use")
    train.add_argument("--json", action="store_true")
    train.set_defaults(handler=train_command)
    listing = sub.add_parser("adapters", help="the copy adapters: the house one and every learned one")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=adapters_command)


def adapters_command(args) -> int:
    from copydesk.generation.adapters import list_adapters

    current = config.load_settings().adapter
    rows = [{"id": a.id, "path": str(a.path), "in_use": a.id == current or str(a.path) == current,
             "examples": a.record.get("examples"), "source": a.record.get("source"),
             "held_back_loss_before": a.record.get("held_back_loss_before"),
             "held_back_loss_after": a.record.get("held_back_loss_after")} for a in list_adapters()]
    if args.json:
        print_json({"adapters": rows})
    else:
        for row in rows:
            mark = "*" if row["in_use"] else " "
            print(f"{mark} {row['id']}: {row['source']}, {row['examples']} examples, held-back loss "
                  f"{row['held_back_loss_before']} -> {row['held_back_loss_after']}")
    return 0


def train_command(args) -> int:
    from copydesk.app import settings_changes
    from copydesk.cli.common import open_catalog, resolve_identity
    from copydesk.store.db import Store
    from copydesk.store.errors import StoreError
    from copydesk.workflow import Workflow

    identity = resolve_identity(args.user)
    catalog = open_catalog(args.catalog)
    try:
        with Store.open(args.db) as store:
            # settings_changes checks the role as the window does: a non-admin is refused (exit 1).
            workflow = Workflow(store, catalog, None, identity)
            record = settings_changes.learn_adapter(workflow, epochs=args.epochs,
                                                    progress=None if args.json else _print_progress)
            if args.use:
                settings_changes.change_adapter(workflow, record["adapter"])
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    except (ValueError, settings_changes.SettingsNotSaved) as exc:  # too little to learn from; settings.json
        raise CliError(str(exc)) from exc
    summary = {k: v for k, v in record.items() if k != "loss_curve"}
    if args.json:
        print_json(summary)
    else:
        print(f"adapter {record['adapter']}: {record['library_examples']} approved versions ({record['library_skipped']} left out), "
              f"held-back approved copy loss {record['held_back_loss_before']} -> {record['held_back_loss_after']}")
    return 0


def _print_progress(state: dict) -> None:
    print(f"step {state['step']}/{state['steps']}, loss {state['loss']:.3f}, about {state['eta_s'] / 60:.0f} min left",
          file=sys.stderr, flush=True)
