"""Timeline lanes that hold at hundreds of events: readable lane names, the busiest lanes first, the rest in
"Others", and a default time window where the events are.

Pure functions over the events table (no Streamlit, no plotting), so every choice the timeline makes is
unit-tested.
"""

from __future__ import annotations

import math
import re
import textwrap

import pandas as pd

from meetings.filters import as_list

OTHERS = "Others"
NO_FORUM = "(no forum)"
UNKNOWN = "(unknown)"
UNCERTAIN_BELOW = 0.6  # confidence under this is drawn faded: the engine flags such events for review
LABEL_WIDTH = 34  # characters per line of a lane label before it wraps

_YEAR = re.compile(r"\b(?:19|20)\d\d\b|^\d+(?:st|nd|rd|th)\s+", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[\(\[][^)\]]*[\)\]]")


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def forum_series(forum) -> str:
    """The recurring forum an edition belongs to: "G20 Foreign Ministers' Meeting 2023" -> "G20 Foreign
    Ministers' Meeting" (the year, an edition number and a bracketed host city are dropped), "" when none."""
    name = _BRACKETS.sub("", _YEAR.sub("", _text(forum)))
    return re.sub(r"\s+", " ", name).strip(" -–,")


def people_label(participants) -> str:
    """Everyone in the event, sorted, joined by " · " ("Sergey Lavrov · Wang Yi"); never "+1"."""
    people = sorted({str(p).strip() for p in as_list(participants) if str(p).strip()}, key=str.casefold)
    return " · ".join(people) if people else UNKNOWN


def wrap_label(label: str, width: int = LABEL_WIDTH) -> str:
    """A long lane label broken into lines of about `width` characters (plotly tick labels take <br>)."""
    return "<br>".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def event_lanes(events: pd.DataFrame, by: str = "pair") -> pd.Series:
    """The lane of each event: its people ("pair"), place country, forum series or kind.

    With people lanes a multilateral meeting at a forum goes to the forum series' lane: twenty heads of
    state make a useless lane name, "BRICS Summit" does not.
    """
    if events.empty:
        return pd.Series([], index=events.index, dtype=object)
    rows = events.to_dict("records")
    if by == "pair":
        values = [forum_series(r.get("forum")) if _text(r.get("kind")) == "multilateral_meeting"
                  and forum_series(r.get("forum")) else people_label(r.get("participants")) for r in rows]
    elif by == "country":
        values = [_text(r.get("country")) or UNKNOWN for r in rows]
    elif by == "forum":
        values = [forum_series(r.get("forum")) or NO_FORUM for r in rows]
    elif by == "kind":
        values = [_text(r.get("kind")).replace("_", " ") or UNKNOWN for r in rows]
    else:
        raise ValueError(f"unknown lane choice {by!r}")
    return pd.Series(_merge_case(values), index=events.index, dtype=object)


def _merge_case(values: list[str]) -> list[str]:
    """One spelling per lane when names differ only in case ("G20 summit" / "G20 Summit"): the most common."""
    spellings: dict[str, dict[str, int]] = {}
    for v in values:
        forms = spellings.setdefault(v.casefold(), {})
        forms[v] = forms.get(v, 0) + 1
    best = {key: max(forms, key=lambda f: (forms[f], f)) for key, forms in spellings.items()}
    return [best[v.casefold()] for v in values]


def others_label(n_lanes: int, n_events: int) -> str:
    """The grouped lane's name, saying what it holds."""
    return f"{OTHERS} ({n_lanes} lanes, {n_events} events)"


def group_lanes(lanes: pd.Series, top: int) -> tuple[pd.Series, list[str]]:
    """Keep the `top` busiest lanes, put every other event in one "Others" lane.

    Returns each event's shown lane and the lane order (busiest first, ties by name, Others last).
    """
    counts = lanes.value_counts()
    order = sorted(counts.index, key=lambda lane: (-counts[lane], str(lane).casefold()))
    if len(order) <= top + 1:  # grouping one lane into "Others" would only rename it
        return lanes.copy(), order
    kept = set(order[:top])
    rest = [lane for lane in order if lane not in kept]
    label = others_label(len(rest), int(counts[rest].sum()))
    shown = lanes.where(lanes.isin(kept), label)
    return shown, order[:top] + [label]


def default_window(starts: pd.Series, ends: pd.Series | None = None, share: float = 0.9,
                   min_events: int = 20) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The x range the timeline opens on: the shortest span holding `share` of the events, padded.

    A few old mentions (a 2008 visit recalled in a 2025 article) must not squeeze every recent meeting into a
    corner; the range slider still reaches them. Below `min_events` everything is shown. None when undated.
    """
    dates = pd.to_datetime(starts, errors="coerce").dropna().sort_values().reset_index(drop=True)
    if dates.empty:
        return None
    last = pd.to_datetime(ends, errors="coerce").max() if ends is not None else dates.iloc[-1]
    last = max(last, dates.iloc[-1]) if not pd.isna(last) else dates.iloc[-1]
    lo, hi = dates.iloc[0], last
    if len(dates) >= min_events:
        k = max(1, math.ceil(share * len(dates)))
        widths = [dates.iloc[i + k - 1] - dates.iloc[i] for i in range(len(dates) - k + 1)]
        i = min(range(len(widths)), key=lambda j: (widths[j], -j))  # ties: the most recent window
        # Events just outside the core window belong to it: only far-off ones are left to the slider.
        reach = max(widths[i] * 0.25, pd.Timedelta(days=30))
        lo = dates[dates >= dates.iloc[i] - reach].iloc[0]
        if dates.iloc[-1] > dates.iloc[i + k - 1] + reach:
            hi = dates[dates <= dates.iloc[i + k - 1] + reach].iloc[-1]
    pad = max((hi - lo) * 0.03, pd.Timedelta(days=10))
    return lo - pad, hi + pad + pd.Timedelta(days=1)


def outside_window(starts: pd.Series, window: tuple[pd.Timestamp, pd.Timestamp] | None) -> tuple[int, int]:
    """How many dated events start before and after the default window (said under the chart)."""
    if window is None:
        return 0, 0
    dates = pd.to_datetime(starts, errors="coerce").dropna()
    return int((dates < window[0]).sum()), int((dates > window[1]).sum())


def uncertain(events: pd.DataFrame, below: float = UNCERTAIN_BELOW) -> pd.Series:
    """True for events whose `confidence` is under `below` (missing confidence counts as certain)."""
    if "confidence" not in events:
        return pd.Series(False, index=events.index)
    confidence = pd.to_numeric(events["confidence"], errors="coerce")
    return (confidence < below).fillna(False).astype(bool)


def undated(events: pd.DataFrame) -> pd.DataFrame:
    """Events without a start date: the timeline cannot draw them, so it lists them apart."""
    if events.empty:
        return events
    return events[pd.to_datetime(events["start"], errors="coerce").isna()]
