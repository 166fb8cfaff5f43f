"""The plan for each draft: which facts answer the segment's needs and lead, from which angle,
in which tone, in which of the channel's parts. N drafts get N plans that differ in angle and
in the facts they lead with, so they differ in substance, not only in wording."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from copydesk.catalog import Product, Segment
from copydesk.generation.formats import ANGLES, TONES, ChannelFormat, channel_format
from copydesk.labels import KIND_NAMES
from copydesk.needs import default_needs, facts_for_need, may_lead, need_for_kind, need_label

# Facts about the seller or the channel, not the product: never a lead, still slottable.
META_FACTS = {"bank", "phone", "website", "official_channel", "sales_agent", "agency", "distributor"}
# The longest fact value a short channel leads with (its slot is filled with the whole value).
SHORT_CHANNEL_FACT = {"en": 45, "zh": 20}
# A short prompt is a fast one, to train (the CPU learns about 40 tokens a second) and to draft.
AUDIENCE_CHARS = {"en": 100, "zh": 45}
FACT_CHARS = {"en": 70, "zh": 35}  # longer values are shown cut in the prompt, filled whole
PROMPT_FACTS = 6  # facts shown to the model: the lead, then others


# Slots only the fact templates write: the model's prompt shows none of them, so its decoding
# may not name them either.
TEMPLATE_ONLY_SLOTS = frozenset({"short_name"})


def short_name(product: Product) -> str:
    """The product's name without its share class or edition and without the bank's brand in
    front ("Stonebridge Target Retirement 2055 Fund (Investor Class)" is "Target Retirement 2055
    Fund"): a fund's SMS needs the room for its risk legend. The full name when nothing is left."""
    name = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", product.name).strip()
    brand = product.facts.get("bank", "").split()[:1]
    words = name.split()
    if brand and len(words) > 2 and words[0].casefold() == brand[0].casefold():
        name = " ".join(words[1:])
    return name if len(name) >= 4 else product.name


@dataclass(frozen=True)
class Plan:
    """What one draft is to say and how."""

    product: Product
    segment: Segment
    format: ChannelFormat
    angle: str
    tone: str
    needs: tuple[str, ...]  # need ids the draft answers
    lead: tuple[str, ...]  # fact keys to lead with, in order
    shown: tuple[str, ...] = ()  # fact keys the prompt lists (the same for all N drafts: one prompt prefix)

    @property
    def lang(self) -> str:
        return self.product.lang

    def shown_facts(self) -> list[str]:
        return list(self.shown) or shown_facts(self.product, self.lead)

    def slot_values(self) -> dict:
        """Every slot the draft may write and the exact wording it is filled with (those in
        TEMPLATE_ONLY_SLOTS only the fact templates write)."""
        facts = {k: self.product.facts[k] for k in self.shown_facts()}
        return {**facts, "name": self.product.name, "bank": self.product.facts.get("bank", ""),
                "short_name": short_name(self.product)}

    def all_slot_values(self) -> dict:
        """Every fact as a slot value (for checking copy written against any of them)."""
        return {**self.product.facts, "name": self.product.name, "bank": self.product.facts.get("bank", "")}

    def spoken_needs(self) -> tuple[str, ...]:
        """The segment's needs that the facts the draft may state answer. The prompt names only
        these: the corpus ads name the needs their product answers, and a need the product
        cannot meet (spending rewards, to a money-market fund; a pension, to a medical policy)
        is what the model bent the product into when the prompt named it."""
        shown = {k: self.product.facts[k] for k in self.shown_facts()}
        return tuple(n for n in self.needs if facts_for_need(n, shown, self.product.kind))

    def prompt_context(self) -> dict:
        """What templates/prompts/slots.j2 renders."""
        lang = self.lang
        facts = [(k, _cut(self.product.facts[k], FACT_CHARS[lang])) for k in self.shown_facts()]
        return {
            "lang": lang, "channel": self.format.channel, "tone": self.tone, "angle": self.angle,
            "product_name": self.product.name, "kind": KIND_NAMES[lang][self.product.kind],
            "audience": f"{self.segment.name}: {_cut(self.segment.description, AUDIENCE_CHARS[lang])}",
            "needs": [need_label(n, lang) for n in self.spoken_needs()], "facts": facts, "lead": list(self.lead),
        }

    def to_dict(self) -> dict:
        return {"angle": self.angle, "tone": self.tone, "needs": list(self.needs), "lead": list(self.lead)}


def segment_needs(segment: Segment, product: Product) -> tuple[str, ...]:
    """The segment's own needs, or the defaults for the product's kind."""
    needs = segment.needs or default_needs(product.kind)
    return tuple(dict.fromkeys(need_for_kind(n, product.kind) for n in needs))


def make_plans(product: Product, segment: Segment, channel: str, n: int, tone: str = "", offset: int = 0) -> list[Plan]:
    """N plans: angles in turn, and the facts answering the needs rotated so each draft leads
    differently. `offset` (from the seed) varies which plan comes first between Generates."""
    fmt = channel_format(channel, product.lang)
    needs = segment_needs(segment, product)
    tone = tone if tone in TONES else "friendly"
    short = fmt.channel in ("sms", "push", "banner")
    candidates = [k for k, v in product.facts.items()
                  if k not in META_FACTS and may_lead(k, v) and not restates_name(v, product.name)]
    if short:
        fitting = [k for k in candidates if len(product.facts[k]) <= SHORT_CHANNEL_FACT[product.lang]]
        candidates = fitting or candidates
    # Facts that answer a need first (need by need, in the segment's order), then the rest.
    answering = []
    for need in needs:
        answering += [k for k in facts_for_need(need, {k: product.facts[k] for k in candidates}, product.kind)
                      if k not in answering]
    ordered = answering + [k for k in candidates if k not in answering]
    per_draft = 1 if fmt.channel == "banner" else 2 if short else 3
    plans = []
    for index in range(n):
        turn = index + offset
        angle = ANGLES[turn % len(ANGLES)]
        # The first lead answers a need (each draft a different one, in turn); the others come
        # from the rest of the list, rotated so the drafts do not all say the same things. With
        # fewer answering facts than drafts, every other draft leads with another fact instead
        # (four SMS all leading with a card's annual fee were four copies of one, and all four
        # needed an APR disclosure that does not fit).
        unanswering = [k for k in ordered if k not in answering]
        if answering and (len(answering) >= n or not unanswering or turn % 2 == 0):
            lead = [answering[(turn if len(answering) >= n or not unanswering else turn // 2) % len(answering)]]
        else:
            lead = [unanswering[(turn // 2) % len(unanswering)]] if unanswering else []
        rest = [k for k in ordered if k not in lead]
        for i in range(len(rest)):
            if len(lead) >= per_draft:
                break
            lead.append(rest[(turn * (per_draft - 1) + i) % len(rest)])
        covered = tuple(need for need in needs if facts_for_need(need, {k: product.facts[k] for k in lead}, product.kind))
        covered = covered or needs[:1]
        plans.append(Plan(product, segment, fmt, angle, tone, covered, tuple(lead)))
    shown = tuple(shown_facts(product, [k for plan in plans for k in plan.lead]))
    plans = [replace(plan, shown=shown) for plan in plans]
    return plans


def restates_name(value: str, name: str) -> bool:
    """Whether a fact only says what the product's name already does ("7 months" for the
    7-Month Featured CD, 个人通知存款 for 晨曦个人七天通知存款): a lead that tells nothing new."""
    def pieces(text: str) -> list[str]:
        text = text.casefold().replace("-", " ")
        return re.findall(r"[\u4e00-\u9fff]|\d+|[a-z]+", text)

    own = [p for p in pieces(value) if p not in _FILLER]
    named = set(pieces(name)) | {p.rstrip("s") for p in pieces(name)}
    return bool(own) and sum(p in named or p.rstrip("s") in named for p in own) / len(own) >= 0.75


_FILLER = {"a", "an", "the", "of", "for", "term"}


def shown_facts(product: Product, leads) -> list[str]:
    """The fact keys a prompt lists, in catalog order: every lead, then others up to
    PROMPT_FACTS (the bank's name is always a slot of its own)."""
    keys = [k for k in product.facts if k != "bank"]
    chosen = set(leads)
    for key in keys:
        if len(chosen) >= PROMPT_FACTS:
            break
        if key not in META_FACTS:
            chosen.add(key)
    return [k for k in keys if k in chosen]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
