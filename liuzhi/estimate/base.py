"""What every estimator answers, and the arithmetic they share.

Estimators follow the scikit-learn contract: every parameter is a keyword of ``__init__``
and stored there unchanged under its own name (no logic in ``__init__``: derived values
are computed in ``fit``); ``get_params`` reads the names from ``__init__``'s signature and
``set_params`` sets them; ``fit(ledger)`` checks the data, learns, sets attributes ending
in ``_`` and
returns ``self``. Every fitted estimator answers the same three questions — national count
per year with an interval, per day, cumulative between two dates — so methods can be
compared side by side. National totals cover the 31 mainland provincial units.
"""

from __future__ import annotations

import datetime as dt
import inspect
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import pandas as pd

from liuzhi.errors import EstimateError
from liuzhi.estimate import calendar
from liuzhi.regions import NATIONAL


@dataclass(frozen=True)
class Interval:
    low: float
    point: float
    high: float

    def scaled(self, factor: float) -> Interval:
        return Interval(self.low * factor, self.point * factor, self.high * factor)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.point + other.point, self.high + other.high)

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class YearEstimate:
    """The estimated national count for one year, and what it rests on."""

    year: int
    count: Interval
    days: int  # days of the year in scope (287 in 2018)
    basis: str  # one sentence: how this year's number was made
    figures: tuple[str, ...]  # ids of the ledger figures it used
    #: Probability intervals by level (0.5, 0.8, 0.9) for methods that have them.
    intervals: dict[float, Interval] = field(default_factory=dict, compare=False)
    #: ``basis`` as a key and its parameters, for the report's words in either language
    #: (``liuzhi.publish.words.PHRASES``); None where a fit predates it.
    phrase: Any = field(default=None, compare=False)

    @property
    def per_day(self) -> Interval:
        return self.count.scaled(1 / self.days)


@dataclass(frozen=True)
class Cumulative:
    since: dt.date
    until: dt.date
    count: Interval
    figures: tuple[str, ...]
    intervals: dict[float, Interval] = field(default_factory=dict, compare=False)

    @property
    def days(self) -> int:
        return calendar.days(self.since, self.until)

    @property
    def per_day(self) -> Interval:
        return self.count.scaled(1 / self.days)


@dataclass(frozen=True)
class OfficialFigure:
    figure_id: str
    year: int
    value: float


def as_table(data: Any) -> pd.DataFrame:
    """The figure table of a Ledger, or the table itself when given one."""
    table = data.figure_table() if hasattr(data, "figure_table") else data
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise EstimateError(
            "The ledger has no figures to estimate from. Load the bundled dataset with "
            "`liuzhi init`, or import figures with `liuzhi import FILE`."
        )
    return table


def usable(table: pd.DataFrame, *, measure: str, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Official, non-duplicate, whole-population figures of one measure in persons or cases.

    ``exclude`` drops figures by id together with every figure that duplicates them, so a
    held-out figure cannot come back through a second source.
    """
    held_out = set(exclude)
    rows = table[
        (table["measure"] == measure)
        & (table["kind"] == "official")
        & table["duplicate_of"].isna()
        & ~table["subset"].astype(bool)
        & ~table["id"].isin(held_out)
        & ~table["duplicate_of"].isin(held_out)
    ]
    return rows


def official_national(table: pd.DataFrame, measure: str = "liuzhi") -> list[OfficialFigure]:
    """Calendar-year national figures released officially, one per year."""
    rows = usable(table, measure=measure)
    rows = rows[rows["region_code"] == NATIONAL]
    found: dict[int, OfficialFigure] = {}
    for row in rows.itertuples():
        if calendar.is_calendar_year(row.period_start, row.period_end):
            found.setdefault(row.period_start.year,
                             OfficialFigure(str(row.id), row.period_start.year, float(row.value)))
    return [found[year] for year in sorted(found)]


class Estimator(ABC):
    """Base class: subclasses implement ``fit``; the questions are answered here."""

    #: Short name used in tables and files.
    name: str = ""
    #: One line for readers: what the method does.
    description: str = ""

    years_: dict[int, YearEstimate]

    @abstractmethod
    def fit(self, data: Any) -> Self: ...

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        """The parameters: the keyword arguments of ``__init__``, as scikit-learn reads them."""
        signature = inspect.signature(cls.__init__)
        return tuple(sorted(p.name for p in signature.parameters.values()
                            if p.name != "self"
                            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)))

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.param_names()}

    def set_params(self, **params: Any) -> Self:
        unknown = sorted(set(params) - set(self.param_names()))
        if unknown:
            raise EstimateError(f"{type(self).__name__} has no parameter {', '.join(unknown)}; "
                                f"its parameters are {', '.join(self.param_names())}.")
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "years_"):
            raise EstimateError(f"{type(self).__name__} is not fitted yet; call fit(ledger) first.")

    def per_year(self) -> list[YearEstimate]:
        """National count per year, from 2018 to the latest year the data reach."""
        self._check_fitted()
        return [self.years_[year] for year in sorted(self.years_)]

    def year(self, year: int) -> YearEstimate:
        self._check_fitted()
        if year not in self.years_:
            span = f"{min(self.years_)}–{max(self.years_)}"
            raise EstimateError(
                f"{type(self).__name__} has no estimate for {year}: it covers {span}, the "
                "years for which the ledger holds the figures it needs."
            )
        return self.years_[year]

    def per_day(self, year: int) -> Interval:
        return self.year(year).per_day

    def predictive(self, year: int) -> np.ndarray:
        """Draws (or ensemble members) of the national count in ``year``, for scoring."""
        raise NotImplementedError(f"{type(self).__name__} gives no predictive draws")

    def predict_cell(self, region_code: str, year: int) -> np.ndarray:
        """Draws (or ensemble members) of one province's count in ``year`` (its days in
        scope), for leave-one-province-out scoring."""
        raise NotImplementedError(f"{type(self).__name__} gives no cell predictions")

    def cumulative(self, since: dt.date, until: dt.date) -> Cumulative:
        """People placed in liuzhi from ``since`` to ``until`` (both included).

        Each year's count is spread evenly over its days in scope. Interval ends are added
        year by year: within a method they come from one shared parameter (a rate or a
        ratio), so the low ends of different years go together.
        """
        self._check_fitted()
        if since > until:
            raise EstimateError(f"The period starts ({since}) after it ends ({until}); "
                                "swap the dates.")
        since = max(since, calendar.SUPERVISION_LAW)
        total = Interval(0.0, 0.0, 0.0)
        used: list[str] = []
        for year in range(since.year, until.year + 1):
            estimate = self.year(year)
            share = calendar.overlap((since, until), calendar.in_scope(year)) / estimate.days
            total = total + estimate.count.scaled(share)
            used.extend(f for f in estimate.figures if f not in used)
        return Cumulative(since, until, total, tuple(used))


@dataclass
class Backtest:
    """One held-out national figure and what a method predicted for it."""

    method: str
    figure_id: str
    year: int
    truth: float
    predicted: Interval
    used: tuple[str, ...] = field(default_factory=tuple)

    @property
    def error(self) -> float:
        return self.predicted.point - self.truth

    @property
    def relative_error(self) -> float:
        return self.error / self.truth

    @property
    def covered(self) -> bool:
        return self.predicted.contains(self.truth)


#: Levels of the probability intervals the model-based methods report.
LEVELS = (0.5, 0.8, 0.9)


def summarise(draws: np.ndarray) -> tuple[Interval, dict[float, Interval]]:
    """Median with its 90% equal-tailed interval, and the intervals at every level."""
    median = float(np.median(draws))
    intervals = {}
    for level in LEVELS:
        tail = (1 - level) / 2
        low, high = np.quantile(draws, [tail, 1 - tail])
        intervals[level] = Interval(float(low), median, float(high))
    return intervals[0.9], intervals


class DrawEstimator(Estimator):
    """An estimator whose answers come from joint draws of the national counts.

    Subclasses set ``draws_`` (draws × years, the years in ``years_`` order) and build
    ``years_`` with :meth:`_years_from_draws`. Per-day and cumulative answers are computed
    draw by draw, so the correlation between years is kept; only the end result is
    summarised (methods.md §5). The headline interval is the 90% one.
    """

    draws_: np.ndarray
    grid_years_: tuple[int, ...]

    def _years_from_draws(self, bases: dict[int, str],
                          figures: dict[int, tuple[str, ...]],
                          phrases: dict[int, Any] | None = None) -> dict[int, YearEstimate]:
        years = {}
        for index, year in enumerate(self.grid_years_):
            count, intervals = summarise(self.draws_[:, index])
            years[year] = YearEstimate(year, count, calendar.days_in_scope(year), bases[year],
                                       figures[year], intervals,
                                       (phrases or {}).get(year))
        return years

    def predictive(self, year: int) -> np.ndarray:
        self._check_fitted()
        self.year(year)
        return self.draws_[:, self.grid_years_.index(year)]

    def cumulative(self, since: dt.date, until: dt.date) -> Cumulative:
        """People placed in liuzhi from ``since`` to ``until`` (both included), each year's
        draws spread evenly over its days in scope and summed draw by draw."""
        self._check_fitted()
        if since > until:
            raise EstimateError(f"The period starts ({since}) after it ends ({until}); "
                                "swap the dates.")
        since = max(since, calendar.SUPERVISION_LAW)
        total = np.zeros(self.draws_.shape[0])
        used: list[str] = []
        for year in range(since.year, until.year + 1):
            estimate = self.year(year)
            share = calendar.overlap((since, until), calendar.in_scope(year)) / estimate.days
            total += share * self.draws_[:, self.grid_years_.index(year)]
            used.extend(f for f in estimate.figures if f not in used)
        count, intervals = summarise(total)
        return Cumulative(since, until, count, tuple(used), intervals)
