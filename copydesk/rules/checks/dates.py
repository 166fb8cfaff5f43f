"""Offers past their end date (block): copy that states, on the day it is checked, an offer whose
end date the product's facts give and that has passed.

Two kinds of end date in the facts:
- a window the whole product is sold in (活动期 / 募集期 / 发行期 / an offer period: a range
  "2026-03-01至2026-05-31"): once it ends, every ad for the product advertises what is gone;
- a term with its own deadline ("open by 2026-06-30", "0.58% through 2027-03-31",
  "2026-12-31前…申购费率1折"), or a deadline fact (offer_deadline): the copy is out of date
  when it states that term's figures (or, for a deadline fact, any promotional fact's).

Only checked when the check has a date (`RuleEngine.check(on=…)`; the app and the CLI check as
of today): a labelled corpus without dates is timeless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from copydesk.rules.findings import BuiltinRule
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import Quantity, extract_quantities, same_quantity

EXPIRED_RULE = BuiltinRule(
    id="grounding.expired_offer",
    category="ungrounded_claim",
    severity="block",
    message="An offer that has ended",
    suggestion="Withdraw this copy, or update the catalog with the terms on offer now",
    citation="FTC Act §5; Reg DD 12 CFR 1030.8 (advertised terms must be available); 广告法 第4、28条（虚假或引人误解的宣传）",
)

_WINDOW_KEY = re.compile(r"(activity|subscription|issue|offer|promo\w*|sales?)_?period|window|活动期|募集期|发行期")
_DEADLINE_KEY = re.compile(r"deadline|offer_end|end_date|(?:^|_)end$|expir|截止$|截止日期|活动结束")
# What a deadline fact ends: the promotion's facts (a bonus, a gift); a standing discount or
# reward ("autopay_discount", "rewards_rate") only when the product has no such promotion.
_PROMOTIONAL_KEY = re.compile(r"bonus|offer|promo|gift|coupon|subsid|礼|优惠|立减|红包|贴息|券")
_STANDING_PERK_KEY = re.compile(r"discount|waiver|reward")
_ZH_DEADLINE_SUFFIX = re.compile(r"(活动)?(截止|截止日期|结束)(日期|时间)?$")
_HANZI = re.compile(r"[\u3400-\u9fff]")
_DEADLINE_WORDS = {"end", "ends", "deadline", "date", "offer", "expiry", "expires", "expiration", "by"}
_NOT_AN_OFFER_KEY = re.compile(r"score|as_of|example|assumption")
# (截至 is "as of": 截至2026-09-30 dates a figure, it ends nothing.)
# A term that ends: "by 2026-06-30", "through 2027-03-31", "until …", "ends …"; "2026-12-31前".
_ENDS_BEFORE = re.compile(r"\b(?:by|through|thru|until|till|ends?|expires?|before)\s+$")
_ENDS_AFTER = re.compile(r"^\s*(?:前|之前|截止|为止)")
_ENDS_BEFORE_ZH = re.compile(r"(?:截止|有效期至|止于)(?:日期|时间)?\s*(?:为|:)?\s*$")


def run(ctx) -> list:
    on = ctx.on
    if on is None:
        return []
    ended = [offer for offer in ctx.product_view.derived("offer_ends", offer_ends) if offer.ended < on]
    if not ended:
        return []
    stated = [q for q in ctx.quantities if q.unit != "date"]
    for offer in ended:
        hits = stated if offer.figures is None else [q for q in stated if any(same_quantity(q, f) for f in offer.figures)]
        named = next((m for name in offer.names for m in [ctx.norm.text.find(name)] if m >= 0), -1)
        if offer.figures is not None and not hits and named < 0:
            continue
        if hits:
            start, end = hits[0].start, hits[0].end
        elif named >= 0:
            start, end = named, named + 1  # a figure-free offer (a coupon) named in the copy
        else:
            start, end = 0, len(ctx.sentence_around(0, 0))
        message = (f"This offer ended on {offer.ended.isoformat()} ({offer.key}: {ctx.product.facts[offer.key][:80]}), "
                   f"before the date of this check ({on.isoformat()}): the copy states it as if it still ran")
        return [ctx.finding_at(EXPIRED_RULE, start, max(end, start + 1), message=message)]  # one says it is out of date
    return []


@dataclass(frozen=True)
class OfferEnd:
    key: str  # the fact that gives the end date
    ended: date
    figures: list[Quantity] | None  # copy stating one of these is out of date; None: any copy for the product
    names: tuple[str, ...] = ()  # or naming one of these: an offer with no figure (新客利息券)


def offer_ends(product) -> list[OfferEnd]:
    """Every end date a product's facts give, read once per product (the check runs as people type)."""
    facts = {key: normalize(value).text for key, value in product.facts.items()}
    ends = []
    for key, value in facts.items():
        ended = _end_date(key, value)
        if ended is None:
            continue
        if _WINDOW_KEY.search(key) and _dates(value)[1:]:
            figures, names = None, ()  # the product's own window: every ad for it
        elif _DEADLINE_KEY.search(key):
            # closing_credit_end ends closing_cost_credit; bonus_end ends signup_bonus: the facts
            # its own words name, else the product's promotions, else its standing perks.
            stem = set(key.casefold().split("_")) - _DEADLINE_WORDS
            promotions = [k for k in facts if stem and stem <= set(k.casefold().split("_")) and not _DEADLINE_KEY.search(k)
                          and not _NOT_AN_OFFER_KEY.search(k)]
            zh_stem = _ZH_DEADLINE_SUFFIX.sub("", key) if _HANZI.search(key) else ""
            if zh_stem:
                # 免息券截止 ends the fact that offers the 免息券; 申购费优惠截止 ends 申购费's offer
                stem = set()
                promotions = [k for k in facts if k != key and not _DEADLINE_KEY.search(k)
                              and (zh_stem in k or zh_stem in facts[k] or zh_stem.removesuffix("优惠") == k)]
            # a fact that itself says it ends that day ("credit for buyers who applied by October
            # 31, 2026") is what a plain offer_end ends, not the whole product
            promotions = promotions or [k for k in facts if k != key and not _DEADLINE_KEY.search(k)
                                        and _end_date(k, facts[k]) == ended]
            promotions = promotions or [k for k in facts if _PROMOTIONAL_KEY.search(k) and not _DEADLINE_KEY.search(k)]
            promotions = promotions or [k for k in facts if _STANDING_PERK_KEY.search(k)]
            if not promotions and not stem:
                ends.append(OfferEnd(key, ended, None))  # a plain offer_end on a featured CD: the product is the offer
                continue
            # A figure a standing fact states too (36期 of a 贴息 offer and of the payment example)
            # says nothing of the promotion.
            standing = [f for k in facts if k not in promotions and k != key for f in _figures(facts[k])]
            figures = [f for k in promotions for f in _offer_figures(facts[k]) if not _shared_term(f, standing)
                       # a named offer's figure that a standing fact states too (返50元 of the 新户礼) is not its own
                       and not (zh_stem and any(same_quantity(f, other) for other in standing))]
            names = () if figures else tuple(n for k in promotions for n in _names(k))
        else:
            # 12期 of "借款期限12期及以上，领取截止2026-11-15" is every loan's term too. A term's
            # conditions end the offer they are the conditions of: 新客福利条件 ends 新客福利,
            # bonus_conditions ends bonus.
            related = [k for k in facts if k != key and _extends(key, k)]
            standing = [f for k in facts if k != key and k not in related for f in _figures(facts[k])]
            figures = [f for k in (key, *related) for f in _figures(facts[k]) if not _shared_term(f, standing)]
            names = () if figures else tuple(n for k in (key, *related) for n in _names(k))
        ends.append(OfferEnd(key, ended, figures, names))
    return ends


def _end_date(key: str, value: str) -> date | None:
    """When the term a fact states ends, or None when it states no end."""
    dates = _dates(value)
    if not dates:
        return None
    if (_WINDOW_KEY.search(key) and len(dates) > 1) or _DEADLINE_KEY.search(key):
        return dates[-1][0]
    for when, quantity in dates:
        before = value[: quantity.start]
        if _ENDS_BEFORE.search(before) or _ENDS_BEFORE_ZH.search(before) or _ENDS_AFTER.match(value[quantity.end:]):
            return when
    return None


def _dates(value: str) -> list[tuple[date, Quantity]]:
    found = []
    for quantity in extract_quantities(value):
        if quantity.unit != "date":
            continue
        year, rest = divmod(int(quantity.value), 10000)
        month, day = divmod(rest, 100)
        if year:
            try:
                found.append((date(year, month, day), quantity))
            except ValueError:
                continue
    return found


def _extends(key: str, other: str) -> bool:
    """Whether one key is the other with more words: 新客福利条件 of 新客福利, bonus_conditions of bonus."""
    return key.startswith(other) and len(other) >= 2 and (not other.isascii() or key[len(other):].startswith("_"))


def _shared_term(figure: Quantity, standing: list[Quantity]) -> bool:
    """A term or count that a standing fact states too: it says nothing of the offer (a rate or
    an amount does: "0.58% through 2027-03-31" is the waived expense ratio, whatever else says 0.58%)."""
    return figure.unit in ("months", "days", "number") and any(same_quantity(figure, other) for other in standing)


def _names(key: str) -> tuple[str, ...]:
    """How copy names a figure-free Chinese offer: its key (新客利息券) or the key's last word (利息券)."""
    if not re.fullmatch(r"[\u3400-\u9fff]{3,}", key) or _DEADLINE_KEY.search(key):
        return ()
    return (key, key[-3:]) if len(key) > 3 else (key,)


_DISCOUNT_MARK = re.compile(r"\d(\.\d)?\s?折|优惠|立减|减免|限时|活动价")


def _offer_figures(value: str) -> list[Quantity]:
    """The figures of a fact's offer: in "申购费1.50%，银行渠道1折即0.15%" the 0.15% after the
    discount, not the standard 1.50% that stays when the offer ends."""
    mark = _DISCOUNT_MARK.search(value)
    figures = _figures(value)
    after = [f for f in figures if mark and f.start >= mark.end()]
    return after or figures  # "3.45%限时优惠": the mark after its figure


def _figures(value: str) -> list[Quantity]:
    return [q for q in extract_quantities(value) if q.unit != "date"]
