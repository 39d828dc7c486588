"""The Overview's month bars (plain HTML): an even time axis, readable labels, a hover text per bar."""

from __future__ import annotations

import re

import pandas as pd

from pages import month_bars


def _density(months: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"period": pd.to_datetime(list(months)), "events": list(months.values())})


def _bars(html: str) -> list[tuple[str, int]]:
    return [(month, int(n.replace(",", ""))) for month, n in re.findall(r'title="([^"]+): ([\d,]+) events"', html)]


def test_months_without_events_keep_their_place_on_the_axis():
    html = month_bars.month_bars_html(_density({"2024-01-01": 3, "2024-04-01": 1200}))
    assert _bars(html) == [("January 2024", 3), ("February 2024", 0), ("March 2024", 0), ("April 2024", 1200)]
    assert "Events per month, January 2024 to April 2024" in html


def test_the_count_axis_has_round_steps_up_to_the_busiest_month():
    html = month_bars.month_bars_html(_density({"2024-01-01": 3, "2024-04-01": 1200}))
    steps = re.findall(r"<span[^>]*>([\d,]+)</span>", html)
    assert steps == ["0", "500", "1,000", "1,500"]
    assert month_bars.nice_step(7) == 2 and month_bars.nice_step(0) == 1


def test_years_label_a_long_span_and_months_a_short_one():
    ten_years = _density({f"{year}-{month:02d}-01": 1 for year in range(2010, 2020) for month in (1, 6)})
    years = re.findall(r"nowrap\">(\d{4})</span>", month_bars.month_bars_html(ten_years))
    assert years == [str(y) for y in range(2010, 2020)]
    forty_years = _density({f"{year}-01-01": 1 for year in range(1980, 2020)})
    labels = re.findall(r"nowrap\">(\d{4})</span>", month_bars.month_bars_html(forty_years))
    assert len(labels) <= month_bars.MAX_X_LABELS and labels[0] == "1980"
    short = re.findall(r"nowrap\">([^<]+)</span>", month_bars.month_bars_html(_density({"2024-11-01": 1,
                                                                                          "2025-02-01": 2})))
    assert short == ["Nov 2024", "Dec", "Jan 2025", "Feb"]


def test_nothing_to_draw_gives_no_chart():
    assert month_bars.month_bars_html(pd.DataFrame(columns=["period", "events"])) == ""
