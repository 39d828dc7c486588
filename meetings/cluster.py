"""The per-article stage on a Dask cluster (`python -m meetings extract ... --scheduler tcp://HOST:PORT`).

Each batch of articles becomes one task; a worker loads the spaCy model and the knowledge base once (they
are cached per process) and sends back the pickled results with its engine fingerprint. The caller writes
each batch as a Parquet partition of the result store and merges from the store, so a cluster run and a
local one produce the same table. Workers must run the same checkout of this project (same engine, same
`data/`, same model): a worker whose fingerprint differs is refused, never silently mixed in.
"""

from __future__ import annotations

from collections.abc import Iterator

from meetings.reading import Article

CONNECT_TIMEOUT = "10s"   # how long to wait for the scheduler before saying it cannot be reached


def analyse_on_worker(articles: list[Article], knowledge_dir: str | None) -> tuple[str, list[bytes]]:
    """One task: the worker's engine fingerprint and its pickled results for `articles`."""
    from meetings.ingest import analyse_batch_pickled, engine_fingerprint

    return engine_fingerprint(knowledge_dir), analyse_batch_pickled(articles, knowledge_dir)


def connect(scheduler: str):  # noqa: ANN201 - a distributed.Client
    """A client of the scheduler at `scheduler`; a clear error when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ValueError("--scheduler needs dask.distributed (pip install -r requirements.txt)") from exc
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ValueError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def compute_on_cluster(batches: list[list[Article]], knowledge_dir: str | None, scheduler: str,
                       fingerprint: str) -> Iterator[list[bytes]]:
    """Pickled results batch by batch, in input order, computed by the cluster's workers."""
    if not batches:
        return
    client = connect(scheduler)
    try:
        futures = client.map(analyse_on_worker, batches, knowledge_dir=knowledge_dir, pure=False)
        for future in futures:
            theirs, pickled = future.result()
            if theirs != fingerprint:
                raise ValueError(f"a worker of {scheduler} runs a different engine or data/ version "
                                 "(install the same checkout on every worker)")
            yield pickled
    finally:
        client.close()
