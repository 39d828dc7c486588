"""Claimed character spans: which parts of a text a finder has already given to a mention.

The finders (people, places, organisations) each skip a match that overlaps one found before. Checking a new
match against every span found so far made a dense article quadratic (a 2 MB text never finished); marking
the claimed characters makes each check cost only the length of the match.
"""

from __future__ import annotations

from collections.abc import Iterable


class ClaimedSpans:
    """Character spans [start, end) of one text, claimed by mentions; overlap tests in O(span length)."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.length = length
        self.covered = bytearray(length + 1)
        self.starts = bytearray(length + 1)
        for start, end in spans:
            self.add(start, end)

    def _clamp(self, start: int, end: int) -> tuple[int, int]:
        return max(0, min(start, self.length)), max(0, min(end, self.length))

    def add(self, start: int, end: int) -> None:
        """Claim the characters start..end-1."""
        start, end = self._clamp(start, end)
        if end > start:
            self.covered[start:end] = b"\x01" * (end - start)
            self.starts[start] = 1

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any character of start..end-1 is already claimed."""
        start, end = self._clamp(start, end)
        return 1 in self.covered[start:end]

    def starts_between(self, first: int, last: int) -> bool:
        """Whether a claimed span starts at a position from `first` to `last` (both included)."""
        first, last = self._clamp(first, last + 1)
        return 1 in self.starts[first:last]
