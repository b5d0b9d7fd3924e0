"""PopulationShare: the seed method of Safeguard Defenders' 2019 and 2021 submissions.

Each provincial or city liuzhi count, divided by its region's share of the population and
by the length of its period, gives a national rate per day. The method reports the
median of those rates as its point and their minimum and maximum as its range. The
range is the spread of a few regions, not a probability interval, and it widens as more
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
class RegionRate:
    """One regional figure turned into a national rate."""

    figure_id: str
    region: str
    value: float
    days: int
    population: int
    population_figure: str
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
        self.rates_ = [
            RegionRate(
                figure_id=str(row.id),
                region=str(row.region_name),
                value=float(row.value),
                days=calendar.days(row.period_start, row.period_end),
                population=int(row.region_population),
                population_figure=str(row.region_population_figure or ""),
                national_per_day=float(row.value)
                / (row.region_population / denominator)
                / calendar.days(row.period_start, row.period_end),
            )
            for row in rows.itertuples()
        ]
        per_day = [r.national_per_day for r in self.rates_]
        self.rate_ = Interval(min(per_day), statistics.median(per_day), max(per_day))
        used = tuple(r.figure_id for r in self.rates_) + tuple(
            sorted({r.population_figure for r in self.rates_ if r.population_figure}))
        last = self.last_year or int(table["period_end"].max().year)
        basis = (f"median of {len(self.rates_)} regional rates per day "
                 f"({', '.join(r.figure_id for r in self.rates_)}), range min–max, "
                 f"× days in scope")
        self.years_ = {
            year: YearEstimate(year, self.rate_.scaled(calendar.days_in_scope(year)),
                               calendar.days_in_scope(year), basis, used)
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
