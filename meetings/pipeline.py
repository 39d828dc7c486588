"""The pipeline over a set of folders: read, clean, extract, merge, tabulate."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from meetings.candidates import Candidate
from meetings.ingest import article_results
from meetings.knowledge import KnowledgeBase, Person, load_knowledge
from meetings.merging import merge_events
from meetings.reading import Article, Problem, read_folder
from meetings.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, WARNING_COLUMNS


@dataclass
class IngestOptions:
    """How the per-article stage runs: cache folder (None: no cache), processes, Dask scheduler address."""

    cache_dir: str | Path | None = None
    jobs: int = 1
    scheduler: str | None = None
    knowledge_dir: str | Path | None = None
    log: list[str] = field(default_factory=list)   # cache notes: hits, damaged entries rebuilt


@dataclass
class EventTables:
    """What `load_events` returns: the merged events, the articles read, and per-file problems."""

    events: pd.DataFrame
    articles: pd.DataFrame
    warnings: pd.DataFrame


def cameo_code(c: Candidate, countries: list[str]) -> str:
    """The CAMEO code of an event: 036 intent to meet, 041 phone, 042 visit, 044 third place, 040 consult."""
    if c.status != "held":
        return "036"
    if c.kind == "phone_call":
        return "041"
    if c.kind == "visit":
        return "042"
    if c.place is not None and c.place.country and countries and c.place.country not in countries:
        return "044"
    return "040"


def participant_details(people: list[Person | str], day: dt.date | None, titles: dict[str, tuple[str, str]],
                        kb: KnowledgeBase) -> tuple[list[str], list[str], list[str]]:
    """Names, roles ("Foreign Minister, Russia") and countries of an event's people: the knowledge base's
    office on the day, else the title the article gives a person it does not know ("" when none)."""
    names, roles, countries = [], [], []
    for p in people:
        if isinstance(p, Person):
            names.append(p.name)
            roles.append(p.role_on(day))
            countries.append(p.country_on(day))
        else:
            office, country = titles.get(p, ("", ""))
            label = kb.office_types[office].label if office in kb.office_types else ""
            names.append(p)
            roles.append(f"{label}, {country}" if label and country else "")
            countries.append(country)
    return names, roles, countries


def event_id(c: Candidate, names: list[str]) -> str:
    key = "|".join([c.kind, c.date.iso_start() if c.date else "", *sorted(names), *sorted(c.sources)])
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def summary_of(c: Candidate, names: list[str]) -> str:
    who = " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = {"phone_call": "phone call", "visit": "visit", "multilateral_meeting": "multilateral meeting"}.get(
        c.kind, "meeting")
    where = f" in {c.place.city or c.place.country}" if c.place is not None else ""
    at = f" at the {c.forum.name}" if c.forum is not None else ""
    when = f" on {c.date.iso_start()}" if c.date else ""
    status = "" if c.status == "held" else f" ({c.status})"
    return f"{verb.capitalize()}: {who}{where}{at}{when}{status}"


def event_row(c: Candidate, kb: KnowledgeBase) -> dict:
    day = c.date.start if c.date else None
    names, roles, countries = participant_details(c.participants, day, c.titles, kb)
    national = {o.id for o in kb.organizations if o.scope == "national"}
    orgs = [o for o in c.orgs if o not in national]
    place = c.place
    return {
        "event_id": event_id(c, names),
        "kind": c.kind,
        "status": c.status,
        "cameo_code": cameo_code(c, [x for x in countries if x]),
        "start_date": c.date.iso_start() if c.date else "",
        "end_date": c.date.iso_end() if c.date else "",
        "date_precision": c.date.precision if c.date else "",
        "city": (place.city if place else "") or "",
        "country": (place.country if place else "") or "",
        "lat": place.lat if place and place.lat is not None else float("nan"),
        "lon": place.lon if place and place.lon is not None else float("nan"),
        "forum": c.forum.name if c.forum else "",
        "participants": names,
        "participant_countries": list(dict.fromkeys(x for x in countries if x)),
        "organizations": orgs,
        "topics": c.topics,
        "prominence": c.prominence,
        "sources": list(c.sources),
        "n_sources": len(c.sources),
        "evidence": [e[3] for e in c.evidence],
        "summary": summary_of(c, names),
        "confidence": c.confidence,
        "review": "; ".join(dict.fromkeys(c.review)),
        "start": pd.Timestamp(c.date.start) if c.date else pd.NaT,
        "end": pd.Timestamp(c.date.end) if c.date else pd.NaT,
        "place_precision": place.precision if place else "unknown",
        "participant_roles": roles,
        "evidence_spans": [{"file": f, "start": s, "end": e, "sentence": t} for f, s, e, t in c.evidence],
        "field_spans": list(c.field_spans),
        "date_method": c.date_method or (c.date.method if c.date else ""),
        "disagreements": "; ".join(dict.fromkeys(c.notes)),
    }


def extract_from_articles(articles: list[Article], kb: KnowledgeBase, problems: list[Problem],
                          ingest: IngestOptions | None = None) -> tuple[list[Candidate], dict[str, int]]:
    """Per-article extraction (cached, parallel as `ingest` says); a failed article becomes a problem."""
    ingest = ingest or IngestOptions()
    candidates: list[Candidate] = []
    per_file: dict[str, int] = {}
    results = article_results(articles, ingest.knowledge_dir, ingest.jobs, ingest.cache_dir, ingest.scheduler,
                              ingest.log)
    for art, result in zip(articles, results, strict=True):
        if result.problem:
            problems.append(Problem(art.file, result.problem))
        elif result.no_reference_date:
            art.warnings.append("no publication date found: relative dates could not be resolved")
        per_file[art.file] = len(result.candidates)
        candidates.extend(result.candidates)
    return candidates, per_file


def tables_from(articles: list[Article], problems: list[Problem], kb: KnowledgeBase,
                ingest: IngestOptions | None = None) -> EventTables:
    candidates, per_file = extract_from_articles(articles, kb, problems, ingest)
    merged = merge_events(candidates)
    rows = [event_row(c, kb) for c in merged]
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    if not events.empty:
        events = events.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)
    events["start"] = pd.to_datetime(events["start"])
    events["end"] = pd.to_datetime(events["end"])
    events["lat"] = events["lat"].astype(float)
    events["lon"] = events["lon"].astype(float)
    events["n_sources"] = events["n_sources"].astype(int)
    art_rows = []
    by_file: dict[str, list[str]] = {}  # grouped once: a scan per article was quadratic in the folder size
    for p in problems:
        by_file.setdefault(p.file, []).append(p.problem)
    for a in articles:
        a_warn = by_file.get(a.file, [])
        art_rows.append({
            "file": a.file, "path": a.path, "title": a.title, "outlet": a.outlet, "url": a.url,
            "published": a.published.isoformat() if a.published else "", "published_source": a.published_source,
            "n_chars": len(a.text), "n_events": per_file.get(a.file, 0), "text": a.text,
            "warnings": "; ".join(dict.fromkeys(a_warn + a.warnings)),
        })
    return EventTables(
        events=events,
        articles=pd.DataFrame(art_rows, columns=ARTICLE_COLUMNS),
        warnings=pd.DataFrame([{"file": p.file, "problem": p.problem} for p in problems], columns=WARNING_COLUMNS),
    )


def load_events(folders: str | Path | Iterable[str | Path], knowledge_dir: str | Path | None = None,
                ingest: IngestOptions | None = None) -> EventTables:
    """Read every article in `folders` and return the merged event table, the articles and the problems.

    `ingest` says where per-article results are cached and how many processes (or which Dask cluster)
    compute the ones not cached; by default nothing is cached and everything runs in this process.

    Never raises on bad input: a missing folder, an unreadable or binary file and a bad manifest row
    each become a row of `warnings`, and everything else still loads.
    """
    if isinstance(folders, (str, Path)):
        folders = [folders]
    kb = load_knowledge(knowledge_dir)
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for folder in folders:
        found, folder_problems = read_folder(folder)
        problems.extend(folder_problems)
        for a in found:
            if a.file in seen:
                problems.append(Problem(a.file, f"same file name already loaded from another folder; {a.path} skipped"))
                continue
            seen.add(a.file)
            articles.append(a)
    ingest = ingest or IngestOptions()
    if ingest.knowledge_dir is None and knowledge_dir is not None:
        ingest = replace(ingest, knowledge_dir=knowledge_dir)
    return tables_from(articles, problems, kb, ingest)
