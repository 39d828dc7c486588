"""Accuracy on the answer keys, scored exactly as the team's scorer does (tests/scoring.py).

The thresholds are the project's acceptance bar: on the seeds every main event is found with every
scored field right, at least 4 of 5 mentioned events are found, precision >= 0.9; on the practice
set F1 and field accuracy are at least 0.85.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import scoring  # tests/scoring.py, a verbatim copy of the team scorer
import yaml

from meetings import load_events
from meetings.export import to_csv_bytes

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def score_folder(folder: Path, gold_file: Path) -> dict:
    tables = load_events(folder)
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(tables.events).decode("utf-8-sig"))))
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    return scoring.score(gold, rows)


@pytest.fixture(scope="module")
def seeds_result() -> dict:
    return score_folder(ROOT / "seeds", DATA / "gold" / "seed_events.yaml")


@pytest.fixture(scope="module")
def devset_result() -> dict:
    return score_folder(DATA / "devset", DATA / "gold" / "devset_events.yaml")


def test_seed_main_events_found_with_every_field_right(seeds_result):
    main = [r for r in seeds_result["per_gold"] if r[1] == "main"]
    assert len(main) == 3
    assert all(r[2] == "matched" and r[3] == "exact" for r in main), main


def test_seed_mentioned_events_mostly_found(seeds_result):
    mentioned = [r for r in seeds_result["per_gold"] if r[1] == "mentioned"]
    found = [r for r in mentioned if r[2] == "matched"]
    assert len(found) >= 4, mentioned


def test_seed_precision(seeds_result):
    assert seeds_result["precision"] >= 0.9, seeds_result["false_positives"]


def test_devset_f1_and_field_accuracy(devset_result):
    assert devset_result["f1"] >= 0.85, (devset_result["f1"], devset_result["false_positives"])
    assert devset_result["field_mean"] >= 0.85, devset_result["field_accuracy"]
