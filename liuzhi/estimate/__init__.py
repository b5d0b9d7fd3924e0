"""Estimators of national liuzhi totals, each a pure function of the ledger."""

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
from liuzhi.estimate.case_ratio import CaseRatio
from liuzhi.estimate.population_share import PopulationShare

#: The methods compared side by side, in the order reports show them.
METHODS: dict[str, Factory] = {
    PopulationShare.name: lambda exclude: PopulationShare(exclude=exclude),
    CaseRatio.name: lambda exclude: CaseRatio(exclude=exclude),
}

__all__ = [
    "METHODS", "Backtest", "CaseRatio", "Cumulative", "Estimator", "Interval",
    "OfficialFigure", "PopulationShare", "YearEstimate", "leave_one_out", "official_national",
]
