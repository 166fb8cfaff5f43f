"""The labelled corpus in tests/data: recall and false-positive targets from COMPLIANCE.md."""

from pathlib import Path

import pytest

from copydesk.rules.scoring import load_cases, score

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def result(engine, catalog):
    files = sorted(DATA.glob("corpus_*.jsonl"))
    assert len(files) == 2
    return score(engine, catalog, load_cases(files))


def test_corpus_is_big_and_covers_every_category_in_both_languages():
    cases = load_cases(sorted(DATA.glob("corpus_*.jsonl")))
    assert len(cases) >= 150
    for lang in ("en", "zh"):
        covered = {c for case in cases if case["lang"] == lang for c in case["categories"]}
        assert len(covered) == 8, (lang, covered)
        assert any(case["type"] == "disguise" for case in cases if case["lang"] == lang)
        assert any(case["type"] == "tricky_clean" for case in cases if case["lang"] == lang)


def test_recall_at_least_95_percent(result):
    assert result.recall() >= 0.95, result.misses


def test_false_positive_rate_at_most_3_percent(result):
    assert result.false_positive_rate <= 0.03, [a for a in result.false_alarms]
