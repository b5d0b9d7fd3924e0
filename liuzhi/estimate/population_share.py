"""PopulationShare: the seed method of Safeguard Defenders' 2019 and 2021 submissions.

Each provincial, city or province-group liuzhi count, divided by its region's share of the
population and by the days of its period on which liuzhi could exist there
(``calendar.RULE``), gives a national rate per day. Figures that overlap another used
figure in region and period are not independent regions: the one for the larger region
is kept and the other is listed in ``dropped_`` with the reason (VALIDATION.md, A3). The
method reports the median of those rates as its point and their minimum and maximum as its
range. The range is the spread of a few regions, not a probability interval, and it widens as more
regions publish; it is kept as the baseline every other method must beat.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any, Self

import numpy as np

from liuzhi import regions
from liuzhi.errors import EstimateError
from liuzhi.estimate import calendar
from liuzhi.estimate.base import Estimator, Interval, YearEstimate, as_table, usable
from liuzhi.regions import provincial_population

SUBNATIONAL = ("province", "prefecture", "county", "group")


@dataclass(frozen=True)
class Dropped:
    """A figure left out because a larger region's figure overlaps it."""

    figure_id: str
    region: str
    within: str  # the larger region
    within_figure: str

    @property
    def reason(self) -> str:
        return (f"{self.region} lies within {self.within} ({self.within_figure}) in an "
                "overlapping period, so it is not an independent region")


@dataclass(frozen=True)
class RegionRate:
    """One regional figure turned into a national rate."""

    figure_id: str
    region: str
    value: float
    days: int
    population: int
    population_figures: tuple[str, ...]  # the census figures of the region (or its members)
    national_per_day: float


class PopulationShare(Estimator):
    name = "population_share"
    description = ("each regional count ÷ the region's population share ÷ its days; "
                   "median and min–max across regions")

    def __init__(self, measure: str = "liuzhi", exclude: tuple[str, ...] = (),
                 last_year: int | None = None) -> None:
        self.measure = measure
        self.exclude = exclude
        self.last_year = last_year

    def fit(self, data: Any) -> Self:
        table = as_table(data)
        rows = usable(table, measure=self.measure, exclude=self.exclude)
        rows = rows[rows["region_level"].isin(SUBNATIONAL) & (rows["unit"] == "persons")]
        if rows.empty:
            raise EstimateError(
                "PopulationShare needs at least one official provincial or city liuzhi count "
                "in persons that is not a subset; the ledger has none."
            )
        denominator = provincial_population()
        kept, self.dropped_ = _independent(list(rows.itertuples()))
        self.rates_ = []
        for row in kept:
            days = calendar.possible_days(row.period_start, row.period_end, row.region_code)
            self.rates_.append(RegionRate(
                figure_id=str(row.id), region=str(row.region_name), value=float(row.value),
                days=days, population=int(row.region_population),
                population_figures=_population_figures(table, str(row.region_code)),
                national_per_day=float(row.value) / (row.region_population / denominator)
                / days))
        per_day = [r.national_per_day for r in self.rates_]
        self.rate_ = Interval(min(per_day), statistics.median(per_day), max(per_day))
        used = tuple(r.figure_id for r in self.rates_) + tuple(
            sorted({f for r in self.rates_ for f in r.population_figures}))
        last = self.last_year or int(table["period_end"].max().year)
        basis = (f"median of {len(self.rates_)} regional rates per day "
                 f"({', '.join(r.figure_id for r in self.rates_)}), range min–max, "
                 f"× days in scope")
        phrase = ("basis_population_share",
                  {"n": len(self.rates_), "ids": ", ".join(r.figure_id for r in self.rates_)})
        self.years_ = {
            year: YearEstimate(year, self.rate_.scaled(calendar.days_in_scope(year)),
                               calendar.days_in_scope(year), basis, used, phrase=phrase)
            for year in range(calendar.FIRST_YEAR, last + 1)
        }
        return self

    def predictive(self, year: int) -> np.ndarray:
        """The regional rates as an ensemble of national counts (scored with their min–max
        range as the interval at every level, as the method presents it)."""
        estimate = self.year(year)
        return np.array([r.national_per_day for r in self.rates_]) * estimate.days

    def predict_cell(self, region_code: str, year: int) -> np.ndarray:
        share = regions.get(region_code).population_2020 / provincial_population()
        return self.predictive(year) * share


def _contains(outer: str, inner: str) -> bool:
    """Whether region ``inner`` lies within region ``outer`` (or is it)."""
    code = inner
    while code:
        if code == outer:
            return True
        code = regions.get(code).parent
    return any(_contains(member, inner) for member in regions.get(outer).members)


def _independent(rows: list[Any]) -> tuple[list[Any], list[Dropped]]:
    """The rows no larger region's row overlaps in period, and the rest.
    Larger means more people; on a tie, the longer period."""
    position = {str(r.id): i for i, r in enumerate(rows)}
    order = sorted(rows, key=lambda r: (-int(r.region_population),
                                        -calendar.days(r.period_start, r.period_end), str(r.id)))
    kept: list[Any] = []
    dropped: list[Dropped] = []
    for row in order:
        over = next((k for k in kept
                     if (_contains(k.region_code, row.region_code)
                         or _contains(row.region_code, k.region_code))
                     and calendar.overlap((k.period_start, k.period_end),
                                          (row.period_start, row.period_end)) > 0), None)
        if over is None:
            kept.append(row)
        else:
            dropped.append(Dropped(str(row.id), str(row.region_name), str(over.region_name),
                                   str(over.id)))
    kept.sort(key=lambda r: position[str(r.id)])
    return kept, dropped


def _population_figures(table: Any, region_code: str) -> tuple[str, ...]:
    """The census figures behind a region's population: its own, or its members'."""
    members = regions.get(region_code).members or (region_code,)
    found = table[(table["measure"] == "population") & table["region_code"].isin(members)
                  & table["duplicate_of"].isna()]
    return tuple(sorted(str(i) for i in found["id"]))
