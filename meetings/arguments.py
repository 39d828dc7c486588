"""Arguments: who took part in a predicate's event, and which date and place expressions are its own.

Everything here walks spaCy's dependency parse: subjects, objects, passive agents, partner phrases
("with", "between", "on"), possessives ("Putin's talks"), conjuncts and appositions give the people;
a date or place belongs to the predicate it hangs from in the tree, so "X, who visited Moscow last
week, met Y in Beijing on Monday" gives each event its own date and place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from meetings.actors import NOT_PERSON_LABELS
from meetings.lexicon import Lexicon
from meetings.predicates import PredicateHit, free_relative, lemma, phrase_at

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
# clauses that share their head's subject; "csubj": an opening participle the parser took for a subject
# ("Arriving in Beijing on Monday, Lavrov's visit aims ...")
INHERIT_DEPS = ("xcomp", "conj", "advcl", "pcomp", "prep", "csubj", "acomp")   # acomp: "is due to meet"
SINGULAR_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves", "both", "each"}
RELATIVE_PRONOUNS = {"who", "whom", "whose", "which", "that"}


@dataclass
class Arguments:
    """The argument tokens of one predicate, by role."""

    subjects: list = field(default_factory=list)
    partners: list = field(default_factory=list)


def expand(tok) -> list:  # noqa: ANN001
    """A token with its conjuncts and appositions ("Wang and Lavrov", "Lavrov, Russia's foreign minister")."""
    out, todo = [], [tok]
    while todo and len(out) < 40:
        t = todo.pop()
        if t in out:
            continue
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos") or misparsed_coordination(c))
        # "sat down with Carney first thing Monday": the model may hang the name on a noun after it
        todo.extend(c for c in t.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and t.pos_ == "NOUN")
        # "Prime Minister A and Chancellor B": A may hang on B's title rather than on B
        todo.extend(g for c in t.children if c.dep_ == "compound" for g in c.children if misparsed_coordination(g))
        # "..., Iranian President A and Indonesian President B": or as an apposition of B's title
        todo.extend(g for c in t.children if c.dep_ == "compound" for g in c.children
                    if g.dep_ == "appos" and g.text[:1].isupper())   # "Pezeshkian" may be tagged ADJ
        # "... Berdimuhamedov of Turkmenistan and Mirziyoyev of Uzbekistan": the next name may hang on the country
        todo.extend(g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                    if o.dep_ == "pobj" for g in o.children if g.dep_ == "conj" and g.ent_type_ == "PERSON")
        # "officials, including Wang Yi", "leaders such as Modi"
        todo.extend(g for c in t.children if c.dep_ == "prep" and c.lower_ in ("including", "like", "as")
                    for g in c.children if g.dep_ == "pobj")
        # "Trump, together with Anwar, witnessed ...", "Modi, alongside Albanese, ...": a companion
        todo.extend(g for c in t.children if c.dep_ == "prep" and companion(c) for g in c.children if g.dep_ == "pobj")
    return sorted(out, key=lambda t: t.i)


def companion(prep) -> bool:  # noqa: ANN001
    """ "alongside X", "beside X", "together with X", "along with X" on a person: X takes part too."""
    return prep.lower_ in ("alongside", "beside") or (prep.lower_ == "with" and any(
        a.lower_ in ("together", "along") for a in prep.children))


def misparsed_coordination(tok) -> bool:  # noqa: ANN001
    """ "Minister A and Minister B held talks": the small model sometimes hangs A on B as a modifier that
    keeps its "and" (or as an apposition of B's title that keeps it); A is then a conjunct all the same."""
    return tok.dep_ in ("nmod", "compound", "appos", "poss") and tok.pos_ == "PROPN" and any(
        c.dep_ == "cc" and c.lower_ in ("and", "&") for c in tok.children)


def objects_of(prep) -> list:  # noqa: ANN001
    """The objects of a preposition, and of one coordinated with it ("with A and with B")."""
    preps = [prep, *(c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP")]
    out = [c for p in preps for c in p.children if c.dep_ in ("pobj", "pcomp")]
    # "with X, with whom she agreed ..., and with Y": the parser may hang the second "with" on the clause
    for obj in list(out):
        for clause in (c for c in obj.children if c.dep_ == "relcl"):
            ands = [c.i for c in clause.children if c.dep_ == "cc"]
            out.extend(g for p in clause.children if p.dep_ == "prep" and p.lower_ == prep.lower_
                       and any(a < p.i for a in ands) for g in p.children if g.dep_ == "pobj")
    return out


def inherited_subjects(verb) -> list:  # noqa: ANN001
    """The subject of the clause a subjectless verb depends on ("..., after meeting X", "is set to meet")."""
    t = verb
    for _ in range(5):
        if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("PROPN", "NOUN", "PRON"):
            return [t.head]   # "Lavrov, who met Wang", "Lavrov, visiting Beijing"
        if t.dep_ not in INHERIT_DEPS or t.head == t:
            return []
        if t.dep_ == "xcomp" and (objects := [c for c in t.head.children if c.dep_ == "dobj"]):
            return objects   # "invited Modi to visit", "urged Wang to meet": the object does it
        below, t = t, t.head
        subjects = [c for c in t.children if c.dep_ in SUBJECT_DEPS and c != below]
        if subjects and t.pos_ in ("VERB", "AUX"):
            # "Arriving on Monday, Lavrov's visit aims ...": the possessor of an event noun acts
            owners = [g for s in subjects for g in s.children if g.dep_ == "poss"]
            return subjects + owners
    return []


def absolute_attendees(verb, lex: Lexicon) -> list:  # noqa: ANN001
    """ "are due to meet in Dushanbe on Friday, with Aliyev expected to take part": the subject of a "with"
    clause whose verb, or a verb it governs, is one of attendance (`attendance_verbs`) is at the event."""
    tops = [verb]
    while tops[-1].dep_ in ("xcomp", "acomp") and len(tops) < 4:
        tops.append(tops[-1].head)
    attendance = lex.phrases("attendance_verbs")
    out = []
    for clause in (c for t in tops for c in t.children if c.dep_ == "advcl"):
        if not any(m.dep_ == "mark" and m.lower_ == "with" for m in clause.children):
            continue
        chain = [clause, *(c for c in clause.subtree if c.dep_ == "xcomp")]
        if any(phrase_at(v, attendance) for v in chain):
            out.extend(c for c in clause.children if c.dep_ in SUBJECT_DEPS)
    return out


def stray_conjunct_partners(noun, partner_preps: frozenset[str]) -> list:  # noqa: ANN001
    """ "for talks with A and with B": the parser may hang the second "with" on the preposition governing the
    event noun ("for") instead of on the first "with"; its objects are partners all the same."""
    own = {c.lower_ for c in noun.children if c.dep_ == "prep" and c.lower_ in partner_preps}
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or not own:
        return []
    return [g for c in noun.head.children if c.dep_ == "conj" and c.lower_ in own for g in objects_of(c)]


def gathering_hosts(noun, lex: Lexicon) -> list:  # noqa: ANN001 - a spaCy Token
    """The agents of a hosting or attendance participle on a common noun: "the council, chaired by X",
    "the meeting, hosted by X and attended by Y" (a person's own participle, "Lavrov, accompanied by", is not)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    verbs = lex.hosting_verbs | set(lex.attendance_verbs)
    acls = [c for c in noun.children if c.dep_ in ("acl", "relcl") and lemma(c) in verbs]
    acls += [c for a in acls for c in a.children if c.dep_ == "conj" and lemma(c) in verbs]
    return [g for a in acls for g in person_agents(a)]


def person_agents(verb) -> list:  # noqa: ANN001 - a spaCy Token
    """The objects of a passive verb's "by" that may be people ("chaired by Kazakhstan" names a country)."""
    return [g for c in verb.children if c.dep_ == "agent" for g in objects_of(c)
            if g.ent_type_ not in NOT_PERSON_LABELS]


def purpose_owners(noun, lex: Lexicon) -> list:  # noqa: ANN001
    """ "X's visit to Kyoto for talks with Y", "a trip by X to Moscow for talks with Y": an event noun that
    is the purpose of another event noun of the lexicon is held by that noun's owner (its possessor, or its
    "by" agent). ("The president's support for talks" is no event of his.)"""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ != "for" or prep.head.pos_ != "NOUN" \
            or lemma(prep.head) not in lex.nouns:
        return []
    owner = prep.head
    return [c for c in owner.children if c.dep_ == "poss"] + [
        g for c in owner.children if c.dep_ == "prep" and c.lower_ == "by" for g in objects_of(c)]


def argument_tokens(hit: PredicateHit, lex: Lexicon) -> Arguments:
    """Subject and partner tokens of a predicate, from the parse."""
    args = Arguments()
    a, v = hit.anchor, hit.verb
    partner_preps = lex.partner_prepositions
    if a != v:
        # "a summit of the group with X": the partner phrase may hang from the noun's "of" object
        of_objects = [g for c in a.children if c.dep_ == "prep" and c.lower_ == "of" for g in objects_of(c)]
        for ch in [*a.children, *(c for o in of_objects for c in o.children if c.dep_ == "prep")]:
            if ch.dep_ == "poss":
                args.subjects.append(ch)
            elif ch.dep_ == "prep":
                args.partners.extend((objects_of(ch) if ch.lower_ in partner_preps else []) + via_setting(ch, lex)
                                     + via_partner_noun(ch, lex))
            elif ch.dep_ in ("compound", "nmod") and ch.pos_ == "PROPN":
                args.partners.append(ch)   # "the Putin-Xi talks"
            elif ch.dep_ == "appos" and ch.pos_ == "PROPN":
                args.partners.append(ch)   # a name the parser hung on the event noun ("the invitation of ..., Wang Yi")
            elif ch.dep_ == "relcl" and any(p.dep_ == "prep" and any(w.lower_ == "which" for w in p.children)
                                            for p in ch.children):
                # "a phone call on 28 December, in which Putin apologised to Aliyev": the clause's people
                args.subjects.extend(c for c in ch.children if c.dep_ in SUBJECT_DEPS)
                args.partners.extend(g for p in ch.children if p.dep_ == "prep" and p.lower_ in partner_preps | {"to"}
                                     for g in objects_of(p))
                args.partners.extend(c for c in ch.children if c.dep_ == "dobj" and c.pos_ == "PROPN")
            elif ch.dep_ == "relcl" and lemma(ch) in lex.light_verbs and any(
                    c.dep_ == "dobj" and c.lower_ in ("which", "that") for c in ch.children):
                # "the telephone conversation which both held last 31 March": the clause's people held it
                args.subjects.extend(c for c in ch.children if c.dep_ == "nsubj")
                args.partners.extend(g for p in ch.children if p.dep_ == "prep" and p.lower_ in partner_preps
                                     for g in objects_of(p))
            elif ch.dep_ in ("acl", "relcl") and (lemma(ch) in lex.hosting_verbs
                                                  or lemma(ch) in lex.attendance_verbs and lemma(ch) not in lex.verbs):
                # "a state visit hosted by Sheikh Tamim", "the summit, hosted by X and attended by A and B", "talks
                # that were hosted by X": the host and the guests are at it
                args.partners.extend(gathering_hosts(a, lex))
        args.subjects.extend(purpose_owners(a, lex))
        args.partners.extend(stray_conjunct_partners(a, partner_preps))
    noun_is_subject = a != v and a.dep_ in SUBJECT_DEPS
    # "X and Y discussed a possible visit by Z": what was talked about has its own people, not the talkers
    talked_about = a != v and v is not None and a.dep_ == "dobj" and any(
        e.mutual for e in lex.verbs.get(lemma(v), []))
    if noun_is_subject and v is not None and (lemma(v) in lex.light_verbs or lemma(v) in lex.attendance_verbs):
        # "The meeting was convened by Wang", "the summit, hosted by X": the passive's agent takes part
        # "... was hosted by X and attended by A, B and C": the agents of a coordinated attendance verb too
        verbs = [v, *(c for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"
                      and (lemma(c) in lex.light_verbs or lemma(c) in lex.attendance_verbs))]
        args.partners.extend(g for u in verbs for ch in u.children if ch.dep_ == "agent" for g in objects_of(ch)
                             if g.pos_ == "PROPN")
    if v is not None and not noun_is_subject and not talked_about:
        for ch in v.children:
            if ch == a:
                continue
            if ch.dep_ in SUBJECT_DEPS:
                args.subjects.append(ch)
                # "The council, chaired by Lavrov, brought together ...": who hosts or chairs the gathering
                # that is the subject is at it
                args.partners.extend(gathering_hosts(ch, lex))
            elif ch.dep_ in OBJECT_DEPS and (lemma(ch) in hit.entry.dependents
                                              or lemma(ch) in lex.nouns and not hit.entry.mutual):
                # "exchanged views with X", "hosted talks between A and B": the partner phrase may hang on the
                # predicate's own object word or on the event noun it takes
                args.partners.extend(g for p in ch.children if p.dep_ == "prep" and p.lower_ in partner_preps
                                     for g in objects_of(p))
            elif ch.dep_ in OBJECT_DEPS:
                args.partners.append(ch)
            elif ch.dep_ == "agent":
                args.partners.extend(objects_of(ch))
            elif ch.dep_ == "prep" and ch.lower_ in partner_preps:
                args.partners.extend(objects_of(ch) + via_setting(ch, lex) + via_event_noun(ch, lex)
                                     + via_own_word(ch, hit, partner_preps))
            elif ch.dep_ == "prep":
                args.partners.extend(via_partner_noun(ch, lex) + via_setting(ch, lex) + via_event_noun(ch, lex)
                                     + via_own_word(ch, hit, partner_preps))
            elif ch.dep_ == "conj" and ch.pos_ == "ADP" and ch.lower_ in partner_preps:
                args.partners.extend(objects_of(ch))   # "held talks with A and with B": the second "with"
            elif ch.dep_ == "advmod" and ch.lower_ == "together":
                # "together with Anwar, witnessed ..."
                args.partners.extend(g for p in ch.children if p.dep_ == "prep" and p.lower_ in partner_preps
                                     for g in objects_of(p))
            elif ch.dep_ in ("advcl", "acl") and ch.tag_ in ("VBG", "VBN") and not any(
                    c.dep_ in SUBJECT_DEPS for c in ch.children):
                # "..., sitting alongside A and B": the participle's companions are there too; so are the
                # agents of a joining participle ("sat down to dinner, joined by A and B")
                args.partners.extend(g for p in ch.children if p.dep_ == "prep" and companion(p)
                                     for g in objects_of(p))
                if lemma(ch) in lex.attendance_verbs and lemma(ch) not in lex.verbs:
                    args.partners.extend(person_agents(ch))
            elif ch.dep_ == "ccomp" and bare_infinitive(ch):
                # "witnessed A and B sign a declaration": the people seen taking part
                args.partners.extend(c for c in ch.children if c.dep_ == "nsubj")
        args.partners.extend(absolute_attendees(v, lex))
        if not any(t.dep_ in SUBJECT_DEPS for t in args.subjects):
            args.subjects.extend(inherited_subjects(v))
    elif a.dep_ in ("relcl", "acl") or (a == v and not args.subjects):
        args.subjects.extend(inherited_subjects(a))
    if v is None and not args.subjects:
        args.subjects.extend(framing_subjects(a, lex))
    if v is None and not args.subjects and a.dep_ == "pobj" and a.head.head.tag_ in ("VBG", "VBN") \
            and a.head.head.dep_ == "advcl":
        # "Speaking at a joint news conference with X, Y said ...": the participle's subject is the sentence's
        args.subjects.extend(inherited_subjects(a.head.head))
    if v is not None and noun_is_subject:
        # "The visit comes at the invitation of X", "the talks took place in the presence of X"
        args.partners.extend(g for ch in v.children if ch.dep_ == "prep" for g in via_partner_noun(ch, lex))
    # a relative pronoun stands for the noun its clause modifies
    subjects = []
    for t in args.subjects:
        if t.lower_ in RELATIVE_PRONOUNS and t.head.dep_ in ("relcl", "acl"):
            subjects.append(antecedent(t))
        else:
            subjects.append(t)
    args.subjects = subjects
    return args


def via_own_word(prep, hit: PredicateHit, partner_preps: frozenset[str]) -> list:  # noqa: ANN001
    """ "spoke by telephone with X": the partner phrase may hang on a word of the predicate's own entry."""
    return [g for n in objects_of(prep) if lemma(n) in hit.entry.dependents for p in n.children
            if p.dep_ == "prep" and p.lower_ in partner_preps for g in objects_of(p)]


def via_setting(prep, lex: Lexicon) -> list:  # noqa: ANN001
    """ "met on the sidelines of the summit with X": the parser hangs the partner on the setting ("sidelines")
    or on the gathering it names; X is the partner all the same."""
    out = []
    for setting in objects_of(prep):
        if lemma(setting) not in lex.setting_nouns:
            continue
        named = [g for c in setting.children if c.dep_ == "prep" and c.lower_ == "of" for g in objects_of(c)]
        nouns = [setting, *named]
        out.extend(g for n in nouns for c in n.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
                   for g in objects_of(c))
    return out


def framing_subjects(noun, lex: Lexicon) -> list:  # noqa: ANN001
    """ "After an hour of talks with von der Leyen, Trump announced ...": an event noun in a phrase that frames
    the main clause in time is an event of that clause's subject."""
    t = noun
    while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
        t = t.head.head   # "an hour of talks", "a round of talks"
    prep = t.head
    if t.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in lex.words["framing_prepositions"] \
            or prep.head.pos_ != "VERB":
        return []
    if prep.head.dep_ == "ccomp" and prep.i > 0 and prep.doc[prep.i - 1].text == ",":
        # "A and B agreed that neither would use force, after hours of talks": set off by a comma, the frame
        # belongs to the sentence's verb, not to the reported clause the parser hung it on
        prep = prep.head
    # "agreed to set up a commission after talks in Kingstown": an infinitive's subject is its governor's, when
    # the governor tells what happened (not "is expected to return after talks": those are still to come)
    return [c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass")] or (
        inherited_subjects(prep.head) if prep.head.dep_ == "xcomp" and prep.head.head.tag_ == "VBD" else [])


def bare_infinitive(verb) -> bool:  # noqa: ANN001
    """ "saw them sign": a clause with a base-form verb and no "that", "to" or auxiliary."""
    return verb.tag_ == "VB" and not any(c.dep_ in ("mark", "aux", "auxpass") for c in verb.children)


def antecedent(pronoun):  # noqa: ANN001, ANN201
    """The noun a relative pronoun stands for: the noun its clause hangs from, except that "who" names a person
    and the parser sometimes hangs the clause on a nearer thing ("Carney, at his first summit, who sat down")."""
    noun = pronoun.head.head
    if pronoun.lower_ in ("who", "whom") and noun.ent_type_ != "PERSON" and noun.pos_ != "PROPN":
        for t in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):
            if t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.dep_ in ("appos", "conj", "nsubj", "dobj")):
                return t
    return noun


def via_event_noun(prep, lex: Lexicon) -> list:  # noqa: ANN001
    """ "travel to Russia on an official visit at the invitation of X", "flies to Doha for a state visit hosted
    by X": a partner noun, or the host, under the event noun that the verb's preposition governs."""
    nouns = [n for n in objects_of(prep) if lemma(n) in lex.nouns]
    return [g for n in nouns for c in n.children if c.dep_ == "prep" for g in via_partner_noun(c, lex)] + [
        g for n in nouns for v in n.children if v.dep_ == "acl" and lemma(v) in lex.hosting_verbs
        for c in v.children if c.dep_ == "agent" for g in objects_of(c)]


def via_partner_noun(prep, lex: Lexicon) -> list:  # noqa: ANN001
    """ "at the invitation of X", "in the presence of X": the object of the noun's "of"."""
    out = []
    for noun in objects_of(prep):
        if lemma(noun) in lex.partner_nouns:
            out.extend(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in objects_of(c))
    return out


def owner_of(tok, token_hits: dict[int, int], stop_words: frozenset[str]) -> int | None:  # noqa: ANN001
    """The predicate a date or place token hangs from: the first predicate token among its ancestors.

    Passing through a verb of saying first ("announced on Friday that ...") means the expression dates
    the report, not an event: -1.
    """
    t = tok
    for _ in range(40):
        if t.i in token_hits:
            return token_hits[t.i]
        if t.pos_ in ("VERB",) and lemma(t) in stop_words:
            return -1
        if other_clause(t):
            return -1   # "... since Trump returned to the White House on January 20": that clause's own
        if t.head == t:
            return None
        t = t.head
    return None


def other_clause(verb) -> bool:  # noqa: ANN001
    """A subordinate clause about something else: a verb with a subject of its own ("since Trump returned")
    that is not a relative clause about the event ("which took place in Skopje")."""
    return verb.pos_ == "VERB" and verb.dep_ in ("advcl", "ccomp", "conj", "parataxis") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children) \
        and not free_relative(verb)


def parent_hit(hit: PredicateHit, token_hits: dict[int, int], own: int) -> int | None:
    """The predicate this one's clause depends on ("arrived on Monday, where he met ...")."""
    t = hit.verb or hit.anchor
    carrier = token_hits.get(t.i)
    if t != hit.anchor and carrier is not None and carrier != own:
        return carrier   # "heads to Beijing on Sunday for talks": the talks hang on the trip's verb
    for _ in range(40):
        if t.head == t:
            return None
        t = t.head
        h = token_hits.get(t.i)
        if h is not None and h != own:
            return h
    return None
