"""Pipeline benchmarks, run on demand (`make bench`): prints numbers, asserts nothing.

1. Ingest over a generated corpus (`corpus.py`): the engine on one and on all cores, from the cache, with one
   article added, per stage, against spaCy's `nlp.pipe` alone and a naive pipeline; corpus recall
   (`bench_ingest.py`).
2. Merging scalability: 1,000 / 10,000 / 100,000 synthetic candidate events through `merge_events`
   (participant-month blocking should keep the time per event roughly flat).
3. Big tables in a fresh process: the dashboard's filters through DuckDB at 100,000 and 1,000,000 events,
   CSV export, peak memory (`bench_tables.py`).
4. First render of the dashboard's pages with 100,000 events in headless Chromium (`bench_render.py`).
5. The server's share of it: each page's script run with 100,000 events, no browser (`bench_page_runs.py`).

Prints a summary table against the targets of the scale issue and writes benchmarks/results.json (numbers
only; keys written by other benchmarks are kept).

Usage: .venv/bin/python benchmarks/bench_pipeline.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench_ingest import bench_cache, bench_ingest, bench_practice  # noqa: E402

from meetings.candidates import Candidate  # noqa: E402
from meetings.dates import DateValue  # noqa: E402
from meetings.knowledge import Person  # noqa: E402
from meetings.merging import merge_events, month_keys  # noqa: E402
from meetings.places import PlaceMention  # noqa: E402

RESULTS: dict[str, float] = {}   # written to benchmarks/results.json: numbers only
CITIES = [  # (city, country, lat, lon): where synthetic meetings happen
    ("Beijing", "China", 39.90, 116.41), ("Moscow", "Russia", 55.76, 37.62), ("Washington", "United States", 38.91,
                                                                                -77.04),
    ("New Delhi", "India", 28.61, 77.21), ("Astana", "Kazakhstan", 51.17, 71.45), ("Tokyo", "Japan", 35.68, 139.69),
    ("Paris", "France", 48.86, 2.35), ("Berlin", "Germany", 52.52, 13.40), ("Ankara", "Turkey", 39.93, 32.86),
    ("Brasilia", "Brazil", -15.79, -47.88), ("Jakarta", "Indonesia", -6.21, 106.85), ("Cairo", "Egypt", 30.04, 31.24),
    ("Tashkent", "Uzbekistan", 41.30, 69.24), ("Minsk", "Belarus", 53.90, 27.56), ("Hanoi", "Vietnam", 21.03, 105.85),
    ("Geneva", "Switzerland", 46.20, 6.14), ("Riyadh", "Saudi Arabia", 24.71, 46.68), ("Seoul", "South Korea", 37.57,
                                                                                       126.98),
]

def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by one call, and its result."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def heading(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 100 - len(title)))


# --- 2. merging scalability -------------------------------------------------------------------------------------


def synthetic_people(rng: random.Random, n: int, exponent: float) -> tuple[list[Person], list[float]]:
    """`n` people with Zipf-like prominence: a few leaders appear in many events, most in few."""
    countries = [c[1] for c in CITIES]
    people = [Person(f"Person {i:05d}", [], [], rng.choice(countries), []) for i in range(n)]
    weights = [1.0 / (rank + 1) ** exponent for rank in range(n)]
    return people, weights


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def place_of(city: tuple[str, str, float, float], precision: str = "city") -> PlaceMention:
    name, country, lat, lon = city
    shown = name if precision == "city" else country
    return PlaceMention(0, len(shown), shown, shown, name if precision == "city" else "", country, lat, lon,
                        precision, True)


@dataclass
class Scenario:
    """How synthetic candidates are spread: over how many people, months, and how skewed."""

    label: str
    people_per_candidate: float   # distinct people = n * this (at least 300)
    zipf_exponent: float          # 0 = everyone equally often; ~0.8 = a few leaders dominate
    days: Callable[[int], int]    # length of the covered period for n candidates


SCENARIOS = [
    Scenario("ten-year archive, a few leaders dominate (Zipf 0.8)", 1 / 20, 0.8, lambda n: 10 * 365),
    Scenario("same news density: one year of archive per 1,000 candidates", 1 / 20, 0.8, lambda n: n * 365 // 1000),
]


def synthetic_candidates(n: int, scenario: Scenario, seed: int = 1) -> list[Candidate]:
    """`n` candidate events: real meetings reported by 1-4 "articles" each, with the noise reports carry
    (a month-precision date, a country-only or missing place, one participant fewer)."""
    rng = random.Random(seed)
    people, weights = synthetic_people(rng, max(300, int(n * scenario.people_per_candidate)), scenario.zipf_exponent)
    cumulative = list(itertools.accumulate(weights))
    first, span = dt.date(2016, 1, 1), scenario.days(n)
    kinds = ["meeting"] * 6 + ["visit"] * 2 + ["phone_call", "multilateral_meeting"]
    out: list[Candidate] = []
    article = 0
    while len(out) < n:
        picked = rng.choices(range(len(people)), cum_weights=cumulative, k=rng.choice([2, 2, 2, 3, 4]))
        who = [people[i] for i in dict.fromkeys(picked)]
        if len(who) < 2:
            continue
        day = first + dt.timedelta(days=rng.randrange(span))
        length = rng.choice([0, 0, 0, 1, 2])
        city = rng.choice(CITIES)
        kind = rng.choice(kinds)
        for _ in range(min(n - len(out), rng.choice([1, 1, 1, 2, 2, 3, 4]))):
            article += 1
            date = DateValue(day, day + dt.timedelta(days=length), "day")
            if rng.random() < 0.2:  # a report that only gives the month
                date = DateValue(day.replace(day=1), month_end(day), "month")
            roll = rng.random()
            place = place_of(city) if roll < 0.6 else place_of(city, "country") if roll < 0.8 else None
            names = who if rng.random() < 0.8 or len(who) == 2 else who[:-1]
            source = f"article{article:06d}.txt"
            out.append(Candidate(file=source, kind=kind, status="held", strength=2, participants=list(names),
                                 date=date, place=place, sources=[source], topics=["bilateral"],
                                 prominence=rng.choice(["main", "mentioned"]),
                                 evidence=[(source, 0, 40, f"{names[0].name} met {names[1].name}.")]))
    return out


def block_stats(candidates: list[Candidate]) -> tuple[int, int]:
    """The largest (participant, month) block and the number of pairs the blocks hold."""
    sizes = Counter((name, y, m) for c in candidates for name in c.names() for y, m in month_keys(c))
    return max(sizes.values(), default=0), sum(k * (k - 1) // 2 for k in sizes.values())


def bench_merging(sizes: list[int]) -> None:
    """Time `merge_events` at growing sizes; near-linear means a roughly flat µs/event."""
    heading("2. merging scalability: merge_events on synthetic candidates")
    for scenario in SCENARIOS:
        print(f"-- {scenario.label}")
        print(f"{'candidates':>10} {'merge s':>8} {'events/s':>10} {'µs/event':>9} {'merged to':>10} "
              f"{'max block':>9} {'block pairs':>12} {'time ratio':>10}")
        previous: float | None = None
        for n in sizes:
            candidates = synthetic_candidates(n, scenario)
            biggest, pairs = block_stats(candidates)
            seconds, merged = timed(lambda candidates=candidates: merge_events(candidates))
            ratio = f"{seconds / previous:.1f}x" if previous else ""
            print(f"{n:>10,} {seconds:>8.2f} {n / seconds:>10,.0f} {1e6 * seconds / n:>9.1f} {len(merged):>10,} "
                  f"{biggest:>9,} {pairs:>12,} {ratio:>10}")
            previous = seconds
            if scenario is SCENARIOS[0]:
                RESULTS[f"merge_s_{n // 1000}k_events"] = seconds
            else:
                RESULTS[f"merge_s_{n // 1000}k_events_dense"] = seconds
            del candidates, merged
    print(f"process max RSS so far: {rss_mb():.0f} MB")


TARGETS = [  # (key, label, target as text, whether the number meets it)
    ("ingest_vs_naive_ratio", "ingest (all cores) / naive pipeline", ">= 1.5", lambda v: v >= 1.5),
    ("ingest_vs_spacy_ratio", "ingest (all cores) / spaCy nlp.pipe", ">= 0.8", lambda v: v >= 0.8),
    ("ingest_articles_per_s", "ingest articles/s, all cores", "", None),
    ("cpu_parallel_speedup", "control: pure-CPU speed-up on all cores", "", None),
    ("ingest_articles_per_s_1proc", "ingest articles/s, 1 process", "", None),
    ("ingest_1proc_vs_spacy_cpu_ratio", "CPU s: spaCy nlp.pipe / ingest, 1 process", "", None),
    ("spacy_only_articles_per_s", "spaCy nlp.pipe articles/s", "", None),
    ("naive_articles_per_s", "naive pipeline articles/s", "", None),
    ("cached_reingest_articles_per_s", "unchanged re-ingest articles/s", ">= 2000", lambda v: v >= 2000),
    ("add_one_article_s", "one article added, s", "", None),
    ("peak_rss_mb_ingest", "peak RSS ingest (main process), MB", "", None),
    ("merge_s_10k_events", "merge 10,000 events, s", "", None),
    ("merge_s_100k_events", "merge 100,000 events, s", "<= 30", lambda v: v <= 30),
    ("filter_ms_100k", "filter to chart data, 100k events, ms", "<= 100", lambda v: v <= 100),
    ("filter_ms_1m", "filter to chart data, 1M events, ms", "<= 1000", lambda v: v <= 1000),
    ("csv_export_s_100k", "CSV of 100,000 rows, s", "<= 2", lambda v: v <= 2),
    ("first_render_s_100k", "first render, 100k events, s", "<= 3", lambda v: v <= 3),
    *[(f"page_render_s_100k_{page}", f"  {page} page, new session, 100k, s", "<= 3", lambda v: v <= 3)
      for page in ["overview", "timeline", "map", "network", "topics", "story", "events", "sources"]],
    ("peak_rss_mb_1m", "peak RSS at 1M events, MB", "<= 1000", lambda v: v <= 1000),
    ("corpus_recall", "corpus recall (people + day)", ">= 0.95", lambda v: v >= 0.95),
]
# Keys this script used to write and no longer does: dropped from results.json (keys of other benchmarks stay).
RETIRED = {"corpus_articles_per_s", "extraction_articles", "extraction_articles_per_s", "extraction_ms_per_article",
           "extraction_peak_alloc_mb", "extraction_rss_mb", "extraction_warmup_s", "merge_s_100k_same",
           "merge_s_100k_ten-year", "merge_s_10k_same", "merge_s_10k_ten-year", "merge_s_1k_same",
           "merge_s_1k_ten-year"}


def print_table() -> None:
    heading("summary")
    print(f"{'measure':<42} {'value':>12} {'target':>9}  met")
    for key, label, target, check in TARGETS:
        value = RESULTS.get(key)
        shown = "not run" if value is None else f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
        met = "" if value is None or check is None else ("yes" if check(value) else "NO")
        print(f"{label:<42} {shown:>12} {target:>9}  {met}")


def run_tables(sizes: list[int]) -> None:
    """The big-table benchmark in a fresh process, so its peak memory is its own."""
    heading("3. big tables: DuckDB over the Parquet store, pandas for comparison, CSV export")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tables.json"
        subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "bench_tables.py"), "--sizes",
                        *map(str, sizes), "--json", str(out)], check=True)
        RESULTS.update(json.loads(out.read_text(encoding="utf-8")))


def run_render(n: int, cap: float = 90, pages: int = 8) -> None:
    """First renders (Overview on a fresh server, then each of `pages` pages) in a fresh process group; past
    the caps (a hung page) the whole group is stopped."""
    heading(f"4. first render of the dashboard's pages with {n:,} events in headless Chromium")
    label = f"{n // 1000}k"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "render.json"
        proc = subprocess.Popen([sys.executable, str(PROJECT / "benchmarks" / "bench_render.py"), "--events", str(n),
                                 "--cap", str(cap), "--json", str(out)], start_new_session=True)
        try:
            proc.wait(timeout=cap * 2 + 30 * pages + 90)  # 90 s: making the table, starting the server
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the render, its server and its browser: all started here
            proc.wait()
            print(f"{n:,} events: no render within {cap:.0f} s (stopped)")
            RESULTS.update({f"first_render_s_{label}": cap, f"first_render_timed_out_{label}": 1})
            return
        if proc.returncode == 0 and out.exists():
            RESULTS.update(json.loads(out.read_text(encoding="utf-8")))


def run_page_runs(n: int) -> None:
    """The server's share of each page's render (its script run, no browser), in a fresh process."""
    heading(f"5. each page's script run on the server with {n:,} events (no browser)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pages.json"
        subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "bench_page_runs.py"), "--events", str(n),
                        "--json", str(out)], check=True, timeout=900)
        RESULTS.update(json.loads(out.read_text(encoding="utf-8")))


def save_results() -> Path:
    """Read-modify-write results.json: our keys replaced, other benchmarks' keys kept; numbers only."""
    out = PROJECT / "benchmarks" / "results.json"
    try:
        saved = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    saved = {k: v for k, v in saved.items() if k not in RETIRED}
    saved.update({k: round(float(v), 4) for k, v in RESULTS.items()})
    out.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    RESULTS["load_avg_1m_at_start"] = os.getloadavg()[0]   # the machine is shared: how busy it was
    print(f"load average at start: {RESULTS['load_avg_1m_at_start']:.1f} on {os.cpu_count()} cores")
    heading("1. ingest: the engine against spaCy alone and a naive pipeline, on a generated corpus")
    with tempfile.TemporaryDirectory() as tmp:
        bench_practice(RESULTS)
        bench_ingest(40 if args.quick else 120, Path(tmp), RESULTS)
        bench_cache(100 if args.quick else 600, Path(tmp), RESULTS)
    bench_merging([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    run_tables([100_000] if args.quick else [100_000, 1_000_000])
    for n in [10_000] if args.quick else [10_000, 100_000]:
        run_render(n)
    run_page_runs(10_000 if args.quick else 100_000)
    RESULTS["bench_total_s"] = time.perf_counter() - started
    print_table()
    print(f"\ntotal benchmark time: {RESULTS['bench_total_s']:.0f} s")
    print(f"wrote {save_results().relative_to(PROJECT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
