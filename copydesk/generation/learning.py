"""The bank's own voice: approved copy from the library turned back into training examples.

An approved version is stored as the text that was sent. To learn from it, the text is split
into the channel's parts (the layout templates/copy/assemble.<lang>.j2 writes), the catalog's
disclosures, the SMS sender and opt-out are taken off (the pipeline adds them), and every fact
the copy states is mapped back to its slot (the approval froze the product's facts). A version
that still states a figure no fact holds, or whose parts cannot be found, is left out and
counted, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from copydesk.catalog import Product, Segment
from copydesk.generation.formats import channel_format, figure_outside_slots
from copydesk.generation.training import Example, example_for_plan

EMAIL_HEADERS = {"en": ("Subject:", "Preheader:"), "zh": ("主题：", "预览：")}


@dataclass(frozen=True)
class LearnedSet:
    examples: list[Example]
    used: int
    skipped: dict  # reason -> count


def learn_from_library(store, catalog, out_dir, *, epochs: int = 2, progress=None, cancel=None, backend=None) -> dict:
    """Fine-tune the adapter in use on the library's approved copy (with the house corpus, so the
    channel formats stay learnt) into `out_dir`; the before/after figure is the loss on a tenth of
    the approved versions, held back. Raises ValueError when there is too little to learn from."""
    from copydesk import config
    from copydesk.generation.adapters import resolve_adapter
    from copydesk.generation.training import TrainingSettings, corpus_examples, corpus_sha256, train

    learned = approved_examples(store, catalog)
    if learned.used < MIN_APPROVED:
        raise ValueError(f"only {learned.used} approved versions could be learnt from "
                         f"({', '.join(f'{n} {why}' for why, n in learned.skipped.items()) or 'none left out'}); "
                         f"approve at least {MIN_APPROVED} first")
    held_back = [e for e in learned.examples if e.held_back] or learned.examples[:2]
    settings = config.load_settings()
    if backend is None:
        from copydesk.generation.factory import make_backend

        backend, _ = make_backend(settings.model, adapter=None)
    current = resolve_adapter(settings.adapter)
    # Approved copy counts twice: it is the bank's own voice, the corpus only keeps the formats.
    examples = learned.examples * 2 + corpus_examples()
    record = train(examples, backend, out_dir, TrainingSettings(epochs=epochs), progress, cancel,
                   notes={"source": "library", "corpus_sha256": corpus_sha256(), "started_from": str(current or "base"),
                          "library_examples": learned.used, "library_skipped": sum(learned.skipped.values()),
                          "library_skipped_why": learned.skipped},
                   start_from=current, evaluate_on=held_back)
    return record


MIN_APPROVED = 8


def approved_examples(store, catalog) -> LearnedSet:
    """Every approved version that maps cleanly to slot-form parts, as a training example."""
    from copydesk.store import repository

    rows = store.query("SELECT version_id FROM library WHERE status = 'approved' ORDER BY version_id")
    examples, skipped = [], {}
    for version in repository.versions_by_id(store, [r["version_id"] for r in rows]):
        example, reason = example_for_version(version, catalog)
        if example is None:
            skipped[reason] = skipped.get(reason, 0) + 1
        else:
            examples.append(example)
    return LearnedSet(examples, len(examples), skipped)


def example_for_version(version, catalog) -> tuple[Example | None, str]:
    frozen = version.frozen
    info = frozen.get("product") or {}
    lang, channel = frozen.get("lang", version.lang), frozen.get("channel", version.channel)
    try:
        fmt = channel_format(channel, lang)
    except KeyError:
        return None, "unknown channel"
    product = Product(info.get("id", version.product_id), info.get("name", ""), info.get("kind", "checking"), lang,
                      MappingProxyType(dict(info.get("facts", {}))), tuple(info.get("disclosures", ())))
    try:
        segment = catalog.segment(version.segment_id)
    except KeyError:
        segment = Segment(version.segment_id, version.segment_id, "", lang)
    parts = split_parts(version.text, fmt, product)
    if parts is None:
        return None, "parts not found"
    slotted = {name: [to_slots(t, product) for t in v] if isinstance(v, list) else to_slots(v, product)
               for name, v in parts.items()}
    if any(figure_outside_slots(t) for v in slotted.values() for t in (v if isinstance(v, list) else [v])):
        return None, "a figure no fact holds"
    return example_for_plan(product, segment, fmt, slotted, angle_of(slotted), "friendly", version_source(version)), ""


def version_source(version) -> str:
    return f"library:version:{version.id}"


def to_slots(text: str, product: Product) -> str:
    """Each fact's wording in the text replaced by its slot (longest first, so "$1,000 bonus"
    is not cut into "$1,000"), then the product's and the bank's names."""
    values = {key: value.rstrip("。.") for key, value in product.facts.items() if value.strip()}
    values["name"] = product.name
    for key, value in sorted(values.items(), key=lambda kv: -len(kv[1])):
        if len(value) >= 2:
            text = text.replace(value, "{" + key + "}")
    return text


def angle_of(parts: dict) -> str:
    """The opening's angle, read back from the copy: a question, a figure first, or a benefit."""
    first = next(iter(parts.values()))
    first = first[0] if isinstance(first, list) else first
    if first.rstrip().endswith(("?", "？")):
        return "question-led"
    if first.lstrip().startswith("{") and not first.lstrip().startswith("{name}"):
        return "offer-led"
    return "benefit-led"


def split_parts(text: str, fmt, product: Product) -> dict | None:
    """The written parts of copy laid out by the assembly template; None when it does not fit."""
    for disclosure in sorted(product.disclosures, key=len, reverse=True):
        text = text.replace(disclosure, "")
    text = text.strip()
    bank = product.facts.get("bank", "")
    if fmt.channel == "sms":
        if fmt.opt_out:
            text = text.replace(fmt.opt_out, "").strip()
        for prefix in (f"{bank}:", f"【{bank}】"):
            if bank and text.startswith(prefix):
                text = text[len(prefix):].strip()
        sentences = [s for s in re.split(r"(?<=[.!?。！？])\s*", text) if s.strip()]
        if len(sentences) < 2:
            return None
        return {"body": " ".join(sentences[:-1]) if fmt.lang == "en" else "".join(sentences[:-1]), "cta": sentences[-1]}
    if fmt.channel == "banner":
        return {"headline": text} if text else None
    lines = [line.strip() for line in text.splitlines()]
    if fmt.channel == "push":
        lines = [line for line in lines if line]
        return {"title": lines[0], "body": " ".join(lines[1:])} if len(lines) >= 2 else None
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if fmt.channel == "email":
        subject_tag, preheader_tag = EMAIL_HEADERS[fmt.lang]
        if not blocks or not blocks[0].startswith(subject_tag):
            return None
        header = blocks[0].splitlines()
        subject = header[0][len(subject_tag):].strip()
        preheader = next((h[len(preheader_tag):].strip() for h in header[1:] if h.startswith(preheader_tag)), "")
        rest = blocks[1:]
        if len(rest) < 4 or not preheader:
            return None
        return {"subject": subject, "preheader": preheader, "greeting": rest[0], "body": rest[1:-1][:3], "cta": rest[-1]}
    if len(blocks) < 4:
        return None
    low, high = fmt.paragraphs["body"]
    body = blocks[2:-1]
    if not low <= len(body) <= high:
        return None
    return {"title": blocks[0], "hook": blocks[1], "body": body, "cta": blocks[-1]}
