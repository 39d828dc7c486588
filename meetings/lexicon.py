"""The meeting vocabulary (`data/lexicon.yaml`): which lemmas report an event, and the cues around them.

The file is data a user edits; this module only reads and checks it. A malformed entry raises
`LexiconError` naming the section and the entry, so a typo never silently changes what is extracted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"
KINDS = ("meeting", "visit", "phone_call", "multilateral_meeting")
WORD_LISTS = ("call_markers", "light_verbs", "partner_prepositions", "partner_nouns", "delegation_heads",
              "place_prepositions", "earlier_markers", "continuation_openers",
              "group_meeting_nouns", "attendance_verbs", "call_or_meeting_verbs",
              "setting_nouns", "distributive_markers", "distributive_nouns", "manner_prepositions", "later_words",
              "hosting_verbs",
              "unnamed_parties", "group_references", "audience_nouns",
              "event_references", "reference_point_words", "question_words", "asking_verbs", "habitual_modifiers",
              "habitual_verbs", "within_prepositions", "guest_nouns",
              "part_modifiers", "place_references",
              "negation_cues", "unfulfilled_cues",
              "cancellation_cues",
              "reporting_verbs",
              "attendance_list_openers", "framing_prepositions",
              "name_particles", "address_forms", "institution_nouns", "title_modifiers", "former_markers",
              "sideline_phrases", "forum_nouns", "forum_prepositions", "forum_head_words",
              "locative_cues", "city_cues", "topical_nouns", "not_places", "future_phrases", "ending_verbs",
              "title_lead_words", "ordinal_nouns", "page_stamp_words", "link_list_headers",
              "debris_labels", "debris_openers", "debris_phrases", "debris_endings")
# Word lists whose entries keep their capitals, because the text is matched case by case ("No." is an
# abbreviation, "no." ends a sentence; "Post" in a name is an outlet, "post" is a verb).
CASED_LISTS = ("abbreviations", "honorifics", "org_words")
KNOWN_SECTIONS = frozenset(("meeting_verbs", "meeting_nouns", "status_cues", "group_offices", *WORD_LISTS,
                            *CASED_LISTS))


class LexiconError(ValueError):
    """The lexicon file cannot be read; the message names the file, section and entry."""


@dataclass(frozen=True)
class Predicate:
    """A word (or head word with dependents) that reports an event."""

    head: str                      # lemma of the head word
    dependents: tuple[str, ...]    # lemmas that must depend on the head ("sit down": ("down",))
    kind: str
    mutual: bool = False           # only an event between its subjects or with a partner
    weak: bool = False             # a trip only with a place, supporting rather than standing alone

    @property
    def text(self) -> str:
        return " ".join((self.head, *self.dependents))


@dataclass(eq=False)   # compared and hashed by identity: patterns built from one lexicon are cached on it
class Lexicon:
    """The parsed vocabulary, indexed by head lemma."""

    verbs: dict[str, list[Predicate]] = field(default_factory=dict)
    nouns: dict[str, list[Predicate]] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)   # the plain word lists, by section
    planned: frozenset[str] = frozenset()
    possible: frozenset[str] = frozenset()
    group_offices: dict[str, str] = field(default_factory=dict)   # "the two ministers" -> foreign_minister

    def __getattr__(self, name: str) -> frozenset[str]:
        words = self.__dict__.get("words", {})
        if name in words:
            return words[name]
        raise AttributeError(name)

    def hyphenated_words(self) -> frozenset[str]:
        """Single words written with a hyphen anywhere in the lexicon ("co-chair"): the parser must see each as
        one token, or "co-chaired" becomes "co", "-", "chaired" and the verb is lost."""
        entries = [*self.verbs, *self.nouns, *(w for ws in self.words.values() for w in ws)]
        return frozenset(w for w in entries if "-" in w.strip("-") and " " not in w)

    def cue_verbs(self) -> frozenset[str]:
        """The single-word meeting verbs and status cues, whose regular forms must lemmatise to themselves."""
        entries = [*self.verbs, *self.planned, *self.possible]
        return frozenset(w for w in entries if w.isalpha() and w.islower())

    def phrases(self, section: str) -> list[tuple[str, ...]]:
        """Multiword entries of a word list as lemma tuples ("call off" -> ("call", "off"))."""
        return [tuple(w.split()) for w in self.words.get(section, frozenset())]

    @staticmethod
    def phrases_of(entries: frozenset[str]) -> list[tuple[str, ...]]:
        """The multiword entries of a set of cues as lemma tuples ("look forward" -> ("look", "forward"))."""
        return [tuple(w.split()) for w in entries if " " in w]


def parse_predicate(section: str, key: object, value: object, source: str) -> Predicate:
    """One entry of meeting_verbs / meeting_nouns: `lemma: kind` or `lemma: {kind: ..., mutual: ...}`.

    A verb phrase's head is its first word ("sit down"); a noun phrase's is its last ("courtesy call").
    """
    where = f"{source}: {section}: entry {key!r}"
    if not isinstance(key, str) or not key.strip():
        raise LexiconError(f"{where}: the word must be text")
    if isinstance(value, str):
        spec: dict = {"kind": value}
    elif isinstance(value, dict):
        spec = value
    else:
        raise LexiconError(f"{where}: expected an event kind or a mapping with 'kind', got {value!r}")
    unknown = set(spec) - {"kind", "mutual", "weak"}
    if unknown:
        raise LexiconError(f"{where}: unknown setting(s) {sorted(unknown)}; allowed: kind, mutual, weak")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise LexiconError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    for flag in ("mutual", "weak"):
        if flag in spec and not isinstance(spec[flag], bool):
            raise LexiconError(f"{where}: {flag} must be true or false, got {spec[flag]!r}")
    words = key.lower().split()
    # a noun phrase's head is its last word ("courtesy call"), unless a preposition follows it ("call on")
    noun_last = section == "meeting_nouns" and words[-1] not in TRAILING_PREPOSITIONS
    head, rest = (words[-1], words[:-1]) if noun_last else (words[0], words[1:])
    return Predicate(head, tuple(rest), kind, bool(spec.get("mutual")), bool(spec.get("weak")))


TRAILING_PREPOSITIONS = frozenset({"on", "with", "to", "by", "between"})


def word_list(section: str, value: object, source: str, cased: bool = False) -> frozenset[str]:
    """A section's entries, checked (each a non-empty string) and lower-cased unless `cased`."""
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise LexiconError(f"{source}: {section}: expected a list of words, got {value!r}")
    for w in value:
        if not isinstance(w, str) or not w.strip():
            hint = " (YAML reads bare yes/no/on/off as true/false: quote the word)" if isinstance(w, bool) else ""
            raise LexiconError(f"{source}: {section}: entry {w!r} is not a word{hint}")
    return frozenset(w.strip() if cased else w.lower().strip() for w in value)


def word_mapping(section: str, value: object, source: str) -> dict[str, str]:
    """A section of `word: value` pairs (both text), in the file's order, words lower-cased."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise LexiconError(f"{source}: {section}: expected a mapping of word: value, got {value!r}")
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(item, str) or not item.strip():
            raise LexiconError(f"{source}: {section}: entry {key!r}: expected a word and a text value, got {item!r}")
    return {key.lower().strip(): item.strip() for key, item in value.items()}


def phrase_pattern(entries: Iterable[str]) -> str:
    """A regex alternation matching any entry of a word list, built in code so the data holds plain words.

    Each entry is escaped; a space matches any run of white space ("city of" ~ "city  of"), a trailing
    `*` any ending of the word ("arriv* in" ~ "arrived in", "arrival in") and a word `...` any words
    ("more from ..." ~ "more from Europe"). Longest entries come first, and the order is fixed, so the
    same file always gives the same pattern.
    """
    def word(w: str) -> str:
        if w == "...":
            return r"[\w ]+"
        return re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)

    def one(entry: str) -> str:
        return r"\s+".join(word(w) for w in entry.split())
    ordered = sorted(set(entries), key=lambda e: (-len(e), e))
    return "(?:" + "|".join(one(e) for e in ordered) + ")" if ordered else r"(?!x)x"


def lexicon_from_mapping(data: object, source: str = "lexicon") -> Lexicon:
    """Build a `Lexicon` from the YAML mapping, checking every entry."""
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: expected a mapping of sections at the top level")
    unknown = [str(k) for k in data if k not in KNOWN_SECTIONS]
    if unknown:   # a misspelt section would otherwise be ignored and its words silently lost
        raise LexiconError(f"{source}: unknown section(s) {', '.join(unknown)}; known sections: "
                           f"{', '.join(sorted(KNOWN_SECTIONS))}")
    lex = Lexicon()
    for section, index in (("meeting_verbs", lex.verbs), ("meeting_nouns", lex.nouns)):
        entries = data.get(section)
        if not isinstance(entries, dict) or not entries:
            raise LexiconError(f"{source}: section {section!r} is missing or empty")
        for key, value in entries.items():
            pred = parse_predicate(section, key, value, source)
            index.setdefault(pred.head, []).append(pred)
    for index in (lex.verbs, lex.nouns):
        for preds in index.values():
            preds.sort(key=lambda p: -len(p.dependents))   # "speak phone" before "speak"
    for section in WORD_LISTS:
        lex.words[section] = word_list(section, data.get(section), source)
    for section in CASED_LISTS:
        lex.words[section] = word_list(section, data.get(section), source, cased=True)
    lex.group_offices = word_mapping("group_offices", data.get("group_offices"), source)
    cues = data.get("status_cues") or {}
    if not isinstance(cues, dict) or set(cues) - {"planned", "possible"}:
        raise LexiconError(f"{source}: status_cues: expected the lists 'planned' and 'possible'")
    lex.planned = word_list("status_cues.planned", cues.get("planned"), source)
    lex.possible = word_list("status_cues.possible", cues.get("possible"), source)
    return lex


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and check `data/lexicon.yaml` (or `path`)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    return lexicon_from_mapping(data, path)
