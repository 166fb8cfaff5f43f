"""Small pieces every view uses: automation names, severity colours, finding highlights, banners,
and the interface names of stored codes (statuses, verdicts, channels …)."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextEdit, QToolTip, QWidget

from copydesk import labels
from copydesk.catalog import CHANNELS

SEVERITY_COLOURS = {"block": "#f8c9cf", "warn": "#fde9b8"}
VERDICT_COLOURS = {"pass": "#d7f2dc", **SEVERITY_COLOURS}

# Codes stored in the database and the rule packs stay English; these are their names on screen.
# QT_TRANSLATE_NOOP lets lupdate see the literals, which are translated where they are shown.
CONTEXT = "common"
VERDICT_NAMES = {"pass": QT_TRANSLATE_NOOP("common", "PASS"), "warn": QT_TRANSLATE_NOOP("common", "WARN"),
                 "block": QT_TRANSLATE_NOOP("common", "BLOCK")}
STATUS_NAMES = {
    "draft": QT_TRANSLATE_NOOP("common", "draft"),
    "submitted": QT_TRANSLATE_NOOP("common", "submitted"),
    "approved": QT_TRANSLATE_NOOP("common", "approved"),
    "changes_requested": QT_TRANSLATE_NOOP("common", "changes requested"),
    "rejected": QT_TRANSLATE_NOOP("common", "rejected"),
    "retired": QT_TRANSLATE_NOOP("common", "retired"),
    "withdrawn": QT_TRANSLATE_NOOP("common", "withdrawn"),
}
SOURCE_NAMES = {"manual": QT_TRANSLATE_NOOP("common", "manual"), "model": QT_TRANSLATE_NOOP("common", "model"),
                "template": QT_TRANSLATE_NOOP("common", "template")}
CHANNEL_NAMES = {
    "email": QT_TRANSLATE_NOOP("common", "Email"),
    "sms": QT_TRANSLATE_NOOP("common", "SMS"),
    "social": QT_TRANSLATE_NOOP("common", "Social post"),
    "banner": QT_TRANSLATE_NOOP("common", "Banner"),
    "push": QT_TRANSLATE_NOOP("common", "Push notification"),
    "wechat": QT_TRANSLATE_NOOP("common", "WeChat"),
}
KIND_NAMES = {
    "auto_loan": QT_TRANSLATE_NOOP("common", "auto loan"),
    "checking": QT_TRANSLATE_NOOP("common", "checking"),
    "credit_card": QT_TRANSLATE_NOOP("common", "credit card"),
    "insurance": QT_TRANSLATE_NOOP("common", "insurance"),
    "investment_fund": QT_TRANSLATE_NOOP("common", "investment fund"),
    "mortgage": QT_TRANSLATE_NOOP("common", "mortgage"),
    "personal_loan": QT_TRANSLATE_NOOP("common", "personal loan"),
    "savings": QT_TRANSLATE_NOOP("common", "savings"),
    "term_deposit": QT_TRANSLATE_NOOP("common", "term deposit"),
    "wealth_management": QT_TRANSLATE_NOOP("common", "wealth management"),
}
CATEGORY_NAMES = {
    "guarantee": QT_TRANSLATE_NOOP("common", "guarantee"),
    "superlative": QT_TRANSLATE_NOOP("common", "superlative"),
    "missing_disclosure": QT_TRANSLATE_NOOP("common", "missing_disclosure"),
    "ungrounded_claim": QT_TRANSLATE_NOOP("common", "ungrounded_claim"),
    "pressure": QT_TRANSLATE_NOOP("common", "pressure"),
    "fair_lending": QT_TRANSLATE_NOOP("common", "fair_lending"),
    "pii": QT_TRANSLATE_NOOP("common", "pii"),
    "length": QT_TRANSLATE_NOOP("common", "length"),
}
ROLE_NAMES = {"marketer": QT_TRANSLATE_NOOP("common", "marketer"), "reviewer": QT_TRANSLATE_NOOP("common", "reviewer"),
              "admin": QT_TRANSLATE_NOOP("common", "admin")}


def _name(names: dict[str, str], code: str, fallback: str | None = None) -> str:
    """The translated name of a stored code; an unknown code is shown as it is."""
    return QCoreApplication.translate(CONTEXT, names[code]) if code in names else (code if fallback is None else fallback)


def verdict_text(verdict: str) -> str:
    """PASS / WARN / BLOCK in the interface language (lower() it for running text)."""
    return _name(VERDICT_NAMES, verdict, verdict.upper())


def status_text(status: str) -> str:
    """A version's status, e.g. 'changes requested'."""
    return _name(STATUS_NAMES, status, status.replace("_", " "))


def source_text(source: str) -> str:
    """Where a version's words came from: manual, model or template."""
    return _name(SOURCE_NAMES, source)


def channel_text(channel: str) -> str:
    """A channel's display name (the id itself when copydesk does not know it)."""
    return _name(CHANNEL_NAMES, channel, CHANNELS[channel].name if channel in CHANNELS else channel)


def kind_text(kind: str) -> str:
    """A product kind, e.g. 'credit card'."""
    return _name(KIND_NAMES, kind, kind.replace("_", " "))


def category_text(category: str) -> str:
    """A finding category (the rule packs' code in English)."""
    return _name(CATEGORY_NAMES, category)


def roles_text(roles) -> str:
    """A user's roles, comma separated."""
    return QCoreApplication.translate("common", ", ", "between the names in a list").join(_name(ROLE_NAMES, role) for role in roles)


def version_label(version) -> str:
    """How people refer to a version, '#12 (draft 4 v3)', in the interface language."""
    return fill(QCoreApplication.translate("common", "#%1 (draft %2 v%3)"), version.id, version.draft_id, version.number)


_HAN = re.compile(r"[\u3400-\u9fff]")


def ui_language() -> str:
    """"zh" while the interface speaks Chinese (copydesk's Chinese translation is installed), else "en"."""
    return "zh" if _HAN.search(QCoreApplication.translate(CONTEXT, STATUS_NAMES["approved"])) else "en"


def fact_text(key: str, lang: str | None = None, catalog_labels=None) -> str:
    """A product fact's name in the interface language ("Annual fee" / "年费"); `lang` overrides it,
    `catalog_labels` (key -> name) are names the catalog gives."""
    return labels.fact_label(key, lang or ui_language(), catalog_labels)


def fact_lines(facts, lang: str | None = None) -> list[str]:
    """A product's facts as "Name: value" lines, e.g. for a read-only facts box."""
    return [fill(QCoreApplication.translate("common", "%1: %2", "a product fact: its name, then its value"), fact_text(key, lang), value)
            for key, value in facts.items()]


def _catalog(services_or_catalog):
    return getattr(services_or_catalog, "catalog", services_or_catalog)


def segment_text(services_or_catalog, segment_id: str) -> str:
    """A segment's catalog name (AppServices or a Catalog, either may lack it: then the id as words)."""
    return labels.segment_label(_catalog(services_or_catalog), segment_id)


def product_text(services_or_catalog, product_id: str) -> str:
    """A product's catalog name (the id when the catalog lacks it)."""
    return labels.product_label(_catalog(services_or_catalog), product_id)


def time_text(stamp: str) -> str:
    """A stored UTC timestamp as local "YYYY-MM-DD HH:MM" ("" stays "")."""
    return labels.local_time(stamp)


def date_text(stamp: str) -> str:
    """The local date of a stored UTC timestamp, "YYYY-MM-DD"."""
    return labels.local_date(stamp)


def fill(template: str, *values) -> str:
    """Put values into a translated template's %1, %2 … in one pass (a value holding '%2' stays as it is)."""
    return re.sub(r"%(\d)", lambda m: str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values) else m.group(0), template)


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


def finding_tooltip(finding) -> str:
    """What hovering a highlighted span shows: the message, the suggestion and the citation."""
    return (f"{_field(finding, 'message')}\n"
            + fill(QCoreApplication.translate("common", "Suggestion: %1"), _field(finding, "suggestion"))
            + f"\n{_field(finding, 'rule')}: {_field(finding, 'citation')}")


class _FindingTooltips(QObject):
    """Shows a finding's tooltip over its words (extra selections carry no tooltips of their own)."""

    def __init__(self, editor: QTextEdit):
        super().__init__(editor)
        self.editor = editor
        self.findings = []
        editor.viewport().installEventFilter(self)

    def tip_at(self, utf16_position: int) -> str:
        """The tooltip for the text at a Qt (UTF-16) position; empty when no finding is there."""
        index = code_point_index(self.editor.toPlainText(), utf16_position)
        tips = [finding_tooltip(f) for f in self.findings if _field(f, "start") <= index < _field(f, "end")]
        return "\n\n".join(tips)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        tip = self.tip_at(self.editor.cursorForPosition(event.pos()).position())
        if tip:
            QToolTip.showText(event.globalPos(), tip, self.editor)
        else:
            QToolTip.hideText()
        return True


def code_point_index(text: str, utf16_position: int) -> int:
    """The inverse of utf16_index: a Qt position back to a Python string index."""
    return len(text.encode("utf-16-le")[: utf16_position * 2].decode("utf-16-le", errors="ignore"))


def highlight_findings(editor: QTextEdit, findings) -> None:
    """Mark finding spans by severity (Finding objects or their JSON dicts); hovering a span shows
    its message, suggestion and citation. The text and its undo history are untouched."""
    text = editor.toPlainText()
    selections = []
    for finding in findings:
        selection = QTextEdit.ExtraSelection()
        selection.format = QTextCharFormat()
        selection.format.setBackground(QColor(SEVERITY_COLOURS.get(_field(finding, "severity"), "#eeeeee")))
        cursor = QTextCursor(editor.document())
        cursor.setPosition(utf16_index(text, min(_field(finding, "start"), len(text))))
        cursor.setPosition(utf16_index(text, min(_field(finding, "end"), len(text))), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selections.append(selection)
    editor.setExtraSelections(selections)
    tooltips = editor.findChild(_FindingTooltips) or _FindingTooltips(editor)
    tooltips.findings = list(findings)


def style_verdict(label: QLabel, verdict: str) -> None:
    """A coloured PASS / WARN / BLOCK badge (empty for no verdict)."""
    label.setText(verdict_text(verdict) if verdict else "")
    colour = VERDICT_COLOURS.get(verdict)
    label.setStyleSheet(f"background:{colour};padding:2px 8px;border-radius:3px;font-weight:bold;" if colour else "")


def describe_finding(finding, text: str) -> str:
    """Several lines for a findings list: severity, category, the words, message, fix, citation."""
    quoted = text[_field(finding, "start"):_field(finding, "end")]
    return (f"{verdict_text(_field(finding, 'severity'))} · {category_text(_field(finding, 'category'))} · “{quoted}”\n"
            f"{_field(finding, 'message')}\n"
            + fill(QCoreApplication.translate("common", "Suggestion: %1"), _field(finding, "suggestion")) + "\n"
            + fill(QCoreApplication.translate("common", "Rule %1: %2"), _field(finding, "rule"), _field(finding, "citation")))


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
        close.setToolTip(QCoreApplication.translate("Banner", "Dismiss this message"))
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
