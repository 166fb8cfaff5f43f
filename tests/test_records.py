"""The approval record reads as a document for people: what changed as the previous text and the
new one (no diff markup), local times to the minute with their zone, segment and fact names."""

from __future__ import annotations

import re

import pytest

from copydesk import records
from copydesk.cli import main
from tests.store.conftest import connect, db, pg_library, team  # noqa: F401  (fixtures)

EN_V1 = "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval."
EN_V2 = EN_V1.replace("Earn 2 points per $1 with the Everyday Rewards Card.",
                      "With the Everyday Rewards Card, earn 2 points per $1 on every purchase.")
ZH_V1 = "云帆白金信用卡，首年免年费，境外消费享1%返现。"
ZH_V2 = ZH_V1.replace("境外消费", "海外消费")
DIFF_MARKS = ("{+", "+}", "[-", "-]")
STORED_TIME = re.compile(r"\d{2}:\d{2}:\d{2}|T\d{2}:\d{2}|\.\d{6}")  # seconds, the ISO "T", microseconds


@pytest.fixture
def backend():
    """The store suite's fixtures on a SQLite file (tests/store runs them on both backends)."""
    return "sqlite"


def approved_second_version(team, v1, v2, **fields):
    """A draft with two versions, the second submitted and approved."""
    first = team["alice"].start_draft(text=v1, **fields)
    second = team["alice"].save_version(first.draft_id, v2)
    team["alice"].submit(second.id)
    return first, team["bob"].approve(second.id, "fine")


@pytest.fixture
def english(team):
    return approved_second_version(team, EN_V1, EN_V2, product_id="rewards-card", segment_id="new-graduates", channel="sms")


@pytest.fixture
def chinese(team):
    return approved_second_version(team, ZH_V1, ZH_V2, product_id="zh-platinum-card", segment_id="zh-cross-border",
                                   channel="wechat")


def section(record, title_start):
    return next(s for s in record.sections if s.title.startswith(title_start))


def docx_text(path):
    from docx import Document

    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    return document, body + "\n" + cells


def test_a_two_version_record_shows_before_and_after_without_diff_marks(team, english, catalog, tmp_path):
    first, second = english
    record = records.build_record(team["bob"].store, second.id, catalog)
    html = record.to_html()
    text = record.to_text()
    document, docx = docx_text(record.write(tmp_path / "record.docx"))
    for rendered in (html, text, docx):
        assert not [mark for mark in DIFF_MARKS if mark in rendered]
    assert "Before: " + first.label in text and "After: " + second.label in text
    assert EN_V1 in text and EN_V2 in text and EN_V1 in docx and EN_V2 in docx
    assert dict(section(record, "Changes since").fields) == {
        "Change 1": "“Earn” → “With the Everyday Rewards Card, earn”",
        "Change 2": "“with the Everyday Rewards Card.” → “on every purchase.”"}
    # HTML and Word mark the changed words: struck in the old text, bold in the new.
    assert "<s>Earn </s>" in html and "<b>on every purchase. </b>" in html
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert any(run.font.strike and "Earn" in run.text for run in runs)
    assert any(run.bold and "every purchase" in run.text for run in runs)


def test_a_chinese_record_lists_its_change_and_keeps_both_texts(team, chinese, catalog):
    first, second = chinese
    record = records.build_record(team["bob"].store, second.id, catalog)
    text = record.to_text()
    assert ZH_V1 in text and ZH_V2 in text
    assert dict(section(record, "Changes since").fields) == {"Change 1": "“境” → “海”"}  # compared character by character
    assert "<s>境</s>" in record.to_html() and "<b>海</b>" in record.to_html()


def test_record_times_are_local_minutes_with_the_zone(team, english, catalog, shanghai, tmp_path):
    _, second = english
    record = records.build_record(team["bob"].store, second.id, catalog)
    _, docx = docx_text(record.write(tmp_path / "record.docx"))
    for rendered in (record.to_html(), record.to_text(), docx):
        assert not STORED_TIME.search(rendered), STORED_TIME.search(rendered)
    decision = dict(section(record, "Decision").fields)
    approved_at = second.frozen["approved_at"]  # UTC, with microseconds
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+08:00\)", decision["Approved at"])
    assert decision["Approved at"] != approved_at[:16].replace("T", " ") + " (UTC+08:00)"  # converted, not relabelled
    assert "(UTC+08:00)" in section(record, "Review history").table[1][0]


def test_record_names_the_segment_and_the_facts(team, chinese, english, catalog):
    zh_record = records.build_record(team["bob"].store, chinese[1].id, catalog)
    campaign = dict(section(zh_record, "Campaign").fields)
    assert campaign["Segment"] == catalog.segment("zh-cross-border").name
    assert "zh-cross-border" not in campaign["Segment"]
    assert campaign["Channel"] == "WeChat" and campaign["Language"].startswith("Chinese")
    en_record = records.build_record(team["bob"].store, english[1].id, catalog)
    facts = dict(section(en_record, "Product facts").table[1:])
    assert "Annual fee" in facts and "Purchase APR" in facts and "annual_fee" not in facts
    assert dict(section(en_record, "Campaign").fields)["Segment"] == "New graduates"
    # The ids stay findable, said as what they are.
    assert dict(section(en_record, "Provenance").fields)["Catalog ids"] == "product rewards-card, segment new-graduates"


def test_without_the_catalog_the_segment_id_is_shown_as_words(team, chinese):
    record = records.build_record(team["bob"].store, chinese[1].id)
    assert dict(section(record, "Campaign").fields)["Segment"] == "zh cross border"


def test_a_first_version_has_no_changes_section(team, catalog):
    version = team["alice"].start_draft(text=EN_V1, product_id="rewards-card", segment_id="new-graduates", channel="sms")
    record = records.build_record(team["bob"].store, version.id, catalog)
    assert not [s for s in record.sections if s.title.startswith("Changes since")]


def test_cli_writes_a_text_record_with_the_segment_name(team, chinese, catalog, tmp_path, capsys):
    out = tmp_path / "record.txt"
    assert main(["library", "record", str(chinese[1].id), "-o", str(out), "--db", str(team["bob"].store.path)]) == 0
    text = out.read_text(encoding="utf-8")
    assert catalog.segment("zh-cross-border").name in text and ZH_V1 in text and ZH_V2 in text
    assert not [mark for mark in DIFF_MARKS if mark in text]
