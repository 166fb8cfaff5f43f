"""Changing copydesk's setup, and who may: the catalog in use, the model (its setting, a model
folder, the copy adapter, learning a new adapter) and the interface language.

Admin → Catalog / Model and the `copydesk` commands call these same functions, so the window
cannot do what the CLI refuses: only an admin installs a catalog or changes the model; anyone
picks their own interface language. A refusal names the admins to ask.

settings.json is re-read before each change and written whole, so the keys other parts of
copydesk keep there (window layout, inbox, onboarding) survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Callable

from copydesk import config
from copydesk.enums import Role
from copydesk.store import repository
from copydesk.store.repository import User
from copydesk.workflow import NotAllowed, Workflow

UI_LANGUAGES = ("en", "zh_CN")


class Change(StrEnum):
    """A change to copydesk's setup that needs a role."""

    CATALOG = "catalog"
    MODEL = "model"
    MODEL_FOLDER = "model_folder"
    ADAPTER = "adapter"
    LEARNING = "learning"


# The workflow permission (workflow.PERMISSIONS) each change needs, and how a refusal names it.
PERMISSION = {
    Change.CATALOG: "install_catalog",
    Change.MODEL: "configure_model",
    Change.MODEL_FOLDER: "configure_model",
    Change.ADAPTER: "configure_model",
    Change.LEARNING: "configure_model",
}
WHAT = {
    Change.CATALOG: "import a catalog",
    Change.MODEL: "change the model",
    Change.MODEL_FOLDER: "change the model folder",
    Change.ADAPTER: "change the copy adapter",
    Change.LEARNING: "learn from approved copy",
}


class AdminOnly(NotAllowed):
    """A change only an admin may make; `admins` are the people to ask (names, else logins)."""

    def __init__(self, change: Change, admins: tuple[str, ...]):
        self.change = change
        self.admins = admins
        super().__init__(f"Only an admin can {WHAT[change]} — ask {', '.join(admins) or 'your copydesk admin'}")


class SettingsNotSaved(Exception):
    """settings.json could not be written; the message names the file and the reason."""


@dataclass(frozen=True)
class Permission:
    """Whether the acting user may make a change; when not, whom to ask."""

    change: Change
    allowed: bool
    admins: tuple[str, ...]


# --- who is who ----------------------------------------------------------------------------

def acting_user(workflow: Workflow) -> User | None:
    """The signed-in person, or None when they are not (or no longer) an active copydesk user."""
    try:
        return workflow.user
    except NotAllowed:
        return None


def users(workflow: Workflow) -> list[User]:
    """Everyone who has ever been a user, by login (deactivated ones too: the record names them)."""
    return repository.list_users(workflow.store)


def find_user(workflow: Workflow, login: str) -> User | None:
    return repository.get_user(workflow.store, login)


def admin_names(workflow: Workflow) -> tuple[str, ...]:
    """The active admins as people know them (their name, else their login)."""
    return tuple(user.name or user.login for user in users(workflow) if user.has(Role.ADMIN))


def permission(workflow: Workflow | None, change: Change) -> Permission:
    """May the acting user make `change`? Without a database nobody can be checked, so no."""
    if workflow is None:
        return Permission(change, False, ())
    try:
        workflow.require(PERMISSION[change])
    except NotAllowed:
        return Permission(change, False, admin_names(workflow))
    return Permission(change, True, ())


def require(workflow: Workflow | None, change: Change) -> None:
    """AdminOnly (a NotAllowed) unless the acting user may make `change`."""
    allowed = permission(workflow, change)
    if not allowed.allowed:
        raise AdminOnly(change, allowed.admins)


# --- settings ------------------------------------------------------------------------------

def update_settings(**changes) -> config.Settings:
    """Re-read settings.json, apply `changes` (known keys or extras) and save it whole.
    SettingsError when the file is broken, SettingsNotSaved when it cannot be written."""
    settings = config.load_settings()
    for key, value in changes.items():
        if key in config.Settings.KNOWN:
            setattr(settings, key, value)
        else:
            settings.extra[key] = value
    try:
        config.save_settings(settings)
    except OSError as exc:
        raise SettingsNotSaved(f"{config.settings_path()}: {exc.strerror or exc}") from exc
    return settings


def change_model(workflow: Workflow | None, setting: str) -> config.Settings:
    """Save the model setting ("default", "template", a bundled model's name or a folder); admins only."""
    require(workflow, Change.MODEL)
    return update_settings(model=setting)


def change_model_folder(workflow: Workflow | None, folder: str | Path) -> config.Settings:
    """Use a local model folder; admins only. ModelError (setting unchanged) when copydesk cannot load it."""
    from copydesk.generation.models import resolve_model

    require(workflow, Change.MODEL_FOLDER)
    spec = resolve_model(str(folder))
    return update_settings(model=str(spec.path))


def change_adapter(workflow: Workflow | None, adapter: str) -> config.Settings:
    """Save the copy adapter in use ("house", "none" or a learned one); admins only."""
    require(workflow, Change.ADAPTER)
    return update_settings(adapter=adapter)


def change_ui_language(code: str) -> config.Settings:
    """Save the interface language (anyone may; it applies at the next start)."""
    if code not in UI_LANGUAGES:
        raise ValueError(f"unknown interface language {code!r}; choose from: {', '.join(UI_LANGUAGES)}")
    return update_settings(ui_language=code)


def install_catalog(workflow: Workflow | None, path: str | Path):
    """Install a catalog as the one in use (catalog_install.install_catalog); admins only."""
    from copydesk.catalog_install import install_catalog as install

    require(workflow, Change.CATALOG)
    return install(workflow, path)


def learn_adapter(workflow: Workflow | None, *, epochs: int = 2, progress: Callable[[dict], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> dict:
    """Train a new copy adapter on the library's approved copy into a new learned folder (the
    previous adapters stay); admins only. The training record, plus its "adapter" name and "path"."""
    from copydesk.generation import learning
    from copydesk.generation.adapters import new_learned_folder

    require(workflow, Change.LEARNING)
    out = new_learned_folder()
    record = learning.learn_from_library(workflow.store, workflow.catalog, out, epochs=epochs, progress=progress, cancel=cancel)
    return {**record, "adapter": out.name, "path": str(out)}
