"""Apply the safe fixes a report offers: rewrite or drop flagged words, append the disclosure."""

from __future__ import annotations

import re

from copydesk.rules.findings import Report


def _tidy(text: str) -> str:
    """Clean what a deletion leaves behind: doubled spaces, a space before punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.!?;:，。！？；：])", r"\1", text)
    text = re.sub(r"([,，])\s*([.!?。！？])", r"\2", text)
    text = re.sub(r"^\s*[,，]\s*", "", text)
    text = re.sub(r"([!！?？。.,，])\1+", r"\1", text)  # "!!" left where two fixes met
    text = re.sub(r"[，,]([!！?？。.])", r"\1", text)
    return text.strip()


_TERMINAL = ".!?。！？…"
_CLOSERS = "\"'”’）)」』"


def end_sentence(text: str) -> str:
    """The text with a full stop if it has none ('Apply in the app' -> 'Apply in the app.';
    '手机银行办理' -> '手机银行办理。'), so the next sentence does not run into it."""
    text = text.rstrip()
    bare = text.rstrip(_CLOSERS)
    if not bare or bare[-1] in _TERMINAL or bare[-1] in "：:；;，,":
        return text
    return text + ("。" if "\u3400" <= bare[-1] <= "\u9fff" or bare[-1] in "）" else ".")


def join_sentences(text: str, addition: str) -> str:
    """Append a sentence: a space between English sentences, none after Chinese punctuation."""
    text = end_sentence(text)
    if not text:
        return addition.strip()
    cjk_boundary = text[-1] in "。！？；：”）" or "\u4e00" <= addition.lstrip()[:1] <= "\u9fff"
    return text + ("" if cjk_boundary else " ") + addition.strip()


def replace_spans(text: str, report: Report) -> str:
    """Apply every finding's replacement, right to left, skipping overlapping ones."""
    edits = sorted((f for f in report.findings if f.fix is not None), key=lambda f: (f.start, f.end), reverse=True)
    last_start = len(text) + 1
    for finding in edits:
        if finding.end > last_start:
            continue
        replacement = finding.fix
        before = text[: finding.start].rstrip()
        if replacement and (not before or before[-1] in ".!?"):  # a sentence starts here: so does the fix
            replacement = replacement[:1].upper() + replacement[1:]
        text = text[: finding.start] + replacement + text[finding.end :]
        last_start = finding.start
    return _tidy(text) if edits else text


def apply_fixes(engine, text: str, product, channel: str, lang: str | None = None, **check_options) -> tuple[str, Report]:
    """Text with all safe fixes applied, and its new report (re-checked after each step).

    `check_options` (on=, segment=) go to every check, so the report is the one `check` gives."""
    report = engine.check(text, product, channel, lang, **check_options)
    text = replace_spans(text, report)
    report = engine.check(text, product, channel, lang, **check_options)
    # Missing disclosures: append the catalog's canonical texts, one at a time, while it helps.
    for disclosure in product.disclosures:
        missing = [f for f in report.findings if f.category == "missing_disclosure"]
        if not missing:
            break
        candidate = join_sentences(text, disclosure)
        candidate_report = engine.check(candidate, product, channel, lang, **check_options)
        still_missing = [f for f in candidate_report.findings if f.category == "missing_disclosure"]
        if len(still_missing) < len(missing):
            text, report = candidate, candidate_report
    return text, report
