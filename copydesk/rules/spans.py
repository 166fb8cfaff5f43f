"""A set of text spans that answers "does [start, end) overlap any of them?" in log time, so a
check over a megabyte of copy with thousands of marks stays linear (a scan per figure was not)."""

from __future__ import annotations

import bisect


class SpanSet:
    def __init__(self, spans):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with any span in the set."""
        index = bisect.bisect_left(self.starts, end) - 1  # the last span starting before `end`
        return index >= 0 and self.ends[index] > start
