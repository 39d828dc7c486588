"""Actors: find the people an article names and resolve descriptions to office holders.

Three kinds of mention:
- names from the knowledge base (full names, spellings, "Mr Lavrov", "Wang" when unambiguous in the article);
- descriptions ("his Chinese counterpart", "the Russian top diplomat", "the Kremlin leader"), resolved to
  whoever held that office on the event's date;
- other people found by statistical NER (spaCy), kept with an unknown role.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from meetings.alternations import CutPattern, TextWords, index_entries
from meetings.knowledge import KnowledgeBase, Person
from meetings.lexicon import Lexicon, load_lexicon, phrase_pattern
from meetings.spans import ClaimedSpans


def not_a_person(lex: Lexicon) -> str:
    """ "the Biden administration", "Putin's government": a name used for an institution is no participant."""
    return r"(?!(?:'s|’s)?\s+" + phrase_pattern(lex.institution_nouns) + r"\b)"


def honorific(words: frozenset[str]) -> str:
    """ "Mr", "Dr." before a name (lexicon `honorifics`), optional."""
    return r"(?:" + phrase_pattern(words) + r"\.?\s+)?"


@lru_cache(maxsize=8)
def honorific_before(words: frozenset[str]) -> re.Pattern:
    """An honorific ending right where a name starts ("Mr |Lavrov")."""
    return re.compile(phrase_pattern(words) + r"\.?\s+$")


@lru_cache(maxsize=8)
def followed_by_full_name(words: frozenset[str]) -> re.Pattern:
    """A capitalised full name, perhaps after an honorific, right after a title (", Mr Jean-Noel Barrot")."""
    return re.compile(r"[ ,]{1,3}" + honorific(words) + r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+")


@lru_cache(maxsize=8)
def org_words_pattern(words: frozenset[str]) -> re.Pattern:
    """Words that make a "person" found by NER an outlet or institution ("Volga Newswire"): `org_words`."""
    return re.compile(r"\b" + phrase_pattern(words) + r"\b")


@dataclass
class PersonMention:
    """A person named or described in the text."""

    start: int
    end: int
    text: str
    name: str = ""                 # canonical name ('' while a description is unresolved)
    person: Person | None = None   # knowledge-base entry, None for people found by NER only
    via: str = "name"              # name | short | description | ner
    office: str = ""               # for descriptions: the office key described
    country: str = ""              # for descriptions: the country described
    counterpart: bool = False      # "his Chinese counterpart": same office as the possessor
    plural: list[str] = field(default_factory=list)  # "the Russian and Chinese foreign ministers": countries


def fold(text: str) -> str:
    """Accent-insensitive form for matching ("Jean-Noël" ~ "Jean-Noel")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@dataclass
class ActorMatcher:
    """Compiled patterns over one knowledge base; build once, apply to many articles."""

    kb: KnowledgeBase
    full: CutPattern                # the patterns are cut per article to the names its words allow
    full_index: dict[str, Person]
    short: CutPattern | None
    short_index: dict[str, list[Person]]
    description: CutPattern | None
    plural: CutPattern | None
    phrase_office: dict[str, str]
    demonym_country: dict[str, str]
    known_tokens: frozenset[str] = frozenset()  # last words of every known name and short name (folded)
    lex: Lexicon | None = None                  # the vocabulary the patterns were built from
    title_before: re.Pattern | None = None      # "Sri Lankan President " right before a name
    title_after: re.Pattern | None = None       # " of Kenya" or ", New Zealand's prime minister" right after it
    title_words: frozenset[str] = frozenset()   # the words of office titles ("foreign", "minister")
    given_names: dict[str, frozenset[str]] = field(default_factory=dict)  # folded last word -> first words
    country_names: frozenset[str] = frozenset()  # countries' names and aliases, lower case


def word_pattern(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


# The pattern builders below take their alternations (names, nations, titles) as regex text: `build_matcher`
# gives them every entry once, and `CutPattern` only the entries one article can match.

def full_name_pattern(lex: Lexicon) -> Callable[[str], str]:
    """A known full name (folded), perhaps after an honorific, not standing for an institution."""
    def build(names: str) -> str:
        return honorific(lex.honorifics) + r"\b(" + names + r")\b(?!-)" + not_a_person(lex)
    return build


def short_name_pattern(lex: Lexicon) -> Callable[[str], str]:
    """A known short name ("Lavrov") standing alone."""
    def build(names: str) -> str:
        # "Xi'an" is a city, "Xi's" is Xi: an apostrophe followed by a letter other than "s" continues the word
        return r"\b(" + names + r")\b(?!-?\w)(?!['’][a-rt-z])(?!\s+[A-Z][a-z])" + not_a_person(lex)
    return build


def description_pattern(lex: Lexicon) -> Callable[[str, str], str]:
    """ "his Chinese counterpart", "the Russian top diplomat", "the Kremlin leader", "China's foreign minister"
    (ignoring case; without a determiner only after a country's possessive)."""
    def build(nations: str, titles: str) -> str:
        return (r"\b(?:(?P<det>the|his|her|its|their|our)\s+)?(?:(?P<nation>" + nations + r")(?P<poss>'s|’s)?\s+)?"
                r"(?:" + phrase_pattern(lex.title_modifiers) + r"\s+)?(?P<title>counterpart|diplomat|" + titles
                + r")\b(?!s)")
    return build


def plural_pattern(nations: str, titles: str) -> str:
    """ "the Russian and Chinese foreign ministers"; "the presidents of Kazakhstan, Kyrgyzstan and Uzbekistan"
    (ignoring case)."""
    listed = r"(?:the\s+)?(?:" + nations + r")"
    return (r"\b(?:the\s+)?(?P<n1>" + nations + r")\s+and\s+(?P<n2>" + nations + r")\s+(?P<title>"
            + titles + r")s\b|\b(?:the\s+)?(?P<title2>" + titles + r")s\s+of\s+(?P<nlist>" + listed
            + r"(?:\s*,\s*" + listed + r"){0,12}\s*,?\s+and\s+" + listed + r")\b")


_MATCHERS: dict[int, ActorMatcher] = {}


def build_matcher(kb: KnowledgeBase) -> ActorMatcher:
    """Compile the name, short-name and description patterns for a knowledge base (cached per KB)."""
    lex = load_lexicon()
    cached = _MATCHERS.get(id(kb))
    if cached is not None and cached.kb is kb and cached.lex is lex:
        return cached
    full_index: dict[str, Person] = {}
    short_index: dict[str, list[Person]] = {}
    for p in kb.people:
        for n in [p.name, *p.aliases]:
            full_index.setdefault(fold(n), p)
        parts = p.name.split()
        if len(parts) == 2:
            # East Asian reports give the family name first ("Takaichi Sanae", "Moon Jae-in" stays as is)
            full_index.setdefault(fold(f"{parts[1]} {parts[0]}"), p)
        for s in p.short_names:
            short_index.setdefault(s, []).append(p)
    full = CutPattern(full_name_pattern(lex), 0, (index_entries(full_index),), (True,))
    short = CutPattern(short_name_pattern(lex), 0, (index_entries(short_index),), (True,)) if short_index else None
    phrase_office = {}
    for key, ot in kb.office_types.items():
        for ph in ot.phrases:
            phrase_office.setdefault(ph.lower(), key)
    demonym_country: dict[str, str] = {}
    for c in kb.countries:
        for d in [*c.demonyms, c.name, *c.aliases]:
            if d:
                demonym_country.setdefault(d.lower(), c.name)
    nations = word_pattern([d for c in kb.countries for d in [*c.demonyms, c.name, *c.aliases]])
    titles = word_pattern(list(phrase_office))
    nation_index = index_entries([d for c in kb.countries for d in [*c.demonyms, c.name, *c.aliases]], True)
    description = CutPattern(description_pattern(lex), re.I, (nation_index, index_entries(phrase_office, True)),
                             (False, False)) if titles else None
    plural = CutPattern(plural_pattern, re.I, (nation_index, index_entries(phrase_office, True, suffix="s")),
                        (True, True)) if titles else None
    # built once per knowledge base: rebuilding it for every article cost 6 ms each (5,000 tiny files: 30 s)
    known_tokens = frozenset(fold(n).split()[-1] for p in kb.people
                             for n in [p.name, *p.aliases, *p.short_names] if n.split())
    title_before = re.compile(
        r"(?:\b(?P<nation>" + nations + r")(?:'s|’s)?\s+)?(?:" + phrase_pattern(lex.title_modifiers) + r"\s+)?"
        r"\b(?P<title>" + titles + r")\s+$", re.I) if titles else None
    country_names = word_pattern([n for c in kb.countries for n in [c.name, *c.aliases]])
    title_after = re.compile(
        r"\s+of\s+(?:the\s+)?(?P<of>" + country_names + r")\b(?![-'’])"
        r"|,\s+(?:the\s+)?(?P<nation>" + nations + r")(?:'s|’s)?\s+(?:" + phrase_pattern(lex.title_modifiers)
        + r"\s+)?(?P<title>" + titles + r")\b(?!\s+[A-Z])", re.I) if titles else None
    title_words = frozenset(w for phrase in phrase_office for w in phrase.split()
                            if w not in ("of", "the", "and", "for"))
    given: dict[str, set[str]] = {}
    for p in kb.people:
        for n in [p.name, *p.aliases]:
            words = fold(n).split()
            if len(words) >= 2:
                given.setdefault(words[-1], set()).add(words[0])
    m = ActorMatcher(kb, full, full_index, short, short_index, description, plural, phrase_office,
                     demonym_country, known_tokens, lex, title_before, title_after, title_words,
                     {k: frozenset(v) for k, v in given.items()},
                     frozenset(n.lower() for c in kb.countries for n in [c.name, *c.aliases]))
    _MATCHERS[id(kb)] = m
    return m


def with_name_particles(ent, particles: frozenset[str]):  # noqa: ANN001, ANN201
    """A PERSON span stretched over the particles and capitalised words that continue the name.

    `particles` (lexicon `name_particles`): "von der" Leyen, "bin" Said, Lula "da" Silva; the small NER
    model often stops a name at them."""
    doc, end = ent.doc, ent.end
    if end < len(doc) and doc[end - 1].lower_ in particles and doc[end].text[:1].isupper() \
            and doc[end].pos_ == "PROPN":
        end += 1   # "Ursula von der | Leyen": the NER stopped right after the particles
    while end + 1 < len(doc) and doc[end].lower_ in particles:
        nxt = end + 1
        while nxt < len(doc) and doc[nxt].lower_ in particles:
            nxt += 1
        if nxt >= len(doc) or not doc[nxt].text[:1].isupper() or doc[nxt].pos_ != "PROPN":
            break
        end = nxt + 1
    return doc[ent.start:end] if end != ent.end else ent


def joined_person_entities(parsed) -> list:  # noqa: ANN001 - a spaCy Doc
    """PERSON entities, two abutting ones joined when the parse makes them one noun phrase: the small NER
    model cuts "Samia Suluhu | Hassan" in two, while the parser hangs "Suluhu" on "Hassan" as a compound."""
    out: list = []
    for ent in parsed.ents:
        if ent.label_ != "PERSON":
            continue
        last = out[-1] if out else None
        if last is not None and last.end == ent.start and last[-1].dep_ == "compound" and last[-1].head in ent:
            out[-1] = parsed[last.start:ent.end]
            continue
        out.append(ent)
    return out


def ner_people(parsed) -> list[tuple[int, int, str]]:  # noqa: ANN001 - a spaCy Doc or None
    """PERSON spans from the article's parse (start, end, text), possessives stripped."""
    if parsed is None:
        return []
    out = []
    particles = load_lexicon().name_particles
    for ent in joined_person_entities(parsed):
        ent = with_name_particles(ent, particles)
        s, e, t = ent.start_char, ent.end_char, ent.text
        t2 = re.sub(r"(?:'s|’s|'|’)$", "", t)
        e -= len(t) - len(t2)
        if any(ch.isdigit() for ch in t2) or not t2[:1].isupper() or t2.isupper():
            continue   # an all-capitals "name" is a headline's words ("MUDAVADI HOLDS BILATERAL")
        out.append((s, e, t2))
    return out


NAME_ROLES = ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "nmod", "compound")


def titled_unlabelled_names(parsed, titles: set[str],  # noqa: ANN001
                            countries: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """Names the NER missed that the grammar still marks as people: two to four capitalised proper nouns
    with no entity label, right after an office title ("Foreign Minister Espen Barth Eide") or a country's
    possessive ("Norway's Espen Barth Eide"). Small NER models miss many names from outside their
    training news; the title or the possessive tells they are people."""
    if parsed is None:
        return []
    out, i = [], 0
    tokens = list(parsed)
    address_forms = load_lexicon().address_forms   # "H.E." Musalia Mudavadi: a person whatever the NER says
    while i < len(tokens):
        j = i
        # "H.E. Musalia Mudavadi", "Paraguay's Santiago Peña": a person whatever label the NER gave the words
        addressed = i > 0 and (tokens[i - 1].lower_ in address_forms or tokens[i - 1].lower_ in ("'s", "’s")
                               and tokens[i - 1].head.text.lower() in countries)
        # a run may end in a one-word PERSON ("Filipe Jacinto | Nyusi": the NER found only the surname)
        while j < len(tokens) and tokens[j].pos_ == "PROPN" and (
                not tokens[j].ent_type_ or j > i and lone_person_word(tokens, j)
                or addressed and tokens[j].ent_type_ in ("ORG", "PERSON")) \
                and tokens[j].text[:1].isupper() and tokens[j].text.isalpha() and tokens[j].lower_ not in titles:
            j += 1
        if 2 <= j - i <= 4 and i > 0 and tokens[j - 1].dep_ in NAME_ROLES:
            before = tokens[i - 1]
            titled = before.lower_ in titles or addressed or (
                before.lower_ in ("'s", "’s") and before.head.ent_type_ == "GPE")
            if titled:
                out.append((tokens[i].idx, tokens[j - 1].idx + len(tokens[j - 1]), parsed[i:j].text))
        i = max(j, i + 1)
    return out


# NER labels of places, nationalities and organisations: a token with one is nobody, unless grammar says otherwise
NOT_PERSON_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG"})


def coordinated_mislabelled_names(parsed, not_names: frozenset[str]) -> list[tuple[int, int, str]]:  # noqa: ANN001
    """Names the NER gave a place or group label that coordination marks as people: "Ilham Aliyev and Nikol
    Pashinyan" (the small model reads "Pashinyan" as a nationality, like "Armenian"). Two to four capitalised
    proper nouns, joined by "and" or a comma to a PERSON, none of them a country, a nationality or a title word
    (`not_names`: "State Councilor and Foreign Minister Wang Yi" is one person)."""
    if parsed is None:
        return []
    out = []
    for ent in parsed.ents:
        words = list(ent)
        if ent.label_ not in NOT_PERSON_LABELS or not 2 <= len(words) <= 4 or ent.text.lower() in not_names \
                or any(w.lower_ in not_names for w in words) \
                or not all(w.pos_ == "PROPN" and w.text[:1].isupper() and w.text.isalpha() for w in words):
            continue
        root = ent.root
        partners = [root.head] if root.dep_ == "conj" else []
        partners += [c for c in root.children if c.dep_ == "conj"]
        if any(p.ent_type_ == "PERSON" for p in partners):
            out.append((ent.start_char, ent.end_char, ent.text))
    return out


def without_leading_titles(start: int, name: str, titles: frozenset[str] | set[str]) -> tuple[int, str]:
    """A NER name without the titles and forms of address it ran over ("Majesty King Mohammed VI" -> "Mohammed
    VI"), as long as two words are left (they are read as the person's title by `title_of`)."""
    words = name.split(" ")
    while len(words) > 2 and words[0].lower().rstrip(".") in titles:
        start += len(words[0]) + 1
        words = words[1:]
    return start, " ".join(words)


def lone_person_word(tokens: list, j: int) -> bool:
    """Whether token `j` is a PERSON entity of one word."""
    return tokens[j].ent_type_ == "PERSON" and tokens[j].ent_iob_ == "B" and (
        j + 1 >= len(tokens) or tokens[j + 1].ent_iob_ != "I")


@lru_cache(maxsize=4)
def continuation_pattern(particles: frozenset[str]) -> re.Pattern:
    words = "|".join(re.escape(p) for p in sorted(particles, key=len, reverse=True))
    return re.compile(r"(?:\s+(?:" + words + r")(?:\s+(?:" + words + r"))*\s+[A-Z][\w'’-]*)+", re.I)


def name_continuation(text: str, end: int, particles: frozenset[str]) -> int:
    """How many characters after a known name at `end` still belong to it: a longer form goes on with
    particles and capitalised names ("Mohammed bin Salman | bin Abdulaziz Al Saud")."""
    hit = continuation_pattern(particles).match(text, end)
    if hit is None or not all(w[:1].isupper() for w in hit.group().split() if w.lower() not in particles):
        return 0
    return hit.end() - end


def find_person_mentions(text: str, kb: KnowledgeBase, parsed=None) -> list[PersonMention]:  # noqa: ANN001
    """Every person mention in `text` (already cleaned of debris), in text order; `parsed` adds NER people."""
    m = build_matcher(kb)
    folded = fold(text) if not text.isascii() else text
    # fold() can change length for some characters; only use the folded text when it did not
    search_text = folded if len(folded) == len(text) else text
    words = TextWords(search_text)
    text_words = words if search_text is text else TextWords(text)
    mentions: list[PersonMention] = []
    taken = ClaimedSpans(len(text))
    for hit in m.full.finditer(words):
        p = m.full_index.get(hit.group(1))
        if p is None:
            continue
        end = hit.end() + name_continuation(text, hit.end(), m.lex.name_particles)
        mentions.append(PersonMention(hit.start(), end, text[hit.start():end], p.name, p, "name"))
        taken.add(hit.start(), end)
    full_names = [x.person for x in mentions if x.person is not None]
    if m.short is not None:
        for hit in m.short.finditer(words):
            span = (hit.start(1), hit.end(1))
            if taken.overlaps(*span):
                continue
            candidates = m.short_index.get(hit.group(1), [])
            person = pick_short_name_referent(candidates, full_names, mentions, hit.start())
            if person is None:
                continue
            s = hit.start(1)
            hon = honorific_before(m.lex.honorifics).search(text[max(0, s - 5):s])
            if hon:
                s -= len(hon.group())
            end = hit.end(1) + name_continuation(text, hit.end(1), m.lex.name_particles)
            mentions.append(PersonMention(s, end, text[s:end], person.name, person, "short"))
            taken.add(s, end)
    if m.description is not None:
        for hit in m.description.finditer(text_words):
            span = (hit.start(), hit.end())
            if taken.overlaps(*span):
                continue
            if followed_by_name(text, hit.end(), taken):
                continue  # "Chinese President Xi Jinping": the name carries the mention
            if hit.group("det") is None and hit.group("poss") is None:
                continue   # only a determiner or a country's possessive makes a title a person ("an Australian
                #            prime minister since 2016" is any of them)
            title = hit.group("title").lower()
            nation = (hit.group("nation") or "").lower()
            country = m.demonym_country.get(nation, "")
            office = "" if title == "counterpart" else m.phrase_office.get(title, "foreign_minister")
            det = (hit.group("det") or "").lower()
            if title != "counterpart" and not country and (det != "the" or title == "diplomat"):
                continue  # "his president" is too vague; "the chancellor" is resolved from the article later
            mentions.append(PersonMention(span[0], span[1], hit.group(), "", None, "description", office, country,
                                          counterpart=title == "counterpart"))
            taken.add(*span)
    if m.plural is not None:
        for hit in m.plural.finditer(text_words):
            span = (hit.start(), hit.end())
            if taken.overlaps(*span):
                continue
            title = (hit.group("title") or hit.group("title2")).lower()
            nations = [hit.group(g) for g in ("n1", "n2") if hit.group(g)]
            if hit.group("nlist"):
                nations = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", hit.group("nlist"))]
                nations = [re.sub(r"^the\s+", "", n, flags=re.I) for n in nations if n.strip()]
            countries = [m.demonym_country.get(n.lower(), "") for n in nations]
            mentions.append(PersonMention(span[0], span[1], hit.group(), "", None, "description",
                                          m.phrase_office.get(title, ""), "", plural=[c for c in countries if c]))
            taken.add(*span)
    if parsed is not None:
        # a "person" that contains a known surname ("Lavrov Embarks" in a headline) is a known person mis-cut
        known_tokens = m.known_tokens
        titles = m.title_words
        org_words = org_words_pattern(m.lex.org_words)
        for s, e, t in sorted(ner_people(parsed) + titled_unlabelled_names(parsed, titles, m.country_names)
                              + coordinated_mislabelled_names(parsed, m.country_names | frozenset(m.demonym_country)
                                                              | frozenset(titles))):
            if taken.overlaps(s, e):
                continue
            s, t = without_leading_titles(s, t, titles | m.lex.address_forms)
            if (known := known_spelling(t, m)) is not None:
                # "Dr Abdul Latif Jamal Rashid": a known person with a middle name the knowledge base omits
                mentions.append(PersonMention(s, e, t, known.name, known, "name"))
                taken.add(s, e)
                continue
            tokens = t.split()
            if len(tokens) < 2 or all(w.lower() in titles or w.lower() == "and" for w in tokens) \
                    or miscut_known_name(parsed.char_span(s, e), known_tokens, m.given_names) \
                    or org_words.search(t) \
                    or t.lower() in m.demonym_country or t.strip(" -–—,").lower() in m.country_names:
                continue   # "Sri Lankan" (President ...), "St Vincent -" (a dateline): a country, not a person
            longer = longer_form_named(t, mentions)
            if longer is not None:   # "Ursula von der Leyen ... Von der Leyen said": the person named before
                mentions.append(PersonMention(s, e, t, longer.name, longer.person, longer.via, longer.office,
                                              longer.country))
                taken.add(s, e)
                continue
            office, country = title_of(text, s, e, m)
            mentions.append(PersonMention(s, e, t, t, None, "ner", office, country))
            taken.add(s, e)
        mentions.extend(later_surnames(text, [m for m in mentions if m.via in ("ner", "name")], taken))
        mentions.extend(later_given_names(parsed, [m for m in mentions if m.via == "ner"], taken, titles))
        mentions.extend(repeated_titles(text, [m for m in mentions if m.via in ("ner", "name")], taken,
                                        title_heads(m.phrase_office)))
    # "Mirela Dragomir, Romania's foreign minister, met ...": a title in apposition is the named person's own
    named = [x for x in mentions if x.via != "description"]
    mentions = [x for x in mentions
                if x.via != "description" or x.plural or not appositive_to_name(text, x.start, named)]
    return sorted(mentions, key=lambda x: x.start)


_TITLE_HEADS: dict[int, tuple[dict, set[str]]] = {}


def title_heads(phrases: dict[str, str]) -> set[str]:
    """The words that head an office title ("minister", "president", "secretary"), not those after "of"
    ("president of the republic", "secretary of state"). Built once per knowledge base's phrase table."""
    cached = _TITLE_HEADS.get(id(phrases))
    if cached is not None and cached[0] is phrases:
        return cached[1]
    out = set()
    for phrase in phrases:
        words = phrase.split()
        out.add(words[0])
        if len(words) > 1 and words[-2] not in ("of", "the"):
            out.add(words[-1])
    _TITLE_HEADS[id(phrases)] = (phrases, out)
    return out


def repeated_titles(text: str, named: list[PersonMention], taken: ClaimedSpans,
                    title_words: set[str]) -> list[PersonMention]:
    """ "the Federal Minister for Foreign Affairs ..., Dr. Johann Wadephul ... Later today, the Federal Minister
    will ...": a title of two words or more that introduced a named person, said again with "the", is that
    person. (A one-word title, "the president", is left to the descriptions.)"""
    out = []
    for m in sorted(named, key=lambda x: x.start):
        window = text[max(0, m.start - 150):m.start]
        titles = [h.group(1) for h in re.finditer(r"\bthe\s+((?:[A-Z][a-z]+\s+){1,2}([A-Z][a-z]+))\b", window)
                  if h.group(2).lower() in title_words]
        between = window[window.rfind(titles[-1]) + len(titles[-1]):] if titles else ""
        if not titles or not re.fullmatch(r"(?:\s*(?:[A-Z][\w.'’-]*|of|for|the|and|,))*\s*", between):
            continue   # the title introduces this very name: "..., H.E. Dr." between, no verb, no other clause
        for hit in re.finditer(r"\bthe\s+(" + re.escape(titles[-1]) + r")\b", text[m.end:]):
            s, e = m.end + hit.start(), m.end + hit.end()
            if not taken.overlaps(s, e):
                out.append(PersonMention(s, e, text[s:e], m.name, m.person, m.via, m.office, m.country))
                taken.add(s, e)
    return out


def title_of(text: str, start: int, end: int, m: ActorMatcher) -> tuple[str, str]:
    """The office and country a title next to the name at `start`-`end` gives, so a person the knowledge base
    does not know can still be "the president" of a later sentence and be filtered by country: "Sri Lankan
    President Anura Kumara Dissanayake", "President William Ruto of Kenya", "Christopher Luxon, New Zealand's
    prime minister, ..." (the title after the comma opens the apposition: ", Kenya's president, ..."); ("", "")
    without a title. The country must stand in the title itself: "India hosted President X" gives X none."""
    if m.title_before is None:
        return "", ""
    before = m.title_before.search(text, max(0, start - 60), start)
    office = m.phrase_office.get(before.group("title").lower(), "") if before else ""
    country = m.demonym_country.get((before.group("nation") or "").lower(), "") if before else ""
    after = m.title_after.match(text, end) if m.title_after is not None and not country else None
    if after is not None and after.group("of"):
        country = m.demonym_country.get(after.group("of").lower(), "")
    elif after is not None and not office:
        office = m.phrase_office.get(after.group("title").lower(), "")
        country = m.demonym_country.get(after.group("nation").lower(), "")
    return office, country


def name_words(span) -> list[tuple[str, str]]:  # noqa: ANN001 - a spaCy Span
    """The words of a name as written, each with the part of speech of its first token: "Lee Myung-bak" is
    two words, though the tagger may call "bak" (after the hyphen) a noun."""
    words: list[tuple[str, str]] = []
    glued = False
    for t in span:
        if glued and words:
            words[-1] = (words[-1][0] + t.text, words[-1][1])
        elif not t.is_punct:
            words.append((t.text, t.pos_))
        glued = not t.whitespace_ and bool(words)
    return [(w.strip("-‐–'’."), pos) for w, pos in words]


def known_spelling(name: str, m: ActorMatcher) -> Person | None:
    """The known person a NER name of two words or more spells another way: the same last word as one known
    full name, and a given name that begins like theirs ("Abdul Latif Jamal Rashid" for Abdul Latif Rashid)."""
    words = name.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return None
    first, last = fold(words[0]).lower(), fold(words[-1])
    if last not in m.known_tokens:
        return None
    found = {p.name: p for n, p in m.full_index.items()
             if n.split()[-1] == last and n.split()[0].lower()[:3] == first[:3]}
    return next(iter(found.values())) if len(found) == 1 else None


def miscut_known_name(span, known_tokens: frozenset[str],  # noqa: ANN001
                      given_names: dict[str, frozenset[str]] | None = None) -> bool:
    """ "Lavrov Embarks" (a headline): a known surname that NER ran into the next word; "Sergei Lavrov": a
    known person spelt another way. A known given name leading a full name ("Anwar Gargash") is a different
    person, not a mis-cut; so is a known surname after a given name no known bearer of it has ("Fuad
    Hussein" is not Hishammuddin Hussein)."""
    if span is None:
        return False
    words = name_words(span)
    hits = [i for i, (w, _) in enumerate(words) if fold(w) in known_tokens]
    if not hits:
        return False
    if any(pos != "PROPN" for _, pos in words) or not words[0][0][:1].isupper():
        return True
    if hits[-1] != len(words) - 1:
        return False
    known_given = (given_names or {}).get(fold(words[-1][0]))
    if known_given is None or len(words) < 2:
        return True
    first = fold(words[0][0])
    return any(first[:3] == g[:3] for g in known_given)   # "Sergei" / "Sergey"


def longer_form_named(name: str, named: list[PersonMention]) -> PersonMention | None:
    """The person named earlier whose full name ends or begins with `name`, two words or more ("Von der Leyen"
    after "Ursula von der Leyen"; "Hassan Sheikh" after "Hassan Sheikh Mohamud"; case aside, for a
    sentence-initial particle)."""
    words = fold(name).lower().split()
    for m in sorted(named, key=lambda x: x.start):
        full = fold(m.name).lower().split()
        if m.via in ("name", "ner") and 2 <= len(words) < len(full) and words in (full[-len(words):],
                                                                                   full[:len(words)]):
            return m
    return None


def later_surnames(text: str, named: list[PersonMention], taken: ClaimedSpans) -> list[PersonMention]:
    """ "Muhammad Yunus ... Yunus said", "Shehbaz Sharif ... Sharif also met": a surname alone, after the full
    name, is that person (the first one named, when two share it: news names its principal first)."""
    by_surname: dict[str, PersonMention] = {}
    for m in sorted(named, key=lambda x: x.start):
        # the canonical surname and the one as written ("Jonas Gahr Store ... Store": "Støre" in the knowledge base)
        for surname in dict.fromkeys((m.name.split()[-1], m.text.split()[-1] if m.text.split() else "")):
            if len(surname) > 2 and surname[:1].isupper():
                by_surname.setdefault(surname, m)
    if not by_surname:
        return []
    out = []
    first = min(m.start for m in named)
    rx = re.compile(r"\b(" + word_pattern(list(by_surname)) + r")\b(?!-?\w)(?!\s+[A-Z][a-z])")
    for hit in rx.finditer(text, first):
        span = (hit.start(1), hit.end(1))
        if taken.overlaps(*span):
            continue
        full = by_surname[hit.group(1)]
        if full.start > span[0]:
            continue
        out.append(PersonMention(span[0], span[1], hit.group(1), full.name, full.person, full.via, full.office,
                                 full.country))
        taken.add(*span)
    return out


def later_given_names(parsed, named: list[PersonMention], taken: ClaimedSpans,  # noqa: ANN001 - a spaCy Doc
                      titles: set[str]) -> list[PersonMention]:
    """ "Abiy Ahmed ... Abiy met them", "Isaias Afwerki ... Isaias greeted him": where people are called by
    their given name (Ethiopia, Eritrea, Iceland, Indonesia), a lone proper noun that begins the name of
    exactly one person named before it is that person. Only people the NER found (known people's short names
    are in the knowledge base), and never a word that is also one of those people's surnames."""
    surnames = {m.name.split()[-1] for m in named}
    owners: dict[str, set[str]] = {}
    first_named: dict[str, PersonMention] = {}
    for m in sorted(named, key=lambda x: x.start):
        words = m.name.split()
        if len(words) >= 2 and len(words[0]) > 2 and words[0].lower() not in titles:
            owners.setdefault(words[0], set()).add(m.name)
            first_named.setdefault(words[0], m)
    given = {w for w, names in owners.items() if len(names) == 1 and w not in surnames}
    out = []
    for i, tok in enumerate(parsed):
        if tok.text not in given or tok.pos_ != "PROPN" or tok.ent_type_ in NOT_PERSON_LABELS:
            continue
        neighbours = [parsed[j] for j in (i - 1, i + 1) if 0 <= j < len(parsed)]
        if any(n.pos_ == "PROPN" for n in neighbours):
            continue  # part of a longer name
        full, span = first_named[tok.text], (tok.idx, tok.idx + len(tok.text))
        if full.start > span[0] or taken.overlaps(*span):
            continue
        out.append(PersonMention(span[0], span[1], tok.text, full.name, full.person, full.via, full.office,
                                 full.country))
        taken.add(*span)
    return out


def appositive_to_name(text: str, start: int, mentions: list[PersonMention]) -> bool:
    """Whether a description starting at `start` follows a named person after a bare comma ("X, the Romanian
    foreign minister, ..."): an apposition giving that person's title."""
    return any(text[m.end:start].rstrip() == "," for m in mentions if m.end <= start and m.name)


def followed_by_name(text: str, end: int, taken: ClaimedSpans) -> bool:
    """True when a known name follows a title immediately ("Foreign Minister Sergey Lavrov", ", Jean-Noel Barrot")."""
    gap = re.match(r"[ ,]{0,3}", text[end:end + 3])
    nxt = end + (gap.end() if gap else 0)
    return taken.starts_between(nxt, nxt) or taken.starts_between(end + 1, nxt + 1) or \
        bool(followed_by_full_name(load_lexicon().honorifics).match(text[end:end + 40]))


def pick_short_name_referent(candidates: list[Person], named: list[Person], mentions: list[PersonMention],
                             pos: int) -> Person | None:
    """Who a bare surname means: the one named in full nearby, else the one named first in the article."""
    if len(candidates) == 1:
        return candidates[0]
    in_article = [p for p in named if p in candidates]
    if not in_article:
        return None
    before = [x for x in mentions if x.person in candidates and x.via == "name" and x.start < pos]
    if before and pos - before[-1].start < 250:
        return before[-1].person
    return in_article[0]


def office_holder(kb: KnowledgeBase, office: str, country: str, day: dt.date | None) -> Person | None:
    """Who held `office` for `country` on `day` (the latest start wins when terms overlap)."""
    best: tuple[dt.date, Person] | None = None
    for p in kb.people:
        for o in p.offices:
            if o.office == office and o.country == country and o.held_on(day):
                key = o.start or dt.date.min
                if best is None or key > best[0]:
                    best = (key, p)
    return best[1] if best else None


def main_office(person: Person, day: dt.date | None, kb: KnowledgeBase) -> str:
    """The participant office a person held on `day` (foreign minister before party posts)."""
    order = ["foreign_minister", "head_of_state", "head_of_government"]
    held = [o.office for o in person.offices_on(day)] or [o.office for o in person.offices]
    for key in order:
        if key in held:
            return key
    return held[0] if held else ""


def country_leader(kb: KnowledgeBase, country: str, day: dt.date | None, named: Sequence[str]) -> Person | None:
    """Who "the leader" of a country is: the head of state or of government the article names (the one it
    names first, when it names both: "Abiy and Hassan Sheikh ... Taye has since become president"), else the
    only one of the two the knowledge base lists (the leader of a monarchy is its prime minister). `named`:
    the names the article gives, in the order it first gives them."""
    holders = [p for o in ("head_of_state", "head_of_government") if (p := office_holder(kb, o, country, day))]
    order = {n: i for i, n in enumerate(named)}
    mentioned = sorted((p for p in holders if p.name in order), key=lambda p: order[p.name])
    if mentioned:
        return mentioned[0]
    return holders[0] if len(holders) == 1 else None


def resolve_description(mention: PersonMention, kb: KnowledgeBase, day: dt.date | None,
                        possessor: Person | None, named: Sequence[str] = ()) -> list[Person]:
    """The people a description names on `day`; [] when the knowledge base cannot tell."""
    if mention.plural:
        mention.plural = [c.name if (c := kb.country(n)) else n for n in mention.plural]
        if "leader" in mention.text.lower():
            return [p for c in mention.plural if (p := country_leader(kb, c, day, named))]
        return [p for c in mention.plural if (p := office_holder(kb, mention.office, c, day))]
    office = mention.office
    if mention.counterpart:
        if possessor is None:
            return []
        office = main_office(possessor, day, kb)
        if not mention.country:
            return []
        if office in ("head_of_state", "head_of_government"):
            # a leader's counterpart is the other country's leader, president or premier as the article names
            leader = country_leader(kb, mention.country, day, named)
            if leader is not None and leader.name in named:
                return [leader]
    if not office or not mention.country:
        return []
    if not mention.counterpart and "leader" in mention.text.lower().split():
        # "the Japanese leader": the head of state or of government the article names (Japan's is its premier)
        leader = country_leader(kb, mention.country, day, named) or office_holder(kb, office, mention.country, day)
        return [leader] if leader else []
    holder = office_holder(kb, office, mention.country, day)
    return [holder] if holder else []


def is_participant_role(person: Person | None, day: dt.date | None, kb: KnowledgeBase) -> bool:
    """False for people whose office on that day only announces meetings (spokespeople)."""
    if person is None:
        return True
    offices = person.offices_on(day) or person.offices
    if not offices:
        return True
    return any(kb.office_types.get(o.office) is None or kb.office_types[o.office].participant_role
               for o in offices)
