"""The Network page's figure: people as dots (size = meetings, colour = country), pairs as lines (width =
meetings together) with a clickable dot at each line's middle. Hover text is HTML-escaped (names come from
articles)."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from meetings.network import CHART_PX, X_RANGE, Y_RANGE, label_sides, line_width, marker_size

# Distinct colours (grey kept for "other"); the countries with most meetings get them, any further share grey.
PALETTE = [c for c in qualitative.D3 + qualitative.Dark2 + qualitative.Set2 if c not in ("#7F7F7F", "rgb(102,102,102)",
                                                                                          "rgb(179,179,179)")]
OTHER_COLOR = "#9a9a9a"  # the countries beyond the palette, together
NAME_FONT = {"size": 11, "color": "#333333", "shadow": "0px 0px 3px white"}  # a halo: readable over the lines
LEGEND_ROW_PX, LEGEND_PER_ROW = 20, 5  # a legend row's height; entries per row at the narrowest chart
UNKNOWN = {"color": "white", "line": {"width": 1.5, "color": "#7a7a7a"}}  # hollow: no country known
EDGE_COLOR = "rgba(90, 90, 90, 0.45)"


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def _edge_traces(edges: pd.DataFrame, pos: dict) -> list[go.Scatter]:
    """The pairs' lines, one trace per line width (plotly draws one width per trace; hundreds of one-line
    traces took seconds to build and draw), and one marker trace of the pairs' middles."""
    traces = []
    ends = np.array([(*pos[a], *pos[b]) for a, b in zip(edges["a"], edges["b"], strict=True)], dtype=float)
    most = int(edges["meetings"].max())
    for meetings in sorted(edges["meetings"].unique()):
        mine = ends[(edges["meetings"] == meetings).to_numpy()]
        gap = np.full(len(mine), np.nan)  # a gap between two pairs' lines in one trace
        xs = np.column_stack([mine[:, 0], mine[:, 2], gap]).ravel()
        ys = np.column_stack([mine[:, 1], mine[:, 3], gap]).ravel()
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, connectgaps=False,
                                 line={"width": float(line_width([meetings], most)[0]), "color": EDGE_COLOR}))
    hover = [f"{_esc(a)} – {_esc(b)}<br>{n} meeting(s): click to list them"
             for a, b, n in zip(edges["a"], edges["b"], edges["meetings"], strict=True)]
    traces.append(go.Scatter(x=(ends[:, 0] + ends[:, 2]) / 2, y=(ends[:, 1] + ends[:, 3]) / 2, mode="markers",
                             name="pairs (click)", customdata=edges["pair"].tolist(), hovertext=hover,
                             hoverinfo="text", showlegend=False,
                             marker={"size": 9, "color": "rgba(90,90,90,0.25)", "symbol": "diamond"}))
    return traces


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, pos: dict, height: int = 640) -> go.Figure:
    """The graph, its plot `height` px tall under the legend; an empty figure with a message when there is
    nobody to draw."""
    fig = go.Figure()
    if nodes.empty:
        fig.add_annotation(text="No participants match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"size": 16})
    for trace in _edge_traces(edges, pos) if len(edges) else []:
        fig.add_trace(trace)
    weight = nodes.groupby("country")["meetings"].sum() if len(nodes) else pd.Series(dtype=int)
    countries = sorted((c for c in weight.index if c), key=lambda c: (-int(weight[c]), c.casefold()))
    # One legend entry per palette colour: the countries beyond it share grey, the unknown are hollow.
    groups = [(c, [c], {"color": PALETTE[i], "line": {"width": 1, "color": "white"}})
              for i, c in enumerate(countries[:len(PALETTE)])]
    if countries[len(PALETTE):]:
        groups.append(("other countries", countries[len(PALETTE):],
                       {"color": OTHER_COLOR, "line": {"width": 1, "color": "white"}}))
    if "" in weight.index:
        groups.append(("country unknown", [""], UNKNOWN))
    # The legend sits in the top margin, sized for its rows (plotly would otherwise shrink the plot under it,
    # and the names, spaced for the plot's height, would touch).
    top = 12 + LEGEND_ROW_PX * math.ceil(len(groups) / LEGEND_PER_ROW)
    nodes = nodes.assign(side=label_sides(nodes, pos, (CHART_PX[0], height)))
    most = int(nodes["meetings"].max()) if len(nodes) else 1  # dots are scaled to the busiest person drawn
    for name, members, marker in groups:
        group = nodes[nodes["country"].isin(members)]
        fig.add_trace(go.Scatter(
            x=[pos[p][0] for p in group["person"]], y=[pos[p][1] for p in group["person"]],
            mode="markers+text", name=name,
            # a name that would overprint another name or dot is left to the hover text
            text=[_esc(p) if side else "" for p, side in zip(group["person"], group["side"], strict=True)],
            textposition=[side or "top center" for side in group["side"]], textfont=NAME_FONT,
            customdata=group["person"].tolist(),
            hovertext=[f"{_esc(p)}{'<br>' + _esc(c) if c else ''}<br>{n} meeting(s)"
                       for p, c, n in zip(group["person"], group["country"], group["meetings"], strict=True)],
            hoverinfo="text", marker={"size": marker_size(group["meetings"], most), **marker},
        ))
    fig.update_xaxes(visible=False, range=list(X_RANGE))
    fig.update_yaxes(visible=False, range=list(Y_RANGE))
    fig.update_layout(height=height + top, margin={"l": 0, "r": 0, "t": top, "b": 0}, hovermode="closest",
                      clickmode="event+select", dragmode="pan",
                      legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "title": {"text": ""}})
    return fig
