"""Safe on any input (#14): a pattern that can backtrack without bound never loads, a huge
repeat count is a pack error rather than a crash, a megabyte of digits is checked (linearly),
and empty copy is an input error, not a pass."""

import json
import re
import subprocess
import sys
import textwrap

import pytest

from copydesk import config, resources
from copydesk.rules.engine import EmptyCopyError, RuleEngine, default_pack_files
from copydesk.rules.normalize import normalize
from copydesk.rules.packs import PackError, load_pack, load_rule_set
from copydesk.rules.pattern_safety import unsafe_reason

CATALOG = str(resources.sample_catalog_path())

PACK = textwrap.dedent('''
    [pack]
    id = "house"
    version = "1"
    lang = "en"

    [[rule]]
    id = "house.pressure.hurry"
    category = "pressure"
    severity = "warn"
    patterns = ['PATTERN']
    citation = "House policy 3"
    message = "Hurry"
    examples.flag = ["hurry hurry"]
    examples.pass = ["A card."]
''')


def house_pack(tmp_path, pattern: str):
    path = tmp_path / "house.toml"
    path.write_text(PACK.replace("PATTERN", pattern), encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*!", r"(?:hurry[ ,]*)+$", r"(?=(x+)*y)hurry"])
def test_a_pattern_that_can_backtrack_without_bound_is_refused_with_its_line(tmp_path, pattern):
    with pytest.raises(PackError) as error:
        load_pack(house_pack(tmp_path, pattern))
    message = str(error.value)
    assert re.search(r"house\.toml:8: patterns: unsafe regular expression", message), message
    assert "backtrack without bound" in message and "bound the outer one" in message


@pytest.mark.parametrize("pattern", [r"a{4294967296}", r"hurry{2000}", r"(?:x|y){5,100000}"])
def test_a_huge_repeat_count_is_a_pack_error_not_a_crash(tmp_path, pattern):
    with pytest.raises(PackError, match=r"house\.toml:8: patterns: (bad|unsafe) regular expression"):
        load_pack(house_pack(tmp_path, pattern))


def test_an_unsafe_house_pack_leaves_the_bundled_rules_in_force(tmp_path):
    bad = house_pack(tmp_path, r"(a+)+$")
    engine = RuleEngine(load_rule_set([*default_pack_files(), bad]))
    assert any("house.toml:8" in e and "unsafe" in e for e in engine.errors)
    assert {p.id for p in engine.rule_set.packs} >= {"en-promises", "zh-promises"}
    product = _product("rewards-card")
    assert engine.check("a" * 27 + "!", product, "email").verdict == "pass"  # the pattern never ran
    assert engine.check("Guaranteed approval!", product, "email").verdict == "block"


def test_every_command_still_runs_with_a_crashing_pattern_in_the_house_folder():
    folder = config.house_rules_dir()  # under this test's own COPYDESK_HOME (conftest)
    folder.mkdir(parents=True, exist_ok=True)
    house_pack(folder, r"a{4294967296}")
    result = subprocess.run([sys.executable, "-m", "copydesk", "check", "--catalog", CATALOG, "--product", "rewards-card",
                             "--channel", "sms", "--json", "-"], input="Guaranteed approval!", capture_output=True,
                            text=True, encoding="utf-8")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["verdict"] == "block"
    assert "house.toml:8" in result.stderr and "regular expression" in result.stderr


def test_safe_shapes_load():
    for source in [r"(?:very )+good", r"(foo|bar)+", r"(?:a{1,3}){2}", r"\d+(\.\d+)?\s?%", r"(\s+\w+){0,3}"]:
        assert unsafe_reason(re.compile(source)) is None, source


def test_bundled_patterns_are_all_safe():
    engine = RuleEngine.load()
    assert engine.errors == ()


def test_a_disclosure_element_count_that_is_not_a_number_is_named(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text(textwrap.dedent('''
        [pack]
        id = "house-d"
        version = "1"
        lang = "en"

        [[disclosure]]
        id = "house.disclosure.apr"
        triggers = ['\\bapr\\b']
        requires = [{name = "two rates", any = ['%'], min = "two"}]
        citation = "Reg Z"
        message = "APR needs terms"
        examples.flag = ["APR today"]
        examples.pass = ["A card."]
    '''), encoding="utf-8")
    with pytest.raises(PackError, match=r"d\.toml:8: requires\[0\] \(two rates\): min must be a whole number"):
        load_pack(path)


def _product(product_id):
    from copydesk.catalog import load_catalog

    return load_catalog(resources.sample_catalog_path()).product(product_id)


def test_long_digit_and_letter_runs_are_read_only_to_their_first_figure_or_word():
    folded = normalize("x" + "7" * 100 + "%" + " " + "b" * 80)
    assert folded.text.startswith("x" + "7" * 40 + " %")  # the rest of the run reads as blank
    assert "b" * 64 in folded.text and "b" * 65 not in folded.text
    # Offsets still point into the original.
    start, end = folded.to_original(folded.text.index("%"), folded.text.index("%") + 1)
    assert folded.original[start:end] == "%"


def test_a_megabyte_of_digits_is_checked_and_its_findings_point_into_it():
    engine = RuleEngine.load()
    product = _product("rewards-card")
    text = "Earn " + "9" * 1_000_000 + "% cash back. Guaranteed approval."
    report = engine.check(text, product, "email")
    assert report.verdict == "block"
    assert any(text[f.start:f.end] == "Guaranteed approval" for f in report.findings)
    assert all(0 <= f.start < f.end <= len(text) for f in report.findings)


def test_many_findings_keep_one_per_nested_span():
    engine = RuleEngine.load()
    report = engine.check("Guaranteed approval. " * 2000, _product("rewards-card"), "email")
    spans = [(f.start, f.end) for f in report.findings if f.category == "guarantee"]
    assert len(spans) == 2000  # one per sentence: "guaranteed" inside "guaranteed approval" is dropped


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_copy_is_an_input_error_not_a_pass(text):
    with pytest.raises(EmptyCopyError, match="the copy is empty"):
        RuleEngine.load().check(text, _product("rewards-card"), "email")


def test_check_on_an_empty_file_exits_2_naming_it(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "copydesk", "check", "--catalog", CATALOG, "--product", "rewards-card",
                             "--channel", "sms", str(path)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert "blank.txt: the copy is empty" in result.stderr


def test_an_empty_case_in_a_batch_is_named_and_the_rest_still_run(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c) for c in [
        {"id": "blank", "product": "rewards-card", "channel": "sms", "text": " "},
        {"id": "ok", "product": "rewards-card", "channel": "sms", "text": "Guaranteed approval!"},
    ]), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "copydesk", "check", "--catalog", CATALOG, "--batch", str(cases)],
                            capture_output=True, text=True, encoding="utf-8")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["blank", "ok"]
    assert "empty" in json.dumps(lines[0]) and lines[1]["verdict"] == "block"


def test_span_set_answers_overlap_like_a_scan():
    import random

    from copydesk.rules.spans import SpanSet

    rng = random.Random(3)
    spans = [(s, s + rng.randint(1, 9)) for s in (rng.randint(0, 500) for _ in range(60))]
    spans_set = SpanSet(spans)
    for start in range(0, 520):
        for width in (1, 3, 12):
            expected = any(s < start + width and start < e for s, e in spans)
            assert spans_set.overlaps(start, start + width) == expected, (start, width)
