"""The Admin page, one module per tab; `AdminView` (view.py) puts them together."""

from copydesk.ui.admin.view import AdminView

__all__ = ["AdminView"]
