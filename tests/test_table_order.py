"""Sorting every row of the Events table by a column, and paging in that order."""

from __future__ import annotations

import pandas as pd
from dashboard_data import awkward_events

from meetings import table_order, views
from meetings.filters import FilterState
from pages import table_cache


def test_sort_by_text_lists_and_numbers_with_missing_last():
    events = awkward_events()
    by_kind = events.iloc[table_order.sort_order(events, "kind")]["kind"].tolist()
    assert by_kind == sorted(by_kind, key=lambda k: k.replace("_", " "))
    people = events.iloc[table_order.sort_order(events, "participants", descending=True)]["participants"]
    joined = ["; ".join(p) if isinstance(p, list) else p for p in people]
    named = [j for j in joined if isinstance(j, str) and j]
    assert named == sorted(named, key=str.casefold, reverse=True)
    assert all(not isinstance(j, str) or not j for j in joined[len(named):])  # no one named: last either way
    events["confidence"] = [0.9, 0.2, None, 0.5, 1.0, 0.7, 0.1, 0.3, None, 0.8]
    for descending in (False, True):
        values = events.iloc[table_order.sort_order(events, "confidence", descending)]["confidence"].tolist()
        assert values[:8] == sorted(values[:8], reverse=descending) and pd.isna(values[8:]).all()


def test_sort_ties_keep_table_order_and_pages_slice_the_order():
    events = awkward_events()
    order = table_order.sort_order(events, "status")
    assert sorted(order.tolist()) == list(range(len(events)))
    held = [i for i in order if events.iloc[i]["status"] == "held"]
    assert held == sorted(held)
    first, pages, number = views.page_of(events, 4, 1, order)
    last, _, _ = views.page_of(events, 4, 9, order)  # beyond the last page: the last
    assert pages == 3 and number == 1 and first["event_id"].tolist() == events.iloc[order[:4]]["event_id"].tolist()
    assert last["event_id"].tolist() == events.iloc[order[8:]]["event_id"].tolist()


def test_per_filter_set_cache_computes_once_per_table_and_filters():
    calls = []
    cached = table_cache.PerFilterSet(lambda events, column: calls.append(column) or len(events), keep=2)
    table, other = awkward_events(), awkward_events()
    lavrov = FilterState(participants=["Sergey Lavrov"])
    assert cached(table, lavrov, table.head(3), "kind") == 3
    assert cached(table, lavrov, table.head(3), "kind") == 3 and calls == ["kind"]
    cached(table, lavrov, table.head(3), "kind", narrowed=("2024",))  # narrowed further: another value
    cached(table, FilterState(), table, "kind")
    cached(other, lavrov, other.head(3), "kind")  # another table: computed again
    assert len(calls) == 4
    cached(table, lavrov, table.head(3), "kind")  # the first table's values went with it
    assert len(calls) == 5
