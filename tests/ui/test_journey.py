"""A working day in the real window, by keyboard where a person would use it.

First start as admin, add a reviewer and a marketer; the marketer generates, edits and submits;
the reviewer requests changes; the marketer finds it in her inbox, revises it as version 2 and
resubmits; the reviewer sees what changed since she returned it and approves (after the
confirmation); the copy is in the library and its record is exported. One database file,
three people, each in their own window (as on three PCs)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QMessageBox, QPushButton

from copydesk.generation.fake_backend import FakeBackend
from copydesk.ui.main_window import MainWindow
from copydesk.ui.services import AppServices
from copydesk.workflow import Workflow
from tests.ui.conftest import GOOD_EN_MODEL

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def fake_factory():
    return FakeBackend(pool=[GOOD_EN_MODEL]), ("en",)


@pytest.fixture
def day(qtbot, tmp_path, catalog, engine):
    """Open the window as someone on the shared database file; each is closed at the end."""
    db = tmp_path / "team.db"
    opened: list[tuple[MainWindow, AppServices]] = []

    def open_as(login: str) -> MainWindow:
        for window, services in opened:  # one person at the desk at a time
            if window.isVisible():
                window.close()
        services = AppServices.create(login, catalog, engine, db)
        services.backend_factory = fake_factory
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.model_state == "ready")
        opened.append((window, services))
        return window

    open_as.db = db
    yield open_as
    for window, services in opened:
        qtbot.waitUntil(lambda: not window.review.busy() and window.compose.job is None)
        window.close()
        services.close()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def add_user_by_keyboard(qtbot, window: MainWindow, login: str, role: str) -> None:
    form_login = window.findChild(QLineEdit, "userLogin")
    form_login.clear()
    form_login.setFocus()
    qtbot.keyClicks(form_login, login)
    for name in ("roleMarketer", "roleReviewer", "roleAdmin"):
        box = window.findChild(QCheckBox, name)
        if box.isChecked() != (name == "role" + role.title()):
            press(qtbot, box, Qt.Key.Key_Space)
    press(qtbot, window.findChild(QPushButton, "addUserButton"), Qt.Key.Key_Space)


def test_a_day_from_first_start_to_an_exported_record(qtbot, day, tmp_path, catalog, engine):
    # --- ada installs copydesk: first start makes her admin; she adds a reviewer and a marketer
    ada = day("ada")
    ada.show_page("admin")
    ada.admin.tabs.setCurrentIndex(ada.admin.tabs.indexOf(ada.admin.findChild(object, "usersTab")))
    assert window_form_enabled(ada), "the Users page works on a fresh database"
    add_user_by_keyboard(qtbot, ada, "rita", "reviewer")
    add_user_by_keyboard(qtbot, ada, "mark", "marketer")
    logins = {Workflow(ada.services.store, catalog, engine, "ada").user.login} | {
        u.login for u in _users(ada)}
    assert {"ada", "rita", "mark"} <= logins

    # --- mark writes: Ctrl+Enter generates, he edits the best draft, Tab leaves the editor, submits
    mark = day("mark")
    compose = mark.compose
    mark.show_page("compose")
    compose.select("rewards-card", channel="sms")
    press(qtbot, mark.tabs.tabBar(), Qt.Key.Key_Return, CTRL)  # from the page tabs, too
    qtbot.waitUntil(lambda: compose.cards and all(card.use_button.isEnabled() for card in compose.cards))
    qtbot.waitUntil(lambda: compose.job is None)
    drafts_shown = len(compose.cards)
    press(qtbot, compose.cards[0].use_button, Qt.Key.Key_Space)
    generated = compose.copy_editor.toPlainText()
    assert generated == compose.cards[0].draft.text
    compose.copy_editor.setFocus()
    compose.copy_editor.moveCursor(compose.copy_editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(compose.copy_editor, " Ask us in branch.")
    qtbot.keyClick(compose.copy_editor, Qt.Key.Key_Tab)
    assert "\t" not in compose.copy_editor.toPlainText()
    assert QApplication.focusWidget() is not compose.copy_editor, "Tab leaves the editor"
    press(qtbot, compose.copy_editor, Qt.Key.Key_Return, CTRL_SHIFT)
    qtbot.waitUntil(lambda: "Submitted" in compose.draft_state.text())
    first = compose.session.state.version
    assert first.number == 1 and first.status == "submitted" and first.source == "manual"
    assert drafts_shown == compose.draft_count.value()

    # --- rita reviews by keyboard: the queue, a comment, Ctrl+Shift+E sends it back
    rita = day("rita")
    review = rita.review
    rita.show_page("review")
    review.queue.setFocus()
    qtbot.keyClick(review.queue, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: review.current is not None and review.current.id == first.id)
    review.comment.setFocus()
    qtbot.keyClicks(review.comment, "Say that the card has an annual fee.")
    with qtbot.waitSignal(review.decided):
        qtbot.keyClick(review.comment, Qt.Key.Key_E, CTRL_SHIFT)
    assert review.queue.rowCount() == 0

    # --- mark sees it in his inbox, with the comment beside the text, and revises it as v2
    mark = day("mark")
    assert "(1)" in mark.tabs.tabText(0), "the Compose page carries the inbox badge"
    compose = mark.compose
    compose.left_tabs.setCurrentWidget(compose.inbox)
    item = compose.inbox.current_item()
    assert item is not None and item.version.id == first.id
    assert "annual fee" in compose.inbox.comment.text() and "rita" in compose.inbox.comment.text()
    assert compose.inbox.text_view.toPlainText() == first.text
    press(qtbot, compose.inbox.items, Qt.Key.Key_V, CTRL_SHIFT)  # a button's shortcut clicks it a moment later
    qtbot.waitUntil(lambda: compose.copy_editor.toPlainText() == first.text)
    assert "Revising" in compose.draft_state.text()
    compose.copy_editor.moveCursor(compose.copy_editor.textCursor().MoveOperation.End)
    compose.copy_editor.setFocus()
    qtbot.keyClicks(compose.copy_editor, " Questions? Visit any branch.")
    press(qtbot, compose.copy_editor, Qt.Key.Key_Return, CTRL_SHIFT)
    qtbot.waitUntil(lambda: "Submitted" in compose.draft_state.text())
    second = compose.session.state.version
    assert (second.draft_id, second.number) == (first.draft_id, 2), "a revision is the next version of the same draft"
    compose.inbox.refresh()
    assert compose.inbox.inbox.count == 0 and "(" not in mark.tabs.tabText(0)

    # --- rita: marked resubmitted, the diff is against what she returned; approving asks first
    rita = day("rita")
    review = rita.review
    rita.show_page("review")
    assert review.queue.item(0, 7).text() == "resubmitted"
    review.queue.setFocus()
    qtbot.keyClick(review.queue, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: review.current is not None and review.current.id == second.id)
    assert "Resubmitted" in review.diff_view.toPlainText() and "annual fee" in review.diff_view.toPlainText()
    qtbot.keyClick(review.queue, Qt.Key.Key_A, CTRL_SHIFT)
    qtbot.waitUntil(lambda: review.confirmation is not None)
    box = review.confirmation
    assert isinstance(box, QMessageBox) and second.label.split()[0] in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter alone takes the default: Cancel
    qtbot.waitUntil(lambda: review.confirmation is None)
    assert Workflow(rita.services.store, catalog, engine, "rita").version(second.id).status == "submitted"
    rita.activateWindow()  # the offscreen platform does not hand activation back when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is rita)
    qtbot.keyClick(review.queue, Qt.Key.Key_A, CTRL_SHIFT)
    qtbot.waitUntil(lambda: review.confirmation is not None)
    with qtbot.waitSignal(review.decided):
        press(qtbot, review.confirmation.button(QMessageBox.StandardButton.Yes), Qt.Key.Key_Space)
    approved = Workflow(rita.services.store, catalog, engine, "rita").version(second.id)
    assert approved.status == "approved" and approved.decided_by == "rita"

    # --- the copy is in the library; its record is exported, readable, without diff markup
    library = rita.library
    rita.show_page("library")
    library.search.setFocus()
    qtbot.keyClicks(library.search, "branch")
    library.search_now()
    qtbot.waitUntil(lambda: library.select_version(second.id))
    record = library.save_record(second.id, tmp_path / "record.html")
    html = record.read_text(encoding="utf-8")
    assert "Visit any branch." in html and "rita" in html and "{+" not in html and "[-" not in html

    # --- back at his desk, mark's inbox says it was approved
    mark = day("mark")
    decided = mark.compose.inbox.inbox.decided
    assert [(i.version.id, i.decision) for i in decided] == [(second.id, "approved")]


def window_form_enabled(window: MainWindow) -> bool:
    return window.findChild(QLineEdit, "userLogin").isEnabled() and window.findChild(QPushButton, "addUserButton").isEnabled()


def _users(window: MainWindow):
    from copydesk.store import repository

    return repository.list_users(window.services.store)
