"""Who met whom as a graph, on the synthetic table."""

from __future__ import annotations

import datetime as dt

import numpy as np
from dashboard_data import awkward_events, make_events

from meetings import network
from meetings.filters import as_list


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


def loop_network(events) -> tuple[dict, dict, dict]:
    """Meetings and country per person, event ids per pair, by a plain loop over the rows."""
    meetings, countries, pairs = {}, {}, {}
    for row in events.to_dict("records"):
        people = list(dict.fromkeys(str(p) for p in as_list(row["participants"])))
        roles = [str(r) for r in as_list(row["participant_roles"])]
        for i, person in enumerate(people):
            meetings[person] = meetings.get(person, 0) + 1
            country = roles[i].rpartition(",")[2].strip() if i < len(roles) and "," in roles[i] else ""
            if country:
                seen = countries.setdefault(person, {})
                seen[country] = seen.get(country, 0) + 1
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                pairs.setdefault(network.pair_key(a, b), []).append(row["event_id"])
    return meetings, {p: max(c, key=c.get) for p, c in countries.items()}, pairs


def test_network_tables_equal_a_loop_over_the_rows():
    events = awkward_events()
    meetings, countries, pairs = loop_network(events)
    nodes, edges = network.network_tables(events)
    assert dict(zip(nodes["person"], nodes["meetings"], strict=True)) == meetings
    assert dict(zip(nodes["person"], nodes["country"], strict=True)) == {p: countries.get(p, "") for p in meetings}
    assert dict(zip(edges["pair"], edges["event_ids"], strict=True)) == pairs
    assert (edges["meetings"] == edges["event_ids"].map(len)).all()
    assert nodes.set_index("person").loc["wang yi", "country"] == "Laos"  # names differing in case stay apart
    assert pairs["Wang Yi | wang yi"] == ["x2"]


def test_graph_is_the_tables_and_their_layout():
    nodes, edges, positions = network.graph(awkward_events(), max_people=3)
    assert nodes["person"].tolist() == ["Sergey Lavrov", "Wang Yi", "Marco Rubio"]
    assert set(positions) == set(nodes["person"]) and positions == network.force_layout(nodes, edges)
    empty_nodes, empty_edges, empty_positions = network.graph(awkward_events().iloc[0:0])
    assert empty_nodes.empty and empty_edges.empty and empty_positions == {}


def test_people_and_pairs_listed_like_a_loop():
    events = awkward_events()
    named = [{str(p) for p in as_list(cell)} for cell in events["participants"]]
    assert network.people_count(events) == len(set().union(*named))
    for person in ["Sergey Lavrov", "Marco Rubio", "wang yi", "Nobody"]:
        expected = [e for e, people in zip(events["event_id"], named, strict=True) if person in people]
        assert network.events_of_person(events, person)["event_id"].tolist() == expected
    pair = {"Wang Yi", "Sergey Lavrov"}
    expected = [e for e, people in zip(events["event_id"], named, strict=True) if pair <= people]
    assert network.events_of_pair(events, "Sergey Lavrov | Wang Yi")["event_id"].tolist() == expected
    assert network.people_count(events.iloc[0:0]) == 0 and network.events_of_person(events.iloc[0:0], "x").empty


def test_figure_draws_every_pair_once_with_one_trace_per_width():
    from pages.network_chart import network_figure

    nodes, edges, positions = network.graph(awkward_events())
    lines = [t for t in network_figure(nodes, edges, positions).data if t.mode == "lines"]
    assert len(lines) == edges["meetings"].nunique()
    segments = sum(int(np.isfinite(np.asarray(t.x, dtype=float)).sum()) // 2 for t in lines)
    assert segments == len(edges)
    middles = [t for t in network_figure(nodes, edges, positions).data if t.name == "pairs (click)"][0]
    assert list(middles.customdata) == edges["pair"].tolist()
