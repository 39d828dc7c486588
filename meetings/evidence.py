"""Evidence by source: for one event, one block per source article with the sentences that state the event.

The engine records every sentence it read an event from (`evidence_spans`) and where it read participants,
date and place (`field_spans`). An event detail shows, per article, its outlet, date, title and link and the
one or two sentences that say most about the event; captions, bylines, photo credits and link lists are never
evidence. Pure functions (no Streamlit), so every rule here is unit-tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from meetings.cleaning import clean_text
from meetings.filters import as_list
from meetings.views import safe_url, source_name

SHOWN_SENTENCES = 2  # "the sentence or two that state the event"; the rest are one click away
MIN_WORDS = 6  # shorter fragments without a full stop are captions, credits or names (bylines)

# Photo captions and credits: "(L)", "(R)", "Photo:", "Getty Images", "File photo", "Image credit".
CAPTION = re.compile(
    r"\((?:L|R|C|left|right|centre|center|top|bottom)\)|\b(?:photo|image|picture)\s*(?:credit|by|:)|"
    r"\bfile photo\b|\bgetty images\b|\b(?:photo|image)s?\s*/\s*\w|©",
    re.I,
)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


@dataclass
class SourceBlock:
    """One source article's evidence for an event."""

    file: str
    outlet: str
    published: str
    title: str
    url: str | None
    sentences: list[dict] = field(default_factory=list)  # shown: {"sentence", "spans": [(start, end)]}
    more: list[dict] = field(default_factory=list)  # the article's other evidence sentences
    text: str = ""  # the article's cleaned text (debris blanked), for the full-text view


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def is_debris_sentence(sentence: str, cleaned: str = "") -> bool:
    """True for what is not a statement of the event: a caption, credit, byline or link-list line.

    `cleaned` is the same stretch of the article after cleaning: when cleaning blanked most of it, it was
    page debris.
    """
    text = sentence.strip()
    if not text or CAPTION.search(text):
        return True
    if len(text.split()) < MIN_WORDS and not SENTENCE_END.search(text):
        return True
    return bool(cleaned) and len(cleaned.strip()) < len(text) / 2


def source_label(file: str, articles: dict[str, dict]) -> str:
    """How a source is named to a reader: its outlet, else its title, else "an uploaded article"."""
    return source_name(articles.get(file, {}))


def _field_spans_in(row, file: str, start: int, end: int) -> list[tuple[int, int]]:
    """The event's participant/date/place spans inside [start, end) of `file`, relative to `start`."""
    out = []
    for span in as_list(row.get("field_spans")):
        if not isinstance(span, dict) or span.get("file") != file:
            continue
        try:
            s, e = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if start <= s and e <= end:
            out.append((s - start, e - start))
    return out


def _score(row, file: str, span: dict) -> int:
    """How much a sentence states the event: distinct fields (who, when, where) read from it, then names."""
    start, end = int(span.get("start", 0)), int(span.get("end", 0))
    kinds = {s.get("field") for s in as_list(row.get("field_spans"))
             if isinstance(s, dict) and s.get("file") == file and start <= int(s.get("start", -1)) < end}
    sentence = str(span.get("sentence", "")).casefold()
    names = sum(1 for p in as_list(row.get("participants")) if str(p).split()[-1].casefold() in sentence)
    return 10 * len(kinds) + names


def _sentences_of(row, file: str, cleaned: str) -> list[dict]:
    """The file's evidence sentences that are real statements, in text order, each with its score and spans."""
    seen: set[str] = set()
    out = []
    for span in as_list(row.get("evidence_spans")):
        if not isinstance(span, dict) or span.get("file") != file:
            continue
        sentence = str(span.get("sentence", ""))
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            start, end = 0, 0
        if sentence in seen or is_debris_sentence(sentence, cleaned[start:end] if end > start else ""):
            continue
        seen.add(sentence)
        out.append({"sentence": sentence, "start": start, "score": _score(row, file, span),
                    "spans": _field_spans_in(row, file, start, end)})
    return out


def source_blocks(row, articles: dict[str, dict]) -> list[SourceBlock]:
    """One block per source article of the event (in the event's source order), with its best sentences."""
    blocks = []
    for file in dict.fromkeys(str(s) for s in as_list(row.get("sources"))):
        art = articles.get(file, {})
        cleaned = clean_text(_text(art.get("text")))
        sentences = _sentences_of(row, file, cleaned)
        ranked = sorted(sentences, key=lambda s: (-s["score"], s["start"]))
        # The best sentence always shows; a second only when it too names who, when or where.
        best = ranked[:1] + [s for s in ranked[1:SHOWN_SENTENCES] if s["score"] > 0]
        shown = sorted(best, key=lambda s: s["start"])
        blocks.append(SourceBlock(
            file=file, outlet=_text(art.get("outlet")), published=_text(art.get("published")),
            title=_text(art.get("title")), url=safe_url(art.get("url")), sentences=shown,
            more=[s for s in sentences if s not in shown], text=cleaned,
        ))
    return blocks


def _named(text: str, sources: list[str]) -> list[str]:
    return [f for f in sources if f in text]


def _readable_dates(note: str) -> str:
    """ "2024-04-08..2024-04-08" -> "2024-04-08"; "2024-04-08..2024-04-09" -> "2024-04-08 – 2024-04-09"."""
    note = re.sub(r"(\d{4}(?:-\d\d){0,2})\.\.\1(?![\d-])", r"\1", note)
    return re.sub(r"(\d)\.\.(\d)", r"\1 – \2", note)


def disagreement_notes(row, articles: dict[str, dict]) -> list[str]:
    """What two or more sources of the event disagree on, sources named by outlet (never by file name).

    The engine also notes conflicts between two reports inside one article ("date X in a.txt vs Y in a.txt");
    those are not a disagreement between sources and are left out, as is everything on a one-source event.
    """
    sources = [str(s) for s in dict.fromkeys(as_list(row.get("sources")))]
    if len(sources) < 2:
        return []
    notes = []
    for note in (n.strip() for n in _text(row.get("disagreements")).split(";")):
        sides = note.split(" vs ")
        left = _named(sides[0], sources)
        right = _named(sides[1], sources) if len(sides) == 2 else []
        others = [f for f in sources if f not in left]
        if not left or set(right) == set(left) or (not right and not others):
            continue
        if len(sides) == 2 and not right:  # "place Kazan in b.txt vs Moscow": Moscow is the other sources'
            note += " in " + ", ".join(dict.fromkeys(source_label(f, articles) for f in others))
        for file in sorted(left + right, key=len, reverse=True):
            note = note.replace(file, source_label(file, articles))
        notes.append(_readable_dates(note))
    return notes
