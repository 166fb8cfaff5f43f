"""Copy longer than its channel allows (warn). Counted in code points of the text as written."""

from __future__ import annotations

from copydesk.catalog import CHANNELS, copy_length
from copydesk.rules.findings import BuiltinRule, Finding

RULE = BuiltinRule(
    id="length.channel_limit",
    category="length",
    severity="warn",
    message="Longer than the channel allows",
    suggestion="Shorten the copy; keep the offer, the key fact and the required disclosure",
    citation="House style: channel limits (SMS 160, push 120, banner 60 characters)",
)


def run(ctx) -> list[Finding]:
    """One finding over the overflow when the text is longer than the channel limit."""
    limit = CHANNELS[ctx.channel].limit
    length = copy_length(ctx.text)
    if limit is None or length <= limit:
        return []
    message = f"{length} characters; {CHANNELS[ctx.channel].name} allows {limit} ({length - limit} over)"
    return [ctx.finding(RULE, limit, length, message=message)]
