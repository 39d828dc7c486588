"""Incremental, parallel ingest: the cache makes re-reading free and never changes the table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import meetings.ingest as ingest
from meetings.cache import ResultCache
from meetings.export import to_csv_bytes
from meetings.pipeline import IngestOptions, load_events

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
DEVSET = PROJECT / "tests" / "data" / "devset"
NEW_ARTICLE = (
    "Lavrov meets Wang Yi in Beijing\n\n"
    "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on April 8, 2024. "
    "The two ministers discussed Ukraine and trade.\n"
)


def csv_of(folders: list[Path], **options: object) -> bytes:
    """The CSV the engine writes for `folders` with these ingest options."""
    return to_csv_bytes(load_events(folders, ingest=IngestOptions(**options)).events)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the articles the per-article stage analyses (in this process)."""
    seen: list[str] = []
    real = ingest.analyse_batch

    def spy(articles, knowledge_dir=None):  # noqa: ANN001, ANN202
        seen.extend(a.file for a in articles)
        return real(articles, knowledge_dir)

    monkeypatch.setattr(ingest, "analyse_batch", spy)
    return seen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the seeds the test may add to."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS, target)
    return target


def test_all_cores_give_the_table_one_process_gives() -> None:
    folders = [SEEDS, DEVSET]
    assert csv_of(folders, jobs=2) == csv_of(folders, jobs=1)


def test_second_read_comes_from_the_cache_and_equals_the_first(folder: Path, tmp_path: Path,
                                                                counted: list[str]) -> None:
    cache = tmp_path / "cache"
    first = csv_of([folder], cache_dir=cache)
    analysed = len(counted)
    assert analysed == len(list(folder.glob("*.txt")))
    again = csv_of([folder], cache_dir=cache)
    assert again == first
    assert len(counted) == analysed  # nothing parsed again


def test_adding_one_article_analyses_only_that_article(folder: Path, tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    csv_of([folder], cache_dir=cache)
    counted.clear()
    (folder / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    tables = load_events([folder], ingest=IngestOptions(cache_dir=cache))
    assert counted == ["zz_new.txt"]
    assert tables.events["sources"].map(lambda s: "zz_new.txt" in s).any()


def test_an_edited_article_is_analysed_again(folder: Path, tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    csv_of([folder], cache_dir=cache)
    counted.clear()
    victim = sorted(folder.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    csv_of([folder], cache_dir=cache)
    assert counted == [victim.name]


def test_an_edited_knowledge_file_invalidates_the_cache(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "data", knowledge, ignore=shutil.ignore_patterns("cache", "articles"))
    before = ingest.engine_fingerprint(knowledge)
    with (knowledge / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert ingest.engine_fingerprint(knowledge) != before


def partition_of(cache: Path) -> Path:
    parts = sorted(cache.glob("*/part-*.parquet"))
    assert parts, "the first read wrote no cache partition"
    return parts[0]


def test_a_truncated_partition_is_rebuilt_not_raised(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = csv_of([folder], cache_dir=cache)
    part = partition_of(cache)
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    options = IngestOptions(cache_dir=cache)
    assert to_csv_bytes(load_events([folder], ingest=options).events) == first
    assert any("unreadable" in note for note in options.log)
    assert csv_of([folder], cache_dir=cache) == first  # and the rebuilt cache serves the next start


def test_a_damaged_entry_is_detected_by_its_digest(folder: Path, tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    first = csv_of([folder], cache_dir=cache)
    part = partition_of(cache)
    table = pq.read_table(part)
    payloads = table.column("payload").to_pylist()
    payloads[0] = payloads[0][:-7] + b"garbage"
    pq.write_table(table.set_column(2, "payload", pa.array(payloads, pa.binary())), part)
    counted.clear()
    options = IngestOptions(cache_dir=cache)
    assert to_csv_bytes(load_events([folder], ingest=options).events) == first
    assert len(counted) == 1
    assert any("damaged" in note for note in options.log)
    next_start = IngestOptions(cache_dir=cache)
    assert to_csv_bytes(load_events([folder], ingest=next_start).events) == first
    assert not any("damaged" in note for note in next_start.log)  # the damaged entry was dropped, not kept


def test_a_half_written_temporary_file_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = csv_of([folder], cache_dir=cache)
    part = partition_of(cache)
    (part.parent / (part.name + ".1234.tmp")).write_bytes(b"PAR1 half")
    assert csv_of([folder], cache_dir=cache) == first


def test_a_cache_of_another_engine_version_is_not_read(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    stale = ResultCache(cache, "0" * 64)
    stale.put_many({"anything": b"not a result"})
    first = csv_of([folder], cache_dir=cache)
    assert first == csv_of([folder])
    assert not stale.folder.exists()  # the old version's entries are pruned when the new ones are written


def test_command_line_reads_unchanged_articles_from_its_cache(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "news.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    command = [sys.executable, "-m", "meetings", "extract", str(folder), "--cache", str(tmp_path / "cache"),
               "--jobs", "2"]
    first = subprocess.run([*command, "--out", str(tmp_path / "a.csv")], cwd=PROJECT, capture_output=True,
                           text=True, timeout=300)
    second = subprocess.run([*command, "--out", str(tmp_path / "b.csv")], cwd=PROJECT, capture_output=True,
                            text=True, timeout=300)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "0 of 1 articles read from the cache" in first.stderr
    assert "1 of 1 articles read from the cache" in second.stderr
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
