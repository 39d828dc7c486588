"""Vocabulary moved from code to `data/lexicon.yaml`: a word a user adds to (or removes from) the file changes
what the engine finds. Each test edits a copy of the shipped file and points the loader at it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc

import meetings.lexicon as lexicon
from meetings import load_events
from meetings.actors import find_person_mentions, titled_unlabelled_names
from meetings.cleaning import clean_text
from meetings.dates import find_date_expressions, find_page_date
from meetings.extract import pick_group
from meetings.knowledge import load_knowledge
from meetings.parsing import parse_text
from meetings.places import find_place_mentions
from meetings.refdate import in_future_context, titled_people
from meetings.sentences import split_sentences
from tests.test_events import write_articles

KB = load_knowledge()


@pytest.fixture
def edit_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """`edit_lexicon(section, add=[...], remove=[...])`: the engine now reads an edited copy of the file."""
    data = yaml.safe_load(lexicon.DEFAULT_PATH.read_text(encoding="utf-8"))

    def edit(section: str, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> None:
        data[section] = [w for w in data[section] if w not in remove] + list(add)
        path = tmp_path / f"lexicon{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        monkeypatch.setattr(lexicon, "DEFAULT_PATH", path)
    return edit


def mentions(text: str) -> list[str]:
    return [m.text for m in find_person_mentions(text, KB, parse_text(text))]


def test_a_name_particle_added_continues_the_name(edit_lexicon):
    text = "Lavrov met Anna af Klint in Moscow."
    assert "Anna af Klint" not in mentions(text)
    edit_lexicon("name_particles", add=("af",))
    assert "Anna af Klint" in mentions(text)


def test_an_address_form_added_marks_the_next_words_as_a_person(edit_lexicon):
    words = ["Lavrov", "received", "Comrade", "Kofi", "Mensah", "."]
    doc = Doc(parse_text("").vocab, words=words, pos=["PROPN", "VERB", "NOUN", "PROPN", "PROPN", "PUNCT"],
              deps=["nsubj", "ROOT", "compound", "compound", "dobj", "punct"], heads=[1, 1, 4, 4, 1, 1])
    assert titled_unlabelled_names(doc, set()) == []
    edit_lexicon("address_forms", add=("comrade",))
    assert [t for _, _, t in titled_unlabelled_names(doc, set())] == ["Kofi Mensah"]


def test_an_honorific_added_belongs_to_the_mention(edit_lexicon):
    text = "Amb. Sergey Lavrov said talks went well."
    assert mentions(text)[0] == "Sergey Lavrov"
    edit_lexicon("honorifics", add=("Amb",))
    assert mentions(text)[0] == "Amb. Sergey Lavrov"


def test_an_institution_noun_added_makes_a_name_no_person(edit_lexicon):
    text = "The Lavrov ministry said talks went well."
    assert "Lavrov" in mentions(text)
    edit_lexicon("institution_nouns", add=("ministry",))
    assert "Lavrov" not in mentions(text)


def test_an_org_word_added_makes_a_ner_person_an_outlet(edit_lexicon):
    text = "Lavrov spoke to Kiev Chronicle on Monday."
    assert "Kiev Chronicle" in mentions(text)
    edit_lexicon("org_words", add=("Chronicle",))
    assert "Kiev Chronicle" not in mentions(text)


def test_a_title_modifier_added_still_describes_the_office_holder(edit_lexicon):
    text = "Lavrov met the Chinese acting foreign minister."
    assert "the Chinese acting foreign minister" not in mentions(text)
    edit_lexicon("title_modifiers", add=("acting",))
    assert "the Chinese acting foreign minister" in mentions(text)


def test_an_abbreviation_added_does_not_end_the_sentence(edit_lexicon):
    text = "The talks ended. Brig. Smith met Lavrov in Moscow."
    assert len(split_sentences(text, 0, len(text))) == 3
    edit_lexicon("abbreviations", add=("Brig",))
    assert len(split_sentences(text, 0, len(text))) == 2
    edit_lexicon("abbreviations", remove=("Gen",))
    other = "The talks ended. Gen. Smith met Lavrov in Moscow."
    assert len(split_sentences(other, 0, len(other))) == 3


def forum_of(tmp_path: Path, text: str, published: str) -> str:
    events = load_events(write_articles(tmp_path / f"in{len(list(tmp_path.iterdir()))}",
                                        {"a.txt": (published, text)})).events
    return " ".join(events["forum"].fillna(""))


@pytest.mark.parametrize(("section", "word", "text"), [
    ("sideline_phrases", "periphery", "Sergey Lavrov and Wang Yi met Feb. 5 on the periphery of the G20."),
    ("forum_nouns", "reunion", "Sergey Lavrov and Wang Yi met Feb. 5 at a reunion of the G20."),
    ("forum_prepositions", "amid", "Sergey Lavrov and Wang Yi met Feb. 5 amid the G20."),
    ("forum_head_words", "retreat", "Sergey Lavrov and Wang Yi met Feb. 5 at the G20 retreat."),
])
def test_a_forum_cue_added_puts_the_meeting_at_the_forum(edit_lexicon, tmp_path, section, word, text):
    # a day on which the calendar lists no G20 meeting: only the cue can place the meeting at the G20
    assert "G20" not in forum_of(tmp_path, text, "2025-02-06")
    edit_lexicon(section, add=(word,))
    assert "G20" in forum_of(tmp_path, text, "2025-02-06")


def places(text: str) -> dict[str, bool]:
    """Place name -> introduced as where something happened."""
    return {p.name: p.locative for p in find_place_mentions(text, KB)}


def test_a_locative_cue_added_makes_a_place_where_people_met(edit_lexicon):
    text = "The ministers gathered beside Moscow on Monday."
    assert places(text) == {"Moscow": False}
    edit_lexicon("locative_cues", add=("beside",))
    assert places(text) == {"Moscow": True}


def test_a_city_cue_added_makes_an_unlisted_city_found(edit_lexicon):
    text = "The ministers talked beside Lyon on Monday."
    assert "Lyon" not in places(text)
    edit_lexicon("city_cues", add=("beside",))
    assert "Lyon" in places(text)


def test_a_topical_noun_added_makes_a_place_a_topic(edit_lexicon):
    text = "They met in Riyadh, discussing the unrest in Moscow."
    assert places(text) == {"Riyadh": True, "Moscow": True}
    edit_lexicon("topical_nouns", add=("unrest",))
    assert places(text) == {"Riyadh": True, "Moscow": False}


def test_a_word_added_to_not_places_is_never_looked_up_as_a_town(edit_lexicon):
    text = "The ministers talked in Lyon on Monday."
    assert "Lyon" in places(text)
    edit_lexicon("not_places", add=("lyon",))
    assert "Lyon" not in places(text)


def test_a_future_phrase_added_marks_a_date_as_ahead(edit_lexicon):
    text = "The ministers hope to meet on 12 June in Geneva."
    at = text.index("12 June")
    assert not in_future_context(text, at)
    edit_lexicon("future_phrases", add=("hope to",))
    assert in_future_context(text, at)


def titled(text: str) -> list[str]:
    return [p.name for p in titled_people(text, KB)]


def test_a_former_marker_added_makes_a_title_say_nothing_of_the_year(edit_lexicon):
    text = "Outgoing Foreign Minister Sergey Lavrov said the talks went well."
    assert titled(text) == ["Sergey Lavrov"]
    edit_lexicon("former_markers", add=("outgoing",))
    assert titled(text) == []


def test_a_title_lead_word_added_ties_a_title_after_the_name(edit_lexicon):
    text = "Sergey Lavrov, the veteran foreign minister, said the talks went well."
    assert titled(text) == []
    edit_lexicon("title_lead_words", add=("veteran",))
    assert titled(text) == ["Sergey Lavrov"]


def test_a_group_noun_added_picks_the_office_holders(tmp_path, monkeypatch):
    lavrov, wang = KB.person("Sergey Lavrov"), KB.person("Wang Yi")
    groups: list[list] = [[lavrov, wang], ["Anna Berg", "Tomas Brandt"]]
    day = dt.date(2024, 4, 8)
    assert pick_group(groups, "the two envoys", day) == ["Anna Berg", "Tomas Brandt"]
    data = yaml.safe_load(lexicon.DEFAULT_PATH.read_text(encoding="utf-8"))
    data["group_offices"]["envoy"] = "foreign_minister"
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(lexicon, "DEFAULT_PATH", path)
    assert pick_group(groups, "the two envoys", day) == [lavrov, wang]


@pytest.mark.parametrize(("section", "value", "message"), [
    ("group_offices", {"minister": 3}, "group_offices: entry 'minister': expected a word and a text value"),
    ("group_offices", ["minister"], "group_offices: expected a mapping of word: value"),
    ("org_words", ["Wire", ""], "org_words: entry '' is not a word"),
])
def test_a_malformed_entry_of_a_moved_section_is_named(section, value, message):
    data = yaml.safe_load(lexicon.DEFAULT_PATH.read_text(encoding="utf-8"))
    data[section] = value
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.lexicon_from_mapping(data, "lexicon.yaml")


def test_group_offices_name_offices_of_the_knowledge_base():
    assert set(lexicon.load_lexicon().group_offices.values()) <= set(KB.office_types)


def test_an_ending_verb_removed_no_longer_ends_the_visit_on_its_date(edit_lexicon, tmp_path):
    text = "Sergey Lavrov ended a two-day official visit to China on Monday."

    def visit_dates() -> tuple[str, str]:
        folder = write_articles(tmp_path / f"in{len(list(tmp_path.iterdir()))}", {"a.txt": ("2024-04-08", text)})
        visit = load_events(folder).events.query("kind == 'visit'").iloc[0]
        return visit["start_date"], visit["end_date"]
    assert visit_dates() == ("2024-04-07", "2024-04-08")
    edit_lexicon("ending_verbs", remove=("end",))
    assert visit_dates() == ("2024-04-08", "2024-04-09")


def test_an_ordinal_noun_added_makes_an_ordinal_no_day(edit_lexicon):
    text = "Lavrov opened the 5th sitting of the commission."
    assert [e.kind for e in find_date_expressions(text)] == ["ord"]
    edit_lexicon("ordinal_nouns", add=("sitting",))
    assert find_date_expressions(text) == []


def test_a_page_stamp_word_added_gives_the_page_date(edit_lexicon):
    text = "Modified: 3 May 2024\nLavrov met Wang in Beijing."
    assert find_page_date(text) is None
    edit_lexicon("page_stamp_words", add=("modified",))
    assert find_page_date(text) == dt.date(2024, 5, 3)


def test_a_link_list_header_added_blanks_the_links_after_it(edit_lexicon):
    text = "Lavrov met Wang in Beijing on Monday.\nLire aussi\nPutin to meet Xi next month\nModi visits Paris\n"
    assert "Putin to meet Xi" in clean_text(text)
    edit_lexicon("link_list_headers", add=("lire aussi",))
    cleaned = clean_text(text)
    assert "Putin" not in cleaned and "Modi" not in cleaned and cleaned.startswith("Lavrov met Wang")
    assert len(cleaned) == len(text)


@pytest.mark.parametrize(("section", "entry", "line"), [
    ("debris_labels", "publicité", "PUBLICITÉ"),
    ("debris_openers", "lire aussi:", "Lire aussi: Putin to meet Xi next month"),
    ("debris_phrases", "newsletter", "Sign up for our Putin newsletter today"),
    ("debris_endings", "alle rechte vorbehalten", "(c) 2024 Die Zeitung. Alle Rechte vorbehalten."),
])
def test_a_debris_entry_added_blanks_the_line(edit_lexicon, section, entry, line):
    text = f"Lavrov met Wang in Beijing on Monday.\n{line}\nThe talks lasted three hours."
    assert line in clean_text(text)
    edit_lexicon(section, add=(entry,))
    cleaned = clean_text(text)
    assert line not in cleaned and "Lavrov met Wang" in cleaned and "three hours" in cleaned


def test_a_misspelt_section_is_reported_not_ignored():
    data = yaml.safe_load(lexicon.DEFAULT_PATH.read_text(encoding="utf-8"))
    data["org_word"] = ["Chronicle"]
    with pytest.raises(lexicon.LexiconError, match="unknown section.*org_word; known sections: .*org_words"):
        lexicon.lexicon_from_mapping(data, "lexicon.yaml")
