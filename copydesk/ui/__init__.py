"""The PySide6 desktop app: the only package in copydesk that imports Qt."""
