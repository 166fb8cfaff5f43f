"""Personal data in copy (block): card, account and national ID numbers, and phone numbers
that are not the bank's published line. Masked forms and {placeholders} are clean."""

from __future__ import annotations

import re

from copydesk.rules.checks.meaning import concept_findings
from copydesk.rules.checks.phrases import phrase_findings
from copydesk.rules.findings import BuiltinRule
from copydesk.rules.identifiers import digits, find_identifiers

_CITATION = "GLBA Privacy Rule (16 CFR 313); PIPL art. 28 (个人信息保护法); house data policy"


def _pii_rule(rule_id: str, message: str, suggestion: str) -> BuiltinRule:
    return BuiltinRule(rule_id, "pii", "block", message, suggestion, _CITATION)


RULES = {
    "card": _pii_rule("pii.card_number", "A full payment card number", "Remove it, or mask it: 'card ending 1234' / '尾号1234'"),
    "prc_id": _pii_rule("pii.national_id", "A PRC resident identity number", "Remove it; never put ID numbers in marketing copy"),
    "ssn": _pii_rule("pii.national_id", "A Social Security number", "Remove it; never put ID numbers in marketing copy"),
    "account": _pii_rule("pii.account_number", "A full account number", "Remove it, or mask it: 'account ending 1234'"),
    "licence": _pii_rule("pii.vehicle_or_licence", "A vehicle identification number or a driver's licence number",
                         "Remove it; say 'your vehicle' instead"),
    "phone": _pii_rule(
        "pii.phone_number",
        "A phone number that is not the bank's published line",
        "Use the bank's published number from the product facts, or a {placeholder}",
    ),
}


def bank_phone_numbers(product) -> set[str]:
    """Digits of every phone number the product facts publish (the bank's own lines)."""
    numbers = set()
    for value in product.facts.values():
        for identifier in find_identifiers(value):
            if identifier.kind == "phone":
                numbers.add(_core(identifier.digits))
    return numbers


def _core(number: str) -> str:
    """A phone number without country code, so +1 800... and 800... compare equal."""
    for prefix in ("86", "1"):
        if number.startswith(prefix) and len(number) - len(prefix) >= 10:
            return number[len(prefix):]
    return number


# A toll-free line (1-800…, 400-…/800-… in China) is a business's, never a customer's.
_TOLL_FREE = re.compile(r"^(?:1?8(?:00|88|77|66|55|44|33)\d{7}|400\d{7}|800\d{7})$")


def run(ctx):
    """Findings for every identifier that is personal data."""
    bank_lines = ctx.product_view.derived("bank_phone_numbers", bank_phone_numbers)
    findings = []
    for identifier in ctx.identifiers:
        if identifier.kind == "phone" and (_core(digits(identifier.digits)) in bank_lines
                                           or _TOLL_FREE.match(digits(identifier.digits))):
            continue
        findings.append(ctx.finding_at(RULES[identifier.kind], identifier.start, identifier.end, fix=None))
    phrases = phrase_findings(ctx, "pii")  # pack rules: a customer's own balance
    findings.extend(phrases)
    findings.extend(concept_findings(ctx, "pii", besides=phrases))  # what the copy says about the person (health, home address)
    return findings
