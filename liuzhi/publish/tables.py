"""The estimates as rows: for estimates.csv, estimates.json and the terminal (which
``liuzhi.cli_render`` draws). Nothing here prints.

Every estimate row says it is an estimate, by which method, with its interval; a year
whose official national figure a model was fitted to says so.
"""

from __future__ import annotations

from typing import Any

from liuzhi.estimate import Interval
from liuzhi.publish.results import Results

INTERVAL_NOTE = ("Intervals of population_share and case_ratio are the method's range "
                 "(lowest to highest regional rate; lowest to highest observed ratio), not "
                 "probability intervals; those of mixed_model and hierarchical_bayes are 90% "
                 "probability intervals.")
SCOPE_NOTE = "National totals cover the 31 mainland provincial units."
#: Rungs whose years with an official national figure return that figure (fitted to it).
FITTED_TO_OFFICIAL = ("mixed_model", "hierarchical_bayes")


def whole(value: float) -> str:
    return f"{value:,.0f}"


def span(interval: Interval, digits: int = 0) -> str:
    return f"{interval.point:,.{digits}f} ({interval.low:,.{digits}f}–{interval.high:,.{digits}f})"


def year_rows(results: Results) -> list[dict[str, Any]]:
    rows = []
    methods = results.ladder.methods if results.ladder else results.methods
    for name, method in methods.items():
        for estimate in method.per_year():
            official = results.official_for(estimate.year)
            rows.append({
                "kind": "estimate",
                "method": name,
                "year": estimate.year,
                "days_in_scope": estimate.days,
                "count_low": round(estimate.count.low),
                "count_point": round(estimate.count.point),
                "count_high": round(estimate.count.high),
                "per_day_low": round(estimate.per_day.low, 1),
                "per_day_point": round(estimate.per_day.point, 1),
                "per_day_high": round(estimate.per_day.high, 1),
                "interval": ("official figure (fitted to it)" if official is not None
                             and name in FITTED_TO_OFFICIAL else
                             "90% probability" if estimate.intervals else "method's range"),
                "in_sample": estimate.year in getattr(method, "in_sample_years_", []),
                "official_value": None if official is None else round(official.value),
                "official_figure": None if official is None else official.figure_id,
                "basis": estimate.basis,
                "figures": " ".join(estimate.figures),
            })
    return rows


def as_json(results: Results) -> dict[str, Any]:
    return {
        "notes": [SCOPE_NOTE, INTERVAL_NOTE, "Every number below is an estimate unless it is "
                  "marked official."],
        "methods": {name: m.description for name, m in results.methods.items()},
        "per_year": year_rows(results),
        "cumulative": [
            {"kind": "estimate", "window": label, "method": name,
             "since": c.since.isoformat(), "until": c.until.isoformat(), "days": c.days,
             "count_low": round(c.count.low), "count_point": round(c.count.point),
             "count_high": round(c.count.high),
             "per_day_point": round(c.per_day.point, 1), "figures": list(c.figures),
             "references": [vars(r) for r in refs]}
            for label, cumulative, refs in results.windows
            for name, c in cumulative.items()
        ],
        "leave_one_out": [
            {"method": b.method, "held_out": b.figure_id, "year": b.year, "truth": b.truth,
             "predicted_low": round(b.predicted.low), "predicted_point": round(b.predicted.point),
             "predicted_high": round(b.predicted.high), "error": round(b.error),
             "relative_error": round(b.relative_error, 4), "truth_in_range": b.covered}
            for b in results.backtests
        ],
    }


def validation_rows(summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The validation table as rows for the report and the terminal."""
    def fmt(value: Any, digits: int = 3) -> str:
        return "–" if value is None or value != value else f"{value:.{digits}f}"

    return [{"data": r["data"], "split": r["split"], "estimator": r["estimator"],
             "n": r["n"], "missing": r["missing"], "crps_log": fmt(r["crps_log"]),
             "coverage50": fmt(r["coverage50"], 2), "coverage90": fmt(r["coverage90"], 2),
             "interval_score90_rel": fmt(r["interval_score90_rel"], 2),
             "skill": fmt(r["skill"], 2),
             "skill_interval": ("–" if r["skill_low"] is None or r["skill_low"] != r["skill_low"]
                                else f"{r['skill_low']:.2f} – {r['skill_high']:.2f}")}
            for r in summary]
