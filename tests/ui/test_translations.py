"""The Simplified Chinese interface: the shipped .qm loads, views built under it speak Chinese, and
the .ts is complete (every message translated, placeholders and key hints kept, none missing)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel

from copydesk import resources
from copydesk.ui.common import style_verdict
from copydesk.ui.compose_view import ComposeView
from copydesk.ui.library_view import LibraryView
from copydesk.ui.review_view import ReviewView

UI_DIR = Path(__file__).resolve().parents[2] / "copydesk" / "ui"
TS = resources.asset("i18n", "copydesk_zh_CN.ts")
QM = resources.asset("i18n", "copydesk_zh_CN.qm")
# What must survive translation verbatim: str.format fields, %1-style markers, shortcuts named in text.
PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}|%\d|\b(?:Ctrl|Shift|Alt)(?:\+\w+)+|\(Esc\)")


@pytest.fixture
def chinese(qapp):
    """Install the shipped Chinese translator for one test, then remove it so other tests see English."""
    translator = QTranslator()
    assert translator.load(str(QM)), QM
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def ts_messages() -> list[tuple[str, str, str, ET.Element]]:
    """(context, source, disambiguation comment, translation element) for every message in the .ts."""
    messages = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            messages.append((name, message.findtext("source"), message.findtext("comment") or "", message.find("translation")))
    return messages


def test_qm_loads_and_translates(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.language() == "zh_CN"
    assert translator.translate("ComposeView", "Generate") == "生成"
    assert translator.translate("common", "BLOCK") == "阻断"


def test_compose_view_speaks_chinese(qtbot, services, chinese):
    view = ComposeView(services)
    qtbot.addWidget(view)
    assert view.generate_button.text() == "生成"
    assert view.submit_button.text() == "送审"
    assert view.save_button.text() == "保存"
    assert view.copy_button.text() == "复制"  # "Copy" the button, not "Copy" the text
    assert view.tone_picker.itemText(0) == "亲切"  # a module constant, translated where it is shown
    assert any(view.channel_picker.itemText(i).startswith("短信") for i in range(view.channel_picker.count()))
    picker = view.product_picker
    assert "信用卡" in [picker.itemText(i) for i in range(picker.count()) if picker.itemData(i) is None]


def test_review_view_speaks_chinese(qtbot, services, chinese):
    view = ReviewView(services)
    qtbot.addWidget(view)
    assert view.approve_button.text() == "批准"
    assert view.request_changes_button.text() == "退回修改"
    assert view.reject_button.text() == "驳回"
    assert view.empty_label.text() == "没有待审核的文案"
    headers = [view.queue.horizontalHeaderItem(i).text() for i in range(view.queue.columnCount())]
    assert headers[1:3] == ["产品", "渠道"]


def test_library_view_and_shared_names_speak_chinese(qtbot, services, chinese):
    view = LibraryView(services)
    qtbot.addWidget(view)
    assert view.status.itemText(view.status.findData("changes_requested")) == "已退回修改"
    assert view.table.horizontalHeaderItem(1).text() == "状态"
    badge = QLabel()
    style_verdict(badge, "pass")
    assert badge.text() == "通过"


def test_views_stay_english_without_the_translator(qtbot, services):
    view = ReviewView(services)
    qtbot.addWidget(view)
    assert view.approve_button.text() == "Approve"


def test_every_message_is_translated_with_its_placeholders():
    messages = ts_messages()
    assert len(messages) > 300
    problems = []
    for context, source, _comment, translation in messages:
        text = translation.text or ""
        if translation.get("type") or not text.strip():
            problems.append(f"{context}: {source!r} is {translation.get('type') or 'empty'}")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}: {source!r} -> {text!r} changes the placeholders")
    assert not problems, "\n".join(problems)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_messages() -> set[tuple[str, str, str]]:
    """The (context, source, comment) triples lupdate should find: self.tr("…") in a class,
    QT_TRANSLATE_NOOP("Context", "…") and QCoreApplication.translate("Context", "…")."""
    found = set()

    def visit(node: ast.AST, cls: str) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [_literal(a) for a in node.args]
            if name == "tr" and args and args[0] is not None:
                found.add((cls, args[0], args[1] if len(args) > 1 and args[1] else ""))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and None not in args[:2]:
                found.add((args[0], args[1], args[2] if len(args) > 2 and args[2] else ""))
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    for path in sorted(UI_DIR.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_the_ts_holds_exactly_the_messages_in_the_source():
    """A new or changed string, or one lupdate cannot see (tr() inside an f-string), fails here:
    run `make translations` and translate what it marks unfinished."""
    in_ts = {(context, source, comment) for context, source, comment, _ in ts_messages()}
    in_source = source_messages()
    assert not in_source - in_ts, f"not in the .ts: {sorted(in_source - in_ts)}"
    assert not in_ts - in_source, f"in the .ts but not in the source: {sorted(in_ts - in_source)}"


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "check.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(out)], check=True, timeout=60)
    assert out.read_bytes() == QM.read_bytes(), "assets/i18n/copydesk_zh_CN.qm is stale: run `make translations`"
