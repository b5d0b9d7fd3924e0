"""The overview's per-year chart: every rung of the report's ladder with its interval,
and the official national figures as points of their own, drawn as SVG on the server.

The data are the report's own rows (``tables.year_rows``, the rows of estimates.csv) and
its official figures, taken from the same ``Results`` the report renders: nothing is
fitted here. The SVG holds no script and no style attribute (presentation attributes
only, which a ``style-src 'self'`` policy allows), so it can sit inline in the page; each
rung is a ``<g class="rung" data-method=...>`` with a title, every mark has a tooltip, and
``table_rows`` gives the same numbers as a table, the chart's text alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

from liuzhi.publish import tables
from liuzhi.publish.results import Results
from liuzhi.publish.words import METHOD_NAMES

#: The ladder's rungs, in order: their number and colour.
RUNGS = {"population_share": 0, "case_ratio": 1, "mixed_model": 2, "hierarchical_bayes": 3}
COLOURS = {"population_share": "#8c6d31", "case_ratio": "#1f5f8b", "mixed_model": "#5e3c99",
           "hierarchical_bayes": "#1b7837"}
OFFICIAL_COLOUR = "#b2182b"

WORDS: dict[str, tuple[str, str]] = {
    "title": ("National liuzhi per year: each rung's estimate with its interval, and the "
              "official national figures",
              "全国每年留置人数：各层级估计值及其区间，以及官方全国数字"),
    "axis": ("people placed in liuzhi per year", "每年被留置人数"),
    "estimate": ("Estimate", "估计值"),
    "rung": ("rung", "层级"),
    "official": ("Official national figure (not an estimate)", "官方全国数字（非估计值）"),
    "official_short": ("Official figure", "官方数字"),
    "method's range": ("range of the method", "方法的范围"),
    "90% probability": ("90% probability interval", "90%概率区间"),
    "official figure (fitted to it)": ("fitted to the official figure", "已拟合官方数字"),
    "year": ("Year", "年份"),
}


def word(key: str, lang: str) -> str:
    en, zh = WORDS[key]
    return zh if lang == "zh" else en


def method_name(method: str, lang: str) -> str:
    return METHOD_NAMES.get(method, {}).get(lang, method)


def rung_words(method: str, lang: str) -> str:
    """E.g. "rung 2: Mixed model of the liuzhi-to-cases ratio"."""
    rung = RUNGS.get(method)
    colon = "：" if lang == "zh" else ": "
    number = "" if rung is None else f"{word('rung', lang)} {rung}{colon}"
    return f"{number}{method_name(method, lang)}"


def rung_label(method: str, lang: str) -> str:
    """E.g. "Estimate, rung 2: Mixed model of the liuzhi-to-cases ratio"."""
    return f"{word('estimate', lang)}{'，' if lang == 'zh' else ', '}{rung_words(method, lang)}"


@dataclass(frozen=True)
class Point:
    year: int
    low: float
    point: float
    high: float
    interval: str  # as in estimates.csv: "method's range", "90% probability", ...


@dataclass(frozen=True)
class Official:
    year: int
    value: float
    figure_id: str


@dataclass(frozen=True)
class ChartData:
    years: tuple[int, ...]
    rungs: tuple[tuple[str, tuple[Point, ...]], ...]  # (method, its points), ladder order
    official: tuple[Official, ...]


def chart_data(results: Results) -> ChartData:
    """The chart's numbers, from the report's rows for every rung it fitted."""
    by_method: dict[str, list[Point]] = {}
    for row in tables.year_rows(results):
        by_method.setdefault(row["method"], []).append(Point(
            row["year"], row["count_low"], row["count_point"], row["count_high"],
            row["interval"]))
    official = tuple(Official(o.year, o.value, o.figure_id) for o in results.official)
    years = sorted({p.year for points in by_method.values() for p in points}
                   | {o.year for o in official})
    return ChartData(tuple(years), tuple((m, tuple(p)) for m, p in by_method.items()),
                     official)


def table_rows(data: ChartData) -> list[dict[str, Any]]:
    """One row a year: the official figure, if any, and each rung's point and interval."""
    official = {o.year: o for o in data.official}
    rows = []
    for year in data.years:
        cells = {method: next((p for p in points if p.year == year), None)
                 for method, points in data.rungs}
        rows.append({"year": year, "official": official.get(year), "rungs": cells})
    return rows


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _nice_top(value: float) -> tuple[float, float]:
    """An axis top at or above ``value`` and its tick step (1, 2 or 5 times a power of 10)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def svg(data: ChartData, lang: str = "en", *, standalone: bool = False) -> str:
    """The chart as an ``<svg>`` element (with the XML namespace when ``standalone``, for
    /estimates/chart.svg)."""
    width, left, right, top, plot_height = 800, 78, 16, 16, 300
    bottom = top + plot_height
    entries = len(data.rungs) + (1 if data.official else 0)
    height = bottom + 48 + 22 * entries
    highs = [p.high for _, points in data.rungs for p in points]
    highs += [o.value for o in data.official]
    y_top, y_step = _nice_top(max(highs, default=1.0))
    band = (width - left - right) / max(1, len(data.years))
    x_of = {year: left + band * (i + 0.5) for i, year in enumerate(data.years)}

    def y(value: float) -> float:
        return bottom - plot_height * max(0.0, value) / y_top

    title = escape(word("title", lang))
    out = [f'<svg id="chart" class="ladder-chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title" '
           f'font-family="sans-serif" font-size="12"'
           + (' xmlns="http://www.w3.org/2000/svg"' if standalone else "") + ">",
           f'<title id="chart-title">{title}</title>',
           '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>']
    # Axes and grid.
    ticks = []
    tick = 0.0
    while tick <= y_top + 1e-9:
        ticks.append(tick)
        tick += y_step
    out.append('<g class="axes" stroke="#999999" stroke-width="1">')
    for tick in ticks:
        out.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" '
                   f'y2="{y(tick):.1f}" stroke="#e5e5e5"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
               f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}"/></g>')
    out.append('<g class="ticks" fill="#333333">')
    for tick in ticks:
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
                   f"{_number(tick)}</text>")
    for year, x in x_of.items():
        out.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{year}</text>')
    out.append(f'<text x="16" y="{top + plot_height / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top + plot_height / 2:.1f})">'
               f'{escape(word("axis", lang))}</text></g>')
    # One group per rung, side by side within each year's band.
    # One slot per rung in each year's band, and one more, last, for the official figure.
    spread = band * 0.7
    step = spread / (len(data.rungs) + (1 if data.official else 0) or 1)
    for index, (method, points) in enumerate(data.rungs):
        offset = -spread / 2 + step * (index + 0.5)
        colour = COLOURS.get(method, "#555555")
        label = escape(rung_label(method, lang))
        out.append(f'<g class="rung" data-method="{escape(method)}" '
                   f'data-rung="{RUNGS.get(method, "")}" stroke="{colour}" fill="{colour}">'
                   f"<title>{label}</title>")
        for p in points:
            x = x_of[p.year] + offset
            kind = escape(word(p.interval, lang) if p.interval in WORDS else p.interval)
            tip = (f"{label}, {p.year}: {_number(p.point)} ({_number(p.low)}–"
                   f"{_number(p.high)}), {kind}")
            out.append(f'<g class="estimate" data-year="{p.year}"><title>{escape(tip)}</title>'
                       f'<line x1="{x:.1f}" y1="{y(p.low):.1f}" x2="{x:.1f}" '
                       f'y2="{y(p.high):.1f}" stroke-width="1.5"/>'
                       f'<line x1="{x - 3:.1f}" y1="{y(p.low):.1f}" x2="{x + 3:.1f}" '
                       f'y2="{y(p.low):.1f}"/><line x1="{x - 3:.1f}" y1="{y(p.high):.1f}" '
                       f'x2="{x + 3:.1f}" y2="{y(p.high):.1f}"/>'
                       f'<circle cx="{x:.1f}" cy="{y(p.point):.1f}" r="3.5"/></g>')
        out.append("</g>")
    if data.official:
        official = escape(word("official", lang))
        out.append(f'<g class="official" data-kind="official" fill="{OFFICIAL_COLOUR}" '
                   f'stroke="#ffffff"><title>{official}</title>')
        for o in data.official:
            x, yy = x_of[o.year] + spread / 2 - step / 2, y(o.value)
            tip = f"{word('official_short', lang)} {o.year}: {_number(o.value)} ({o.figure_id})"
            out.append(f'<path data-year="{o.year}" d="M{x:.1f},{yy - 7:.1f} L{x + 7:.1f},'
                       f'{yy:.1f} L{x:.1f},{yy + 7:.1f} L{x - 7:.1f},{yy:.1f} Z">'
                       f"<title>{escape(tip)}</title></path>")
        out.append("</g>")
    # The legend, in words: which marks are estimates (and by which method), which official.
    out.append('<g class="legend" fill="#222222">')
    row_y = bottom + 44
    for method, points in data.rungs:
        colour = COLOURS.get(method, "#555555")
        kinds = sorted({p.interval for p in points}, key=lambda k: list(WORDS).index(k)
                       if k in WORDS else 99)
        said = "; ".join(word(k, lang) if k in WORDS else k for k in kinds)
        out.append(f'<g class="legend-rung" data-method="{escape(method)}">'
                   f'<line x1="{left}" y1="{row_y - 9}" x2="{left}" y2="{row_y + 3}" '
                   f'stroke="{colour}" stroke-width="1.5"/>'
                   f'<circle cx="{left}" cy="{row_y - 3}" r="3.5" fill="{colour}"/>'
                   f'<text x="{left + 14}" y="{row_y + 1}">'
                   f"{escape(rung_label(method, lang))} — {escape(said)}</text></g>")
        row_y += 22
    if data.official:
        out.append(f'<g class="legend-official"><path d="M{left},{row_y - 10} L{left + 7},'
                   f'{row_y - 3} L{left},{row_y + 4} L{left - 7},{row_y - 3} Z" '
                   f'fill="{OFFICIAL_COLOUR}"/><text x="{left + 14}" y="{row_y + 1}">'
                   f'{escape(word("official", lang))}</text></g>')
    out.append("</g></svg>")
    return "".join(out)
