"""Only copydesk/ui imports Qt: the core is plain Python that the CLI and any script can use."""

from __future__ import annotations

import ast
from pathlib import Path

import copydesk

PACKAGE = Path(copydesk.__file__).parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        qt = [m for m in imported_modules(path) if m.split(".")[0] in QT_MODULES]
        if qt:
            offenders.append(f"{relative}: {', '.join(sorted(qt))}")
    assert offenders == []


def test_the_core_never_imports_the_ui():
    core = [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in ("ui", "cli")]
    offenders = [str(p.relative_to(PACKAGE)) for p in core if any(m.startswith("copydesk.ui") for m in imported_modules(p))]
    assert offenders == []


# What a view may take from the store and the rules: data types and the core's public services,
# never the repository's queries, the audit log or the fixer (those go through copydesk.app).
VIEW_IMPORTS_ALLOWED = {
    "copydesk.store.errors": None,
    "copydesk.store.repository": {"Version", "LibraryFilter"},
    "copydesk.rules.findings": None,
    "copydesk.rules.engine": {"RuleEngine"},
    "copydesk.rules.examples": {"run_examples"},
}
BUILDS_THE_SERVICES = {"services.py", "app.py"}  # open the store and the engine for the views


def test_views_reach_the_store_and_rules_only_through_the_core_services():
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if path.name in BUILDS_THE_SERVICES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [(node.module, {alias.name for alias in node.names})]
            elif isinstance(node, ast.Import):
                modules = [(alias.name, set()) for alias in node.names]
            for module, names in modules:
                if not module.startswith(("copydesk.store", "copydesk.rules")):
                    continue
                allowed = VIEW_IMPORTS_ALLOWED.get(module, set())
                if allowed is not None and not (names and names <= allowed):
                    offenders.append(f"{path.relative_to(PACKAGE)}: {module} {sorted(names)}")
    assert offenders == []


def test_views_change_the_shared_services_only_through_their_methods():
    # A view that assigned `services.catalog = …` left every other view (and its own copy)
    # on the old catalog; use_catalog / use_settings tell every subscriber instead.
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if path.name == "services.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and "services" in ast.unparse(target.value):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(target)} = …")
    assert offenders == []
