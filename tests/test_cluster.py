"""The per-article stage on a Dask cluster gives the table one process gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from meetings.export import to_csv_bytes
from meetings.pipeline import IngestOptions, load_events

distributed = pytest.importorskip("distributed")

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A one-worker cluster in this process (light: threads, no extra processes)."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) \
            as cluster:
        yield cluster.scheduler_address


def test_cluster_run_equals_the_single_process_run(scheduler: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    on_cluster = load_events([SEEDS], ingest=IngestOptions(scheduler=scheduler, cache_dir=store))
    assert to_csv_bytes(on_cluster.events) == to_csv_bytes(load_events([SEEDS]).events)
    assert list(store.glob("*/part-*.parquet")), "the cluster's results were not written as Parquet partitions"


def test_cluster_run_without_a_cache_folder_uses_a_temporary_store(scheduler: str) -> None:
    tables = load_events([SEEDS], ingest=IngestOptions(scheduler=scheduler))
    assert to_csv_bytes(tables.events) == to_csv_bytes(load_events([SEEDS]).events)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "meetings", "extract", str(SEEDS), "--out",
                             str(tmp_path / "e.csv"), "--no-cache", "--scheduler", "tcp://127.0.0.1:9"],
                            cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


def test_a_worker_with_another_engine_version_is_refused(scheduler: str) -> None:
    from meetings.cluster import compute_on_cluster
    from meetings.reading import read_folder

    articles, _ = read_folder(SEEDS)
    with pytest.raises(ValueError, match="different engine"):
        list(compute_on_cluster([articles[:1]], None, scheduler, fingerprint="not this engine"))
