"""Who met whom as a graph, on the synthetic table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from dashboard_data import _event, awkward_events, make_events

from meetings import network
from meetings.filters import as_list
from meetings.knowledge import load_knowledge


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
    known = {p.name: p.country for p in load_knowledge().people}  # no role with a country: the knowledge base's
    assert dict(zip(nodes["person"], nodes["country"], strict=True)) == {
        p: countries.get(p) or known.get(p, "") for p in meetings}
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


def test_a_person_the_knowledge_base_does_not_know_takes_the_country_the_engine_gave_their_role():
    # the engine writes "President, Sri Lanka" for "Sri Lankan President Anura Kumara Dissanayake"
    # (tests/test_actors.py reads the title forms); the page only reads the roles
    rows = [_event(event_id="k1", participants=["Narendra Modi", "Anura Kumara Dissanayake"],
                   participant_roles=["Prime Minister, India", "President, Sri Lanka"], sources=["k1.txt"]),
            _event(event_id="k2", participants=["Narendra Modi", "Anura Kumara Dissanayake"],
                   participant_roles=["Prime Minister, India", ""], sources=["k2.txt"])]
    nodes, _ = network.network_tables(pd.DataFrame(rows))
    assert nodes.set_index("person")["country"].to_dict() == {"Narendra Modi": "India",
                                                             "Anura Kumara Dissanayake": "Sri Lanka"}


def _boxes(nodes, positions, sides, chart=network.CHART_PX):
    """The drawn names' boxes and every dot's box, in px, as label_sides computes them."""
    width, height = chart
    out, dots = [], []
    for (person, meetings), side in zip(nodes[["person", "meetings"]].itertuples(index=False), sides, strict=True):
        x, y = positions[person]
        px = (x - network.X_RANGE[0]) / (network.X_RANGE[1] - network.X_RANGE[0]) * width
        py = (network.Y_RANGE[1] - y) / (network.Y_RANGE[1] - network.Y_RANGE[0]) * height
        r = float(network.marker_size([meetings], nodes["meetings"].max())[0]) / 2
        dots.append((person, (px - r, py - r, px + r, py + r)))
        if side:
            out.append((person, network._label_box(px, py, r, person, side)))
    return out, dots


def test_names_never_overprint_each_other_or_a_dot_and_the_busiest_are_named():
    # 31 people of one meeting series on a small chart: not every name fits
    rows = [_event(event_id=f"c{i}", participants=["Xi Jinping", f"Leader Number{i:02d}", f"Envoy Person{i:02d}"])
            for i in range(15)]
    events, chart = pd.DataFrame(rows), (400.0, 320.0)
    nodes, edges, positions = network.graph(events)
    sides = network.label_sides(nodes, positions, chart)
    assert len(sides) == len(nodes) and sides[0]  # Xi Jinping, in every meeting, is named
    assert 0 < sides.count("") < len(sides)  # some names left to the hover text, the others drawn
    names, dots = _boxes(nodes, positions, sides, chart)
    for i, (a, box) in enumerate(names):
        assert 0 <= box[0] and box[2] <= chart[0] and 0 <= box[1] and box[3] <= chart[1]
        for b, other in names[i + 1:] + [d for d in dots if d[0] != a]:
            apart = box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
            assert apart, (a, b)


def test_figure_hides_crowded_names_in_hover_and_keeps_unknown_apart_from_other_countries():
    from pages.network_chart import PALETTE, network_figure

    countries = [f"Country{i:02d}" for i in range(len(PALETTE) + 2)] + [""]
    nodes = pd.DataFrame({"person": [f"Person {i}" for i in range(len(countries))],
                          "meetings": list(range(len(countries), 0, -1)), "country": countries})
    positions = {p: (0.0, 0.0) for p in nodes["person"]}  # everyone on one spot
    fig = network_figure(nodes, pd.DataFrame(columns=["pair", "a", "b", "meetings", "event_ids"]), positions)
    people = [t for t in fig.data if t.mode == "markers+text"]
    legend = [t.name for t in people]
    assert legend[-2:] == ["other countries", "country unknown"] and len(legend) == len(PALETTE) + 2
    unknown = people[-1]
    assert unknown.marker.color == "white" and list(unknown.customdata) == ["Person " + str(len(countries) - 1)]
    # one name on each side of the spot (the busiest four), the rest in the hover text only
    assert sorted(t for trace in people for t in trace.text if t) == [f"Person {i}" for i in range(4)]
    assert all(name in hover for trace in people for name, hover in zip(trace.customdata, trace.hovertext,
                                                                         strict=True))


def test_the_legend_takes_room_of_its_own_and_the_names_keep_the_plot_they_were_spaced_for():
    from pages.network_chart import network_figure

    countries = [f"Country{i:02d}" for i in range(24)]  # the legend wraps over several rows
    nodes = pd.DataFrame({"person": [f"Person {i}" for i in range(24)], "meetings": [1] * 24, "country": countries})
    positions = network.force_layout(nodes, pd.DataFrame(columns=["a", "b", "meetings"]))
    fig = network_figure(nodes, pd.DataFrame(columns=["pair", "a", "b", "meetings", "event_ids"]), positions,
                         height=640)
    legend_rows = -(-len([t for t in fig.data if t.showlegend is not False]) // 5)
    assert fig.layout.height - fig.layout.margin.t - fig.layout.margin.b == 640
    assert fig.layout.margin.t >= 20 * legend_rows and fig.layout.legend.y >= 1.0


def test_dots_and_lines_of_a_big_table_stay_inside_a_readable_size():
    # a few meetings: the usual sizes (area grows with the count)
    assert network.marker_size([1, 4]).tolist() == [16.0, 22.0]
    # thousands of meetings per person: the busiest dot is capped, the others keep their proportions
    sizes = network.marker_size([100, 2500])
    assert sizes.max() == network.MAX_DOT_PX
    assert (sizes[0] - 10) / (sizes[1] - 10) == pytest.approx(10 / 50)
    assert network.line_width([400]).max() == network.MAX_LINE_PX
