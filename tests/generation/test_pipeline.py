"""The draft pipeline with a fake model: clean, check, repair, rank, fall back, stream, cancel."""

import pytest

from copydesk.generation.backend import Cancelled, CancelToken
from copydesk.generation.cleaning import clean_output
from copydesk.generation.pipeline import GenerationInputError, GenerationRequest

REQUEST = GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=3, seed=7)


def test_drafts_come_back_checked_and_ranked_best_first(pipeline, fake_backend):
    fake_backend.answers = [
        # Continuations of the prompt, which ends with the product's name.
        " is the best card ever. Earn 2 points per $1.",  # superlative: rewritten away
        ": earn 2 points per $1, and 20,000 bonus points after $1,000 in purchases in 3 months.",
        ": earn 9 points per $1, guaranteed!",  # invented number: dropped, nothing usable left
    ]
    drafts = pipeline.generate(REQUEST)
    assert len(drafts) == 3
    assert all(d.verdict == "pass" for d in drafts)
    # The model draft stating the most figures ranks first, ahead of the facts template.
    assert drafts[0].backend == "fake" and drafts[0].text.startswith(
        "Everyday Rewards Card: earn 2 points per $1, and 20,000 bonus points")
    assert not any("9 points" in d.text or "best" in d.text.lower() for d in drafts)
    assert len(fake_backend.prompts) == 1 and len(fake_backend.prompts[0]) == 3  # one batch of 3


def test_each_draft_records_where_it_came_from(pipeline, fake_backend):
    fake_backend.answers = [": earn 2 points per $1 on every purchase."] * 3
    draft = next(d for d in pipeline.generate(REQUEST) if d.backend == "fake").to_dict()
    assert list(draft) == ["text", "verdict", "findings", "model", "backend", "seed", "template_version", "repairs", "timings"]
    assert draft["model"] == "fake-model" and draft["backend"] == "fake" and draft["seed"] == 7
    assert draft["template_version"] == "fewshot-en@3"
    assert set(draft["timings"]) == {"first_token_s", "total_s"}


def test_repairs_append_the_disclosure_and_are_named(pipeline, fake_backend):
    fake_backend.answers = ["Everyday Rewards Card: $0 annual fee and 2 points per $1."] * 3
    draft = next(d for d in pipeline.generate(REQUEST) if d.backend == "fake")
    assert "appended disclosure" in draft.repairs
    assert "APR" in draft.text and draft.verdict == "pass"
    assert len(draft.text) <= 160


def test_template_drafts_fill_in_when_the_model_writes_nothing_usable(pipeline, fake_backend):
    fake_backend.answers = ["", " ", ": B120."]
    drafts = pipeline.generate(REQUEST)
    assert drafts and all(d.backend == "template" for d in drafts)
    assert drafts[0].verdict == "pass"
    assert drafts[0].template_version == "facts-en@2"


def test_chinese_goes_to_templates_when_the_model_cannot_write_it(catalog, engine, fake_backend):
    from copydesk.generation.pipeline import DraftPipeline

    pipeline = DraftPipeline(catalog, engine, fake_backend, model_languages=("en",))
    drafts = pipeline.generate(GenerationRequest("zh-platinum-card", "zh-new-graduates", "wechat", "zh", n=2))
    assert fake_backend.prompts == []
    assert drafts and drafts[0].backend == "template" and drafts[0].verdict == "pass"
    assert "云帆白金信用卡" in drafts[0].text


def test_tokens_stream_to_the_callback(pipeline, fake_backend):
    fake_backend.answers = ["with 2 points per $1 on every purchase."] * 3
    seen = []
    pipeline.generate(REQUEST, on_token=lambda index, text: seen.append((index, text)))
    assert seen[0] == (0, "Everyday Rewards Card with")  # the lead the prompt ended with, then the model's words
    assert (2, "Everyday Rewards Card with 2 points per $1 on every purchase.") in seen


def test_cancel_stops_generation(pipeline):
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        pipeline.generate(REQUEST, cancel=cancel)


def test_same_seed_same_drafts(catalog, engine):
    from copydesk.generation.fake_backend import FakeBackend
    from copydesk.generation.pipeline import DraftPipeline

    pool = ["Earn 2 points per $1 with the Everyday Rewards Card.", "The Everyday Rewards Card: 2 points per $1 on purchases.",
            "Everyday Rewards Card. Earn 2 points per $1, no fuss."]
    runs = [[d.text for d in DraftPipeline(catalog, engine, FakeBackend(pool=pool)).generate(REQUEST)] for _ in range(2)]
    assert runs[0] == runs[1]


@pytest.mark.parametrize(
    "request_, message",
    [
        (GenerationRequest("nope", "new-graduates", "sms", "en"), "unknown product id 'nope'"),
        (GenerationRequest("rewards-card", "zh-new-graduates", "sms", "en"), "segment 'zh-new-graduates' is 'zh'"),
        (GenerationRequest("rewards-card", "new-graduates", "sms", "zh"), "product 'rewards-card' is 'en'"),
        (GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=0), "n must be between 1 and 16"),
    ],
)
def test_bad_requests_are_named(pipeline, request_, message):
    with pytest.raises(GenerationInputError, match=message):
        pipeline.generate(request_)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Sure! Here's an ad: Earn 2 points per $1.\nProduct: x", "Earn 2 points per $1."),
        ('"Earn 2 points per $1." ', "Earn 2 points per $1."),
        ("Ad: Hi [Your Name], earn 2 points per $1.", "Hi, earn 2 points per $1."),
        ("Earn 2 points per $1. Audience: new graduates", "Earn 2 points per $1."),
        ("Earn 2 points per $1. Redeem them for stat", "Earn 2 points per $1."),
        ("文案：首年免年费，境外消费1%返现", "首年免年费，境外消费1%返现。"),
        ("", ""),
    ],
)
def test_cleaning_model_output(raw, clean):
    assert clean_output(raw) == clean


def test_library_examples_come_last_nearest_the_new_ad(pipeline, fake_backend):
    from copydesk.generation.pipeline import GenerationRequest

    approved = {"product": "Harbor Cash Card", "facts": "1.5% cash back", "ad": "Get 1.5% cash back on everything. Subject to credit approval."}
    pipeline.generate(GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=2), examples=[approved])
    prompt = fake_backend.prompts[-1][0]
    # Built-in examples first (a fixed start the prompt cache can reuse), then the bank's own.
    assert prompt.index("Lakeside Free Checking") < prompt.index("Harbor Cash Card") < prompt.index("Everyday Rewards Card")
    assert "Ad: Get 1.5% cash back on everything." in prompt
    assert prompt.count("Ad:") == 4  # three examples and the new ad


def test_warm_up_computes_the_prompt_without_drafting(pipeline, fake_backend):
    from copydesk.generation.pipeline import GenerationRequest

    request = GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=4)
    pipeline.warm_up(request)
    assert fake_backend.prompts == [] and len(fake_backend.warm_ups) == 1 and len(fake_backend.warm_ups[0]) == 1
    pipeline.generate(request)
    assert fake_backend.prompts[0] == fake_backend.warm_ups[0] * 4  # the same prompt the drafts use


def test_a_draft_that_is_only_the_disclosure_is_not_offered(pipeline, fake_backend, catalog):
    from copydesk.generation.pipeline import GenerationRequest

    cd = catalog.product("cd-12-month") if any(p.id == "cd-12-month" for p in catalog.products) else catalog.product("high-yield-savings")
    fake_backend.answers = [": Member FDIC.", " Member FDIC."] * 2
    drafts = pipeline.generate(GenerationRequest(cd.id, "new-graduates", "sms", "en", n=2))
    assert drafts and all(d.backend == "template" for d in drafts)
    for draft in drafts:
        body = draft.text
        for disclosure in cd.disclosures:
            body = body.replace(disclosure, "")
        assert len(body.split()) >= 5


def test_chinese_disclosure_is_appended_without_a_latin_space(engine, catalog):
    from copydesk.generation.repair import repair

    product = catalog.product("zh-time-deposit")
    text, report, repairs = repair(engine, "云帆银行三年期定期存款，三年期年利率1.55%。", product, "wechat", "zh")
    assert "appended disclosure" in repairs and "。 " not in text and "。本产品" in text


def test_short_channels_get_a_compact_disclosure_built_from_the_facts(catalog, engine):
    """Term life on push: the catalog's 146-character disclosure cannot fit 120 characters;
    the compact form (issuer + not a deposit, COMPLIANCE.md) does, and the engine passes it."""
    from copydesk.generation.pipeline import DraftPipeline, disclosure_options

    product = catalog.product("term-life")
    options = disclosure_options(product)
    assert options[: len(product.disclosures)] == product.disclosures
    compact = [d for d in options if d not in product.disclosures]
    assert compact and all("Northgate Mutual" in d and "Not a deposit" in d for d in compact)

    drafts = DraftPipeline(catalog, engine, None).generate(GenerationRequest("term-life", "new-graduates", "push", "en"))
    best = drafts[0]
    assert best.verdict == "pass" and len(best.text) <= 120
    assert "Harborview Term Life" in best.text and "Issued by Northgate Mutual" in best.text
    assert "appended disclosure" in best.repairs


def test_a_compact_disclosure_missing_an_element_is_never_used(catalog, engine):
    """Repair keeps a wording only when the engine then passes: a legend without the issuer fails."""
    from copydesk.generation.repair import repair

    product = catalog.product("term-life")
    text, report, repairs = repair(engine, "Harborview Term Life: Term lengths: 10, 20 or 30 years.", product, "push", "en",
                                   ("Not a deposit or bank guaranteed.",))
    assert "appended disclosure" not in repairs
    assert any(f.category == "missing_disclosure" for f in report.findings)


def test_template_facts_do_not_repeat_the_name_or_a_label(catalog):
    from copydesk.generation.pipeline import display_facts

    fund = catalog.product("zh-fund")
    assert not any(fact in fund.name for fact in display_facts(fund))
    cd_facts = display_facts(catalog.product("cd-12-month"))
    assert "4.05% APY" in cd_facts and not any(f.startswith("APY:") for f in cd_facts)


@pytest.mark.parametrize("completion, ad", [
    (": earn 2 points per $1.", "Everyday Rewards Card: earn 2 points per $1."),
    (" gives you 2 points per $1.", "Everyday Rewards Card gives you 2 points per $1."),
    ("earns 2 points per $1.", "Everyday Rewards Card earns 2 points per $1."),
    (" Everyday Rewards Card: 2 points per $1.", "Everyday Rewards Card: 2 points per $1."),  # the model said the name again
])
def test_the_prompt_lead_is_put_back_in_front_of_the_completion(completion, ad):
    from copydesk.generation.pipeline import join_lead

    assert join_lead("Everyday Rewards Card", completion) == ad
    assert join_lead("云帆白金信用卡", "，首年免年费。") == "云帆白金信用卡，首年免年费。"


def test_the_prompt_ends_with_the_product_name(pipeline, fake_backend):
    fake_backend.answers = [": earn 2 points per $1."] * 3
    pipeline.generate(REQUEST)
    assert fake_backend.prompts[0][0].endswith("\nAd: Everyday Rewards Card")


@pytest.mark.parametrize("text, loops", [
    ("12-Month CD: 12-Month CD: 12-Month CD: 1. Member FDIC.", True),
    ("Voyager Travel Card: no credit; no credit; can be used anywhere.", True),
    ("Lock in 4.05% APY. 4.05% APY for 12 months.", False),  # a figure said twice in different clauses
    ("云帆白金信用卡：首年免年费，首年免年费。", True),
    ("云帆白金信用卡：首年免年费，境外消费1%返现。", False),
])
def test_a_draft_that_loops_is_recognised(text, loops):
    from copydesk.generation.cleaning import repeats_itself

    assert repeats_itself(text) is loops


def test_a_model_draft_without_a_figure_is_not_offered(pipeline, fake_backend):
    """'Get it today' passes the checker but tells the customer nothing: the facts template fills in."""
    fake_backend.answers = [": the card for you, get it today."] * 3
    drafts = pipeline.generate(REQUEST)
    assert len(drafts) == 3 and all(d.backend == "template" and d.coverage >= 1 for d in drafts)


def test_model_drafts_keep_up_to_half_the_places(pipeline, fake_backend):
    """Template copy states more figures, but the marketer also gets the model's wording."""
    from dataclasses import replace

    fake_backend.answers = [": earn 2 points per $1 on every purchase.", ": 2 points per $1, every day.",
                            ": 2 points per $1 wherever you shop.", ": 2 points per $1 on groceries and gas."]
    drafts = pipeline.generate(replace(REQUEST, n=4))
    assert len(drafts) == 4 and sum(d.backend == "fake" for d in drafts) == 2
    assert drafts[0].backend == "template"  # ranked: more figures first


def test_the_catalog_disclosure_is_preferred_where_it_fits(catalog, engine):
    """The bank approved the catalog's wording: a compact form is only for channels it does not fit."""
    from copydesk.generation.pipeline import disclosure_options
    from copydesk.generation.repair import repair

    product = catalog.product("term-life")
    text, report, repairs = repair(engine, "Harborview Term Life: Term lengths: 10, 20 or 30 years.", product, "email", "en",
                                   disclosure_options(product))
    assert report.verdict == "pass" and product.disclosures[0] in text and "Issued by Northgate Mutual." not in text
