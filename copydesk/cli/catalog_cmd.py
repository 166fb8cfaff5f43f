"""`copydesk catalog validate|show`."""

from __future__ import annotations

from collections import Counter

from copydesk.catalog import CHANNELS, CatalogError, load_catalog
from copydesk.cli.common import CliError, add_catalog_option, add_store_options, open_catalog, open_store, open_workflow, print_json


def register(commands) -> None:
    catalog = commands.add_parser("catalog", help="validate or show a product catalog")
    sub = catalog.add_subparsers(dest="catalog_command", metavar="SUBCOMMAND", required=True)

    validate = sub.add_parser("validate", help="check a catalog file and print a summary")
    validate.add_argument("file", metavar="FILE", help="catalog JSON file")
    validate.add_argument("--json", action="store_true", help="print the summary as JSON")
    validate.set_defaults(handler=validate_command)

    install = sub.add_parser("import", help="install a catalog as the one in use (admins; recorded in the audit log)")
    install.add_argument("file", metavar="FILE", help="catalog JSON file")
    add_store_options(install)
    install.set_defaults(handler=import_command)

    show = sub.add_parser("show", help="list products, segments and channels")
    add_catalog_option(show)
    show.add_argument("--product", metavar="PID", help="show one product with its facts and disclosures")
    show.add_argument("--json", action="store_true", help="print as JSON")
    show.set_defaults(handler=show_command)


def summary(catalog) -> dict:
    """Counts a person checks after editing a catalog."""
    return {
        "file": catalog.source,
        "sha256": catalog.sha256,
        "products": len(catalog.products),
        "segments": len(catalog.segments),
        "products_by_lang": dict(Counter(p.lang for p in catalog.products)),
        "products_by_kind": dict(Counter(p.kind for p in catalog.products)),
        "segments_by_lang": dict(Counter(s.lang for s in catalog.segments)),
    }


def import_command(args) -> int:
    from copydesk import config
    from copydesk.app.settings_changes import install_catalog  # refuses as the window does

    with open_store(args) as store:
        workflow = open_workflow(args, store)
        try:
            catalog = install_catalog(workflow, args.file)
        except CatalogError as exc:
            raise CliError(f"{exc}\nThe catalog in use was not changed") from exc
        except config.SettingsError as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            raise CliError(f"cannot copy the catalog into {config.config_dir()}: {exc.strerror or exc}") from exc
    print(f"installed {args.file}: {len(catalog.products)} products, {len(catalog.segments)} segments "
          f"(sha256 {catalog.sha256[:16]}…); it is now the catalog in use")
    return 0


def validate_command(args) -> int:
    try:
        catalog = load_catalog(args.file)
    except CatalogError as exc:
        raise CliError(str(exc)) from exc
    info = summary(catalog)
    if args.json:
        print_json({"valid": True, **info})
        return 0
    print(f"{catalog.source}: valid catalog")
    print(f"  {info['products']} products ({_counts(info['products_by_lang'])})")
    print(f"  {info['segments']} segments ({_counts(info['segments_by_lang'])})")
    print(f"  kinds: {_counts(info['products_by_kind'])}")
    print(f"  sha256: {catalog.sha256}")
    return 0


def _counts(counter: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counter.items()))


def product_dict(product) -> dict:
    return {
        "id": product.id,
        "name": product.name,
        "kind": product.kind,
        "lang": product.lang,
        "facts": dict(product.facts),
        "disclosures": list(product.disclosures),
    }


def show_command(args) -> int:
    catalog = open_catalog(args.catalog)
    if args.product:
        try:
            product = catalog.product(args.product)
        except KeyError as exc:
            raise CliError(str(exc)) from exc
        if args.json:
            print_json(product_dict(product))
            return 0
        print(f"{product.id}: {product.name} [{product.kind}, {product.lang}]")
        for key, value in product.facts.items():
            print(f"  {key}: {value}")
        for text in product.disclosures:
            print(f"  disclosure: {text}")
        return 0
    if args.json:
        print_json(
            {
                "file": catalog.source,
                "products": [product_dict(p) for p in catalog.products],
                "segments": [vars(s) for s in catalog.segments],
                "channels": [{"id": c.id, "name": c.name, "limit": c.limit} for c in CHANNELS.values()],
            }
        )
        return 0
    print(f"Catalog {catalog.source}")
    print("Products:")
    for p in catalog.products:
        print(f"  {p.id:<24} {p.lang}  {p.kind:<18} {p.name}")
    print("Segments:")
    for s in catalog.segments:
        print(f"  {s.id:<24} {s.lang}  {s.name}: {s.description}")
    print("Channels:")
    for c in CHANNELS.values():
        print(f"  {c.id:<8} {'no limit' if c.limit is None else f'{c.limit} characters'}")
    return 0
