"""The Admin page: one tab per job (catalog, rule packs, users, model, paths and language).

Each tab is its own widget over the shared services; this page only puts them side by side,
passes their signals on and refreshes a tab when it is shown, so what it shows (who the user
is, above all) is never older than the last look.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from copydesk.ui.admin.catalog_tab import CatalogTab
from copydesk.ui.admin.model_tab import ModelTab
from copydesk.ui.admin.paths_tab import PathsTab
from copydesk.ui.admin.rules_tab import RulesTab
from copydesk.ui.admin.users_tab import UsersTab
from copydesk.ui.common import named

TABS = ("catalog", "rules", "users", "model", "paths")


class AdminView(QWidget):
    """Catalog, rule packs, users, model, paths and interface language."""

    catalog_changed = Signal(object)  # the new Catalog, already saved in settings
    language_changed = Signal(str)  # "en" or "zh_CN"; the main window applies it
    model_changed = Signal(str)  # the new model setting: "default", "template" or a path
    examples_finished = Signal(int, list)  # examples run, failures
    model_verified = Signal(dict)  # describe() of the configured model
    model_checked = Signal(str)  # a model check passed and was remembered for the first-start checklist
    users_changed = Signal()  # a user added, changed or (de)activated; a role request decided

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.catalog_tab = CatalogTab(services)
        self.rules_tab = RulesTab(services)
        self.users_tab = UsersTab(services)
        self.model_tab = ModelTab(services)
        self.paths_tab = PathsTab(services)
        self.tabs = named(QTabWidget(), "adminTabs")
        self.tabs.addTab(self.catalog_tab, self.tr("Catalog"))
        self.tabs.addTab(self.rules_tab, self.tr("Rule packs"))
        self.tabs.addTab(self.users_tab, self.tr("Users"))
        self.tabs.addTab(self.model_tab, self.tr("Model"))
        self.tabs.addTab(self.paths_tab, self.tr("Paths and language"))
        self.tabs.currentChanged.connect(lambda index: self.tabs.widget(index).refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.catalog_tab.catalog_changed.connect(self.catalog_changed)
        self.rules_tab.examples_finished.connect(self.examples_finished)
        self.users_tab.users_changed.connect(self.users_changed)
        self.model_tab.model_changed.connect(self.model_changed)
        self.model_tab.model_verified.connect(self.model_verified)
        self.model_tab.model_checked.connect(self.model_checked)
        self.paths_tab.language_changed.connect(self.language_changed)
        # Roles decide which controls are enabled; a change to them shows at once.
        self.users_tab.users_changed.connect(self.catalog_tab.refresh)
        self.users_tab.users_changed.connect(self.model_tab.refresh)

        # What callers (the main window, the first-start checklist, tests) use, from the tab that does it.
        self.import_catalog = self.catalog_tab.import_catalog
        self.show_catalog = self.catalog_tab.show_catalog
        self.run_examples = self.rules_tab.run_examples
        self.show_packs = self.rules_tab.show_packs
        self.show_house_rules_folder = self.rules_tab.show_house_rules_folder
        self.show_users = self.users_tab.show_users
        self.show_role_requests = self.users_tab.show_role_requests
        self.add_user = self.users_tab.add_user
        self.set_user_active = self.users_tab.set_user_active
        self.decide_role_request = self.users_tab.decide_role_request
        self.is_admin = self.users_tab.is_admin
        self.show_model = self.model_tab.show_model
        self.show_adapters = self.model_tab.show_adapters
        self.set_model_setting = self.model_tab.set_model_setting
        self.set_model_folder = self.model_tab.set_model_folder
        self.set_adapter = self.model_tab.set_adapter
        self.verify_model = self.model_tab.verify_model
        self.learn_from_library = self.model_tab.learn_from_library
        self.cancel_learning = self.model_tab.cancel_learning
        self.set_ui_language = self.paths_tab.set_ui_language

    def refresh(self) -> None:
        """Read everything again: who the user is and may do, the catalog, packs, users and model."""
        for index in range(self.tabs.count()):
            self.tabs.widget(index).refresh()

    def show_tab(self, name: str) -> None:
        """Bring a tab forward by its name in TABS ("catalog", "rules", "users", "model", "paths")."""
        index = TABS.index(name)
        if self.tabs.currentIndex() == index:
            self.tabs.currentWidget().refresh()
        else:
            self.tabs.setCurrentIndex(index)  # currentChanged refreshes it
