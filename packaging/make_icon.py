"""Draw copydesk's application icon and write assets/icons/copydesk.ico (PNG images inside an ICO).

Run once when the artwork changes (`python packaging/make_icon.py`); the .ico is committed, so a
build needs no image tools. Windows uses it for the .exe, the installer and the shortcuts.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 256)
OUT = Path(__file__).resolve().parents[1] / "assets" / "icons" / "copydesk.ico"


def draw_png(size: int) -> bytes:
    """One square PNG: a page with a check mark, in the app's blue."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 16
    page = QPainterPath()
    page.addRoundedRect(QRectF(1.5 * unit, 0.5 * unit, 13 * unit, 15 * unit), 2 * unit, 2 * unit)
    painter.fillPath(page, QColor("#1f4e8c"))
    pen = QPen(QColor("#ffffff"), max(1.0, 1.6 * unit), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    if size >= 32:  # lines of copy; too fine to read below 32 px
        thin = QPen(QColor("#9fc1ea"), max(1.0, 0.9 * unit), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(thin)
        for row in (3.5, 5.5):
            painter.drawLine(QPointF(4 * unit, row * unit), QPointF(12 * unit, row * unit))
        painter.setPen(pen)
    check = QPainterPath(QPointF(4.5 * unit, 10 * unit))
    check.lineTo(QPointF(7 * unit, 12.5 * unit))
    check.lineTo(QPointF(11.5 * unit, 7.5 * unit))
    painter.drawPath(check)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QImage text/paint needs one
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(ico([(size, draw_png(size)) for size in SIZES]))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
