"""What segments care about (assets/catalog/needs.json) and which product facts answer it."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from functools import lru_cache

from copydesk import resources


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    path = resources.assets_dir() / "catalog" / "needs.json"
    return json.loads(path.read_text(encoding="utf-8"))


def known_needs() -> set[str]:
    return set(_vocabulary()["needs"])


def need_label(need: str, lang: str) -> str:
    """The need as people read it ('low fees', '费用低')."""
    return _vocabulary()["needs"].get(need, {}).get(lang, need.replace("_", " "))


def default_needs(kind: str) -> tuple[str, ...]:
    """The needs assumed for a product kind when a segment names none."""
    return tuple(_vocabulary()["default_for"].get(kind, ()))


def need_for_kind(need: str, kind: str) -> str:
    """What a segment's need means for this kind of product ('predictable payments', asked of a
    deposit, is a rate that stays fixed)."""
    return _vocabulary()["needs"].get(need, {}).get("becomes", {}).get(kind, need)


def facts_for_need(need: str, facts: dict[str, str], kind: str) -> list[str]:
    """The fact keys (of `facts`, key -> value, in the catalog's order) that answer a need for a
    product of this kind. A need may hold only for some kinds (a mortgage's interest rate does
    not grow anyone's savings) and a fact may answer it only by its value (a rate type answers
    "predictable payments" when it is fixed; a minimum means "starting small" when it is small)."""
    entry = _vocabulary()["needs"].get(need, {})
    if entry.get("kinds") and kind not in entry["kinds"]:
        return []
    return [key for key, value in facts.items() if any(_answers(rule, key, value) for rule in entry.get("facts", ()))]


def _answers(rule, key: str, value: str) -> bool:
    if isinstance(rule, str):
        return fnmatch(key, rule)
    if not fnmatch(key, rule["key"]):
        return False
    folded = value.casefold()
    if "value_has" in rule and not any(word in folded for word in rule["value_has"]):
        return False
    if "at_most" in rule:
        amount = _first_amount(value)
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", value) else "en"
        return amount is not None and amount <= rule["at_most"][lang]
    return True


def _first_amount(value: str) -> float | None:
    """The first amount a fact states ("$1,000" -> 1000, "20万元" -> 200000), None without one."""
    from copydesk.rules.normalize import normalize
    from copydesk.rules.quantities import extract_quantities

    quantities = extract_quantities(normalize(value).text)
    return quantities[0].value if quantities else None


def may_lead(key: str, value: str) -> bool:
    """Whether a draft may lead with this fact: not a cost, penalty or condition, and a fee only
    when it is zero, waived or discounted (a headline of "late fee up to $41" sells nothing)."""
    vocabulary = _vocabulary()
    if any(fnmatch(key, p) for p in vocabulary["never_lead"]["patterns"]):
        return False
    cost = vocabulary["cost_facts"]
    if any(fnmatch(key, p) for p in cost["patterns"]):
        lowered = value.casefold()
        return any(word in lowered for word in cost["zero_words"])
    return True
