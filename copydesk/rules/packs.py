"""Rule packs: TOML data files that admins can read and extend.

A pack holds four kinds of rule, each a TOML array of tables:

* `[[rule]]`       phrases and/or regex patterns with exceptions (guarantee, superlative,
                   pressure, fair_lending ...), matched on the normalized text;
* `[[disclosure]]` trigger patterns and the essential elements a disclosure must carry;
* `[[claim]]`      term claims ("no annual fee", "lifetime") that a product fact must back;
* `[[concept]]`    meaning as synonym sets and frames that combine them (rules/concepts.py).

Every rule carries examples that must flag and must pass; `copydesk rules test` runs them.
A broken pack raises PackError("file:line: reason"); loading a set of packs keeps the
previous valid version of a broken pack in force (see `load_rule_set`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk.catalog import CHANNELS, LANGUAGES, PRODUCT_KINDS
from copydesk.rules.findings import CATEGORIES
from copydesk.rules.pattern_safety import unsafe_reason

SEVERITIES = ("warn", "block")
REGEX_FLAGS = re.IGNORECASE | re.MULTILINE


class PackError(ValueError):
    """A pack that cannot be used; the message is 'file:line: reason'."""


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (flag=True) or must leave alone, with optional product context."""

    text: str
    flag: bool
    kind: str | None = None
    channel: str = "email"
    facts: tuple[tuple[str, str], ...] = ()
    disclosures: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleBase:
    id: str
    category: str
    severity: str
    languages: frozenset[str]
    kinds: frozenset[str] | None  # None: every product kind
    channels: frozenset[str] | None  # None: every channel
    citation: str
    message: str
    suggestion: str
    examples: tuple[Example, ...]
    pack: str
    line: int

    def applies(self, lang: str, kind: str | None, channel: str | None) -> bool:
        """Whether the rule is in force for this language, product kind and channel."""
        return (
            lang in self.languages
            and (self.kinds is None or kind is None or kind in self.kinds)
            and (self.channels is None or channel is None or channel in self.channels)
        )


@dataclass(frozen=True)
class PhraseRule(RuleBase):
    phrases: tuple[str, ...] = ()  # as written in the pack; "word*" also matches longer words
    patterns: tuple[re.Pattern, ...] = ()
    exceptions: tuple[re.Pattern, ...] = ()  # a match overlapping the hit clears it
    sentence_exceptions: tuple[re.Pattern, ...] = ()  # a match anywhere in the hit's sentence clears it
    negatable: bool = False  # a negation just before the match ("not", "不") clears it
    fact_exempt: bool = False  # wording that a product fact itself uses is not a claim
    pinyin: bool = False  # also match pinyin spellings of the Chinese phrases
    fix: str | None = None  # safe replacement for the matched text ("" deletes it)


@dataclass(frozen=True)
class Element:
    """One essential element of a disclosure: any pattern (min times), or a fact's own text."""

    name: str
    patterns: tuple[re.Pattern, ...] = ()
    min_count: int = 1
    fact: str | None = None


@dataclass(frozen=True)
class DisclosureRule(RuleBase):
    triggers: tuple[re.Pattern, ...] = ()  # empty: the elements are always required
    trigger_exceptions: tuple[re.Pattern, ...] = ()
    requires: tuple[Element, ...] = ()
    when_disclosure: re.Pattern | None = None  # only if the catalog disclosures match this


@dataclass(frozen=True)
class ClaimRule(RuleBase):
    claims: tuple[re.Pattern, ...] = ()
    requires_fact: tuple[re.Pattern, ...] = ()  # any of these must match a fact "key: value" line
    verbatim: bool = False  # the claimed words themselves must stand in a fact (e.g. 免申购费)
    negatable: bool = False  # a negation just before the claim clears it (不得用于购房 claims no such use)


@dataclass(frozen=True)
class ConceptRule(RuleBase):
    """Meaning as a small grammar: synonym sets, and frames that combine them in one sentence."""

    sets: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)  # name -> words ("word*": longer words too)
    frames: tuple[tuple[str, ...], ...] = ()  # each: set names in order
    window: int = 40  # most characters between one part of a frame and the next
    sentence_exceptions: tuple[re.Pattern, ...] = ()  # a match in the sentence clears it
    negatable: bool = False  # a negation just before the frame clears it


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    description: str
    path: str
    rules: tuple[PhraseRule, ...] = ()
    disclosures: tuple[DisclosureRule, ...] = ()
    claims: tuple[ClaimRule, ...] = ()
    negations: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)
    concepts: tuple[ConceptRule, ...] = ()

    @property
    def all_rules(self) -> tuple[RuleBase, ...]:
        return (*self.rules, *self.disclosures, *self.claims, *self.concepts)


# --------------------------------------------------------------------------- parsing


class _Reader:
    """Reads one pack file, turning every problem into 'file:line: reason'."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, rule_id: str | None, table: str) -> int:
        """Best line for a message: the rule's `id = ...` line, else its table header."""
        if rule_id:
            needle = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(rule_id) + r"[\"']")
            for number, line in enumerate(self.lines, 1):
                if needle.search(line):
                    return number
        for number, line in enumerate(self.lines, 1):
            if line.strip() == f"[[{table}]]":
                return number
        return 1

    def fail(self, line: int, reason: str) -> PackError:
        return PackError(f"{self.path}:{line}: {reason}")


def _strings(reader, line, item, key, *, required=False, allowed=None) -> tuple[str, ...]:
    value = item.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise reader.fail(line, f"{key} must be a list of non-empty strings")
    if required and not value:
        raise reader.fail(line, f"{key} is required")
    if allowed is not None:
        for v in value:
            if v not in allowed:
                raise reader.fail(line, f"{key}: {v!r} is not one of {', '.join(allowed)}")
    return tuple(value)


def _compile(reader, line, key, source: str) -> re.Pattern:
    """One pack pattern, refused when it is malformed or could stall a check (pattern_safety)."""
    shown = source if len(source) <= 80 else source[:77] + "..."
    try:
        pattern = re.compile(source, REGEX_FLAGS)
    except (re.error, OverflowError, RecursionError) as exc:
        raise reader.fail(line, f"{key}: bad regular expression {shown!r}: {exc}") from exc
    unsafe = unsafe_reason(pattern)
    if unsafe:
        raise reader.fail(line, f"{key}: unsafe regular expression {shown!r}: {unsafe}")
    return pattern


def _regexes(reader, line, item, key) -> tuple[re.Pattern, ...]:
    return tuple(_compile(reader, line, key, source) for source in _strings(reader, line, item, key))


def _text(reader, line, item, key, required=True) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise reader.fail(line, f"{key} is required (non-empty text)")
    return value


def _examples(reader, line, item) -> tuple[Example, ...]:
    table = item.get("examples", {})
    if not isinstance(table, dict):
        raise reader.fail(line, "examples must be a table with flag = [...] and pass = [...]")
    examples = []
    for verdict, flag in (("flag", True), ("pass", False)):
        for entry in table.get(verdict, []):
            if isinstance(entry, str):
                examples.append(Example(entry, flag))
            elif isinstance(entry, dict) and isinstance(entry.get("text"), str):
                kind = entry.get("kind")
                if kind is not None and kind not in PRODUCT_KINDS:
                    raise reader.fail(line, f"examples.{verdict}: kind {kind!r} is not one of {', '.join(PRODUCT_KINDS)}")
                facts = entry.get("facts", {})
                examples.append(
                    Example(
                        entry["text"],
                        flag,
                        kind,
                        entry.get("channel", "email"),
                        tuple((str(k), str(v)) for k, v in facts.items()),
                        tuple(entry.get("disclosures", [])),
                    )
                )
            else:
                raise reader.fail(line, f"examples.{verdict} entries must be strings or tables with text")
    if not any(e.flag for e in examples) or not any(not e.flag for e in examples):
        raise reader.fail(line, "every rule needs examples: at least one that must flag and one that must pass")
    return tuple(examples)


def _base(reader, table, item, pack_id, default_langs, seen_ids, *, category=None, severity=None) -> dict:
    if not isinstance(item, dict):
        raise reader.fail(reader.line_of(None, table), f"each [[{table}]] must be a table")
    rule_id = item.get("id")
    line = reader.line_of(rule_id if isinstance(rule_id, str) else None, table)
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_-]+)+", rule_id):
        raise reader.fail(line, f"id must be a dotted lower-case name like 'en.guarantee.approval', got {rule_id!r}")
    if rule_id in seen_ids:
        raise reader.fail(line, f"duplicate rule id {rule_id!r}")
    seen_ids.add(rule_id)
    category = category or item.get("category")
    if category not in CATEGORIES:
        raise reader.fail(line, f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    severity = severity or item.get("severity")
    if severity not in SEVERITIES:
        raise reader.fail(line, f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    languages = _strings(reader, line, item, "languages", allowed=LANGUAGES) or default_langs
    if not languages:
        raise reader.fail(line, "languages is required (or set [pack] lang)")
    kinds = _strings(reader, line, item, "kinds", allowed=PRODUCT_KINDS)
    channels = _strings(reader, line, item, "channels", allowed=tuple(CHANNELS))
    return dict(
        id=rule_id,
        category=category,
        severity=severity,
        languages=frozenset(languages),
        kinds=frozenset(kinds) if kinds else None,
        channels=frozenset(channels) if channels else None,
        citation=_text(reader, line, item, "citation"),
        message=_text(reader, line, item, "message"),
        suggestion=_text(reader, line, item, "suggestion", required=False),
        examples=_examples(reader, line, item),
        pack=pack_id,
        line=line,
    )


_RULE_KEYS = {"id", "category", "severity", "languages", "kinds", "channels", "citation", "message", "suggestion", "examples"}


def _check_keys(reader, line, item, table, extra):
    unknown = set(item) - _RULE_KEYS - extra
    if unknown:
        raise reader.fail(line, f"unknown key(s) in [[{table}]]: {', '.join(sorted(unknown))}")


def _phrase_rule(reader, item, pack_id, langs, seen) -> PhraseRule:
    base = _base(reader, "rule", item, pack_id, langs, seen)
    line = base["line"]
    _check_keys(reader, line, item, "rule", {"phrases", "patterns", "exceptions", "sentence_exceptions", "negatable", "fact_exempt", "pinyin", "fix"})
    phrases = _strings(reader, line, item, "phrases")
    patterns = _regexes(reader, line, item, "patterns")
    if not phrases and not patterns:
        raise reader.fail(line, "a [[rule]] needs phrases or patterns")
    fix = item.get("fix")
    if fix is not None and not isinstance(fix, str):
        raise reader.fail(line, "fix must be text (the safe replacement)")
    return PhraseRule(
        **base,
        phrases=phrases,
        patterns=patterns,
        exceptions=_regexes(reader, line, item, "exceptions"),
        sentence_exceptions=_regexes(reader, line, item, "sentence_exceptions"),
        negatable=bool(item.get("negatable", False)),
        fact_exempt=bool(item.get("fact_exempt", False)),
        pinyin=bool(item.get("pinyin", False)),
        fix=fix,
    )


def _disclosure_rule(reader, item, pack_id, langs, seen) -> DisclosureRule:
    base = _base(reader, "disclosure", item, pack_id, langs, seen, category="missing_disclosure", severity="block")
    line = base["line"]
    _check_keys(reader, line, item, "disclosure", {"triggers", "trigger_exceptions", "requires", "when_disclosure"})
    requires = []
    for index, element in enumerate(item.get("requires", [])):
        if not isinstance(element, dict) or not isinstance(element.get("name"), str):
            raise reader.fail(line, f"requires[{index}] must be a table with a name")
        patterns = _regexes(reader, line, element, "any")
        fact = element.get("fact")
        if not patterns and not fact:
            raise reader.fail(line, f"requires[{index}] ({element['name']}) needs any = [...] patterns or fact = NAME")
        least = element.get("min", 1)
        if not isinstance(least, int) or isinstance(least, bool) or not 1 <= least <= 100:
            raise reader.fail(line, f"requires[{index}] ({element['name']}): min must be a whole number from 1 to 100, got {least!r}")
        requires.append(Element(element["name"], patterns, least, fact))
    if not requires:
        raise reader.fail(line, "a [[disclosure]] needs requires = [{name = ..., any = [...]}]")
    when = item.get("when_disclosure")
    if when is not None and not isinstance(when, str):
        raise reader.fail(line, "when_disclosure must be one regular expression (text)")
    when_pattern = _compile(reader, line, "when_disclosure", when) if when else None
    return DisclosureRule(
        **base,
        triggers=_regexes(reader, line, item, "triggers"),
        trigger_exceptions=_regexes(reader, line, item, "trigger_exceptions"),
        requires=tuple(requires),
        when_disclosure=when_pattern,
    )


def _claim_rule(reader, item, pack_id, langs, seen) -> ClaimRule:
    base = _base(reader, "claim", item, pack_id, langs, seen, category="ungrounded_claim", severity="block")
    line = base["line"]
    _check_keys(reader, line, item, "claim", {"claims", "requires_fact", "verbatim", "negatable"})
    claims = _regexes(reader, line, item, "claims")
    requires_fact = _regexes(reader, line, item, "requires_fact")
    if not claims or not requires_fact:
        raise reader.fail(line, "a [[claim]] needs claims = [...] and requires_fact = [...]")
    return ClaimRule(**base, claims=claims, requires_fact=requires_fact, verbatim=bool(item.get("verbatim", False)),
                     negatable=bool(item.get("negatable", False)))


def _concept_rule(reader, item, pack_id, langs, seen) -> ConceptRule:
    base = _base(reader, "concept", item, pack_id, langs, seen)
    line = base["line"]
    _check_keys(reader, line, item, "concept", {"sets", "frames", "window", "sentence_exceptions", "negatable"})
    sets = item.get("sets")
    if not isinstance(sets, dict) or not sets:
        raise reader.fail(line, "a [[concept]] needs sets.NAME = [words...] (at least one set)")
    words = {}
    for name, values in sets.items():
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise reader.fail(line, f"sets.{name}: a set name is lower-case letters, digits and _")
        words[name] = _strings(reader, line, sets, name, required=True)
    frames = item.get("frames")
    if not isinstance(frames, list) or not frames:
        raise reader.fail(line, 'a [[concept]] needs frames = [["set", "set"], ...]')
    parsed_frames = []
    for index, frame in enumerate(frames):
        if not isinstance(frame, list) or not 1 <= len(frame) <= 4 or not all(isinstance(p, str) for p in frame):
            raise reader.fail(line, f"frames[{index}] must be a list of 1 to 4 set names")
        unknown = [p for p in frame if p not in words]
        if unknown:
            raise reader.fail(line, f"frames[{index}] names {', '.join(unknown)}, which is not among sets ({', '.join(words)})")
        parsed_frames.append(tuple(frame))
    window = item.get("window", 40)
    if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= 200:
        raise reader.fail(line, f"window must be a whole number of characters from 0 to 200, got {window!r}")
    return ConceptRule(**base, sets=words, frames=tuple(parsed_frames), window=window,
                       sentence_exceptions=_regexes(reader, line, item, "sentence_exceptions"),
                       negatable=bool(item.get("negatable", False)))


def load_pack(path: str | Path) -> Pack:
    """Parse and validate one pack file; raise PackError('file:line: reason')."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}:1: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise PackError(f"{path}:1: cannot read the file: {exc.strerror or exc}") from exc
    reader = _Reader(path, text)
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        raise reader.fail(int(match.group(1)) if match else 1, f"invalid TOML: {exc}") from exc
    header = data.get("pack")
    if not isinstance(header, dict) or not isinstance(header.get("id"), str) or not isinstance(header.get("version"), str):
        raise reader.fail(1, "missing [pack] table with id = \"...\" and version = \"...\"")
    unknown = set(data) - {"pack", "rule", "disclosure", "claim", "negation", "concept"}
    if unknown:
        raise reader.fail(1, f"unknown top-level table(s): {', '.join(sorted(unknown))}")
    pack_id = header["id"]
    langs = tuple(header.get("lang", [])) if isinstance(header.get("lang"), list) else ((header["lang"],) if "lang" in header else ())
    seen: set[str] = set()
    rules = tuple(_phrase_rule(reader, item, pack_id, langs, seen) for item in data.get("rule", []))
    disclosures = tuple(_disclosure_rule(reader, item, pack_id, langs, seen) for item in data.get("disclosure", []))
    claims = tuple(_claim_rule(reader, item, pack_id, langs, seen) for item in data.get("claim", []))
    concepts = tuple(_concept_rule(reader, item, pack_id, langs, seen) for item in data.get("concept", []))
    negations = {}
    for lang, patterns in (data.get("negation") or {}).items():
        negations[lang] = _regexes(reader, reader.line_of(None, "negation"), {"p": patterns}, "p")
    return Pack(pack_id, header["version"], str(header.get("description", "")), str(path), rules, disclosures, claims,
                negations, concepts)


@dataclass(frozen=True)
class RuleSet:
    """The packs in force, and the problems met loading them."""

    packs: tuple[Pack, ...]
    errors: tuple[str, ...] = ()

    @property
    def versions(self) -> dict[str, str]:
        """pack id -> version, frozen into every approval."""
        return {p.id: p.version for p in self.packs}


def pack_files(folders: list[Path]) -> list[Path]:
    """The *.toml packs in these folders, in load order (folder order, then name)."""
    files = []
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.toml")))
    return files


def load_rule_set(files: list[Path], previous: RuleSet | None = None) -> RuleSet:
    """Load packs; a broken one is reported and its previous valid version (if any) kept."""
    previous_by_path = {p.path: p for p in previous.packs} if previous else {}
    packs: list[Pack] = []
    errors: list[str] = []
    ids: dict[str, str] = {}
    for path in files:
        try:
            pack = load_pack(path)
            for rule in pack.all_rules:
                if rule.id in ids:
                    raise PackError(f"{path}:{rule.line}: rule id {rule.id!r} is already defined in {ids[rule.id]}")
            if any(p.id == pack.id for p in packs):
                raise PackError(f"{path}:1: pack id {pack.id!r} is already loaded from another file")
        except PackError as exc:
            errors.append(str(exc))
            pack = previous_by_path.get(str(path))
            if pack is None:
                continue
            errors.append(f"{path}: keeping the previously loaded version {pack.version} in force")
        for rule in pack.all_rules:
            ids[rule.id] = str(path)
        packs.append(pack)
    return RuleSet(tuple(packs), tuple(errors))
