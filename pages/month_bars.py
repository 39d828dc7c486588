"""Events per month as a bar chart in plain HTML (the Overview's chart beyond a few thousand events).

Why not plotly: on a first visit the browser must fetch, evaluate and lay out plotly's 4.7 MB bundle before a
single bar shows (about 2.5 s of the first render at 100,000 events). A month-bar chart needs none of that; the
Timeline page keeps the zoomable plotly chart. Plain HTML, not SVG: `st.html` sanitises with DOMPurify's HTML
profile, which removes SVG. Every bar carries a `title`, so hovering it names the month and its count.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 28
BAR_COLOR = "#1f77b4"
TEXT_COLOR = "#31333F"
GRID_COLOR = "#e6e9ef"
MAX_X_LABELS = 12


def month_counts(density: pd.DataFrame) -> pd.Series:
    """Events per month from the first month with events to the last, empty months counted as 0 (so the bars
    stand on an even time axis)."""
    if density.empty:
        return pd.Series(dtype="int64")
    months = pd.to_datetime(density["period"]).dt.to_period("M")
    counts = pd.Series(density["events"].astype("int64").to_numpy(), index=months).groupby(level=0).sum()
    every_month = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    return counts.reindex(every_month, fill_value=0)


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) giving about `ticks` gridlines up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return max(int(multiple * power), 1)
    return int(10 * power)


def _x_labels(months: pd.PeriodIndex) -> list[tuple[int, str]]:
    """(bar index, label) pairs: every month over a short span, else Januaries (every k-th year when many)."""
    def month(i: int, m: pd.Period) -> tuple[int, str]:
        return i, m.strftime("%b %Y") if i == 0 or m.month == 1 else m.strftime("%b")

    if len(months) <= MAX_X_LABELS:
        return [month(i, m) for i, m in enumerate(months)]
    januaries = [(i, str(m.year)) for i, m in enumerate(months) if m.month == 1]
    if not januaries or len(months) < 24:  # under two years: every quarter's first month
        return [month(i, m) for i, m in enumerate(months) if m.month in (1, 4, 7, 10) or i == 0]
    every = math.ceil(len(januaries) / MAX_X_LABELS)
    return januaries[::every]


def month_bars_html(density: pd.DataFrame) -> str:
    """A bar chart of events per month in plain HTML: bars, a labelled count axis with gridlines, and year (or
    month) labels; hovering a bar names its month and count.

    `density` has a `period` (month start) and an `events` column, as `views.density_frame` returns; an empty
    frame gives an empty string (the page says there is nothing to draw).
    """
    counts = month_counts(density)
    if counts.empty:
        return ""
    step = nice_step(int(counts.max()))
    top = step * math.ceil(max(int(counts.max()), 1) / step)
    first, last = counts.index[0].strftime("%B %Y"), counts.index[-1].strftime("%B %Y")
    grid = "".join(
        f'<div style="position:absolute;left:0;right:0;bottom:{100 * value / top:.2f}%;'
        f'border-top:1px solid {GRID_COLOR}"><span style="position:absolute;right:calc(100% + 6px);top:-0.7em">'
        f"{value:,}</span></div>" for value in range(0, top + 1, step))
    bars = "".join(
        f'<div title="{escape(month.strftime("%B %Y"))}: {value:,} events" '
        f'style="flex:1 1 0;height:{100 * value / top:.2f}%;background:{BAR_COLOR}"></div>'
        for month, value in counts.items())
    labels = "".join(
        f'<span style="position:absolute;top:100%;left:{100 * i / len(counts):.2f}%;padding:4px 0 0 2px;'
        f'border-left:1px solid {TEXT_COLOR};line-height:1;white-space:nowrap">{escape(label)}</span>'
        for i, label in _x_labels(counts.index))
    gap = "1px" if len(counts) <= 240 else "0"
    return (f'<div class="month-bars" role="img" aria-label="Events per month, {first} to {last}" '
            f'style="position:relative;height:{HEIGHT}px;font-family:sans-serif;font-size:12px;color:{TEXT_COLOR}">'
            f'<div style="position:absolute;left:{LEFT}px;right:{RIGHT}px;top:{TOP}px;bottom:{BOTTOM}px;'
            f'border-bottom:1px solid {TEXT_COLOR}">{grid}'
            f'<div style="position:absolute;inset:0;display:flex;align-items:flex-end;gap:{gap}">{bars}</div>'
            f"{labels}</div></div>")
