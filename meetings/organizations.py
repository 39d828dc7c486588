"""Organisations: find the international organisations and forums an article names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from meetings.knowledge import KnowledgeBase, Organization
from meetings.spans import ClaimedSpans


@dataclass
class OrgMention:
    start: int
    end: int
    text: str
    org: Organization


_PATTERNS: dict[int, tuple[KnowledgeBase, list[tuple[re.Pattern, Organization, str, bool]]]] = {}


def org_patterns(kb: KnowledgeBase) -> list[tuple[re.Pattern, Organization, str, bool]]:
    """One pattern per alias: all-caps acronyms match case-sensitively, names case-insensitively; with each,
    the text a match must contain (the acronym, or the name in lower case; "" when that cannot be said) and
    whether that text is lower case."""
    cached = _PATTERNS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    out = []
    for org in kb.organizations:
        for alias in sorted({org.id, org.name, *org.aliases}, key=len, reverse=True):
            if not alias:
                continue
            acronym = alias.replace("+", "").replace("-", "").isupper() or any(ch.isdigit() for ch in alias)
            flags = 0 if acronym else re.I
            # for ASCII, ignoring case is lower-casing: an ASCII text without this substring has no match
            must = "" if not alias.isascii() else alias if acronym else alias.lower()
            out.append((re.compile(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", flags), org, must, not acronym))
    _PATTERNS[id(kb)] = (kb, out)
    return out


def find_org_mentions(text: str, kb: KnowledgeBase) -> list[OrgMention]:
    """Organisation mentions, longest alias first where they overlap, in text order."""
    found: list[OrgMention] = []
    taken = ClaimedSpans(len(text))
    low = text.lower() if text.isascii() else None   # most aliases are absent: a substring test rules them out
    for rx, org, must, lower in org_patterns(kb):
        if must and low is not None and must not in (low if lower else text):
            continue
        for m in rx.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            found.append(OrgMention(m.start(), m.end(), m.group(), org))
            taken.add(m.start(), m.end())
    return sorted(found, key=lambda o: o.start)


_UNLISTED: dict[int, tuple[KnowledgeBase, re.Pattern]] = {}


def unlisted_forum_pattern(kb: KnowledgeBase) -> re.Pattern:
    """An acronym right before a forum level word ("the BIMSTEC summit", "CICA foreign ministers"): a forum
    of an organisation the knowledge base does not list. Level words come from `forum_levels`."""
    cached = _UNLISTED.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    levels = sorted({w for words in kb.forum_levels.values() for w in words if " " in w or len(w) > 4},
                    key=len, reverse=True)
    level = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in levels) or r"(?!x)x"
    # or a name in capitals before a capitalised level word, after a lower-case "the": "the World Governments
    # Summit" (not a headline, whose words are all capitalised)
    names = "|".join(w.capitalize() for w in levels if " " not in w)
    rx = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?)(?![\w-])(?=\s+(?i:" + level + r")\b)"
                    r"|(?<=\bthe\s)((?:[A-Z][a-z][\w'’-]*\s+){1,4}?)(?=(?:" + (names or r"(?!x)x") + r")\b)")
    _UNLISTED[id(kb)] = (kb, rx)
    return rx


def unlisted_forum_mentions(text: str, kb: KnowledgeBase, found: list[OrgMention],
                            not_forums: set[str]) -> list[OrgMention]:
    """Forums the text names by an acronym the knowledge base does not list ("on the sidelines of the BIMSTEC
    summit"), beside the organisations `found`; an acronym in `not_forums` (a country's) is none."""
    taken = ClaimedSpans(len(text))
    for o in found:
        taken.add(o.start, o.end)
    out = []
    for m in unlisted_forum_pattern(kb).finditer(text):
        g = 1 if m.group(1) else 2
        name = m.group(g).strip()
        start, end = m.start(g), m.start(g) + len(name)
        if len(name.replace("-", "")) < 2 or name in not_forums or taken.overlaps(start, end):
            continue
        if not any(ch.islower() for ch in text[end:end + 12]):
            continue   # "THE SUMMIT OPENS": a headline in capitals, not an acronym
        out.append(OrgMention(start, end, name, Organization(name, name, [])))
    return out
