"""The rule engine: compile the packs once, then check any number of texts quickly."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Callable

from copydesk import config, resources
from copydesk.catalog import CHANNELS, Product, Segment
from copydesk.rules.findings import Finding, Report
from copydesk.rules.concepts import ConceptMatcher
from copydesk.rules.matcher import PhraseMatcher
from copydesk.rules.normalize import NormalizedText, normalize
from copydesk.rules.prefilter import AnchoredPatterns
from copydesk.rules.packs import RuleSet, load_rule_set, pack_files


def bundled_rules_dir() -> Path:
    """The rule packs that ship with copydesk."""
    return resources.asset("rules")


def default_pack_files() -> list[Path]:
    """Bundled packs, then the house packs an admin put in the user config folder."""
    return pack_files([bundled_rules_dir(), config.house_rules_dir()])


_SENTENCE_ENDS = ".!?;\n。！？；"


def _name_forms(product: Product) -> tuple[str, ...]:
    name = normalize(product.name).text
    words = name.split()
    forms = [name] + ([" ".join(words[1:])] if len(words) >= 3 else [])
    # "SecureTerm 20" of "Copperleaf SecureTerm 20 Life Insurance": the name up to its number,
    # without the brand or the kind after it, is how copy names it.
    numbered = next((i for i, word in enumerate(words) if i >= 2 and re.search(r"\d", word)), None)
    if numbered is not None:  # (i >= 2: a brand, a name, then the number)
        forms.append(" ".join(words[1:numbered + 1]))
    # 百万医疗险 of 瑞衡康祐百万医疗险, 180天持有期理财 of 稳盈180天持有期理财: a Chinese name from its
    # figure on, without the brand in front, is how copy names it
    figure = re.search(r"[零一二两三四五六七八九十百千万]+(?=[万亿]?[\u4e00-\u9fff]{2})|\d+", name)
    if re.search(r"[\u4e00-\u9fff]", name) and figure and figure.start() >= 2 and len(name) - figure.start() >= 4:
        forms.append(name[figure.start():])
    return tuple(f for f in forms if f)


class EmptyCopyError(ValueError):
    """`check` was given no copy (empty or only whitespace)."""


class ProductView:
    """What the checks derive from one product, computed once and reused for every text."""

    def __init__(self, product: Product):
        self.product = product
        self.facts_text = "\n".join(f"{key.lower()}: {normalize(value).text}" for key, value in product.facts.items())
        self.disclosures_text = "\n".join(normalize(text).text for text in product.disclosures)
        self._derived: dict[str, object] = {}

    def derived(self, name: str, compute):
        """A value a check derives from the product (e.g. its fact quantities), cached by name."""
        if name not in self._derived:
            self._derived[name] = compute(self.product)
        return self._derived[name]


@dataclass
class CheckContext:
    """Everything a check needs about one text; expensive views are computed once, lazily."""

    text: str
    lang: str
    channel: str
    product: Product
    engine: "RuleEngine"
    on: date | None = None  # the date of the check (offer end dates); None: not date-bound
    segment: Segment | None = None  # whom the copy is for (segment restrictions); None: not checked

    @cached_property
    def norm(self) -> NormalizedText:
        return normalize(self.text)

    @cached_property
    def product_view(self) -> "ProductView":
        return self.engine.product_view(self.product)

    @property
    def facts_text(self) -> str:
        """The product facts as normalized 'key: value' lines, for rules that consult facts."""
        return self.product_view.facts_text

    @property
    def disclosures_text(self) -> str:
        return self.product_view.disclosures_text

    @cached_property
    def name_spans(self) -> list[tuple[int, int]]:
        """Where the copy names the product: its name, or the name without the brand in front
        ("Term Life 20" of "Larkspur Term Life 20"). A name states no figure and triggers nothing."""
        text = self.norm.text
        return [m.span() for form in self.product_view.derived("name_forms", _name_forms) for m in re.finditer(re.escape(form), text)]

    @cached_property
    def quantities(self):
        """Every figure in the normalized text (read once; grounding, binding and dates share it)."""
        from copydesk.rules.quantities import extract_quantities

        return extract_quantities(self.norm.text)

    @cached_property
    def identifiers(self):
        """Card, ID, account and phone numbers in the normalized text (shared by two checks)."""
        from copydesk.rules.identifiers import find_identifiers

        return find_identifiers(self.norm.text)

    def sentence_around(self, start: int, end: int) -> str:
        """The normalized sentence (or clause line) that holds the canonical span."""
        text = self.norm.text
        left = max(text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
        rights = [i for i in (text.find(c, end) for c in _SENTENCE_ENDS) if i != -1]
        return text[left : min(rights) if rights else len(text)]

    def finding(self, rule, start: int, end: int, *, message: str | None = None, fix: str | None = None) -> Finding:
        """A finding for `rule` over the original-text span [start, end)."""
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=rule.severity,
            start=start,
            end=end,
            message=message or rule.message,
            suggestion=rule.suggestion,
            citation=rule.citation,
            fix=fix,
        )

    def finding_at(self, rule, canonical_start: int, canonical_end: int, **kwargs) -> Finding:
        """A finding for a span of the normalized text, mapped back to the original."""
        start, end = self.norm.to_original(canonical_start, canonical_end)
        return self.finding(rule, start, end, **kwargs)


class RuleEngine:
    """Compiled rule packs; `check` is safe to call many times (batch mode, the GUI)."""

    def __init__(self, rule_set: RuleSet, today: Callable[[], date] | None = None):
        self.rule_set = rule_set
        # What "now" is for offer end dates: the app and the CLI pass date.today; None (tests,
        # labelled corpora) checks no dates unless a check names one.
        self.today = today
        self.rules = tuple(r for pack in rule_set.packs for r in pack.rules)
        self.disclosures = tuple(r for pack in rule_set.packs for r in pack.disclosures)
        self.claims = tuple(r for pack in rule_set.packs for r in pack.claims)
        self.concepts = tuple(r for pack in rule_set.packs for r in pack.concepts)
        negations: dict[str, list] = {}
        for pack in rule_set.packs:
            for lang, patterns in pack.negations.items():
                negations.setdefault(lang, []).extend(patterns)
        self.negations = MappingProxyType({lang: tuple(p) for lang, p in negations.items()})
        self.matcher = PhraseMatcher(self.rules)
        self.concept_matcher = ConceptMatcher(self.concepts)
        self._pattern_indexes: dict[tuple[str, str], AnchoredPatterns] = {}
        from copydesk.rules.checks import ALL_CHECKS  # the checks import this module's types

        self.checks = ALL_CHECKS
        # The learned meaning model (rules/learned.py), loaded once per process; None when its
        # files cannot be read (then `errors` says so and the rules still run).
        self.learned, self._learned_error = _learned_model()
        self._product_views: dict[int, ProductView] = {}

    def pattern_index(self, lang: str) -> AnchoredPatterns:
        """All regex patterns of the rules for one language, searchable in one prefiltered pass."""
        return self._anchored(self.rules, "patterns", lang)

    def claim_index(self, lang: str) -> AnchoredPatterns:
        """The claim patterns of one language, searched together through their literal starts."""
        return self._anchored(self.claims, "claims", lang)

    def _anchored(self, rules, field: str, lang: str) -> AnchoredPatterns:
        """The `field` patterns of `rules` for one language as one prefiltered index, built once;
        `owners[i]` is the rule of pattern i."""
        index = self._pattern_indexes.get((field, lang))
        if index is None:
            pairs = [(rule, p) for rule in rules if lang in rule.languages for p in getattr(rule, field)]
            index = AnchoredPatterns([p for _, p in pairs])
            index.owners = [rule for rule, _ in pairs]
            self._pattern_indexes[(field, lang)] = index
        return index

    def product_view(self, product: Product) -> ProductView:
        """The cached view of a product (keyed by identity: catalogs are immutable once loaded)."""
        view = self._product_views.get(id(product))
        if view is None or view.product is not product:
            if len(self._product_views) > 512:
                self._product_views.clear()
            view = self._product_views[id(product)] = ProductView(product)
        return view

    @classmethod
    def load(cls, files: list[Path] | None = None, previous: "RuleEngine | None" = None,
             today: Callable[[], date] | None = None) -> "RuleEngine":
        """Engine over these pack files (default: bundled + house packs)."""
        rule_set = load_rule_set(default_pack_files() if files is None else files, previous.rule_set if previous else None)
        return cls(rule_set, today or (previous.today if previous else None))

    @property
    def errors(self) -> tuple[str, ...]:
        return self.rule_set.errors + ((self._learned_error,) if self._learned_error else ())

    def check(self, text: str, product: Product, channel: str, lang: str | None = None, on: date | None = None,
              segment: Segment | None = None) -> Report:
        """Check one text for one product, channel and language, as of `on` (default: the
        engine's today, if it has one), for `segment` when given (its restrictions)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}; expected one of: {', '.join(CHANNELS)}")
        if not text.strip():
            # Nothing to check is not a pass: a blank file or an empty editor would read as approved copy.
            raise EmptyCopyError("the copy is empty: there is nothing to check; write or paste the copy first")
        on = on or (self.today() if self.today else None)
        ctx = CheckContext(text=text, lang=lang or product.lang, channel=channel, product=product, engine=self, on=on,
                           segment=segment)
        findings: dict[tuple, Finding] = {}
        for check in self.checks:
            for finding in check(ctx):
                findings.setdefault((finding.rule, finding.start, finding.end), finding)
        from copydesk.rules.checks import learned
        from copydesk.rules.checks.binding import bound_figures

        for finding in learned.run(ctx, list(findings.values())):  # after the rules: it adds what they missed
            findings.setdefault((finding.rule, finding.start, finding.end), finding)
        ordered = sorted(findings.values(), key=lambda f: (f.start, f.end, f.rule))

        return Report(tuple(_drop_nested_duplicates(ordered)), bound_figures(ctx))


_LEARNED_LOCK = threading.Lock()
_LEARNED: list = []  # [(model or None, error or "")] once loaded


def _learned_model():
    """The bundled learned meaning model and "" , or None and the reason it could not be read."""
    with _LEARNED_LOCK:
        if not _LEARNED:
            from copydesk.rules.learned import LearnedModel, LearnedModelError, bundled_folder

            try:
                _LEARNED.append((LearnedModel.load(bundled_folder()), ""))
            except (LearnedModelError, FileNotFoundError) as error:
                _LEARNED.append((None, str(error)))
        return _LEARNED[0]


def _drop_nested_duplicates(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per category where one span lies inside another of the same category.

    "guaranteed approval" and "guaranteed" both match the same words; a reviewer wants one
    mark with the more specific (longer) rule, not two.
    """
    kept: list[Finding] = []
    # Sorted by start (longest first), a finding lies inside a kept one of its category exactly
    # when the furthest end kept so far reaches past its own end: one pass, not a pair search.
    furthest_end: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start), f.rule)):
        if finding.category != "missing_disclosure" and furthest_end.get(finding.category, -1) >= finding.end:
            continue
        kept.append(finding)
        furthest_end[finding.category] = max(furthest_end.get(finding.category, -1), finding.end)
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))
