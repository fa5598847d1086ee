"""Make ``uk_outline.json``, the coastline drawn under the report's network map.

Source: Natural Earth 1:50m Admin 0 countries (public domain), as TopoJSON in the npm package
``world-atlas`` 2.0.2 (ISC licence, Michael Bostock). Run from this folder:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python make_uk_outline.py package/countries-50m.json > uk_outline.json

The United Kingdom's rings are decoded from the TopoJSON arcs, islands smaller than
``MIN_AREA`` square degrees are dropped, and points closer than ``TOLERANCE`` degrees to the
line through their neighbours are removed (Douglas-Peucker); coordinates keep 3 decimals.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

UNITED_KINGDOM = "826"
MIN_AREA = 0.02
TOLERANCE = 0.01

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indices: list[int]) -> list[Point]:
    points: list[Point] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(points: list[Point]) -> float:
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def simplify(points: list[Point]) -> list[Point]:
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1e-12
    far, index = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], start=1):
        distance = abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length
        if distance > far:
            far, index = distance, i
    if far <= TOLERANCE:
        return [points[0], points[-1]]
    return simplify(points[: index + 1])[:-1] + simplify(points[index:])


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        topology = json.load(file)
    arcs = decode_arcs(topology)
    (uk,) = (
        geometry
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry.get("id") == UNITED_KINGDOM
    )
    rings = []
    for polygon in uk["arcs"]:
        outer = ring(arcs, polygon[0])
        if area(outer) < MIN_AREA:
            continue
        half = len(outer) // 2
        kept = simplify(outer[: half + 1])[:-1] + simplify(outer[half:])
        rings.append([[round(x, 3), round(y, 3)] for x, y in kept])
    json.dump(
        {
            "source": "Natural Earth 1:50m Admin 0 countries (public domain), via world-atlas "
            "2.0.2; simplified by make_uk_outline.py",
            "rings": rings,
        },
        sys.stdout,
        separators=(",", ":"),
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
