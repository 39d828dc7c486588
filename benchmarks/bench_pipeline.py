"""Pipeline benchmarks, run on demand (`make bench`): prints numbers, asserts nothing.

1. Extraction throughput over the seeds/ and tests/data/devset/ folders: articles/s, ms/article, peak memory.
2. Merging scalability: 1,000 / 10,000 / 100,000 synthetic candidate events through `merge_events`
   (participant-month blocking should keep the time per event roughly flat).
3. A generated corpus of ~200 templated articles through `load_events`: speed, and how many of the
   meetings the templates state were found with the right people and day.

Usage: .venv/bin/python benchmarks/bench_pipeline.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import meetings  # noqa: E402
from meetings.candidates import Candidate  # noqa: E402
from meetings.dates import DateValue  # noqa: E402
from meetings.knowledge import KnowledgeBase, Person, load_knowledge  # noqa: E402
from meetings.merging import merge_events, month_keys  # noqa: E402
from meetings.places import PlaceMention  # noqa: E402

RESULTS: dict[str, float] = {}   # written to benchmarks/results.json: numbers only
CORPUS_FOLDERS = [PROJECT / "seeds", PROJECT / "tests" / "data" / "devset"]
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
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]


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


# --- 1. extraction throughput -----------------------------------------------------------------------------------


def bench_extraction(repeats: int) -> None:
    """Articles/s over the real corpora after a warm-up run (model and knowledge loaded once)."""
    heading("1. extraction throughput: seeds/ + tests/data/devset/")
    folders = [str(f) for f in CORPUS_FOLDERS]
    warm, tables = timed(lambda: meetings.load_events(folders))
    n = len(tables.articles)
    print(f"warm-up (loads spaCy model + knowledge): {warm:.2f} s for {n} articles, {len(tables.events)} events")
    times = [timed(lambda: meetings.load_events(folders))[0] for _ in range(repeats)]
    best, median = min(times), statistics.median(times)
    RESULTS.update(extraction_articles=n, extraction_articles_per_s=round(n / median, 2),
                   extraction_ms_per_article=round(1000 * median / n, 1), extraction_warmup_s=round(warm, 2))
    print(f"{repeats} runs: median {median:.2f} s, best {best:.2f} s "
          f"-> {n / median:.1f} articles/s, {1000 * median / n:.0f} ms/article (median)")
    per_folder = []
    for folder in folders:
        t, tab = timed(lambda folder=folder: meetings.load_events(folder))
        per_folder.append(f"{Path(folder).name}: {len(tab.articles)} articles in {t:.2f} s "
                          f"({1000 * t / max(1, len(tab.articles)):.0f} ms/article)")
    print("per folder: " + "; ".join(per_folder))
    chars = int(tables.articles["n_chars"].sum())
    print(f"text volume: {chars:,} characters -> {chars / median / 1000:.0f} k chars/s")
    tracemalloc.start()
    meetings.load_events(folders)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    RESULTS.update(extraction_peak_alloc_mb=round(peak / 2**20, 1), extraction_rss_mb=round(rss_mb(), 1))
    print(f"peak Python allocations during one run (tracemalloc): {peak / 2**20:.1f} MB; "
          f"process max RSS so far: {rss_mb():.0f} MB")


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
            RESULTS[f"merge_s_{n // 1000}k_{scenario.label.split()[0].lower()}"] = round(seconds, 3)
            del candidates, merged
    print(f"process max RSS so far: {rss_mb():.0f} MB")


# --- 3. generated corpus ----------------------------------------------------------------------------------------


@dataclass
class Planted:
    """The meeting a generated article states: who, on which day, where."""

    file: str
    people: tuple[str, str]
    day: dt.date
    city: str


TEMPLATES = [
    "{t1} {n1} met {t2} {n2} in {city} on {date}, officials said.",
    "{t1} {n1} held talks with {t2} {n2} in {city} on {date}.",
    "On {date}, {t1} {n1} hosted {t2} {n2} in {city} for talks on trade and security.",
    "{n1} and {n2} met in {city} on {date} to discuss regional security and economic cooperation.",
]
FILLER = [
    "The two sides discussed trade, energy and regional security.",
    "Both ministers stressed the importance of dialogue.",
    "The talks lasted about two hours, according to a statement.",
    "They also agreed to meet again later in the year.",
    "Officials described the atmosphere as constructive.",
]


def office_holders(kb: KnowledgeBase, start: dt.date, end: dt.date) -> list[tuple[Person, str, dt.date, dt.date]]:
    """People with a titled office overlapping [start, end], with that office's title and the overlap.

    Offices the knowledge base marks as not taking part in meetings (spokespeople) are left out.
    """
    out = []
    for p in kb.people:
        for o in p.offices:
            lo, hi = max(o.start or start, start), min(o.end or end, end)
            kind = kb.office_types.get(o.office)
            if kind is not None and not kind.participant_role:
                continue
            if o.title and lo + dt.timedelta(days=30) < hi:
                out.append((p, o.title, lo, hi))
    return out


def generate_corpus(folder: Path, n: int, seed: int = 3) -> list[Planted]:
    """Write `n` templated articles and a manifest into `folder`; return the meetings they state."""
    rng = random.Random(seed)
    kb = load_knowledge()
    holders = office_holders(kb, dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    planted: list[Planted] = []
    manifest = ["file,published,outlet,title,url"]
    while len(planted) < n:
        (p1, t1, lo1, hi1), (p2, t2, lo2, hi2) = rng.sample(holders, 2)
        lo, hi = max(lo1, lo2), min(hi1, hi2)
        if p1.name == p2.name or p1.country == p2.country or lo >= hi:
            continue
        day = lo + dt.timedelta(days=rng.randrange((hi - lo).days))
        city = rng.choice(CITIES)[0]
        date = f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}" if rng.random() < 0.5 else \
            f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
        name = f"gen{len(planted):04d}.txt"
        lead = rng.choice(TEMPLATES).format(t1=t1, n1=p1.name, t2=t2, n2=p2.name, city=city, date=date)
        title = f"{p1.name} and {p2.name} meet in {city}"
        body = " ".join([lead, *rng.sample(FILLER, 3)])
        (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        published = day + dt.timedelta(days=rng.randrange(0, 3))
        manifest.append(f"{name},{published.isoformat()},Synthetic Wire,{title},")
        planted.append(Planted(name, (p1.name, p2.name), day, city))
    (folder / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return planted


def plain(name: str) -> str:
    """A place name without accents, for comparing "Brasilia" with "Brasília"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def found_planted(tables: meetings.EventTables, planted: list[Planted]) -> tuple[int, int]:
    """How many planted meetings came out with both people and the right day, and with the right city too."""
    by_source: dict[str, list] = {}
    for row in tables.events.itertuples():
        for source in row.sources:
            by_source.setdefault(source, []).append(row)
    people_and_day = with_city = 0
    for p in planted:
        for row in by_source.get(p.file, []):
            if set(p.people) <= set(row.participants) and row.start_date == p.day.isoformat():
                people_and_day += 1
                with_city += plain(row.city) == plain(p.city)
                break
    return people_and_day, with_city


def bench_generated_corpus(n: int) -> None:
    """A templated corpus through the whole pipeline: speed and planted-meeting recall."""
    heading(f"3. generated corpus: {n} templated articles through load_events")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        planted = generate_corpus(folder, n)
        seconds, tables = timed(lambda: meetings.load_events(folder))
    n_articles = len(tables.articles)
    print(f"{n_articles} articles in {seconds:.2f} s -> {n_articles / seconds:.1f} articles/s, "
          f"{1000 * seconds / n_articles:.0f} ms/article; {len(tables.events)} events, "
          f"{len(tables.warnings)} warnings")
    right, right_city = found_planted(tables, planted)
    RESULTS.update(corpus_articles_per_s=round(n_articles / seconds, 2), corpus_recall=round(right / len(planted), 3))
    print(f"planted meetings found with both people and the right day: {right}/{len(planted)} "
          f"({100 * right / len(planted):.0f}%), also the right city: {right_city}/{len(planted)}")
    print(f"process max RSS so far: {rss_mb():.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bench_extraction(repeats=1 if args.quick else 3)
    bench_merging([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    bench_generated_corpus(20 if args.quick else 200)
    print(f"\ntotal benchmark time: {time.perf_counter() - started:.0f} s")
    out = PROJECT / "benchmarks" / "results.json"
    out.write_text(json.dumps(RESULTS, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(PROJECT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
