"""Install self-test: each check proves one part of an installation works.

Each part (assets, catalog, rule packs, templates, database; the model as a slow check) has
one in CHECKS; `copydesk self-test` runs them all and prints a JSON summary that IT can keep.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from copydesk import __version__, resources
from copydesk.catalog import load_catalog


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


def check_assets() -> str:
    root = resources.data_root()
    for required in ("assets/catalog/sample.json", "templates"):
        if not (root / required).exists():
            raise FileNotFoundError(f"{root / required} is missing")
    return f"runtime files at {root}"


def check_settings() -> str:
    """The settings file parses (a broken one silently falls back to defaults elsewhere)."""
    from copydesk import config

    path = config.settings_path()
    settings = config.load_settings(path)
    if not path.exists():
        return f"no settings file yet ({path}): the defaults are in use"
    witness = f"; audit witness {settings.witness}" if settings.witness else ""
    return f"{path}: model {settings.model}, adapter {settings.adapter}, catalog {settings.catalog or 'the bundled sample'}{witness}"


def check_sample_catalog() -> str:
    catalog = load_catalog(resources.sample_catalog_path())
    return f"{len(catalog.products)} products, {len(catalog.segments)} segments"


def check_rule_packs() -> str:
    from copydesk.rules.engine import RuleEngine
    from copydesk.rules.examples import run_examples

    engine = RuleEngine.load()
    if engine.errors:
        raise ValueError("; ".join(engine.errors))
    count, failures = run_examples(engine)
    if failures:
        raise AssertionError(f"{len(failures)} of {count} rule examples fail, first: {failures[0]}")
    rules = sum(len(p.all_rules) for p in engine.rule_set.packs)
    return f"{len(engine.rule_set.packs)} packs, {rules} rules, {count} examples pass"


def check_template_generation() -> str:
    from copydesk.generation.pipeline import DraftPipeline, GenerationRequest
    from copydesk.rules.engine import RuleEngine

    catalog = load_catalog(resources.sample_catalog_path())
    pipeline = DraftPipeline(catalog, RuleEngine.load(), backend=None)
    drafts = pipeline.generate(GenerationRequest("zh-platinum-card", "zh-new-graduates", "sms", "zh", n=2))
    if not drafts or drafts[0].verdict != "pass":
        raise AssertionError("copy templates produced no passing draft")
    return f"copy templates: {len(drafts)} passing drafts"


def check_model() -> str:
    from copydesk.generation.backend import CompletionSettings
    from copydesk.generation.factory import make_backend

    backend, _ = make_backend("default")
    backend.load()
    completion = backend.complete(["Bank ads.\nAd:"], CompletionSettings(seed=1, max_new_tokens=8))[0]
    adapter = f"adapter {backend.adapter_id[:12]} merged" if backend.adapter_id else "no adapter"
    return (f"{backend.model_id} loaded in {backend.load_seconds:.1f} s from {backend.spec.path} ({backend.spec.kind}, "
            f"runtime {backend.runtime}, {backend.precision}, {adapter}), "
            f"generated {completion.tokens} tokens")


def check_database() -> str:
    """Create and migrate a database in a temporary folder, write one audited record, read it back."""
    from copydesk.store import audit
    from copydesk.store.db import Store
    from copydesk.store.migrations import MIGRATIONS

    # A temporary file, never the user's database: the self-test must not change real data.
    with tempfile.TemporaryDirectory(prefix="copydesk-self-test-") as folder:
        path = Path(folder) / "self-test.db"
        with Store.open(path) as store:
            migrations = len(MIGRATIONS.applied(store.db))
            with store.transaction():
                audit.append(store, "self-test", "self-test.write", "database", {"check": "database"})
        with Store.open(path, read_only=True) as store:
            report = audit.verify(store)
            problems = store.integrity_problems()
        if problems:
            raise AssertionError(f"integrity check: {'; '.join(problems)}")
        if not report.ok or report.rows != 2:  # the database's creation, then the write
            raise AssertionError(f"audit chain after one write: {report.to_dict()}")
    return f"created and migrated ({migrations} migrations), 1 audited record written and verified"


CHECKS: dict[str, Callable[[], str]] = {
    "assets": check_assets,
    "settings": check_settings,
    "catalog": check_sample_catalog,
    "rules": check_rule_packs,
    "generation": check_template_generation,
    "database": check_database,
}
# Slow checks run only when asked for (`self-test --only model` or `--all`).
SLOW_CHECKS: dict[str, Callable[[], str]] = {"model": check_model}


def run_checks(names: list[str] | None = None, include_slow: bool = False) -> list[CheckResult]:
    """Run the named checks (the fast ones by default); a failing check never stops the others."""
    results = []
    available = {**CHECKS, **SLOW_CHECKS}
    for name, check in available.items():
        if names and name not in names:
            continue
        if not names and name in SLOW_CHECKS and not include_slow:
            continue
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as exc:  # a self-test reports every failure, whatever its type
            detail, ok = f"{type(exc).__name__}: {exc}", False
        results.append(CheckResult(name, ok, detail, round(time.perf_counter() - started, 3)))
    return results


def summary(results: list[CheckResult]) -> dict:
    return {
        "version": __version__,
        "ok": all(r.ok for r in results),
        "checks": [vars(r) for r in results],
    }
