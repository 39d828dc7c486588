"""The cheap pre-test before each date pattern: it never rules out a text the pattern matches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.dates import PATTERN_NEEDS, compiled_patterns, find_date_expressions, text_cues
from meetings.lexicon import load_lexicon

# Pieces of every kind of date expression, in the cases and spellings that IGNORECASE still matches.
PIECES = ["8", "9", "2024", "1999", "2024-04-08", "April", "APRIL", "apr.", "Sept", "ſept", "May", "march", "June",
          "the", "8th", "31st", "of", "on", "in", "since", "last", "next", "this", "early", "mid", "-", "–", "to",
          "and", ",", "Monday", "TUESDAY", "Wednesday's", "yesterday", "today", "tomorrow", "tonight", "week",
          "month", "year", "day", "days", "weeks", "months", "two", "a", "later", "earlier", "before", "after",
          "previous", "following", "same", "that", "was", "out", "Beijing", "met", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from([" ", "", "  "]))
def test_a_pattern_that_matches_a_text_is_never_ruled_out(pieces, sep):
    text = sep.join(pieces)
    cues = text_cues(text)
    for kind, rx in compiled_patterns(load_lexicon()):
        if rx.search(text):
            assert PATTERN_NEEDS.get(kind, frozenset()) <= cues, (kind, text)


def test_a_text_with_no_date_words_still_finds_nothing_and_a_date_is_still_found():
    assert find_date_expressions("Lavrov met Wang Yi in Beijing.") == []
    assert [d.text for d in find_date_expressions("Lavrov met Wang Yi on 8 April 2024 and next week.")] == \
        ["8 April 2024", "next week"]
