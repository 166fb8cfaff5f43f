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
