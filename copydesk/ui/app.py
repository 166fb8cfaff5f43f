"""Start the desktop app: one QApplication, fonts, the main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from copydesk import resources
from copydesk.cli.common import resolve_catalog_path
from copydesk.catalog import CatalogError, load_catalog
from copydesk.ui.main_window import MainWindow


def load_bundled_fonts() -> None:
    """Register fonts shipped in assets/fonts so Chinese renders on PCs without a CJK font."""
    fonts = resources.assets_dir() / "fonts"
    if fonts.is_dir():
        for path in sorted(fonts.glob("*.tt[fc]")) + sorted(fonts.glob("*.otf")):
            QFontDatabase.addApplicationFont(str(path))


def build_main_window(user: str, catalog_path: str | None = None) -> MainWindow:
    """The main window for this user; a broken catalog is shown in the window, not a crash."""
    path = resolve_catalog_path(catalog_path)
    try:
        catalog, problem = load_catalog(path), None
    except CatalogError as exc:
        catalog, problem = None, str(exc)
    from copydesk.rules.engine import RuleEngine

    engine = RuleEngine.load()
    if engine.errors:
        problem = "\n".join(filter(None, [problem, "Rule pack problems (other packs stay in force):", *engine.errors]))
    return MainWindow(user=user, catalog=catalog, catalog_problem=problem, engine=engine)


def run_app(user: str, db_path: str | None = None, catalog_path: str | None = None) -> int:
    """Run the GUI event loop until the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("copydesk")
    app.setOrganizationName("copydesk")
    load_bundled_fonts()
    window = build_main_window(user, catalog_path)
    window.show()
    return app.exec()
