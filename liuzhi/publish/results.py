"""Everything a report or ``liuzhi estimate`` shows, computed once from the ledger."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from liuzhi.errors import BayesUnavailable, EstimateError
from liuzhi.estimate import (
    METHODS,
    Backtest,
    Cumulative,
    Estimator,
    OfficialFigure,
    calendar,
    leave_one_out,
    official_national,
)
from liuzhi.publish import fitcache
from liuzhi.regions import NATIONAL

#: Seed of the published rung-3 fit (VALIDATION.md §3).
SEED = 0


@dataclass(frozen=True)
class Reference:
    """A published NGO estimate for the same window, shown beside ours."""

    figure_id: str
    value: float
    value_high: float | None
    qualifier: str
    unit: str
    issuing_body: str


@dataclass
class Ladder:
    """Rungs 2 and 3 beside rungs 0 and 1, with the pre-registered validation."""

    methods: dict[str, Estimator]  # every rung that could be fitted, in ladder order
    unavailable: dict[str, str]  # rung → why it is not shown
    validation: dict[str, Any] | None  # validation.json of this ledger, if run
    headline: str | None  # the rung the pre-registered rule picked
    stale: bool = False  # a validation.json exists but is for other figures
    cached: bool = False  # rungs 2 and 3 were read from the fit cache, not fitted


@dataclass
class Results:
    table: pd.DataFrame
    methods: dict[str, Estimator]
    official: list[OfficialFigure]
    years: list[int]
    windows: list[tuple[str, dict[str, Cumulative], list[Reference]]]
    backtests: list[Backtest]
    ladder: Ladder | None = None

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.years[-1], 12, 31)

    def official_for(self, year: int) -> OfficialFigure | None:
        return next((o for o in self.official if o.year == year), None)


def compute(data: Any, windows: list[tuple[dt.date, dt.date | None]] | None = None, *,
            validation_file: Path | None = None, ladder: bool = False,
            cache: Path | None = None) -> Results:
    """Fit every method, answer the questions, and run the leave-one-out checks.

    Default windows: since the Supervision Law (2018-03-20) and since the UNODC–NSC MOU
    (2019-10-17), both to the end of the last year every method covers, plus every window
    for which the ledger holds a published NGO cumulative estimate (e.g. Safeguard
    Defenders' 28,983 for 2019-10-17 to 2021-06-29). With ``cache`` (a folder), the fits
    of rungs 2 and 3 are read from there when stored for these figures, else stored
    (``fitcache``).
    """
    table = data.figure_table() if hasattr(data, "figure_table") else data
    fitted = {name: factory(()).fit(table) for name, factory in METHODS.items()}
    common = set.intersection(*(set(m.years_) for m in fitted.values()))
    if not common:
        raise EstimateError("The methods share no year to estimate; the ledger needs national "
                            "cases-filed figures from 2018 on.")
    years = sorted(common)
    end = dt.date(years[-1], 12, 31)
    references = _references(table)
    if windows is None:
        windows = [(calendar.SUPERVISION_LAW, end), (calendar.UNODC_MOU, end)]
        windows += sorted({(r_start, r_end) for r_start, r_end, _ in references})
    # A window without an end runs to the end of the last year every method covers.
    spans = [(since, until or end) for since, until in windows]
    lad = _ladder(table, fitted, validation_file, cache) if ladder else None
    answering = lad.methods if lad else fitted
    shown = []
    for since, until in spans:
        label = f"{since:%-d %B %Y} – {until:%-d %B %Y}"
        cumulative = {name: method.cumulative(since, until) for name, method in answering.items()}
        matching = [ref for r_start, r_end, ref in references if (r_start, r_end) == (since, until)]
        shown.append((label, cumulative, matching))
    return Results(table, fitted, official_national(table), years, shown,
                   leave_one_out(table, METHODS), lad)


def for_report(data: Any, out_dir: Path, *, cache: Path | None = None) -> Results:
    """What ``liuzhi report`` renders and the web overview shows: the whole ladder, with the
    validation saved in ``out_dir`` (if any, and for these figures) deciding the headline.
    The one call both make, so the two cannot drift apart; ``cache`` keeps the fits of
    rungs 2 and 3 between calls (the home's cache/ folder)."""
    return compute(data, validation_file=Path(out_dir) / "validation.json", ladder=True,
                   cache=cache)


def _ladder(table: pd.DataFrame, fitted: dict[str, Estimator],
            validation_file: Path | None, cache: Path | None = None) -> Ladder:
    """Fit rungs 2 and 3 (rung 3 with the exposure the validation chose) and read the
    validation's verdicts, if ``liuzhi validate-models`` was run on these figures."""
    from liuzhi.estimate import bayes, validation
    from liuzhi.estimate.mixed_model import LogRateMixed

    saved = None
    stale = False
    if validation_file is not None and validation_file.exists():
        saved = json.loads(validation_file.read_text(encoding="utf-8"))
        if saved.get("fingerprint") != validation.fingerprint(table):
            saved, stale = None, True
    methods = dict(fitted)
    exposure = saved["exposure"] if saved else "cases_filed"
    entry = fitcache.key(table, exposure=exposure, seed=SEED)
    upper = fitcache.load(cache, entry) if cache is not None else None
    cached = upper is not None
    if upper is None:
        upper = fitcache.Fits(entry, {}, {})
        try:
            upper.methods["mixed_model"] = LogRateMixed().fit(table)
        except EstimateError as error:
            upper.unavailable["mixed_model"] = str(error)
        try:
            upper.methods["hierarchical_bayes"] = bayes.HierarchicalBayes(
                exposure=exposure, random_state=SEED).fit(table)
        except BayesUnavailable as error:  # not installed: nothing to keep
            upper.unavailable["hierarchical_bayes"] = str(error)
            cache = None
        except EstimateError as error:  # failed its convergence check
            upper.unavailable["hierarchical_bayes"] = str(error)
        if cache is not None:
            fitcache.save(cache, upper)
    methods.update(upper.methods)
    unavailable = dict(upper.unavailable)
    headline = saved["headline"] if saved else None
    if headline is not None and headline not in methods:
        unavailable[headline] += " (it is the rung the pre-registered rule picked)"
        headline = None
    return Ladder(methods, unavailable, saved, headline, stale, cached)


def _references(table: pd.DataFrame) -> list[tuple[dt.date, dt.date, Reference]]:
    rows = table[(table["kind"] == "ngo_estimate") & (table["measure"] == "liuzhi")
                 & (table["region_code"] == NATIONAL) & (table["unit"] == "persons")
                 & ~table["subset"].astype(bool) & table["duplicate_of"].isna()]
    return [(row.period_start, row.period_end,
             Reference(str(row.id), float(row.value),
                       None if pd.isna(row.value_high) else float(row.value_high),
                       str(row.qualifier), str(row.unit), str(row.issuing_body)))
            for row in rows.itertuples()]
