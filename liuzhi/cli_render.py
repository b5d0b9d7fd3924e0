"""What the CLI draws in the terminal (rich): the library returns data, this renders it.

Kept apart from ``liuzhi.publish`` so that the library never prints (STYLE.md, "Terminal
output belongs to the front end").
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from liuzhi.estimate import Interval
from liuzhi.publish.results import Results
from liuzhi.publish.tables import INTERVAL_NOTE, SCOPE_NOTE, validation_rows, whole


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
        meets = "meets the bar" if verdict["meets"] else "does not meet the bar"
        console.print(f"{escape(rung)}: {meets}",
                      soft_wrap=True)
        for key, check in verdict["checks"].items():
            console.print(f"  {key} {'pass' if check['ok'] else 'fail'}: {escape(check['detail'])}",
                          soft_wrap=True)
    console.print(f"Exposure for the Bayesian rung: {result['exposure']} "
                  f"({result['exposure_rule']}).",
                  soft_wrap=True)
    for change in result.get("post_hoc", []):
        console.print(f"Post hoc: {escape(change)}", soft_wrap=True)
    chosen = result["headline"]
    console.print(f"Headline (simplest estimator meeting the bar): {chosen}" if chosen else
                  "No estimator meets the pre-registered bar: the report shows the ladder "
                  "without a headline estimate.", soft_wrap=True)
    console.print(f"Wrote validation.csv and validation.json ({result['seconds']:.0f} s).")


class Progress:
    """Renders a library's progress callback: a spinner with the current step and the
    time since the start, on ``console`` (stderr), gone when done; each finished step is
    kept as a line when the console is not a terminal."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.started = time.perf_counter()

    def __enter__(self) -> Progress:
        self.status = self.console.status("Starting", spinner="dots")
        if self.console.is_terminal:
            self.status.start()
        return self

    def __call__(self, line: str) -> None:
        elapsed = time.perf_counter() - self.started
        text = f"[{elapsed:5.0f} s] {line}"
        if self.console.is_terminal:
            self.status.update(escape(text))
        else:
            self.console.print(text, markup=False, soft_wrap=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.status.stop()
