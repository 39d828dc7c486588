"""Sentences: a splitter that respects common abbreviations and treats line breaks as boundaries."""

from __future__ import annotations

import re

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|St|Mt|Gen|Col|Lt|Sgt|Capt|Sen|Rep|Gov|Pres|Prof|Jr|Sr|No|vs|etc|Inc|Ltd|Co|" \
                r"Amb|Hon|Excl|H\.E|Rt|Adm|Maj|Cdr|Fr|Sheikh|" \
                r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|[A-Z])"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-•*]\s)")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans between `start` and `end` (a regex splitter that respects common abbreviations)."""
    spans: list[tuple[int, int]] = []
    s = start
    for m in SENTENCE_END.finditer(text, start, end):
        before = text[max(start, m.start() - 6):m.start()]
        if re.search(r"\b" + ABBREVIATIONS + r"\.$", before):
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
