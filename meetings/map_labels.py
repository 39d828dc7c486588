"""Which place names the map writes next to their bubble: only those that do not collide.

Moscow, Kazan and Nizhny Novgorod sit a few hundred kilometres apart; at world scale their names overprint.
Names are placed greedily, busiest place first, as boxes in screen pixels (the map's Natural Earth projection,
with a safety margin); a name that would overlap a name already placed is left to the hover
text. Also picks a map window whose shape matches the chart, so the map fills the column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

CHAR_PX = 7.0  # average width of an 11 px label character
LINE_PX = 15.0
MARGIN = 1.25  # labels are kept this much further apart than their estimated boxes


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič et al. 2011), the map's own, in radians-sized units; y up."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.870700 - 0.131979 * p2 - 0.013791 * p4 + 0.003971 * p2 * p4 * p4 - 0.001529 * p4 * p4 * p4)
    y = phi * (1.007226 + 0.015085 * p2 - 0.044475 * p2 * p4 + 0.028874 * p4 * p4 - 0.005916 * p2 * p4 * p4)
    return x, y


@dataclass(frozen=True)
class Window:
    """The map's longitude and latitude ranges and the chart's size in pixels."""

    lon: tuple[float, float]
    lat: tuple[float, float]
    width_px: float = 1000.0
    height_px: float = 560.0

    def _bounds(self) -> tuple[float, float, float, float]:
        """Projected x0, x1 (widest at the latitude nearest the equator) and y0, y1 of the window."""
        widest = min(max(0.0, self.lat[0]), self.lat[1]) if self.lat[0] <= 0 <= self.lat[1] else (
            self.lat[0] if abs(self.lat[0]) < abs(self.lat[1]) else self.lat[1])
        x0, _ = natural_earth(self.lon[0], widest)
        x1, _ = natural_earth(self.lon[1], widest)
        _, y0 = natural_earth(0.0, self.lat[0])
        _, y1 = natural_earth(0.0, self.lat[1])
        return x0, x1, y0, y1

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen position (x right, y down) with one scale for both axes, as plotly keeps the aspect."""
        x0, x1, y0, y1 = self._bounds()
        scale = min(self.width_px / (x1 - x0), self.height_px / (y1 - y0))
        x, y = natural_earth(lon, lat)
        return (x - x0) * scale, (y1 - y) * scale


def _box(x: float, y: float, text: str, radius: float) -> tuple[float, float, float, float]:
    """The label's box (x0, y0, x1, y1) centred above a bubble of `radius` px at (x, y)."""
    half_w = len(text) * CHAR_PX * MARGIN / 2
    bottom = y - radius
    return x - half_w, bottom - LINE_PX * MARGIN, x + half_w, bottom


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def visible_labels(places: pd.DataFrame, window: Window, sizes: list[float] | None = None) -> list[bool]:
    """For each row (columns `label`, `lon`, `lat`, `events`, optional `minor`), whether its name is drawn.

    Places claim their spot in priority order: named cities before `minor` ones (country-only places), busiest
    first, then by name. A name is drawn when its box overlaps neither a name already placed nor the bubble of
    a place before it (it may cover a later place's bubble: it is drawn on top, with a halo). `sizes` are the
    marker diameters in px (default 20). Rows keep their order in the result.
    """
    n = len(places)
    sizes = sizes if sizes is not None else [20.0] * n
    minor = [bool(m) for m in places["minor"]] if "minor" in places else [False] * n
    points = [window.to_px(float(places["lon"].iloc[i]), float(places["lat"].iloc[i])) for i in range(n)]
    bubbles = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, [s / 2 for s in sizes], strict=True)]
    order = sorted(range(n), key=lambda i: (minor[i], -float(places["events"].iloc[i]), str(places["label"].iloc[i])))
    rank = {i: k for k, i in enumerate(order)}
    placed: list[tuple[float, float, float, float]] = []
    shown = [False] * n
    for i in order:
        box = _box(*points[i], str(places["label"].iloc[i]), sizes[i] / 2)
        if any(_overlaps(box, other) for other in placed) or any(
                _overlaps(box, bubbles[j]) for j in range(n) if rank[j] < rank[i]):
            continue
        placed.append(box)
        shown[i] = True
    return shown


def fill_window(lon: tuple[float, float], lat: tuple[float, float], aspect: float) -> Window:
    """Widen the longitude or latitude range around its centre until the projected window's width / height is
    `aspect` (the chart's): plotly then fills the whole chart instead of drawing a small square."""
    window = Window(lon=lon, lat=lat)
    for _ in range(6):  # the projection is not linear: a few corrections converge
        x0, x1, y0, y1 = window._bounds()
        ratio = (x1 - x0) / (y1 - y0)
        lon, lat = window.lon, window.lat
        if ratio < aspect * 0.995:
            lon = _grow(lon, aspect / ratio, -180.0, 180.0)
        elif ratio > aspect * 1.005:
            lat = _grow(lat, ratio / aspect, -85.0, 85.0)
        else:
            break
        window = Window(lon=lon, lat=lat)
    return window


def _grow(span: tuple[float, float], factor: float, lo: float, hi: float) -> tuple[float, float]:
    """`span` made `factor` times wider around its centre, kept inside [lo, hi]."""
    grow = (span[1] - span[0]) * (factor - 1) / 2
    return _shift_inside((span[0] - grow, span[1] + grow), lo, hi)


def _shift_inside(span: tuple[float, float], lo: float, hi: float) -> tuple[float, float]:
    """Move a range back inside [lo, hi] keeping its width (clipped when wider)."""
    a, b = span
    if a < lo:
        a, b = lo, min(hi, b + (lo - a))
    if b > hi:
        a, b = max(lo, a - (b - hi)), hi
    return (float(a), float(b)) if not (math.isnan(a) or math.isnan(b)) else (lo, hi)
