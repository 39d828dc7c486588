"""Ingest benchmarks over a generated corpus: the engine against spaCy alone and a naive pipeline.

All three read the same articles in the same run:
- spaCy alone: `nlp.pipe` over the cleaned texts (our pipeline: tagger, parser, NER);
- the naive pipeline: spaCy's stock pipeline plus `dateparser.search.search_dates` on every sentence, one event
  per sentence that holds a meeting word of `data/lexicon.yaml` (its PERSON entities and first date);
- the engine: `load_events` in one process, then on all cores, then again from the cache, then with one
  article added. Per-stage seconds come from running the stages one by one in this process.
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from corpus import corpus_recall, write_corpus

import meetings
from meetings.cleaning import clean_text
from meetings.document import analyse_article
from meetings.events import extract_events
from meetings.ingest import all_cores
from meetings.knowledge import load_knowledge
from meetings.lexicon import load_lexicon
from meetings.merging import merge_events
from meetings.parsing import SPACY_MODEL, load_pipeline, parse_texts
from meetings.pipeline import IngestOptions, event_row
from meetings.reading import read_folder


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU seconds of `fn` in this process: on a shared machine the CPU seconds of one process
    say what the work costs when other programs take turns on the cores."""
    cpu = time.process_time()
    wall, result = timed(fn)
    return wall, time.process_time() - cpu, result


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def burn(n: int) -> int:
    """Pure Python arithmetic: a CPU-bound task with nothing to share."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity(jobs: int, n: int = 3_000_000) -> float:
    """How much faster `jobs` processes run a pure-CPU task than one: the cores this shared machine gives us now."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    serial, _ = timed(lambda: [burn(n) for _ in range(2 * jobs)])
    with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
        pool.submit(burn, 1).result()
        parallel, _ = timed(lambda: list(pool.map(burn, [n] * (2 * jobs))))
    return serial / parallel


def naive_events(articles: list, nlp, meeting_words: set[str]) -> list[dict]:  # noqa: ANN001 - a spaCy Language
    """The naive pipeline: NER + dateparser on every sentence, one event per sentence with a meeting word."""
    from dateparser.search import search_dates

    events = []
    for art, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        for sent in doc.sents:
            dates = search_dates(sent.text, settings={"RELATIVE_BASE": _midnight(art.published)}) or []
            if any(t.lemma_.lower() in meeting_words for t in sent):
                people = [e.text for e in sent.ents if e.label_ == "PERSON"]
                events.append({"file": art.file, "people": people, "date": dates[0][1] if dates else None})
    return events


def _midnight(day):  # noqa: ANN001, ANN202 - a date or None -> a datetime or None
    import datetime as dt

    return dt.datetime.combine(day, dt.time()) if day else None


def stage_seconds(articles: list) -> dict[str, float]:
    """Seconds per stage of the engine, run one by one over `articles` in this process."""
    kb = load_knowledge()
    t_clean, texts = timed(lambda: [clean_text(a.text) for a in articles])
    t_parse, parses = timed(lambda: list(parse_texts(texts)))
    t_analyse, docs = timed(lambda: [analyse_article(a, kb, parsed=p) for a, p in zip(articles, parses, strict=True)])
    t_extract, found = timed(lambda: [c for d in docs for c in extract_events(d, kb)])
    t_merge, merged = timed(lambda: merge_events(found))
    t_rows, _ = timed(lambda: [event_row(c, kb) for c in merged])
    return {"stage_clean_s": t_clean, "stage_parse_s": t_parse, "stage_analyse_s": t_analyse,
            "stage_extract_s": t_extract, "stage_merge_s": t_merge, "stage_tabulate_s": t_rows}


def bench_practice(results: dict) -> None:
    """Milliseconds per real article (the seeds and the 42 practice articles, parser on, one process, no cache):
    the engine's cost on news as it is written, beside the synthetic corpus's short articles."""
    root = Path(__file__).resolve().parent.parent
    folders = [root / "seeds", root / "tests" / "data" / "devset"]
    meetings.load_events(folders[0])   # warm-up: model, knowledge base, compiled patterns
    n = sum(len(read_folder(f)[0]) for f in folders)
    t, _ = timed(lambda: meetings.load_events(folders, ingest=IngestOptions(jobs=1)))
    results.update(practice_articles=n, practice_ms_per_article=1000 * t / n)
    print(f"practice articles: {n} in {t:.1f} s = {1000 * t / n:.0f} ms per article (parser on, 1 process)")


def bench_ingest(n: int, folder: Path, results: dict) -> None:
    """Write an `n`-article corpus into `folder` and time every way of reading it."""
    truth = write_corpus(folder / "corpus", n)
    corpus = folder / "corpus"
    t_read, (articles, _) = timed(lambda: read_folder(corpus))
    t_load, _ = timed(lambda: (load_pipeline(), load_knowledge()))
    write_corpus(folder / "warm-up", 8, seed=n + 1)  # first calls compile patterns and fill caches: not timed
    meetings.load_events(folder / "warm-up")
    print(f"{n} articles telling {len(truth)} meetings; read in {t_read:.2f} s; model + knowledge load {t_load:.1f} s")
    t_spacy, cpu_spacy, _ = cpu_timed(lambda: list(parse_texts([clean_text(a.text) for a in articles])))
    t_one, cpu_one, tables = cpu_timed(lambda: meetings.load_events(corpus, ingest=IngestOptions(jobs=1)))
    jobs = all_cores()
    t_all, tables_all = timed(lambda: meetings.load_events(corpus, ingest=IngestOptions(jobs=jobs)))
    stages = stage_seconds(articles)
    capacity = parallel_capacity(jobs)
    import spacy

    stock = spacy.load(SPACY_MODEL)
    words = {key.split()[0] for key in load_lexicon().verbs} | {key.split()[0] for key in load_lexicon().nouns}
    t_naive, naive = timed(lambda: naive_events(articles, stock, words))
    same = tables.events.drop(columns=["evidence_spans", "field_spans"]).equals(
        tables_all.events.drop(columns=["evidence_spans", "field_spans"]))
    results.update(
        ingest_articles=n, ingest_jobs=jobs, ingest_articles_per_s=n / t_all, ingest_articles_per_s_1proc=n / t_one,
        spacy_only_articles_per_s=n / t_spacy, ingest_vs_spacy_ratio=t_spacy / t_all,
        ingest_1proc_vs_spacy_ratio=t_spacy / t_one, ingest_1proc_vs_spacy_cpu_ratio=cpu_spacy / cpu_one,
        naive_articles_per_s=n / t_naive,
        ingest_vs_naive_ratio=t_naive / t_all,
        peak_rss_mb_ingest=rss_mb(), peak_rss_mb_ingest_worker=rss_mb(resource.RUSAGE_CHILDREN),
        corpus_recall=corpus_recall(tables_all.events, truth), corpus_meetings=len(truth),
        ingest_model_load_s=t_load, cpu_parallel_speedup=capacity, **stages)
    print(f"CPU seconds in one process: spaCy nlp.pipe {cpu_spacy:.2f} s, engine {cpu_one:.2f} s "
          f"(ratio {cpu_spacy / cpu_one:.2f})")
    print(f"spaCy nlp.pipe alone: {t_spacy:.1f} s; engine 1 process: {t_one:.1f} s; engine {jobs} processes: "
          f"{t_all:.1f} s (same table as 1 process: {same}); naive pipeline: {t_naive:.1f} s "
          f"({len(naive)} naive events)")
    print(f"control: a pure-CPU task runs {capacity:.2f}x faster on {jobs} processes than on one "
          f"(the cores this shared machine gave the benchmark)")
    print("per stage (1 process): " + ", ".join(f"{k[6:-2]} {v:.2f} s" for k, v in stages.items()))


def bench_cache(n: int, folder: Path, results: dict) -> None:
    """A larger corpus through the cache: computed once on all cores, re-read unchanged, then one article added."""
    corpus, cache = folder / "cached-corpus", folder / "cache"
    write_corpus(corpus, n, seed=n)
    options = IngestOptions(jobs=all_cores(), cache_dir=cache)
    t_fill, _ = timed(lambda: meetings.load_events(corpus, ingest=options))
    t_cached = statistics.median(timed(lambda: meetings.load_events(corpus, ingest=IngestOptions(
        cache_dir=cache)))[0] for _ in range(3))
    first = sorted(corpus.glob("*.txt"))[0]
    (corpus / "zz_added.txt").write_text(first.read_text(encoding="utf-8") + "\nAdded.\n", encoding="utf-8")
    added = IngestOptions(cache_dir=cache)
    t_add, _ = timed(lambda: meetings.load_events(corpus, ingest=added))
    results.update(cached_reingest_articles=n, cached_reingest_articles_per_s=n / t_cached, add_one_article_s=t_add)
    print(f"{n} articles: first read (all cores, cache filled) {t_fill:.1f} s; unchanged re-read {t_cached:.2f} s "
          f"({n / t_cached:,.0f} articles/s); one article added {t_add:.2f} s ({added.log[-1]})")
