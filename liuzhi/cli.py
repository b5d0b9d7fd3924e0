"""The ``liuzhi`` command: a thin layer that parses options, calls the library, prints.

Errors the user can fix (LiuzhiError) are printed as one paragraph without a traceback,
and the command exits with status 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from liuzhi import config, regions
from liuzhi.errors import LiuzhiError
from liuzhi.ledger import Ledger, bundled, checks, exporting, importing

app = typer.Typer(
    help="Liuzhi Monitor: sourced figures on China's liuzhi (留置) detention system, "
    "national estimates with intervals, and reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

Home = Annotated[Path | None, typer.Option(help="Data folder (default: LIUZHI_HOME or the "
                                                "per-user data directory).")]


def command(name: str | None = None) -> Callable[[F], F]:
    """Register a subcommand that reports LiuzhiError as a paragraph, not a traceback."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except LiuzhiError as error:
                err.print(f"[bold red]Error:[/] {error}", soft_wrap=True)
                raise typer.Exit(1) from None
            finally:
                while _opened:
                    _opened.pop().close()

        app.command(name)(run)
        return fn

    return register


#: Ledgers opened by the running command, closed when it ends.
_opened: list[Ledger] = []


def _ledger(home: Path | None, *, seed: bool = False) -> tuple[config.Settings, Ledger]:
    settings = config.load(home=home)
    ledger = Ledger.open(settings)
    _opened.append(ledger)
    if seed and ledger.is_empty():
        err.print("The ledger is empty: loading the bundled dataset first.")
        result = bundled.load(ledger, actor=settings.actor)
        err.print(result.summary())
    return settings, ledger


@command()
def init(home: Home = None) -> None:
    """Create the ledger (or migrate it) and load the bundled dataset into it."""
    settings, ledger = _ledger(home)
    result = bundled.load(ledger, actor=settings.actor)
    out.print(f"Ledger at {ledger.engine.url.render_as_string(hide_password=True)}")
    out.print(result.summary())


@command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A figures, sources or regions CSV file, or a "
                                              "datapackage.json.")],
    home: Home = None,
) -> None:
    """Import figures, sources or regions; all rows or none."""
    settings, ledger = _ledger(home)
    result = importing.import_path(ledger, file, actor=settings.actor)
    out.print(f"Imported {file}: {result.summary()}")



@command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="csv, json, parquet or "
                                                              "datapackage.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (a folder for "
                                                "datapackage); default out/<name>.")] = None,
    home: Home = None,
) -> None:
    """Export the ledger as CSV, JSON, Parquet or a Frictionless data package."""
    settings, ledger = _ledger(home)
    dest = output or settings.out_dir / exporting.DEFAULT_NAMES.get(format, "export")
    path = exporting.export(ledger, format, dest)
    out.print(f"Wrote {path}")


@command()
def validate(home: Home = None) -> None:
    """Check the ledger: periods in order, known units, subsets within their parent, duplicates."""
    _, ledger = _ledger(home)
    problems = checks.validate(ledger)
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        out.print(f"[{style}]{problem.severity}[/] {problem.message}", soft_wrap=True)
    errors = sum(p.severity == "error" for p in problems)
    out.print(f"{len(problems)} finding(s): {errors} error(s), "
              f"{len(problems) - errors} warning(s).")
    if errors:
        raise typer.Exit(1)


@command()
def verify(home: Home = None) -> None:
    """Re-check the audit chain and the audited state of every row; non-zero exit on a breach."""
    _, ledger = _ledger(home)
    breaches = ledger.verify_audit()
    for breach in breaches:
        out.print(f"[red]breach[/] {breach.message}", soft_wrap=True)
    if breaches:
        out.print(f"{len(breaches)} breach(es): the ledger or its audit log was altered "
                  "outside Liuzhi Monitor. Restore from a backup or investigate before use.")
        raise typer.Exit(1)
    out.print("Audit chain intact; every row matches its last audited state.")


@command("regions")
def regions_(
    name: Annotated[str | None, typer.Argument(help="A name or code to look up.")] = None,
) -> None:
    """List the regions, or look one up by any of its names (浙江省, 浙江, 浙, Zhejiang)."""
    found = [regions.lookup(name)] if name else list(regions.all_regions())
    table = Table("code", "ISO", "中文", "English", "level", "population 2020")
    for region in found:
        table.add_row(region.code, region.iso_code, region.name_zh, region.name_en, region.level,
                      f"{region.population_2020:,}")
    out.print(table)



def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LiuzhiError(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2019-10-17.") from None


@command()
def estimate(
    since: Annotated[str | None, typer.Option(help="Start of a cumulative window, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="End of the window, YYYY-MM-DD "
                                              "(default: end of the last estimated year).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    home: Home = None,
) -> None:
    """National estimates per year, per day and cumulative, by every method side by side."""
    from liuzhi.publish import results, tables

    _, ledger = _ledger(home, seed=True)
    start = _date(since)
    windows = None
    if start is not None:
        end = _date(until)
        computed = results.compute(ledger)
        windows = [(start, end or computed.last_day)]
    computed = results.compute(ledger, windows)
    if as_json:
        json.dump(tables.as_json(computed), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    tables.print_all(computed, out)


@command()
def report(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the report "
                                                "(default: out/).")] = None,
    pdf: Annotated[bool, typer.Option(help="Also write report.pdf.")] = True,
    home: Home = None,
) -> None:
    """Write out/report.html (self-contained), out/report.pdf, out/estimates.csv and .json."""
    from liuzhi.publish import report as publish_report

    settings, ledger = _ledger(home, seed=True)
    written = publish_report.write(ledger, output or settings.out_dir, pdf=pdf, console=err)
    for path in written:
        out.print(f"Wrote {path}")
