"""Sources: the articles behind the filtered events, one article's text with its extracted spans highlighted,
and uploads: add articles with their outlet, date, title and URL, or delete one (its events go with it)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from meetings import views
from meetings.cleaning import clean_text
from meetings.reading import display_name
from meetings.uploads import (
    ALLOWED_SUFFIXES,
    MAX_FACT_CHARS,
    ArticleFacts,
    UploadError,
    check_facts,
    delete_upload,
    record_facts,
    save_upload,
    uploaded_articles,
)
from pages import ingest_job, shared

ctx = shared.context()
shared.page_header("Sources", ctx)

RESULTS_KEY = "_upload_results"
DELETE_KEY = "_delete_pending"
DELETED_KEY = "_deleted_message"
upload_folder = ctx.folders[-1]
folders = tuple(str(f) for f in ctx.folders if f.is_dir())
reading = bool(folders) and ingest_job.behind(folders)
if reading:
    ingest_job.progress(folders)


def _save_all(files, facts: ArticleFacts) -> list[dict]:
    """Save each uploaded file (and what the form says about it); one result row per file."""
    results = []
    for file in files:
        try:
            saved = save_upload(upload_folder, file.name, file.getvalue())
            if not facts.is_empty():
                record_facts(upload_folder, saved.saved_name, facts)
            results.append({"file": display_name(file.name), "saved_as": saved.saved_name, "error": "",
                            "note": saved.message})
        except UploadError as exc:
            results.append({"file": display_name(file.name), "saved_as": "", "error": str(exc)})
        except OSError as exc:
            results.append({"file": display_name(file.name), "saved_as": "",
                            "error": f"could not save: {exc.strerror}"})
    return results


# ---- Upload ---------------------------------------------------------------------------------------------
with st.expander("Add articles (.txt, .md, .html)", expanded=ctx.articles.empty), \
        st.form("upload_form", clear_on_submit=True, border=False):
    st.caption(f"Files are kept in {upload_folder} and read together with the seed articles. What you say about "
               "an article below is written to that folder's manifest.csv; left empty, it is read from the file.")
    files = st.file_uploader("Articles", type=[s.lstrip(".") for s in ALLOWED_SUFFIXES],
                             accept_multiple_files=True, key="uploader")
    left, right = st.columns(2)
    outlet = left.text_input("Outlet", max_chars=MAX_FACT_CHARS, placeholder="e.g. Steppe Wire")
    published = right.date_input("Publication date", value=None, format="YYYY-MM-DD",
                                 min_value=dt.date(1990, 1, 1), max_value=dt.date.today() + dt.timedelta(days=1))
    title = left.text_input("Title", max_chars=MAX_FACT_CHARS, help="for one article at a time")
    url = right.text_input("URL", max_chars=MAX_FACT_CHARS, placeholder="https://…", help="for one article at a time")
    submitted = st.form_submit_button("Add these articles", type="primary")
if submitted:
    try:
        facts = check_facts(outlet=outlet, published=published, title=title, url=url)
        if len(files or []) > 1 and (facts.title or facts.url):
            raise UploadError("a title and URL describe one article: add one file at a time to give them")
        if not files:
            raise UploadError("choose at least one file")
        st.session_state.pop(DELETED_KEY, None)
        st.session_state[RESULTS_KEY] = _save_all(files, facts)
        st.rerun()  # the folder changed: the next run starts reading it in the background
    except UploadError as exc:
        st.error(f"Nothing added: {views.escape_markdown(str(exc))}", icon=":material/error:")

results = st.session_state.get(RESULTS_KEY)
if results and reading:
    st.info("Upload saved; its events appear when the background read above is done.", icon=":material/sync:")
elif results:
    by_file = {str(a["file"]): a for a in ctx.articles.to_dict("records")} if not ctx.articles.empty else {}
    warned = {}
    for w in ctx.warnings.to_dict("records"):
        warned.setdefault(str(w["file"]), []).append(str(w["problem"]))
    st.subheader("Upload results")
    for r in results:
        name = views.escape_markdown(r["file"])
        if r["error"]:
            st.error(f"{name}: {views.escape_markdown(r['error'])}", icon=":material/error:")
            continue
        art = by_file.get(r["saved_as"])
        problems = warned.get(r["saved_as"], [])
        if art is None:
            st.warning(f"{name}: saved as {views.escape_markdown(r['saved_as'])} but not read: "
                       + views.escape_markdown("; ".join(problems) or "no text found"), icon=":material/warning:")
        else:
            n = int(art.get("n_events") or 0)
            notes = ([r["note"]] if r.get("note") else []) + problems
            extra = (" · " + views.escape_markdown("; ".join(notes))) if notes else ""
            st.success(f"{name}: saved as {views.escape_markdown(r['saved_as'])}, {n} event(s) found{extra}",
                       icon=":material/check_circle:")
    if st.button("Dismiss results", key="upload_dismiss"):
        st.session_state.pop(RESULTS_KEY, None)
        st.rerun()

# ---- Delete an upload -------------------------------------------------------------------------------------
uploads = uploaded_articles(upload_folder)
# Kept until the user starts another delete or upload: a rerun (the background read finishing, a filter) must not
# take the notice away before the user has seen it.
if message := st.session_state.get(DELETED_KEY, ""):
    st.success(message, icon=":material/delete:")
if uploads:
    with st.expander(f"Delete an uploaded article ({len(uploads)} uploaded)"):
        victim = st.selectbox("Uploaded article", uploads, key="delete_choice")
        if st.session_state.get(DELETE_KEY) != victim:
            if st.button("Delete…", key="delete_ask"):
                st.session_state[DELETE_KEY] = victim
                st.session_state.pop(DELETED_KEY, None)
                st.rerun()
        else:
            st.warning(f"Delete {views.escape_markdown(victim)} for good? Its events disappear from every page.",
                       icon=":material/warning:")
            yes, no, _ = st.columns([1, 1, 4])
            if yes.button("Yes, delete", type="primary", key="delete_yes"):
                try:
                    delete_upload(upload_folder, victim)
                    st.session_state[DELETED_KEY] = f"Deleted {victim}."
                except (UploadError, OSError) as exc:
                    st.session_state[DELETED_KEY] = f"Could not delete {victim}: {exc}"
                st.session_state.pop(DELETE_KEY, None)
                st.rerun()
            if no.button("Cancel", key="delete_no"):
                st.session_state.pop(DELETE_KEY, None)
                st.rerun()

# ---- Articles ---------------------------------------------------------------------------------------------
if ctx.articles.empty:
    st.subheader("0 articles")
    st.info("No articles read yet.")
    shared.stop_page()
articles = ctx.articles.copy()
if not ctx.state.is_empty():
    # The filters pick events; the articles shown are those reporting a kept event.
    kept = {str(s) for cell in ctx.events["sources"].tolist() for s in views.as_list(cell)}
    articles = articles[articles["file"].astype(str).isin(kept)]
    st.subheader(f"{len(articles)} of {len(ctx.articles)} articles")
    st.caption("The articles that report an event the filters keep.")
else:
    st.subheader(f"{len(articles)} articles")
if articles.empty:
    st.info("No article reports an event the filters keep.")
    shared.stop_page()
articles["url"] = [views.safe_url(u) or "" for u in articles["url"].tolist()]  # "": a blank cell, not "None"
articles["uploaded"] = articles["file"].astype(str).isin(set(uploads))
st.dataframe(
    articles[["file", "outlet", "published", "title", "n_events", "url", "uploaded", "warnings", "n_chars"]],
    hide_index=True, key="articles_table", width="stretch", height=min(38 + 35 * len(articles), 560),
    column_config={
        "file": st.column_config.TextColumn("File", width="medium"), "outlet": "Outlet",
        "published": st.column_config.TextColumn("Published", width="small"),
        "title": st.column_config.TextColumn("Title", width="large"),
        "n_events": st.column_config.NumberColumn("Events", width="small"),
        "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
        "uploaded": st.column_config.CheckboxColumn("Uploaded", width="small"), "warnings": "Warnings",
        "n_chars": st.column_config.NumberColumn("Characters", width="small"),
    },
)

st.subheader("Read an article")
files = articles["file"].astype(str).tolist()
titles = dict(zip(files, articles["title"].fillna("").astype(str).tolist(), strict=True))
choice = st.selectbox("Article", files, key="sources_article",
                      format_func=lambda f: f"{f} — {titles.get(f, '')[:80]}" if titles.get(f) else f)
row = ctx.articles[ctx.articles["file"].astype(str) == choice].iloc[0].to_dict()
spans = views.article_spans(ctx.events_all, choice)
url = views.safe_url(row.get("url"))
meta = " · ".join(views.escape_markdown(x) for x in [row.get("outlet") or "", row.get("published") or "date unknown"]
                  if x)
st.markdown(f"**{views.escape_markdown(row.get('title') or choice)}**  \n{meta}"
            + (f" · [original](<{url}>)" if url else ""))
st.caption(f"{len(spans)} extracted span(s) highlighted: participants, dates and places. "
           "Page debris (menus, share bars, link lists) is removed.")
# The cleaned text keeps the original's offsets, so the engine's spans apply to it unchanged.
text = clean_text(str(row.get("text") or ""))
with st.container(border=True, height=520):
    # Escaped Markdown: the article can never inject HTML, links or formatting.
    st.markdown(views.highlighted_markdown(views.squeeze_blank_lines(views.evidence_segments(text, spans))))
