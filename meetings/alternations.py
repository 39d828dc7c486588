"""Big regex alternations (every known name, nation or title) cut down to what one text can match.

Python's regex engine tries an alternation's entries one by one at every position of the text, so a pattern
of 700 names costs about 1.5 microseconds a character whether or not any name occurs (95 microseconds for a
one-sentence article). An entry of literal text bounded by word boundaries can only match where each of its
words (runs of word characters, as `\\b` delimits them) is a word of the text. Dropping the entries whose
words the text lacks leaves every match as it was: an entry that cannot match anywhere never took part in
one, and the remaining entries keep their order. The cut-down pattern is compiled once per set of entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

WORD = re.compile(r"\w+")
# Non-ASCII letters that re.IGNORECASE matches to ASCII ones although lower() does not map them there
# ("İ".lower() is "i" plus a combining dot); mapped first so no text word is missed.
IGNORECASE_FIXES = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
NEVER = r"(?!x)x"   # an alternation with no entry left: matches nothing, as the dropped entries did


def caseless(text: str) -> str:
    """`text` lower-cased so that every letter re.IGNORECASE matches to an ASCII letter is that letter."""
    return text.translate(IGNORECASE_FIXES).lower()


def text_words(text: str, ignore_case: bool = False) -> frozenset[str]:
    """The words of `text` (maximal runs of word characters); lower-cased as re.IGNORECASE compares them."""
    return frozenset(WORD.findall(caseless(text) if ignore_case else text))


def entry_words(entry: str, ignore_case: bool = False) -> tuple[str, ...] | None:
    """The words an entry needs in the text; None when it cannot be told (a non-ASCII entry matched ignoring
    case, where case rules beyond lower() apply): such an entry is always kept."""
    if ignore_case:
        if not entry.isascii():
            return None
        entry = entry.lower()
    return tuple(WORD.findall(entry))


@dataclass(frozen=True)
class WordIndex:
    """The entries of one alternation, found by a word each needs (`kept`: entries never dropped)."""

    ignore_case: bool
    by_word: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]   # a needed word -> (entry, its other words)
    kept: tuple[str, ...]

    def present(self, words: frozenset[str]) -> tuple[str, ...]:
        """The entries whose needed words are all in `words` (from `text_words` with the same case rule),
        sorted so the result is the same for the same text."""
        found = set(self.kept)
        for word in words & self.by_word.keys():
            found.update(entry for entry, others in self.by_word[word] if all(w in words for w in others))
        return tuple(sorted(found))

    def every(self) -> tuple[str, ...]:
        """All the entries."""
        return tuple(sorted({e for entries in self.by_word.values() for e, _ in entries} | set(self.kept)))


def index_entries(entries: Iterable[str], ignore_case: bool = False, suffix: str = "") -> WordIndex:
    """A `WordIndex` of an alternation's entries. The pattern must put a word boundary (or a space, or the
    end of the match) on both sides of each entry, so the entry's words are whole words of the text;
    `suffix` is literal text the pattern requires right after every entry (the "s" of "ministers")."""
    by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    kept = []
    for entry in dict.fromkeys(e for e in entries if e):
        words = entry_words(entry + suffix, ignore_case)
        if not words:
            kept.append(entry)
            continue
        by_word.setdefault(words[0], []).append((entry, words[1:]))
    return WordIndex(ignore_case, {w: tuple(e) for w, e in by_word.items()}, tuple(kept))


def alternation(entries: Iterable[str]) -> str:
    """Literal entries as one regex alternation, longest first (an entry that is a prefix of another is tried
    after it); `NEVER` for no entries."""
    return "|".join(re.escape(w) for w in sorted(set(entries), key=len, reverse=True) if w) or NEVER


@lru_cache(maxsize=2048)
def compiled(build: Callable[..., str], flags: int, *entries: tuple[str, ...]) -> re.Pattern:
    """`build` called with one alternation per tuple of entries, compiled (cached: the same few names recur)."""
    return re.compile(build(*(alternation(e) for e in entries)), flags)


class TextWords:
    """One text's words, as is and ignoring case, each worked out once however many patterns ask."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def exact(self) -> frozenset[str]:
        return text_words(self.text)

    @cached_property
    def caseless(self) -> frozenset[str]:
        return text_words(self.text, ignore_case=True)

    def of(self, ignore_case: bool) -> frozenset[str]:
        return self.caseless if ignore_case else self.exact


@dataclass(frozen=True)
class CutPattern:
    """A pattern built around alternations (`slots`, one `WordIndex` each), cut per text to the entries the
    text's words allow; a slot in `required` with no entry left means the pattern cannot match at all."""

    build: Callable[..., str]
    flags: int
    slots: tuple[WordIndex, ...]
    required: tuple[bool, ...]

    def for_text(self, words: TextWords) -> re.Pattern | None:
        """The pattern with only the entries `words` allow; None when it cannot match the text."""
        entries = tuple(slot.present(words.of(slot.ignore_case)) for slot in self.slots)
        if any(need and not found for need, found in zip(self.required, entries, strict=True)):
            return None
        return compiled(self.build, self.flags, *entries)

    def finditer(self, words: TextWords) -> Iterator[re.Match]:
        """The matches in `words.text`, as the whole pattern's `finditer` gives them."""
        rx = self.for_text(words)
        return rx.finditer(words.text) if rx is not None else iter(())

    def whole(self) -> re.Pattern:
        """The pattern with every entry (what `for_text` cuts down)."""
        return compiled(self.build, self.flags, *(slot.every() for slot in self.slots))
