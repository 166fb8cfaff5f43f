"""The draft pipeline with a fake model: plans, slot-form parts filled from the facts, checks,
repairs, ranking, the template fallback, streaming and cancel."""

from dataclasses import replace

import pytest

from copydesk.generation.backend import Cancelled, CancelToken
from copydesk.generation.pipeline import DraftPipeline, GenerationInputError, GenerationRequest, disclosure_options

REQUEST = GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=3, seed=7)
SMS = "body: Earn {points} on everyday spending with the {name}.\ncta: Apply in the app."
EMAIL = "\n".join([
    "subject: Your first card, made simple",
    "preheader: Rewards on the things you already buy.",
    "greeting: Hi there,",
    "body: Starting out means every purchase counts. With the {name}, you earn {points}.",
    "body: Manage it all from your phone, between shifts or on the bus.",
    "cta: Apply in the app in a few minutes.",
])


def test_model_drafts_are_filled_with_the_facts_exact_wording(pipeline, fake_backend, catalog):
    fake_backend.answers = [SMS] * 3
    drafts = pipeline.generate(REQUEST)
    model = [d for d in drafts if d.backend == "fake"]
    assert model and model[0].verdict == "pass"
    points = catalog.product("rewards-card").facts["points"]
    assert f"Earn {points} on everyday spending with the Everyday Rewards Card." in model[0].text
    assert model[0].text.startswith("Harborview Bank: ") and model[0].text.endswith("Reply STOP to opt out.")
    assert model[0].parts["body"] == f"Earn {points} on everyday spending with the Everyday Rewards Card."
    assert model[0].parts["cta"] == "Apply in the app." and model[0].parts["opt_out"] == "Reply STOP to opt out."
    assert len(fake_backend.prompts) == 1 and len(fake_backend.prompts[0]) == 3  # one batch of 3


def test_a_typed_figure_or_an_unknown_slot_is_never_offered(pipeline, fake_backend):
    """A backend that could not be constrained while decoding (an intranet server) is held to the
    slot rule afterwards: the model never types a figure and never names a fact the product lacks."""
    fake_backend.answers = [
        "body: Earn 9 points per $1 with the {name}.\ncta: Apply in the app.",
        "body: Earn {points} and {cashback} with the {name}.\ncta: Apply in the app.",
        SMS,
    ]
    written = pipeline._model_drafts(REQUEST, pipeline.plans(REQUEST), None, None)
    assert [w.row for w in written] == [2]  # only the sound one is kept
    fake_backend.answers = [
        "body: Earn 9 points per $1 with the {name}.\ncta: Apply in the app.",
        "body: Earn {points} and {cashback} with the {name}.\ncta: Apply in the app.",
        SMS,
    ]
    drafts = pipeline.generate(REQUEST)
    assert not any("9 points" in d.text for d in drafts)
    assert len(drafts) == 3  # the templates fill the other places


def test_a_model_draft_whose_slots_would_read_wrong_is_never_offered(pipeline, fake_backend):
    """Seen from the 270M model: a figure given another fact's name, a fact's noun said twice."""
    fake_backend.answers = [
        "body: Get {points} APR with the {name}.\ncta: Apply in the app.",
        "body: Earn {points} points with the {name}.\ncta: Apply in the app.",
        SMS,
    ]
    written = pipeline._model_drafts(REQUEST, pipeline.plans(REQUEST), None, None)
    assert [w.row for w in written] == [2]


def test_an_email_has_its_parts_and_the_disclosures_as_a_footer(pipeline, fake_backend, catalog):
    fake_backend.answers = [EMAIL] * 2
    drafts = pipeline.generate(replace(REQUEST, channel="email", n=2))
    draft = next(d for d in drafts if d.backend == "fake")
    assert draft.verdict == "pass"
    assert draft.text.startswith("Subject: Your first card, made simple\nPreheader: Rewards on the things")
    assert "\n\nHi there,\n\n" in draft.text
    assert list(draft.parts) == ["subject", "preheader", "greeting", "body", "cta", "disclosures"]
    assert len(draft.parts["body"]) == 2
    assert draft.parts["disclosures"] == list(catalog.product("rewards-card").disclosures)
    assert draft.text.endswith(" ".join(catalog.product("rewards-card").disclosures))


def test_each_draft_records_where_it_came_from_and_why(pipeline, fake_backend, catalog):
    fake_backend.answers = [SMS] * 3
    draft = next(d for d in pipeline.generate(REQUEST) if d.backend == "fake").to_dict()
    assert list(draft) == ["text", "verdict", "findings", "figures", "model", "backend", "seed", "template_version",
                           "repairs", "timings", "parts", "explanation"]
    # The binder reads the filled slot back to its fact: {points} became "2 points per $1".
    assert {(f["text"], f["fact"]) for f in draft["figures"]} >= {("2 points", "points")}
    assert draft["model"] == "fake-model" and draft["seed"] == 7 and draft["template_version"] == "slots@1"
    explanation = draft["explanation"]
    assert explanation["facts_used"] == ["points"]
    assert {"slot": "points", "value": catalog.product("rewards-card").facts["points"]} in explanation["slots"]
    assert explanation["plan"]["angle"] in ("benefit-led", "need-led", "offer-led", "question-led")
    assert explanation["plan"]["needs"] and all("label" in n for n in explanation["plan"]["needs"])
    assert explanation["seed"] == 7 and len(explanation["templates"]) == 2
    assert all(len(sha) == 64 for sha in explanation["templates"].values())


def test_repairs_append_the_disclosure_before_the_opt_out(pipeline, fake_backend):
    fake_backend.answers = ["body: No surprises: {annual_fee} annual fee and {points}.\ncta: Apply in the app."] * 3
    draft = next(d for d in pipeline.generate(REQUEST) if d.backend == "fake")
    assert "appended disclosure" in draft.repairs
    assert "APR" in draft.text and draft.verdict == "pass" and len(draft.text) <= 160
    assert draft.text.endswith("Reply STOP to opt out.")


def test_templates_fill_in_and_never_fewer_drafts_than_asked(pipeline, fake_backend):
    fake_backend.answers = ["", "body: half a sentence without an end\ncta: x", "nonsense", "body: Earn 9 points.\ncta: Go."]
    drafts = pipeline.generate(replace(REQUEST, n=4))
    assert len(drafts) == 4 and all(d.backend == "template" for d in drafts)
    assert drafts[0].verdict == "pass" and drafts[0].template_version == "parts-en@9"


def test_a_model_writing_the_same_draft_n_times_still_gives_n_drafts(pipeline, fake_backend):
    # Four identical model answers are one draft; the templates fill the other three places.
    fake_backend.answers = ["body: No surprises: {annual_fee} annual fee and {points}.\ncta: Apply in the app."] * 4
    drafts = pipeline.generate(replace(REQUEST, n=4))
    assert len(drafts) == 4 and len({d.text for d in drafts}) == 4
    assert sum(d.backend == "fake" for d in drafts) == 1


def test_the_best_template_leads_and_the_model_drafts_follow_it(pipeline, fake_backend):
    # The blind read put a template ahead of the house model's best in most pairs: a template
    # leads while one passes; the model's passing drafts take the places after it.
    fake_backend.answers = [SMS, SMS.replace("everyday spending", "the things you buy"), SMS.replace("Earn", "Collect")]
    drafts = pipeline.generate(replace(REQUEST, n=4))
    assert [d.backend for d in drafts][:1] == ["template"] and drafts[0].verdict == "pass"
    assert sum(d.backend == "fake" for d in drafts) == 3 and len(drafts) == 4


def test_a_backend_given_one_place_gets_one_place(pipeline, fake_backend):
    # The bundled models' drafts were sendable in 4 of 25 blind pairs: the best of them takes one
    # place, the templates the others.
    fake_backend.draft_places = 1
    fake_backend.answers = [SMS, SMS.replace("everyday spending", "the things you buy"), SMS.replace("Earn", "Collect")]
    drafts = pipeline.generate(replace(REQUEST, n=4))
    assert len(drafts) == 4 and sum(d.backend == "fake" for d in drafts) == 1 and drafts[0].backend == "template"
    # Never fewer drafts than asked: where the templates run out, the model's other drafts fill in.
    fake_backend.answers = [SMS, SMS.replace("everyday spending", "the things you buy"), SMS.replace("Earn", "Collect")] * 4
    many = pipeline.generate(replace(REQUEST, n=12))
    templates = sum(d.backend == "template" for d in many)
    assert templates < 11 and sum(d.backend == "fake" for d in many) == min(3, 12 - templates)


def test_a_passing_model_draft_leads_when_no_template_passes(pipeline, fake_backend, monkeypatch):
    from copydesk.generation import pipeline as module
    from copydesk.rules.findings import Finding, Report

    fake_backend.answers = [SMS] * 3
    real_finish = module.DraftPipeline._finish

    def templates_blocked(self, written, *args):
        draft = real_finish(self, written, *args)
        if draft is not None and written.backend == "template":
            blocked = Finding("test.block", "banned_phrase", "block", 0, 1, "blocked for the test")
            draft.report = Report(draft.report.findings + (blocked,))
        return draft

    monkeypatch.setattr(module.DraftPipeline, "_finish", templates_blocked)
    drafts = pipeline.generate(REQUEST)
    assert drafts[0].backend == "fake" and drafts[0].verdict == "pass"


def test_a_paragraph_cut_mid_sentence_is_never_offered(pipeline, fake_backend):
    cut = EMAIL.replace("between shifts or on the bus.", "between shifts or on the")
    fake_backend.answers = [cut] * 2
    drafts = pipeline.generate(replace(REQUEST, channel="email", n=2))
    assert not any(d.backend == "fake" for d in drafts)


def test_template_copy_reads_as_copy_in_chinese(catalog, engine, fake_backend):
    pipeline = DraftPipeline(catalog, engine, fake_backend, model_languages=("en",))
    drafts = pipeline.generate(GenerationRequest("zh-platinum-card", "zh-new-graduates", "wechat", "zh", n=2))
    assert fake_backend.prompts == []
    best = drafts[0]
    assert best.backend == "template" and best.verdict == "pass"
    assert list(best.parts)[:4] == ["title", "hook", "body", "cta"]
    assert "云帆白金信用卡" in best.text and ("手机银行" in best.parts["cta"] or "网点" in best.parts["cta"])


@pytest.mark.parametrize("key, value, claim, headline", [
    ("annual_fee", "None", "The {name} has {annual_fee} annual fee.", "{annual_fee} annual fee"),
    ("annual_fee", "$0", "The {name} has a {annual_fee} annual fee.", "{annual_fee} annual fee"),
    ("minimum_opening_deposit", "$25", "Open the {name} with {minimum_opening_deposit}.", "Open with {minimum_opening_deposit}"),
    ("loan_amounts", "$3,000 to $50,000", "Borrow {loan_amounts} with the {name}.", "Borrow {loan_amounts}"),
    ("apy", "4.10% APY", "Earn {apy} with the {name}.", "Earn {apy}"),
    ("interest_rate", "5.875%", "The {name} comes with an interest rate of {interest_rate}.", "Interest rate of {interest_rate}"),
    ("purchase_apr", "27.49% variable APR", "The {name} comes with {purchase_apr}.", "{purchase_apr}"),
])
def test_a_lead_fact_reads_as_a_sentence_about_the_product(key, value, claim, headline):
    """Not "Annual fee with the card: None." nor "a purchase APR of 27.49% variable APR"."""
    from copydesk.generation.pipeline import fact_phrase

    phrase = fact_phrase(key, value, "en")
    assert not phrase["sentence"]
    assert (phrase["claim"], phrase["headline"]) == (claim, headline)


def test_a_fact_with_conditions_keeps_its_name_in_front():
    from copydesk.generation.pipeline import fact_phrase

    phrase = fact_phrase("apr_detail", "Your APR is based on your credit history; see the terms", "en")
    assert phrase["sentence"] and phrase["heading"] == "APR detail"


def test_template_sms_names_the_product_in_a_sentence(catalog, engine):
    """A card whose lead is its zero annual fee: "… has no annual fee." / "… a $0 annual fee."."""
    drafts = DraftPipeline(catalog, engine, None).generate(replace(REQUEST, n=4))
    bodies = [d.parts["body"] for d in drafts]
    assert not any(": $" in b or ": None" in b for b in bodies), bodies
    assert all("Everyday Rewards Card" in b for b in bodies), bodies


def test_the_n_drafts_differ_in_angle_and_in_the_facts_they_lead_with(pipeline, fake_backend):
    plans = pipeline.plans(replace(REQUEST, channel="email", n=4))
    assert len({p.angle for p in plans}) == 4
    assert len({p.lead for p in plans}) >= 3
    prompts = [p for p in pipeline.plans(REQUEST)]
    assert all(p.needs for p in prompts)


def test_the_prompts_share_everything_but_the_plan(pipeline, fake_backend):
    """Product, audience and facts first, so the model's prompt cache serves all N drafts."""
    fake_backend.answers = [SMS] * 3
    pipeline.generate(REQUEST)
    prompts = fake_backend.prompts[0]
    shared = [p[: p.index("needs:")] for p in prompts]
    assert len(set(shared)) == 1 and len(set(prompts)) == 3
    assert "{points} = 2 points per $1" in prompts[0] and prompts[0].endswith("copy:\n")


def test_tokens_stream_with_the_slots_filled(pipeline, fake_backend):
    fake_backend.answers = [SMS] * 3
    seen = []
    pipeline.generate(REQUEST, on_token=lambda index, text: seen.append((index, text)))
    assert (0, "Earn 2 points per $1 on everyday spending with the Everyday Rewards Card.\nApply in the app.") in seen


def test_cancel_stops_generation(pipeline):
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        pipeline.generate(REQUEST, cancel=cancel)


def test_same_seed_same_drafts_and_a_new_seed_new_ones(catalog, engine):
    from copydesk.generation.fake_backend import FakeBackend

    def run(seed):
        return [d.text for d in DraftPipeline(catalog, engine, FakeBackend(pool=[SMS, EMAIL])).generate(replace(REQUEST, seed=seed))]

    assert run(7) == run(7)
    assert run(7) != run(8)  # the plans (angle, lead facts) turn with the seed


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


def test_warm_up_computes_the_prompt_without_drafting(pipeline, fake_backend):
    request = GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=4)
    pipeline.warm_up(request)
    assert fake_backend.prompts == [] and len(fake_backend.warm_ups) == 1 and len(fake_backend.warm_ups[0]) == 1
    pipeline.generate(request)
    assert fake_backend.prompts[0][0] == fake_backend.warm_ups[0][0]  # the first draft's prompt


def test_a_draft_that_is_only_the_disclosure_is_not_offered(pipeline, fake_backend, catalog):
    fake_backend.answers = ["body: Member FDIC.\ncta: Yes."] * 2
    drafts = pipeline.generate(GenerationRequest("cd-12-month", "new-graduates", "sms", "en", n=2))
    assert drafts and all(d.backend == "template" for d in drafts)


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
    assert compact and all("Northgate Mutual" in d and "Not a deposit" in d for d in compact[:-1])
    assert compact[-1] == "Not a deposit or bank guaranteed."  # for copy that already names the issuer

    drafts = DraftPipeline(catalog, engine, None).generate(GenerationRequest("term-life", "new-graduates", "push", "en"))
    best = drafts[0]
    assert best.verdict == "pass" and len(best.text) <= 120
    assert "Issued by Northgate Mutual" in best.text and "Not a deposit" in best.text
    assert "appended disclosure" in best.repairs


def test_a_compact_disclosure_missing_an_element_is_never_used(catalog, engine):
    """Repair keeps a wording only when the engine then passes: a legend without the issuer fails."""
    from copydesk.generation.repair import repair

    product = catalog.product("term-life")
    text, report, repairs = repair(engine, "Harborview Term Life: Term lengths: 10, 20 or 30 years.", product, "push", "en",
                                   ("Not a deposit or bank guaranteed.",))
    assert "appended disclosure" not in repairs
    assert any(f.category == "missing_disclosure" for f in report.findings)


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


def test_the_catalog_disclosure_is_preferred_where_it_fits(catalog, engine):
    """The bank approved the catalog's wording: a compact form is only for channels it does not fit."""
    from copydesk.generation.pipeline import disclosure_options
    from copydesk.generation.repair import repair

    product = catalog.product("term-life")
    text, report, repairs = repair(engine, "Harborview Term Life: Term lengths: 10, 20 or 30 years.", product, "email", "en",
                                   disclosure_options(product))
    assert report.verdict == "pass" and product.disclosures[0] in text and "Issued by Northgate Mutual." not in text


def test_an_offer_repair_would_have_to_cut_is_kept_whole_and_says_why(pipeline, fake_backend):
    """Never "Details in the app." alone: when the disclosure cannot fit beside the offer, the
    draft keeps its offer and the findings say what is missing."""
    long_offer = ("body: Every purchase earns {points} and the annual fee is {annual_fee}, whether it is groceries, gas, "
                  "your phone bill or a weekend away.\ncta: Apply in the app.")
    fake_backend.answers = [long_offer] * 3
    drafts = pipeline.generate(REQUEST)
    assert len(drafts) == 3
    for draft in drafts:
        assert draft.text.startswith("Harborview Bank: ")
        assert draft.parts.get("body"), draft.text
    fake_backend.answers = [long_offer] * 3
    written = [pipeline._finish(w, REQUEST, pipeline.catalog.product("rewards-card"), disclosure_options(
        pipeline.catalog.product("rewards-card"))) for w in pipeline._model_drafts(REQUEST, pipeline.plans(REQUEST), None, None)]
    assert written and all("Every purchase earns 2 points per $1" in d.text for d in written)
    assert all(d.repairs == ["not repaired: the required disclosure does not fit this channel with the offer"]
               or d.verdict == "pass" for d in written)


@pytest.mark.parametrize("answer", [
    "body: {name}, and {name}.\ncta: Open the {name}.",  # a slot said twice, nothing of its own
    "body: {points}\ncta: Apply.",  # only a slot
    "body: Earn {points}.\ncta: {name}",  # the offer has no words of its own; the cta is only a slot
])
def test_a_model_draft_that_says_nothing_is_not_offered(pipeline, fake_backend, answer):
    fake_backend.answers = [answer] * 3
    assert pipeline._model_drafts(REQUEST, pipeline.plans(REQUEST), None, None) == []


@pytest.mark.parametrize("channel", ["sms", "push", "social", "email"])
def test_every_chinese_loan_draft_shows_the_annual_rate(catalog, engine, channel):
    """A reviewer expects 年化利率 in any loan ad (PBoC announcement 〔2021〕 No. 3), even a short
    one whose lead is the loan amount or the repayment terms (a 60-character banner only where
    it fits: the rule asks for it only beside a trigger term)."""
    drafts = DraftPipeline(catalog, engine, None).generate(GenerationRequest("zh-consumer-loan", "zh-new-graduates", channel, "zh", n=4, seed=3))
    assert len(drafts) == 4
    assert all("年化利率" in d.text for d in drafts), [d.text for d in drafts]
    assert all(d.verdict == "pass" for d in drafts)


def test_template_copy_names_the_need_once_and_states_rates_rather_than_offering_them(catalog, engine):
    import re

    pipeline = DraftPipeline(catalog, engine, None)
    for product in (p for p in catalog.products if p.lang == "en"):
        for segment in (s for s in catalog.segments if s.lang == "en" and not s.restriction_on(product.kind)):
            for channel in ("email", "social", "wechat"):
                for draft in pipeline.generate(GenerationRequest(product.id, segment.id, channel, "en", n=4, seed=1)):
                    if draft.backend != "template":
                        continue
                    written = " ".join(v if isinstance(v, str) else " ".join(v) for k, v in draft.parts.items() if k != "disclosures")
                    for need in (n["label"] for n in draft.explanation["plan"]["needs"]):
                        assert written.count(need) <= 1, (need, written)
                    offered = re.findall(r"You also get ([^.]*)\.", written)
                    assert not any(re.search(r"\d\s*%[^,]*\b(APR|rate)\b", o) for o in offered), (offered, written)


def test_with_one_answering_fact_every_other_draft_leads_with_another(catalog, engine):
    # A segment whose needs only the annual fee answers: four SMS all leading with it were four
    # copies of one another.
    from copydesk.catalog import Segment
    from copydesk.generation.plan import make_plans

    card = catalog.product("rewards-card")
    segment = Segment("fee-watchers", "Fee watchers", "Watch every fee", "en", ("low_cost",))
    plans = make_plans(card, segment, "sms", 4)
    assert [p.lead[0] for p in plans][::2] == ["annual_fee", "annual_fee"]
    assert all(p.lead[0] != "annual_fee" for p in plans[1::2])


def test_a_mortgages_discount_points_are_a_cost_not_rewards():
    from copydesk.generation.pipeline import fact_phrase

    phrase = fact_phrase("discount_points", "0.375 points ($1,687.50 on a $450,000 loan)", "en")
    assert "Earn" not in phrase["claim"] + phrase["headline"] and not phrase["benefit"]
    assert fact_phrase("points", "2 points per $1", "en")["claim"] == "Earn {points} with the {name}."


def test_a_banner_names_the_product_where_it_fits(catalog, engine):
    drafts = DraftPipeline(catalog, engine, None).generate(GenerationRequest("rewards-card", "new-graduates", "banner", "en", n=4, seed=2))
    assert any(d.text.startswith("Everyday Rewards Card: ") for d in drafts)


def test_a_short_passing_banner_beats_a_longer_blocked_one(engine, write_catalog):
    # "Stonebridge Money Market Savings: Open with $25" leaves no room for "Member FDIC"; the short
    # headline that keeps it ("Open with $25. Member FDIC.") leads, though it is only 3 words.
    from copydesk.catalog import load_catalog

    catalog = load_catalog(write_catalog({
        "products": [{"id": "mm", "name": "Stonebridge Money Market Savings", "kind": "savings", "lang": "en",
                      "facts": {"bank": "Stonebridge Federal Bank", "minimum_opening_deposit": "$25"},
                      "disclosures": ["Member FDIC."]}],
        "segments": [{"id": "savers", "name": "Savers", "description": "Saving for a goal", "lang": "en"}],
    }))
    drafts = DraftPipeline(catalog, engine, None).generate(GenerationRequest("mm", "savers", "banner", "en", n=2, seed=4))
    assert drafts[0].verdict == "pass" and "Member FDIC" in drafts[0].text, [(d.verdict, d.text) for d in drafts]


def test_a_draft_whose_every_sentence_is_unfixable_stays_whole_and_blocked(engine, catalog):
    """Dropping its only sentence would leave nothing to check (the engine refuses empty copy):
    the draft is kept as written, with the findings that block it."""
    from copydesk.generation.repair import repair

    product = catalog.product("personal-loan")
    text = "Nobody gets turned down."
    repaired, report, repairs = repair(engine, text, product, "push", "en")
    assert repaired.startswith(text) and report.verdict == "block"
    assert not any("dropped" in r and "could not be fixed" in r for r in repairs)


@pytest.mark.parametrize("product, segment, channel, lang, legend", [
    ("sfb-guided-portfolios", "sfb-credit-builders", "sms", "en", "Not FDIC insured. No bank guarantee. May lose value."),
    # A 56-character fund name: the short name ("Target Retirement 2055 Fund") leaves the legend room.
    ("sfb-target-2055", "sfb-credit-builders", "sms", "en", "Not FDIC insured. No bank guarantee. May lose value."),
    ("cx-kangning-medical", "cx-payroll-staff", "banner", "zh", "保险产品不是存款。"),
    ("cx-large-cd-3y", "cx-payroll-staff", "banner", "zh", "本产品受存款保险保障。"),
])
def test_a_short_channel_draft_still_carries_a_long_legend(engine, product, segment, channel, lang, legend):
    """A fund's legend beside the sender and the opt-out, a policy's or a deposit's beside a long
    product name in a 60-character banner: one template variant leaves room for it."""
    from pathlib import Path

    from copydesk.catalog import load_catalog

    bench = load_catalog(Path(__file__).resolve().parents[2] / "bench" / "catalog" / "bench.json")
    best = DraftPipeline(bench, engine, None).generate(GenerationRequest(product, segment, channel, lang, n=4, seed=3))[0]
    assert best.verdict == "pass" and legend in best.text


@pytest.mark.parametrize("name, bank, short", [
    ("Stonebridge Target Retirement 2055 Fund (Investor Class)", "Stonebridge Federal Bank", "Target Retirement 2055 Fund"),
    ("Everyday Rewards Card", "Harborview Bank", "Everyday Rewards Card"),
    ("Stonebridge Guided Portfolios", "Stonebridge Federal Bank", "Guided Portfolios"),
    ("Stonebridge Checking", "Stonebridge Federal Bank", "Stonebridge Checking"),  # one word left: keep the brand
    ("华溪中证A500指数证券投资基金（C类）", "晨曦银行", "华溪中证A500指数证券投资基金"),
])
def test_a_short_name_drops_the_share_class_and_the_brand_in_front(name, bank, short):
    from copydesk.catalog import Product
    from copydesk.generation.plan import short_name

    assert short_name(Product("p", name, "investment_fund", "en", {"bank": bank}, ())) == short


def test_a_fact_that_is_a_whole_sentence_is_not_pasted_behind_its_label():
    """"Upgrade review: Starting at 7 months we review your account …" read as a form field pasted
    into the copy; a fact that is a sentence of its own stands as one. A clause keeps its name."""
    from copydesk.generation.pipeline import fact_phrase

    sentence = fact_phrase("upgrade_review", "Starting at 7 months we review your account for a move to an unsecured card.", "en")
    assert sentence["alone"] and sentence["statement"] == "{upgrade_review}"
    clause = fact_phrase("rate_type", "Fixed for the term", "en")
    assert not clause["alone"] and clause["statement"] == "Rate type: {rate_type}."


def test_chinese_templates_claim_no_novelty_the_facts_do_not_state(catalog):
    """新品推荐 / 上新 on a product no fact calls new was an unsupported claim in the blind reads."""
    from copydesk.generation.pipeline import template_context
    from copydesk.generation.plan import make_plans
    from copydesk.generation.prompts import render

    product = next(p for p in catalog.products if p.lang == "zh")
    segment = next(s for s in catalog.segments if s.lang == "zh")
    for channel in ("push", "email", "social", "wechat"):
        for variant, plan in enumerate(make_plans(product, segment, channel, 4)):
            text = render("copy/parts.zh.j2", variant=variant, **template_context(plan)).text
            assert "新品" not in text and "上新" not in text


def test_the_model_may_not_write_another_kind_of_products_words(pipeline, fake_backend, catalog):
    """Banned while decoding, with the compliance phrases: the names of other kinds of product and
    what only another family does ("card" and "credit history" in a CD's draft), unless the
    product's own name or facts use them."""
    fake_backend.answers = [SMS] * 3
    pipeline.model_drafts(REQUEST)
    banned = set(fake_backend.settings[-1].banned_phrases)
    assert {"mortgage", "personal loan", "apy", "savings"} <= banned  # a credit card
    assert "card" not in banned and "credit card" not in banned
    assert "approval guaranteed" in banned and "#1" in banned  # the compliance phrases stay
