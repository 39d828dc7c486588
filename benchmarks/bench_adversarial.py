"""Adversarial benchmark, run on demand (`make bench`): hostile and unlucky inputs, seconds and peak memory each.

Cases (issue 9): a dense 2 MB article (one meeting sentence repeated), 26 KB of a repeated unclosed
`<meta property="og:title" `, 200 KB floods of `<title>` and of `<script>`, a 1 MB article of varied news text,
and a folder of 5,000 tiny articles (in one process, and on all cores as the command line reads it). Each case
runs `meetings.load_events` in a fresh process (model and knowledge loaded before the clock starts), so the
peak resident memory is that case's alone; the process's memory after warm-up is printed as the baseline.
Targets: crafted files under 2 s, the 2 MB article under 10 s and 500 MB, 5,000 tiny files under 10 s. Nothing
is asserted: this prints and records numbers.

The numbers are merged into benchmarks/results.json under "adversarial" (other keys are kept).

Usage: .venv/bin/python benchmarks/bench_adversarial.py [--only CASE ...] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS_FILE = PROJECT / "benchmarks" / "results.json"
MB = 1024 * 1024

MEETING_SENTENCE = ("Russian Foreign Minister Sergey Lavrov met his Chinese counterpart Wang Yi in Beijing on "
                    "Tuesday, and the two ministers discussed Ukraine, trade and the situation in the Middle East. ")
# Varied news prose (several people, places, dates and verbs) for the 1 MB article.
NEWS_PARAGRAPHS = [
    "MOSCOW, April 9 (Reuters) - Russian Foreign Minister Sergey Lavrov held talks with Chinese Foreign Minister "
    "Wang Yi in Beijing on Monday, the ministry said.",
    "The two ministers discussed the war in Ukraine and preparations for a visit by President Vladimir Putin to "
    "China in May. Lavrov said the sides agreed to deepen cooperation.",
    "Indian Prime Minister Narendra Modi spoke by phone with French President Emmanuel Macron on Tuesday about "
    "defence purchases and the situation in Gaza.",
    "German Chancellor Olaf Scholz will travel to Washington next week to meet U.S. President Joe Biden at the "
    "White House, a government spokesman said on Friday.",
    "Turkish President Recep Tayyip Erdogan hosted his Iranian counterpart in Ankara on 12 March 2024, where the "
    "leaders signed agreements on energy and transport.",
]


def dense_article(folder: Path) -> None:
    """2 MB of real sentences: one meeting sentence repeated, five to a paragraph."""
    paragraph = MEETING_SENTENCE * 5 + "\n\n"
    (folder / "dense.txt").write_text(paragraph * (2 * MB // len(paragraph) + 1), encoding="utf-8")


def crafted_meta(folder: Path) -> None:
    """26 KB of an unclosed `<meta property="og:title" ` repeated: fatal to a backtracking meta regex."""
    chunk = '<meta property="og:title" '
    (folder / "crafted.html").write_text(chunk * (26 * 1024 // len(chunk)), encoding="utf-8")


def tag_flood(tag: str) -> Callable[[Path], None]:
    """200 KB of one opening tag repeated, never closed."""
    def write(folder: Path) -> None:
        (folder / f"flood-{tag}.html").write_text(f"<{tag}>" * (200 * 1024 // (len(tag) + 2)), encoding="utf-8")
    return write


def article_1mb(folder: Path) -> None:
    """1 MB of varied news paragraphs, each made unique by a counter."""
    parts, size, i = [], 0, 0
    while size < MB:
        para = f"{NEWS_PARAGRAPHS[i % len(NEWS_PARAGRAPHS)]} ({i})\n\n"
        parts.append(para)
        size += len(para)
        i += 1
    (folder / "long.txt").write_text("Ministers meet\n\n" + "".join(parts), encoding="utf-8")


def tiny_files(folder: Path) -> None:
    """5,000 tiny articles, each one distinct sentence."""
    for i in range(5000):
        day = i % 28 + 1
        (folder / f"tiny-{i:04d}.txt").write_text(
            f"Sergey Lavrov met Wang Yi in Beijing on {day} April 2024 (note {i}).\n", encoding="utf-8")


CASES: dict[str, tuple[str, Callable[[Path], None], float]] = {  # name -> (description, writer, target seconds)
    "dense_2mb": ("dense 2 MB article", dense_article, 10.0),
    "og_meta_26kb": ("26 KB repeated <meta property=\"og:title\"", crafted_meta, 2.0),
    "title_flood_200kb": ("200 KB <title> flood", tag_flood("title"), 2.0),
    "script_flood_200kb": ("200 KB <script> flood", tag_flood("script"), 2.0),
    "article_1mb": ("1 MB article", article_1mb, 10.0),
    "tiny_5000": ("5,000 tiny files", tiny_files, 10.0),
    "tiny_5000_all_cores": ("5,000 tiny files, all cores (CLI default)", tiny_files, 10.0),
}
# Cases read on all cores, as `python -m meetings extract` does by default (the others in one process, as the
# dashboard does); their cpu seconds include the worker processes'.
ALL_CORES = {"tiny_5000_all_cores"}

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {project!r})
import meetings
from meetings.knowledge import load_knowledge
from meetings.parsing import parse_text
load_knowledge(); parse_text("Warm up the model.")
meetings.load_events([{folder!r}])  # the knowledge base and gazetteers are built by this first run
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
""".strip()
CHILD_RUN = """
from meetings.ingest import all_cores
from meetings.pipeline import IngestOptions
def cpu_now():
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime
start, cpu = time.perf_counter(), cpu_now()
tables = meetings.load_events([{folder!r}], ingest=IngestOptions(jobs={jobs}))
seconds, cpu = time.perf_counter() - start, cpu_now() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(peak, 1),
                  "baseline_mb": round(base, 1),
                  "articles": len(tables.articles), "events": len(tables.events),
                  "warnings": sorted({{w[:60] for w in tables.warnings["problem"]}})[:3],
                  **parse_floor({folder!r}, {jobs})}}))
""".strip()
# The floor under the engine: spaCy's nlp.pipe alone over the same cleaned texts, in the same number of processes
# and the same groups as the engine (for the many-file cases, where the parse is most of the work).
PARSE_FLOOR = """
def parse_floor(folder, jobs):
    from concurrent.futures import ProcessPoolExecutor
    from meetings.cleaning import clean_text
    from meetings.ingest import parse_groups
    from meetings.parsing import parse_texts
    from meetings.reading import read_folder
    articles, _ = read_folder(folder)
    groups = [[clean_text(a.text) for a in g] for g in parse_groups(articles, jobs)]
    start = time.perf_counter()
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(parse_count, groups))
    else:
        [parse_count(g) for g in groups]
    return {"parse_only_seconds": round(time.perf_counter() - start, 2)}
def parse_count(texts):
    from meetings.parsing import parse_texts
    return sum(1 for _ in parse_texts(texts))
""".strip()
NO_PARSE_FLOOR = "def parse_floor(folder, jobs):\n    return {}"


def run_case(name: str, timeout: float) -> dict:
    """Write the case's files to a temporary folder and time `load_events` on them in a fresh process."""
    _, write, _ = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        folder, warm = Path(tmp) / "case", Path(tmp) / "warm"
        folder.mkdir()
        warm.mkdir()
        (warm / "warm.txt").write_text(MEETING_SENTENCE, encoding="utf-8")
        write(folder)
        jobs = "all_cores()" if name in ALL_CORES else "1"
        floor = PARSE_FLOOR if name.startswith("tiny") else NO_PARSE_FLOOR
        code = "\n".join([CHILD.format(project=str(PROJECT), folder=str(warm)), floor,
                          CHILD_RUN.format(folder=str(folder), jobs=jobs)])
        try:
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                                  cwd=PROJECT)
        except subprocess.TimeoutExpired:
            return {"seconds": None, "error": f"killed after {timeout:.0f} s"}
        if done.returncode != 0:
            return {"seconds": None, "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
        return json.loads(done.stdout.strip().splitlines()[-1])


def merge_results(results: dict[str, dict]) -> None:
    """Read-modify-write benchmarks/results.json: only the cases run are replaced under "adversarial" (a run
    with `--only` keeps the other cases' numbers); every other key is kept."""
    try:
        stored = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    adversarial = stored.get("adversarial") if isinstance(stored.get("adversarial"), dict) else {}
    adversarial.update({name: {k: v for k, v in r.items() if k != "warnings"} for name, r in results.items()})
    stored["adversarial"] = adversarial
    RESULTS_FILE.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--timeout", type=float, default=120.0, help="kill a case after this many seconds")
    args = parser.parse_args(argv)
    names = args.only or list(CASES)
    print(f"{'case':<42} {'seconds':>8} {'cpu s':>6} {'target':>7} {'peak MB':>8} {'base MB':>8}  "
          "articles/events/warnings")
    results: dict[str, dict] = {}
    for name in names:
        label, _, target = CASES[name]
        r = run_case(name, args.timeout)
        results[name] = r
        if r.get("seconds") is None:
            print(f"{label:<42} {'-':>8} {'-':>6} {target:>7.0f} {'-':>8} {'-':>8}  {r['error']}")
            continue
        print(f"{label:<42} {r['seconds']:>8.2f} {r['cpu_seconds']:>6.2f} {target:>7.0f} {r['peak_mb']:>8.0f} "
              f"{r['baseline_mb']:>8.0f}  "
              + (f"parse alone {r['parse_only_seconds']:.2f} s; " if "parse_only_seconds" in r else "") +
              f"{r['articles']}/{r['events']}/{'; '.join(r['warnings']) or '-'}")
    merge_results(results)
    print(f"merged into {RESULTS_FILE.relative_to(PROJECT)} under 'adversarial'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
