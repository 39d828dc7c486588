"""Sources: the articles read, one article's text with its extracted spans highlighted, and uploads."""

from __future__ import annotations

import streamlit as st

from meetings import views
from meetings.cleaning import clean_text
from meetings.reading import display_name
from meetings.uploads import ALLOWED_SUFFIXES, UploadError, save_upload
from pages import shared

ctx = shared.context()
shared.page_header("Sources", ctx)

RESULTS_KEY = "_upload_results"
UPLOADER_ROUND = "_uploader_round"
upload_folder = ctx.folders[-1]

# ---- Upload ---------------------------------------------------------------------------------------------
with st.expander("Add articles (.txt, .md, .html)", expanded=ctx.articles.empty):
    st.caption(f"Files are kept in {upload_folder} and read together with the seed articles.")
    round_no = st.session_state.setdefault(UPLOADER_ROUND, 0)
    files = st.file_uploader("Articles", type=[s.lstrip(".") for s in ALLOWED_SUFFIXES],
                             accept_multiple_files=True, key=f"uploader_{round_no}")
    if files and st.button("Add these articles", type="primary", key="upload_go"):
        results = []
        progress = st.progress(0.0, text="Saving…")
        for i, file in enumerate(files, start=1):
            try:
                saved = save_upload(upload_folder, file.name, file.getvalue())
                results.append({"file": display_name(file.name), "saved_as": saved.saved_name, "error": "",
                                "note": saved.message})
            except UploadError as exc:
                results.append({"file": display_name(file.name), "saved_as": "", "error": str(exc)})
            except OSError as exc:
                results.append({"file": display_name(file.name), "saved_as": "",
                                "error": f"could not save: {exc.strerror}"})
            progress.progress(i / len(files), text=f"Saved {i} of {len(files)}")
        st.session_state[RESULTS_KEY] = results
        st.session_state[UPLOADER_ROUND] = round_no + 1  # a fresh uploader: the same files are not re-added
        st.rerun()  # re-read the folder (the cache key changed) before showing per-file results

results = st.session_state.get(RESULTS_KEY)
if results:
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

# ---- Articles ---------------------------------------------------------------------------------------------
st.subheader(f"{len(ctx.articles)} articles")
if ctx.articles.empty:
    st.info("No articles read yet.")
    st.stop()
articles = ctx.articles.copy()
articles["url"] = [views.safe_url(u) for u in articles["url"].tolist()]
st.dataframe(
    articles[["file", "outlet", "published", "title", "n_events", "n_chars", "warnings", "url"]],
    hide_index=True, key="articles_table",
    column_config={
        "file": "File", "outlet": "Outlet", "published": st.column_config.TextColumn("Published"),
        "title": "Title", "n_events": st.column_config.NumberColumn("Events"),
        "n_chars": st.column_config.NumberColumn("Characters"), "warnings": "Warnings",
        "url": st.column_config.LinkColumn("Link", display_text="open"),
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
