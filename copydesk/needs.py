"""What segments care about (assets/catalog/needs.json) and which product facts answer it."""

from __future__ import annotations

import json
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


def facts_for_need(need: str, fact_keys) -> list[str]:
    """The fact keys that answer a need, in the catalog's order."""
    patterns = _vocabulary()["needs"].get(need, {}).get("facts", ())
    return [key for key in fact_keys if any(fnmatch(key, p) for p in patterns)]


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
