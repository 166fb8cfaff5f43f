"""The library screen on a real database file: search in both languages, filters, detail, export, records, reuse."""

from __future__ import annotations

import csv
import re
import zipfile

import pytest
from PySide6.QtCore import QDate

from copydesk.ui.library_view import LibraryView
from copydesk.ui.services import AppServices
from tests.store.conftest import PASSING_SMS, new_draft
from tests.ui.conftest import controls_without_names_or_tips

ZH_TEXT = "云帆白金信用卡，首年免年费，境外消费享1%返现。"


def approve(team, text=PASSING_SMS, **fields):
    version = new_draft(team["alice"], text, **fields)
    team["alice"].submit(version.id)
    return team["bob"].approve(version.id, "ok")


@pytest.fixture
def library(team):
    english = approve(team)
    chinese = approve(team, ZH_TEXT, product_id="zh-platinum-card", segment_id="zh-new-graduates", channel="wechat")
    draft = new_draft(team["alice"], "Earn 2 points per $1 on groceries. Representative 21.9% APR (variable). Subject to credit approval.",
                      channel="email")
    second = team["alice"].save_version(chinese.draft_id, ZH_TEXT.replace("1%", "2%"))
    return {"en": english, "zh": chinese, "draft": draft, "zh_v2": second}


@pytest.fixture
def view(qtbot, db_path, catalog, engine, team):
    services = AppServices.create("alice", catalog, engine, db_path)
    widget = LibraryView(services)
    # pytest-qt closes and deletes the view before fixtures end: let its workers finish first
    qtbot.addWidget(widget, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy()))
    yield widget
    services.close()


def search(qtbot, view, text=None, **combos):
    """Set the search box and filters, then wait for the worker's results."""
    if text is not None:
        view.search.setText(text)
    for name, value in combos.items():
        combo = getattr(view, name)
        combo.setCurrentIndex(combo.findData(value))
    with qtbot.waitSignal(view.search_finished, timeout=5000):
        view.search_now()
    return [int(view.table.item(row, 0).text()) for row in range(view.table.rowCount())]


def test_empty_library_says_there_is_no_approved_copy(qtbot, view):
    assert search(qtbot, view) == []
    assert view.results_stack.currentWidget() is view.empty_label
    assert "No approved copy yet" in view.empty_label.text()
    assert not view.reuse_button.isEnabled() and not view.record_button.isEnabled()


def test_search_finds_english_and_chinese(qtbot, view, library):
    assert search(qtbot, view, "rewards CARD") == [library["en"].id]
    assert search(qtbot, view, "返现") == [library["zh"].id]  # two characters: shorter than a trigram
    assert search(qtbot, view, "首年免年费") == [library["zh"].id]
    assert search(qtbot, view, "境外消费享1%") == [library["zh"].id]
    assert search(qtbot, view, "mortgage") == []
    assert "Nothing matches “mortgage”" in view.empty_label.text()


def test_typing_searches_after_a_pause_and_enter_searches_at_once(qtbot, view, library):
    with qtbot.waitSignal(view.search_finished, timeout=5000):
        view.search.setText("返现")
    assert [v.id for v in view.results] == [library["zh"].id]
    view.search.setText("rewards")
    with qtbot.waitSignal(view.search_finished, timeout=5000):
        view.search.returnPressed.emit()
    assert [v.id for v in view.results] == [library["en"].id]


def test_filters_narrow_the_results(qtbot, view, library):
    assert search(qtbot, view) == [library["zh"].id, library["en"].id]
    assert search(qtbot, view, language="zh") == [library["zh"].id]
    assert search(qtbot, view, language="", channel="sms") == [library["en"].id]
    assert search(qtbot, view, channel="", product="zh-platinum-card") == [library["zh"].id]
    assert search(qtbot, view, product="", segment="new-graduates") == [library["en"].id]
    assert search(qtbot, view, segment="", status="draft") == [library["zh_v2"].id, library["draft"].id]
    assert search(qtbot, view, status="") == [library["zh_v2"].id, library["draft"].id, library["zh"].id, library["en"].id]
    view.since_check.setChecked(True)
    view.since.setDate(QDate.currentDate().addDays(1))
    assert search(qtbot, view) == []
    view.since.setDate(QDate.currentDate().addDays(-1))
    view.until_check.setChecked(True)
    view.until.setDate(QDate.currentDate())
    assert len(search(qtbot, view)) == 4
    view.clear_filters()
    assert view.status.currentData() == "approved" and not view.since_check.isChecked()


def test_selecting_shows_text_history_and_changes(qtbot, view, library):
    search(qtbot, view, status="")
    assert view.select_version(library["zh_v2"].id)
    assert view.text_view.toPlainText() == library["zh_v2"].text
    assert "draft" in view.meta.text() and "alice" in view.meta.text()
    assert view.verdict_badge.text() == "BLOCK"  # 2% cashback is not a product fact
    assert [s.cursor.selectedText() for s in view.text_view.extraSelections()] == ["2%"]
    assert view.history.rowCount() == 2
    assert [view.history.item(r, 2).text() for r in range(2)] == ["approved", "draft"]
    assert "line-through" in view.diff_view.toHtml()
    assert "1" in view.diff_view.toPlainText() and "2" in view.diff_view.toPlainText()
    assert view.select_version(library["en"].id)
    assert "First version" in view.diff_view.toPlainText()
    assert "bob" in view.meta.text()  # who approved it


def test_export_writes_every_match_as_csv_and_json(qtbot, view, library, tmp_path):
    search(qtbot, view, "返现")
    path = view.export_to(tmp_path / "library.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == [library["zh"].id]
    assert rows[0]["text"] == ZH_TEXT
    json_path = view.export_to(tmp_path / "library.json")
    assert ZH_TEXT in json_path.read_text(encoding="utf-8")


def test_export_button_runs_in_a_worker(qtbot, view, library, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    search(qtbot, view)
    target = tmp_path / "picked"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV spreadsheet (*.csv)"))
    view.export_button.click()
    qtbot.waitUntil(lambda: "Exported to" in view.banner.text())
    assert "Everyday Rewards Card" in (tmp_path / "picked.csv").read_text(encoding="utf-8-sig")


def test_save_record_writes_pdf_and_docx(qtbot, view, library, tmp_path):
    pdf = view.save_record(library["zh"].id, tmp_path / "record.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    docx = view.save_record(library["zh"].id, tmp_path / "record.docx")
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "返现" in body and "bob" in body
    html = view.save_record(library["en"].id, tmp_path / "record.html")
    assert "Everyday Rewards Card" in html.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="use .pdf, .docx or .html"):
        view.save_record(library["en"].id, tmp_path / "record.txt")


def test_record_button_writes_a_pdf_from_a_worker(qtbot, view, library, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    search(qtbot, view)
    view.select_version(library["en"].id)
    target = tmp_path / "record.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    view.record_button.click()
    qtbot.waitUntil(lambda: "Approval record saved" in view.banner.text())
    assert target.read_bytes().startswith(b"%PDF")


def test_record_failure_shows_in_the_banner(qtbot, view, library, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    search(qtbot, view)
    view.select_version(library["en"].id)
    missing_folder = tmp_path / "no-such-folder" / "record.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing_folder), ""))
    view.record_button.click()
    qtbot.waitUntil(lambda: not view.busy())
    assert "no-such-folder" in view.banner.text() and "does not exist" in view.banner.text()
    assert view.banner.styleSheet().startswith(view.banner.STYLES["error"])
    assert view.record_button.isEnabled()


def test_reuse_emits_the_selected_version(qtbot, view, library):
    search(qtbot, view)
    view.select_version(library["en"].id)
    with qtbot.waitSignal(view.reuse_requested) as blocker:
        view.reuse_button.click()
    assert blocker.args[0].id == library["en"].id
    assert blocker.args[0].text == PASSING_SMS


def test_automation_names(view):
    for name in ("librarySearch", "libraryResults", "libraryHistory", "libraryDiff", "reuseButton", "exportButton", "recordButton"):
        widget = view.findChild(object, name)
        assert widget is not None and widget.accessibleName() == name, name


def test_rows_and_details_name_the_segment_and_show_local_minutes(qtbot, view, library, catalog, shanghai):
    from copydesk.labels import local_time

    search(qtbot, view, status="")
    rows = {int(view.table.item(r, 0).text()): [view.table.item(r, c).text() for c in range(view.table.columnCount())]
            for r in range(view.table.rowCount())}
    segment_name = catalog.segment("zh-new-graduates").name
    assert rows[library["zh_v2"].id][3] == segment_name and rows[library["en"].id][3] == "New graduates"
    assert rows[library["zh_v2"].id][5] == "中文" and rows[library["en"].id][5] == "English"
    assert rows[library["en"].id][6] == local_time(library["en"].created_at)[:10]
    view.select_version(library["zh_v2"].id)
    meta = view.meta.text()
    assert f"segment “{segment_name}”" in meta and "segment “zh-new-graduates”" not in meta
    assert local_time(library["zh_v2"].created_at) in meta
    history_times = [view.history.item(r, 4).text() for r in range(view.history.rowCount())]
    assert history_times == [local_time(library["zh"].created_at), local_time(library["zh_v2"].created_at)]
    for shown in [meta, *history_times]:
        assert not re.search(r"\d{2}:\d{2}:\d{2}|\dT\d", shown), shown  # minutes, not the stored UTC stamp


def test_filters_say_the_language_not_its_code(view):
    segments = [view.segment.itemText(i) for i in range(view.segment.count())]
    assert "New graduates (English)" in segments and not [s for s in segments if s.endswith("(zh)") or s.endswith("(en)")]


def test_the_saved_record_names_the_segment_and_shows_the_change_without_marks(qtbot, view, library, catalog, tmp_path):
    text = view.save_record(library["zh_v2"].id, tmp_path / "record.html").read_text(encoding="utf-8")
    assert catalog.segment("zh-new-graduates").name in text
    assert "{+" not in text and "[-" not in text
    assert "<s>1</s>" in text and "<b>2</b>" in text


def test_shared_names_follow_the_interface_language(qapp, services):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from copydesk import resources
    from copydesk.ui.common import fact_lines, fact_text, segment_text, ui_language

    assert ui_language() == "en" and fact_text("annual_fee") == "Annual fee"
    translator = QTranslator()
    assert translator.load(str(resources.asset("i18n", "copydesk_zh_CN.qm")))
    QCoreApplication.installTranslator(translator)
    try:
        assert ui_language() == "zh"
        assert fact_text("annual_fee") == "年费" and fact_text("annual_fee", "en") == "Annual fee"
        assert fact_lines({"purchase_apr": "21.9%"})[0].startswith("消费年化利率")
    finally:
        QCoreApplication.removeTranslator(translator)
    assert segment_text(services, "zh-cross-border") == services.catalog.segment("zh-cross-border").name
    assert segment_text(services.catalog, "new-graduates") == "New graduates"
    assert segment_text(None, "zh-cross-border") == "zh cross border"


def test_every_control_has_a_name_for_screen_readers_and_its_shortcut_in_its_tooltip(view):
    assert controls_without_names_or_tips(view) == ([], [])
