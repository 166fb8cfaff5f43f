"""Extract the numbers a text states (rates, money, terms, multipliers, dates) with their units.

Used by the grounding check: every quantity in the copy must be one the product facts state.
Works on normalized text (lower case, NFKC), so "２１．９％" and "21.9%" read the same.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass

from copydesk.rules.prefilter import AnchoredPatterns

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = r"[零一二两三四五六七八九十百千]+"
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# Whole month names or their abbreviations only: "APRs 8.99%" is no date in April.
# "apr" is a month only with a full stop or a year ("0% intro APR 15 billing cycles" is a rate's term).
_MONTH_NAME = (r"(january|jan|february|feb|march|mar|april|apr(?=\.|\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})|may|june|jun|july|jul|august|aug|september|sept|sep"
               r"|october|oct|november|nov|december|dec)(?![a-z])\.?")

# unit -> the unit it is compared in, and the factor to get there
_UNITS = {
    "%": ("percent", 1),
    "money": ("money", 1),
    "month": ("months", 1),
    "year": ("months", 12),
    "installment": ("months", 1),
    "day": ("days", 1),
    "week": ("days", 7),
    "hour": ("hours", 1),
    "minute": ("minutes", 1),
    "x": ("multiplier", 1),
    "points": ("points", 1),
    "age": ("age", 1),
}


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit of `unit` (months for years, money for 万元 ...)
    unit: str  # percent, money, months, days, hours, minutes, multiplier, points, age, date, number
    start: int
    end: int
    text: str


def _number(whole: str, fraction: str | None) -> float:
    return float(whole.replace(",", "") + ("." + fraction if fraction else ""))


def chinese_number(text: str) -> float | None:
    """Value of a simple Chinese numeral (三, 十二, 二十四, 三百), or None."""
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in "十百千":
            scale = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * scale
            current = 0
        else:
            return None
    return float(total + current)


_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6}

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("date", re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")),
    ("date", re.compile(r"(?<![\d.])(\d{1,2})月(\d{1,2})[日号]")),
    # "September 30, 2026:" keeps its year; without one, "30" before ":" is a time of day.
    # "APR 20.24%" is a rate: a day is never followed by a decimal part or a percent sign.
    ("date", re.compile(_MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4})(?!\d)|(?![\d:%]|[.,]\d))")),
    ("date", re.compile(r"(?<![\d.])(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r"(?:,?\s+(\d{4}))?")),
    ("date", re.compile(r"(?<![\d./])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/%])")),
    ("money", re.compile(r"(?:\$|us\$|usd\s?|¥|rmb\s?)\s?" + _NUM + r"(?:\s?(k\b|m\b|million|thousand|万|亿))?(?![\d%])")),
    ("money", re.compile(_NUM + r"\s?(百万|万|亿|千)?\s?(?:元|块|美元|人民币|usd|dollars?)")),
    ("money", re.compile(_NUM + r"\s?(万|亿)(?![\d%])")),
    ("%", re.compile(_NUM + r"\s?%")),
    ("%", re.compile(r"百分之" + r"(\d+(?:\.\d+)?)")),
    ("installment", re.compile(r"(?<![第\d.,])" + _NUM + r"\s?期")),  # 第12期 is an issue's number, not 12 instalments
    ("age", re.compile(_NUM + r"[\s-]?(?:years?|yrs?)[\s-]old\b")),  # "a 35-year-old applicant": an age, not a term
    # a card's intro period runs in billing cycles, one a month: "15 billing cycles" is a term
    ("month", re.compile(_NUM + r"[\s-]?(?:months?|mos?\b|个月|月期|billing cycles?|statement cycles?)")),
    # "2026年第12期" names a calendar year, not a 2026-year term.
    ("year", re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d年(?!期))" + _NUM + r"[\s-]?(?:years?|yrs?\b|-yr\b|年期|年(?!\d{1,2}月))")),
    ("week", re.compile(_NUM + r"[\s-]?(?:weeks?|周(?!岁)|星期)")),  # 30周岁 is an age
    ("day", re.compile(_NUM + r"[\s-]?(?:days?|天|日(?![期]))")),
    ("hour", re.compile(_NUM + r"[\s-]?(?:hours?|hrs?\b|小时)")),
    ("minute", re.compile(_NUM + r"[\s-]?(?:minutes?|mins?\b|分钟)")),
    ("x", re.compile(_NUM + r"\s?(?:x\b|×|倍)")),
    ("points", re.compile(_NUM + r"\s?(?:points?|pts\b|积分|miles)")),
    ("age", re.compile(_NUM + r"\s?(?:周岁|岁)")),
    # 几十元 and 数万元 are vague, and 千万 before 不要/别/记得 is "by all means": no figure in either.
    ("cn", re.compile("(?<![几数好上成])(" + _CN_NUM + r")\s?(个月|年期|年|期|倍|万元|万|元|天|周岁|岁)(?![不别要记得注费])")),
    ("number", re.compile(r"(?<![\w.])" + _NUM + r"(?![\w.])")),
]
_CN_UNIT = {"个月": "month", "年期": "year", "年": "year", "期": "installment", "倍": "x", "万元": "money10k",
            "万": "money10k", "元": "money", "天": "day", "周岁": "age", "岁": "age"}


def _date_value(kind_match: re.Match, pattern_index: int) -> tuple[float, str]:
    groups = kind_match.groups()
    if pattern_index == 0:
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif pattern_index == 1:
        year, month, day = 0, int(groups[0]), int(groups[1])
    elif pattern_index == 2:
        month, day, year = _MONTHS[groups[0][:3]], int(groups[1]), int(groups[2] or 0)
    elif pattern_index == 3:
        day, month, year = int(groups[0]), _MONTHS[groups[1][:3]], int(groups[2] or 0)
    else:
        month, day = int(groups[0]), int(groups[1])
        year = int(groups[2]) if groups[2] else 0
        year = year + 2000 if 0 < year < 100 else year
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError("not a date")
    # Encoded as a number so dates compare like other quantities; year 0 = "any year".
    return float(year * 10000 + month * 100 + day), "date"


_ANCHORED = AnchoredPatterns([pattern for _, pattern in _PATTERNS])


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, left to right; where readings share a start the most specific wins."""
    found: list[Quantity] = []
    for index, match in _ANCHORED.leftmost(text):
        kind = _PATTERNS[index][0]
        try:
            quantity = _read(kind, match, index)
        except (ValueError, KeyError):
            continue
        if quantity is not None:
            value, unit = quantity
            found.append(Quantity(value, unit, match.start(), match.end(), match.group(0)))
    return _units_across_lists(found, text)


# "12, 24, 36 or 60 months", "24–60 months", "3、6、12个月": the unit of a list's (or range's) last
# figure is every figure's unit.
_LIST_GAP = re.compile(r"\s*(?:,|，|、|/|or|and|或|和|及|-|–|—|~|to|至|到)\s*(?:or\s+|and\s+)?")
_LIST_MARK = re.compile(r"[,，、\-–—~至到]|\bto\b")  # a comma list or a range, not "age 50 and 20-year"
_LIST_UNITS = frozenset({"months", "days", "hours", "minutes", "percent", "points", "age"})
_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _units_across_lists(found: list[Quantity], text: str) -> list[Quantity]:
    """Bare figures in a comma list ending in a figure with a unit take that unit ("12, 24 or 60
    months"); "through age 50 and 20-year terms" is no list (no comma), so 50 stays bare."""
    result = list(found)
    i = 0
    while i < len(result):
        j, commas = i, False
        while j + 1 < len(result) and result[j].unit == "number":
            gap = _LIST_GAP.fullmatch(text, result[j].end, result[j + 1].start)
            if not gap:
                break
            commas = commas or bool(_LIST_MARK.search(gap.group()))
            j += 1
        last = result[j]
        number = _LEADING_NUMBER.match(last.text.replace(",", "").lstrip())
        if j > i and commas and last.unit in _LIST_UNITS and number and float(number.group()):
            factor = last.value / float(number.group())
            for k in range(i, j):
                bare = result[k]
                result[k] = Quantity(bare.value * factor, last.unit, bare.start, bare.end, bare.text)
        i = j + 1
    return result


def _read(kind: str, match: re.Match, index: int) -> tuple[float, str] | None:
    groups = match.groups()
    if kind == "date":
        return _date_value(match, index)
    if kind == "cn":
        value = chinese_number(groups[0])
        unit = _CN_UNIT[groups[1]]
        if value is None or (value == 1 and groups[1] in ("天", "年", "个月", "期")):
            return None  # 一天, 一年, 新一期: idioms (再等一年), not terms
        if unit == "money10k":
            return value * 1e4, "money"
        base, factor = _UNITS[unit] if unit in _UNITS else ("money", 1)
        return value * factor, base
    if kind == "%" and len(groups) == 1:
        return float(groups[0]), "percent"
    value = _number(groups[0], groups[1])
    if kind == "money":
        scale = groups[2] if len(groups) > 2 else None
        return value * _SCALE.get(scale or "", 1), "money"
    if kind == "number":
        return value, "number"
    base, factor = _UNITS[kind]
    return value * factor, base


def is_count(quantity: Quantity) -> bool:
    """A bare small integer ("3 easy steps", "step 1"): a count, not a figure about the product."""
    return quantity.unit == "number" and quantity.value < 10 and quantity.value.is_integer()


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities state the same thing (a bare number matches any unit's value)."""
    if a.unit == "date" or b.unit == "date":
        if a.unit != b.unit:
            return False
        a_year, a_md = divmod(int(a.value), 10000)
        b_year, b_md = divmod(int(b.value), 10000)
        return a_md == b_md and (a_year == 0 or b_year == 0 or a_year == b_year)
    if abs(a.value - b.value) > 1e-9 * max(1.0, abs(a.value)):
        return False
    # "2X points" restates "2 points per $1" (and "3x miles", "3 miles per $1").
    return a.unit == b.unit or "number" in (a.unit, b.unit) or {a.unit, b.unit} == {"multiplier", "points"}


class QuantityLookup:
    """Answers `any(same_quantity(q, fact) for fact in facts)` by value, not by trying every fact:
    a product states ~100 figures and an email ~40, and the pairwise loop was most of a check."""

    def __init__(self, facts: list[Quantity]):
        self.dates = [f for f in facts if f.unit == "date"]
        ordered = sorted((f for f in facts if f.unit != "date"), key=lambda f: f.value)
        self.values = [f.value for f in ordered]
        self.facts = ordered

    def backs(self, quantity: Quantity) -> bool:
        """Whether some fact states the same thing as `quantity`."""
        if quantity.unit == "date":
            return any(same_quantity(quantity, fact) for fact in self.dates)
        tolerance = 1e-9 * max(1.0, abs(quantity.value))
        index = bisect.bisect_left(self.values, quantity.value - tolerance)
        while index < len(self.values) and self.values[index] <= quantity.value + tolerance:
            if same_quantity(quantity, self.facts[index]):
                return True
            index += 1
        return False
