"""The estimates as rows: for the terminal, for estimates.csv and for estimates.json.

Every estimate row says it is an estimate, by which method, with its interval.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from liuzhi.estimate import Interval
from liuzhi.publish.results import Results

INTERVAL_NOTE = ("Intervals of population_share and case_ratio are the method's range "
                 "(lowest to highest regional rate; lowest to highest observed ratio), not "
                 "probability intervals; those of mixed_model and hierarchical_bayes are 90% "
                 "probability intervals.")
SCOPE_NOTE = "National totals cover the 31 mainland provincial units."


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
                "interval": "90% probability" if estimate.intervals else "method's range",
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


def _range(interval: Interval, digits: int = 0) -> str:
    return f"{interval.low:,.{digits}f}–{interval.high:,.{digits}f}"


def print_all(results: Results, console: Console) -> None:
    """Long tables (a row per method), so they fit an 80-column terminal."""
    per_year = Table(title="National liuzhi per year: estimates, and official figures")
    for column in ("year", "method", "estimate", "range", "per day", "official"):
        per_year.add_column(column, justify="left" if column == "method" else "right")
    for year in results.years:
        official = results.official_for(year)
        for index, (name, method) in enumerate(results.methods.items()):
            estimate = method.year(year)
            shown = (f"{whole(official.value)} {official.figure_id}"
                     if official and index == 0 else "")
            per_year.add_row(str(year) if index == 0 else "", name, whole(estimate.count.point),
                             _range(estimate.count), f"{estimate.per_day.point:,.1f}", shown,
                             end_section=index == len(results.methods) - 1)
    console.print(per_year)

    windows = Table(title="Cumulative: estimates, and published references")
    windows.add_column("from – to", no_wrap=True)
    windows.add_column("method")
    windows.add_column("estimate", justify="right")
    windows.add_column("range", justify="right")
    for _, cumulative, refs in results.windows:
        for index, (name, c) in enumerate(cumulative.items()):
            windows.add_row(f"{c.since} – {c.until}" if index == 0 else "", name,
                            whole(c.count.point), _range(c.count))
        for ref in refs:
            windows.add_row("", f"{ref.issuing_body} ({ref.figure_id}, NGO estimate)",
                            f"{ref.qualifier.replace('_', ' ')} {whole(ref.value)}", "")
        windows.rows[-1].end_section = True
    console.print(windows)

    loo = Table(title="Leave-one-out: each official national figure held out and predicted")
    for column in ("held out", "method", "official", "predicted", "error", "in range"):
        loo.add_column(column, justify="left" if column in ("held out", "method") else "right")
    for b in results.backtests:
        loo.add_row(f"{b.year} ({b.figure_id})", b.method, whole(b.truth),
                    whole(b.predicted.point), f"{b.relative_error:+.1%}",
                    "yes" if b.covered else "no")
    console.print(loo)
    console.print(SCOPE_NOTE, INTERVAL_NOTE, soft_wrap=True)


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


def print_validation(result: dict[str, Any], console: Console) -> None:
    table = Table(title="Validation (VALIDATION.md): scores per estimator; CRPS on the log1p "
                  "scale, interval score of the 90% interval ÷ truth, skill vs population_share")
    for column in ("data", "split", "estimator", "n", "CRPS", "cov 50", "cov 90", "IS90/truth",
                   "skill (90% CI)"):
        table.add_column(column, justify="left" if column in ("data", "split", "estimator")
                         else "right")
    for r in validation_rows(result["summary"]):
        table.add_row(r["data"], r["split"], escape(r["estimator"]),
                      f"{r['n']}" + (f" ({r['missing']} missing)" if r["missing"] else ""),
                      r["crps_log"], r["coverage50"], r["coverage90"], r["interval_score90_rel"],
                      f"{r['skill']} ({r['skill_interval']})")
    # piped to a file the table keeps its columns whole instead of folding into 80 columns
    width = console.width
    try:
        if not console.is_terminal:
            console.width = max(width, 170)
        console.print(table)
    finally:
        console.width = width
    for rung, verdict in result["verdicts"].items():
        console.print(f"{escape(rung)}: {'meets the bar' if verdict['meets'] else 'does not meet the bar'}",
                      soft_wrap=True)
        for key, check in verdict["checks"].items():
            console.print(f"  {key} {'pass' if check['ok'] else 'fail'}: {escape(check['detail'])}",
                          soft_wrap=True)
    console.print(f"Exposure for the Bayesian rung: {result['exposure']} ({result['exposure_rule']}).",
                  soft_wrap=True)
    for change in result.get("post_hoc", []):
        console.print(f"Post hoc: {escape(change)}", soft_wrap=True)
    chosen = result["headline"]
    console.print(f"Headline (simplest estimator meeting the bar): {chosen}" if chosen else
                  "No estimator meets the pre-registered bar: the report shows the ladder "
                  "without a headline estimate.", soft_wrap=True)
    console.print(f"Wrote validation.csv and validation.json ({result['seconds']:.0f} s).")
