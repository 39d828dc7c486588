"""Vocabulary moved from code to `data/lexicon.yaml`: a word a user adds to (or removes from) the file changes
what the engine finds. Each test edits a copy of the shipped file and points the loader at it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc

import meetings.lexicon as lexicon
from meetings import load_events
from meetings.actors import find_person_mentions, titled_unlabelled_names
from meetings.knowledge import load_knowledge
from meetings.parsing import parse_text
from meetings.places import find_place_mentions
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
    words = ["Lavrov", "received", "Excellency", "Kofi", "Mensah", "."]
    doc = Doc(parse_text("").vocab, words=words, pos=["PROPN", "VERB", "NOUN", "PROPN", "PROPN", "PUNCT"],
              deps=["nsubj", "ROOT", "compound", "compound", "dobj", "punct"], heads=[1, 1, 4, 4, 1, 1])
    assert titled_unlabelled_names(doc, set()) == []
    edit_lexicon("address_forms", add=("excellency",))
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
    ("sideline_phrases", "periphery", "Sergey Lavrov and Wang Yi met Feb. 20 on the periphery of the G20."),
    ("forum_nouns", "reunion", "Sergey Lavrov and Wang Yi met Feb. 20 at a reunion of the G20."),
    ("forum_prepositions", "amid", "Sergey Lavrov and Wang Yi met Feb. 20 amid the G20."),
    ("forum_head_words", "retreat", "Sergey Lavrov and Wang Yi met Feb. 20 at the G20 retreat."),
])
def test_a_forum_cue_added_puts_the_meeting_at_the_forum(edit_lexicon, tmp_path, section, word, text):
    assert "G20" not in forum_of(tmp_path, text, "2025-02-21")
    edit_lexicon(section, add=(word,))
    assert "G20" in forum_of(tmp_path, text, "2025-02-21")


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
