"""From (product, segment, channel, language) to N ranked drafts, each checked and repaired.

The line of stages, each a function of the one before:
`GenerationRequest` → `Plan`s (plan.py: the facts that answer the segment's needs, an angle
and a tone per draft, the channel's parts) → prompts (templates/prompts/slots.j2) → slot-form
completions, decoded under the slot constraint (constraint.py: no figure outside a slot, no
slot a product lacks, the parts in order) → parts filled with the facts' exact wording and
assembled (compose.py) → checked by the rule engine → repaired → ranked `Draft`s.

The fact templates (templates/copy/parts.<lang>.j2) write the same slot-form parts without a
model: the fallback when no model loads or too few model drafts survive, never fewer drafts
than asked while either can make one.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field

from copydesk.catalog import CHANNELS, Catalog, Product
from copydesk.generation import compose
from copydesk.generation.backend import CancelToken, CompletionSettings, TextBackend, TokenCallback
from copydesk.generation.cleaning import repeats_itself
from copydesk.generation.formats import (
    NOTHING_VALUES,
    ChannelFormat,
    after_slot,
    figure_outside_slots,
    find_slots,
    names_another_kind,
    other_kind_words,
    slot_misread,
    speaks_of_another_family,
)
from copydesk.generation.plan import TEMPLATE_ONLY_SLOTS, Plan, make_plans, segment_needs
from copydesk.generation.prompts import render, template_source_sha256
from copydesk.generation.repair import repair
from copydesk.labels import fact_label, kind_label
from copydesk.needs import need_label
from copydesk.rules.fixes import end_sentence
from copydesk.rules.checks.grounding import product_quantities
from copydesk.rules.findings import SEVERITY_ORDER, Report
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import extract_quantities, same_quantity

PROMPT_TEMPLATE = "prompts/slots.j2"
# Tokens a draft may take, per channel and language (a Chinese character is about one token).
# The fewest words (Chinese characters) of its own an offer line (body, headline) needs.
OWN_WORDS = {"en": 3, "zh": 5}
MAX_NEW_TOKENS = {"email": 300, "wechat": 340, "social": 220, "sms": 80, "push": 70, "banner": 36}


class GenerationInputError(ValueError):
    """A request that names something the catalog does not have, or mixes languages."""


def fresh_seed() -> int:
    """A new seed for a Generate that names none (recorded with every draft it makes)."""
    return random.SystemRandom().randrange(1, 2**31)


@dataclass(frozen=True)
class GenerationRequest:
    product: str
    segment: str
    channel: str
    lang: str
    n: int = 4
    seed: int = 7
    tone: str = ""  # friendly, professional, premium or plain; empty: friendly

    def to_dict(self) -> dict:
        data = {"product": self.product, "segment": self.segment, "channel": self.channel, "lang": self.lang,
                "n": self.n, "seed": self.seed}
        if self.tone:
            data["tone"] = self.tone
        return data


@dataclass
class Draft:
    text: str
    report: Report
    model: str
    backend: str
    seed: int
    template_version: str
    repairs: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    coverage: int = 0
    parts: dict = field(default_factory=dict)
    explanation: dict = field(default_factory=dict)
    score: float = 0.0  # the ranking's quality score (see _quality)

    @property
    def verdict(self) -> str:
        return self.report.verdict

    def to_dict(self) -> dict:
        """The contract's JSON shape for one draft."""
        return {
            "text": self.text,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.report.findings],
            "figures": [f.to_dict() for f in self.report.figures],  # each filled figure and the fact it states
            "model": self.model,
            "backend": self.backend,
            "seed": self.seed,
            "template_version": self.template_version,
            "repairs": self.repairs,
            "timings": self.timings,
            "parts": self.parts,
            "explanation": self.explanation,
        }


def banned_phrases(engine, lang: str) -> tuple[str, ...]:
    """Phrases blocked at decode time (bad_words_ids): block-severity guarantee and superlative."""
    phrases = [
        p.rstrip("*")
        for rule in engine.rules
        if lang in rule.languages and rule.category in ("guarantee", "superlative") and rule.severity == "block" and not rule.pinyin
        for p in rule.phrases
    ]
    return tuple(dict.fromkeys(phrases))


@dataclass
class _Written:
    """One draft as written, before checking: where from, its plan and its slot-form parts."""

    plan: Plan
    parts: dict
    backend: str
    model: str
    template_version: str
    timings: dict
    fluency: float | None = None
    row: int = 0


class DraftPipeline:
    """Generates, checks, repairs and ranks drafts; the CLI and the GUI both call `generate`."""

    def __init__(self, catalog: Catalog, engine, backend: TextBackend | None, *, model_languages=("en", "zh"),
                 examples: list[dict] | None = None):
        self.catalog = catalog
        self.engine = engine
        self.backend = backend
        self.model_languages = tuple(model_languages)
        self.examples = examples  # approved library copy (kept for the few-shot path of other models)

    def validate(self, request: GenerationRequest) -> tuple[Product, object]:
        try:
            product = self.catalog.product(request.product)
            segment = self.catalog.segment(request.segment)
        except KeyError as exc:
            raise GenerationInputError(str(exc)) from exc
        if request.channel not in CHANNELS:
            raise GenerationInputError(f"unknown channel {request.channel!r}; expected one of: {', '.join(CHANNELS)}")
        for what, lang in (("product", product.lang), ("segment", segment.lang)):
            if lang != request.lang:
                raise GenerationInputError(f"{what} {getattr(request, what)!r} is {lang!r}, but the request is for {request.lang!r}")
        if not 1 <= request.n <= 16:
            raise GenerationInputError(f"n must be between 1 and 16, not {request.n}")
        restriction = segment.restriction_on(product.kind)
        if restriction is not None:
            # Drafts nobody may send: say so before the model spends a minute on them.
            raise GenerationInputError(f"{segment.name} may not be offered {product.name} ({kind_label(product.kind, request.lang)}); "
                                       f"the catalog says: \u201c{restriction.reason}\u201d. Choose another product or segment")
        return product, segment

    def uses_model(self, request: GenerationRequest) -> bool:
        """Whether the configured model writes this language (else the copy templates do)."""
        return self.backend is not None and request.lang in self.model_languages

    def plans(self, request: GenerationRequest) -> list[Plan]:
        product, segment = self.validate(request)
        return make_plans(product, segment, request.channel, request.n, request.tone, offset=request.seed % 4)

    def generate(self, request: GenerationRequest, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None, examples: list[dict] | None = None) -> list[Draft]:
        """N drafts, best first: the model's drafts, topped up from the fact templates and ranked."""
        return self.rank_with_templates(request, self.model_drafts(request, on_token, cancel))

    def model_drafts(self, request: GenerationRequest, on_token: TokenCallback | None = None,
                     cancel: CancelToken | None = None) -> list[Draft]:
        """The model's own drafts, checked and repaired, before `rank_with_templates` drops the
        unusable ones and fills in from the templates (the first half of `generate`; the bench
        measures the model by them). Empty when no model writes the request's language."""
        product, _ = self.validate(request)
        if not self.uses_model(request):
            return []
        disclosures = disclosure_options(product)
        written = self._model_drafts(request, self.plans(request), on_token, cancel)
        return [d for d in (self._finish(w, request, product, disclosures) for w in written) if d is not None]

    def rank_with_templates(self, request: GenerationRequest, model_drafts: list[Draft]) -> list[Draft]:
        """N drafts, best first, from `model_drafts` (the second half of `generate`): the best fact
        template leads, then the usable model drafts (as many as the backend's `draft_places`
        allows), then more templates in the places left, then the model's other drafts while
        places are still empty."""
        product, _ = self.validate(request)
        disclosures = disclosure_options(product)
        every_model_draft = [d for d in model_drafts if usable(d, product, self.engine, disclosures)]
        places = getattr(self.backend, "draft_places", None)
        model_ok = every_model_draft if places is None else self._rank(every_model_draft, places)
        templated = [d for d in (self._finish(w, request, product, disclosures)
                                 for w in self._template_drafts(request, self.plans(request), product)) if d is not None]
        good = [d for d in templated if usable(d, product, self.engine, disclosures)]
        if not any(d.verdict == "pass" for d in good):
            good = templated  # a short passing headline ("Open with $25. Member FDIC.") beats a blocked longer one
        templated = good or templated
        # Why a template leads: read blind against the copy of the time this was filed, the
        # model's best drafts lost 7 of 13 pairs and the templates' won 22 of 27 (bench/README.md,
        # blind read 2); the house model garbles too often to be the first thing a marketer sees.
        # Its drafts still fill the places after it, and lead when no template passes.
        first = self._rank(templated, 1)
        passing_model = [d for d in model_ok if d.verdict == "pass"]
        if first and SEVERITY_ORDER[first[0].verdict] > SEVERITY_ORDER["pass"] and passing_model:
            first = []
        # Never fewer drafts than asked: templates fill the places the model left (identical
        # texts count once; the ranking keeps one of them).
        missing = request.n - len(first) - len({d.text for d in passing_model})
        others = [d for d in templated if not first or d is not first[0]]
        fill = self._rank(others, missing, chosen=first) if missing > 0 else []
        ranked = first + self._rank(model_ok + fill, request.n - len(first), chosen=first)
        if len(ranked) < request.n:  # the templates ran out: the model's other drafts rather than fewer
            spare = [d for d in every_model_draft if all(d is not r for r in ranked)]
            ranked += self._rank(spare, request.n - len(ranked), chosen=ranked)
        return ranked

    def warm_up(self, request: GenerationRequest, examples: list[dict] | None = None) -> None:
        """Load the model and compute this request's prompt once, without drafting: the model
        keeps the prompt's cache, so the first Generate reuses it (the app calls this in the
        background after start-up and when the request changes)."""
        if not self.uses_model(request):
            return
        plans = self.plans(request)
        self.backend.load()
        self.slot_constraint(plans, plans[0].slot_values())  # reads the vocabulary once, here rather than in Generate
        prompt = render(PROMPT_TEMPLATE, **plans[0].prompt_context()).text + "\n"
        self.backend.complete([prompt], CompletionSettings(seed=request.seed, max_new_tokens=1, stop_at_newline=False))

    # --- writing -------------------------------------------------------------------------

    def slot_constraint(self, plans: list[Plan], values: dict):
        """The decoding hook for these plans (None for a backend that cannot take one)."""
        from copydesk.generation.constraint import SlotConstraint

        vocabulary = getattr(self.backend, "vocabulary", None)
        eos = getattr(self.backend, "eos_token_id", None)
        if vocabulary is None or eos is None:
            return None
        fmt = plans[0].format
        own = {part: OWN_WORDS[fmt.lang] if part in ("body", "headline") else 1 for part in fmt.written_parts}
        values = {k: v for k, v in values.items() if k not in TEMPLATE_ONLY_SLOTS}
        return SlotConstraint(vocabulary(), eos, fmt.written_parts, fmt.paragraphs, list(values), len(plans),
                              compose.decode_caps(fmt), slot_lengths={k: len(v) for k, v in values.items()}, min_own=own,
                              lang=fmt.lang, after_slots={key: after_slot(key, values) for key in values})

    def _model_drafts(self, request, plans: list[Plan], on_token, cancel) -> list[_Written]:
        self.backend.load()
        fmt = plans[0].format
        rendered = [render(PROMPT_TEMPLATE, **plan.prompt_context()) for plan in plans]
        prompts = [r.text + "\n" for r in rendered]
        values = plans[0].slot_values()
        hook = self.slot_constraint(plans, values)
        settings = CompletionSettings(
            seed=request.seed,
            max_new_tokens=MAX_NEW_TOKENS[request.channel],
            stop_at_newline=False,
            banned_phrases=banned_phrases(self.engine, request.lang)
            + other_kind_words(plans[0].product.kind, _own_words(plans[0].product), request.lang),
            logits_hook=hook,
        )
        stream = (lambda index, text: on_token(index, compose.preview(text, values))) if on_token else None
        completions = self.backend.complete(prompts, settings, stream, cancel)
        written = []
        for row, (plan, completion) in enumerate(zip(plans, completions)):
            if hook is not None and (not hook.complete(row) or hook.capped(row)):
                continue  # ran out of tokens or room: a truncated part is never offered
            parts = compose.parse_parts(completion.text, fmt)
            if parts is None or not _slots_are_sound(parts, values) or not _says_something(parts, fmt):
                continue
            texts = _texts(parts)
            if any(slot_misread(text, values) for text in texts):
                continue  # "Get None and …", "… purchase cash back", "$3,000 to $50,000 APR"
            written_words = " ".join(texts)
            if (names_another_kind(written_words, plan.product.kind, _own_words(plan.product))
                    or speaks_of_another_family(written_words, plan.product.kind, _own_words(plan.product))):
                continue  # written about another kind of product
            timings = {"first_token_s": _round(completion.first_token_s), "total_s": _round(completion.total_s)}
            written.append(_Written(plan, parts, self.backend.name, self.backend.model_id, rendered[row].template_version,
                                    timings, hook.fluency(row) if hook is not None else None, row))
        return written

    def _template_drafts(self, request, plans: list[Plan], product: Product) -> list[_Written]:
        """The fact templates' slot-form parts for each plan (and a few more variants: the
        ranking keeps the best; each costs milliseconds)."""
        extra = make_plans(product, plans[0].segment, request.channel, 3 * len(plans), request.tone,
                           offset=request.seed % 4 + len(plans))
        written, seen = [], set()
        for variant, plan in enumerate(plans + extra):
            started = time.perf_counter()
            rendered = render(f"copy/parts.{request.lang}.j2", variant=variant, **template_context(plan))
            parts = compose.parse_parts(rendered.text, plan.format)
            if parts is None or str(parts) in seen:
                continue
            seen.add(str(parts))
            timings = {"first_token_s": None, "total_s": _round(time.perf_counter() - started)}
            written.append(_Written(plan, parts, "template", "copy-templates", rendered.template_version, timings))
        return written

    # --- checking ------------------------------------------------------------------------

    def _finish(self, written: _Written, request, product: Product, disclosures) -> Draft | None:
        plan, fmt = written.plan, written.plan.format
        values = plan.slot_values()
        filled = compose.fill_parts(written.parts, values)
        if compose.cut_short(filled, fmt):
            return None
        footer = list(product.disclosures) if CHANNELS[request.channel].limit is None else []
        repaired, report, repairs, assembly_version = self._assemble_and_repair(fmt, filled, values, footer, request,
                                                                                product, disclosures)
        body_kept = _body(filled) in repaired
        if fmt.channel == "push" and (not body_kept or any(f.category == "missing_disclosure" for f in report.findings)):
            # 120 characters rarely hold a title, a body and a disclosure: the body alone then.
            shorter = {**filled, "title": ""}
            retry = self._assemble_and_repair(fmt, shorter, values, footer, request, product, disclosures)
            if _body(shorter) in retry[0] and (not body_kept or SEVERITY_ORDER[retry[1].verdict] < SEVERITY_ORDER[report.verdict]):
                repaired, report, repairs, assembly_version = retry
                repairs = ["dropped the title to fit the disclosure", *repairs]
        parts = _parts_as_sent(filled, repaired, fmt, disclosures, footer)
        main = "headline" if "headline" in fmt.written_parts else "body"
        if main not in parts or (fmt.channel == "sms" and "brand" in parts and not repaired.startswith(parts["brand"])):
            # Repair would have to cut the offer itself (or the sender) to fit: keep the copy whole
            # and let the findings say what does not fit, rather than offer "Details in the app.".
            repaired, _ = compose.assemble(fmt, filled, values["bank"], footer)
            if fmt.opt_out:
                repaired = compose.add_opt_out(repaired, fmt)
            report = self.engine.check(repaired, product, request.channel, request.lang)
            repairs = ["not repaired: the required disclosure does not fit this channel with the offer"]
            parts = _parts_as_sent(filled, repaired, fmt, disclosures, footer)
        slots = [s for value in written.parts.values() for t in (value if isinstance(value, list) else [value])
                 for s in find_slots(t)]
        draft = Draft(repaired, report, written.model, written.backend, request.seed, written.template_version, repairs,
                      written.timings, coverage=fact_coverage(self.engine, repaired, product), parts=parts)
        draft.explanation = self._explain(written, plan, slots, values, repairs, assembly_version, request)
        draft.score = _quality(draft, written, plan, fmt, filled)
        draft.explanation["quality"] = round(draft.score, 3)
        return draft

    def _assemble_and_repair(self, fmt, filled, values, footer, request, product, disclosures):
        text, assembly_version = compose.assemble(fmt, filled, values["bank"], footer)
        # The SMS opt-out goes on last, after any disclosure repair appends, and keeps its room.
        reserve = len(fmt.opt_out) + 1 if fmt.opt_out else 0
        repaired, report, repairs = repair(self.engine, text, product, request.channel, request.lang, disclosures, reserve)
        rate = _annual_rate_line(product, disclosures)
        limit = CHANNELS[request.channel].limit
        if rate and "年化" not in repaired and (limit is None or len(repaired) + len(rate) + reserve <= limit):
            # A Chinese loan ad shows its annual rate whether or not a trigger term calls for it:
            # what a reviewer expects (PBoC announcement 〔2021〕 No. 3), even in an SMS.
            repaired = end_sentence(repaired) + rate
            repairs = [*repairs, "added the annual rate"]
            report = self.engine.check(repaired, product, request.channel, request.lang)
        if fmt.opt_out:
            repaired = compose.add_opt_out(repaired, fmt)
            report = self.engine.check(repaired, product, request.channel, request.lang)
        segment = self.catalog.segment(request.segment)
        if segment.restrictions:  # offers the segment may not receive (e.g. a cash advance to students)
            report = self.engine.check(repaired, product, request.channel, request.lang, segment=segment)
        return repaired, report, repairs, assembly_version

    def _explain(self, written: _Written, plan: Plan, slots, values, repairs, assembly_version, request) -> dict:
        """What a reviewer needs to see how a draft was made, and to make it again."""
        used = list(dict.fromkeys(slots))
        needs_used = [n for n in plan.needs if any(k in used for k in _need_facts(n, plan))]
        backend = self.backend if written.backend != "template" else None
        return {
            "plan": {**plan.to_dict(), "needs": [{"id": n, "label": need_label(n, plan.lang)} for n in plan.needs]},
            "segment_needs": [{"id": n, "label": need_label(n, plan.lang)} for n in plan.needs if n in needs_used],
            "facts_used": [k for k in used if k not in ("name", "bank")],
            "slots": [{"slot": k, "value": values.get(k, "")} for k in used],
            "repairs": list(repairs),
            "model": written.model,
            "model_sha256": getattr(backend, "model_sha256", None),
            "adapter": getattr(backend, "adapter_id", None),
            "precision": getattr(backend, "precision", None),
            "templates": {
                written.template_version: template_source_sha256(PROMPT_TEMPLATE if backend else f"copy/parts.{plan.lang}.j2"),
                assembly_version: template_source_sha256(f"copy/assemble.{plan.lang}.j2"),
            },
            "seed": request.seed,
            "row": written.row,
        }

    # --- ranking -------------------------------------------------------------------------

    def rank(self, drafts: list[Draft], n: int) -> list[Draft]:
        """The best `n` of these drafts, as `generate` orders them (the bench compares sides by it)."""
        return self._rank(drafts, n)

    def _rank(self, drafts: list[Draft], n: int, chosen: list[Draft] | None = None) -> list[Draft]:
        """Verdict first, then quality, picked one at a time so each next draft is the best that
        is not a near copy of one already chosen (maximal marginal relevance; `chosen`: drafts
        already placed ahead of these)."""
        placed = list(chosen or [])
        unique: dict[str, Draft] = {}
        for draft in drafts:
            if all(draft.text != d.text for d in placed):
                unique.setdefault(draft.text, draft)
        pool = sorted(unique.values(), key=lambda d: (SEVERITY_ORDER[d.verdict], -d.score))
        picked: list[Draft] = []
        while pool and len(picked) < n:
            def key(d):
                overlap = max((similarity(d.text, c.text) for c in placed + picked), default=0.0)
                return (SEVERITY_ORDER[d.verdict], -(d.score - 0.5 * overlap))
            best = min(pool, key=key)
            pool.remove(best)
            picked.append(best)
        return picked


def template_context(plan: Plan) -> dict:
    """What templates/copy/parts.<lang>.j2 renders: the plan and each lead fact as a phrase
    that reads in a sentence (a bare figure gets its name: "an annual fee of {annual_fee}")."""
    product = plan.product
    phrases = [fact_phrase(key, product.facts[key], plan.lang) for key in plan.lead]
    return {"plan": plan, "product_slot": "{name}", "short_slot": "{short_name}", "bank": "{bank}", "phrases": phrases,
            "kind": product.kind,
            # Only needs the first lead fact answers: "built around low fees" is a claim about the
            # product, and the sentence goes on with that fact ("… built around low fees. Terms: 12
            # to 84 months" named a need the terms do not answer).
            "needs": [need_label(n, plan.lang) for n in plan.needs if plan.lead and plan.lead[0] in _need_facts(n, plan)],
            "channel": plan.format.channel,
            "tone": plan.tone, "angle": plan.angle}


def fact_phrase(key: str, value: str, lang: str) -> dict:
    """A lead fact as the template uses it:
    - `text`: a phrase that reads mid-sentence ("a minimum opening deposit of {minimum_opening_deposit}",
      "{annual_fee} annual fee", which fills as "no annual fee" for a fee of "None");
    - `claim`: a sentence about the product ("Open the {name} with {minimum_opening_deposit}.");
    - `headline`: the same as a banner line ("Open with {minimum_opening_deposit}");
    - `sentence`: True when the fact reads only as "Its name: value" (a clause with conditions),
      and `label`, that name."""
    slot = "{" + key + "}"
    label = _mid_sentence(fact_label(key, "en"))  # "FDIC insurance", "purchase APR", "NMLS ID"
    if lang == "zh":
        return {"text": slot, "sentence": len(value) > 24, "label": label}
    words = value.split()
    starts_with_figure = value[:1].isdigit() or value[:1] in "$%"
    # "27.49% variable APR" already names its fact; "$25" does not.
    names_itself = any(w.casefold() in value.casefold() for w in label.split() if len(w) > 3 or w.isupper())
    if value.strip().casefold() in NOTHING_VALUES:
        # fill_slots writes "no" for "None" before the fact's own noun: "no annual fee".
        return _phrase(slot + " " + label, label, "The {name} has " + slot + " " + label + ".",
                       slot + " " + label)
    if value.strip() in ("$0", "$0.00"):
        return _phrase("a " + slot + " " + label, label, "The {name} has a " + slot + " " + label + ".",
                       slot + " " + label)
    if ";" in value or len(words) > 12 or not (starts_with_figure or value[:1].islower()):
        # "Fixed for the term", "Up to $41" or a clause with conditions needs its name in front;
        # a whole sentence does not ("Upgrade review: Starting at 7 months we review …" read as a
        # pasted form field).
        alone = _reads_alone(value)
        statement = slot + ("" if value.rstrip()[-1:] in ".!?" else ".") if alone else f"{_first_upper(label)}: {slot}."
        return {"text": slot, "sentence": True, "label": label, "heading": _first_upper(label),
                "statement": statement, "alone": alone, "benefit": False}
    verb = _verb_for(key)
    if starts_with_figure and not names_itself:
        # "$25" or "$3,000 to $50,000" means nothing without its name: "loan amounts of …".
        text = f"{_article(label)}{label} of {slot}"
    else:
        text = slot  # "1.5% cash back on every purchase", "4.10% APY"
    if verb:
        claim, headline = verb[0].format(slot=slot), verb[1].format(slot=slot)
    else:
        # A headline drops the article: "Credit limit of $200–$2,500" (a banner has 60 characters).
        claim, headline = "The {name} comes with " + text + ".", text.removeprefix("a ").removeprefix("an ")
    phrase = _phrase(text, label, claim, headline)
    if set(key.split("_")) & (_PRICE_WORDS | {"apr", "rate"}):
        # A rate or a fee is stated, not offered: "6.712% APR." / "Monthly fee: $5." (not "You also get …").
        phrase |= {"benefit": False, "statement": f"{slot}." if names_itself else f"{_first_upper(label)}: {slot}."}
    return phrase


_SUBJECT_AND_VERB = re.compile(r"\b(?:we|you|your|it|this|the \w+)\s+(?:\w+\s+)?(?:is|are|will|can|may|review|get|pay|earn|"
                               r"charge|keep|receive|need|have|has|applies|apply|stays?|posts?|does|do)\b", re.I)


def _reads_alone(value: str) -> bool:
    """Whether a fact's wording is a sentence of its own: capitalized, long, with a subject and verb."""
    return value[:1].isupper() and len(value.split()) >= 8 and bool(_SUBJECT_AND_VERB.search(value))


# Words of a fact key that make it a price the customer pays (a fee, a penalty, discount points).
_PRICE_WORDS = {"fee", "fees", "charge", "penalty", "discount"}


# Facts a customer acts on, by the words of their key: the verb makes the claim read as copy
# ("Open the … with $25", not "The … comes with a minimum opening deposit of $25").
_VERBS = (
    (("minimum", "deposit"), ("Open the {{name}} with {slot}.", "Open with {slot}")),
    (("opening", "deposit"), ("Open the {{name}} with {slot}.", "Open with {slot}")),
    (("minimum", "investment"), ("Start investing in the {{name}} with {slot}.", "Start with {slot}")),
    (("loan", "amounts"), ("Borrow {slot} with the {{name}}.", "Borrow {slot}")),
    (("coverage", "amounts"), ("Choose coverage of {slot} with the {{name}}.", "Coverage of {slot}")),
    (("apy",), ("Earn {slot} with the {{name}}.", "Earn {slot}")),
    (("cash", "back"), ("Earn {slot} with the {{name}}.", "Earn {slot}")),
    (("rewards",), ("Earn {slot} with the {{name}}.", "Earn {slot}")),
    (("points",), ("Earn {slot} with the {{name}}.", "Earn {slot}")),
)


def _verb_for(key: str) -> tuple[str, str] | None:
    words = set(key.split("_"))
    if words & (_PRICE_WORDS | {"origination"}):
        return None  # a mortgage's discount points are paid, not earned
    return next((forms for needed, forms in _VERBS if set(needed) <= words), None)


def _article(label: str) -> str:
    """'a ' or 'an ' before a singular name; nothing before a plural one ('terms of …')."""
    if label.endswith("s") and not label.endswith("ss"):
        return ""
    return "an " if label[:1].casefold() in "aeio" else "a "


def _phrase(text: str, label: str, claim: str, headline: str) -> dict:
    return {"text": text, "sentence": False, "label": label, "heading": _first_upper(label), "claim": claim,
            "headline": _first_upper(headline), "benefit": True, "statement": _first_upper(claim)}


def _mid_sentence(label: str) -> str:
    """'Annual fee' as it reads mid-sentence ('annual fee'); an acronym stays ('FDIC insurance')."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def _first_upper(text: str) -> str:
    """'APR detail' from 'APR detail' (jinja's capitalize would write 'Apr detail')."""
    return text[:1].upper() + text[1:]


def _need_facts(need: str, plan: Plan) -> list[str]:
    from copydesk.needs import facts_for_need

    return facts_for_need(need, plan.product.facts, plan.product.kind)


def _body(filled: dict) -> str:
    """The part that carries the offer (a banner's headline, else the first body paragraph)."""
    value = filled.get("headline") or filled.get("body") or ""
    return value[0] if isinstance(value, list) else value


def _says_something(parts: dict, fmt: ChannelFormat) -> bool:
    """A model draft worth reading: no part is only slots, no slot is said twice in one part, and
    the offer (body or headline) has words of its own ("{name}, and {name}." says nothing)."""
    import re

    for name, value in parts.items():
        for text in value if isinstance(value, list) else [value]:
            slots = find_slots(text)
            if len(slots) != len(set(slots)):
                return False
            words = re.sub(r"\{[a-z0-9_]+\}", " ", text)
            own = len(words.split()) if fmt.lang == "en" else len(re.findall(r"[\u4e00-\u9fff]", words))
            if own == 0 or (name in ("body", "headline") and own < OWN_WORDS[fmt.lang]):
                return False
    return True


def _own_words(product: Product) -> str:
    return " ".join([product.name, *product.facts.values()])


def _texts(parts: dict) -> list[str]:
    """Every written text of a parts map (a part may hold several paragraphs)."""
    return [t for value in parts.values() for t in (value if isinstance(value, list) else [value])]


def _slots_are_sound(parts: dict, values: dict) -> bool:
    """No figure typed outside a slot and no slot the product lacks (a backend that could not
    be constrained while decoding, such as an intranet server, is held to this afterwards)."""
    for value in parts.values():
        for text in value if isinstance(value, list) else [value]:
            if figure_outside_slots(text) or any(slot not in values for slot in find_slots(text)):
                return False
    return True


def _parts_as_sent(filled: dict, text: str, fmt: ChannelFormat, disclosures, footer) -> dict:
    """The parts map of the contract: each written part as it stands in the final text (a part
    repair removed is left out), then the pipeline's own parts."""
    parts = {}
    for name, value in filled.items():
        if isinstance(value, list):
            kept = [p for p in value if p in text]
            if kept:
                parts[name] = kept
        elif value in text:
            parts[name] = value
    shown = [d for d in dict.fromkeys([*footer, *disclosures]) if d in text]
    if shown:
        parts["disclosures"] = shown
    if fmt.channel == "sms":
        parts["brand"] = text.split(":", 1)[0] if fmt.lang == "en" else text[: text.find("】") + 1]
        if fmt.opt_out in text:
            parts["opt_out"] = fmt.opt_out
    return parts


def _quality(draft: Draft, written: _Written, plan: Plan, fmt: ChannelFormat, filled: dict) -> float:
    """The ranking's quality score, 0-1 (higher is better): fluency under the model, how many
    of the plan's lead facts it states, how many of the segment's needs its facts answer, fit to
    the channel's sizes, every written part kept, no loops."""
    fluency = 0.5 if written.fluency is None else max(0.0, min(1.0, 1.0 + written.fluency / 4.0))
    used = set(find_slots(compose.serialize_parts(written.parts)))
    leads = sum(1 for k in plan.lead if k in used) / max(len(plan.lead), 1)
    wanted = segment_needs(plan.segment, plan.product)
    needs = sum(1 for n in wanted if used & set(_need_facts(n, plan))) / max(len(wanted), 1)
    fits = 0.0 if fmt.size_problems(filled) else 1.0
    limit = CHANNELS[fmt.channel].limit
    length_ok = 1.0 if limit is None or len(draft.text) <= limit else 0.0
    loops = 1.0 if repeats_itself(draft.text) else 0.0
    # Parts that repair had to drop to fit a disclosure (an SMS without its call to action).
    kept = sum(1 for part in fmt.written_parts if part in draft.parts) / max(len(fmt.written_parts), 1)
    return 0.25 * fluency + 0.2 * leads + 0.2 * needs + 0.15 * fits + 0.1 * length_ok + 0.1 * kept - 0.5 * loops


def similarity(a: str, b: str) -> float:
    """Word (English) or character (Chinese) bigram overlap of two drafts, 0-1 (Jaccard)."""
    def grams(text):
        units = text.lower().split() if text.isascii() else [c for c in text if not c.isspace()]
        return {tuple(units[i:i + 2]) for i in range(len(units) - 1)}
    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


LOAN_KINDS = ("personal_loan", "auto_loan", "mortgage")


def _annual_rate_line(product: Product, disclosures) -> str:
    """For a Chinese loan, the shortest disclosure wording that states the annual rate ('' else)."""
    if product.lang != "zh" or product.kind not in LOAN_KINDS:
        return ""
    lines = [d for d in disclosures if "年化" in d and len(d) <= 60]
    return min(lines, key=len) if lines else ""


def disclosure_options(product: Product) -> tuple[str, ...]:
    """The disclosures repair may append: the catalog's own, then the compact forms that
    templates/copy/disclosures.<lang>.j2 builds from the product's facts (for short channels)."""
    compact = render(f"copy/disclosures.{product.lang}.j2", product=product, facts=dict(product.facts)).text
    lines = [line.strip() for line in compact.splitlines() if line.strip()]
    return tuple(dict.fromkeys([*product.disclosures, *lines]))


def usable(draft: Draft, product: Product, engine, disclosures: tuple[str, ...] | None = None) -> bool:
    """Worth showing: after repair, the copy itself (not just an appended disclosure) says
    something about this product: its name or one of its figures."""
    body = draft.text
    for disclosure in disclosures or product.disclosures:
        body = body.replace(disclosure, " ")
    long_enough = len(body.split()) >= 4 if product.lang == "en" else len(body.strip()) >= 8
    names_product = product.name.lower() in body.lower()
    # A footer that restates a term of the body is fine print, not a loop: only the copy is read.
    return long_enough and not repeats_itself(body) and (names_product or fact_coverage(engine, body, product) > 0)


def fact_coverage(engine, text: str, product: Product) -> int:
    """How many of the product's figures the draft states (more facts, more useful copy)."""
    facts = engine.product_view(product).derived("fact_quantities", product_quantities)
    stated = extract_quantities(normalize(text).text)
    return sum(1 for q in stated if any(same_quantity(q, f) for f in facts))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)

