"""Automatic repair of a draft: safe rewrites, drop what cannot be fixed, add the disclosure,
fit the channel. Every step is named so the reviewer sees what the machine changed."""

from __future__ import annotations

from copydesk.catalog import CHANNELS
from copydesk.generation.cleaning import split_sentences
from copydesk.rules.findings import Report
from copydesk.rules.fixes import join_sentences, replace_spans

# Findings a sentence cannot keep; missing_disclosure is about the whole text, not a sentence.
UNFIXABLE = ("guarantee", "superlative", "ungrounded_claim", "fair_lending", "pii")


def _drop_sentences(text: str, report: Report) -> tuple[str, int]:
    bad = [f for f in report.findings if f.severity == "block" and f.category in UNFIXABLE and f.fix is None]
    kept, dropped = [], 0
    for start, end in split_sentences(text):
        if any(f.start < end and start < f.end for f in bad):
            dropped += 1
        else:
            kept.append(text[start:end])
    return "".join(kept).strip(), dropped


def _fits(text: str, limit: int | None) -> bool:
    return limit is None or len(text) <= limit


def repair(engine, text: str, product, channel: str, lang: str,
           disclosures: tuple[str, ...] | None = None, reserve: int = 0) -> tuple[str, Report, list[str]]:
    """The repaired text, its fresh report and the list of repairs made. `disclosures`: the
    wordings to try when one is missing (default: the catalog's own); `reserve`: characters of
    the channel limit kept free for what the caller adds after (an SMS opt-out)."""
    limit = CHANNELS[channel].limit
    limit = limit - reserve if limit else limit
    repairs: list[str] = []
    report = engine.check(text, product, channel, lang)
    if any(f.fix is not None for f in report.findings):
        text = replace_spans(text, report)
        repairs.append("rewrote flagged wording")
        report = engine.check(text, product, channel, lang)
    kept, dropped = _drop_sentences(text, report)
    if dropped and kept:  # when every sentence is unfixable the draft stays whole, and blocked
        text = kept
        repairs.append(f"dropped {dropped} sentence{'s' * (dropped > 1)} that could not be fixed")
        report = engine.check(text, product, channel, lang)
    if any(f.category == "missing_disclosure" for f in report.findings):
        text, report, added = _append_disclosure(engine, text, report, product, channel, lang, limit,
                                                 disclosures or product.disclosures)
        repairs.extend(added)
    if any(f.category == "missing_disclosure" for f in report.findings):
        # No room for the disclosure: drop the sentence that triggers it instead, if there are others.
        triggers = [f for f in report.findings if f.category == "missing_disclosure" and f.end - f.start < len(text)]
        sentences = split_sentences(text)
        kept = [text[s:e] for s, e in sentences if not any(f.start < e and s < f.end for f in triggers)]
        if kept and len(kept) < len(sentences):
            text = "".join(kept).strip()
            repairs.append("dropped a sentence whose disclosure does not fit the channel")
            report = engine.check(text, product, channel, lang)
    if not _fits(text, limit):
        sentences = split_sentences(text)
        while len(sentences) > 1 and not _fits(text, limit):
            sentences.pop(-2 if len(sentences) > 2 else -1)  # keep the last sentence: often the disclosure
            text = "".join(text[s:e] for s, e in sentences).strip()
            sentences = split_sentences(text)
        repairs.append("trimmed to the channel limit")
        report = engine.check(text, product, channel, lang)
    return text, report, repairs


def _append_disclosure(engine, text, report, product, channel, lang, limit, disclosures):
    """Append the disclosure that resolves the missing elements and fits: the catalog's own
    wording first (the bank approved it), shortest first; compact forms only when it does not fit."""
    missing = sum(f.category == "missing_disclosure" for f in report.findings)
    best = None
    for disclosure in sorted(disclosures, key=lambda d: (d not in product.disclosures, len(d))):
        # A sentence the disclosure repeats word for word goes, so the copy never says it twice.
        kept = "".join(text[s:e] for s, e in split_sentences(text) if text[s:e].strip() not in disclosure).strip() or text
        candidate = join_sentences(kept, disclosure)
        if not _fits(candidate, limit):
            # Make room: drop trailing sentences of the copy, never the first one.
            sentences = split_sentences(kept)
            while len(sentences) > 1 and not _fits(candidate, limit):
                sentences.pop()
                candidate = join_sentences("".join(kept[s:e] for s, e in sentences), disclosure)
            if not _fits(candidate, limit):
                continue
        candidate_report = engine.check(candidate, product, channel, lang)
        left = sum(f.category == "missing_disclosure" for f in candidate_report.findings)
        if left < missing and (best is None or left < best[2]):
            best = (candidate, candidate_report, left)
            if left == 0:
                break
    if best is None:
        return text, report, []
    return best[0], best[1], ["appended disclosure"]
