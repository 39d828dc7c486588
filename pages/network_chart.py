"""The Network page's figure: people as dots (size = meetings, colour = country), pairs as lines (width =
meetings together) with a clickable dot at each line's middle. Hover text is HTML-escaped (names come from
articles)."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

# Distinct colours (grey kept for "other"); the countries with most meetings get them, any further share grey.
PALETTE = [c for c in qualitative.D3 + qualitative.Dark2 + qualitative.Set2 if c not in ("#7F7F7F", "rgb(102,102,102)",
                                                                                          "rgb(179,179,179)")]
OTHER_COLOR = "#9a9a9a"
EDGE_COLOR = "rgba(90, 90, 90, 0.45)"


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def _edge_traces(edges: pd.DataFrame, pos: dict) -> list[go.Scatter]:
    """The pairs' lines, one trace per line width (plotly draws one width per trace; hundreds of one-line
    traces took seconds to build and draw), and one marker trace of the pairs' middles."""
    traces = []
    ends = np.array([(*pos[a], *pos[b]) for a, b in zip(edges["a"], edges["b"], strict=True)], dtype=float)
    for meetings in sorted(edges["meetings"].unique()):
        mine = ends[(edges["meetings"] == meetings).to_numpy()]
        gap = np.full(len(mine), np.nan)  # a gap between two pairs' lines in one trace
        xs = np.column_stack([mine[:, 0], mine[:, 2], gap]).ravel()
        ys = np.column_stack([mine[:, 1], mine[:, 3], gap]).ravel()
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, connectgaps=False,
                                 line={"width": 1 + 2.5 * np.sqrt(meetings), "color": EDGE_COLOR}))
    hover = [f"{_esc(a)} – {_esc(b)}<br>{n} meeting(s): click to list them"
             for a, b, n in zip(edges["a"], edges["b"], edges["meetings"], strict=True)]
    traces.append(go.Scatter(x=(ends[:, 0] + ends[:, 2]) / 2, y=(ends[:, 1] + ends[:, 3]) / 2, mode="markers",
                             name="pairs (click)", customdata=edges["pair"].tolist(), hovertext=hover,
                             hoverinfo="text", showlegend=False,
                             marker={"size": 9, "color": "rgba(90,90,90,0.25)", "symbol": "diamond"}))
    return traces


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, pos: dict, height: int = 640) -> go.Figure:
    """The graph; an empty figure with a message when there is nobody to draw."""
    fig = go.Figure()
    if nodes.empty:
        fig.add_annotation(text="No participants match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"size": 16})
    for trace in _edge_traces(edges, pos) if len(edges) else []:
        fig.add_trace(trace)
    weight = nodes.groupby("country")["meetings"].sum() if len(nodes) else pd.Series(dtype=int)
    countries = sorted(weight.index.tolist(), key=lambda c: (c == "", -int(weight[c]), c.casefold()))
    for i, country in enumerate(countries):
        group = nodes[nodes["country"] == country]
        color = PALETTE[i] if i < len(PALETTE) and country else OTHER_COLOR
        fig.add_trace(go.Scatter(
            x=[pos[p][0] for p in group["person"]], y=[pos[p][1] for p in group["person"]],
            mode="markers+text", name=country or "country unknown", text=[_esc(p) for p in group["person"]],
            textposition="top center", textfont={"size": 11}, customdata=group["person"].tolist(),
            hovertext=[f"{_esc(p)}<br>{n} meeting(s)" for p, n in zip(group["person"], group["meetings"],
                                                                       strict=True)],
            hoverinfo="text",
            marker={"size": 10 + 6 * np.sqrt(group["meetings"].astype(float)), "color": color,
                    "line": {"width": 1, "color": "white"}},
        ))
    fig.update_xaxes(visible=False, range=[-1.25, 1.25])
    fig.update_yaxes(visible=False, range=[-1.2, 1.25])
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 30, "b": 0}, hovermode="closest",
                      clickmode="event+select", dragmode="pan",
                      legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "title": {"text": ""}})
    return fig
