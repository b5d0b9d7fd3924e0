"""The estimates as rows: for the terminal, for estimates.csv and for estimates.json.

Every estimate row says it is an estimate, by which method, with its interval.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from liuzhi.estimate import Interval
from liuzhi.publish.results import Results

INTERVAL_NOTE = ("Intervals are the method's range (PopulationShare: lowest to highest "
                 "regional rate; CaseRatio: lowest to highest observed ratio), not "
                 "probability intervals.")
SCOPE_NOTE = "National totals cover the 31 mainland provincial units."


def whole(value: float) -> str:
    return f"{value:,.0f}"


def span(interval: Interval, digits: int = 0) -> str:
    return f"{interval.point:,.{digits}f} ({interval.low:,.{digits}f}–{interval.high:,.{digits}f})"


def year_rows(results: Results) -> list[dict[str, Any]]:
    rows = []
    for name, method in results.methods.items():
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
