import json
import subprocess
import sys


from copydesk import __version__, resources
from copydesk.cli import build_parser, main
from tests.conftest import MINIMAL_CATALOG


def run_cli(*args):
    """Run copydesk in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-m", "copydesk", *args], capture_output=True, text=True, encoding="utf-8")


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"copydesk {__version__}"


def test_help_lists_commands_and_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from copydesk.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'PySide6') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "catalog" in result.stdout and "self-test" in result.stdout
    assert "HEAVY []" in result.stdout


def all_parsers(parser, prefix=()):
    yield prefix, parser
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        for name, sub in action.choices.items():
            yield from all_parsers(sub, prefix + (name,))


def test_every_command_has_help():
    for path, parser in all_parsers(build_parser()):
        if path:
            assert parser.format_help().strip(), path
            assert parser.description or any(
                a.help for a in build_parser()._subparsers._group_actions[0]._choices_actions if a.dest == path[0]
            ), path


def test_catalog_validate_prints_a_summary(capsys):
    assert main(["catalog", "validate", str(resources.sample_catalog_path())]) == 0
    out = capsys.readouterr().out
    assert "valid catalog" in out and "products" in out and "segments" in out


def test_catalog_validate_json(capsys, write_catalog):
    assert main(["catalog", "validate", "--json", str(write_catalog(MINIMAL_CATALOG))]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["valid"] is True and summary["products"] == 1 and summary["segments"] == 1


def test_broken_catalog_exits_2_with_path_and_reason(write_catalog):
    bad = dict(MINIMAL_CATALOG, products=[dict(MINIMAL_CATALOG["products"][0], kind="crypto")])
    path = write_catalog(bad)
    result = run_cli("catalog", "validate", str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert "products[0].kind: 'crypto' is not allowed" in result.stderr
    assert result.stdout == ""


def test_catalog_show_product(capsys, write_catalog):
    path = str(write_catalog(MINIMAL_CATALOG))
    assert main(["catalog", "show", "--catalog", path, "--product", "rewards-card", "--json"]) == 0
    product = json.loads(capsys.readouterr().out)
    assert product["facts"]["purchase_apr"] == "21.9% APR variable"
    assert main(["catalog", "show", "--catalog", path, "--product", "nope"]) == 2
    assert "unknown product id 'nope'" in capsys.readouterr().err


def test_catalog_show_lists_channels(capsys):
    assert main(["catalog", "show"]) == 0
    out = capsys.readouterr().out
    assert "sms      160 characters" in out and "Segments:" in out


def test_self_test_prints_json_summary():
    result = run_cli("self-test")
    summary = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert summary["ok"] is True
    assert {c["name"] for c in summary["checks"]} >= {"assets", "catalog"}


def test_self_test_unknown_check_is_a_usage_error(capsys):
    assert main(["self-test", "--only", "nope"]) == 2
    assert "unknown check(s): nope" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error():
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_broken_settings_file_is_reported_not_a_traceback(copydesk_home):
    (copydesk_home / "config").mkdir(parents=True)
    (copydesk_home / "config" / "settings.json").write_text("{oops", encoding="utf-8")
    result = run_cli("catalog", "show")
    assert result.returncode == 2
    assert "settings.json:1:2: invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr
