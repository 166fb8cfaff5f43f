"""Concept rules (#14): meaning as synonym sets and frames, not lists of whole sentences."""

import textwrap

import pytest

from copydesk.rules.concepts import inflections
from copydesk.rules.engine import RuleEngine, default_pack_files
from copydesk.rules.packs import PackError, load_pack, load_rule_set

HOUSE = textwrap.dedent('''
    [pack]
    id = "house-concepts"
    version = "1"
    lang = "en"

    [[concept]]
    id = "house.concept.pressure.deadline"
    category = "pressure"
    severity = "warn"
    window = 20
    sets.act = ["apply", "sign up", "open"]
    sets.deadline = ["by midnight", "before the weekend", "tonight"]
    frames = [["act", "deadline"]]
    negatable = true
    citation = "House tone policy 2"
    message = "A deadline that pushes the customer"
    examples.flag = ["Apply by midnight.", "Sign up before the weekend ends."]
    examples.pass = ["Apply any time.", "Open. Tonight we celebrate."]
''')


def house_engine(tmp_path, text=HOUSE):
    path = tmp_path / "house.toml"
    path.write_text(text, encoding="utf-8")
    return RuleEngine(load_rule_set([*default_pack_files(), path]))


def rules_of(report, prefix):
    return [f for f in report.findings if f.rule.startswith(prefix)]


def test_single_words_match_their_inflections():
    assert {"approves", "approved", "approving"} <= inflections("approve")
    assert {"applies", "applied", "applying"} <= inflections("apply")
    assert {"stopped", "stopping"} <= inflections("stop")
    assert "mend" not in inflections("men")  # no bare "+d" on words that do not end in e


def test_a_house_concept_matches_unseen_wording_within_one_sentence(tmp_path, catalog):
    engine = house_engine(tmp_path)
    card = catalog.product("rewards-card")
    for text in ("Applied yet? Applying tonight gets you in.", "Open your account tonight."):
        assert rules_of(engine.check(text, card, "email"), "house.concept"), text
    for text in ("Apply. Tonight is for friends.",  # a sentence break between the parts
                 "Apply for the card and, whenever it suits you, weeks from now, by midnight",  # beyond the window
                 "You need not apply by midnight."):  # negated
        assert not rules_of(engine.check(text, card, "email"), "house.concept"), text


def test_a_finding_names_the_nearest_known_case(engine, catalog):
    report = engine.check("Sorry, the Everyday Rewards Card is not designed for the over-60s.",
                          catalog.product("rewards-card"), "email")
    [finding] = rules_of(report, "en.concept.fair_lending")
    assert finding.severity == "block" and "Regulation B" in finding.citation
    assert "reads like the known case" in finding.message and "over-60s" in finding.message


@pytest.mark.parametrize("text", [
    "Locals who grew up here get priority on every application.",
    "Our newest loan was designed with the men of the house in mind.",
    "Members of the parish get fast-tracked approvals.",
    "Sadly we can't count food stamps as income.",
])
def test_fair_lending_by_meaning_on_credit_only(engine, catalog, text):
    assert rules_of(engine.check(text, catalog.product("personal-loan"), "email"), "en.concept.fair_lending")
    assert not rules_of(engine.check(text, catalog.product("high-yield-savings"), "email"), "en.concept.fair_lending")


def test_equal_treatment_wording_is_clean(engine, catalog):
    for text in ("Every lawful source of income counts the same, including public assistance.",
                 "Priority review for every complete application, whoever you are."):
        assert engine.check(text, catalog.product("personal-loan"), "email").verdict == "pass", text


def test_a_quoted_promise_in_a_warning_is_not_a_claim(engine, catalog):
    fund = catalog.product("balanced-fund")
    assert rules_of(engine.check("Whatever happens, this fund pays.", fund, "email"), "en.concept.guarantee")
    warning = "If a caller says 'whatever happens, this fund pays', it isn't us."
    assert not rules_of(engine.check(warning, fund, "email"), "en.concept.guarantee")


def test_chinese_concepts(engine, catalog):
    wealth = catalog.product("zh-wealth")
    assert rules_of(engine.check("万一亏损，由我行承担。", wealth, "wechat"), "zh.concept.guarantee")
    assert not rules_of(engine.check("本产品并非政府兜底，理财非存款。", wealth, "wechat"), "zh.concept.guarantee")
    fund = catalog.product("zh-fund")
    assert rules_of(engine.check("邻居们早就都在买了，只有你还在等？", fund, "wechat"), "zh.concept.pressure")
    loan = catalog.product("zh-consumer-loan")
    assert rules_of(engine.check("外地户口的客户，暂不受理本贷款。", loan, "wechat"), "zh.concept.fair_lending")
    assert not rules_of(engine.check("不论户籍，申请条件一视同仁。", loan, "wechat"), "zh.concept.fair_lending")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('frames = [["act", "deadline"]]', 'frames = [["act", "soon"]]'), "frames[0] names soon, which is not among sets"),
    (lambda t: t.replace("window = 20", "window = 5000"), "window must be a whole number of characters from 0 to 200"),
    (lambda t: t.replace('sets.act = ["apply", "sign up", "open"]\n', "").replace('sets.deadline', 'sets.Deadline'), "a set name is lower-case"),
    (lambda t: t.replace('negatable = true', "sentence_exceptions = ['(a+)+$']"), "unsafe regular expression"),
])
def test_a_broken_concept_is_named_with_its_line(tmp_path, edit, message):
    path = tmp_path / "house.toml"
    path.write_text(edit(HOUSE), encoding="utf-8")
    with pytest.raises(PackError, match=r"house\.toml:8: .*" + message.replace("(", r"\(").replace("[", r"\[")):
        load_pack(path)
