"""Big-table benchmarks: the dashboard's filters at 100,000 and 1,000,000 events, CSV export, memory.

Run by `bench_pipeline.py` in a fresh process (so `peak_rss_mb_1m` is this work's own peak), or alone:
    .venv/bin/python benchmarks/bench_tables.py [--sizes 100000 1000000] [--json OUT]

The events are synthetic but shaped like the engine's table (every column of `meetings.schema`): a few
thousand people with Zipf-like prominence, ten years, capitals, kinds, statuses, topics, one evidence sentence.
"What the timeline, map and table need" is timed as one unit: the match count, the timeline density, the map
bubbles and the first page of the events table, for a typical filter set (five years, a country, two kinds,
a topic).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from meetings import views  # noqa: E402
from meetings.export import to_csv_bytes  # noqa: E402
from meetings.filters import FilterState, apply_filters  # noqa: E402
from meetings.schema import EVENT_COLUMNS  # noqa: E402
from meetings.store import EventStore, store_table  # noqa: E402

CAPITALS = [("Beijing", "China", 39.90, 116.41), ("Moscow", "Russia", 55.76, 37.62),
            ("Washington", "United States", 38.91, -77.04), ("New Delhi", "India", 28.61, 77.21),
            ("Astana", "Kazakhstan", 51.17, 71.45), ("Tokyo", "Japan", 35.68, 139.69), ("Paris", "France", 48.86, 2.35),
            ("Berlin", "Germany", 52.52, 13.40), ("Ankara", "Turkey", 39.93, 32.86), ("Cairo", "Egypt", 30.04, 31.24),
            ("Brasilia", "Brazil", -15.79, -47.88), ("Jakarta", "Indonesia", -6.21, 106.85),
            ("Riyadh", "Saudi Arabia", 24.71, 46.68), ("Seoul", "South Korea", 37.57, 126.98)]
KINDS = np.array(["meeting"] * 6 + ["visit"] * 2 + ["phone_call", "multilateral_meeting"])
STATUSES = np.array(["held"] * 8 + ["planned", "possible"])
TOPICS = ["ukraine", "asia_pacific", "middle_east", "us_relations", "economy_trade", "security", "multilateral",
          "bilateral"]
TYPICAL = FilterState(date_from=dt.date(2018, 1, 1), date_to=dt.date(2022, 12, 31), countries=["China"],
                      kinds=["meeting", "visit"], topics=["economy_trade"])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_events(n: int, seed: int = 0, first_id: int = 0) -> pd.DataFrame:
    """`n` events in the engine's table shape."""
    rng = np.random.default_rng(seed)
    people = np.array([f"Person {i:05d}" for i in range(5000)])
    weights = 1 / np.arange(1, len(people) + 1) ** 0.8
    who = rng.choice(len(people), size=(n, 2), p=weights / weights.sum())
    place = rng.integers(0, len(CAPITALS), n)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")
    length = pd.to_timedelta(rng.choice([0, 0, 0, 1, 2], n), unit="D")
    topic = rng.integers(0, len(TOPICS), (n, 2))
    city = [CAPITALS[i] for i in place]
    names = [[people[a], people[b]] for a, b in who]
    frame = pd.DataFrame({
        "event_id": [f"ev-{first_id + i:010d}" for i in range(n)],
        "kind": KINDS[rng.integers(0, len(KINDS), n)], "status": STATUSES[rng.integers(0, len(STATUSES), n)],
        "cameo_code": "040", "start_date": start.strftime("%Y-%m-%d"),
        "end_date": (start + length).strftime("%Y-%m-%d"),
        "date_precision": "day", "city": [c[0] for c in city], "country": [c[1] for c in city],
        "lat": [c[2] for c in city], "lon": [c[3] for c in city], "forum": "",
        "participants": names, "participant_countries": [[c[1], CAPITALS[(i + 1) % len(CAPITALS)][1]]
                                                         for i, c in zip(place, city, strict=True)],
        "organizations": [[] for _ in range(n)],
        "topics": [sorted({TOPICS[a], TOPICS[b]}) for a, b in topic], "prominence": "main",
        "sources": [[f"article{first_id + i:07d}.txt"] for i in range(n)], "n_sources": 1,
        "evidence": [[f"{p[0]} met {p[1]} in {c[0]}."] for p, c in zip(names, city, strict=True)],
        "summary": [f"Meeting: {p[0]} and {p[1]} in {c[0]}" for p, c in zip(names, city, strict=True)],
        "confidence": 0.9, "review": "", "start": start, "end": start + length, "place_precision": "city",
        "participant_roles": [["", ""] for _ in range(n)], "evidence_spans": [[] for _ in range(n)],
        "field_spans": [[] for _ in range(n)], "date_method": "explicit", "disagreements": "",
    })
    return frame[EVENT_COLUMNS]


def write_synthetic_store(path: Path, n: int, chunk: int = 100_000) -> None:
    """The store of `n` synthetic events, written chunk by chunk (memory stays at one chunk)."""
    writer = None
    for first in range(0, n, chunk):
        table = store_table(synthetic_events(min(chunk, n - first), seed=first, first_id=first), first)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=chunk)
        del table
        gc.collect()
    writer.close()


def chart_data(store: EventStore, state: FilterState) -> tuple[int, int, int, int]:
    """What the timeline, map and table need for `state`: count, density, bubbles, first page."""
    view = store.view(state, 0, 100)
    return view.count, len(view.density), len(view.bubbles), len(view.page)


def median_ms(fn, repeats: int = 5) -> float:  # noqa: ANN001 - a callable
    fn()  # warm-up: file metadata and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def pandas_chart_data(events: pd.DataFrame, state: FilterState) -> int:
    """The same as `chart_data` with today's pandas views, for comparison."""
    kept = apply_filters(events, state)
    views.density_frame(kept)
    views.place_bubbles(kept)
    return len(kept.head(100))


def bench_size(n: int, folder: Path, results: dict) -> None:
    label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}m"
    path = folder / f"events_{label}.parquet"
    start = time.perf_counter()
    write_synthetic_store(path, n)
    build = time.perf_counter() - start
    store = EventStore(path)
    count, bars, bubbles, rows = chart_data(store, TYPICAL)
    results[f"filter_ms_{label}"] = round(median_ms(lambda: chart_data(store, TYPICAL)), 1)
    results[f"filter_ms_{label}_unfiltered"] = round(median_ms(lambda: chart_data(store, FilterState())), 1)
    results[f"store_build_s_{label}"] = round(build, 2)
    print(f"{n:>9,} events: store written in {build:.1f} s ({path.stat().st_size / 2**20:.0f} MB); typical filter "
          f"keeps {count:,} -> {bars} density bars, {bubbles} bubbles, {rows} table rows in "
          f"{results[f'filter_ms_{label}']:.0f} ms (unfiltered {results[f'filter_ms_{label}_unfiltered']:.0f} ms); "
          f"max RSS {rss_mb():.0f} MB")


def bench_pandas_and_csv(n: int, results: dict) -> None:
    events = synthetic_events(n, seed=99)
    results["filter_ms_100k_pandas"] = round(median_ms(lambda: pandas_chart_data(events, TYPICAL), 3), 1)
    start = time.perf_counter()
    data = to_csv_bytes(events)
    results["csv_export_s_100k"] = round(time.perf_counter() - start, 2)
    print(f"{n:>9,} events in pandas: the same charts with apply_filters + views in "
          f"{results['filter_ms_100k_pandas']:.0f} ms; CSV export {results['csv_export_s_100k']:.2f} s "
          f"({len(data) / 2**20:.0f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--json", help="write the numbers here as JSON")
    args = parser.parse_args(argv)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        for n in sorted(args.sizes):
            bench_size(n, Path(tmp), results)
    results["peak_rss_mb_1m" if max(args.sizes) >= 1_000_000 else "peak_rss_mb_tables"] = round(rss_mb(), 1)
    bench_pandas_and_csv(100_000, results)
    if args.json:
        Path(args.json).write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
