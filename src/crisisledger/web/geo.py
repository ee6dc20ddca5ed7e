"""Country outlines for the map page: the vendored Natural Earth TopoJSON (world-atlas 2.0.2, 1:110m), decoded
here, projected equirectangular and written as SVG paths on the server (no tile server, no request off the
machine, no script in the page).

The TopoJSON decoder is written here because no maintained Python TopoJSON reader is among our dependencies,
and the part of the format the file uses is small: quantized, delta-encoded arcs with a transform, referenced by
index from Polygon and MultiPolygon geometries (a negative index ~i is arc i reversed).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ATLAS = Path(__file__).parent / "static" / "vendor" / "world-atlas-2.0.2-countries-110m.json"
#: Map units per degree: the world is 720 x 360 units, paths rounded to 0.1 unit (0.05 degree).
SCALE = 2.0
WIDTH, HEIGHT = 360 * SCALE, 180 * SCALE

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes


@dataclass(frozen=True)
class Outline:
    """A country as drawn: its SVG path data (map units) and its bounding box there."""

    name: str
    d: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Every arc in longitude and latitude: positions after the first are deltas of the previous one, and the
    integers are quantized (position * scale + translate) when the topology has a transform."""
    transform = topology.get("transform")
    sx, sy = transform["scale"] if transform else (1.0, 1.0)
    tx, ty = transform["translate"] if transform else (0.0, 0.0)
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0.0
        points = []
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def stitch(arcs: Sequence[Ring], indexes: Sequence[int]) -> Ring:
    """One ring from arc indexes: ~i is arc i walked backwards; consecutive arcs share their joining point."""
    ring: Ring = []
    for index in indexes:
        arc = list(reversed(arcs[~index])) if index < 0 else list(arcs[index])
        ring.extend(arc[1:] if ring else arc)
    return ring


def decode_countries(topology: dict[str, Any], name: str = "countries") -> list[Country]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        countries.append(
            Country(
                id=str(geometry.get("id", "")),
                name=str((geometry.get("properties") or {}).get("name", "")),
                polygons=tuple(tuple(stitch(arcs, ring) for ring in polygon) for polygon in polygons),
            )
        )
    return countries


def project(lon: float, lat: float) -> Point:
    """Equirectangular: x grows east from -180, y grows south from 90."""
    return ((lon + 180.0) * SCALE, (90.0 - lat) * SCALE)


def _path(rings: Sequence[Ring]) -> tuple[str, tuple[float, float, float, float]]:
    parts = []
    xs: list[float] = []
    ys: list[float] = []
    for ring in rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            point = (round(x, 1), round(y, 1))
            if not points or point != points[-1]:  # simplified: points that round alike are one
                points.append(point)
        if len(points) < 3:
            continue
        xs.extend(p[0] for p in points)
        ys.extend(p[1] for p in points)
        parts.append("M" + " ".join(f"{_num(x)} {_num(y)}" for x, y in points) + "Z")
    box = (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)
    return "".join(parts), box


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@cache
def outlines() -> tuple[Outline, ...]:
    """The world's countries as SVG paths, read from the vendored file once."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    drawn = []
    for country in decode_countries(topology):
        d, box = _path([ring for polygon in country.polygons for ring in polygon])
        if d:
            drawn.append(Outline(country.name, d, box))
    return tuple(sorted(drawn, key=lambda o: (o.name, o.d)))


def view_box(points: Sequence[Point], *, aspect: float = 2.0) -> tuple[float, float, float, float]:
    """The box (x, y, width, height in map units) that shows the given projected points with a margin, at
    least 20 degrees wide and with the given width/height ratio; the whole world when there are none."""
    if not points:
        return (0.0, 0.0, WIDTH, HEIGHT)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    width = max(max(xs) - min(xs), 20 * SCALE)
    height = max(max(ys) - min(ys), 10 * SCALE)
    width, height = width * 1.3 + 4 * SCALE, height * 1.3 + 4 * SCALE  # margin: points never touch the edge
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    width, height = min(width, WIDTH), min(height, HEIGHT)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    x = min(max(cx - width / 2, 0.0), WIDTH - width)
    y = min(max(cy - height / 2, 0.0), HEIGHT - height)
    return (round(x, 1), round(y, 1), round(width, 1), round(height, 1))


def visible(box: tuple[float, float, float, float]) -> list[Outline]:
    """The outlines that reach into a view box (x, y, width, height): the rest are left out of the page."""
    x, y, width, height = box
    return [
        o for o in outlines() if o.box[2] >= x and o.box[0] <= x + width and o.box[3] >= y and o.box[1] <= y + height
    ]


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
