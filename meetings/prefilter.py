"""The cheap check before the parse: can this text report an event at all?

Every event starts at a predicate: a token whose lemma is a head word of the lexicon's `meeting_verbs` or
`meeting_nouns` (`meetings.predicates.find_predicates`). A text in which no token can have such a lemma
yields no event, so the parse and the whole extraction can be skipped for it.

Which spellings can have a given lemma is read from the spaCy model's own lemmatizer, not from a hand
list: its suffix rules ("meeting" is "meet" + "ing"), its exception table ("met", "spoke", "came") and the
attribute ruler's fixed lemmas. A rule turns a lower-cased token `stem + old` into `stem + new`, so a head
ending in `new` comes only from the spelling `stem + old`. The text is tokenized exactly as the parse will
tokenize it and each token's lower-cased spelling looked up; before that, a plain substring search rules out
at once most texts that hold none of these spellings anywhere (each token is a piece of the text). When
the model's lemmatizer is not the rule-based one this module knows, nothing is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from meetings.lexicon import Lexicon, load_lexicon
from meetings.parsing import MAX_PARSE_CHARS, load_pipeline, paragraph_chunks


def rule_spellings(head: str, rules: Iterable[tuple[str, str]]) -> set[str]:
    """The lower-case spellings the suffix rules `(old, new)` turn into `head`."""
    return {head[:len(head) - len(new)] + old for old, new in rules if head.endswith(new)}


def exception_spellings(heads: set[str], exceptions: dict[str, list[str]]) -> dict[str, set[str]]:
    """Per head, the irregular spellings an exception table maps to it ("met" -> "meet")."""
    out: dict[str, set[str]] = {h: set() for h in heads}
    for form, lemmas in exceptions.items():
        for lemma in lemmas:
            if lemma.lower() in out:
                out[lemma.lower()].add(form.lower())
    return out


def ruler_spellings(heads: set[str], patterns: list[dict]) -> set[str] | None:
    """Spellings the attribute ruler gives one of `heads` as a fixed lemma; None when a pattern that does
    so matches by something other than the token's own text (the spellings cannot be listed)."""
    out: set[str] = set()
    for p in patterns:
        lemma = str(p.get("attrs", {}).get("LEMMA", "")).lower()
        if lemma not in heads:
            continue
        for pattern in p.get("patterns", []):
            token = pattern[p.get("index", 0)] if pattern else {}
            text = next((token[k] for k in ("LOWER", "ORTH", "TEXT") if k in token), None)
            if isinstance(text, dict) and set(text) == {"IN"}:
                out.update(str(t).lower() for t in text["IN"])
            elif isinstance(text, str):
                out.add(text.lower())
            else:
                return None
    return out


def predicate_spellings(nlp, lex: Lexicon) -> frozenset[str] | None:  # noqa: ANN001 - a spaCy Language
    """Every lower-case spelling a token can have when its lemma, or its noun form, is a head word of the
    lexicon's predicates; None when this cannot be known for `nlp` (then every text must be parsed)."""
    if nlp is None or "lemmatizer" not in nlp.pipe_names:
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", "") != "rule":
        return None
    heads = {h.lower() for h in (*lex.verbs, *lex.nouns)}
    rules = [tuple(r) for table in lemmatizer.lookups.get_table("lemma_rules", {}).values() for r in table]
    spellings = heads | {h + "s" for h in heads}   # a capitalised "Talks" stands for "talk" (noun_forms)
    for head in heads:
        spellings |= rule_spellings(head, rules)
    for table in lemmatizer.lookups.get_table("lemma_exc", {}).values():
        for forms in exception_spellings(heads, table).values():
            spellings |= forms
    if "attribute_ruler" in nlp.pipe_names:
        fixed = ruler_spellings(heads, nlp.get_pipe("attribute_ruler").patterns)
        if fixed is None:
            return None
        spellings |= fixed
    spellings.discard("")
    return frozenset(spellings)


@dataclass(frozen=True)
class Spellings:
    """The spellings of `predicate_spellings`, and the shortest of them for a first substring search."""

    tokens: frozenset[str]
    pieces: tuple[str, ...]    # every spelling contains one of these; empty when one is not plain ASCII


def spellings_of(tokens: frozenset[str]) -> Spellings:
    # a substring search of the lower-cased text is exact only for ASCII (lower() of a whole text and of one
    # token differ for a Greek final sigma); other spellings go straight to the token check
    if not all(s.isascii() for s in tokens):
        return Spellings(tokens, ())
    return Spellings(tokens, tuple(sorted(s for s in tokens if not any(o != s and o in s for o in tokens))))


_SPELLINGS: dict[int, tuple[Lexicon, Spellings | None]] = {}


def spellings_for(lex: Lexicon) -> Spellings | None:
    """The loaded model's `predicate_spellings` for `lex`, worked out once per lexicon."""
    cached = _SPELLINGS.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    tokens = predicate_spellings(load_pipeline(), lex)
    found = spellings_of(tokens) if tokens is not None else None
    _SPELLINGS[id(lex)] = (lex, found)
    return found


def may_report_event(text: str, lex: Lexicon | None = None) -> bool:
    """False only when no token of `text`, as the parser will see it, can be a predicate of the lexicon's
    meeting vocabulary (see the module doc): then the parse would find no predicate and the article no event.

    A substring search rules out most texts without one at once; otherwise the text is tokenized as
    `parse_texts` tokenizes it (the same pieces, the same tokenizer) and each token's spelling looked up.
    """
    spellings = spellings_for(lex or load_lexicon())
    if spellings is None:
        return True
    text = text[:MAX_PARSE_CHARS]
    if spellings.pieces:
        low = text.lower()
        if not any(p in low for p in spellings.pieces):
            return False
    tokenizer = load_pipeline().tokenizer
    return any(t.lower_ in spellings.tokens for chunk in paragraph_chunks(text) for t in tokenizer(chunk))
