"""PDF output of approval records through Qt's text layout (fonts with CJK coverage included)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ensure_gui_application():
    """Qt needs an application object to lay out text; from the CLI on a headless Linux box, go offscreen."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv else "copydesk"])
    return app


def html_to_pdf(html: str, path: Path) -> Path:
    """Render HTML to an A4 PDF; written beside the target and renamed so it appears whole."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    ensure_gui_application()
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(partial))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15), QPageLayout.Millimeter))
    writer.setTitle("copydesk approval record")
    writer.setCreator("copydesk")
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # closes the file
    if not partial.exists() or partial.stat().st_size == 0:
        raise OSError(f"{path}: the PDF could not be written")
    partial.replace(path)
    return path
