"""One event's detail: facts, confidence, disagreements between sources, and the evidence of each source.

Rendered by `shared.show_event_detail_from_url()` in a dialog on every page; this module only draws what
`meetings.evidence` and `meetings.views` compute. Article text is always escaped Markdown.
"""

from __future__ import annotations

import streamlit as st

from meetings import views
from meetings.evidence import SourceBlock, disagreement_notes, source_blocks
from meetings.filters import participant_label


def _facts(row: dict, topic_label) -> None:
    """Kind, status, place, forum, date, topics, organisations and the engine's confidence."""
    esc = views.escape_markdown
    c1, c2, c3 = st.columns(3)
    c1.markdown(f"**Kind** {esc(views.kind_text(row.get('kind')))}  \n**Status** {esc(row.get('status', ''))}  \n"
                f"**Prominence** {esc(row.get('prominence', ''))}  \n**CAMEO** {esc(row.get('cameo_code', ''))}")
    c2.markdown(f"**Where** {esc(views.where_text(row))} ({esc(row.get('place_precision', ''))})  \n"
                f"**Forum** {esc(row.get('forum') or '—')}  \n"
                f"**Date** {esc(views.date_text(row))} ({esc(row.get('date_precision', ''))}, "
                f"{esc(row.get('date_method', '') or 'method unknown')})")
    topic_names = ", ".join(topic_label(str(t)) for t in views.as_list(row.get("topics")))
    org_names = ", ".join(map(str, views.as_list(row.get("organizations"))))
    c3.markdown(f"**Topics** {esc(topic_names or '—')}  \n**Organisations mentioned** {esc(org_names or '—')}  \n"
                f"**Confidence** {esc(views.confidence_text(row.get('confidence')))}  \n"
                f"**Why uncertain** {esc(row.get('review') or '—')}")


def _participants(row: dict) -> None:
    people = [str(p) for p in views.as_list(row.get("participants"))]
    roles = [str(r) for r in views.as_list(row.get("participant_roles"))]
    if not people:
        st.markdown("**Participants** unknown")
        return
    st.markdown("**Participants**  \n" + "  \n".join(
        views.escape_markdown(participant_label(p, roles[i] if i < len(roles) else "")) for i, p in enumerate(people)))


def _quote(sentence: dict, terms: list[str]) -> str:
    """An evidence sentence as a Markdown quote, the event's words (names, place, date) highlighted."""
    text = sentence["sentence"]
    spans = list(sentence.get("spans", [])) + views.term_spans(text, terms)
    return "> " + views.highlighted_markdown(views.evidence_segments(text, spans))


def _source_block(block: SourceBlock, row: dict, terms: list[str], n: int) -> None:
    """One source article: who published it when, its title and link, its sentences, its full text."""
    esc = views.escape_markdown
    with st.container(border=True):
        head = " · ".join(x for x in [f"**{esc(block.outlet)}**" if block.outlet else "",
                                      esc(block.published or "date unknown"), esc(block.title)] if x)
        st.markdown(f"{n}\\. {head}" + (f" · [open the article](<{block.url}>)" if block.url else ""))
        if not block.sentences:
            st.caption("No sentence of this article states the event on its own (see the full text).")
        for sentence in block.sentences:
            st.markdown(_quote(sentence, terms))
        with st.expander(f"Full text{f' and {len(block.more)} more sentence(s)' if block.more else ''}"):
            for sentence in block.more:
                st.markdown(_quote(sentence, terms))
            spans = views.spans_in_event(row, block.file)
            st.markdown(views.highlighted_markdown(views.squeeze_blank_lines(
                views.evidence_segments(block.text, spans))))


def render(row: dict, articles: dict[str, dict], topic_label) -> None:
    """The whole detail of one event."""
    st.subheader(views.escape_markdown(f"{views.date_text(row)} · {views.people_text(row)}"))
    if views.is_uncertain(row):
        st.info("The engine is not sure of this event: " + views.escape_markdown(row.get("review") or
                "low confidence"), icon=":material/help:")
    _facts(row, topic_label)
    _participants(row)
    if row.get("summary"):
        st.markdown("**Summary** " + views.escape_markdown(row["summary"]))
    notes = disagreement_notes(row, articles)
    if notes:
        st.warning("Sources disagree: " + views.escape_markdown("; ".join(notes)), icon=":material/balance:")
    blocks = source_blocks(row, articles)
    st.markdown(f"**Evidence by source** ({len(blocks)} article{'s' if len(blocks) != 1 else ''})")
    terms = views.event_terms(row)
    for n, block in enumerate(blocks, start=1):
        _source_block(block, row, terms, n)
    st.caption(f"Link to this event: add ?event={row.get('event_id')} to any page's address.")
