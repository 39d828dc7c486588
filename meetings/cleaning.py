"""Cleaning: blank out page debris while keeping every character offset of the original text.

Scraped articles carry breadcrumbs, share bars, bylines, cookie banners, image file names and long
trailing link lists ("Latest Stories", "You May Also Like"). None of it may produce an event or a
participant. Debris is replaced by spaces (newlines kept), so the cleaned text has exactly the
original's length and an offset found in it points at the same characters in the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from meetings.lexicon import Lexicon, load_lexicon, phrase_pattern


@lru_cache(maxsize=4)
def link_list_header(lex: Lexicon) -> re.Pattern:
    """A line that opens a list of links to other stories (lexicon `link_list_headers`), perhaps after a
    bracketed label ("[WORLD] Latest stories"): it and the short lines after it are debris."""
    return re.compile(r"^\W*(\[[A-Z ]+\]\s*)?" + phrase_pattern(lex.link_list_headers) + r"\W*$", re.I)


# Lines that are debris on their own.
DEBRIS_LINE = re.compile(
    r"^\W*("
    r"share(\s(this|it|on|via))?(\s*(:|\||$)|\s+(facebook|twitter|x|whatsapp|linkedin|email|telegram)\b).*|print\s*\|.*|"
    r"(all\s)?comments?\s*\d*\.?|\d+|comments?\d+|home\s*[>/›»|"
    r"].*|(?-i:Home[A-Z][a-z]+[A-Z].*)|[\w\s]+(\s*[>›»]\s*[\w&\s-]+){1,5}|updated:?\s.*|"
    r"published:?\s.*\|\s*\d+\s*min\sread.*|\d+\s*min\sread|"
    r"\(?((compiled|reporting|written|edited)\s+)?by\s+[\w.&'\s-]{0,60}\b(staff|reporters?|correspondents?|bureau|"
    r"desk)\b[^.!?]*\)?|[\w\s.'-]{1,40}\|\s*[\w\s]{1,20}\bdesk|"
    r"by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}(\s*[&,]\s*agencies)?|(?-i:[A-Z][\w.'-]+(\s[A-Z][\w.'-]+){0,3}\s+Views)|(©|"
    r"\(c\)|copyright)\b.*|terms\s*\|.*|"
    r"[\w.+-]+@[\w-]+\.[\w.]+|(img|clip|image|photo|dsc|screenshot)[\w-]*\d{4,}[\w-]*(\.(jpe?g|"
    r"png|gif|webp))?|[\w-]+\.(jpe?g|png|gif|webp)|(f|x|in|mail|whatsapp|facebook|telegram|"
    r"linkedin|email|tweet|save|\[[^\]]*\]|\||\s)+"
    r")\W*$",
    re.I,
)



@lru_cache(maxsize=4)
def debris_vocabulary(lex: Lexicon) -> re.Pattern:
    """Lines that are debris by their words (lexicon): only a label ("Advertisement", "Politics":
    `debris_labels`), opening with a phrase ("Also read: ...": `debris_openers`), containing one
    ("... cookie policy ...": `debris_phrases`) or ending with one ("... All rights reserved.":
    `debris_endings`)."""
    return re.compile(
        r"^\W*" + phrase_pattern(lex.debris_labels) + r"\W*$|"
        r"^\W*" + phrase_pattern(lex.debris_openers) + r"(?:(?<=\W)|(?!\w)).*$|"
        r"^.*\b" + phrase_pattern(lex.debris_phrases) + r"\b.*$|"
        r"^.*" + phrase_pattern(lex.debris_endings) + r"\W*$", re.I)


def is_debris_line(line: str, vocabulary: re.Pattern) -> bool:
    """A short stripped line that is page debris by its shape or its words."""
    return len(line) < 200 and bool(DEBRIS_LINE.match(line) or vocabulary.match(line))


PROSE_LINE_MIN = 120  # a long line ending a sentence is article prose, which ends a link list


def is_prose(line: str) -> bool:
    """A line that reads like article prose rather than a link or a label."""
    s = line.strip()
    return len(s) >= PROSE_LINE_MIN and s[-1:] in ".!?\"'”’)"


def debris_line_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the lines of `text` that are page debris."""
    spans: list[tuple[int, int]] = []
    in_link_list = False
    pos = 0
    lex = load_lexicon()
    header, vocabulary = link_list_header(lex), debris_vocabulary(lex)
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        if header.match(stripped):
            in_link_list = True
            spans.append((start, end))
            continue
        if in_link_list:
            if is_prose(stripped):
                in_link_list = False
            else:
                spans.append((start, end))
                continue
        if is_debris_line(stripped, vocabulary):
            spans.append((start, end))
    return spans


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the characters of `spans` by spaces (newlines kept), preserving length and offsets."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def clean_text(text: str) -> str:
    """The article text with page debris blanked out; same length as `text`."""
    return blank_spans(text, debris_line_spans(text))
