"""Rule packs are data: validated with file:line errors, extended by house packs, self-testing."""

import textwrap

import pytest

from copydesk import config
from copydesk.rules.engine import RuleEngine, bundled_rules_dir, default_pack_files
from copydesk.rules.examples import run_examples
from copydesk.rules.packs import PackError, load_pack, load_rule_set

GOOD = textwrap.dedent('''
    [pack]
    id = "house"
    version = "1"
    lang = "en"

    [[rule]]
    id = "house.superlative.legendary"
    category = "superlative"
    severity = "block"
    phrases = ["legendary"]
    citation = "House policy 12"
    message = "Legendary is a superlative"
    suggestion = "Describe the feature"
    examples.flag = ["A legendary card."]
    examples.pass = ["A card."]
''')


def write(tmp_path, text, name="house.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_packs_load_without_errors_and_all_examples_pass():
    engine = RuleEngine.load()
    assert engine.errors == ()
    assert {p.id for p in engine.rule_set.packs} >= {"en-promises", "en-disclosures", "zh-promises", "zh-disclosures"}
    count, failures = run_examples(engine)
    assert count > 100
    assert failures == [], [str(f) for f in failures]


def test_every_rule_carries_what_a_reviewer_needs():
    engine = RuleEngine.load()
    for pack in engine.rule_set.packs:
        for rule in pack.all_rules:
            assert rule.citation and rule.message and rule.languages, rule.id
            assert any(e.flag for e in rule.examples) and any(not e.flag for e in rule.examples), rule.id


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda t: t.replace('severity = "block"', 'severity = "fatal"'), r"house\.toml:8: severity 'fatal' is not one of warn, block"),
        (lambda t: t.replace('category = "superlative"', 'category = "rude"'), r"house\.toml:8: category 'rude' is not one of"),
        (lambda t: t.replace('phrases = ["legendary"]', 'patterns = ["(unclosed"]'), r"house\.toml:8: patterns: bad regular expression '\(unclosed'"),
        (lambda t: t.replace('examples.pass = ["A card."]\n', ''), r"house\.toml:8: every rule needs examples"),
        (lambda t: t.replace('citation = "House policy 12"\n', ''), r"house\.toml:8: citation is required"),
        (lambda t: t.replace('phrases = ["legendary"]', 'phrases = ["legendary"\n'), r"house\.toml:\d+: invalid TOML"),
        (lambda t: t.replace('[pack]\nid = "house"\nversion = "1"\n', ''), r"house\.toml:1: missing \[pack\] table"),
        (lambda t: t.replace('id = "house.superlative.legendary"', 'id = "Legendary"'), r"house\.toml:\d+: id must be a dotted lower-case name"),
        (lambda t: t + 'colour = "red"\n', r"house\.toml:8: unknown key\(s\) in \[\[rule\]\]: colour"),
    ],
)
def test_broken_pack_names_file_line_and_reason(tmp_path, edit, expected):
    path = write(tmp_path, edit(GOOD))
    with pytest.raises(PackError, match=expected):
        load_pack(path)


def test_house_pack_in_the_config_dir_is_loaded_and_tested():
    config.house_rules_dir().mkdir(parents=True)
    (config.house_rules_dir() / "house.toml").write_text(GOOD, encoding="utf-8")
    engine = RuleEngine.load()
    assert "house" in {p.id for p in engine.rule_set.packs}
    assert default_pack_files()[-1].name == "house.toml"
    _, failures = run_examples(engine, "house")
    assert failures == []


def test_a_broken_pack_leaves_the_previous_valid_version_in_force(tmp_path):
    path = write(tmp_path, GOOD)
    first = load_rule_set([path])
    assert first.errors == ()
    path.write_text(GOOD.replace('severity = "block"', 'severity = "fatal"'), encoding="utf-8")
    second = load_rule_set([path], previous=first)
    assert any("severity 'fatal'" in e for e in second.errors)
    assert any("keeping the previously loaded version 1 in force" in e for e in second.errors)
    assert [p.id for p in second.packs] == ["house"]
    # Without a previous version, the broken pack is simply left out; the others still load.
    fresh = load_rule_set([path, *sorted(bundled_rules_dir().glob("*.toml"))])
    assert "house" not in {p.id for p in fresh.packs} and len(fresh.packs) == len(list(bundled_rules_dir().glob("*.toml")))


def test_a_rule_id_cannot_be_defined_twice_across_packs(tmp_path):
    first = write(tmp_path, GOOD, "a.toml")
    second = write(tmp_path, GOOD.replace('id = "house"', 'id = "other"'), "b.toml")
    rule_set = load_rule_set([first, second])
    assert any("b.toml:8: rule id 'house.superlative.legendary' is already defined" in e for e in rule_set.errors)


def test_examples_that_do_not_hold_are_reported(tmp_path):
    path = write(tmp_path, GOOD.replace('examples.pass = ["A card."]', 'examples.pass = ["A legendary deal."]'))
    engine = RuleEngine.load([path])
    count, failures = run_examples(engine)
    assert count == 2 and len(failures) == 1
    assert "house.toml:8: house.superlative.legendary: example should pass: 'A legendary deal.'" in str(failures[0])


def test_pinyin_spellings_of_chinese_phrases_are_matched(tmp_path):
    from copydesk.rules.matcher import pinyin_variants

    assert {"bao本", "保ben", "baoben", "bao ben"} <= pinyin_variants("保本")
    assert pinyin_variants("best") == set()
