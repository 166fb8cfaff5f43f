"""Library search, diffs, exports, approval records, backup and restore, on a real file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from copydesk import records
from copydesk.diffing import diff, render_inline
from copydesk.store import backup, errors
from copydesk.store.repository import LibraryFilter
from tests.store.conftest import PASSING_SMS, new_draft

ZH_TEXT = "云帆白金信用卡，首年免年费，境外消费享1%返现。"


def approve(team, text=PASSING_SMS, **fields):
    version = new_draft(team["alice"], text, **fields)
    team["alice"].submit(version.id, override_reason="test" if version.verdict == "block" else "")
    return team["bob"].approve(version.id)


@pytest.fixture
def library(team):
    english = approve(team)
    chinese_draft = new_draft(team["alice"], ZH_TEXT, product_id="zh-platinum-card", segment_id="zh-new-graduates", channel="wechat")
    return {"en": english, "zh_draft": chinese_draft}


def ids(team, **filters):
    return [v.id for v in team["bob"].search(LibraryFilter(**filters))]


def test_search_finds_english_words_case_insensitively(team, library):
    assert ids(team, query="rewards CARD") == [library["en"].id]
    assert ids(team, query='"points per $1"') == [library["en"].id]
    assert ids(team, query="mortgage") == []


def test_search_finds_chinese_substrings_including_two_characters(team, library):
    assert ids(team, query="首年免", status="") == [library["zh_draft"].id]
    assert ids(team, query="返现", status="") == [library["zh_draft"].id]  # shorter than a trigram
    assert ids(team, query="返现") == []  # the default shows approved copy only


def test_filters_combine(team, library):
    assert ids(team, status="", lang="zh") == [library["zh_draft"].id]
    assert ids(team, status="", channel="sms") == [library["en"].id]
    assert ids(team, product_id="rewards-card", segment_id="new-graduates", author="ALICE") == [library["en"].id]
    assert ids(team, status="", since="2999-01-01") == []
    today = library["en"].created_at[:10]
    assert ids(team, since=today, until=today) == [library["en"].id]


def test_latest_only_hides_earlier_versions(team, library):
    second = team["alice"].save_version(library["zh_draft"].draft_id, ZH_TEXT + "详询客服。")
    assert ids(team, status="", lang="zh", latest_only=True) == [second.id]


def test_word_diff_for_english_and_character_diff_for_chinese():
    pieces = diff("Earn 2 points per $1 today.", "Earn 3 points per $1 today.", "en")
    assert render_inline(pieces) == "Earn [-2 -]{+3 +}points per $1 today."
    zh = diff("境外消费享1%返现。", "境内消费享2%返现。", "zh")
    assert render_inline(zh) == "境[-外-]{+内+}消费享[-1-]{+2+}%返现。"
    assert "".join(p.text for p in zh if p.op != "insert") == "境外消费享1%返现。"


def test_csv_export_is_spreadsheet_safe_and_keeps_chinese(team, library, tmp_path):
    formula = approve(team, "=HYPERLINK(\"http://x\") " + PASSING_SMS)
    versions = team["bob"].search(LibraryFilter(status=""))
    path = records.write_export(versions, tmp_path / "library.csv")
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel reads UTF-8 only with the BOM
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert rows[library["zh_draft"].id]["text"] == ZH_TEXT
    assert rows[formula.id]["text"].startswith("'=HYPERLINK")
    assert len(rows[library["en"].id]["catalog_sha256"]) == 64


def test_json_export_carries_the_frozen_approval(team, library, tmp_path):
    path = records.write_export(team["bob"].search(LibraryFilter()), tmp_path / "library.json")
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert [v["id"] for v in exported] == [library["en"].id]
    assert exported[0]["frozen"]["approved_by"] == "bob"
    with pytest.raises(ValueError, match="use .csv or .json"):
        records.write_export([], tmp_path / "library.xlsx")


def test_approval_record_as_docx_and_html(team, db, library, tmp_path):
    from docx import Document

    record = records.build_record(db, library["en"].id)
    html = record.to_html()
    assert PASSING_SMS.replace("$", "$") in html and "bob" in html and "21.9% APR" in html
    path = record.write(tmp_path / "record.docx")
    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert PASSING_SMS in body and record.fingerprint in body
    assert "Approved by" in cells and "bob" in cells and "Annual fee" in cells
    assert "en-promises" in cells  # rule pack versions


def test_approval_record_of_a_chinese_draft_shows_its_changes(team, db, library, tmp_path):
    second = team["alice"].save_version(library["zh_draft"].draft_id, ZH_TEXT.replace("1%", "2%"))
    html = records.build_record(db, second.id).to_html()
    assert "<s>1</s>" in html and "<b>2</b>" in html and "{+" not in html and "not approved" in html


@pytest.mark.sqlite_only  # the server's backups are IT's pg_dump
def test_backup_while_another_connection_writes_then_restore(team, db, library, tmp_path):
    other = sqlite3.connect(db.path)
    other.execute("BEGIN")
    other.execute("INSERT INTO autosaves (login, slot, text, saved_at) VALUES ('alice', 'x', 'uncommitted', 'now')")
    result = backup.backup(db, tmp_path / "copy.db")
    other.rollback()
    other.close()
    assert result.ok and result.versions == 2 and result.audit_rows > 0
    team["alice"].save_version(library["zh_draft"].draft_id, ZH_TEXT + "！")
    checked, previous = backup.restore(tmp_path / "copy.db", db, "admin")
    assert checked.versions == 2 and previous.exists()
    with type(db).open(db.path) as reopened:
        assert reopened.query("SELECT count(*) AS n FROM versions")[0]["n"] == 2
        assert reopened.query("SELECT action FROM audit ORDER BY id DESC LIMIT 1")[0]["action"] == "database.restore"


@pytest.mark.sqlite_only
def test_restore_refuses_a_tampered_backup_and_changes_nothing(team, db, library, tmp_path):
    backup.backup(db, tmp_path / "copy.db")
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("UPDATE audit SET actor = 'mallory' WHERE id = 1")
    before = db.query("SELECT count(*) AS n FROM audit")[0]["n"]
    with pytest.raises(errors.DatabaseCorrupt, match="failed its check: audit row 1"):
        backup.restore(tmp_path / "copy.db", db, "admin")
    assert db.query("SELECT count(*) AS n FROM audit")[0]["n"] == before


@pytest.mark.sqlite_only
def test_backup_refuses_to_overwrite(db, tmp_path):
    (tmp_path / "taken.db").write_text("x")
    with pytest.raises(errors.StoreError, match="already exists"):
        backup.backup(db, tmp_path / "taken.db")
