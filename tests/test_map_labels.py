"""Map names only where they do not collide; a window shaped like the chart."""

from __future__ import annotations

import pandas as pd
import pytest

from meetings.map_labels import Window, fill_window, visible_labels

# The window the map opens on for meetings from Washington to Beijing and Johannesburg.
WORLD = fill_window((-92.0, 131.0), (-36.0, 66.0), 1000 / 560)


def _places(rows: list[tuple[str, float, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["label", "lon", "lat", "events"])


def test_close_cities_keep_only_the_busiest_name():
    places = _places([("Kazan", 49.11, 55.79, 2), ("Moscow", 37.62, 55.76, 9), ("Nizhny Novgorod", 44.0, 56.33, 1)])
    shown = visible_labels(places, WORLD)
    assert shown == [False, True, False]


def test_far_apart_cities_all_keep_their_names():
    places = _places([("Moscow", 37.62, 55.76, 9), ("Beijing", 116.4, 39.9, 5), ("New Delhi", 77.2, 28.6, 3)])
    assert visible_labels(places, WORLD) == [True, True, True]


def test_zooming_in_makes_room_for_more_names():
    places = _places([("Moscow", 37.62, 55.76, 9), ("Kazan", 49.11, 55.79, 2)])
    close_up = Window(lon=(30.0, 55.0), lat=(50.0, 62.0), width_px=1000, height_px=560)
    assert visible_labels(places, WORLD) == [True, False]
    assert visible_labels(places, close_up) == [True, True]


def test_no_two_drawn_names_share_pixels():
    # A dense cluster: whatever is drawn, drawn boxes never overlap (checked pairwise on screen positions).
    rows = [(f"City {i}", 30 + (i % 6) * 1.5, 50 + (i // 6) * 1.0, 10 - i % 10) for i in range(36)]
    places = _places(rows)
    shown = visible_labels(places, WORLD)
    assert 1 <= sum(shown) < len(rows)
    xs = [WORLD.to_px(lon, lat) for _, lon, lat, _ in rows]
    drawn = [i for i, s in enumerate(shown) if s]
    for a in drawn:
        for b in drawn:
            if a < b:
                same_row = abs(xs[a][1] - xs[b][1]) < 15
                assert not same_row or abs(xs[a][0] - xs[b][0]) >= 7 * len(rows[a][0])


@pytest.mark.parametrize("aspect", [1.0, 1.8, 3.0])
def test_fill_window_matches_the_chart_shape(aspect):
    window = fill_window((20.0, 100.0), (10.0, 60.0), aspect)
    # On screen the window's corners span the chart: its projected width / height is the chart's.
    (left, _), (right, _) = window.to_px(window.lon[0], 0.0), window.to_px(window.lon[1], 0.0)
    (_, top), (_, bottom) = window.to_px(60.0, window.lat[1]), window.to_px(60.0, window.lat[0])
    assert (right - left) / (bottom - top) == pytest.approx(aspect, rel=0.02)
    assert window.lon[0] <= 20 and window.lon[1] >= 100 and window.lat[0] <= 10 and window.lat[1] >= 60


def test_fill_window_stays_on_the_globe():
    window = fill_window((100.0, 179.0), (-80.0, 80.0), 3.0)
    assert window.lon == (-180.0, 180.0)
    assert -85 <= window.lat[0] < window.lat[1] <= 85


def test_a_city_is_named_before_a_country_only_place_next_to_it():
    places = _places([("China?", 103.0, 35.0, 5), ("Beijing", 116.4, 39.9, 2)]).assign(minor=[True, False])
    far = Window(lon=(-180.0, 180.0), lat=(-60.0, 85.0), width_px=500, height_px=250)
    assert visible_labels(places, far) == [False, True]
