"""Topics: label what a meeting was about from keywords in its evidence (data/topics.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from meetings.knowledge import KnowledgeBase


@lru_cache(maxsize=256)
def keyword_pattern(keyword: str) -> re.Pattern:
    """A keyword on word boundaries; a trailing * matches any ending ("palestin*")."""
    k = keyword.strip().lower()
    body = re.escape(k[:-1]) + r"\w*" if k.endswith("*") else re.escape(k)
    # short all-letter keywords like "un" or "us" only match in capitals, so "un" is not "un-" in a word
    if len(k) <= 3 and k.isalpha():
        return re.compile(r"(?<![\w-])" + re.escape(k.upper()) + r"(?![\w-])")
    return re.compile(r"(?<![\w-])" + body + r"(?![\w-])", re.I)


@lru_cache(maxsize=1024)
def keyword_literal(keyword: str) -> tuple[str, bool]:
    """The text a match of `keyword_pattern(keyword)` must contain, and whether it is matched ignoring case
    ("" when that cannot be said: the keyword is not plain ASCII)."""
    rx = keyword_pattern(keyword)
    k = keyword.strip().lower().removesuffix("*")
    if not k.isascii():
        return "", False
    return (k, True) if rx.flags & re.I else (k.upper(), False)


def without_exclusions(text: str, phrases: list[str]) -> str:
    """`text` with every exclusion phrase blanked (same length, so offsets hold): "Latin American" is not
    "American" for the label that lists it under `not_in`."""
    low = text.lower()
    for phrase in phrases:
        if phrase.removesuffix("*") in low:
            text = keyword_pattern(phrase).sub(lambda m: " " * len(m.group()), text)
    return text


def label_topics(texts: list[str], kb: KnowledgeBase) -> list[str]:
    """The topic labels whose keywords occur in any of `texts`, in the knowledge base's order.

    A keyword whose text is absent is not searched for (most are): for ASCII, ignoring case is lower-casing.
    """
    joined = "\n".join(texts)

    def found(keyword: str, text: str, low: str | None) -> bool:
        literal, ignore_case = keyword_literal(keyword)
        if literal and low is not None and literal not in (low if ignore_case else text):
            return False
        return keyword_pattern(keyword).search(text) is not None

    labels = []
    for label, keywords in kb.topics.items():
        text = without_exclusions(joined, kb.topic_exclusions.get(label, []))
        low = text.lower() if text.isascii() else None
        if any(found(k, text, low) for k in keywords):
            labels.append(label)
    return labels


def matched_keywords(text: str, kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """(start, end, label) of every topic keyword in `text`, for highlighting evidence."""
    out = []
    for label, keywords in kb.topics.items():
        searched = without_exclusions(text, kb.topic_exclusions.get(label, []))
        for k in keywords:
            out.extend((m.start(), m.end(), label) for m in keyword_pattern(k).finditer(searched))
    return sorted(out)
