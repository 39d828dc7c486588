"""Checklist of short constructions: one test per case of tests/checklist/cases.yaml (pytest id = case id).

Each case is a short news lead exercising one construction (a meeting verb, a way of naming the participants,
a date or place expression, a planned/possible/denied meeting, a group meeting, a non-participant). The test
writes the text as an article with a manifest, runs `meetings.load_events` on it and checks the events table:

- every expected event is found: a row whose participants are exactly the expected set (names compared
  case-insensitively with accents and punctuation folded) and whose start_date, end_date, date_precision, city,
  country, kind and status equal each field the case gives (a field that is null or left out is not checked;
  city and country may list acceptable names);
- `only: true`: every row is one of the expected events (no extra events, no duplicates);
- `absent`: no row has all the names of any listed set among its participants.

A case with `known_gap: "why"` is a strict xfail: it fails loudly once the engine handles it.
See the head of cases.yaml for the schema and the annotation conventions.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from meetings import load_events

CASES_FILE = Path(__file__).resolve().parent / "checklist" / "cases.yaml"

CASE_KEYS = {"id", "construction", "published", "text", "expect", "only", "absent", "known_gap"}
REQUIRED_CASE_KEYS = {"id", "construction", "published", "text", "expect"}
# expected-event key -> column of tables.events
FIELD_COLUMNS = {
    "start": "start_date",
    "end": "end_date",
    "precision": "date_precision",
    "city": "city",
    "country": "country",
    "kind": "kind",
    "status": "status",
    "forum": "forum",
}
# organisations the event must list among its own (others may be listed too): the sentences the article tells
# about this event, and not about another one it mentions, are the ones that name them
EVENT_KEYS = {"participants", "organizations", *FIELD_COLUMNS}
ALLOWED = {
    "kind": {"meeting", "visit", "phone_call", "multilateral_meeting"},
    "status": {"held", "planned", "possible"},
    "precision": {"day", "month", "year"},
}
SHOWN_COLUMNS = ["participants", "start_date", "end_date", "date_precision", "city", "country", "kind", "status",
                 "forum"]

# letters that Unicode does not decompose into a base letter + accent
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i",
                              "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe"})


def fold(value: object) -> str:
    """Case-, accent- and punctuation-insensitive form of a name or label ('' for missing values)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = unicodedata.normalize("NFKD", str(value).translate(_EXTRA_FOLDS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def as_iso(value: object) -> str:
    """A YAML date (which safe_load turns into datetime.date) or a string/int, as an ISO string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def cell(value: object) -> str:
    """A table cell as a plain string ('' for None/NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# ---------------------------------------------------------------------------------------------------------------
# loading and validating the cases
# ---------------------------------------------------------------------------------------------------------------

def _check_case(case: dict, seen: set[str]) -> None:
    cid = case.get("id")
    where = f"{CASES_FILE.name}: case {cid!r}"
    if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid):
        raise ValueError(f"{where}: id must be kebab-case")
    if cid in seen:
        raise ValueError(f"{where}: duplicate id")
    seen.add(cid)
    if missing := REQUIRED_CASE_KEYS - case.keys():
        raise ValueError(f"{where}: missing keys {sorted(missing)}")
    if unknown := case.keys() - CASE_KEYS:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if case["published"] is not None:
        dt.date.fromisoformat(as_iso(case["published"]))  # raises on a malformed date
    if not isinstance(case["text"], str) or not case["text"].strip():
        raise ValueError(f"{where}: empty text")
    if not isinstance(case["expect"], list):
        raise ValueError(f"{where}: expect must be a list")
    if not case["expect"] and not case.get("absent"):
        raise ValueError(f"{where}: a case must expect an event or list absent participants")
    for event in case["expect"]:
        if unknown := event.keys() - EVENT_KEYS:
            raise ValueError(f"{where}: unknown event keys {sorted(unknown)}")
        names = event.get("participants")
        if not isinstance(names, list) or not names:
            raise ValueError(f"{where}: every expected event needs a list of participants")
        for key, allowed in ALLOWED.items():
            if event.get(key) is not None and event[key] not in allowed:
                raise ValueError(f"{where}: {key} must be one of {sorted(allowed)}")
    for group in case.get("absent") or []:
        if not isinstance(group, list) or not group:
            raise ValueError(f"{where}: absent must be a list of participant lists")


def load_cases() -> list[dict]:
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    seen: set[str] = set()
    for case in cases:
        _check_case(case, seen)
    return cases


CASES = load_cases()


def case_params() -> list:
    params = []
    for case in CASES:
        marks = []
        if case.get("known_gap"):
            marks.append(pytest.mark.xfail(strict=True, reason=str(case["known_gap"])))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


# ---------------------------------------------------------------------------------------------------------------
# running one case
# ---------------------------------------------------------------------------------------------------------------

def write_article(folder: Path, case: dict) -> Path:
    """The case's text as `a.txt` plus a manifest (`file,published,outlet,title,url`) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(case["text"], encoding="utf-8")
    published = "" if case["published"] is None else as_iso(case["published"])
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published", "outlet", "title", "url"])
        writer.writerow(["a.txt", published, "Checklist Wire", "", ""])
    return folder


def row_names(row: dict) -> list[str]:
    names = row.get("participants")
    if names is None or (isinstance(names, float) and math.isnan(names)):
        return []
    return [str(n) for n in names]


def same_people(row: dict, expected: list[str]) -> bool:
    got = [fold(n) for n in row_names(row)]
    want = [fold(n) for n in expected]
    return len(got) == len(want) and set(got) == set(want)


def field_mismatches(row: dict, event: dict) -> list[str]:
    """The given fields of `event` that `row` gets wrong, as 'field: got X, want Y'."""
    wrong = []
    for key, column in FIELD_COLUMNS.items():
        want = event.get(key)
        if want is None:
            continue
        got = cell(row.get(column))
        if key in ("city", "country"):
            options = want if isinstance(want, list) else [want]
            ok = fold(got) in {fold(o) for o in options}
        elif key in ("start", "end"):
            ok = got == as_iso(want)
        elif key == "forum":   # the forum's name as written in the text, inside the edition's full name
            ok = fold(str(want)) in fold(got)
        else:
            ok = got == str(want)
        if not ok:
            wrong.append(f"{key}: got {got!r}, want {want!r}")
    if event.get("organizations"):
        have = row.get("organizations")
        have = [] if have is None or isinstance(have, float) else list(have)
        if not {fold(o) for o in event["organizations"]} <= {fold(o) for o in have}:
            wrong.append(f"organizations: got {have!r}, want at least {event['organizations']!r}")
    return wrong


def matches(row: dict, event: dict) -> bool:
    return same_people(row, event["participants"]) and not field_mismatches(row, event)


def one_to_one(rows: list[dict], events: list[dict]) -> bool:
    """Whether every row is a distinct expected event and every expected event is a row."""
    if len(rows) != len(events):
        return False

    def assign(i: int, used: set[int]) -> bool:
        if i == len(events):
            return True
        return any(assign(i + 1, used | {j}) for j, row in enumerate(rows)
                   if j not in used and matches(row, events[i]))

    return assign(0, set())


def describe(rows: list[dict]) -> str:
    if not rows:
        return "  (no events found)"
    lines = []
    for row in rows:
        parts = [f"participants={row_names(row)}"]
        parts += [f"{c}={cell(row.get(c))!r}" for c in SHOWN_COLUMNS[1:]]
        lines.append("  - " + ", ".join(parts))
    return "\n".join(lines)


@pytest.mark.parametrize("case", case_params())
def test_checklist(case: dict, tmp_path: Path) -> None:
    tables = load_events(write_article(tmp_path / "in", case))
    rows = tables.events.to_dict("records")
    problems: list[str] = []

    for event in case["expect"]:
        if any(matches(row, event) for row in rows):
            continue
        same = [row for row in rows if same_people(row, event["participants"])]
        wanted = {k: v for k, v in event.items() if v is not None}
        if same:
            why = "; ".join(" / ".join(field_mismatches(row, event)) for row in same)
            problems.append(f"expected {wanted}\n    same participants found, but {why}")
        else:
            problems.append(f"expected {wanted}\n    no event with exactly these participants")

    for group in case.get("absent") or []:
        want = {fold(n) for n in group}
        for row in rows:
            if want <= {fold(n) for n in row_names(row)}:
                problems.append(f"{group} must not appear together, but found in {row_names(row)}")

    if case.get("only") and not problems and not one_to_one(rows, case["expect"]):
        problems.append(f"only the {len(case['expect'])} expected event(s) may be found, found {len(rows)}")

    assert not problems, (
        f"[{case['id']}] {case['construction']}\n"
        f"text: {case['text']!r} (published {case['published']})\n"
        + "\n".join(f"  * {p}" for p in problems)
        + f"\nevents found:\n{describe(rows)}"
    )
