"""Plotly figures for the pages, built from the pure frames in `meetings.views` (no Streamlit here).

Shapes on the timeline say how precise and how certain a date is:
- a one-day event is a marker; a multi-day event a bar; a month- or year-precision date a wide pale band;
- held is filled, planned hollow, possible dashed (bars) / dotted-hollow (markers).
Every hover string is HTML-escaped first: names and places come from article text.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from meetings import map_labels, views

KIND_COLORS = {
    "meeting": "#1f77b4", "visit": "#2ca02c", "phone_call": "#ff7f0e", "multilateral_meeting": "#9467bd",
}
OTHER_COLOR = "#7f7f7f"
STATUS_SYMBOL = {"held": "", "planned": "-open", "possible": "-open-dot"}
PRECISION_SYMBOL = {"day": "circle", "month": "diamond", "year": "square"}
UNCERTAIN_OPACITY = 0.35
# Every date tick names its year (plotly's default shows the year only under the first tick).
YEAR_TICKS = [
    {"dtickrange": [None, 86_400_000 * 32], "value": "%d %b %Y"},
    {"dtickrange": [86_400_000 * 32, 86_400_000 * 360], "value": "%b %Y"},
    {"dtickrange": [86_400_000 * 360, None], "value": "%Y"},
]
MAP_HEIGHT = 560
# Width / height the map's window is cut to: a bit wider than the chart's plot area at a 1400 px window, so
# the map spans the column's width (plotly fits the window inside the plot area, keeping its shape).
MAP_ASPECT = 2.0
BUBBLE_MIN, BUBBLE_MAX = 10, 46  # px: one event, the busiest place
TOPOJSON_URL = "app/static/topojson/"  # relative: works under --server.baseUrlPath too
PLOT_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "showLink": False, "showSendToCloud": False}


def _hover(text: str) -> str:
    return html.escape(str(text), quote=False).replace("\n", "<br>")


def _color(kind: str) -> str:
    return KIND_COLORS.get(kind, OTHER_COLOR)


def _empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=240)
    return fig


def timeline_figure(frame: pd.DataFrame, height: int | None = None, compact: bool = False,
                    lanes: list[str] | None = None, x_range: tuple | None = None) -> go.Figure:
    """The timeline: one lane per `frame.lane`, bands/bars as shapes, a selectable marker per event.

    `compact` (the overview) drops the legend and the range slider. `lanes` orders the lanes (top first;
    default alphabetical), `x_range` is the window it opens on (default: every event). A boolean column
    `uncertain` in `frame` draws those events faded, a column `mark_size` sets marker sizes (default 14).
    Lane labels may carry <br> line breaks.
    """
    if frame.empty:
        return _empty_figure("No dated events match the filters")
    lanes = lanes or sorted(frame["lane"].unique().tolist(), key=str.casefold)
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    fig = go.Figure()
    shapes = []
    one_day = pd.Timedelta(days=1)
    for row in frame.itertuples(index=False):
        if row.shape == "point":
            continue
        y = lane_index[row.lane]
        half = 0.32 if row.shape == "span" else 0.2
        color = _color(row.kind)
        filled = row.status == "held"
        shapes.append({
            "type": "rect", "xref": "x", "yref": "y", "layer": "below",
            "x0": row.start, "x1": row.end + one_day, "y0": y - half, "y1": y + half,
            "fillcolor": color if filled else "rgba(255,255,255,0)",
            "opacity": 0.35 if row.shape == "span" else 0.85,
            "line": {"color": color, "width": 2, "dash": "dash" if row.status == "possible" else "solid"},
        })
    # One marker trace per (kind, status, precision): legend entries explain colour and symbol.
    # The legend draws a trace's first point: put a full-size, certain one first.
    first = [c for c in ("uncertain", "mark_size") if c in frame]
    if first:
        frame = frame.sort_values(first, ascending=[c == "uncertain" for c in first], kind="stable")
    for (kind, status, precision), group in frame.groupby(["kind", "status", "precision"], sort=True):
        mid = group["start"] + (group["end"] + one_day - group["start"]) / 2
        x = np.where(group["shape"] == "point", group["start"], mid)
        symbol = PRECISION_SYMBOL.get(precision, "circle") + STATUS_SYMBOL.get(status, "")
        label = f"{kind.replace('_', ' ')} · {status}" + ("" if precision == "day" else f" · {precision} only")
        faded = group["uncertain"].astype(bool) if "uncertain" in group else pd.Series(False, index=group.index)
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(x), y=group["lane"], mode="markers", name=label,
            marker={"symbol": symbol, "size": group["mark_size"].tolist() if "mark_size" in group else 14,
                    "color": _color(kind), "line": {"width": 2, "color": _color(kind)},
                    "opacity": np.where(faded, UNCERTAIN_OPACITY, 1.0).tolist()},
            customdata=group["event_id"].tolist(),
            hovertext=[_hover(h) for h in group["hover"]], hoverinfo="text",
        ))
    if "uncertain" in frame and frame["uncertain"].any() and not compact:
        # A legend entry for the faded marks (no points of its own).
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="faded = uncertain, to review",
                                 marker={"symbol": "circle", "size": 14, "color": OTHER_COLOR,
                                         "opacity": UNCERTAIN_OPACITY}, hoverinfo="skip"))
    n_lines = sum(1 + str(lane).count("<br>") for lane in lanes)
    fig.update_layout(
        shapes=shapes,
        height=height or max(360, 230 + 30 * len(lanes) + 14 * n_lines),
        margin={"l": 10, "r": 10, "t": 10 if compact else 40, "b": 10 if compact else 80},
        # Legend at the very bottom, under the range slider; the date ticks sit at the top where a tall chart
        # starts (a legend above would cover them).
        showlegend=not compact,
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom",
                "title": {"text": ""}, "itemsizing": "constant"},
        dragmode="zoom", clickmode="event+select",
        hovermode="closest",
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=lanes, autorange="reversed",
                     title=None, range=[len(lanes) - 0.5, -0.5], automargin=True)
    start, end = frame["start"].min(), (frame["end"].max() + one_day)
    pad = max((end - start) * 0.04, pd.Timedelta(days=10))
    x_range = x_range or (start - pad, end + pad)
    fig.update_xaxes(type="date", range=list(x_range), title=None, side="top" if not compact else "bottom",
                     showgrid=True, rangeslider={"visible": not compact, "thickness": 0.06},
                     tickformatstops=YEAR_TICKS)
    return fig


def density_figure(density: pd.DataFrame) -> go.Figure:
    """Events per month as bars: drawn instead of single events when there are too many."""
    if density.empty:
        return _empty_figure("No dated events match the filters")
    fig = go.Figure(go.Bar(x=density["period"], y=density["events"], marker_color="#1f77b4",
                           hovertemplate="%{x|%Y-%m}: %{y} events<extra></extra>"))
    fig.update_layout(height=260, margin={"l": 10, "r": 10, "t": 20, "b": 10}, bargap=0.1)
    fig.update_xaxes(type="date", title=None)
    fig.update_yaxes(title="events")
    return fig


def warm_up(events: pd.DataFrame) -> None:
    """Build and serialise one figure as `st.plotly_chart` does: the first figure in a process imports plotly's
    data-frame and JSON helpers (a third of a second the first visitor would otherwise wait for)."""
    import plotly.io

    plotly.io.to_json(density_figure(views.density_frame(events)), validate=False)


def map_figure(bubbles: pd.DataFrame, color_by: str = "kind") -> go.Figure:
    """Bubbles sized by the number of events per place; country-only places drawn as hollow squares."""
    fig = go.Figure()
    window = map_labels.fill_window(*_geo_window(bubbles), aspect=MAP_ASPECT)
    if not bubbles.empty:
        # Area follows the count relative to the busiest place: a 100-event capital does not cover a continent.
        counts = bubbles["events"].astype(float)
        size = BUBBLE_MIN + (BUBBLE_MAX - BUBBLE_MIN) * np.sqrt(counts / counts.max())
        names = bubbles["city"].where(~bubbles["country_only"], bubbles["country"] + "?")
        shown = map_labels.visible_labels(
            pd.DataFrame({"label": names, "lon": bubbles["lon"], "lat": bubbles["lat"], "events": bubbles["events"],
                          "minor": bubbles["country_only"]}),
            window, sizes=size.tolist())
        # A name that would overprint a busier place's stays in the hover text only.
        bubbles = bubbles.assign(_size=size, _label=names.where(shown, ""))
        key = "main_kind" if color_by == "kind" else "country"
        palette = {}
        fallback = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
        for value in bubbles[key].unique():
            palette[value] = (KIND_COLORS.get(value) if key == "main_kind" else None) or \
                fallback[len(palette) % len(fallback)]
        for (value, country_only), group in bubbles.groupby([key, "country_only"], sort=True):
            name = str(value).replace("_", " ") or "unknown"
            fig.add_trace(go.Scattergeo(
                lat=group["lat"], lon=group["lon"], mode="markers",
                name=name + (" (country only, no city known)" if country_only else ""),
                marker={"size": group["_size"], "color": palette[value],
                        "symbol": "square-open" if country_only else "circle",
                        "opacity": 0.6 if country_only else 0.8,
                        "line": {"width": 2 if country_only else 1, "color": palette[value] if country_only
                                 else "white"}},
                customdata=group["place"].tolist(),
                hovertext=[_hover(h) for h in group["hover"]], hoverinfo="text",
            ))
        named = bubbles[bubbles["_label"] != ""]
        # Names in one trace drawn last, over every bubble, with a white halo: readable on land and sea. Its
        # markers are invisible, sized like the bubbles, so each name sits just above its bubble.
        fig.add_trace(go.Scattergeo(
            lat=named["lat"], lon=named["lon"], mode="markers+text", showlegend=False, hoverinfo="skip",
            marker={"size": named["_size"], "opacity": 0},
            text=[html.escape(p, quote=False) for p in named["_label"]], textposition="top center",
            textfont={"size": 11, "color": "#333333", "shadow": "1px 1px 2px white"},
        ))
    fig.update_geos(
        projection_type="natural earth", showcountries=True, countrycolor="#bbbbbb", showland=True,
        landcolor="#f3f1ea", showocean=True, oceancolor="#e6f0f7", showcoastlines=True, coastlinecolor="#888888",
        showframe=False, resolution=110, fitbounds=False,
        lonaxis_range=list(window.lon), lataxis_range=list(window.lat),
    )
    fig.update_layout(height=MAP_HEIGHT, margin={"l": 0, "r": 0, "t": 10, "b": 0},
                      legend={"orientation": "h", "y": -0.02}, clickmode="event+select")
    return fig


def _geo_window(bubbles: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """Longitude/latitude ranges around the places, padded and at least 80 x 50 degrees wide.

    Plotly's own fit zooms onto a single place until no coastline is left; the whole world wastes space.
    """
    if bubbles.empty:
        return (-180.0, 180.0), (-60.0, 85.0)
    lon_lo, lon_hi = float(bubbles["lon"].min()), float(bubbles["lon"].max())
    lat_lo, lat_hi = float(bubbles["lat"].min()), float(bubbles["lat"].max())
    lon_pad = max(15.0, (80 - (lon_hi - lon_lo)) / 2)
    lat_pad = max(10.0, (50 - (lat_hi - lat_lo)) / 2)
    return ((max(-180.0, lon_lo - lon_pad), min(180.0, lon_hi + lon_pad)),
            (max(-85.0, lat_lo - lat_pad), min(85.0, lat_hi + lat_pad)))


def heatmap_figure(matrix: pd.DataFrame, labels: dict[str, str] | None = None,
                   x_range: tuple | None = None) -> go.Figure:
    """Topic x month counts as a heatmap (zeros shown pale, so gaps in time are visible).

    Months sit on a date axis (year ticks, not one crowded label per month); `x_range` is the window it opens
    on (default: every month), double-click shows every month.
    """
    if matrix.empty:
        return _empty_figure("No dated events with topics match the filters")
    labels = labels or {}
    y = [labels.get(t, t) for t in matrix.index]
    months = [str(m) for m in matrix.columns]
    # each cell centred in its month, so a range that starts on a month's first day shows that whole month
    middles = pd.to_datetime(months, format="%Y-%m") + pd.Timedelta(days=14)
    fig = go.Figure(go.Heatmap(
        z=matrix.values, x=middles, y=y, colorscale="Blues", zmin=0, customdata=[months] * len(y),
        hovertemplate="%{y}, %{customdata}: %{z} events<extra></extra>", xgap=1, ygap=1,
        colorbar={"title": {"text": "events"}},
    ))
    fig.update_layout(height=max(260, 80 + 34 * len(y)), margin={"l": 10, "r": 10, "t": 20, "b": 10})
    fig.update_xaxes(type="date", title=None, tickformatstops=YEAR_TICKS,
                     **({"range": list(x_range)} if x_range else {}))
    fig.update_yaxes(autorange="reversed", title=None)
    return fig


def topic_bar_figure(counts: pd.DataFrame, labels: dict[str, str] | None = None) -> go.Figure:
    """Events per topic as horizontal bars."""
    if counts.empty:
        return _empty_figure("No events match the filters")
    labels = labels or {}
    fig = go.Figure(go.Bar(x=counts["events"], y=[labels.get(t, t) for t in counts["topic"]], orientation="h",
                           marker_color="#1f77b4", hovertemplate="%{y}: %{x} events<extra></extra>"))
    fig.update_layout(height=max(220, 60 + 30 * len(counts)), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="events", dtick=1 if counts["events"].max() < 10 else None)
    return fig


def selected_values(selection) -> list[str]:
    """customdata values of the points a plotly selection event holds (event ids, place names)."""
    if selection is None:
        return []
    try:
        points = selection["selection"]["points"]
    except (KeyError, TypeError):
        points = getattr(getattr(selection, "selection", None), "points", []) or []
    out = []
    for point in points:
        value = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None and str(value) not in out:
            out.append(str(value))
    return out


def lane_choices() -> dict[str, str]:
    return dict(views.LANE_CHOICES)
