"""What the Admin tabs share: table and field helpers, the acting user's workflow, background
jobs, and the line that says why a control is disabled ("Only an admin can … — ask …")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem

from copydesk.app.settings_changes import AdminOnly, Change, Permission
from copydesk.ui.common import fill, named
from copydesk.ui.workers import FunctionJob, start
from copydesk.workflow import Workflow

CONTEXT = "admin"
# What a refusal says a non-admin cannot do, in the interface language (settings_changes.WHAT in English).
CHANGE_NAMES = {
    Change.CATALOG: QT_TRANSLATE_NOOP("admin", "import a catalog"),
    Change.MODEL: QT_TRANSLATE_NOOP("admin", "change the model"),
    Change.MODEL_FOLDER: QT_TRANSLATE_NOOP("admin", "change the model folder"),
    Change.ADAPTER: QT_TRANSLATE_NOOP("admin", "change the copy adapter"),
    Change.LEARNING: QT_TRANSLATE_NOOP("admin", "learn from approved copy"),
}
NOTE_STYLE = "color:#5f6368;"


def admin_only_text(what: str, admins: tuple[str, ...]) -> str:
    """"Only an admin can <what> — ask Ada Admin, Dana", translated (`what` already is)."""
    if not admins:
        return fill(QCoreApplication.translate("admin", "Only an admin can %1 — ask your copydesk admin"), what)
    separator = QCoreApplication.translate("common", ", ", "between the names in a list")
    return fill(QCoreApplication.translate("admin", "Only an admin can %1 — ask %2"), what, separator.join(admins))


def refusal_text(refusal: Permission | AdminOnly) -> str:
    """Why the acting user may not make a change (a Permission or an AdminOnly), translated."""
    return admin_only_text(QCoreApplication.translate(CONTEXT, CHANGE_NAMES[refusal.change]), refusal.admins)


def permission_line(name: str) -> QLabel:
    """The visible line beside controls a non-admin sees disabled (hidden for admins)."""
    label = named(QLabel(), name)
    label.setWordWrap(True)
    label.setStyleSheet("color:#7a4b00;")
    label.hide()
    return label


def acting_workflow(services) -> Workflow | None:
    """The workflow acting as the signed-in user; None when the database cannot be opened.
    Unlike services.workflow() it needs no catalog, so an admin can manage users (and fix the
    catalog) while the catalog is broken."""
    store = services.store
    if store is None:
        return None
    return Workflow(store, services.catalog, services.engine, services.acting_as())


def read_only_line(name: str, text: str = "") -> QLineEdit:
    line = named(QLineEdit(text), name)
    line.setReadOnly(True)
    line.setCursorPosition(0)
    return line


def note(text: str) -> QLabel:
    """A grey explanatory paragraph under a tab's controls."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def table(name: str, headers: list[str]) -> QTableWidget:
    widget = named(QTableWidget(0, len(headers)), name)
    widget.setHorizontalHeaderLabels(headers)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.verticalHeader().setVisible(False)
    widget.setAlternatingRowColors(True)
    widget.setTabKeyNavigation(False)  # Tab leaves the table, as in every form
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    widget.horizontalHeader().setStretchLastSection(True)
    return widget


def fit_height(widget: QTableWidget, most: int = 360) -> None:
    """Make a short table as tall as its rows (up to `most` pixels, then it scrolls), so the
    page's spare space stays below it."""
    height = widget.horizontalHeader().sizeHint().height() + widget.verticalHeader().length() + 2 * widget.frameWidth()
    if widget.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        height += widget.horizontalScrollBar().sizeHint().height()  # room for it when values are wide
    widget.setFixedHeight(min(height, most))


def item(text: str, tooltip: str = "") -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if tooltip:
        cell.setToolTip(tooltip)
    return cell


class Jobs:
    """Background jobs a tab started, held until they finish (Qt would free a running one)."""

    def __init__(self) -> None:
        self._running: set[FunctionJob] = set()

    def run(self, fn, on_result, on_failed) -> FunctionJob:
        job = FunctionJob(fn)
        job.signals.result.connect(on_result)
        job.signals.failed.connect(on_failed)
        job.signals.finished.connect(lambda: self._running.discard(job))
        self._running.add(job)
        return start(job)
