"""The app's one window: Compose, Review, Library, Insights and Admin around shared services.

The window wires views together (reuse → compose, submit → review queue, decision → library),
loads the model in the background with its state in the status bar, and remembers its layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from copydesk import __version__, config
from copydesk.ui import workers
from copydesk.ui.admin import AdminView
from copydesk.ui.common import Banner, fill, named
from copydesk.ui.compose_view import ComposeView
from copydesk.ui.insights_view import InsightsView
from copydesk.ui.library_view import LibraryView
from copydesk.ui.onboarding import ModelLoadIndicator, OnboardingChecklist
from copydesk.ui.review_view import ReviewView
from copydesk.ui.services import AppServices

PAGES = ("compose", "review", "library", "insights", "admin")


class MainWindow(QMainWindow):
    model_state_changed = Signal(str)  # "loading", "ready", "templates"

    def __init__(self, services: AppServices, *, load_model: bool = True):
        super().__init__()
        self.services = services
        self.setObjectName("mainWindow")
        title = f"copydesk {__version__} — {services.user}"
        if services.overridden_os_login:  # say so where everyone sees it, in the interface language
            title += fill(self.tr(" (identity override: OS login %1)"), services.overridden_os_login)
        self.setWindowTitle(title)
        self.resize(1200, 780)
        self.model_state = "templates"
        self.prompt_warmed = False  # the selected request's prompt computed after the model loaded
        self._model_job = None
        self._model_loading = False  # a load runs in the background
        self._reload_model = False  # the settings changed while it ran: load again when it ends

        self.banner = Banner("problemBanner")
        self.compose = ComposeView(services)
        self.compose.warm_up_finished.connect(lambda: setattr(self, "prompt_warmed", True))
        self.review = ReviewView(services)
        self.library = LibraryView(services)
        self.insights = InsightsView(services)
        self.admin = AdminView(services)
        self.tabs = named(QTabWidget(), "mainTabs")
        for view, title in ((self.compose, self.tr("Compose")), (self.review, self.tr("Review")), (self.library, self.tr("Library")),
                            (self.insights, self.tr("Insights")), (self.admin, self.tr("Admin"))):
            self.tabs.addTab(view, title)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        self.checklist = OnboardingChecklist(services, self.admin, self.tabs)  # first-start steps, until done
        layout.addWidget(self.checklist)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.model_label = named(QLabel(), "modelStatus")
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().showMessage(fill(self.tr("Signed in as %1. Offline: copydesk never connects to the network."), services.user))

        self.compose.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.compose.submitted.connect(lambda _id: (self.review.refresh(), self.compose.inbox.refresh()))
        self.review.decided.connect(lambda _id: (self.library.refresh(), self.compose.inbox.refresh()))
        self.compose.inbox_count_changed.connect(self._show_inbox_badge)
        self._show_inbox_badge(self.compose.inbox.inbox.count)
        # Generate works from anywhere on the Compose page: inside it the page's own shortcut
        # acts; with focus on the page tabs, this one (a second one for the same widget would
        # make the key ambiguous, and then neither fires).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.tabs.tabBar(), activated=self._generate_shortcut,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.library.reuse_requested.connect(self.reuse)
        self.admin.catalog_changed.connect(self.set_catalog)
        self.admin.model_changed.connect(lambda _setting: self.start_model())
        self.admin.language_changed.connect(self._language_changed)
        self.tabs.currentChanged.connect(self._page_shown)

        self._restore_layout()
        self._show_start_up_problems()
        if load_model:
            self.start_model()
        else:
            self._use_templates(None)

    # --- start-up ----------------------------------------------------------------------

    def _show_start_up_problems(self) -> None:
        problems = list(self.services.problems)
        if self.services.store_problem:
            problems.append(self.tr("The database cannot be used, so nothing can be saved: ") + self.services.store_problem)
        workflow = self.services.workflow()
        if workflow is not None:
            try:
                if workflow.bootstrap_first_user():
                    self.refresh_setup()  # the first user is admin now: the Users form and the checklist must know
                elif not workflow.is_user():
                    problems.append(self.tr("You ({user}) are not a copydesk user yet, so you can read but not write or review. "
                                            "Ask an admin to add you (Admin → Users).").replace("{user}", self.services.user))
                workflow.retire_expired()
            except Exception as exc:
                problems.append(str(exc))
        if problems:
            self.banner.show_message("\n".join(problems))
        if self.services.catalog is not None and self.compose.restore_autosave():
            self.tabs.setCurrentWidget(self.compose)

    def start_model(self) -> None:
        """Make the configured model's backend and load it in the background; Generate works meanwhile."""
        from copydesk.generation.models import ModelError

        if self.services.catalog is None:
            return
        if self._model_loading:
            # One load at a time (two would hold two models in memory and fight over the cores):
            # the newest settings load as soon as this one ends.
            self._reload_model = True
            return
        try:
            backend, languages = self._make_backend()
        except ModelError as exc:
            self._use_templates(str(exc))
            return
        if backend is None:
            self._use_templates(None)
            return
        from copydesk.generation.pipeline import DraftPipeline

        self.compose.warm_ups_enabled = False  # until this model is loaded
        self.compose.set_pipeline(DraftPipeline(self.services.catalog, self.services.engine, backend, model_languages=languages))
        self._set_model_state("loading", fill(self.tr("Model: loading %1…"), backend.model_id))
        self._model_job = workers.FunctionJob(lambda progress: backend.load())
        if hasattr(backend, "progress"):  # the local backends report a first start's conversion step by step
            backend.progress = self._model_job.signals.progress.emit
        self._model_job.signals.result.connect(lambda _: self._load_ended() or self._model_ready(backend, languages))
        self._model_job.signals.failed.connect(lambda problem: self._load_ended() or self._use_templates(problem))
        self._model_loading = True
        indicator = ModelLoadIndicator(self.model_label, backend.model_id).follow(self._model_job)
        self.statusBar().insertPermanentWidget(0, indicator)
        workers.start(self._model_job)

    def _load_ended(self) -> bool:
        """The background load is over; True when newer settings came meanwhile (and now load)."""
        self._model_loading = False
        if not self._reload_model:
            return False
        self._reload_model = False
        self.start_model()
        return True

    def _make_backend(self):
        if self.services.backend_factory is not None:
            return self.services.backend_factory()
        from copydesk.generation.factory import make_backend

        return make_backend(self.services.settings.model)

    def _model_ready(self, backend, languages) -> None:
        names = ", ".join({"en": "English", "zh": "中文"}[lang] for lang in languages)
        others = self.tr("; other languages use copy templates") if set(languages) != {"en", "zh"} else ""
        self._set_model_state("ready", fill(self.tr("Model ready: %1 (%2)%3"), backend.model_id, names, others))
        # Compute the selected request's prompt now, in the background: the first Generate then
        # starts streaming in well under a second instead of first reading ~300 prompt tokens.
        # From now on the compose view does this again whenever the request changes.
        self.compose.warm_ups_enabled = True
        self.compose.start_warm_up()

    def _use_templates(self, problem: str | None) -> None:
        """No model (by choice or because it failed): drafts come from the copy templates."""
        if self.services.catalog is None:
            return
        from copydesk.generation.pipeline import DraftPipeline

        self.compose.set_pipeline(DraftPipeline(self.services.catalog, self.services.engine, None))
        if problem:
            self.banner.show_message(self.tr("The model could not load, so drafts come from the copy templates until it is fixed "
                                             "(Admin → Model): ") + problem)
            self._set_model_state("templates", self.tr("Model unavailable: using copy templates"))
        else:
            self._set_model_state("templates", self.tr("Drafts from copy templates (no model configured)"))

    def refresh_setup(self) -> None:
        """Re-read who the user is and what is set up: the Admin page and the first-start checklist."""
        self.admin.refresh()
        self.checklist.refresh()

    def _set_model_state(self, state: str, text: str) -> None:
        self.model_state = state
        self.model_label.setText(text)
        self.model_state_changed.emit(state)

    # --- wiring ------------------------------------------------------------------------

    def _generate_shortcut(self) -> None:
        if self.tabs.currentWidget() is self.compose:
            self.compose.generate()

    def _show_inbox_badge(self, count: int) -> None:
        """The Compose tab says how much waits in the inbox."""
        title = self.tr("Compose")
        self.tabs.setTabText(PAGES.index("compose"), fill(self.tr("%1 (%2)"), title, count) if count else title)
        self.tabs.setTabToolTip(PAGES.index("compose"), fill(self.tr("%1 item(s) in your inbox"), count) if count else "")

    def show_page(self, page: str) -> None:
        self.tabs.setCurrentIndex(PAGES.index(page))

    def reuse(self, version) -> None:
        self.compose.start_from(version)
        self.show_page("compose")

    def set_catalog(self, catalog) -> None:
        """Use another catalog: the Compose lists, and the model's prompt cache, follow it."""
        if catalog is not self.services.catalog:
            self.services.use_catalog(catalog)
        self.compose.fill_pickers()
        self.start_model()

    def _language_changed(self, language: str) -> None:
        self.banner.show_message(self.tr("The interface language changes the next time copydesk starts."), "info")

    def _page_shown(self, index: int) -> None:
        view = self.tabs.widget(index)
        if hasattr(view, "refresh") and view is not self.compose:
            view.refresh()

    # --- layout memory (in settings.json, so IT's COPYDESK_HOME and tests are honoured) ---

    def _restore_layout(self) -> None:
        saved = self.services.settings.extra.get("window", {})
        if saved.get("geometry"):
            self.restoreGeometry(QByteArray.fromBase64(saved["geometry"].encode("ascii")))
        if saved.get("page") in PAGES:
            self.show_page(saved["page"])
        choices = saved.get("compose", {})
        if choices:
            self.compose.select(choices.get("product"), choices.get("segment"), choices.get("channel"), choices.get("lang"))

    def save_layout(self) -> None:
        compose = self.compose
        self.services.settings.extra["window"] = {
            "geometry": bytes(self.saveGeometry().toBase64()).decode("ascii"),
            "page": PAGES[self.tabs.currentIndex()],
            "compose": {"product": compose.product_picker.currentData(), "segment": compose.segment_picker.currentData(),
                        "channel": compose.channel(), "lang": compose.language()},
        }
        try:
            config.save_settings(self.services.settings)
        except OSError:
            pass  # the layout is a convenience; never block closing on it

    def closeEvent(self, event) -> None:
        self.compose.autosave()
        self.compose.cancel()
        self.save_layout()
        super().closeEvent(event)
