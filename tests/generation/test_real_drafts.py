"""The real bundled default model with its house adapter, through the whole pipeline: plans, slot-form
decoding under the constraint, filling, checking, ranking, in both languages. Uses the
session's shared model home (the GGUF is converted once, never in the user's real cache)."""

from __future__ import annotations

import pytest

from copydesk.generation.adapters import adapter_sha256, house_adapter_dir
from copydesk.generation.factory import make_backend
from copydesk.generation.pipeline import DraftPipeline, GenerationRequest
from copydesk.rules.checks.grounding import product_quantities
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import extract_quantities, same_quantity

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def house(real_backend):
    """The default setting's backend: Gemma 3 270M with the house adapter, both languages."""
    _, languages = make_backend("default")
    assert real_backend.model_id == "gemma-3-270m-en-zh" and languages == ("en", "zh")
    return real_backend, languages


def figures_outside_the_facts(engine, draft, product) -> list:
    facts = engine.product_view(product).derived("fact_quantities", product_quantities)
    return [q for q in extract_quantities(normalize(draft.text).text) if not any(same_quantity(q, f) for f in facts)]


@pytest.mark.parametrize("product, segment, channel, lang", [
    ("rewards-card", "new-graduates", "sms", "en"),
    ("zh-time-deposit", "zh-retirees", "push", "zh"),
])
def test_the_house_model_drafts_every_part_with_only_the_facts_figures(house, catalog, engine, product, segment, channel, lang):
    backend, languages = house
    assert backend.adapter_id == adapter_sha256(house_adapter_dir())
    pipeline = DraftPipeline(catalog, engine, backend, model_languages=languages)
    request = GenerationRequest(product, segment, channel, lang, n=4, seed=11)
    drafts = pipeline.generate(request)
    assert len(drafts) == 4
    for draft in drafts:
        assert figures_outside_the_facts(engine, draft, catalog.product(product)) == []
        assert draft.parts and draft.explanation["seed"] == 11
    model = [d for d in drafts if d.backend != "template"]
    for draft in model:
        assert draft.explanation["adapter"] == backend.adapter_id
        assert draft.explanation["model"] == backend.model_id
        assert draft.explanation["precision"] == backend.precision  # bf16 where the CPU has it (precision.py)
    again = pipeline.generate(request)
    assert [d.text for d in again] == [d.text for d in drafts]  # same inputs and seed, same drafts
