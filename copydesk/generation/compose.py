"""From what the model (or a template) wrote in slot form to the copy as sent: labelled lines
parsed into the channel's parts, slots filled with the facts' exact wording, the parts put
together by templates/copy/assemble.<lang>.j2."""

from __future__ import annotations

import re

from copydesk.generation.formats import ChannelFormat, fill_slots
from copydesk.generation.prompts import render
from copydesk.rules.fixes import end_sentence

LABEL = re.compile(r"^\s*([a-z_]+):\s?(.*)$")
SENTENCE_END = tuple(".!?。！？…”’\")）")
# Content caps while decoding (characters before the line must end), where the format sets none.
PART_CAPS = {
    "en": {"body": 320, "hook": 180, "cta": 90, "title": 70, "greeting": 40, "preheader": 110, "subject": 60, "headline": 50},
    "zh": {"body": 130, "hook": 70, "cta": 35, "title": 30, "greeting": 15, "preheader": 45, "subject": 25, "headline": 22},
}


def parse_parts(text: str, fmt: ChannelFormat) -> dict | None:
    """The parts written as `label: content` lines, in the format's shape (list parts as lists);
    None when a part is missing or empty."""
    parts: dict = {}
    for line in text.splitlines():
        match = LABEL.match(line)
        if not match or match.group(1) not in fmt.written_parts:
            continue
        name, content = match.group(1), match.group(2).strip()
        if not content:
            return None
        if fmt.is_list(name):
            parts.setdefault(name, []).append(content)
        elif name not in parts:
            parts[name] = content
    if any(name not in parts for name in fmt.written_parts):
        return None
    return {name: parts[name] for name in fmt.written_parts}


def serialize_parts(parts: dict) -> str:
    """Parts as the labelled lines the model writes (the inverse of parse_parts)."""
    lines = []
    for name, value in parts.items():
        for content in value if isinstance(value, list) else [value]:
            lines.append(f"{name}: {content}")
    return "\n".join(lines)


def fill_parts(parts: dict, values: dict) -> dict:
    """Every slot replaced by its fact's exact wording."""
    return {name: [fill_slots(t, values) for t in v] if isinstance(v, list) else fill_slots(v, values)
            for name, v in parts.items()}


def cut_short(parts: dict, fmt: ChannelFormat) -> bool:
    """Whether a paragraph stops mid-sentence (the model ran out of room): never offered."""
    for name in ("body", "hook"):
        value = parts.get(name)
        for paragraph in value if isinstance(value, list) else [value] if value else []:
            if not paragraph.rstrip().endswith(SENTENCE_END):
                return True
    return False


def decode_caps(fmt: ChannelFormat) -> dict:
    """How long each part may grow while decoding before its line is ended."""
    caps = dict(PART_CAPS[fmt.lang])
    caps.update({k: v for k, v in fmt.sizes.items() if k != "total"})
    if "total" in fmt.sizes:
        caps = {k: min(v, fmt.sizes["total"]) for k, v in caps.items()}
    return {k: caps[k] for k in fmt.written_parts if k in caps}


def assemble(fmt: ChannelFormat, filled: dict, bank: str, footer: list[str]) -> tuple[str, str]:
    """(the copy as sent, the assembly template's version)."""
    filled = _sentences_ended(filled)
    rendered = render(f"copy/assemble.{fmt.lang}.j2", channel=fmt.channel, parts=filled, bank=bank, footer=footer)
    text = re.sub(r"\n{3,}", "\n\n", rendered.text).strip()
    return text, rendered.template_version


# Parts that are sentences, so they end with a full stop before the next one starts; titles,
# subject lines, headlines and greetings are left as written.
_SENTENCE_PARTS = ("body", "cta", "hook", "preheader")


def _sentences_ended(filled: dict) -> dict:
    ended = dict(filled)
    for name in _SENTENCE_PARTS:
        value = ended.get(name)
        if isinstance(value, list):
            ended[name] = [end_sentence(v) if v else v for v in value]
        elif isinstance(value, str) and value:
            ended[name] = end_sentence(value)
    return ended


def add_opt_out(text: str, fmt: ChannelFormat) -> str:
    """The channel's opt-out wording at the end of the copy, after a finished sentence."""
    text = end_sentence(text)
    return f"{text} {fmt.opt_out}" if fmt.lang == "en" else text + fmt.opt_out


def preview(text: str, values: dict) -> str:
    """What a half-written draft shows while it streams: slots filled, labels dropped."""
    lines = []
    for line in text.splitlines():
        match = LABEL.match(line)
        lines.append(match.group(2) if match else line)
    return fill_slots("\n".join(lines), values)
