"""The learned meaning model (rules/learned.py) and its check (rules/checks/learned.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from copydesk.catalog import Product
from copydesk.rules.engine import RuleEngine
from copydesk.rules.learned import (CATEGORIES, LearnedModel, LearnedModelError, bundled_folder, features, mask_names,
                                    sentence_spans)
from copydesk.rules.learned_training import fit, save
from copydesk.rules.normalize import normalize

FUND = Product("fund", "Ridgeline Balanced Growth Fund (Class A)", "investment_fund", "en", {
    "legend": "Not FDIC insured; not bank guaranteed; may lose value",
    "allocation": "Target allocation of 60% stocks and 40% bonds",
}, ("Not FDIC insured. Not bank guaranteed. May lose value.",))
LEGEND = " Not FDIC insured. Not bank guaranteed. May lose value."


def tiny_model(threshold: float = 0.5) -> LearnedModel:
    """A model learnt from a handful of rows: 'sunshine forever' is a guarantee, the rest clean."""
    rows = [{"text": f"Your money sees sunshine forever, {w}.", "lang": "en", "categories": ["guarantee"], "expect": "block"}
            for w in ("friend", "neighbour", "saver", "reader", "investor", "client")]
    rows += [{"text": f"The fund holds stocks and bonds for {w}.", "lang": "en", "categories": [], "expect": "pass"}
             for w in ("growth", "income", "balance", "the long run", "retirement", "families")]
    return fit(rows, threshold=threshold)


def engine_with(model) -> RuleEngine:
    engine = RuleEngine.load()
    engine.learned = model
    return engine


def test_sentences_split_at_their_ends_not_inside_a_figure():
    text = normalize("Earn 3.5% APY. Member FDIC!\n第一句。第二句！ Done").text
    assert [text[a:b] for a, b in sentence_spans(text)] == ["earn 3.5% apy.", "member fdic!", "第一句。", "第二句！", "done"]


def test_the_whole_text_scoring_equals_the_sum_of_each_sentences_features():
    # Training sums feature rows sentence by sentence; checking computes every sentence at once
    # with prefix sums. The two must agree or the model checks something it never learnt.
    model = LearnedModel.load(bundled_folder())
    text = normalize("Hi Ana, your balance only goes up. 保证收益，稳赚不赔。 Rates as of 12/01/2026; "
                     "earn 4.10% APY on balances of $25,000 or more.\nNot FDIC insured. ok").text  # (a last sentence shorter than a 4-gram)
    spans = sentence_spans(text)
    together = model.sentence_logits(text, spans)
    for (start, end), row in zip(spans, together):
        ids = features(text[start:end])
        alone = model.table[ids].sum(axis=0) / np.sqrt(max(1, len(ids))) + model.bias
        assert np.allclose(row, alone, atol=1e-4), text[start:end]


def test_the_products_name_is_masked_so_a_name_is_not_a_promise():
    folded = normalize("The Ridgeline Balanced Growth Fund holds stocks.").text
    masked = mask_names(folded, ["Ridgeline Balanced Growth Fund (Class A)", "Ridgeline Balanced Growth Fund"])
    assert masked == "the ############################## holds stocks." and len(masked) == len(folded)


def test_a_sentence_the_model_flags_is_a_warning_with_the_nearest_known_case():
    engine = engine_with(tiny_model())
    text = "Invest with us and your money sees sunshine forever, partner." + LEGEND
    [finding] = [f for f in engine.check(text, FUND, "email").findings if f.rule.startswith("learned.")]
    assert finding.rule == "learned.guarantee" and finding.category == "guarantee" and finding.severity == "warn"
    assert text[finding.start:finding.end].startswith("Invest with us")
    assert "resembles the known case" in finding.message and "sunshine forever" in finding.message
    assert "% sure" in finding.message and "FINRA Rule 2210" in finding.citation
    clean = "The fund holds stocks and bonds for the years ahead." + LEGEND
    assert not [f for f in engine.check(clean, FUND, "email").findings if f.rule.startswith("learned.")]


@pytest.mark.parametrize("text", [
    "Scam alert: a text promising your money sees sunshine forever is not from us." + LEGEND,  # a warning disowns it
    "Nobody can promise your money sees sunshine forever." + LEGEND,  # the promise is denied
    "The fund is not FDIC insured, not bank guaranteed and may lose value.",  # the product's own legend
])
def test_warnings_denials_and_the_products_own_legend_are_not_flagged(text):
    engine = engine_with(tiny_model(threshold=0.2))
    assert not [f for f in engine.check(text, FUND, "email").findings if f.rule.startswith("learned.")]


def test_where_the_rules_already_say_why_the_model_adds_nothing():
    engine = engine_with(tiny_model(threshold=0.01))  # it would flag every sentence
    report = engine.check("Guaranteed returns: your balance only goes up." + LEGEND, FUND, "email")
    guarantee = [f for f in report.findings if f.category == "guarantee"]
    assert guarantee and not [f for f in guarantee if f.rule.startswith("learned.")]


def test_a_saved_model_loads_with_the_same_scores(tmp_path):
    model = tiny_model()
    save(model, tmp_path, {"trained_on": {"cases": 12}})
    loaded = LearnedModel.load(tmp_path)
    sentence = normalize("your money sees sunshine forever.").text
    assert np.allclose(loaded.probabilities(sentence), model.probabilities(sentence), atol=1e-2)
    assert loaded.threshold == model.threshold and len(loaded.known) == len(model.known)
    info = json.loads((tmp_path / "meaning.json").read_text(encoding="utf-8"))
    assert info["categories"] == list(CATEGORIES) and info["trained_on"] == {"cases": 12}


def test_a_broken_model_file_is_named_with_its_fix_and_the_rules_still_run(tmp_path, monkeypatch):
    save(tiny_model(), tmp_path, {})
    (tmp_path / "meaning.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(LearnedModelError) as error:
        LearnedModel.load(tmp_path)
    assert "meaning.safetensors" in str(error.value) and "make train-meaning" in str(error.value)

    import copydesk.rules.engine as engine_module
    import copydesk.rules.learned as learned_module

    monkeypatch.setattr(engine_module, "_LEARNED", [])
    monkeypatch.setattr(learned_module, "bundled_folder", lambda: tmp_path)
    engine = RuleEngine.load()
    assert engine.learned is None and any("meaning.safetensors" in e for e in engine.errors)
    report = engine.check("Guaranteed returns!" + LEGEND, FUND, "email")
    assert "guarantee" in {f.category for f in report.findings}


def test_the_bundled_model_loads_and_separates_a_known_promise_from_clean_copy():
    model = LearnedModel.load(bundled_folder())
    info = json.loads((bundled_folder() / "meaning.json").read_text(encoding="utf-8"))
    assert model.threshold == info["threshold"] and "blind15" in info["trained_on"]["sets"]
    promise = model.probabilities(normalize("保本保息，稳赚不赔！").text)[CATEGORIES.index("guarantee")]
    clean = model.probabilities(normalize("理财非存款，产品有风险，投资须谨慎。").text)[CATEGORIES.index("guarantee")]
    assert promise > model.threshold > clean
