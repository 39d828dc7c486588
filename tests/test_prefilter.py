"""The check before the parse: a text with no word of the meeting vocabulary is not parsed, and nothing is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import meetings.ingest as ingest
from meetings.document import analyse_article
from meetings.export import to_csv_bytes
from meetings.knowledge import load_knowledge
from meetings.lexicon import DEFAULT_PATH, lexicon_from_mapping, load_lexicon
from meetings.pipeline import IngestOptions, load_events
from meetings.predicates import find_predicates, lemma, noun_forms
from meetings.prefilter import may_report_event, rule_spellings, spellings_for
from meetings.reading import read_folder

PROJECT = Path(__file__).resolve().parent.parent
REAL_ARTICLES = [PROJECT / "seeds", PROJECT / "tests" / "data" / "devset"]
NO_MEETING = {
    "markets.txt": "Stocks rise on rate hopes\n\nShares in Frankfurt and Paris rose on Tuesday as investors bet "
                   "that inflation would ease. Oil prices fell for a third day.\n",
    "weather.txt": "Storms ahead\n\nHeavy rain is expected across the north of the country this weekend, "
                   "forecasters said.\n",
}


def real_articles() -> list:
    return [a for folder in REAL_ARTICLES for a in read_folder(folder)[0]]


def test_every_token_that_can_be_a_predicate_has_a_spelling_the_check_knows() -> None:
    """Over real news: each token whose lemma (or noun form) is a head word of the lexicon is one the
    prefilter looks for, so no article with a predicate is ever skipped."""
    lex, kb = load_lexicon(), load_knowledge()
    spellings = spellings_for(lex)
    heads = set(lex.verbs) | set(lex.nouns)
    checked = 0
    for art in real_articles():
        doc = analyse_article(art, kb)
        for tok in doc.parsed:
            if lemma(tok) in heads or set(noun_forms(tok)) & heads:
                assert tok.lower_ in spellings.tokens, (art.file, tok.text, tok.lemma_)
                checked += 1
        assert may_report_event(doc.text)
    assert checked > 100


def test_every_sentence_with_a_predicate_is_kept() -> None:
    lex, kb = load_lexicon(), load_knowledge()
    kept = 0
    for art in real_articles()[:12]:
        doc = analyse_article(art, kb)
        for sent in doc.parsed.sents:
            if find_predicates(sent, lex):
                assert may_report_event(sent.text), (art.file, sent.text)
                kept += 1
    assert kept > 20


@pytest.mark.parametrize("text", ["Lavrov met Wang Yi.", "MACRON MEETS SCHOLZ", "The Talks Begin", "They held talks.",
                                  "He phoned her.", "She co-hosted it.", "Modi spoke with Biden.", "A state visit",
                                  "The envoys sat down together.", "Leaders gathered for the summit.",
                                  "He's gotta see him", "They conferred."])
def test_a_text_with_a_meeting_word_in_any_form_is_kept(text: str) -> None:
    assert may_report_event(text)


@pytest.mark.parametrize("text", [*NO_MEETING.values(), "", "<<<>>>", "12 34 56", "Metropolitan saturation"])
def test_a_text_without_a_meeting_word_is_ruled_out(text: str) -> None:
    assert not may_report_event(text)


def test_the_spellings_follow_the_lexicon_not_a_list() -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["meeting_verbs"]["parley"] = "meeting"
    edited = lexicon_from_mapping(data, "edited lexicon")
    text = "The envoys parleyed for hours."
    assert not may_report_event(text)
    assert may_report_event(text, edited)


def test_a_suffix_rule_gives_the_spelling_it_comes_from() -> None:
    assert rule_spellings("meet", [("ing", ""), ("ed", "e")]) == {"meeting"}
    assert rule_spellings("plenary", [("ies", "y"), ("s", "")]) == {"plenaries", "plenarys"}


def folder_with_other_news(tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(PROJECT / "seeds", target)
    for name, text in NO_MEETING.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def test_skipped_articles_are_not_parsed_and_the_tables_are_the_same(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with_other_news(tmp_path)
    parsed: list[str] = []
    real_parse = ingest.parse_texts

    def spy(texts):  # noqa: ANN001, ANN202
        texts = list(texts)
        parsed.extend(texts)
        return real_parse(texts)

    monkeypatch.setattr(ingest, "parse_texts", spy)
    checked = load_events([folder], ingest=IngestOptions(jobs=1))
    assert not any("investors" in t or "forecasters" in t for t in parsed)
    monkeypatch.setattr(ingest, "may_report_event", lambda text: True)
    everything = load_events([folder], ingest=IngestOptions(jobs=1))
    assert any("investors" in t for t in parsed)
    assert to_csv_bytes(checked.events) == to_csv_bytes(everything.events)
    assert checked.articles.equals(everything.articles)
    assert checked.warnings.equals(everything.warnings)
    other = checked.articles[checked.articles["file"].isin(list(NO_MEETING))]
    assert list(other["n_events"]) == [0, 0]
    # undated and not parsed: still said to be undated, as a parsed article would be
    assert other["warnings"].str.contains("no publication date").all()
