"""Estimators of national liuzhi totals, each a pure function of the ledger."""

from typing import Any

from liuzhi.estimate.backtest import Factory, leave_one_out
from liuzhi.estimate.base import (
    Backtest,
    Cumulative,
    Estimator,
    Interval,
    OfficialFigure,
    YearEstimate,
    official_national,
)
from liuzhi.estimate.bayes import HierarchicalBayes
from liuzhi.estimate.case_ratio import CaseRatio
from liuzhi.estimate.mixed_model import LogRateMixed
from liuzhi.estimate.population_share import PopulationShare

#: The estimator ladder, simplest first: the one list that reports, ``liuzhi estimate`` and
#: the validation (VALIDATION.md §1) all read.
LADDER: tuple[type[Estimator], ...] = (PopulationShare, CaseRatio, LogRateMixed,
                                       HierarchicalBayes)
ESTIMATORS: dict[str, type[Estimator]] = {cls.name: cls for cls in LADDER}


def factory(name: str, **params: Any) -> Factory:
    """A function of the held-out figure ids that makes the estimator ``name`` with
    ``params``."""
    cls = ESTIMATORS[name]
    return lambda exclude: cls(exclude=exclude, **params)  # type: ignore[call-arg]


#: The methods compared side by side everywhere (rungs 0 and 1: they need no extra and
#: run in milliseconds), in the order reports show them.
METHODS: dict[str, Factory] = {cls.name: factory(cls.name) for cls in LADDER[:2]}

__all__ = [
    "ESTIMATORS", "LADDER", "METHODS", "Backtest", "CaseRatio", "Cumulative", "Estimator",
    "HierarchicalBayes", "Interval", "LogRateMixed", "OfficialFigure", "PopulationShare",
    "YearEstimate", "factory", "leave_one_out", "official_national",
]
