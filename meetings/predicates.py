"""Predicates: the words of a parsed sentence that report a meeting, visit or call, with their cues.

A predicate is a verb from the lexicon ("met", "conferred", "sat down"), or a noun from it ("talks",
"a visit", "a phone call") tied to a light verb ("held talks"), a possessor ("Putin's talks") or a
partner ("talks with Xi"). For each one this module reads, from the dependency parse only, what the
lexicon says governs it: status cues ("is set to meet", "a possible meeting"), negation ("did not
meet", "no meeting") and cancellation ("cancelled a planned visit", "the talks were called off").
"""

from __future__ import annotations

from dataclasses import dataclass

from meetings.lexicon import Lexicon, Predicate

CLAUSE_DEPS = {"ROOT", "conj", "advcl", "relcl", "ccomp", "xcomp", "acl", "pcomp", "parataxis"}
CONTROL_DEPS = {"xcomp", "ccomp", "acomp", "oprd", "acl"}   # "is set to meet", "plans to visit", "no plans to"


@dataclass
class PredicateHit:
    """One predicate in a sentence."""

    anchor: object                 # the spaCy token of the lexicon word
    verb: object | None            # the verb carrying tense and status: the anchor, a light verb, or None
    entry: Predicate
    kind: str
    status_cue: str = ""           # planned | possible | ""
    negated: bool = False          # denied or called off

    @property
    def tokens(self) -> list:
        return [t for t in (self.anchor, self.verb) if t is not None]


def lemma(tok) -> str:  # noqa: ANN001
    return tok.lemma_.lower()


def has_dependents(tok, words: tuple[str, ...]) -> bool:  # noqa: ANN001
    """True when every word is a dependent of `tok` or of one of its prepositions/particles."""
    near = set()
    for child in tok.children:
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue   # "a call on Monday": a date, not the "call on" of a visit
        near.add(lemma(child))
        near.add(child.lower_)
        if child.dep_ in ("prep", "agent", "prt", "dobj", "compound", "amod", "npadvmod", "advmod", "pobj"):
            near.update(lemma(g) for g in child.children)
    return all(w in near for w in words)


def match_entry(tok, entries: list[Predicate]) -> Predicate | None:  # noqa: ANN001
    for entry in entries:
        if has_dependents(tok, entry.dependents):
            return entry
    return None


def phrase_at(tok, phrases: list[tuple[str, ...]]) -> bool:  # noqa: ANN001
    """Whether `tok` is the head of one of the (multiword) phrases of a word list."""
    return any(lemma(tok) == p[0] and has_dependents(tok, p[1:]) for p in phrases)


def governing_verb(noun, lex: Lexicon):  # noqa: ANN001, ANN201
    """The light verb of a noun predicate ("held talks", "paid a visit to"), else its nearest verb."""
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "oprd") and free_relative(head):
        return head.head     # "held what officials called talks", "convened what became a summit"
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "conj", "appos") and head.pos_ in ("VERB", "AUX"):
        if noun.dep_ == "dobj" and (lemma(head) in lex.reporting_verbs or any(
                c.dep_ in ("oprd", "acomp") for c in head.children)):
            return None      # "Peskov called the conversation candid": a comment on the event, not a party to it
        return head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" \
            and head.head.dep_ in ("dobj", "nsubjpass") and head.head.head.pos_ in ("VERB", "AUX"):
        return head.head.head   # "held a round of consultations", "a series of meetings was held"
    if noun.dep_ == "pobj" and head.lower_ in ("for", "on", "in", "into", "to"):
        up = head.head
        if up.pos_ == "NOUN" and up.dep_ == "dobj":
            up = up.head     # "took part in talks"
        if up.pos_ in ("VERB", "AUX") and lemma(up) not in lex.reporting_verbs:
            return up        # "arrived for talks", "went on a visit", "moved on to a session with"
    if noun.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
        return head          # "talks took place": tense and status of "took place"
    return None


def free_relative(verb) -> bool:  # noqa: ANN001
    """A "what" clause standing as the object of a verb: "[held] what the ministry called talks"."""
    return (verb.pos_ in ("VERB", "AUX") and verb.dep_ in ("ccomp", "dobj", "xcomp")
            and verb.head.pos_ in ("VERB", "AUX") and any(c.lower_ == "what" for c in verb.children))


def noun_forms(tok) -> list[str]:  # noqa: ANN001
    """The lexicon keys a noun may stand for: its lemma, and for a capitalised title word ("Political
    Consultations", which the tagger leaves unlemmatised as a proper noun) its lower-case singular."""
    forms = [lemma(tok)]
    if tok.pos_ == "PROPN":
        low = tok.lower_
        forms += [low, low[:-1] if low.endswith("s") else low]
    return forms


def verb_by_its_subject(tok) -> bool:  # noqa: ANN001
    """ "Blinken heads to Beijing": the tagger may read a verb in -s as a plural noun, but the parser gives it a
    subject, and only a verb has one."""
    return tok.tag_ in ("NNS", "NNPS") and any(c.dep_ == "nsubj" for c in tok.children)


def in_setting(noun, lex: Lexicon) -> bool:  # noqa: ANN001
    """Whether a noun is the "of" object of a setting noun ("the sidelines of the summit")."""
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "of" and (
        lemma(head.head) in lex.setting_nouns or head.head.lower_ in lex.setting_nouns)


def find_predicates(sent, lex: Lexicon, quoted: set[int] | None = None) -> list[PredicateHit]:  # noqa: ANN001
    """Every predicate of one sentence (a spaCy Span), in text order, with its cues."""
    hits: list[PredicateHit] = []
    quoted = quoted or set()
    for tok in sent:
        if tok.idx in quoted:
            continue   # what someone said, not what happened
        if (tok.pos_ in ("VERB", "AUX") or verb_by_its_subject(tok)) and lemma(tok) in lex.verbs:
            if any(c.dep_ == "oprd" for c in tok.children):
                continue   # "called it a productive meeting": naming, not the event
            if phrase_at(tok, lex.phrases("cancellation_cues")):
                continue   # "called off the meeting on Tuesday" is no "call on"
            entry = match_entry(tok, lex.verbs[lemma(tok)])
            if entry is not None:
                hits.append(PredicateHit(tok, tok, entry, entry.kind))
        elif tok.pos_ in ("NOUN", "PROPN") and any(f in lex.nouns for f in noun_forms(tok)):
            entry = match_entry(tok, lex.nouns[next(f for f in noun_forms(tok) if f in lex.nouns)])
            if entry is not None:
                hits.append(PredicateHit(tok, governing_verb(tok, lex), entry, entry.kind))
    # "on the sidelines of the summit": the summit is the setting of the event told, not another event
    hits = [h for h in hits if not (h.verb is None and in_setting(h.anchor, lex))]
    # "met in Doha to discuss Syria": what the meeting was for is no second meeting
    told = {t.i for h in hits for t in h.tokens}
    hits = [h for h in hits if not (h.verb == h.anchor and h.entry.mutual and purpose_clause(h.anchor)
                                    and h.anchor.head.i in told)]
    # "witnessed A and B sign a declaration": the signing seen is part of the witnessing event
    hits = [h for h in hits if not (h.verb == h.anchor and h.anchor.dep_ in ("ccomp", "xcomp") and h.anchor.tag_ == "VB"
                                    and not any(c.lower_ == "to" for c in h.anchor.children)
                                    and h.anchor.head.i in told)]
    anchors = {h.anchor.i for h in hits}
    # "a phone call on Sunday, in which the two discussed Sweden": what a clause about an event noun says
    # was talked over there is that event, not another
    # (the noun takes the clause's people: see arguments.argument_tokens)
    hits = [h for h in hits if not (h.verb == h.anchor and h.entry.mutual and h.anchor.dep_ == "relcl"
                                    and h.anchor.head.i in anchors and any(
                                        p.dep_ == "prep" and any(w.lower_ == "which" for w in p.children)
                                        for p in h.anchor.children))]
    # "held a telephone call, their first conversation in months": an event noun in apposition to another
    # renames that event
    hits = [h for h in hits if h.verb == h.anchor or not renames(h.anchor, anchors)]
    anchors = {h.anchor.i for h in hits}
    # "Bilateral Political Consultations", "summit meeting": one predicate, named by its head noun
    # "a meeting room", "the summit venue": an event noun that only modifies another noun reports nothing
    hits = [h for h in hits if h.verb == h.anchor or h.anchor.dep_ not in ("compound", "amod")
            or (h.anchor.head.i not in anchors and h.anchor.head.pos_ not in ("NOUN",))]
    verbs = {h.anchor.i for h in hits if h.verb == h.anchor}
    # the object of a mutual verb is what was talked about: "discussing a possible meeting between X and Y"
    topics = {h.anchor.i for h in hits if h.verb == h.anchor and h.entry.mutual}
    # "visited Beijing for talks": the noun under a verb predicate is the same event
    hits = [h for h in hits if h.verb == h.anchor or h.verb is None or h.verb.i not in verbs
            or h.entry.kind != "visit" and h.anchor.dep_ not in ("dobj",)
            or h.anchor.dep_ == "dobj" and h.verb.i in topics]
    # "convened by video link", "met via video conference": the means of another event, not one of its own
    told = {t.i for h in hits for t in h.tokens}
    hits = [h for h in hits if not (h.anchor.dep_ == "pobj" and h.anchor.head.lower_ in lex.manner_prepositions
                                    and h.anchor.head.head.i in told - {t.i for t in h.tokens})]
    for h in hits:
        read_cues(h, lex)
        if h.kind in ("meeting", "multilateral_meeting") and near_words(h) & lex.call_markers:
            h.kind = "phone_call"   # "met by video link", "spoke by phone", "a virtual summit"
    return hits


def renames(noun, anchors: set[int]) -> bool:  # noqa: ANN001
    """Whether an event noun stands in apposition to another one ("a telephone call, their first conversation"),
    as the parser says or, when it hangs the second elsewhere, as the comma right after the first shows."""
    if noun.dep_ == "appos" and noun.head.i in anchors:
        return True
    left = noun.left_edge
    doc = noun.doc
    return left.i >= 2 and doc[left.i - 1].text == "," and doc[left.i - 2].i in anchors


def near_words(hit: PredicateHit) -> set[str]:
    """Lemmas of the predicate's dependents and their objects ("by phone", "via video link"); for a verb,
    of its whole clause ("discussed coordinating contacts over the phone")."""
    out = set()
    if hit.verb == hit.anchor:
        out.update(lemma(t) for t in own_clause(hit.anchor))
    for t in hit.tokens:
        for child in t.children:
            out.add(lemma(child))
            if child.dep_ in ("prep", "agent", "amod", "compound", "advmod", "npadvmod"):
                out.update(lemma(g) for g in child.children)
                out.update(lemma(g) for gc in child.children for g in gc.children if g.dep_ == "compound")
    return out


OTHER_CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "conj", "parataxis", "acl"}


def own_clause(verb) -> list:  # noqa: ANN001
    """The tokens of a verb's clause without the clauses under it ("met Xi in Lima, where the two inaugurated
    a port by video link": the video link is the other clause's)."""
    out, todo = [], [verb]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in OTHER_CLAUSE_DEPS)
    return out


def purpose_clause(tok) -> bool:  # noqa: ANN001
    """ "was to travel to Luanda to meet Lourenco": an infinitive of purpose without a subject of its own shares
    the status of the verb it serves."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def later_step(tok) -> bool:  # noqa: ANN001
    """ "before flying to X": a gerund under "before", the next step after the verb it hangs on."""
    return tok.dep_ == "pcomp" and tok.head.lower_ == "before" and tok.head.dep_ == "prep" \
        and tok.head.head.pos_ in ("VERB", "AUX")


def to_gerund(tok) -> bool:  # noqa: ANN001
    """ "looked forward to welcoming X", "committed to meeting X": a gerund that is the object of a verb's "to"."""
    return tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.lower_ == "to" \
        and tok.head.head.pos_ in ("VERB", "AUX")


def control_chain(tok) -> list:  # noqa: ANN001
    """`tok` and the verbs it is the complement (or the purpose) of: meet -> set in "is set to meet"."""
    chain = [tok]
    while tok.dep_ in CONTROL_DEPS or (tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX")) \
            or purpose_clause(tok) or later_step(tok) or to_gerund(tok):
        # "is due to address the assembly before flying to Sao Tome": what comes after a plan is planned too;
        # "looked forward to welcoming": the verb the gerund is the "to" object of
        tok = tok.head.head if later_step(tok) or to_gerund(tok) else tok.head
        chain.append(tok)
        if len(chain) > 4:
            break
    return chain


def read_cues(hit: PredicateHit, lex: Lexicon) -> None:
    """Status, negation and cancellation cues that govern the predicate."""
    cues: list = []
    noun_subject = hit.anchor != hit.verb and hit.anchor.dep_ in ("nsubj", "nsubjpass")
    for t in hit.tokens:
        if noun_subject and t == hit.verb:
            # "The trip aims to ...": only the verb's auxiliaries ("The talks will take place") time the event
            cues.extend(ch for ch in t.children if ch.dep_ in ("aux", "neg") or (
                ch.dep_ == "auxpass" and hit.anchor.dep_ == "nsubjpass"))
            if t.tag_ == "VBN":
                cues.append(t)   # "The meeting, scheduled for May, ...", "The visit was planned": a participle
            cues.extend(c for c in control_chain(t)[1:] if phrase_at(c, lex.phrases("cancellation_cues")))
            continue
        for c in control_chain(t):
            cues.append(c)
            cues.extend(ch for ch in c.children if ch.dep_ in ("aux", "auxpass", "neg", "advmod", "amod", "det",
                                                                "acomp", "prt"))
    if hit.anchor.pos_ in ("NOUN", "PROPN"):
        cues.extend(ch for ch in hit.anchor.children if ch.dep_ in ("amod", "det", "compound", "nummod", "neg")
                    or ch.dep_ == "acl" and ch.tag_ in ("VBN", "VBD"))   # "the meeting, scheduled for May"
    words = {lemma(c) for c in cues} | {c.lower_ for c in cues} | modal_be(hit)
    # the predicate itself is never its own cue ("visit" is not "planned" because "plan" is a noun nearby)
    own = {lemma(hit.anchor)}
    words -= own
    # "did not rule out a meeting": a denied cancellation leaves the event possible
    canceller = cancellation_verb(hit, lex)
    denied = canceller if canceller is not None and is_negated(canceller, lex) else None
    if any(c.dep_ in ("neg", "det", "advmod", "preconj") and (lemma(c) in lex.negation_cues or
                                                              c.lower_ in lex.negation_cues)
           and (denied is None or c.head != denied) for c in cues):
        hit.negated = True
    if any(t.dep_ == "pcomp" and lemma(t.head) in lex.negation_cues for t in hit.tokens):
        hit.negated = True   # "without meeting"
    if (canceller is not None and denied is None) or unfulfilled(hit, lex):
        hit.negated = True
    if denied is not None:
        hit.status_cue = "possible"
    elif words & lex.possible:
        hit.status_cue = "possible"
    elif words & lex.planned or any(phrase_at(c, lex.phrases_of(lex.planned)) for c in cues):
        hit.status_cue = "planned"   # (a cue of several words: "looked forward to welcoming")


def modal_be(hit: PredicateHit) -> set[str]:
    """ "X is to visit Y": "be" with the predicate as its "to" complement reads as the cue "be to"."""
    for t in hit.tokens:
        chain = control_chain(t)
        for below, up in zip(chain, chain[1:], strict=False):
            if lemma(up) == "be" and below.dep_ == "xcomp" and any(c.lower_ == "to" for c in below.children):
                return {"be to"}
    return set()


def unfulfilled(hit: PredicateHit, lex: Lexicon) -> bool:
    """ "has yet to hold a meeting", "is yet to visit": a verb the predicate is the "to" complement of carries
    an `unfulfilled_cues` word."""
    for t in hit.tokens:
        for up in control_chain(t)[1:]:
            below = [c for c in up.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)]
            if below and any(c.dep_ == "advmod" and c.lower_ in lex.unfulfilled_cues for c in up.children):
                return True
    return False


def cancellation_verb(hit: PredicateHit, lex: Lexicon):  # noqa: ANN201 - a spaCy Token or None
    """The cancellation verb that governs the predicate ("cancelled a visit", "the meeting was called off")."""
    phrases = lex.phrases("cancellation_cues")
    heads = {p[0] for p in phrases}
    for t in hit.tokens:
        up = t
        # up through objects and relative clauses ("cancelled a visit to Beijing, where he was to meet Qin"),
        # never out of a clause of its own ("cancelled the trip after he met X": the meeting happened)
        for _ in range(7):
            if lemma(up) in heads and phrase_at(up, phrases) and up != hit.anchor:
                return up
            if up.dep_ in ("ROOT", "advcl", "conj", "parataxis", "ccomp") or up.head == up:
                break
            up = up.head
    return None


def is_negated(verb, lex: Lexicon) -> bool:  # noqa: ANN001
    """Whether a verb has a negation of its own ("did not rule out")."""
    return any(c.dep_ == "neg" and (lemma(c) in lex.negation_cues or c.lower_ in lex.negation_cues)
               for c in verb.children)
