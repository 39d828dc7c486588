"""The command line, run as a user would: `python -m meetings extract DIR [DIR ...] --out FILE`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from meetings.schema import CSV_COLUMNS

PROJECT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Lavrov meets Wang Yi in Beijing\n\n"
    "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on April 8, 2024. "
    "The two ministers discussed Ukraine and trade.\n"
)


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m meetings` from the project folder and capture its output."""
    return subprocess.run([sys.executable, "-m", "meetings", *map(str, args)], cwd=PROJECT, capture_output=True,
                          text=True, timeout=300)


def assert_clean_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """A non-zero exit with a one-line message and no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    for word in words:
        assert word in message


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder with one good article and two problem files."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


def assert_summary(result: subprocess.CompletedProcess[str], out: Path) -> None:
    """Exit 0, a summary naming the counts and the output, and one line per problem file."""
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "1 articles read" in lines[0] and "1 events" in lines[0] and "2 problems" in lines[0]
    assert str(out) in lines[0]
    problems = lines[1:]
    assert len(problems) == 2
    assert any("empty.txt" in line and "empty" in line for line in problems)
    assert any("scan.pdf" in line and "not an article" in line for line in problems)


def test_extract_to_csv_writes_the_column_contract(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "events.csv"
    result = run_cli("extract", articles, "--out", out)
    assert_summary(result, out)
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == CSV_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["participants"] == "Sergey Lavrov; Wang Yi"
    assert (row["start_date"], row["date_precision"], row["city"], row["kind"]) == (
        "2024-04-08", "day", "Beijing", "meeting")
    assert row["sources"] == "good.txt" and row["n_sources"] == "1"


def test_extract_to_json_starts_with_the_column_contract(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    result = run_cli("extract", articles, "--out", out)
    assert_summary(result, out)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == 1
    assert list(records[0])[:len(CSV_COLUMNS)] == CSV_COLUMNS
    assert sorted(records[0]["participants"]) == ["Sergey Lavrov", "Wang Yi"]


def test_extract_to_parquet_starts_with_the_column_contract(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    result = run_cli("extract", articles, "--out", out)
    assert_summary(result, out)
    frame = pd.read_parquet(out)
    assert list(frame.columns)[:len(CSV_COLUMNS)] == CSV_COLUMNS
    assert len(frame) == 1
    assert sorted(frame.loc[0, "participants"]) == ["Sergey Lavrov", "Wang Yi"]


def test_extract_from_an_empty_folder_writes_a_header_only_csv(tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    out = tmp_path / "events.csv"
    result = run_cli("extract", folder, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "0 articles read" in result.stdout
    assert out.read_text(encoding="utf-8").strip() == ",".join(CSV_COLUMNS)


def test_missing_folder_exits_non_zero_with_one_line(articles: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    out = tmp_path / "events.csv"
    result = run_cli("extract", articles, missing, "--out", out)
    assert_clean_error(result, str(missing))
    assert not out.exists()


@pytest.mark.parametrize("name", ["events.xlsx", "events", "events.csv.bak"])
def test_bad_out_extension_exits_non_zero_with_a_message(articles: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = run_cli("extract", articles, "--out", out)
    assert_clean_error(result, ".csv", ".parquet", ".json")
    assert not out.exists()


def test_missing_out_option_is_a_usage_error(articles: Path) -> None:
    result = run_cli("extract", articles)
    assert result.returncode != 0
    assert "--out" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_out_path_exits_non_zero_with_one_line(articles: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = run_cli("extract", articles, "--out", blocker / "events.csv")
    assert_clean_error(result, "taken")


@pytest.mark.skipif(not Path("/usr/bin/make").exists(), reason="make is not installed")
def test_make_run_counts_the_folders_the_dashboard_shows(tmp_path: Path) -> None:
    """`make run` prints what it read before starting the dashboard: the seeds and the upload folder."""
    def extract_line(uploads: Path) -> str:
        env = {"PATH": "/usr/bin:/bin", "MEETINGS_DATA_DIR": str(uploads)}
        out = subprocess.run(["make", "-n", "run"], cwd=PROJECT, env=env, capture_output=True, text=True,
                             check=True).stdout
        return next(line for line in out.splitlines() if " extract " in line)

    assert f" seeds {tmp_path} --out" in extract_line(tmp_path)
    missing = extract_line(tmp_path / "not-yet")  # no uploads yet: the seeds only, no "folder not found"
    assert "not-yet" not in missing and " seeds " in missing
