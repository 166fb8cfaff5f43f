"""What the window's views share: who is signed in, the catalog, rules, database and model.

Views get this object in their constructor (no globals, no widget-tree lookups). It holds no
business rules: those live in copydesk.workflow and copydesk.generation, called from here.
Views read the catalog and the settings from here each time (never a copy of their own) and
change them only through `use_catalog` / `use_settings`, which tell whoever subscribed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from copydesk import config
from copydesk.catalog import Catalog
from copydesk.identity import Identity
from copydesk.rules.engine import RuleEngine
from copydesk.store.db import Store, library_target
from copydesk.store.errors import StoreError
from copydesk.workflow import Workflow


@dataclass
class AppServices:
    user: str
    catalog: Catalog | None
    engine: RuleEngine
    db_path: Path | str  # a SQLite file, or a team library's postgresql:// URL
    settings: config.Settings = field(default_factory=config.Settings)
    problems: list[str] = field(default_factory=list)  # shown in the window's banner
    # How the Compose view gets a model backend: (backend or None, languages it writes).
    backend_factory: Callable[[], tuple[object | None, tuple[str, ...]]] | None = None
    store_problem: str | None = None
    identity: Identity | None = None  # from identity.resolve(); None: `user` as given (tests)
    _store: Store | None = None
    _listeners: list[Callable[[str], None]] = field(default_factory=list)

    @classmethod
    def create(cls, user: str | Identity, catalog: Catalog | None, engine: RuleEngine, db_path: str | Path | None = None, **kwargs) -> "AppServices":
        if isinstance(user, Identity):
            kwargs["identity"], user = user, user.login
        try:
            target = library_target(db_path)
        except StoreError as exc:
            target, kwargs["store_problem"] = Path(db_path or "copydesk.db"), str(exc)
        services = cls(user=user, catalog=catalog, engine=engine, db_path=target, **kwargs)
        services.store  # open now, so a database problem shows in the banner at start-up
        if services.store is not None and services.store.authenticated_login:
            services.user, services.identity = services.store.authenticated_login, None  # the server says who this is
        if services.store is not None and engine is not None:
            try:
                Workflow(services.store, catalog, engine, services.acting_as()).record_rule_packs()
            except StoreError as exc:
                services.problems.append(f"The rule packs in force could not be recorded in the audit log: {exc}")
        return services

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Call `listener("catalog")` or `listener("settings")` after each change."""
        self._listeners.append(listener)

    def use_catalog(self, catalog: Catalog) -> None:
        """The catalog just installed (settings_changes.install_catalog) is the one in use."""
        self.catalog = catalog
        self._changed("catalog")

    def use_settings(self, settings: config.Settings) -> None:
        """Settings just saved by copydesk.app.settings_changes (or onboarding) are in force."""
        self.settings = settings
        self._changed("settings")

    def _changed(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)

    @property
    def store(self) -> Store | None:
        """The GUI thread's connection; None (with `store_problem` set) when the file cannot be used."""
        if self._store is None and self.store_problem is None:
            try:
                self._store = Store.open(self.db_path, witness=self.witness())
            except StoreError as exc:
                self.store_problem = str(exc)
        return self._store

    def workflow(self) -> Workflow | None:
        """The workflow acting as the signed-in user, on the GUI thread's connection."""
        if self.store is None or self.catalog is None:
            return None
        return Workflow(self.store, self.catalog, self.engine, self.acting_as())

    def open_workflow(self) -> Workflow:
        """A workflow on a fresh connection, for a worker thread (close its .store when done)."""
        return Workflow(Store.open(self.db_path, witness=self.witness()), self.catalog, self.engine, self.acting_as())

    def acting_as(self) -> Identity | str:
        return self.identity if self.identity is not None and self.identity.login == self.user else self.user

    def witness(self):
        from copydesk.store.witness import Witness

        return Witness(self.settings.witness) if self.settings.witness else None

    @property
    def overridden_os_login(self) -> str:
        """The OS login when the identity was overridden (the window title says so); '' normally."""
        if self.identity is not None and self.identity.overridden:
            return self.identity.os_login
        return ""

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
