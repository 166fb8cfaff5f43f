"""Start the desktop app: one QApplication, fonts, translations, services, the main window.

`screenshot()` renders one page offscreen over a demo database, for the README and CI.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from copydesk import config, resources
from copydesk.catalog import CatalogError, load_catalog
from copydesk.ui.services import AppServices

UI_LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def load_bundled_fonts() -> None:
    """Register fonts shipped in assets/fonts so Chinese renders on PCs without a CJK font."""
    fonts = resources.assets_dir() / "fonts"
    if fonts.is_dir():
        for path in sorted(fonts.glob("*.tt[fc]")) + sorted(fonts.glob("*.otf")):
            QFontDatabase.addApplicationFont(str(path))


def install_translation(app: QApplication, language: str | None) -> str:
    """Load the interface translation (settings' ui_language, else the system locale); returns the language used."""
    language = language or ("zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en")
    if language == "en":
        return "en"
    translator = QTranslator(app)
    if not translator.load(str(resources.assets_dir() / "i18n" / f"copydesk_{language}.qm")):
        return "en"
    app.installTranslator(translator)
    # Qt's own texts (standard dialogs, context menus) come with PySide6.
    qt_translator = QTranslator(app)
    if qt_translator.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
    app._copydesk_translators = (translator, qt_translator)  # keep them alive as long as the app
    return language


def build_services(user, db_path: str | None = None, catalog_path: str | None = None, backend_factory=None) -> AppServices:
    """Everything the window needs; each broken input becomes a banner line, not a crash."""
    problems = []
    try:
        settings = config.load_settings()
    except config.SettingsError as exc:
        settings = config.Settings()
        problems.append(f"{exc} (using the default settings for now)")
    catalog = None
    try:
        path = Path(catalog_path) if catalog_path else (Path(settings.catalog) if settings.catalog else resources.sample_catalog_path())
        catalog = load_catalog(path)
    except CatalogError as exc:
        problems.append(f"The catalog could not be loaded; fix it or import another in Admin → Catalog.\n{exc}")
    from datetime import date

    from copydesk.rules.engine import RuleEngine

    engine = RuleEngine.load(today=date.today)  # offers are checked against today's date
    if engine.errors:
        problems.append("Rule pack problems (the other packs stay in force):\n" + "\n".join(engine.errors))
    return AppServices.create(user, catalog, engine, db_path, settings=settings, problems=problems, backend_factory=backend_factory)


def build_main_window(user: str, catalog_path: str | None = None, db_path: str | None = None, *, load_model: bool = True, backend_factory=None):
    """The main window for this user (kept for callers that do not build services themselves)."""
    from copydesk.ui.main_window import MainWindow

    return MainWindow(build_services(user, db_path, catalog_path, backend_factory), load_model=load_model)


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("copydesk")
    app.setOrganizationName("copydesk")
    load_bundled_fonts()
    return app


def run_app(user, db_path: str | None = None, catalog_path: str | None = None) -> int:
    """Run the GUI event loop until the window closes."""
    started = time.perf_counter()
    app = _application()
    services = build_services(user, db_path, catalog_path)
    install_translation(app, services.settings.extra.get("ui_language"))
    from copydesk.ui.main_window import MainWindow

    window = MainWindow(services)
    window.show()
    window.statusBar().showMessage(window.statusBar().currentMessage() + f"  (ready in {time.perf_counter() - started:.1f} s)", 8000)
    code = app.exec()
    services.close()
    return code


def screenshot(path: str, page: str = "compose", ui_language: str = "en", catalog_path: str | None = None) -> Path:
    """Render one page over a demo database offscreen-ready, save it as PNG and return the path."""
    from copydesk.demo import build_demo_database
    from copydesk.ui.main_window import MainWindow

    app = _application()
    install_translation(app, ui_language)
    work = Path(tempfile.mkdtemp(prefix="copydesk-screenshot-"))
    login = {"review": "bob", "admin": "it-admin", "inbox": "lin.mei", "checklist": "ada"}.get(page, "alice")
    services = build_services(login, str(work / "demo.db"), catalog_path)
    if services.catalog is not None and services.store is not None and page != "checklist":
        build_demo_database(services.db_path, services.catalog, services.engine)
    window = MainWindow(services, load_model=False)
    window.resize(1280, 820)
    window.banner.hide()
    if page != "checklist":
        window.checklist.hide()  # the demo's admin has not finished setting up; the other pages show their own job
    window.show_page("compose" if page in ("inbox", "checklist") else page)
    view = window.tabs.currentWidget()
    if page == "inbox":
        window.compose.left_tabs.setCurrentWidget(window.compose.inbox)
        window.compose.inbox.refresh()
    elif page == "compose":
        if ui_language != "en":
            window.compose.select("zh-platinum-card", "zh-new-graduates", "wechat", "zh")
        else:
            window.compose.select("rewards-card", "new-graduates", "email", "en")
        window.compose.generate()
        while window.compose.job is not None:
            app.processEvents()
        if window.compose.cards and window.compose.cards[0].draft is not None:
            window.compose.use_draft(window.compose.cards[0].draft)
    elif hasattr(view, "refresh"):
        view.refresh()
    window.show()
    _wait_idle(app, view)
    # Show each page doing its job: the most telling item selected.
    if page == "review" and window.review.queue.rowCount():
        window.review.queue.selectRow(window.review.queue.rowCount() - 1)
    elif page == "library" and view.results:
        view.select_version(view.results[-1].id)
    elif page == "admin":
        view.tabs.setCurrentIndex(2)  # users
    _wait_idle(app, view)
    for _ in range(20):
        app.processEvents()
    out = Path(path)
    if not window.grab().save(str(out)):
        raise OSError(f"{out}: could not write the PNG")
    window.close()
    services.close()
    return out


def _wait_idle(app, view, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _busy(view):
        app.processEvents()


def _busy(view) -> bool:
    """Whether a view still has a background job running (the screenshot waits for it)."""
    return bool(getattr(view, "busy", lambda: False)())
