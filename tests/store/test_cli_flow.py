"""The whole flow from the CLI, with two OS users simulated by --user, on one database file."""

from __future__ import annotations

import json

import pytest

from copydesk.cli import main
from tests.store.conftest import BLOCKED_SMS, PASSING_SMS


@pytest.fixture
def cli(tmp_path, capsys):
    db = str(tmp_path / "team.db")

    def run(*args, user=None):
        argv = [*args, "--db", db] + (["--user", user] if user else [])
        code = main(argv)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_marketer_submits_reviewer_approves_and_files_the_record(cli, tmp_path):
    # IT's admin sets up the team (a reviewer appointed by the marketer herself could not approve her copy).
    assert cli("users", "add", "it", "--role", "admin", user="it")[0] == 0
    assert cli("users", "add", "alice", "--role", "marketer", user="it")[0] == 0
    assert cli("users", "add", "bob", "--role", "reviewer", user="it")[0] == 0
    code, out, _ = cli("users", "list", "--json")
    assert {u["login"]: u["roles"] for u in json.loads(out)["users"]} == {"it": ["admin"], "alice": ["marketer"], "bob": ["reviewer"]}

    target = ("--product", "rewards-card", "--segment", "new-graduates", "--channel", "sms")
    code, _, err = cli("review", "submit", *target, write(tmp_path, "a.txt", BLOCKED_SMS), user="alice")
    assert code == 1 and "en.guarantee.approval" in err and "saved as draft version #1" in err

    code, out, _ = cli("review", "submit", "--draft", "1", "--json", write(tmp_path, "b.txt", PASSING_SMS), user="alice")
    submitted = json.loads(out)
    assert code == 0 and submitted["submitted"] and submitted["version"]["text"] == PASSING_SMS
    version = str(submitted["version"]["id"])

    code, out, _ = cli("review", "queue", "--json", user="bob")
    assert [v["id"] for v in json.loads(out)["queue"]] == [int(version)]

    code, _, err = cli("review", "approve", version, user="alice")
    assert code == 1 and "may not review" in err
    code, out, _ = cli("review", "approve", version, "--comment", "OK to send", "--json", user="bob")
    assert code == 0 and json.loads(out)["version"]["status"] == "approved"

    code, out, _ = cli("library", "search", "Everyday Rewards", "--json")
    assert [v["id"] for v in json.loads(out)["versions"]] == [int(version)]
    code, out, _ = cli("library", "diff", version, "--json")
    assert {"op": "insert", "text": "Representative 21.9% APR (variable). Subject to credit approval."} in json.loads(out)["pieces"]
    code, out, _ = cli("library", "show", version)
    assert "approved by bob" in out and "OK to send" in out

    record = tmp_path / "record.docx"
    assert cli("library", "record", version, "-o", str(record))[0] == 0 and record.stat().st_size > 10_000
    export = tmp_path / "library.csv"
    assert cli("library", "export", "-o", str(export))[0] == 0
    assert PASSING_SMS in export.read_text(encoding="utf-8-sig")

    code, out, _ = cli("audit", "verify", "--json")
    verified = json.loads(out)
    assert code == 0 and verified["ok"] and verified["rows"] == 9 and verified["integrity"] == ["ok"]

    backup = tmp_path / "backup.db"
    code, out, _ = cli("backup", str(backup), "--json")
    assert code == 0 and json.loads(out)["ok"]
    code, _, err = cli("restore", str(backup), user="alice")
    assert code == 2 and "add --yes" in err
    assert cli("restore", str(backup), "--yes", user="alice")[0] == 0


def test_the_pdf_record_renders(cli, tmp_path, qapp):
    cli("users", "add", "alice", "--role", "admin", "--role", "marketer", user="alice")
    cli("review", "save", "--product", "zh-platinum-card", "--segment", "zh-new-graduates", "--channel", "wechat",
        write(tmp_path, "zh.txt", "云帆白金信用卡，首年免年费。"), user="alice")
    pdf = tmp_path / "record.pdf"
    assert cli("library", "record", "1", "-o", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF") and not (tmp_path / "record.pdf.part").exists()


def test_store_problems_are_input_errors_with_the_fix(cli, tmp_path):
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello", encoding="utf-8")
    assert main(["library", "list", "--db", str(not_a_db)]) == 2


def test_library_on_an_empty_database_says_so(cli):
    code, out, _ = cli("library", "list")
    assert code == 0 and "nothing matches" in out
