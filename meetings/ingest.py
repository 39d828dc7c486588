"""Ingest: the per-article stage (text and metadata in, candidate events out), cached, on all cores or a cluster.

`article_results` returns one `ArticleResult` per article, in input order, whichever way it was computed:
from the Parquet cache (`meetings.cache`), in this process, in a local process pool (`jobs`), or on a Dask
cluster (`scheduler`). Results travel and are cached as pickles, so the merge that follows sees the same
objects in the same order whatever ran the stage: `--jobs 4` gives the table `--jobs 1` gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from meetings.cache import ResultCache
from meetings.candidates import Candidate
from meetings.cleaning import clean_text
from meetings.document import Document, analyse_article, read_head
from meetings.events import extract_events
from meetings.knowledge import KnowledgeBase, data_dir, load_knowledge
from meetings.lexicon import DEFAULT_PATH as LEXICON_PATH
from meetings.parsing import BATCH_CHARS, SPACY_MODEL, char_batches, parse_texts
from meetings.prefilter import may_report_event
from meetings.reading import Article
from meetings.time_limit import SECONDS_ENV, TimeLimitExceeded, article_seconds, call_with_time_limit

PACKAGE = Path(__file__).resolve().parent
# Modules that only present or export the merged table: editing them leaves per-article results valid.
NOT_ENGINE = {"__main__.py", "cache.py", "cluster.py", "export.py", "filters.py", "store.py", "uploads.py", "views.py"}
BATCH = 8                 # articles per task sent to a Dask worker
PARALLEL_MIN = 2 * BATCH  # fewer articles to compute than this: a pool's start-up would cost more than it saves
# Articles parsed by one nlp.pipe call, in this process or as one task of the pool: up to this many, and up to
# BATCH_CHARS characters (one long article is a task of its own). Tiny texts parse a third faster 64 to a call
# than 8 to a call; in a pool each worker gets at least TASKS_PER_WORKER tasks, so none waits on the last one.
TASK_ARTICLES = 64
TASKS_PER_WORKER = 4
FLUSH_EVERY = 256         # computed results written to the cache as one partition


@dataclass
class ArticleResult:
    """What the per-article stage found in one article."""

    file: str
    candidates: list[Candidate] = field(default_factory=list)
    problem: str = ""          # why the article could not be analysed ("" when it was)
    no_reference_date: bool = False


def all_cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def engine_fingerprint(knowledge_dir: str | Path | None = None) -> str:
    """A hash of everything a per-article result depends on besides the article itself."""
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.glob("*.py") if p.name not in NOT_ENGINE):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    folder = Path(knowledge_dir) if knowledge_dir else data_dir()
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in {".yaml", ".yml", ".csv"})
    for path in [*files, LEXICON_PATH]:
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    h.update(SPACY_MODEL.encode() + spacy_version().encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def spacy_version() -> str:
    try:
        import spacy
    except ImportError:
        return "none"
    return spacy.__version__


def article_key(article: Article, fingerprint: str) -> str:
    """The cache key of one article: its text, name and publication facts under one engine fingerprint."""
    parts = [fingerprint, article.file, article.title, article.outlet, article.url,
             article.published.isoformat() if isinstance(article.published, dt.date) else "",
             article.published_source, str(article.is_html), article.text]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def analyse_batch(articles: list[Article], knowledge_dir: str | None = None) -> list[ArticleResult]:
    """The per-article stage over a batch in this process: one `nlp.pipe` call, then each article's events.

    A text with no word of the lexicon's meeting vocabulary (`meetings.prefilter`) is not parsed: it can
    report no event, so only its reference date is read (an undated article is still said to be undated).
    """
    kb = load_knowledge(knowledge_dir)
    out: list[ArticleResult] = []
    texts = [clean_text(a.text) for a in articles]
    wanted = [may_report_event(t) for t in texts]
    parses = parse_texts(t for t, want in zip(texts, wanted, strict=True) if want)
    for art, want in zip(articles, wanted, strict=True):
        try:
            doc, found = extract_article(art, kb, next(parses) if want else None, parse=want)
        except TimeLimitExceeded:
            out.append(ArticleResult(art.file, problem=f"analysis took over {article_seconds():g} s and was stopped; "
                                                       f"no events from this file ({SECONDS_ENV} sets the limit)"))
            continue
        except Exception as exc:  # one bad article must not lose the others
            out.append(ArticleResult(art.file, problem=f"could not be analysed: {type(exc).__name__}: {exc}"))
            continue
        out.append(ArticleResult(art.file, found, no_reference_date=doc.ref is None))
    return out


def extract_article(art: Article, kb: KnowledgeBase, parsed: object = None,
                    parse: bool = True) -> tuple[Document, list[Candidate]]:
    """The per-article stage (find mentions, then events) under the per-article time limit; with `parse`
    False (a text the prefilter rules out) only the article's head and reference date, and no events.

    Raises TimeLimitExceeded when it runs past `article_seconds()`; safe in worker processes and threads.
    """
    def analyse() -> tuple[Document, list[Candidate]]:
        if not parse:
            return read_head(art, kb, clean_text(art.text)), []
        doc = analyse_article(art, kb, parsed=parsed)
        return doc, extract_events(doc, kb)

    return call_with_time_limit(analyse, article_seconds())


def analyse_batch_pickled(articles: list[Article], knowledge_dir: str | None = None) -> list[bytes]:
    """`analyse_batch` with each result pickled: what a worker sends back and what the cache stores."""
    return [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in analyse_batch(articles, knowledge_dir)]


def warm_worker(knowledge_dir: str | None) -> None:
    """Load the spaCy model and the knowledge base once per worker process, before its first batch."""
    from meetings.parsing import load_pipeline

    load_pipeline()
    load_knowledge(knowledge_dir)


def batches(items: list, size: int = BATCH) -> Iterator[list]:
    """`items` in consecutive slices of `size` (articles for a Dask worker)."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def parse_groups(articles: list[Article], jobs: int = 1) -> Iterator[list[Article]]:
    """Consecutive groups of articles, each parsed by one nlp.pipe call (see TASK_ARTICLES); with several
    `jobs`, small enough that every worker gets a few."""
    most = max(1, min(TASK_ARTICLES, -(-len(articles) // (jobs * TASKS_PER_WORKER)))) if jobs > 1 else TASK_ARTICLES
    return char_batches(articles, most, BATCH_CHARS, length=lambda a: len(a.text))


def compute_pickled(articles: list[Article], knowledge_dir: str | None, jobs: int,
                    scheduler: str | None = None) -> Iterator[list[bytes]]:
    """Pickled results batch by batch (in input order): in process, in a process pool, or on a Dask cluster."""
    if scheduler:
        from meetings.cluster import compute_on_cluster

        fingerprint = engine_fingerprint(knowledge_dir)
        yield from compute_on_cluster(list(batches(articles)), knowledge_dir, scheduler, fingerprint)
        return
    if jobs <= 1 or len(articles) < PARALLEL_MIN:
        for group in parse_groups(articles):
            yield analyse_batch_pickled(group, knowledge_dir)
        return
    # fork: workers start without re-importing the caller's main module (a script or `python -m`), and share
    # the parent's loaded model copy-on-write. A threaded caller (the dashboard) keeps jobs=1.
    context = get_context("fork") if "fork" in get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=warm_worker, initargs=(knowledge_dir,)) as pool:
        yield from pool.map(analyse_batch_pickled, parse_groups(articles, jobs), repeat(knowledge_dir))


def article_results(articles: list[Article], knowledge_dir: str | Path | None = None, jobs: int = 1,
                    cache_root: str | Path | None = None, scheduler: str | None = None,
                    log: list[str] | None = None) -> list[ArticleResult]:
    """One result per article, in order: cached ones read back, the others computed (and cached when asked).

    With a `scheduler`, results always go through the Parquet store (a temporary one without `cache_root`):
    the cluster's batches are written as partitions and the merge reads them back from there.
    """
    if scheduler and not cache_root:
        with tempfile.TemporaryDirectory(prefix="meetings-store-") as tmp:
            return article_results(articles, knowledge_dir, jobs, tmp, scheduler, log)
    kdir = str(knowledge_dir) if knowledge_dir else None
    cache = ResultCache(Path(cache_root), engine_fingerprint(kdir)) if cache_root else None
    keys = [article_key(a, cache.fingerprint) for a in articles] if cache else [str(i) for i in range(len(articles))]
    payloads: dict[str, bytes] = cache.get_many(keys) if cache else {}
    todo = [i for i, k in enumerate(keys) if k not in payloads]
    flush_every = 1 if scheduler else FLUSH_EVERY   # a cluster batch is one partition
    pending: dict[str, bytes] = {}
    done = 0
    for pickled in compute_pickled([articles[i] for i in todo], kdir, jobs, scheduler):  # in order, batch by batch
        batch_ids, done = todo[done:done + len(pickled)], done + len(pickled)
        pending.update(zip((keys[i] for i in batch_ids), pickled, strict=True))
        if cache and len(pending) >= flush_every:  # an interrupted ingest keeps what it finished
            cache.put_many(pending)
            payloads.update(pending)
            pending = {}
    if cache:
        cache.put_many(pending)
    payloads.update(pending)
    if scheduler and cache:
        payloads = cache.get_many(keys)
    if log is not None and cache:
        log.extend(cache.problems)
        log.append(f"{len(articles) - len(todo)} of {len(articles)} articles read from the cache")
    return [unpickle(payloads.get(key)) or analyse_batch([art], kdir)[0] for key, art in zip(keys, articles,
                                                                                              strict=True)]


def unpickle(payload: bytes | None) -> ArticleResult | None:
    """A cached result, or None when it is missing or does not load with this engine."""
    if payload is None:
        return None
    try:
        result = pickle.loads(payload)
    except Exception:  # written by a different engine build that the fingerprint missed: recompute
        return None
    return result if isinstance(result, ArticleResult) else None
