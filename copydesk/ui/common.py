"""Small pieces every view uses: automation names, severity colours, finding highlights, banners."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextEdit, QWidget

SEVERITY_COLOURS = {"block": "#f8c9cf", "warn": "#fde9b8"}
VERDICT_COLOURS = {"pass": "#d7f2dc", **SEVERITY_COLOURS}


def named(widget: QWidget, name: str) -> QWidget:
    """Give a control its stable automation name (objectName and accessible name)."""
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    return widget


def utf16_index(text: str, index: int) -> int:
    """Qt positions count UTF-16 units; findings count code points (astral characters differ)."""
    return len(text[:index].encode("utf-16-le")) // 2


def _field(finding, name: str):
    return finding[name] if isinstance(finding, dict) else getattr(finding, name)


def highlight_findings(editor: QTextEdit, findings) -> None:
    """Mark finding spans by severity (Finding objects or their JSON dicts), with the message,
    suggestion and citation as the tooltip; the text and its undo history are untouched."""
    text = editor.toPlainText()
    selections = []
    for finding in findings:
        selection = QTextEdit.ExtraSelection()
        selection.format = QTextCharFormat()
        selection.format.setBackground(QColor(SEVERITY_COLOURS.get(_field(finding, "severity"), "#eeeeee")))
        tip = f"{_field(finding, 'message')}\nSuggestion: {_field(finding, 'suggestion')}\n{_field(finding, 'rule')}: {_field(finding, 'citation')}"
        selection.format.setToolTip(tip)
        cursor = QTextCursor(editor.document())
        cursor.setPosition(utf16_index(text, min(_field(finding, "start"), len(text))))
        cursor.setPosition(utf16_index(text, min(_field(finding, "end"), len(text))), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selections.append(selection)
    editor.setExtraSelections(selections)


def style_verdict(label: QLabel, verdict: str) -> None:
    """A coloured PASS / WARN / BLOCK badge (empty for no verdict)."""
    label.setText(verdict.upper() if verdict else "")
    colour = VERDICT_COLOURS.get(verdict)
    label.setStyleSheet(f"background:{colour};padding:2px 8px;border-radius:3px;font-weight:bold;" if colour else "")


def describe_finding(finding, text: str) -> str:
    """Several lines for a findings list: severity, category, the words, message, fix, citation."""
    quoted = text[_field(finding, "start"):_field(finding, "end")]
    return (f"{_field(finding, 'severity').upper()} · {_field(finding, 'category')} · “{quoted}”\n{_field(finding, 'message')}\n"
            f"Suggestion: {_field(finding, 'suggestion')}\nRule {_field(finding, 'rule')}: {_field(finding, 'citation')}")


class Banner(QWidget):
    """A dismissable message strip: what happened and what to do (never a traceback dialog)."""

    STYLES = {
        "error": "background:#fde7e9;color:#7a1020;",
        "info": "background:#e7f0fd;color:#103a7a;",
        "ok": "background:#e3f6e6;color:#14532d;",
    }

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        named(self, name)
        self.label = named(QLabel(), name + "Text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("×")
        close.setFlat(True)
        close.setAccessibleName(name + "Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.setStyleSheet(self.STYLES[kind] + "border-radius:4px;")
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text()
