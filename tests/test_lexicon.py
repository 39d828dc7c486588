"""The meeting vocabulary file: it loads, a malformed entry is named, and an added word takes effect."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from meetings.lexicon import DEFAULT_PATH, LexiconError, lexicon_from_mapping, load_lexicon
from meetings.parsing import parse_text
from meetings.predicates import find_predicates


def base() -> dict:
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_the_shipped_lexicon_loads_with_every_section():
    lex = load_lexicon()
    assert lex.verbs["meet"][0].kind == "meeting"
    assert any(p.dependents == ("courtesy",) for p in lex.nouns["call"])   # a noun phrase's head is its last word
    assert "hold" in lex.light_verbs and "cancel" in lex.cancellation_cues and "could" in lex.possible


@pytest.mark.parametrize(("section", "entry", "value", "message"), [
    ("meeting_verbs", "confer", "chat", "kind 'chat' is not one of"),
    ("meeting_verbs", "confer", {"kind": "meeting", "mutal": True}, "unknown setting(s) ['mutal']"),
    ("meeting_nouns", "talk", {"kind": "meeting", "mutual": "yes"}, "mutual must be true or false"),
    ("meeting_nouns", "talk", 3, "expected an event kind"),
])
def test_a_malformed_entry_is_named(section, entry, value, message):
    data = base()
    data[section][entry] = value
    with pytest.raises(LexiconError) as err:
        lexicon_from_mapping(data, "lexicon.yaml")
    assert f"{section}: entry '{entry}'" in str(err.value) and message in str(err.value)


def test_an_unquoted_yes_no_word_gets_a_hint():
    data = base()
    data["negation_cues"] = ["not", False]   # YAML reads a bare `no` as false
    with pytest.raises(LexiconError, match="negation_cues: entry False is not a word.*quote the word"):
        lexicon_from_mapping(data, "lexicon.yaml")


def test_a_missing_section_and_bad_yaml_are_reported(tmp_path: Path):
    data = base()
    del data["meeting_nouns"]
    with pytest.raises(LexiconError, match="section 'meeting_nouns' is missing"):
        lexicon_from_mapping(data, "lexicon.yaml")
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("meeting_verbs: [unclosed", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon(bad)


def test_a_word_added_to_the_file_becomes_a_meeting_predicate(tmp_path: Path):
    sentence = "Lavrov parleyed with Wang in Beijing on Monday."
    data = base()
    lex = lexicon_from_mapping(data, "lexicon.yaml")
    sent = next(parse_text(sentence).sents)
    assert not find_predicates(sent, lex)
    data["meeting_verbs"]["parley"] = "meeting"
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    hits = find_predicates(sent, load_lexicon(path))
    assert [(h.anchor.text, h.kind) for h in hits] == [("parleyed", "meeting")]


def test_a_hyphenated_lexicon_verb_is_parsed_as_one_word_in_every_form():
    assert {"co-chair", "co-host"} <= load_lexicon().hyphenated_words()
    for sentence, form in [("Wang co-chaired the meeting.", "co-chaired"), ("They will co-host it.", "co-host"),
                           ("Co-hosting the summit, Modi spoke.", "Co-hosting")]:
        token = next(t for t in parse_text(sentence) if t.text.lower().startswith("co"))
        assert token.text == form
        assert token.lemma_ in ("co-chair", "co-host")
