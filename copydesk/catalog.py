"""The product catalog: load and validate catalog JSON into typed, immutable objects.

A catalog is all or nothing: every problem is collected with its file and JSON path
(e.g. `products[3].kind`) before anything is returned, so nothing is ever half-loaded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from copydesk.needs import known_needs

PRODUCT_KINDS = (
    "credit_card",
    "personal_loan",
    "mortgage",
    "auto_loan",
    "savings",
    "term_deposit",
    "checking",
    "investment_fund",
    "wealth_management",
    "insurance",
)
CREDIT_KINDS = frozenset({"credit_card", "personal_loan", "mortgage", "auto_loan"})
DEPOSIT_KINDS = frozenset({"savings", "term_deposit", "checking"})
INVESTMENT_KINDS = frozenset({"investment_fund", "wealth_management"})
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Channel:
    """A place copy runs; `limit` is the most code points it may have (None: no limit)."""

    id: str
    name: str
    limit: int | None


CHANNELS: Mapping[str, Channel] = MappingProxyType(
    {
        "email": Channel("email", "Email", None),
        "sms": Channel("sms", "SMS", 160),
        "social": Channel("social", "Social post", None),
        "banner": Channel("banner", "Banner", 60),
        "push": Channel("push", "Push notification", 120),
        "wechat": Channel("wechat", "WeChat", None),
    }
)


def copy_length(text: str) -> int:
    """Length as the channel limits count it: Unicode code points of the text as written."""
    return len(text)


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    kind: str
    lang: str
    facts: Mapping[str, str]
    disclosures: tuple[str, ...]

    @property
    def is_credit(self) -> bool:
        return self.kind in CREDIT_KINDS


@dataclass(frozen=True)
class Restriction:
    """What may not be offered to a segment: product kinds, or offers named by terms (取现,
    "balance transfer"), with the bank's own wording of the restriction quoted in findings."""

    reason: str
    kinds: frozenset[str] = frozenset()
    terms: tuple[str, ...] = ()
    citation: str = ""


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    description: str
    lang: str
    needs: tuple[str, ...] = ()  # ids from assets/catalog/needs.json; empty: defaults by product kind
    restrictions: tuple[Restriction, ...] = ()

    def restriction_on(self, kind: str) -> Restriction | None:
        """The restriction that rules out offering this product kind to the segment, if any."""
        return next((r for r in self.restrictions if kind in r.kinds), None)


@dataclass(frozen=True)
class Catalog:
    products: tuple[Product, ...]
    segments: tuple[Segment, ...]
    source: str  # the file it came from, for messages
    sha256: str  # hash of the file's bytes, frozen into every approval

    def product(self, product_id: str) -> Product:
        """The product with this id, or a CatalogLookupError listing the known ids."""
        for product in self.products:
            if product.id == product_id:
                return product
        known = ", ".join(p.id for p in self.products)
        raise CatalogLookupError(f"unknown product id {product_id!r} in {self.source}; known ids: {known}")

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id, or a CatalogLookupError listing the known ids."""
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        known = ", ".join(s.id for s in self.segments)
        raise CatalogLookupError(f"unknown segment id {segment_id!r} in {self.source}; known ids: {known}")


class CatalogError(ValueError):
    """A catalog file that cannot be used; `problems` lists every 'file: path: reason'."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: invalid catalog ({len(problems)} problem{'s' * (len(problems) != 1)}):\n{shown}")


class CatalogLookupError(KeyError):
    """An id that is not in the catalog."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; raise CatalogError naming every problem."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(source, [f"cannot read the file: {exc.strerror or exc}"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(source, [f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8"]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) else ""
        raise CatalogError(source, [f"{where}: invalid JSON: {exc.msg}{hint}"]) from exc
    except RecursionError:
        raise CatalogError(source, ["the JSON is nested too deeply to be a catalog (arrays or objects inside each other "
                                    "thousands of levels down); export the catalog again"]) from None
    return parse_catalog(data, source=source, sha256=hashlib.sha256(raw).hexdigest())


def parse_catalog(data: Any, *, source: str = "<catalog>", sha256: str = "") -> Catalog:
    """Validate already-decoded catalog JSON; raise CatalogError naming every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CatalogError(source, [f"$: expected an object with \"products\" and \"segments\", got {_kind(data)}"])
    for key in sorted(set(data) - {"products", "segments"}):
        problems.append(f"{key}: unknown top-level key; allowed: products, segments")
    products = _parse_list(data, "products", _parse_product, problems)
    segments = _parse_list(data, "segments", _parse_segment, problems)
    _check_unique(products, "products", problems)
    _check_unique(segments, "segments", problems)
    if problems:
        raise CatalogError(source, problems)
    return Catalog(tuple(products), tuple(segments), source, sha256)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _parse_list(data: dict, key: str, parse_item, problems: list[str]) -> list:
    if key not in data:
        problems.append(f"{key}: missing; expected a list")
        return []
    items = data[key]
    if not isinstance(items, list):
        problems.append(f"{key}: expected a list, got {_kind(items)}")
        return []
    if not items:
        problems.append(f"{key}: empty; add at least one")
    parsed = []
    for index, item in enumerate(items):
        result = parse_item(item, f"{key}[{index}]", problems)
        if result is not None:
            parsed.append(result)
    return parsed


def _string_field(item: dict, where: str, key: str, problems: list[str], allowed: tuple[str, ...] = ()) -> str | None:
    if key not in item:
        problems.append(f"{where}.{key}: missing")
        return None
    value = item[key]
    if not isinstance(value, str):
        problems.append(f"{where}.{key}: expected a string, got {_kind(value)} {json.dumps(value, ensure_ascii=False)}")
        return None
    if not value.strip():
        problems.append(f"{where}.{key}: empty")
        return None
    if allowed and value not in allowed:
        problems.append(f"{where}.{key}: {value!r} is not allowed; expected one of: {', '.join(allowed)}")
        return None
    return value


def _unknown_keys(item: dict, where: str, allowed: set[str], problems: list[str]) -> None:
    for key in sorted(set(item) - allowed):
        problems.append(f"{where}.{key}: unknown key; allowed: {', '.join(sorted(allowed))}")


def _parse_product(item: Any, where: str, problems: list[str]) -> Product | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: expected an object, got {_kind(item)}")
        return None
    before = len(problems)
    _unknown_keys(item, where, {"id", "name", "kind", "lang", "facts", "disclosures"}, problems)
    pid = _string_field(item, where, "id", problems)
    name = _string_field(item, where, "name", problems)
    kind = _string_field(item, where, "kind", problems, PRODUCT_KINDS)
    lang = _string_field(item, where, "lang", problems, LANGUAGES)
    facts = item.get("facts")
    if "facts" not in item:
        problems.append(f"{where}.facts: missing; expected an object of fact name -> text")
    elif not isinstance(facts, dict):
        problems.append(f"{where}.facts: expected an object of fact name -> text, got {_kind(facts)}")
    elif not facts:
        problems.append(f"{where}.facts: empty; copy may only state what the facts say, so add them")
    else:
        for key, value in facts.items():
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}.facts.{key}: expected non-empty text, got {_kind(value)} {json.dumps(value, ensure_ascii=False)}")
    disclosures = item.get("disclosures", [])
    if not isinstance(disclosures, list):
        problems.append(f"{where}.disclosures: expected a list of strings, got {_kind(disclosures)}")
    else:
        for index, text in enumerate(disclosures):
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}.disclosures[{index}]: expected non-empty text, got {_kind(text)} {json.dumps(text, ensure_ascii=False)}")
    if len(problems) > before:
        return None
    return Product(pid, name, kind, lang, MappingProxyType(dict(facts)), tuple(disclosures))


def _parse_segment(item: Any, where: str, problems: list[str]) -> Segment | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: expected an object, got {_kind(item)}")
        return None
    before = len(problems)
    _unknown_keys(item, where, {"id", "name", "description", "lang", "needs", "restrictions"}, problems)
    sid = _string_field(item, where, "id", problems)
    name = _string_field(item, where, "name", problems)
    description = _string_field(item, where, "description", problems)
    lang = _string_field(item, where, "lang", problems, LANGUAGES)
    needs = _parse_needs(item, where, problems)
    restrictions = _parse_restrictions(item, where, problems)
    if len(problems) > before:
        return None
    return Segment(sid, name, description, lang, needs, restrictions)


def _parse_restrictions(item: dict, where: str, problems: list[str]) -> tuple[Restriction, ...]:
    """A segment's restrictions: [{"reason": ..., "kinds": [...], "terms": [...], "citation": ...}]."""
    entries = item.get("restrictions", [])
    if not isinstance(entries, list):
        problems.append(f"{where}.restrictions: expected a list of objects, got {_kind(entries)}")
        return ()
    restrictions = []
    for index, entry in enumerate(entries):
        at = f"{where}.restrictions[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{at}: expected an object with reason and kinds or terms, got {_kind(entry)}")
            continue
        before = len(problems)
        _unknown_keys(entry, at, {"reason", "kinds", "terms", "citation"}, problems)
        reason = _string_field(entry, at, "reason", problems)
        lists = {}
        for key in ("kinds", "terms"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(f"{at}.{key}: expected a list of non-empty strings, got {_kind(value)}")
                value = []
            lists[key] = value
        for kind in lists["kinds"]:
            if kind not in PRODUCT_KINDS:
                problems.append(f"{at}.kinds: unknown product kind {kind!r}; known: {', '.join(PRODUCT_KINDS)}")
        if not lists["kinds"] and not lists["terms"]:
            problems.append(f"{at}: name the product kinds or the terms this segment may not be offered")
        citation = entry.get("citation", "")
        if not isinstance(citation, str):
            problems.append(f"{at}.citation: expected a string, got {_kind(citation)}")
        if len(problems) == before:
            restrictions.append(Restriction(reason, frozenset(lists["kinds"]), tuple(lists["terms"]), citation))
    return tuple(restrictions)


def _parse_needs(item: dict, where: str, problems: list[str]) -> tuple[str, ...]:
    """A segment's needs: a short list of known need ids (assets/catalog/needs.json)."""
    needs = item.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        problems.append(f"{where}.needs: expected a list of need ids, got {_kind(needs)}")
        return ()
    known = known_needs()
    for index, need in enumerate(needs):
        if need not in known:
            problems.append(f"{where}.needs[{index}]: unknown need {need!r}; known: {', '.join(sorted(known))}")
    if len(needs) > 5:
        problems.append(f"{where}.needs: {len(needs)} needs; name the 1-5 that matter most")
    return tuple(dict.fromkeys(needs))


def _check_unique(items: list, key: str, problems: list[str]) -> None:
    first_index: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first_index:
            problems.append(f"{key}[{index}].id: duplicate id {item.id!r} (first used at {key}[{first_index[item.id]}])")
        else:
            first_index[item.id] = index
