"""CaseRatio: people placed in liuzhi per case filed (立案), applied to national cases.

The ratio is learned wherever a liuzhi count and a cases-filed count cover the same
region and period (nationally 2023 and 2024; Hangzhou 2017, whose liuzhi count starts on
17 March, against its calendar-year cases scaled to the same days). The point is the
pooled ratio Σliuzhi / Σcases (the Poisson maximum-likelihood ratio); the interval runs
from the lowest to the highest ratio observed, so it shows how much the ratio varies
between the places and years where it is known. Each year's estimate is that ratio
times the year's national cases filed; a year whose cases are published only for part
of the year is projected pro rata and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import pandas as pd

from liuzhi import regions
from liuzhi.errors import EstimateError
from liuzhi.estimate import calendar
from liuzhi.estimate.base import Estimator, Interval, YearEstimate, as_table, usable
from liuzhi.regions import NATIONAL

#: A cases figure must cover at least this share of the liuzhi figure's period to pair.
MIN_COVERAGE = 0.99


@dataclass(frozen=True)
class RatioPair:
    liuzhi_figure: str
    cases_figure: str
    region: str
    liuzhi: float
    cases: float  # scaled to the liuzhi figure's days
    ratio: float
    national: bool = False
    year: int | None = None  # the calendar year the pair covers, if it covers one


class CaseRatio(Estimator):
    name = "case_ratio"
    description = ("liuzhi ÷ cases filed where both are known (pooled; min–max range), "
                   "× national cases filed each year")

    def __init__(self, measure: str = "liuzhi", exposure: str = "cases_filed",
                 exclude: tuple[str, ...] = ()) -> None:
        self.measure = measure
        self.exposure = exposure
        self.exclude = exclude

    def fit(self, data: Any) -> Self:
        table = as_table(data)
        liuzhi = usable(table, measure=self.measure, exclude=self.exclude)
        cases = usable(table, measure=self.exposure, exclude=self.exclude)
        # each region's cases as tuples, read once (pandas row access was most of a fit)
        by_region: dict[str, list[Any]] = {}
        for case in cases.itertuples():
            by_region.setdefault(case.region_code, []).append(case)
        self.pairs_ = [pair for row in liuzhi.itertuples()
                       if row.region_code in by_region
                       and (pair := _pair(row, by_region[row.region_code])) is not None]
        if not self.pairs_:
            raise EstimateError(
                f"CaseRatio needs at least one region and period with both a {self.measure} "
                f"count and a {self.exposure} count; the ledger has none."
            )
        ratios = [p.ratio for p in self.pairs_]
        pooled = sum(p.liuzhi for p in self.pairs_) / sum(p.cases for p in self.pairs_)
        self.ratio_ = Interval(min(ratios), pooled, max(ratios))
        pair_ids = tuple(i for p in self.pairs_ for i in (p.liuzhi_figure, p.cases_figure))
        # years whose national figure is itself one of the ratios: their estimate is an
        # in-sample fit, not a prediction
        self.in_sample_years_ = sorted(
            p.year for p in self.pairs_ if p.national and p.year is not None)
        self.years_ = {}
        self.exposure_: dict[int, float] = {}
        self.cases_ = cases
        national = cases[cases["region_code"] == NATIONAL]
        last = int(national["period_end"].max().year)
        for year in range(calendar.FIRST_YEAR, last + 1):
            exposure = _national_exposure(national, year)
            if exposure is None:
                continue
            count, figure_id, how, how_phrase = exposure
            in_scope = calendar.days_in_scope(year) / calendar.days(*calendar.year_bounds(year))
            self.exposure_[year] = count * in_scope
            self.years_[year] = YearEstimate(
                year, self.ratio_.scaled(count * in_scope), calendar.days_in_scope(year),
                f"ratio {self.ratio_.point:.4f} (range {self.ratio_.low:.4f}–"
                f"{self.ratio_.high:.4f}) × {how}",
                pair_ids + (figure_id,),
                phrase=("basis_case_ratio", {
                    "point": f"{self.ratio_.point:.4f}", "low": f"{self.ratio_.low:.4f}",
                    "high": f"{self.ratio_.high:.4f}", "exposure": how_phrase}),
            )
        return self


    def predictive(self, year: int) -> np.ndarray:
        """The observed ratios as an ensemble, × the year's national cases filed (scored with
        the min–max range as the interval at every level, as the method presents it)."""
        self.year(year)
        return np.array([p.ratio for p in self.pairs_]) * self.exposure_[year]

    def predict_cell(self, region_code: str, year: int) -> np.ndarray:
        """The ratios × the province's own cases filed in ``year`` when published, else
        × national cases filed × its population share."""
        self.year(year)
        start, end = calendar.year_bounds(year)
        own = self.cases_[(self.cases_["region_code"] == region_code)
                          & (self.cases_["period_start"] == start)
                          & (self.cases_["period_end"] == end)]
        in_scope = calendar.days_in_scope(year) / calendar.days(start, end)
        if own.empty:
            share = regions.get(region_code).population_2020 / regions.provincial_population()
            cases = self.exposure_[year] * share
        else:
            cases = float(own["value"].iloc[0]) * in_scope
        return np.array([p.ratio for p in self.pairs_]) * cases


def _pair(row: Any, cases: list[Any]) -> RatioPair | None:
    """The cases figure of the same region (``cases`` holds only that region's rows) whose
    period covers this liuzhi figure's; the tightest such period wins (the least scaling)."""
    period = (row.period_start, row.period_end)
    wanted = calendar.days(*period)
    best: RatioPair | None = None
    best_span = 0
    for case in cases:
        covered = calendar.overlap(period, (case.period_start, case.period_end))
        if covered < MIN_COVERAGE * wanted:
            continue
        span = calendar.days(case.period_start, case.period_end)
        if best is not None and span >= best_span:
            continue
        scaled = float(case.value) * wanted / span
        year = (row.period_start.year
                if calendar.is_calendar_year(row.period_start, row.period_end) else None)
        best, best_span = RatioPair(str(row.id), str(case.id), str(row.region_name),
                                    float(row.value), scaled, float(row.value) / scaled,
                                    row.region_code == NATIONAL, year), span
    return best


def _national_exposure(national: pd.DataFrame,
                       year: int) -> tuple[float, str, str, tuple[str, dict[str, Any]]] | None:
    """National cases filed in ``year``: the calendar-year figure, else the longest
    partial-year figure projected pro rata (labelled as such)."""
    start, end = calendar.year_bounds(year)
    within = national[(national["period_start"] >= start) & (national["period_end"] <= end)]
    if within.empty:
        return None
    spans = within.apply(lambda r: calendar.days(r["period_start"], r["period_end"]), axis=1)
    best = within.loc[spans.idxmax()]
    span = int(spans.max())
    full = calendar.days(start, end)
    if span == full:
        return (float(best["value"]), str(best["id"]),
                f"{year} national cases filed ({best['id']})",
                ("exposure_national_cases", {"year": year, "id": str(best["id"])}))
    months = f"{best['period_start']:%b}–{best['period_end']:%b}"
    return (float(best["value"]) * full / span, str(best["id"]),
            f"{year} national cases filed, projected pro rata from {months} ({best['id']})",
            ("exposure_national_cases_projected",
             {"year": year, "months": months, "id": str(best["id"])}))
