"""Evidence by source: one block per article, real statements only, disagreements named by outlet."""

from __future__ import annotations

from meetings.evidence import disagreement_notes, is_debris_sentence, source_blocks

STATEMENT = "Lavrov met Wang Yi in Beijing on Monday to discuss Ukraine."
TEXT_A = f"By Daniel Kim\n{STATEMENT} Lavrov (L) and Wang Yi (R)\nThe talks lasted three hours, officials said."
TEXT_B = "Chinese Foreign Minister Wang Yi received Sergey Lavrov in Beijing on April 8, the ministry said."


def _span(file: str, text: str, sentence: str) -> dict:
    start = text.index(sentence)
    return {"file": file, "start": start, "end": start + len(sentence), "sentence": sentence}


def _row(**fields) -> dict:
    row = {
        "event_id": "ev-1", "participants": ["Sergey Lavrov", "Wang Yi"], "sources": ["a1.txt", "b2.txt"],
        "evidence_spans": [
            _span("a1.txt", TEXT_A, "By Daniel Kim"), _span("a1.txt", TEXT_A, STATEMENT),
            _span("a1.txt", TEXT_A, "Lavrov (L) and Wang Yi (R)"),
            _span("a1.txt", TEXT_A, "The talks lasted three hours, officials said."),
            _span("b2.txt", TEXT_B, TEXT_B),
        ],
        "field_spans": [{"field": "participant", "file": "a1.txt", "start": TEXT_A.index("Lavrov met"),
                         "end": TEXT_A.index("Lavrov met") + 6, "text": "Lavrov"}],
        "disagreements": "",
    }
    row.update(fields)
    return row


ARTICLES = {
    "a1.txt": {"file": "a1.txt", "outlet": "Steppe Wire", "title": "Lavrov in Beijing", "published": "2024-04-08",
               "url": "https://example.org/a", "text": TEXT_A},
    "b2.txt": {"file": "b2.txt", "outlet": "Orient Desk", "title": "Wang receives Lavrov", "published": "2024-04-09",
               "url": "javascript:alert(1)", "text": TEXT_B},
}


def test_one_block_per_source_with_its_publication_facts():
    blocks = source_blocks(_row(), ARTICLES)
    assert [b.outlet for b in blocks] == ["Steppe Wire", "Orient Desk"]
    assert blocks[0].published == "2024-04-08" and blocks[0].title == "Lavrov in Beijing"
    assert blocks[0].url == "https://example.org/a" and blocks[1].url is None  # only http(s) links
    assert blocks[1].sentences[0]["sentence"] == TEXT_B


def test_bylines_and_captions_are_never_evidence():
    shown = [s["sentence"] for b in source_blocks(_row(), ARTICLES) for s in b.sentences + b.more]
    assert STATEMENT in shown
    assert "By Daniel Kim" not in shown and "Lavrov (L) and Wang Yi (R)" not in shown
    assert is_debris_sentence("Photo: Getty Images / Reuters")
    assert is_debris_sentence("Xinhua News Agency")
    assert not is_debris_sentence(STATEMENT)


def test_the_sentence_naming_the_event_comes_first_and_offsets_follow_it():
    block = source_blocks(_row(), ARTICLES)[0]
    assert block.sentences[0]["sentence"] == STATEMENT
    start, end = block.sentences[0]["spans"][0]
    assert STATEMENT[start:end] == "Lavrov"


def test_disagreements_need_two_sources_and_name_outlets():
    note = "date 2024-04-08..2024-04-08 in b2.txt vs 2024-04-08..2024-04-09 in a1.txt; status planned in b2.txt vs held"
    notes = disagreement_notes(_row(disagreements=note), ARTICLES)
    assert notes == ["date 2024-04-08 in Orient Desk vs 2024-04-08 – 2024-04-09 in Steppe Wire",
                     "status planned in Orient Desk vs held in Steppe Wire"]
    assert not any(".txt" in n for n in notes)
    assert disagreement_notes(_row(sources=["b2.txt"], disagreements=note), ARTICLES) == []
    same_article = "date 2024-04-08..2024-04-08 in a1.txt vs 2024-04-09..2024-04-09 in a1.txt"
    assert disagreement_notes(_row(disagreements=same_article), ARTICLES) == []
