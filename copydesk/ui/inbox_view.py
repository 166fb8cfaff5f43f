"""The marketer's inbox on the Compose page: copy a reviewer returned, with the comment beside the
highlighted text and a Revise button, and approvals or rejections since she last looked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from copydesk.app.inbox import Inbox, InboxItem, last_seen, load_inbox, mark_seen
from copydesk.enums import Status
from copydesk.store.errors import StoreError
from copydesk.ui.common import channel_text, fill, highlight_findings, named, status_text, version_label
from copydesk.ui.services import AppServices


class InboxView(QWidget):
    revise_requested = Signal(object)  # the Version to revise
    count_changed = Signal(int)  # what the badge shows

    def __init__(self, services: AppServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.inbox = Inbox((), ())
        self.items = named(QListWidget(), "inboxList")
        self.items.setWordWrap(True)
        self.items.setAccessibleDescription(self.tr("Copy returned to you, then decisions since you last looked"))
        self.items.currentRowChanged.connect(self._show_item)
        self.empty = named(QLabel(self.tr("Nothing waiting for you: no copy was returned, and no decisions since you last looked.")),
                           "inboxEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color:#555;padding:8px;")
        self.text_view = named(QTextEdit(), "inboxText")
        self.text_view.setReadOnly(True)
        self.text_view.setTabChangesFocus(True)
        self.comment = named(QLabel(), "inboxComment")
        self.comment.setWordWrap(True)
        self.comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comment.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.comment.setStyleSheet("background:#fff8e1;border:1px solid #e0c060;border-radius:4px;padding:6px;")
        self.revise_button = named(QPushButton(self.tr("Revise")), "inboxRevise")
        self.revise_button.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.revise_button.setToolTip(self.tr("Open the next version of this draft in the editor (Ctrl+Shift+V)"))
        self.revise_button.setEnabled(False)
        self.revise_button.clicked.connect(self._revise)
        self.mark_read_button = named(QPushButton(self.tr("Mark decisions as read")), "inboxMarkRead")
        self.mark_read_button.setToolTip(self.tr("Clear approvals and rejections from the inbox; returned copy stays until you revise it"))
        self.mark_read_button.clicked.connect(self.mark_read)

        reading = QSplitter(Qt.Orientation.Horizontal)
        reading.addWidget(self.text_view)
        reading.addWidget(self.comment)
        reading.setSizes([260, 160])
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_read_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revise_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.items, 1)
        layout.addWidget(reading, 2)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        workflow = self.services.workflow()
        try:
            self.inbox = load_inbox(workflow, last_seen(workflow, self.services.settings)) if workflow else Inbox((), ())
        except Exception:  # a database problem shows in the window's banner; the inbox just stays empty
            self.inbox = Inbox((), ())
        keep = self.current_item()
        self.items.blockSignals(True)
        self.items.clear()
        for item in self.inbox.returned + self.inbox.decided:
            entry = QListWidgetItem(self._summary(item))
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.items.addItem(entry)
        self.items.blockSignals(False)
        has_items = bool(self.inbox.count)
        self.empty.setVisible(not has_items)
        self.mark_read_button.setEnabled(bool(self.inbox.decided))
        rows = [r for r in range(self.items.count()) if keep and self.items.item(r).data(Qt.ItemDataRole.UserRole).version.id == keep.version.id]
        self.items.setCurrentRow(rows[0] if rows else (0 if has_items else -1))
        self._show_item(self.items.currentRow())
        self.count_changed.emit(self.inbox.count)

    def _summary(self, item: InboxItem) -> str:
        product = self._product_name(item.version.product_id)
        what = (self.tr("Returned to you") if item.decision == Status.CHANGES_REQUESTED else status_text(item.decision).capitalize())
        return fill(self.tr("%1: %2 · %3 · %4 — by %5"), what, version_label(item.version), product,
                    channel_text(item.version.channel), item.reviewer)

    def _product_name(self, product_id: str) -> str:
        try:
            return self.services.catalog.product(product_id).name
        except Exception:
            return product_id

    def current_item(self) -> InboxItem | None:
        entry = self.items.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _show_item(self, _row: int = -1) -> None:
        item = self.current_item()
        self.revise_button.setEnabled(item is not None and item.decision == Status.CHANGES_REQUESTED)
        if item is None:
            self.text_view.clear()
            self.comment.clear()
            highlight_findings(self.text_view, [])
            return
        self.text_view.setPlainText(item.version.text)
        highlight_findings(self.text_view, item.findings)
        comment = item.comment or self.tr("(no comment)")
        self.comment.setText(fill(self.tr("%1 (%2):\n“%3”"), item.reviewer, status_text(item.decision), comment))

    def _revise(self) -> None:
        item = self.current_item()
        if item is not None and item.decision == Status.CHANGES_REQUESTED:
            self.revise_requested.emit(item.version)

    def mark_read(self) -> None:
        workflow = self.services.workflow()
        if workflow is None:
            return
        try:
            mark_seen(workflow)
        except StoreError:
            pass  # a read mark is a convenience: the inbox still works, and says so next time
        self.refresh()
