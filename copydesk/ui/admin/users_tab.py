"""Admin → Users: who may use copydesk and in which roles; role changes waiting for a second admin.

Who the signed-in person is gets read again on every refresh: on a fresh database the first
person is made admin after the window is built, and the form must then appear without a restart.
Every change goes through the workflow, which enforces the rules (admins only, four-eyes on roles).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copydesk.app import settings_changes
from copydesk.enums import Role
from copydesk.ui.admin.common import acting_workflow, admin_only_text, item, note, table
from copydesk.ui.common import Banner, date_text, fill, named, roles_text, time_text
from copydesk.workflow import RoleRequest, WorkflowError


class UsersTab(QWidget):
    """The users table for everyone; the add-or-change form and role requests for admins."""

    users_changed = Signal()  # a user was added, changed, (de)activated, or a role request decided

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.users_banner = Banner("usersBanner")
        self.users_table = table("usersTable", [self.tr("Login"), self.tr("Name"), self.tr("Roles"), self.tr("Status"),
                                                self.tr("Added by"), self.tr("Added")])
        self.users_table.itemSelectionChanged.connect(self._user_selected)
        self.users_note = named(note(""), "usersNote")

        self.user_form = named(QGroupBox(self.tr("Add or change a user")), "userForm")
        self.user_login = named(QLineEdit(), "userLogin")
        self.user_login.setPlaceholderText(self.tr("Windows login, e.g. alice"))
        self.user_name = named(QLineEdit(), "userName")
        self.user_name.setPlaceholderText(self.tr("Full name (optional)"))
        self.role_boxes: dict[str, QCheckBox] = {}
        role_labels = {Role.MARKETER: self.tr("Marketer"), Role.REVIEWER: self.tr("Reviewer (compliance)"), Role.ADMIN: self.tr("Admin")}
        role_tips = {Role.MARKETER: self.tr("Writes copy and submits it for review"),
                     Role.REVIEWER: self.tr("Approves, returns or rejects other people's copy"),
                     Role.ADMIN: self.tr("Manages users, the catalog, the rules and the model")}
        roles_row = QHBoxLayout()
        for role in Role:
            box = named(QCheckBox(role_labels[role]), "role" + role.value.title())
            box.setToolTip(role_tips[role])
            self.role_boxes[role.value] = box
            roles_row.addWidget(box)
        roles_row.addStretch(1)
        self.add_user_button = named(QPushButton(self.tr("Save user")), "addUserButton")
        self.add_user_button.setToolTip(self.tr("Add this login, or change its name and roles"))
        self.add_user_button.clicked.connect(self._save_user_from_form)
        self.deactivate_button = named(QPushButton(self.tr("Deactivate")), "deactivateUserButton")
        self.deactivate_button.setEnabled(False)
        self.deactivate_button.setToolTip(self.tr("Stop the selected user from signing in; their copy and decisions stay"))
        self.deactivate_button.clicked.connect(self._toggle_selected_user)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_user_button)
        buttons.addWidget(self.deactivate_button)
        buttons.addStretch(1)
        form = QFormLayout(self.user_form)
        form.addRow(self.tr("Login"), self.user_login)
        form.addRow(self.tr("Name"), self.user_name)
        form.addRow(self.tr("Roles"), roles_row)
        form.addRow("", buttons)

        # With two or more admins a role change waits for the other one (four-eyes on roles).
        self.requests_box = named(QGroupBox(self.tr("Role changes waiting for a second admin")), "roleRequests")
        self.requests_list = named(QListWidget(), "roleRequestList")
        self.requests_list.setMaximumHeight(110)  # a few lines; the users table keeps the room
        self.confirm_request_button = named(QPushButton(self.tr("Confirm")), "confirmRoleRequest")
        self.confirm_request_button.setToolTip(self.tr("Apply the selected role change (another admin asked for it)"))
        self.confirm_request_button.clicked.connect(lambda: self.decide_role_request(True))
        self.refuse_request_button = named(QPushButton(self.tr("Refuse")), "refuseRoleRequest")
        self.refuse_request_button.setToolTip(self.tr("Refuse the selected role change; the roles stay as they are"))
        self.refuse_request_button.clicked.connect(lambda: self.decide_role_request(False))
        request_buttons = QHBoxLayout()
        request_buttons.addWidget(self.confirm_request_button)
        request_buttons.addWidget(self.refuse_request_button)
        request_buttons.addStretch(1)
        requests_layout = QVBoxLayout(self.requests_box)
        requests_layout.addWidget(self.requests_list)
        requests_layout.addLayout(request_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.users_banner)
        layout.addWidget(self.users_note)
        layout.addWidget(self.users_table, 1)
        layout.addWidget(self.requests_box)
        layout.addWidget(self.user_form)
        self.refresh()

    def refresh(self) -> None:
        self.show_users()

    def is_admin(self) -> bool:
        """Whether the signed-in person is an active admin now (read afresh each time)."""
        workflow = acting_workflow(self.services)
        user = settings_changes.acting_user(workflow) if workflow is not None else None
        return user is not None and user.has(Role.ADMIN)

    def show_users(self) -> None:
        """Reload the user list and who the signed-in person is; only admins get the form
        (the workflow enforces it anyway)."""
        workflow = acting_workflow(self.services)
        users = settings_changes.users(workflow) if workflow is not None else []
        self.users_table.setRowCount(len(users))
        for row, user in enumerate(users):
            self.users_table.setItem(row, 0, item(user.login))
            self.users_table.setItem(row, 1, item(user.name))
            self.users_table.setItem(row, 2, item(roles_text(user.roles)))
            status = item(self.tr("Active") if user.active else self.tr("Deactivated"))
            if not user.active:
                status.setForeground(Qt.GlobalColor.darkRed)
            self.users_table.setItem(row, 3, status)
            self.users_table.setItem(row, 4, item(user.created_by))
            self.users_table.setItem(row, 5, item(date_text(user.created_at), time_text(user.created_at)))
        admin = self.is_admin()
        self.user_form.setVisible(admin)
        if workflow is None:
            self.users_note.setText(fill(self.tr("The database cannot be opened: %1"), self.services.store_problem or ""))
        elif admin:
            self.users_note.setText(self.tr("Users are never deleted, because the record names them: deactivate "
                                            "someone who leaves. Pick a row to change it."))
        else:
            self.users_note.setText(admin_only_text(self.tr("add or change users"), settings_changes.admin_names(workflow)))
        self.show_role_requests()
        self._user_selected()

    def show_role_requests(self) -> None:
        workflow = acting_workflow(self.services)
        pending = workflow.role_requests() if workflow is not None else []
        self.requests_list.clear()
        for request in pending:
            entry = QListWidgetItem(fill(self.tr("%1 as %2, asked by %3"), request.login, roles_text(request.roles), request.requested_by))
            entry.setData(Qt.ItemDataRole.UserRole, request.id)
            self.requests_list.addItem(entry)
        self.requests_box.setVisible(bool(pending) and self.is_admin())

    def decide_role_request(self, confirm: bool) -> bool:
        """Confirm or refuse the selected role change (not one you asked for yourself)."""
        entry = self.requests_list.currentItem()
        workflow = acting_workflow(self.services)
        if entry is None or workflow is None:
            return False
        request_id = entry.data(Qt.ItemDataRole.UserRole)
        try:
            if confirm:
                user = workflow.confirm_role_request(request_id)
                self.users_banner.show_message(fill(self.tr("Confirmed: %1 is now %2."), user.login, roles_text(user.roles)), "ok")
            else:
                workflow.refuse_role_request(request_id)
                self.users_banner.show_message(self.tr("Refused the role change."), "ok")
        except WorkflowError as exc:
            self.users_banner.show_message(str(exc))
            return False
        self.show_users()
        self.users_changed.emit()
        return True

    def _selected_login(self) -> str | None:
        rows = self.users_table.selectionModel().selectedRows()
        return self.users_table.item(rows[0].row(), 0).text() if rows else None

    def _selected_user(self):
        login = self._selected_login()
        workflow = acting_workflow(self.services) if login else None
        return settings_changes.find_user(workflow, login) if workflow is not None else None

    def _user_selected(self) -> None:
        user = self._selected_user()
        self.deactivate_button.setEnabled(user is not None)
        if user is None:
            self.deactivate_button.setText(self.tr("Deactivate"))
            return
        self.user_login.setText(user.login)
        self.user_name.setText(user.name)
        for role, box in self.role_boxes.items():
            box.setChecked(role in user.roles)
        self.deactivate_button.setText(self.tr("Deactivate") if user.active else self.tr("Reactivate"))

    def _save_user_from_form(self) -> None:
        roles = [role for role, box in self.role_boxes.items() if box.isChecked()]
        self.add_user(self.user_login.text(), roles, self.user_name.text())

    def add_user(self, login: str, roles: list[str], name: str = "") -> bool:
        """Add a user or change their roles and name; refusals go to the users banner."""
        login = login.strip()
        if not login:
            self.users_banner.show_message(self.tr("Type the person's Windows login first."))
            return False
        workflow = acting_workflow(self.services)
        if workflow is None:
            self.users_banner.show_message(fill(self.tr("The database cannot be opened: %1"), self.services.store_problem or ""))
            return False
        try:
            user = workflow.add_user(login, roles, name.strip())
        except WorkflowError as exc:  # NotAllowed included: the message says who may do it
            self.users_banner.show_message(str(exc))
            return False
        if isinstance(user, RoleRequest):  # another admin exists: the change waits for them
            self.users_banner.show_message(fill(self.tr("Asked for %1 (%2): another admin must confirm it (request %3)."),
                                                user.login, roles_text(user.roles), user.id), "ok")
            self.show_role_requests()
            return True
        self.users_banner.show_message(fill(self.tr("Saved %1 (%2)."), user.login, roles_text(user.roles)), "ok")
        self.show_users()
        self.users_changed.emit()
        return True

    def _toggle_selected_user(self) -> None:
        user = self._selected_user()
        if user is not None:
            self.set_user_active(user.login, not user.active)

    def set_user_active(self, login: str, active: bool) -> bool:
        """Deactivate (or reactivate) a user through the workflow."""
        workflow = acting_workflow(self.services)
        if workflow is None:
            return False
        try:
            user = workflow.set_active(login, active)
        except WorkflowError as exc:
            self.users_banner.show_message(str(exc))
            return False
        message = self.tr("%1 is active again.") if user.active else self.tr("%1 is deactivated and can no longer sign in.")
        self.users_banner.show_message(fill(message, user.login), "ok")
        self.show_users()
        self.users_changed.emit()
        return True
