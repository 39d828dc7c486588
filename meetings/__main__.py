"""Command line: `python -m meetings extract DIR [DIR ...] --out FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from meetings.export import write_events
from meetings.pipeline import load_events
from meetings.reading import display_name

OUT_SUFFIXES = {".csv", ".parquet", ".json"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m meetings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="read folders of articles and write the merged event table")
    ext.add_argument("folders", nargs="+", help="folders of .txt/.md/.html articles (optional manifest.csv)")
    ext.add_argument("--out", required=True, help="output file: .csv, .parquet or .json")
    return parser


def extract(folders: list[str], out: str) -> int:
    out_path = Path(out)
    missing = [f for f in folders if not Path(f).is_dir()]
    if missing:
        print(f"error: folder not found: {', '.join(display_name(f) for f in missing)}", file=sys.stderr)
        return 2
    if out_path.suffix.lower() not in OUT_SUFFIXES:
        print(f"error: --out must end in .csv, .parquet or .json, not {out_path.suffix or '(none)'}", file=sys.stderr)
        return 2
    tables = load_events(folders)
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
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return extract(args.folders, args.out)
    return 2


if __name__ == "__main__":
    sys.exit(main())
