"""UI fixtures: real widgets offscreen, a real database file, the fake model for speed."""

from __future__ import annotations

import pytest

from copydesk.store.db import Store

from copydesk.generation.fake_backend import SLOT_FORM_ANSWER, FakeBackend
from copydesk.generation.pipeline import DraftPipeline
from copydesk.ui.services import AppServices
from copydesk.workflow import Workflow

# What the fake model writes: slot-form parts (the pipeline fills {points} from the facts).
GOOD_EN_MODEL = SLOT_FORM_ANSWER
BAD_EN_MODEL = "body: The best card ever, guaranteed approval!\ncta: Apply now.\nheadline: The best card ever"
GOOD_EN = "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval."


@pytest.fixture
def services(tmp_path, catalog, engine):
    """Services for 'alice' (marketer) on a fresh database with a reviewer 'bob'."""
    created = AppServices.create("alice", catalog, engine, tmp_path / "ui.db")
    admin = Workflow(created.store, catalog, engine, "it-admin")
    admin.add_user("it-admin", ["admin"])
    admin.add_user("alice", ["marketer"])
    admin.add_user("bob", ["reviewer"])
    yield created
    created.close()


@pytest.fixture
def fake_pipeline(catalog, engine):
    """The pipeline over a fake model whose answers stream word by word."""
    backend = FakeBackend(pool=[GOOD_EN_MODEL, BAD_EN_MODEL])
    return DraftPipeline(catalog, engine, backend, model_languages=("en",))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "copydesk.db"


@pytest.fixture
def team(db_path, catalog, engine):
    """Workflows on the same file the views open: alice writes, bob and carol review."""
    store = Store.open(db_path)
    admin = Workflow(store, catalog, engine, "admin")
    admin.add_user("admin", ["admin"])
    admin.add_user("alice", ["marketer"])
    admin.add_user("bob", ["reviewer"])
    admin.add_user("carol", ["reviewer"])
    yield {name: Workflow(store, catalog, engine, name) for name in ("alice", "bob", "carol")}
    store.close()


def controls_without_names_or_tips(view) -> tuple[list[str], list[str]]:
    """(controls a screen reader cannot name, buttons with no tooltip, or whose shortcut the
    tooltip does not name) in a view; Qt's own pieces of a control are left out."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QSpinBox, QWidget

    unnamed, untipped = [], []
    for widget in view.findChildren(QWidget):
        if not isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QSpinBox, QAbstractItemView)) or _qt_part(widget):
            continue
        label = getattr(widget, "text", lambda: "")() or widget.objectName()
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {label!r}")
        if isinstance(widget, QAbstractButton):
            shortcut = widget.shortcut().toString()
            if not widget.toolTip() or (shortcut and shortcut not in widget.toolTip()):
                untipped.append(label)
    return unnamed, untipped


def _qt_part(widget) -> bool:
    """A combo's popup list or line edit, a table's corner button, a tab bar's scroll arrows, a
    search box's clear button."""
    from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QTabBar

    if isinstance(widget.parent(), (QTabBar, QLineEdit, QAbstractSpinBox)) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractItemView)) or type(parent).__name__ == "QComboBoxPrivateContainer":
            return True
        parent = parent.parent()
    return False
