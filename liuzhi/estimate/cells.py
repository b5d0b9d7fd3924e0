"""From ledger figures to the rows the model-based rungs (2 and 3) learn from.

A *cell* is one province and one year: the people a provincial supervision system placed
in liuzhi in the part of that year in which liuzhi existed (from 20 March in 2018). The
grid is the 31 mainland provinces × the years 2018 to the last year with a national
exposure figure. A *row* is one published liuzhi figure mapped onto the grid:

* a province figure for a whole year is a row on its cell with coverage 1;
* a partial-year figure covers the share of the cell's days its period overlaps;
* a city (prefecture or county) figure covers its population share of its province;
* a national calendar-year figure is an *anchor* on the sum of a year's cells;
* a subset figure that is not part of another figure (e.g. "27 bureau-level cadres") is a
  lower bound for its cell;
* such a subset over several years (a campaign's count, VALIDATION.md A7) is a *span*: a
  lower bound on the part of its province's cells inside its period;
* figures whose period ended before the Supervision Law (the 2017 pilots), group figures
  spanning several provinces and multi-year figures are left out, each with a reason
  (see VALIDATION.md: pilot-era figures are excluded by the pre-registered protocol).

Each row carries bounds ``low``–``high`` on the integer count from its qualifier:
exact → [v, v]; approximate with rounding unit p → [v − p/2, v + p/2]; at least →
[v, ∞); more than → [v+1, v+p−1] when a rounding unit p is given (300余 → [301, 399]),
else [v+1, ∞); nearly → [0.9v, v−1]; at most → [0, v]; range → [v, v_high]. A count in
person-times (人次) is an upper bound on persons: [0, v].
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from liuzhi.errors import EstimateError
from liuzhi.estimate import calendar
from liuzhi.regions import NATIONAL, provinces

PROVINCES: tuple[str, ...] = tuple(r.code for r in provinces())
POPULATION: np.ndarray = np.array([r.population_2020 for r in provinces()], dtype=float)
POPULATION_SHARE: np.ndarray = POPULATION / POPULATION.sum()
#: Rung 3's exposures, in the order they are tried. The fourth form (第四种形态, person-times)
#: is VALIDATION.md A6's: an exposure without a national figure for every grid year is not
#: fitted (``exposure`` raises), never filled in.
EXPOSURES = ("cases_filed", "punished", "population", "fourth_form")
CITY_LEVELS = ("prefecture", "county")


@dataclass(frozen=True)
class Row:
    """One liuzhi figure placed on the grid."""

    figure_id: str
    province: int  # index into PROVINCES, or -1 for a national anchor
    year: int
    low: float
    high: float  # math.inf when unbounded above
    coverage: float  # share of the cell's count the figure covers
    value: float  # the number as published
    kind: str  # exact, range, at_least, at_most, anchor

    @property
    def is_exact_cell(self) -> bool:
        """An exact count of a whole cell: it enters a national sum as it is."""
        return self.kind == "exact" and self.coverage == 1.0 and self.province >= 0

    @property
    def midpoint(self) -> float | None:
        """A point value for rung 2 (finite bounds only)."""
        if math.isinf(self.high):
            return None
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Exposure:
    """National and provincial exposure (cases filed, punished or population) per year,
    scaled to the days of each year in scope."""

    measure: str
    years: tuple[int, ...]
    national: np.ndarray  # (T,)
    national_figures: tuple[str, ...]
    projected: tuple[bool, ...]  # national figure projected pro rata from part of a year
    observed: dict[tuple[int, int], float]  # (province index, year index) → provincial value
    observed_figures: tuple[str, ...]

    def imputed(self) -> np.ndarray:
        """Provincial exposure (31, T): published where known, else national × population
        share."""
        grid = np.outer(POPULATION_SHARE, self.national)
        for (i, t), value in self.observed.items():
            grid[i, t] = value
        return grid


@dataclass(frozen=True)
class Span:
    """A subset figure over several years (VALIDATION.md A7): at least ``low`` people in
    the part of one province's cells its period covers."""

    figure_id: str
    province: int  # index into PROVINCES
    years: tuple[int, ...]  # grid years the period touches
    shares: tuple[float, ...]  # share of each year's cell inside the period
    low: float
    value: float


@dataclass
class Cells:
    """The rows and the grid they live on, with what was left out and why."""

    years: tuple[int, ...]
    rows: list[Row]
    anchors: list[Row]
    left_out: dict[str, str] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)

    @property
    def released(self) -> np.ndarray:
        mask = np.zeros((len(PROVINCES), len(self.years)), dtype=bool)
        for row in self.rows:
            mask[row.province, self.years.index(row.year)] = True
        for span in self.spans:  # a cell with a used figure, as a partial-year row's (A7)
            for year in span.years:
                mask[span.province, self.years.index(year)] = True
        return mask

    def figure_ids(self) -> tuple[str, ...]:
        return (tuple(r.figure_id for r in self.rows + self.anchors)
                + tuple(s.figure_id for s in self.spans))


def _bounds(value: float, high: float | None, qualifier: str, precision: float | None,
            unit: str) -> tuple[float, float, str]:
    if unit == "person_times":
        return 0.0, value, "at_most"
    p = precision if precision and not math.isnan(precision) else None
    if qualifier == "exact":
        return value, value, "exact"
    if qualifier == "approximate":
        half = (p or 1.0) / 2
        return max(0.0, math.ceil(value - half)), math.floor(value + half), "range"
    if qualifier == "at_least":
        return value, math.inf, "at_least"
    if qualifier == "more_than":
        if p:
            return value + 1, value + p - 1, "range"
        return value + 1, math.inf, "at_least"
    if qualifier == "nearly":
        return math.ceil(0.9 * value), value - 1, "range"
    if qualifier == "at_most":
        return 0.0, value, "at_most"
    if qualifier == "range" and high is not None and not math.isnan(high):
        return value, high, "range"
    raise EstimateError(f"Unknown qualifier {qualifier!r} on a liuzhi figure.")


def last_year(table: pd.DataFrame, exposure: str = "cases_filed") -> int:
    measure = "cases_filed" if exposure == "population" else exposure
    rows = table[(table["measure"] == measure) & (table["region_code"] == NATIONAL)
                 & (table["kind"] == "official")]
    if rows.empty:
        raise EstimateError(f"The ledger has no national {measure} figure; the model-based "
                            "estimators need one per year from 2018 on.")
    return int(max(d.year for d in rows["period_end"]))


def build(table: pd.DataFrame, *, exclude: tuple[str, ...] = (), years: tuple[int, ...] | None
          = None) -> Cells:
    """The rows of every usable liuzhi figure (see the module docstring)."""
    from liuzhi.estimate.base import usable

    years = years or tuple(range(calendar.FIRST_YEAR, last_year(table) + 1))
    held_out = set(exclude)
    liuzhi = table[(table["measure"] == "liuzhi") & (table["kind"] == "official")
                   & table["duplicate_of"].isna() & ~table["id"].isin(held_out)
                   & ~table["duplicate_of"].isin(held_out)]
    whole = usable(table, measure="liuzhi", exclude=exclude)
    index = {code: i for i, code in enumerate(PROVINCES)}
    parents = {r.code: r.parent for r in _all_regions()}
    populations = {r.code: r.population_2020 for r in _all_regions()}
    cells = Cells(years, [], [])
    for row in liuzhi.itertuples():
        fid = str(row.id)
        start, end = row.period_start, row.period_end
        if end < calendar.SUPERVISION_LAW:
            cells.left_out[fid] = "pilot era (before the Supervision Law, 20 March 2018)"
            continue
        if start.year != end.year:
            span, why = _span(row, years, index, parents, populations)
            if span is None:
                cells.left_out[fid] = why
            else:
                cells.spans.append(span)
            continue
        if start.year not in years:
            cells.left_out[fid] = f"year {start.year} outside the grid"
            continue
        if row.unit not in ("persons", "person_times"):
            cells.left_out[fid] = f"unit {row.unit}"
            continue
        subset = bool(row.subset)
        if subset and isinstance(row.subset_of, str) and row.subset_of:
            cells.left_out[fid] = f"part of {row.subset_of}, which is used"
            continue
        value = float(row.value)
        high = None if pd.isna(row.value_high) else float(row.value_high)
        precision = None if pd.isna(row.precision) else float(row.precision)
        low, up, kind = _bounds(value, high, str(row.qualifier), precision, str(row.unit))
        if subset:  # a part of the cell with no parent figure: a lower bound
            low, up, kind = value, math.inf, "at_least"
        year = start.year
        scope = calendar.in_scope(year)
        time_share = calendar.overlap((start, end), scope) / calendar.days(*scope)
        code = str(row.region_code)
        if code == NATIONAL:
            if not calendar.is_calendar_year(start, end) or fid not in set(whole["id"]):
                cells.left_out[fid] = "national figure for part of a year"
                continue
            cells.anchors.append(Row(fid, -1, year, low, up, 1.0, value, "anchor"))
            continue
        level = str(row.region_level)
        if level == "province":
            province, share = index[code], 1.0
        elif level in CITY_LEVELS and parents.get(code) in index:
            parent = parents[code]
            province = index[parent]
            share = populations[code] / populations[parent]
        else:
            cells.left_out[fid] = f"region level {level} spans several provinces"
            continue
        cells.rows.append(Row(fid, province, year, low, up, min(1.0, time_share * share),
                              value, kind))
    return cells


def _span(row: Any, years: tuple[int, ...], index: dict[str, int],
          parents: dict[str, str | None], populations: dict[str, int]
          ) -> tuple[Span | None, str]:
    """A multi-year figure as a lower bound over its span (A7), or why it is left out."""
    code = str(row.region_code)
    if not bool(row.subset) or (isinstance(row.subset_of, str) and row.subset_of):
        return None, "period spans several years"
    if row.unit != "persons":
        return None, "period spans several years (a bound over a span needs persons)"
    precision = None if pd.isna(row.precision) else float(row.precision)
    low = _bounds(float(row.value), None, str(row.qualifier), precision, str(row.unit))[0] \
        if str(row.qualifier) != "range" else float(row.value)
    if low <= 0:
        return None, "period spans several years (no lower bound above 0)"
    level = str(row.region_level)
    if level == "province" and code in index:
        province, share = index[code], 1.0
    elif level in CITY_LEVELS and parents.get(code) in index:
        parent = str(parents[code])
        province, share = index[parent], populations[code] / populations[parent]
    else:
        return None, f"period spans several years; region level {level} is no province"
    start, end = row.period_start, row.period_end
    touched, shares = [], []
    for year in range(start.year, end.year + 1):
        first, last = calendar.year_bounds(year)
        if not calendar.possible_days(max(start, first), min(end, last), code):
            continue
        if year not in years:  # part of the count may lie outside the grid: no bound holds
            return None, f"period spans several years, partly outside the grid ({year})"
        scope = calendar.in_scope(year)
        touched.append(year)
        shares.append(share * calendar.overlap((start, end), scope) / calendar.days(*scope))
    if not touched:
        return None, "period spans several years, none of them in scope"
    return Span(str(row.id), province, tuple(touched), tuple(shares), low, float(row.value)), ""


def _all_regions():  # type: ignore[no-untyped-def]
    from liuzhi.regions import all_regions

    return all_regions()


def exposure(table: pd.DataFrame, measure: str, years: tuple[int, ...],
             exclude: tuple[str, ...] = ()) -> Exposure:
    """National exposure per year (scaled to the days in scope) and published provincial
    values. ``population`` uses the 2020 census of the 31 provinces every year."""
    from liuzhi.estimate.base import usable

    if measure not in EXPOSURES:
        raise EstimateError(f"Unknown exposure {measure!r}; use one of {', '.join(EXPOSURES)}.")
    in_scope = np.array([calendar.days_in_scope(y) / calendar.days(*calendar.year_bounds(y))
                         for y in years])
    if measure == "population":
        national = np.full(len(years), POPULATION.sum()) * in_scope
        return Exposure(measure, years, national, (), (False,) * len(years), {}, ())
    rows = usable(table, measure=measure, exclude=exclude)
    # read once as tuples: a pandas filter per year was most of the cost of a fit
    national = list(rows[rows["region_code"] == NATIONAL].itertuples())
    values, figures, projected = [], [], []
    for year in years:
        start, end = calendar.year_bounds(year)
        within = [r for r in national if r.period_start >= start and r.period_end <= end]
        if not within:
            raise EstimateError(f"No national {measure} figure for {year}: the model-based "
                                "estimators need one (or a part-year figure) for every year.")
        # the first of the longest
        best = max(within, key=lambda r: calendar.days(r.period_start, r.period_end))
        span, full = calendar.days(best.period_start, best.period_end), calendar.days(start, end)
        values.append(float(best.value) * full / span)
        figures.append(str(best.id))
        projected.append(span < full)
    index = {code: i for i, code in enumerate(PROVINCES)}
    observed: dict[tuple[int, int], float] = {}
    observed_ids = []
    for row in rows[rows["region_code"].isin(index)].itertuples():
        if calendar.is_calendar_year(row.period_start, row.period_end) \
                and row.period_start.year in years:
            t = years.index(row.period_start.year)
            observed[(index[str(row.region_code)], t)] = float(row.value) * in_scope[t]
            observed_ids.append(str(row.id))
    return Exposure(measure, years, np.array(values) * in_scope, tuple(figures),
                    tuple(projected), observed, tuple(observed_ids))


def day_weights(years: tuple[int, ...], since: dt.date, until: dt.date) -> np.ndarray:
    """Share of each year's in-scope days that fall inside [since, until]."""
    return np.array([calendar.overlap((since, until), calendar.in_scope(y))
                     / calendar.days_in_scope(y) for y in years])
