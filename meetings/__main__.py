"""Command line: `python -m meetings extract DIR [DIR ...] --out FILE [--jobs N] [--scheduler tcp://HOST:PORT]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from meetings.cache import CACHE_ENV, cache_dir
from meetings.export import write_events
from meetings.ingest import all_cores
from meetings.pipeline import IngestOptions, load_events
from meetings.reading import display_name

OUT_SUFFIXES = {".csv", ".parquet", ".json"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m meetings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="read folders of articles and write the merged event table")
    ext.add_argument("folders", nargs="+", help="folders of .txt/.md/.html articles (optional manifest.csv)")
    ext.add_argument("--out", required=True, help="output file: .csv, .parquet or .json")
    ext.add_argument("--jobs", type=int, default=all_cores(),
                     help="processes for the per-article stage (default: all cores, here %(default)s)")
    ext.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="run the per-article stage on this Dask scheduler instead of local processes")
    ext.add_argument("--cache", metavar="DIR", default=None,
                     help=f"per-article result cache (default: ${CACHE_ENV} or data/cache)")
    ext.add_argument("--no-cache", action="store_true", help="compute every article again, cache nothing")
    return parser


def ingest_options(args: argparse.Namespace) -> IngestOptions:
    """The per-article stage as the command line asks for it."""
    cache = None if args.no_cache else (args.cache or cache_dir())
    return IngestOptions(cache_dir=cache, jobs=max(1, args.jobs), scheduler=args.scheduler)


def extract(folders: list[str], out: str, ingest: IngestOptions | None = None) -> int:
    out_path = Path(out)
    missing = [f for f in folders if not Path(f).is_dir()]
    if missing:
        print(f"error: folder not found: {', '.join(display_name(f) for f in missing)}", file=sys.stderr)
        return 2
    if out_path.suffix.lower() not in OUT_SUFFIXES:
        print(f"error: --out must end in .csv, .parquet or .json, not {out_path.suffix or '(none)'}", file=sys.stderr)
        return 2
    try:
        tables = load_events(folders, ingest=ingest)
    except (OSError, ValueError) as exc:  # an unreachable scheduler, an unwritable cache folder
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        write_events(tables.events, out_path)
    except OSError as exc:
        print(f"error: cannot write {display_name(out_path)}: {display_name(exc.strerror or exc)}", file=sys.stderr)
        return 1
    ev = tables.events
    print(f"{len(tables.articles)} articles read, {len(ev)} events "
          f"({(ev['prominence'] == 'main').sum() if len(ev) else 0} main), "
          f"{len(tables.warnings)} problems; written to {display_name(out_path)}")
    for _, w in tables.warnings.iterrows():
        print(f"  problem: {display_name(w['file'])}: {display_name(w['problem'])}")
    for note in ingest.log if ingest else []:
        print(f"cache: {note}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return extract(args.folders, args.out, ingest_options(args))
    return 2


if __name__ == "__main__":
    sys.exit(main())
