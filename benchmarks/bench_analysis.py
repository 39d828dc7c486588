"""Per-article analysis benchmark, run on demand: CPU milliseconds per article of each finding stage.

The 5,000-tiny-files case of `bench_adversarial.py` spends most of its time in the spaCy parse, which this
leaves out: the articles are parsed first, then each stage (people, organisations, dates, places, the head
and reference date, all finding stages, the whole per-article stage with events) runs over every parse.
CPU time, so the numbers hold on a busy machine. Nothing is asserted and nothing is recorded.

Usage: .venv/bin/python benchmarks/bench_analysis.py [--articles N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from bench_adversarial import tiny_files  # noqa: E402

from meetings import actors, dates, document, organizations, places  # noqa: E402
from meetings.cleaning import clean_text  # noqa: E402
from meetings.ingest import extract_article  # noqa: E402
from meetings.knowledge import load_knowledge  # noqa: E402
from meetings.parsing import parse_texts  # noqa: E402
from meetings.reading import Article  # noqa: E402


def cpu_ms_per_item(run: Callable[[int], object], count: int) -> float:
    """CPU milliseconds per call of `run(i)` over i in range(count), after one warm-up call."""
    run(0)
    start = time.process_time()
    for i in range(count):
        run(i)
    return (time.process_time() - start) * 1000 / count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many of the tiny articles to time")
    args = parser.parse_args(argv)
    kb = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        tiny_files(Path(tmp))
        raw = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).iterdir())[:args.articles]]
    texts = [clean_text(r) for r in raw]
    parses = list(parse_texts(iter(texts)))

    def article(i: int) -> Article:
        return Article(f"tiny-{i}.txt", "", raw[i])

    stages: dict[str, Callable[[int], object]] = {
        "people (with the parse)": lambda i: actors.find_person_mentions(texts[i], kb, parses[i]),
        "people (names only)": lambda i: actors.find_person_mentions(texts[i], kb),
        "organisations": lambda i: organizations.find_org_mentions(texts[i], kb),
        "date expressions": lambda i: dates.find_date_expressions(texts[i]),
        "places": lambda i: places.find_place_mentions(texts[i], kb, set(), []),
        "head and reference date": lambda i: document.read_head(article(i), kb, texts[i]),
        "all finding stages": lambda i: document.analyse_article(article(i), kb, parses[i]),
        "per-article stage (with events)": lambda i: extract_article(article(i), kb, parses[i]),
    }
    print(f"{len(texts)} tiny articles, parsed beforehand; CPU ms per article")
    for label, run in stages.items():
        print(f"{label:<34} {cpu_ms_per_item(run, len(texts)):7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
