"""From (product, segment, channel, language) to N ranked drafts, each checked and repaired.

The model writes N drafts in one batch; each is cleaned, checked by the rule engine, repaired
(safe rewrites, unfixable sentences dropped, disclosure appended, trimmed to the channel) and
checked again. Drafts are ranked by verdict, then fact coverage, then fit to the channel. When
no model draft passes, drafts rendered from the copy templates join the ranking as a fallback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from copydesk.catalog import CHANNELS, Catalog, Product
from copydesk.generation.backend import CancelToken, CompletionSettings, TextBackend, TokenCallback
from copydesk.generation.cleaning import clean_output, repeats_itself
from copydesk.generation.prompts import render
from copydesk.generation.repair import repair
from copydesk.rules.checks.grounding import product_quantities
from copydesk.rules.findings import SEVERITY_ORDER, Report
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import extract_quantities, same_quantity

META_FACTS = {"bank", "phone", "website", "official_channel", "eligibility", "sales_agent", "agency", "distributor"}
FACT_MAX_CHARS = {"en": 90, "zh": 40}


class GenerationInputError(ValueError):
    """A request that names something the catalog does not have, or mixes languages."""


@dataclass(frozen=True)
class GenerationRequest:
    product: str
    segment: str
    channel: str
    lang: str
    n: int = 4
    seed: int = 7
    tone: str = ""  # e.g. "warm", "professional"; empty leaves the examples to set it

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

    @property
    def verdict(self) -> str:
        return self.report.verdict

    def to_dict(self) -> dict:
        """The contract's JSON shape for one draft."""
        return {
            "text": self.text,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.report.findings],
            "model": self.model,
            "backend": self.backend,
            "seed": self.seed,
            "template_version": self.template_version,
            "repairs": self.repairs,
            "timings": self.timings,
        }


def display_facts(product: Product) -> list[str]:
    """The product facts as short phrases a draft may use verbatim (no contact or meta lines)."""
    facts = []
    for key, value in product.facts.items():
        if key in META_FACTS or key.endswith("_as_of") or len(value) > FACT_MAX_CHARS[product.lang]:
            continue
        value = value.rstrip("。.")
        if value.casefold() in product.name.casefold():
            continue  # the name itself (a fund_name fact): every draft says it already
        # A bare figure ("$0", "Up to $40") needs its name to mean anything, unless the figure
        # carries its own label ("4.05% APY", not "APY: 4.05% APY").
        # So does a bare name ("Northgate Mutual Life Insurance Company": the issuer).
        bare_name = all(word[:1].isupper() for word in value.split())
        if product.lang == "en" and (len(value.split()) < 5 or value[0].isdigit() or value[0] in "$%" or bare_name):
            label = " ".join(w.upper() if w in ("apr", "apy") else w for w in key.split("_"))
            if label.casefold() not in value.casefold():
                value = f"{label[:1].upper() + label[1:]}: {value}"
        facts.append(value)
    return facts or [v.rstrip("。.") for v in product.facts.values()]


def builtin_examples(lang: str) -> list[dict]:
    """Few-shot examples shipped in templates/prompts/examples.<lang>.j2 (name|facts|ad lines)."""
    rendered = render(f"prompts/examples.{lang}.j2")
    examples = []
    for line in rendered.text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3:
            examples.append({"product": parts[0], "facts": parts[1], "ad": parts[2]})
    return examples


def never_say(engine, lang: str, limit: int = 8) -> list[str]:
    """A few banned phrases from the packs, to tell the model what compliance will reject."""
    phrases = []
    for rule in engine.rules:
        if lang in rule.languages and rule.category in ("guarantee", "superlative") and rule.severity == "block":
            phrases.extend(p.rstrip("*") for p in rule.phrases[:3])
    return phrases[:limit]


def banned_phrases(engine, lang: str) -> tuple[str, ...]:
    """Phrases blocked at decode time (bad_words_ids): block-severity guarantee and superlative."""
    phrases = [
        p.rstrip("*")
        for rule in engine.rules
        if lang in rule.languages and rule.category in ("guarantee", "superlative") and rule.severity == "block" and not rule.pinyin
        for p in rule.phrases
    ]
    return tuple(dict.fromkeys(phrases))


class DraftPipeline:
    """Generates, checks, repairs and ranks drafts; the CLI and the GUI both call `generate`."""

    def __init__(self, catalog: Catalog, engine, backend: TextBackend | None, *, model_languages=("en", "zh"),
                 examples: list[dict] | None = None):
        self.catalog = catalog
        self.engine = engine
        self.backend = backend
        self.model_languages = tuple(model_languages)
        self.examples = examples  # approved copy from the library, when there is any

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
        return product, segment

    def uses_model(self, request: GenerationRequest) -> bool:
        """Whether the configured model writes this language (else the copy templates do)."""
        return self.backend is not None and request.lang in self.model_languages

    def generate(self, request: GenerationRequest, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None, examples: list[dict] | None = None) -> list[Draft]:
        """N drafts, best first. `examples`: approved library copy for the prompt, when there is any."""
        product, segment = self.validate(request)
        drafts: list[Draft] = []
        disclosures = disclosure_options(product)
        if self.uses_model(request):
            model_drafts = self._model_drafts(request, product, segment, on_token, cancel,
                                              examples or self.examples, disclosures)
            # A model draft must state at least one product figure correctly ("Get it today!"
            # passes the checker but tells the customer nothing).
            drafts = [d for d in model_drafts if d.coverage > 0 and usable(d, product, self.engine, disclosures)]
        # Copy rendered from the facts always competes (it costs milliseconds): a model draft has to
        # state as many figures to rank above it. Templates too must say something beyond a
        # disclosure (a banner may leave no room); if none does, they are kept to show why.
        templated = self._template_drafts(request, product, segment, disclosures)
        drafts += [d for d in templated if usable(d, product, self.engine, disclosures)] or templated
        unique = {}
        for draft in drafts:  # the same words twice (two rows sampling alike) are one draft
            unique.setdefault(draft.text, draft)
        ranked = sorted(unique.values(), key=lambda d: self._rank(d, request.channel))
        # Up to half the places go to the model's passing drafts even when template copy states
        # more figures: the marketer asked for wording to choose from, not N fact sheets.
        model = [d for d in ranked if d.backend != "template" and d.verdict == "pass"][: request.n // 2]
        rest = [d for d in ranked if d not in model][: max(request.n, 1) - len(model)]
        return [d for d in ranked if d in model or d in rest]  # still in rank order

    def _context(self, product, segment, channel):
        return {"product": product, "segment": segment, "channel": CHANNELS[channel], "facts": display_facts(product)}

    @staticmethod
    def _prompt_facts(product) -> list[str]:
        """Three short facts with figures: a 135M model copies short facts and garbles long ones."""
        facts = sorted(display_facts(product), key=lambda f: (not any(c.isdigit() for c in f), len(f)))
        return facts[:3]

    def warm_up(self, request: GenerationRequest, examples: list[dict] | None = None) -> None:
        """Load the model and compute this request's prompt once, without drafting: the model
        keeps the prompt's cache, so the first Generate reuses the instructions and examples
        (the app calls this in the background after start-up)."""
        if not self.uses_model(request):
            return
        product, segment = self.validate(request)
        prompt, settings = self._prompt(request, product, segment, examples or self.examples)
        self.backend.load()
        self.backend.complete([prompt.text], replace(settings, max_new_tokens=1))

    def _prompt(self, request, product, segment, examples):
        context = {**self._context(product, segment, request.channel), "facts": self._prompt_facts(product)}
        # The bank's approved library copy, up to 3, goes last (nearest the new ad, which a small
        # model imitates most); built-in examples fill the places before it. The fixed start also
        # lets the model's prompt cache serve many requests.
        library = list(examples or [])[:3]
        examples = builtin_examples(request.lang)[: 3 - len(library)] + library
        prompt = render(
            f"prompts/fewshot.{request.lang}.j2",
            examples=examples,
            never_say=never_say(self.engine, request.lang),
            tone=request.tone,
            lead=product.name,
            **context,
        )
        limit = CHANNELS[request.channel].limit
        settings = CompletionSettings(
            seed=request.seed,
            max_new_tokens=min(80, limit // 3 + 12) if limit else 80,  # about 3 characters a token
            banned_phrases=banned_phrases(self.engine, request.lang),
        )
        return prompt, settings

    def _model_drafts(self, request, product, segment, on_token, cancel, examples, disclosures) -> list[Draft]:
        prompt, settings = self._prompt(request, product, segment, examples)
        self.backend.load()
        # The prompt ends with the product's name (the lead); the model writes what follows it.
        lead = product.name
        stream = (lambda index, text: on_token(index, join_lead(lead, text))) if on_token else None
        completions = self.backend.complete([prompt.text] * request.n, settings, stream, cancel)
        drafts = []
        for completion in completions:
            text = clean_output(join_lead(lead, completion.text)) if completion.text.strip() else ""
            if not text:
                continue
            timings = {"first_token_s": _round(completion.first_token_s), "total_s": _round(completion.total_s)}
            drafts.append(self._finish(text, request, product, self.backend.model_id, self.backend.name,
                                       prompt.template_version, timings, disclosures))
        return drafts

    def _template_drafts(self, request, product, segment, disclosures) -> list[Draft]:
        context = self._context(product, segment, request.channel)
        limit = CHANNELS[request.channel].limit
        variants = request.n
        if limit:
            # Short channels: lead with the facts that fit beside the name, and try a few more
            # variants than asked for (the ranking keeps the best N; each costs milliseconds).
            room = limit - len(product.name) - 3
            context["facts"] = sorted(context["facts"], key=lambda f: len(f) > room)
            variants = max(request.n, min(2 * request.n, len(context["facts"])))
        drafts, seen = [], set()
        for variant in range(variants):
            started = time.perf_counter()
            rendered = render(f"copy/facts.{request.lang}.j2", variant=variant, **context)
            text = " ".join(rendered.text.split())
            if text in seen:
                continue
            seen.add(text)
            timings = {"first_token_s": None, "total_s": _round(time.perf_counter() - started)}
            drafts.append(self._finish(text, request, product, "copy-templates", "template",
                                       rendered.template_version, timings, disclosures))
        return drafts

    def _finish(self, text, request, product, model_id, backend, template_version, timings, disclosures) -> Draft:
        repaired, report, repairs = repair(self.engine, text, product, request.channel, request.lang, disclosures)
        return Draft(repaired, report, model_id, backend, request.seed, template_version, repairs, timings,
                     coverage=fact_coverage(self.engine, repaired, product))

    @staticmethod
    def _rank(draft: Draft, channel: str):
        limit = CHANNELS[channel].limit
        length = len(draft.text)
        fit = abs(limit - length) / limit if limit else abs(min(length, 400) - 250) / 250
        # Verdict, then how many product figures the draft states (up to 3: beyond that it is a
        # fact sheet, not an ad), then fit. A model draft that states no figure ("Get it now!")
        # ranks after template copy that states two; at equal coverage the model's wording wins.
        return (SEVERITY_ORDER[draft.verdict], -min(draft.coverage, 3), draft.backend == "template", round(fit, 1))


def join_lead(lead: str, completion: str) -> str:
    """The ad: the lead the prompt ended with, then what the model wrote after it (a model
    that starts over with the name itself keeps its own words)."""
    stripped = completion.lstrip()
    if stripped.casefold().startswith(lead.casefold()):
        return stripped
    if completion[:1].isalnum() and completion[:1].isascii():
        return f"{lead} {completion}"  # a word glued on: "Card" + "earn" would read "Cardearn"
    return lead + completion


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
    long_enough = len(body.split()) >= 5 if product.lang == "en" else len(body.strip()) >= 10
    names_product = product.name.lower() in body.lower()
    return long_enough and not repeats_itself(draft.text) and (names_product or fact_coverage(engine, body, product) > 0)


def fact_coverage(engine, text: str, product: Product) -> int:
    """How many of the product's figures the draft states (more facts, more useful copy)."""
    # The same fact quantities the grounding check derives, from the engine's per-product cache.
    facts = engine.product_view(product).derived("fact_quantities", product_quantities)
    stated = extract_quantities(normalize(text).text)
    return sum(1 for q in stated if any(same_quantity(q, f) for f in facts))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
