"""Synthetic panels with known truth, to check that the estimators are calibrated.

Generative model (one panel; every number below is a default of :class:`Scenario`):

* Provinces: the 31 mainland provinces with their 2020 census populations N_i.
  Years 2018–2025; 2018 counts from 20 March (287 days in scope).
* National cases filed X_t: the CCDI path (63.8万 … 101.2万; 2022, published only for
  January–June, is set to 63万). A central level files a share c = 3% of them.
* Provincial cases filed: C_it = X_t (1 − c) s_i e^{ε_it} × (days in scope ÷ days in the
  year), with shares s_i ∝ N_i e^{v_i}, v_i ~ N(0, 0.3²), ε_it ~ N(0, 0.05²).
* Liuzhi per case filed: log r_it = α + β_t + u_i, α = log 0.04, u_i ~ N(0, 0.4²),
  β_2018 = 0 and β_t = β_{t−1} + 0.15 z_t (a random walk).
* Counts: y_it ~ NegBin(mean C_it r_it, dispersion φ = 40); the central level
  y^c_t ~ NegBin(c X_t e^{α+β_t} × days share, φ). Truth: T_t = Σ_i y_it + y^c_t.
* Release: each cell is published with probability π = 0.18 (about 45 of 248 cells).
  *MCAR*: independently of everything. *Informative*: logit π_it = logit π + γ u_i/σ_u
  with γ = 1.5, so high-use provinces publish more often (the intercept is shifted so the
  expected number of released cells stays the same).
* A released cell is published as an exact count (85%), as "at least" its count rounded
  down to ten (5%), or as a January–June count (10%, a binomial thinning by the share of
  the cell's days that fall in the half-year).
* Cases filed are published for 80% of released cells and for 10% of the others; the
  national cases filed every year (rounded to 1,000).
* Optional national anchors: the national total of chosen years, rounded to 1,000.

The panel comes as a figure table with the columns of ``Ledger.figure_table()``, so every
estimator runs on it exactly as on the ledger.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from liuzhi import regions
from liuzhi.estimate import calendar
from liuzhi.estimate.cells import POPULATION, PROVINCES

YEARS: tuple[int, ...] = tuple(range(2018, 2026))
CASES_FILED = (638_000, 619_000, 618_000, 631_000, 630_000, 626_000, 877_000, 1_012_000)


@dataclass(frozen=True)
class Scenario:
    name: str = "mcar"
    informative: bool = False
    release: float = 0.18
    selection: float = 1.5  # γ: log-odds of release per SD of the province effect
    alpha: float = math.log(0.04)
    sigma_u: float = 0.4
    sigma_v: float = 0.3
    sigma_rw: float = 0.15
    phi: float = 40.0
    central_share: float = 0.03
    at_least_share: float = 0.05
    half_year_share: float = 0.10
    cases_released: float = 0.8
    cases_other: float = 0.1
    anchors: tuple[int, ...] = ()


@dataclass
class Panel:
    scenario: Scenario
    seed: int
    table: pd.DataFrame
    truth: dict[int, float]  # national total per year
    cells: np.ndarray  # (31, T) true provincial counts
    released: np.ndarray  # (31, T) bool
    province_effect: np.ndarray
    notes: dict[str, float] = field(default_factory=dict)

    def cell_truth(self, region_code: str, year: int) -> float:
        return float(self.cells[PROVINCES.index(region_code), YEARS.index(year)])


def _negbin(rng: np.random.Generator, mean: np.ndarray, phi: float) -> np.ndarray:
    return rng.poisson(rng.gamma(phi, np.asarray(mean) / phi))


def _row(fid: str, measure: str, code: str, start: dt.date, end: dt.date, value: float,
         qualifier: str = "exact", unit: str = "persons", precision: float | None = None
         ) -> dict[str, object]:
    region = regions.get(code)
    return {
        "id": fid, "measure": measure, "region_code": code, "period_start": start,
        "period_end": end, "value": float(value), "value_high": np.nan,
        "qualifier": qualifier, "unit": unit,
        "precision": np.nan if precision is None else float(precision),
        "subset": False, "subset_of": np.nan, "duplicate_of": np.nan, "scope": "",
        "kind": "official", "source_id": "SYNTHETIC", "capture_id": None, "locator": "",
        "locator_start": None, "locator_end": None, "review_status": "accepted",
        "notes": "synthetic", "source_url": "", "source_title": "", "publisher": "simulate",
        "issuing_body": "simulate", "published": "", "secondary": False,
        "region_level": region.level, "region_name": region.name_en,
        "region_population": region.population_2020, "region_population_figure": "",
    }


def simulate(scenario: Scenario, seed: int) -> Panel:
    """One synthetic panel (see the module docstring for the generative model)."""
    rng = np.random.default_rng(seed)
    n, years = len(PROVINCES), YEARS
    share_days = np.array([calendar.days_in_scope(y) / calendar.days(*calendar.year_bounds(y))
                           for y in years])
    national_cases = np.array(CASES_FILED, dtype=float)
    v = rng.normal(0, scenario.sigma_v, n)
    shares = POPULATION * np.exp(v) / np.sum(POPULATION * np.exp(v))
    cases = (np.outer(shares, national_cases) * (1 - scenario.central_share)
             * np.exp(rng.normal(0, 0.05, (n, len(years)))))  # calendar-year cases
    u = rng.normal(0, scenario.sigma_u, n)
    beta = np.concatenate([[0.0], np.cumsum(rng.normal(0, scenario.sigma_rw, len(years) - 1))])
    rate = np.exp(scenario.alpha + u[:, None] + beta[None, :])
    counts = _negbin(rng, cases * share_days * rate, scenario.phi)
    central = _negbin(rng, scenario.central_share * national_cases * share_days
                      * np.exp(scenario.alpha + beta), scenario.phi)
    truth = {y: float(counts[:, t].sum() + central[t]) for t, y in enumerate(years)}

    if scenario.informative:
        tilt = scenario.selection * u / scenario.sigma_u
        # shift the intercept so the expected number released stays n·T·π
        lo, hi = -10.0, 10.0
        for _ in range(60):
            mid = (lo + hi) / 2
            expected = np.mean(1 / (1 + np.exp(-(mid + tilt))))
            lo, hi = (mid, hi) if expected < scenario.release else (lo, mid)
        p = np.repeat((1 / (1 + np.exp(-((lo + hi) / 2 + tilt))))[:, None], len(years), 1)
    else:
        p = np.full((n, len(years)), scenario.release)
    released = rng.random((n, len(years))) < p

    rows = []
    for i, code in enumerate(PROVINCES):
        for t, year in enumerate(years):
            start, end = calendar.in_scope(year)
            published_cases = rng.random() < (scenario.cases_released if released[i, t]
                                              else scenario.cases_other)
            if published_cases:
                rows.append(_row(f"SC{i:02d}{year}", "cases_filed", code,
                                 *calendar.year_bounds(year), round(cases[i, t])))
            if not released[i, t]:
                continue
            fid = f"SL{i:02d}{year}"
            draw = rng.random()
            if draw < scenario.at_least_share:
                rows.append(_row(fid, "liuzhi", code, start, end,
                                 10 * (counts[i, t] // 10), "at_least"))
            elif draw < scenario.at_least_share + scenario.half_year_share:
                half_end = dt.date(year, 6, 30)
                fraction = calendar.days(start, half_end) / calendar.days(start, end)
                rows.append(_row(fid, "liuzhi", code, start, half_end,
                                 rng.binomial(int(counts[i, t]), fraction)))
            else:
                rows.append(_row(fid, "liuzhi", code, start, end, counts[i, t]))
    for t, year in enumerate(years):
        rows.append(_row(f"NC{year}", "cases_filed", "000000", *calendar.year_bounds(year),
                         round(national_cases[t], -3), "approximate", "cases", 1000))
        if year in scenario.anchors:
            rows.append(_row(f"NL{year}", "liuzhi", "000000", *calendar.year_bounds(year),
                             round(truth[year], -3), "approximate", "persons", 1000))
    table = pd.DataFrame(rows)
    return Panel(scenario, seed, table, truth, counts.astype(float), released, u)
