"""`copydesk check` follows the contract in DESIGN.md to the letter."""

import json
import subprocess
import sys

import pytest

from copydesk import resources
from copydesk.cli import main

CATALOG = str(resources.sample_catalog_path())
CONTRACT_KEYS = ["rule", "category", "severity", "start", "end", "message", "suggestion", "citation"]


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "copydesk", *args], input=stdin, capture_output=True, text=True, encoding="utf-8")


def test_single_json_report_with_offsets_into_the_original(tmp_path):
    text = "Get guaranteed approval today."
    path = tmp_path / "copy.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "sms", "--lang", "en", "--json", str(path))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert list(report) == ["verdict", "findings", "figures"]
    assert report["verdict"] == "block"
    finding = report["findings"][0]
    assert list(finding) == CONTRACT_KEYS
    assert finding["rule"] == "en.guarantee.approval" and finding["category"] == "guarantee"
    assert text[finding["start"] : finding["end"]] == "guaranteed approval"


def test_offsets_are_code_points_even_with_astral_characters():
    text = "🎉🎉 𝐁𝐄𝐒𝐓 card"
    result = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "email", "--json", "-", stdin=text)
    finding = json.loads(result.stdout)["findings"][0]
    assert text[finding["start"] : finding["end"]] == "𝐁𝐄𝐒𝐓"


def test_clean_copy_exits_0_and_warn_exits_1(capsys, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("Earn 2 points per $1 on every purchase.", encoding="utf-8")
    assert main(["check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "email", "--json", str(clean)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "pass" and report["findings"] == []
    assert [(f["text"], f["fact"]) for f in report["figures"]] == [("2 points", "points"), ("$1", "points")]
    warn = tmp_path / "warn.txt"
    warn.write_text("Hurry!", encoding="utf-8")
    assert main(["check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "email", "--json", str(warn)]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "warn"


def test_readable_report_marks_the_text_and_explains(capsys, tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text("The best card. Hurry!", encoding="utf-8")
    assert main(["check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "email", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Verdict: BLOCK" in out
    assert "[[The best]]1" in out and "[[Hurry]]2" in out
    assert "Suggestion:" in out and "Citation:" in out


def test_batch_mode_prints_one_result_per_line_with_ids(tmp_path):
    cases = [
        {"id": "a", "lang": "en", "product": "rewards-card", "channel": "sms", "text": "Earn 2 points per $1."},
        {"id": "b", "lang": "zh", "product": "zh-wealth", "channel": "wechat", "text": "保本保息！"},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n", encoding="utf-8")
    result = run_cli("check", "--batch", str(path), "--catalog", CATALOG, "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["verdict"] == "pass" and lines[1]["verdict"] == "block"
    assert list(lines[1]) == ["id", "verdict", "findings", "figures"]
    assert result.returncode == 1


def test_batch_bad_line_is_named_and_the_rest_still_run(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text('{"id": "a", "product": "nope", "channel": "sms", "text": "x"}\n{not json\n'
                    '{"id": "c", "lang": "en", "product": "rewards-card", "channel": "sms", "text": "Hi"}\n', encoding="utf-8")
    result = run_cli("check", "--batch", str(path), "--catalog", CATALOG, "--json")
    assert result.returncode == 2
    assert f"{path}:1: unknown product id 'nope'" in result.stderr
    assert f"{path}:2:" in result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"id": "c", "verdict": "pass", "findings": [], "figures": []}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--product", "nope", "--channel", "sms"], "unknown product id 'nope'"),
        (["--product", "rewards-card", "--channel", "sms", "--lang", "zh"], "is a 'en' product; copy for it must be --lang en"),
        (["--product", "rewards-card"], "check needs --channel"),
        (["--product", "rewards-card", "--channel", "fax"], "invalid choice: 'fax'"),
    ],
)
def test_usage_and_input_errors_exit_2(args, message):
    result = run_cli("check", "--catalog", CATALOG, *args, "-", stdin="hello")
    assert result.returncode == 2
    assert message in result.stderr


def test_unreadable_file_and_broken_catalog_exit_2(tmp_path):
    result = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "sms", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "missing.txt: cannot read the file" in result.stderr
    broken = tmp_path / "catalog.json"
    broken.write_text('{"products": [', encoding="utf-8")
    result = run_cli("check", "--catalog", str(broken), "--product", "rewards-card", "--channel", "sms", "-", stdin="x")
    assert result.returncode == 2 and "catalog.json: invalid catalog" in result.stderr


def test_fix_prints_the_fixed_text_rechecked(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text("Guaranteed approval! $0 annual fee.", encoding="utf-8")
    result = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "email", "--fix", "--json", str(path))
    fixed = json.loads(result.stdout)
    assert result.returncode == 0, fixed
    assert fixed["verdict"] == "pass"
    assert fixed["text"].startswith("Subject to credit approval!")


def test_rules_list_and_test_commands():
    listing = run_cli("rules", "list", "--json")
    listed = json.loads(listing.stdout)
    assert {p["id"] for p in listed["packs"]} >= {"en-promises", "zh-disclosures"}
    learned = listed["learned"]  # the learned check a reviewer can trace: its threshold, data and weights
    assert learned["severity"] == "warn" and learned["threshold"] == 0.65 and len(learned["sha256"]) == 64
    assert "blind17" in learned["trained_on"]["sets"] and learned["trained_on"]["corpus_ads"] == 2040
    assert "learned meaning check" in run_cli("rules", "list").stdout
    tested = run_cli("rules", "test")
    assert tested.returncode == 0, tested.stdout
    assert tested.stdout.strip().endswith("passed, 0 failed")
    assert run_cli("rules", "test", "no-such-pack").returncode == 2


def test_a_broken_house_pack_is_reported_and_checking_goes_on(copydesk_home):
    rules = copydesk_home / "config" / "rules"
    rules.mkdir(parents=True)
    (rules / "broken.toml").write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    result = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "sms", "--json", "-", stdin="The best card.")
    assert "broken.toml:1: missing [pack] table" in result.stderr
    assert json.loads(result.stdout)["verdict"] == "block"


def test_json_binds_every_figure_to_its_fact(tmp_path):
    # "1.5%" on a card whose facts have no 1.5%: no fact; 21.9% is the purchase APR.
    text = "Earn 2 points per $1. Representative 21.9% APR (variable). Subject to credit approval."
    result = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "sms", "--json", "-", stdin=text)
    figures = json.loads(result.stdout)["figures"]
    assert list(figures[0]) == ["text", "start", "end", "fact", "fact_value"]
    by_text = {f["text"]: f for f in figures}
    assert by_text["21.9%"]["fact"] == "purchase_apr" and by_text["2 points"]["fact"] == "points"
    assert all(text[f["start"]:f["end"]] == f["text"] for f in figures)
    stray = run_cli("check", "--catalog", CATALOG, "--product", "rewards-card", "--channel", "sms", "--json", "-",
                    stdin="Earn 1.5% back. Representative 21.9% APR (variable). Subject to credit approval.")
    assert {f["text"]: f["fact"] for f in json.loads(stray.stdout)["figures"]}["1.5%"] is None
