"""Finding and Report: what a compliance check returns (the JSON contract of `copydesk check`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITY_ORDER = {"pass": 0, "warn": 1, "block": 2}
CATEGORIES = (
    "guarantee",
    "superlative",
    "missing_disclosure",
    "ungrounded_claim",
    "pressure",
    "fair_lending",
    "pii",
    "length",
)


@dataclass(frozen=True)
class Finding:
    """One problem in the copy; start/end are code-point offsets into the text as given."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    citation: str = ""
    # A safe replacement for text[start:end] ("" deletes it); None when no safe rewrite exists.
    fix: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """The contract's JSON shape (the internal `fix` is not part of it)."""
        data = asdict(self)
        data.pop("fix")
        return data


@dataclass(frozen=True)
class BuiltinRule:
    """A rule implemented in code (length, numbers, personal data) rather than in a pack."""

    id: str
    category: str
    severity: str
    message: str
    suggestion: str
    citation: str


@dataclass(frozen=True)
class BoundFigure:
    """A figure in the copy and the fact it states (None: no fact states it)."""

    text: str
    start: int  # code-point offsets into the text as given
    end: int
    fact: str | None
    fact_value: str | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Report:
    """All findings for one text, sorted by position, and every figure bound to its fact."""

    findings: tuple[Finding, ...] = ()
    figures: tuple[BoundFigure, ...] = ()

    @property
    def verdict(self) -> str:
        """The highest severity found: block > warn > pass."""
        worst = "pass"
        for finding in self.findings:
            if SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[worst]:
                worst = finding.severity
        return worst

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "findings": [f.to_dict() for f in self.findings],
                "figures": [f.to_dict() for f in self.figures]}
