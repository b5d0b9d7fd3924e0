"""Leave-one-out on the national figures: withhold one official national total, fit on
everything else, and see how well each method predicts it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liuzhi.estimate.base import Backtest, Estimator, as_table, official_national

Factory = Callable[[tuple[str, ...]], Estimator]


def leave_one_out(data: Any, methods: dict[str, Factory],
                  measure: str = "liuzhi") -> list[Backtest]:
    """For each official national calendar-year figure and each method, a Backtest.

    ``methods`` maps a method name to a factory taking the ids to exclude; the held-out
    figure's duplicates are excluded with it (see ``usable``).
    """
    table = as_table(data)
    results = []
    for official in official_national(table, measure):
        for name, factory in methods.items():
            estimator = factory((official.figure_id,)).fit(table)
            estimate = estimator.year(official.year)
            results.append(Backtest(name, official.figure_id, official.year, official.value,
                                    estimate.count, estimate.figures))
    return results
