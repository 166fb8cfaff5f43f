"""Figures stated in a role their fact does not give them (block): the binder's companion.

The binder asks which fact a figure belongs to; this asks whether the copy states it the way
that fact does. Each is a misattribution a reviewer would send back:
- a range's top as its floor ("18%起", "from 24.99% APR") or its floor as its ceiling ("up to 3.6%");
- a fee's minimum as the fee ("a flat $5 transfer fee" when the fee is 3% of each transfer, $5 minimum);
- a fee the facts say there is none of, given a figure ("a $25 origination fee" when
  origination_fee is None and $25 is the late fee);
- a rate written for what its facts do not cover ("0% intro APR on cash advances" when the intro
  rate is for purchases and balance transfers);
- a category's reward for all spending ("全场3倍积分" when 3倍 is for 餐饮类消费);
- a figure for one variety stated for another: new and used cars, 首套 and 二套, 轻症 and 中症
  ("used cars as low as 5.74% APR" when 5.74% is the new-vehicle rate).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from copydesk.catalog import CREDIT_KINDS
from copydesk.rules.checks.binding import (BINDING_RULE, RANGE_JOIN, _is_example, _labels_beside, _line_around, _sources, _stem,
                                           _unnamed_text, by_value, in_catalog_disclosures, labels_at, stating)
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import Quantity, extract_quantities, is_count, same_quantity

_MINIMUM_AFTER = re.compile(r"^\s*(?:minimum|min\b)")
_MINIMUM_BEFORE = re.compile(r"(?:minimum of|\bmin\.?|最低|最少|不低于|不足)\s*$")

# How copy marks a figure as the lowest or the highest of its range.
_FLOOR_BEFORE = re.compile(r"(?:\bfrom|\bas low as|\bstarting (?:at|from)|\blow as|低至|最低至?)\s*$")
_FLOOR_AFTER = re.compile(r"^\s*(?:\([^)]{0,6}\)\s*)?起")
_CEILING_BEFORE = re.compile(r"(?:\bup to|\bas high as|\bno more than|\bmax(?:imum)?(?: of)?|最高|高达|不超过|最多)\s*$")
# A minimum stated as one: "min", "at least", "whichever is greater", 最低, 起.
_MINIMUM_WORDS = re.compile(r"\bmin\b|minimum|at least|whichever|greater of|higher of|最低|最少|不低于|起")
_OR_A_SHARE = re.compile(r"\s*or\s+\d+(\.\d+)?\s?%")  # "$5 or 3% of the amount": the minimum, stated as one
_FEE_WORDS = re.compile(r"\bfees?\b|\bcharges?\b|\bflat\b|手续费|费用|收费")

# A fact that says there is none ("None", "No", "$0", 免收, 无): the figure-free ones only.
_NONE_VALUE = re.compile(r"^\s*(?:none|no|n/a|not applicable|waived)\b|^\s*(?:免|无|不收取|免收|均免)")
_UNIT_WORDS = {"fee", "fees", "apr", "apy", "rate", "charge", "amount", "min", "max", "minimum", "maximum"}

# "on cash advances", "for balance transfers": what the copy says a rate is for.
_APPLIES_TO = re.compile(r"^[^.;,!?\n\d]{0,30}?\b(?:on|for)\s+(?:all\s+|your\s+|any\s+)?([a-z][a-z -]{2,30})")
# All spending, against a fact that gives the figure for one category only.
_EVERYTHING_ZH = re.compile(r"(?:全场|所有消费|全部消费|任意消费|消费即享|不限品类|全品类|每一笔)")
_EVERYTHING_EN = re.compile(r"\b(?:on (?:literally |absolutely |just about )?(?:everything|anything)(?: you buy)?|on all purchases|on every purchase|everywhere|on all spending)\b")
_CATEGORY_ZH = re.compile(r"(?:[\u3400-\u9fff]{1,6}类|仅限|指定|特定)")
_CATEGORY_EN = re.compile(r"\bon\s+(?!all\b|every|everything|any\b)[a-z]+")


@dataclass(frozen=True)
class FactStatement:
    key: str
    value: str  # normalized
    quantity: Quantity
    role: str  # "range_low", "range_high", "minimum" or "plain"
    context: str  # the fact's words around the figure (its clause)
    named_as: str  # the word right after the figure ("interest" of "6.125% interest rate"), or ""
    varieties: frozenset[str]  # the variety the fact gives it for ("new vehicles"), or none
    bound: str  # "floor" ("as low as 5.49%", "3.6%起", a range's bottom), "ceiling" ("up to 72 months") or ""
    labels: frozenset[str]  # the binder's words for it in its fact


def fact_statements(product) -> list[FactStatement]:
    """Every figure the facts and disclosures state, with the role it plays there (once per product)."""
    statements = []
    for key, raw in _sources(product):
        value = normalize(raw).text
        figures = [q for q in extract_quantities(value) if q.unit != "date"]
        for i, quantity in enumerate(figures):
            role = "plain"
            before, after = value[:quantity.start], value[quantity.end:]
            previous = figures[i - 1] if i else None
            following = figures[i + 1] if i + 1 < len(figures) else None
            if following and RANGE_JOIN.fullmatch(value[quantity.end:following.start]) and _compatible(quantity, following):
                role = "range_low"
            elif previous and RANGE_JOIN.fullmatch(value[previous.end:quantity.start]) and _compatible(previous, quantity):
                role = "range_high"
            elif (_MINIMUM_AFTER.match(after) or _MINIMUM_BEFORE.search(before)) and any(f.unit != quantity.unit for f in figures):
                role = "minimum"  # "3% of each transfer ($5 minimum)": the fee is the 3%
            clause = re.split(r"[;；。,，]", value[max(0, quantity.start - 30):quantity.start])[-1]
            clause += value[quantity.start:quantity.end + 30].split(";")[0]
            previous_end = figures[i - 1].end if i else 0
            if role == "range_low" or _FLOOR_BEFORE.search(before[-24:]) or _FLOOR_AFTER.match(after):
                bound = "floor"
            elif role == "range_high" or _CEILING_BEFORE.search(before[-24:]):
                bound = "ceiling"
            else:
                bound = ""
            statements.append(FactStatement(key, value, quantity, role, clause, _word_after(value, quantity),
                                            _fact_varieties(key, value, quantity, product.lang, previous_end),
                                            bound, frozenset(labels_at(value, quantity, product.lang))))
    return statements


def _compatible(low: Quantity, high: Quantity) -> bool:
    """Two figures joined by "to" or "-" make a range when they share a unit (or one is bare)."""
    return (low.unit == high.unit or "number" in (low.unit, high.unit)) and low.value < high.value


def none_facts(product) -> list[tuple[str, set[str]]]:
    """(key, the key's naming words) of every fact that states there is none of it."""
    found = []
    for key, raw in product.facts.items():
        value = normalize(raw).text
        if re.search(r"\d", value) or not _NONE_VALUE.search(value):
            continue
        if product.lang == "zh":
            words = {key.replace("费", "") + "费"} if "费" in key else set()
        else:
            words = {_stem(w) for w in key.casefold().split("_") if w not in _UNIT_WORDS and len(w) > 2}
        if words:
            found.append((key, words))
    return found


def run(ctx):
    grouped = ctx.product_view.derived("fact_statements_by_value", lambda product: by_value(fact_statements(product)))
    if not grouped:
        return []
    text = ctx.norm.text
    unnamed, in_name = _unnamed_text(ctx)
    quoted = in_catalog_disclosures(ctx)
    findings = []
    for index, quantity in enumerate(ctx.quantities):
        if quantity.unit in ("date", "number") or is_count(quantity) or in_name.overlaps(quantity.start, quantity.end):
            continue
        if quoted.overlaps(quantity.start, quantity.end):
            continue  # the catalog's own disclosure, quoted word for word
        own = stating(grouped, quantity)
        stated = quantity.text.strip()
        before, after = text[max(0, quantity.start - 24):quantity.start], text[quantity.end:quantity.end + 40]
        message = None
        if own:
            message = (_range_end_as_the_other(ctx, index, quantity, own, before, after, grouped)
                       or _minimum_as_the_fee(own, before, after, text, quantity)
                       or _for_what_it_does_not_cover(ctx, own, after)
                       or _one_category_as_everything(ctx, own, before, after)
                       or _swapped_with_its_neighbour(ctx, quantity, own, grouped)
                       or _swapped_in_its_fact(ctx, unnamed, quantity, own, grouped)
                       or _in_another_facts_sentence(ctx, unnamed, quantity, own, grouped)
                       or _for_another_variety(ctx, quantity, own))
        if message is None and quantity.value:
            message = _a_fee_there_is_none_of(ctx, unnamed, quantity)
        if message is None and own and quantity.unit == "money":
            message = _another_figure_as_the_opening_deposit(ctx, unnamed, quantity, own)
        if message:
            findings.append(ctx.finding_at(BINDING_RULE, quantity.start, quantity.start + len(quantity.text.rstrip()),
                                           message=f"'{stated}' {message}"))
    return findings


def _every(grouped: dict[float, list[FactStatement]]):
    """Every statement of the product, whatever its value."""
    return itertools.chain.from_iterable(grouped.values())


def _range_end_as_the_other(ctx, index, quantity, own, before, after, grouped) -> str | None:
    previous = ctx.quantities[index - 1] if index else None
    if previous and RANGE_JOIN.fullmatch(ctx.norm.text[previous.end:quantity.start]):
        return None  # the copy states the range itself ("3.6%-18%")
    roles = {s.role for s in own}
    if _FLOOR_BEFORE.search(before) or _FLOOR_AFTER.match(after):
        if roles == {"range_high"}:
            fact = own[0]
            return f"is stated as the lowest figure, but it is the top of the range in {fact.key}: '{fact.value}'"
        return _another_bound(ctx, quantity, own, grouped, "floor", "lowest")
    if _CEILING_BEFORE.search(before):
        if roles == {"range_low"}:
            fact = own[0]
            return f"is stated as the highest figure, but it is the bottom of the range in {fact.key}: '{fact.value}'"
        return _another_bound(ctx, quantity, own, grouped, "ceiling", "highest")
    return None


def _another_bound(ctx, quantity, own, grouped, bound, word) -> str | None:
    """A figure stated as the floor (or ceiling) that no fact gives as one, where another fact gives
    the floor: "年化利率7.2%起" when 7.2% is the worked example's rate and the range starts at 3.6%;
    "take up to 36 months to repay" when 36 months is the example's term and terms run to 72."""
    if quantity.unit not in ("percent", "months") or any(s.bound == bound for s in own):
        return None
    if quantity.unit == "months" and ctx.product.kind not in CREDIT_KINDS:
        return None  # a credit product's months are its term; elsewhere they may be anything
    owners = {s.key for s in own}
    beside = None
    for other in _every(grouped):
        if other.key in owners or other.bound != bound or other.quantity.unit != quantity.unit:
            continue
        if quantity.unit == "percent":
            # a rate's floor for a rate, not a fee's: the other fact's words stand beside this figure
            if beside is None:
                beside = _labels_beside(ctx, _unnamed_text(ctx)[0], quantity)
            if not other.labels & beside:
                continue
        return (f"is stated as the {word} figure, but the facts give it as {own[0].key} ('{own[0].value}'); "
                f"the {word} is in {other.key}: '{other.value}'")
    return None


def _minimum_as_the_fee(own, before, after, text, quantity) -> str | None:
    if {s.role for s in own} != {"minimum"}:
        return None
    clause = re.split(r"[.;!?。；！？\n]", before)[-1] + re.split(r"[.;!?。；！？\n]", text[quantity.end:quantity.end + 80])[0]
    if _MINIMUM_WORDS.search(clause) or _OR_A_SHARE.match(text, quantity.end) or not _FEE_WORDS.search(clause):
        return None
    fact = own[0]
    return f"is only the minimum of {fact.key}, which is '{fact.value}': the copy states the minimum as the fee itself"


def _for_what_it_does_not_cover(ctx, own, after) -> str | None:
    if ctx.lang != "en" or own[0].quantity.unit != "percent":
        return None  # a rate's scope; "$2,000,000 for issue ages 18 to 60" says whom, not what for
    said = _APPLIES_TO.match(after)
    if not said:
        return None
    target = said.group(1)
    owners = {s.key for s in own}
    covered = " ".join(s.value + " " + s.key.replace("_", " ") for s in own)
    for key, value in ctx.product.facts.items():
        if key in owners:
            continue
        words = [w for w in key.casefold().split("_") if w not in _UNIT_WORDS and len(w) > 2]
        if len(words) < 2:
            continue  # one word ("purchase", "late") is too loose a name to hold copy to
        phrase = " ".join(words)
        if target.startswith(phrase) and phrase not in covered and phrase.removesuffix("s") not in covered:
            fact = own[0]
            return (f"is written for {target.strip()}, but the facts give it for {fact.key} ('{fact.value}'); "
                    f"{key} is '{value}'")
    return None


def _one_category_as_everything(ctx, own, before, after) -> str | None:
    if ctx.lang == "zh":
        clause = re.split(r"[，,。！？；;\n]", before)[-1]
        if not _EVERYTHING_ZH.search(clause):
            return None
        restricted = [s for s in own if _CATEGORY_ZH.search(s.context)]
    else:
        if not _EVERYTHING_EN.search(re.split(r"[.;!?\n]", after)[0]):
            return None
        restricted = [s for s in own if _CATEGORY_EN.search(s.context)]
    if not restricted or len(restricted) < len(own):
        return None
    fact = restricted[0]
    return f"is stated for all spending, but {fact.key} gives it for one category only: '{fact.value}'"


def _a_fee_there_is_none_of(ctx, unnamed, quantity) -> str | None:
    if quantity.unit not in ("money", "percent"):
        return None
    nones = ctx.product_view.derived("none_facts", none_facts)
    if not nones:
        return None
    if ctx.lang == "zh":
        near = unnamed[max(0, quantity.start - 8):quantity.start]
        near = re.split(r"[，,。！？；;：:\n]", near)[-1]
        for key, words in nones:
            if any(near.endswith(w) or near.endswith(w + "仅") or near.endswith(w + "只需") for w in words):
                return f"is given as {key}, but the facts say: '{ctx.product.facts[key]}'"
        return None
    beside = _labels_beside(ctx, unnamed, quantity)
    for key, words in nones:
        if words <= beside:
            return f"is given as {key.replace('_', ' ')}, but the facts say {key} is '{ctx.product.facts[key]}'"
    return None


# "Open Savings with just $10", "open yours with $25": the figure is what it takes to open.
_OPEN_WITH = re.compile(r"\bopen(?:ing)?\b[^.;:!?\d]{0,40}\bwith\s+(?:just|only|as little as|a)?\s*$")
_OPENING_FACT = re.compile(r"(?:min\w*_)?open|opening_deposit|min(?:imum)?_deposit")
_OPENING_VALUE = re.compile(r"to open|minimum (?:opening )?deposit|opening deposit")


def _another_figure_as_the_opening_deposit(ctx, unnamed, quantity, own) -> str | None:
    before = re.sub(r"\s{2,}", " ", unnamed[max(0, quantity.start - 120):quantity.start])  # the name blanked
    if not _OPEN_WITH.search(before):
        return None
    start, _ = ctx.norm.to_original(quantity.start, quantity.end)
    if not re.search(r"\bopen", ctx.text[ctx.text.rfind("\n", 0, start) + 1:start], re.IGNORECASE):
        return None  # "open" ends another line (a push's title "$100 to open", then its body)
    opening = [(key, value) for key, value in ctx.product.facts.items()
               if _OPENING_FACT.search(key.casefold()) or _OPENING_VALUE.search(value.casefold())]
    if not opening or any(s.key in dict(opening) for s in own):
        return None
    key, value = opening[0]
    return f"is stated as what it takes to open, but the facts give it as {own[0].key} ('{own[0].value}'); {key} is '{value}'"


_FIRST_WORD = re.compile(r"^\s*([a-z][a-z-]+)")
_NAMING_WORDS = {"interest", "apr", "apy", "intro", "variable", "fixed", "cash", "points", "bonus", "yield"}


def _word_after(text: str, quantity: Quantity) -> str:
    match = _FIRST_WORD.match(text[quantity.end:quantity.end + 20])
    return match.group(1) if match and match.group(1) in _NAMING_WORDS else ""


def _swapped_with_its_neighbour(ctx, quantity, own, grouped) -> str | None:
    """Two figures of one fact swapped: "6.284% interest rate / 6.125% APR" when the fact reads
    "6.125% interest rate / 6.284% APR" (the word right after each figure names it)."""
    if ctx.lang != "en" or quantity.unit != "percent":
        return None
    said = _word_after(ctx.norm.text, quantity)
    if not said or any(s.named_as == said for s in own):
        return None
    owners = {s.key for s in own}
    for other in _every(grouped):
        if (other.key in owners and other.named_as == said and other.quantity.unit == quantity.unit
                and not same_quantity(other.quantity, quantity)):
            return (f"is called '{said}', but in {other.key} ('{other.value}') the {said} figure is "
                    f"'{other.quantity.text.strip()}'")
    return None


# Varieties a product prices apart; a figure the facts give for one is not the other's.
_VARIETIES = (
    {"new vehicles": re.compile(r"\bnew[- ](?:vehicle|car|auto)s?\b|\(new\)|(?<!二手)新车"),
     "used vehicles": re.compile(r"\b(?:used|pre-owned|preowned)[- ](?:vehicle|car|auto|truck)s?\b|\(used\)|二手车")},
    {"新能源车": re.compile(r"新能源"), "燃油车": re.compile(r"燃油")},
    {"首套": re.compile(r"首套"), "二套": re.compile(r"二套|第二套")},
    {"轻症": re.compile(r"轻症"), "中症": re.compile(r"中症"), "重疾": re.compile(r"重症|重疾|重大疾病")},
)
_ANY_VARIETY = re.compile("|".join(pattern.pattern for group in _VARIETIES for pattern in group.values()))
# Normalized text joins lines with a space, so bullets and (in Chinese) spaces end a clause too.
_CLAUSE_CUT = {"en": re.compile(r"[.;!,\n▍•·●■◆▪]|\b(?:and|but|while|or)\b"), "zh": re.compile(r"[，,。；;！!？?、\s▍•·●■◆▪]")}


def _nearest_variety(before: str, after: str) -> set[str]:
    """The variety named nearest a figure: the last one before it in its clause, else the first after."""
    found = [(m.end(), name) for group in _VARIETIES for name, pattern in group.items() for m in pattern.finditer(before)]
    if found:
        return {max(found)[1]}
    found = [(m.start(), name) for group in _VARIETIES for name, pattern in group.items() for m in pattern.finditer(after)]
    return {min(found)[1]} if found else set()


def _around(text: str, quantity: Quantity, cut: re.Pattern, previous_end: int) -> tuple[str, str]:
    """The figure's clause, before it (back to the figure before) and after it (up to the next)."""
    before = cut.split(text[max(previous_end, quantity.start - 60):quantity.start])[-1]
    after = re.split(r"\d", cut.split(text[quantity.end:quantity.end + 40])[0])[0]
    return before, after


def _fact_varieties(key: str, value: str, q: Quantity, lang: str, previous_end: int) -> frozenset[str]:
    """The variety a fact gives its figure for, else the one its key names ("新车最低15%，二手车最低30%":
    15% is the new cars'; new_vehicle_apr: "as low as 5.74% APR")."""
    before, after = _around(value, q, _CLAUSE_CUT[lang], previous_end)
    named = _nearest_variety(before, after) or _nearest_variety(key.replace("_", " "), "")
    if not named:
        # A worked example names its variety once ("A $30,000 new-vehicle loan … at 5.49% APR").
        anywhere = {name for group in _VARIETIES for name, pattern in group.items() if pattern.search(value)}
        named = anywhere if len(anywhere) == 1 else set()
    return frozenset(named)


def _for_another_variety(ctx, quantity, own) -> str | None:
    if quantity.unit not in ("percent", "money") or not any(s.varieties for s in own):
        return None
    if "_names_a_variety" not in ctx.__dict__:  # one search per check, not one per figure
        ctx.__dict__["_names_a_variety"] = bool(_ANY_VARIETY.search(ctx.norm.text))
    if not ctx.__dict__["_names_a_variety"]:
        return None
    earlier = [q.end for q in ctx.quantities if q.end <= quantity.start]
    said = _nearest_variety(*_around(ctx.norm.text, quantity, _CLAUSE_CUT[ctx.lang], earlier[-1] if earlier else 0))
    if not said:
        return None
    for statement in own:
        if not statement.varieties and _is_example(statement.key):
            continue  # a worked example at the 首套 rate that does not say so gives it for no other variety
        if not statement.varieties or said <= statement.varieties:
            return None  # a fact that gives the figure for what the copy says (or for no variety)
    given = own[0].varieties
    return f"is stated for {', '.join(sorted(said))}, but {own[0].key} gives it for {', '.join(sorted(given))}: '{own[0].value}'"


def _swapped_in_its_fact(ctx, unnamed, quantity, own, grouped) -> str | None:
    """Two figures of one English fact swapped by their words: "$1,500 in direct deposits … or keep
    $500 daily" when the fact reads "$500 in monthly direct deposits or a $1,500 minimum daily
    balance" (the binder forgives a word the same fact uses for its other figure)."""
    if ctx.lang != "en" or quantity.unit not in ("money", "percent"):
        return None
    beside = _labels_beside(ctx, unnamed, quantity)
    own_labels = set().union(*(s.labels for s in own))
    if not beside or not own_labels or beside & own_labels or any(s.role != "plain" for s in own):
        return None  # unnamed in its fact, or one end of a range (both ends share the range's words)
    owners = {s.key for s in own if not s.key.startswith("disclosure_") and not _is_example(s.key)}
    key_words = {_stem(w) for key in owners for w in key.casefold().split("_")}  # minimum_down_payment: "down"
    for sibling in _every(grouped):
        if (sibling.key not in owners or sibling.quantity.unit != quantity.unit or sibling.role != "plain"
                or same_quantity(sibling.quantity, quantity)):
            continue
        telling = (sibling.labels - own_labels - key_words) & beside
        if telling:
            return (f"is beside '{', '.join(sorted(telling))}', which {sibling.key} says of "
                    f"'{sibling.quantity.text.strip()}': '{sibling.value}'")
    return None


def _in_another_facts_sentence(ctx, unnamed, quantity, own, grouped) -> str | None:
    """A Chinese figure named in words two facts share, in a sentence about the other fact:
    "12期每期手续费率0.60%，折合年化利率约18.25%" when 18.25% is the 透支利息's 折合年化 and the
    instalments' is 13.03% (the sentence's 0.60% says whose 折合年化 it is)."""
    if ctx.lang != "zh" or quantity.unit not in ("percent", "money"):
        return None
    owners = {s.key for s in own if not s.key.startswith("disclosure_")}
    if not owners:
        return None
    beside = _labels_beside(ctx, unnamed, quantity)
    if not beside:
        return None
    # the copy's own figures in its line (their offsets are the copy's, as quantity's are)
    line = _line_around(ctx.norm.text, quantity.start, quantity.end)
    line_start = ctx.norm.text.rfind(line, 0, quantity.start + len(line))
    sentence = [q for q in ctx.quantities if line_start <= q.start and q.end <= line_start + len(line)
                and not is_count(q) and q.unit != "date" and not same_quantity(q, quantity)]
    holders = lambda q: {s.key for s in stating(grouped, q)}  # noqa: E731
    if any(holders(q) & owners for q in sentence):
        return None  # the sentence states its own fact's other figures too
    for q in sentence:
        if not (0 <= quantity.start - q.end <= 30):
            continue  # the figure just before it, in its own sentence, says whose it is
        others = {k for k in holders(q) if not k.startswith("disclosure_") and not _is_example(k)}
        if not others or others & owners:
            continue
        for other in _every(grouped):
            if (other.key in others and other.quantity.unit == quantity.unit and other.labels & beside
                    and not same_quantity(other.quantity, quantity)
                    and not any(same_quantity(other.quantity, s) for s in sentence)):  # both stated: a list
                return (f"is {', '.join(sorted(owners))}'s figure, but the sentence is about {other.key} "
                        f"('{q.text.strip()}'), whose figure is '{other.quantity.text.strip()}': '{other.value}'")
    return None
