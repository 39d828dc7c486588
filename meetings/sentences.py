"""Sentences: a splitter that respects common abbreviations and treats line breaks as boundaries."""

from __future__ import annotations

import re
from functools import lru_cache

from meetings.lexicon import load_lexicon, phrase_pattern

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-•*]\s)")


@lru_cache(maxsize=8)
def abbreviation_end(words: frozenset[str]) -> re.Pattern:
    """Text ending in an abbreviation's full stop ("Gen.", lexicon `abbreviations`) or an initial ("J.")."""
    return re.compile(r"\b(?:" + phrase_pattern(words) + r"|[A-Z])\.$")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans between `start` and `end` (a regex splitter that respects common abbreviations)."""
    spans: list[tuple[int, int]] = []
    s = start
    abbreviation = abbreviation_end(load_lexicon().abbreviations)
    for m in SENTENCE_END.finditer(text, start, end):
        before = text[max(start, m.start() - 6):m.start()]
        if abbreviation.search(before):
            continue
        if text[s:m.start()].strip():
            spans.append((s, m.start()))
        s = m.end()
    if text[s:end].strip():
        spans.append((s, end))
    # trim whitespace at both ends
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def is_heading(text: str, start: int, end: int) -> bool:
    """A line of its own, of a few words, with no closing stop: a section heading ("YESTERDAY IN BRIEF",
    "08:50 - Breakfast at the palace")."""
    line = text[start:end].strip()
    own_line = (start == 0 or text[start - 1] == "\n") and (end >= len(text) or text[end:end + 1] == "\n")
    return own_line and 0 < len(line.split()) <= 8 and line[-1] not in ".!?:\"'”"
