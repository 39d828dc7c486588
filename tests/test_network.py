"""Who met whom as a graph, on the synthetic table."""

from __future__ import annotations

import datetime as dt

import numpy as np
from dashboard_data import make_events

from meetings import network


def test_nodes_count_meetings_and_edges_count_pairs():
    nodes, edges = network.network_tables(make_events())
    by_person = dict(zip(nodes["person"], nodes["meetings"], strict=True))
    assert by_person == {"Sergey Lavrov": 4, "Wang Yi": 2, "Qin Gang": 1, "Marco Rubio": 1, "Vladimir Putin": 1}
    assert nodes.set_index("person").loc["Wang Yi", "country"] == "China"
    pairs = dict(zip(edges["pair"], edges["meetings"], strict=True))
    assert pairs == {"Sergey Lavrov | Wang Yi": 2, "Qin Gang | Sergey Lavrov": 1, "Marco Rubio | Sergey Lavrov": 1}
    assert edges.iloc[0]["event_ids"] == ["e2", "e5"]


def test_max_people_keeps_the_most_active_and_their_edges():
    nodes, edges = network.network_tables(make_events(), max_people=2)
    assert nodes["person"].tolist() == ["Sergey Lavrov", "Wang Yi"]
    assert edges["pair"].tolist() == ["Sergey Lavrov | Wang Yi"]


def test_layout_is_deterministic_inside_the_square_and_spreads_people():
    nodes, edges = network.network_tables(make_events())
    first, second = network.force_layout(nodes, edges), network.force_layout(nodes, edges)
    assert first == second
    xy = np.array(list(first.values()))
    assert np.isfinite(xy).all() and np.abs(xy).max() <= 1.0 + 1e-9
    distances = np.linalg.norm(xy[:, None] - xy[None], axis=-1) + np.eye(len(xy))
    assert distances.min() > 0.05  # nobody drawn on top of another


def test_time_window_and_pair_meetings():
    events = make_events()
    assert network.date_window(events) == (dt.date(2023, 5, 4), dt.date(2025, 2, 21))
    window = network.in_window(events, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert sorted(window["event_id"]) == ["e2", "e4"]
    assert sorted(network.events_of_pair(events, "Sergey Lavrov | Wang Yi")["event_id"]) == ["e2", "e5"]
