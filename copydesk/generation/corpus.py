"""The house copy corpus (assets/corpus/, docs/copy-corpus.md): ads in slot form, read and
validated, for training the copy adapter and for the few-shot prompt.

`python -m copydesk.generation.corpus validate [FILES…]` checks every batch (or the named
.jsonl files) and prints each problem as `file:line: reason`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from copydesk import resources
from copydesk.catalog import Catalog, CatalogError, load_catalog
from copydesk.generation.formats import ANGLES, TONES, channel_format, fill_slots, find_slots, figure_outside_slots
from copydesk.needs import known_needs


@dataclass(frozen=True)
class CorpusAd:
    """One hand-written ad: what it was written for and its parts, slots unfilled."""

    source: str  # "file:line"
    product: str
    segment: str
    channel: str
    lang: str
    tone: str
    angle: str
    needs: tuple[str, ...]
    parts: dict  # part name -> text, or list of paragraphs for a body


class CorpusError(ValueError):
    """A corpus batch with problems; `problems` lists each 'file:line: reason'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def corpus_dir() -> Path:
    return resources.assets_dir() / "corpus"


def batches(folder: Path | None = None) -> list[Path]:
    """The .jsonl ad files of the corpus, in name order."""
    return sorted((folder or corpus_dir()).glob("*.jsonl"))


def load_batch(path: Path) -> tuple[Catalog, list[CorpusAd]]:
    """A batch's catalog and ads; CorpusError lists every problem found."""
    catalog_path = path.with_name(path.name.removesuffix(".jsonl") + ".catalog.json")
    problems: list[str] = []
    try:
        catalog = load_catalog(catalog_path)
    except CatalogError as exc:
        raise CorpusError([f"{catalog_path}: {p}" for p in exc.problems]) from exc
    ads = []
    needs = known_needs()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: invalid JSON: {exc.msg}")
            continue
        ad = _parse_ad(item, where, catalog, needs, problems)
        if ad is not None:
            ads.append(ad)
    if problems:
        raise CorpusError(problems)
    return catalog, ads


def _parse_ad(item, where: str, catalog: Catalog, needs: set[str], problems: list[str]) -> CorpusAd | None:
    before = len(problems)
    if not isinstance(item, dict):
        problems.append(f"{where}: expected an object")
        return None
    try:
        product = catalog.product(item.get("product", ""))
        segment = catalog.segment(item.get("segment", ""))
    except KeyError as exc:
        problems.append(f"{where}: {exc}")
        return None
    channel = item.get("channel")
    try:
        fmt = channel_format(channel, product.lang)
    except KeyError:
        problems.append(f"{where}: unknown channel {channel!r}")
        return None
    if item.get("tone") not in TONES:
        problems.append(f"{where}: tone {item.get('tone')!r}; expected one of {', '.join(TONES)}")
    if item.get("angle") not in ANGLES:
        problems.append(f"{where}: angle {item.get('angle')!r}; expected one of {', '.join(ANGLES)}")
    ad_needs = item.get("needs") or []
    for need in ad_needs:
        if need not in needs:
            problems.append(f"{where}: unknown need {need!r}")
    parts = item.get("parts")
    if not isinstance(parts, dict):
        problems.append(f"{where}: parts: expected an object")
        return None
    expected = list(fmt.written_parts)
    if list(parts) != expected:
        problems.append(f"{where}: parts {list(parts)}; {channel} expects {expected} in that order")
        return None
    facts = {**product.facts, "name": product.name, "bank": product.facts.get("bank", "")}
    for name in expected:
        texts = parts[name] if isinstance(parts[name], list) else [parts[name]]
        if not texts or not all(isinstance(t, str) and t.strip() for t in texts):
            problems.append(f"{where}: parts.{name}: empty")
            continue
        for text in texts:
            for slot in find_slots(text):
                if slot not in facts:
                    problems.append(f"{where}: parts.{name}: slot {{{slot}}} is not a fact of {product.id}")
            figure = figure_outside_slots(text)
            if figure:
                problems.append(f"{where}: parts.{name}: figure {figure!r} outside a slot")
    if len(problems) == before:
        filled = {k: [fill_slots(t, facts) for t in v] if isinstance(v, list) else fill_slots(v, facts) for k, v in parts.items()}
        for problem in fmt.size_problems(filled):
            problems.append(f"{where}: {problem}")
    if len(problems) > before:
        return None
    return CorpusAd(where, product.id, segment.id, channel, product.lang, item["tone"], item["angle"], tuple(ad_needs), parts)


def load_all(folder: Path | None = None, stems: set[str] | None = None) -> list[tuple[Catalog, list[CorpusAd]]]:
    """Every batch (or those whose file stem is in `stems`); CorpusError lists the problems of all of them."""
    loaded, problems = [], []
    chosen = [path for path in batches(folder) if stems is None or path.stem in stems]
    if stems is not None and len(chosen) != len(stems):
        found = {path.stem for path in chosen}
        raise CorpusError([f"no corpus batch {stem!r} in {folder or corpus_dir()}" for stem in sorted(stems - found)])
    for path in chosen:
        try:
            loaded.append(load_batch(path))
        except CorpusError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CorpusError(problems)
    return loaded


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "validate":
        print("usage: python -m copydesk.generation.corpus validate [FILE.jsonl …]", file=sys.stderr)
        return 2
    paths = [Path(a) for a in argv[1:]] or batches()
    problems, counts = [], Counter()
    for path in paths:
        try:
            _, ads = load_batch(path)
        except CorpusError as exc:
            problems.extend(exc.problems)
            continue
        for ad in ads:
            counts[(ad.lang, ad.channel)] += 1
    for problem in problems:
        print(problem)
    for (lang, channel), count in sorted(counts.items()):
        print(f"{lang} {channel}: {count} ads")
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
