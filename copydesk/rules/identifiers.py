"""Personal identifiers in copy: card numbers (Luhn), PRC resident IDs (check digit), US SSNs,
account numbers, phone numbers, vehicle numbers (VIN) and driver's licence numbers, with their spans. Masked forms (尾号1234, ****1234) never match."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CARD = re.compile(r"(?<![\d*])(?:\d[ .-]?){12,18}\d(?![\d*])")
# Printed the way a card is (4 groups of 4, a card network's first digit): a card number even
# when its check digit is wrong; the copy still exposes it.
_CARD_GROUPS = re.compile(r"[3-6]\d{3}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?")  # 19-digit UnionPay: 4-4-4-4-3
# A number printed right after the word for a card is a card number, checksum or not.
_CODE_CONTEXT = re.compile(r"(?:编码|编号|代码|登记码|\bcode|\bref(?:erence)?(?: no\.?)?)\s*[:：#]?\s*[a-z]{0,3}$", re.IGNORECASE)
_CARD_CONTEXT = re.compile(r"(?:卡号?|卡片|card(?: number| no\.?|\s*#)?)\s*[:：]?\s*$", re.IGNORECASE)
_PRC_ID = re.compile(r"(?<![\d*])\d{17}[\dx](?![\d*])", re.IGNORECASE)
_SSN = re.compile(r"(?<![\d*-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_ACCOUNT = re.compile(
    r"(?:account|acct|a/c|账号|账户|帐号|卡号|银行卡|借记卡|储蓄卡)\s*(?:number|no\.?|#|号码)?\s*(?:is|:|：|为)?\s*(\d[\d -]{6,}\d)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\d*])(?:"
    r"(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}"  # PRC mobile
    r"|[48]00[ -]?\d{3}[ -]?\d{4}"  # PRC 400/800 service lines
    r"|0\d{2,3}[ -]\d{7,8}"  # PRC landline with area code
    r"|(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}"  # North American
    r")(?![\d*])"
)
# A vehicle identification number (17 letters and digits, never I, O or Q; text is casefolded)
# and a driver's licence number after its label: they identify a person as surely as an ID.
_VIN = re.compile(r"(?<![a-z0-9])(?=(?:[a-hj-npr-z]*\d){3})(?=(?:\d*[a-hj-npr-z]){3})[a-hj-npr-z0-9]{17}(?![a-z0-9])")
_LICENCE = re.compile(r"(?:driver'?s?\s+licen[cs]e|licen[cs]e\s+(?:no\.?|number|#)|驾驶证|驾照)\s*(?:no\.?|number|#|号码?)?\s*"
                      r"(?:is|:|：|为)?\s*([a-z0-9](?=(?:[a-z-]*\d){4})[a-z0-9-]{5,18}[a-z0-9])")
_ANY_DIGIT = re.compile(r"\d")
_PRC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_PRC_CHECK = "10X98765432"


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def luhn_valid(number: str) -> bool:
    """The Luhn checksum every payment card number carries."""
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def prc_id_valid(number: str) -> bool:
    """The ISO 7064 check character of an 18-character PRC resident identity number."""
    body, check = number[:17], number[17].upper()
    if not body.isdigit():
        return False
    return _PRC_CHECK[sum(int(d) * w for d, w in zip(body, _PRC_WEIGHTS)) % 11] == check


_BIRTH_DATE = re.compile(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_ID_LABEL = re.compile(r"身份证|证件号|id\s*(no|number|#)|identity", re.IGNORECASE)


def prc_id_shaped(number: str, before: str) -> bool:
    """An ID number with a wrong check character is still one: a region code and a birth date
    where the ID has them, or a label just before it ("身份证号")."""
    return bool(_ID_LABEL.search(before)) or (number[0] in "12345678" and bool(_BIRTH_DATE.fullmatch(number[6:14])))


@dataclass(frozen=True)
class Identifier:
    kind: str  # card, prc_id, ssn, account, phone
    start: int
    end: int
    digits: str


# Every identifier is a run of 7+ digits with separators; the patterns only run inside such runs.
_DIGIT_RUN = re.compile(r"[+(]?\d[\d ()+.\-]{5,}\d[xX]?")


def _in_runs(pattern: re.Pattern, text: str, runs: list[tuple[int, int]]):
    for start, end in runs:
        yield from pattern.finditer(text, start, end)


def find_identifiers(text: str) -> list[Identifier]:
    """Every unmasked identifier in `text` (phones included; callers decide which are the bank's)."""
    found: list[Identifier] = []
    runs = [m.span() for m in _DIGIT_RUN.finditer(text)]
    if not runs and not _ANY_DIGIT.search(text):
        return found  # a VIN or licence number holds digits too, but no run of them

    def free(start: int, end: int) -> bool:
        return not any(i.start < end and start < i.end for i in found)

    for match in _in_runs(_PRC_ID, text, runs):
        if prc_id_valid(match.group(0)) or prc_id_shaped(match.group(0), text[max(0, match.start() - 10):match.start()]):
            found.append(Identifier("prc_id", *match.span(), match.group(0)))
    for match in _in_runs(_CARD, text, runs):
        number = digits(match.group(0))
        named = _CARD_CONTEXT.search(text[max(0, match.start() - 12):match.start()])  # "您的白金卡6225…", "card number 4111…"
        if _CODE_CONTEXT.search(text[max(0, match.start() - 12):match.start()]):
            continue  # 产品登记编码Z7012026000123: a product's code, whatever its checksum
        if 13 <= len(number) <= 19 and (luhn_valid(number) or _CARD_GROUPS.fullmatch(match.group(0)) or named) and free(*match.span()):
            found.append(Identifier("card", *match.span(), number))
    for match in _in_runs(_SSN, text, runs):
        if free(*match.span()):
            found.append(Identifier("ssn", *match.span(), digits(match.group(0))))
    for match in _ACCOUNT.finditer(text):
        if free(*match.span(1)):
            found.append(Identifier("account", *match.span(1), digits(match.group(1))))
    for match in _in_runs(_PHONE, text, runs):
        if free(*match.span()):
            found.append(Identifier("phone", *match.span(), digits(match.group(0))))
    for match in _VIN.finditer(text):
        if free(*match.span()):
            found.append(Identifier("licence", *match.span(), match.group(0)))
    for match in _LICENCE.finditer(text):
        if free(*match.span(1)):
            found.append(Identifier("licence", *match.span(1), match.group(1)))
    return sorted(found, key=lambda i: i.start)
