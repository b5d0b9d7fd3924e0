"""The listed-company series as an indicator for the latest year (VALIDATION.md A8).

The series (measure ``listed_company_liuzhi``) counts executives of listed companies whose
placement in liuzhi their company announced, from press tallies that are incomplete. It is
a separate measure: never added to, mixed with or read as a liuzhi total, and never an
input of the estimators. A8 tries it as an indicator only:

    value(latest) = official national count(c) ÷ tally per day(c) × tally per day(latest)

with c the last year before the latest with both an official national figure and a tally
in persons, and per day over each tally's own period (the longest tally of a year). Its
value is scored (absolute log1p error) only once the latest year's official figure exists;
it never enters the acceptance bar or the headline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from liuzhi.estimate import calendar
from liuzhi.estimate.base import official_national

MEASURE = "listed_company_liuzhi"


@dataclass(frozen=True)
class Tally:
    figure_id: str
    year: int
    value: float
    days: int

    @property
    def per_day(self) -> float:
        return self.value / self.days


@dataclass(frozen=True)
class Indicator:
    """What A8's indicator says about ``year``, and whether it can be scored."""

    year: int
    value: float | None  # national placements the indicator gives; None if it cannot
    calibration: str | None  # the official national figure it is scaled to
    tallies: tuple[str, ...]  # the calibration year's tally and the latest year's
    truth: float | None  # the official national figure of ``year``, when there is one
    error: float | None  # |log1p(value) − log1p(truth)| when both exist
    why: str  # in words: how it was made, or why not, and why it is or is not scored
    calibration_year: int | None = None
    backtestable: bool = False  # an earlier year with both exists to test it on

    @property
    def scored(self) -> bool:
        return self.error is not None


def tallies(table: pd.DataFrame) -> dict[int, Tally]:
    """The longest tally in persons within each calendar year."""
    rows = table[(table["measure"] == MEASURE) & table["duplicate_of"].isna()
                 & (table["unit"] == "persons")]
    found: dict[int, Tally] = {}
    for row in rows.itertuples():
        start, end = row.period_start, row.period_end
        if start.year != end.year:
            continue
        tally = Tally(str(row.id), start.year, float(row.value), calendar.days(start, end))
        if start.year not in found or tally.days > found[start.year].days:
            found[start.year] = tally
    return found


def listed_indicator(table: pd.DataFrame) -> Indicator | None:
    """A8's indicator for the latest year with a tally; None without any tally."""
    by_year = tallies(table)
    if not by_year:
        return None
    latest = max(by_year)
    official = {o.year: o for o in official_national(table)}
    truth = official[latest].value if latest in official else None
    calibrations = [y for y in sorted(by_year) if y < latest and y in official]
    if not calibrations:
        return Indicator(latest, None, None, (by_year[latest].figure_id,), truth, None,
                         "no earlier year has both an official national figure and a tally")
    c = calibrations[-1]
    value = official[c].value / by_year[c].per_day * by_year[latest].per_day
    error = abs(math.log1p(value) - math.log1p(truth)) if truth is not None else None
    backtestable = len(calibrations) > 1
    why = (f"scaled to {official[c].figure_id} ({c}) by the tallies "
           f"{by_year[c].figure_id} and {by_year[latest].figure_id}; ")
    if error is None:
        why += f"not scored: no official national figure for {latest} yet"
    else:
        why += f"scored against {official[latest].figure_id}: |log1p error| {error:.3f}"
    if not backtestable:
        why += f"; {c} is the only year with both, so it has no earlier year to be tested on"
    return Indicator(latest, value, official[c].figure_id,
                     (by_year[c].figure_id, by_year[latest].figure_id), truth, error, why, c,
                     backtestable)
