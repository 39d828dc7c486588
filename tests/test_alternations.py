"""Alternations cut to a text's words: never a name lost, the same matches as the whole pattern (people's
names, titles and nations, curated places, countries)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.actors import build_matcher
from meetings.alternations import CutPattern, TextWords, index_entries, text_words
from meetings.knowledge import load_knowledge
from meetings.places import build_gazetteer

KB = load_knowledge()
MATCHER = build_matcher(KB)
GAZETTEER = build_gazetteer(KB)
NAMES = sorted(MATCHER.full_index)
CUT_PATTERNS = (MATCHER.full, MATCHER.short, MATCHER.description, MATCHER.plural, GAZETTEER.curated_rx,
                GAZETTEER.country_rx)


def test_no_known_name_is_ruled_out_of_a_text_that_contains_it():
    index = index_entries(NAMES)
    for name in NAMES:
        words = text_words(f"On Monday, {name} said so.")
        assert name in index.present(words), name


def test_a_text_without_the_words_keeps_no_entry():
    index = index_entries(["Wang Yi", "Sergey Lavrov"])
    assert index.present(text_words("Wang met Lavrov.")) == ()
    assert index.present(text_words("Wangyi and Sergey-Lavrov.")) == ("Sergey Lavrov",)   # words, not spaces
    assert index.present(text_words("Wang Yi and Sergey Lavrov met.")) == ("Sergey Lavrov", "Wang Yi")


def test_ignoring_case_finds_words_the_regex_would_match_however_written():
    index = index_entries(["foreign minister"], ignore_case=True, suffix="s")
    for text in ("the FOREIGN MINISTERS met", "the Foreign Ministers met", "the foreıgn mınısters met"):
        assert index.present(text_words(text, ignore_case=True)) == ("foreign minister",), text
        assert re.search(r"foreign ministers", text, re.I), text   # the regex matches them all too
    assert index.present(text_words("the foreign minister met", ignore_case=True)) == ()


def test_non_ascii_entries_ignoring_case_are_always_kept():
    index = index_entries(["Türkiye"], ignore_case=True)
    assert index.present(text_words("nothing here", ignore_case=True)) == ("Türkiye",)


def test_a_required_slot_left_empty_means_no_scan():
    cut = CutPattern(lambda names: r"\b(" + names + r")\b", 0, (index_entries(["Wang Yi"]),), (True,))
    assert cut.for_text(TextWords("Lavrov spoke.")) is None
    assert [m.group() for m in cut.finditer(TextWords("Wang Yi spoke."))] == ["Wang Yi"]


SAMPLE_WORDS = [*NAMES[::7], *sorted(GAZETTEER.curated)[::5], *sorted(GAZETTEER.countries)[::9], "Georgian",
                "Mr", "Mr.", "Lavrov", "Wang", "Xi", "Xi'an", "government", "administration", "the",
                "his", "Chinese", "Russian", "counterpart", "foreign", "ministers", "minister", "presidents", "of",
                "and", ",", "-", "'s", "said", "met", "in", "Beijing", "\n", "LAVROV", "WANG YI"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SAMPLE_WORDS), max_size=25), st.sampled_from([" ", "", "  ", "-"]))
def test_cut_patterns_match_exactly_what_the_whole_patterns_match(words, sep):
    text = sep.join(words)
    for cut in CUT_PATTERNS:
        spans = [(m.span(), m.groups()) for m in cut.whole().finditer(text)]
        assert [(m.span(), m.groups()) for m in cut.finditer(TextWords(text))] == spans
