"""LogRateMixed (rung 2): a linear mixed model on log(liuzhi / exposure).

Each released cell d (a province-year, a city or part-year figure scaled by its coverage,
or a national year) gives a log rate lr_d = log(y_d / E_d), with E_d the cases filed of
that region and year (published, or else national cases filed × the region's population
share). The model is

    lr_d = a + u_region[d] + b_year[d] + e_d,
    u ~ N(0, σ_u²) per region (national figures form the region "national"),
    b ~ N(0, σ_b²) per year,  e ~ N(0, σ_e²),

fitted by REML with statsmodels MixedLM (crossed variance components). Figures that are
only bounds (at least, at most) are left out; ranges and rounded figures enter at their
midpoint. National totals come from parametric simulation: the intercept and the random
effects are drawn jointly from their conditional normal distribution given the REML
variances (Henderson's mixed-model equations); a region or year with no data draws its
effect from N(0, σ²); a cell draws its own residual. When the national region has data,
the national count in a year is X_t · exp(a + u_national + b_t + e); otherwise it is the
sum over the 31 provinces, each province's exposure × its simulated rate, with released
exact cells kept as published. A year whose national figure is released is that figure,
within its rounding: released cells enter the total as they are.

The variance components are the weak point: with a handful of cells REML can put a
component on zero, and the intervals then understate the uncertainty. Validation shows
whether that happens; the estimator refuses to fit with fewer than three cells or fewer
than two regions.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Self

import numpy as np
import pandas as pd

from liuzhi.errors import EstimateError
from liuzhi.estimate import cells
from liuzhi.estimate.base import DrawEstimator, as_table

NATIONAL_UNIT = "national"


class LogRateMixed(DrawEstimator):
    name = "mixed_model"
    description = ("linear mixed model on log(liuzhi ÷ cases filed): region and year random "
                   "effects (REML, statsmodels), national totals by simulation")

    def __init__(self, exposure: str = "cases_filed", exclude: tuple[str, ...] = (),
                 draws: int = 4000, random_state: int = 0) -> None:
        self.exposure = exposure
        self.exclude = exclude
        self.draws = draws
        self.random_state = random_state

    def fit(self, data: Any) -> Self:
        table = as_table(data)
        grid = cells.build(table, exclude=self.exclude)
        exposure = cells.exposure(table, self.exposure, grid.years, exclude=self.exclude)
        provincial = exposure.imputed()
        records = []
        for row in grid.rows + grid.anchors:
            point = row.midpoint
            if point is None or point <= 0 or row.kind == "at_most":
                continue
            t = grid.years.index(row.year)
            if row.province < 0:
                region, base = NATIONAL_UNIT, exposure.national[t]
            else:
                region, base = cells.PROVINCES[row.province], provincial[row.province, t]
            records.append({"figure": row.figure_id, "region": region, "year": row.year,
                            "lr": math.log(point / (base * row.coverage))})
        frame = pd.DataFrame(records, columns=["figure", "region", "year", "lr"])
        if len(frame) < 3 or frame["region"].nunique() < 2:
            raise EstimateError(
                f"LogRateMixed needs at least three liuzhi figures with an exposure, from at "
                f"least two regions, to estimate its variance components; the ledger gives "
                f"{len(frame)} ({', '.join(frame['figure']) or 'none'})."
            )
        self.cells_ = frame
        self.grid_ = grid
        self.exposure_ = exposure
        self._fit_reml(frame)
        self._simulate(grid, exposure, provincial)
        return self

    def _fit_reml(self, frame: pd.DataFrame) -> None:
        import statsmodels.formula.api as smf

        frame = frame.assign(group=1)
        model = smf.mixedlm("lr ~ 1", frame, groups="group", re_formula="0",
                            vc_formula={"region": "0 + C(region)", "year": "0 + C(year)"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = model.fit(reml=True)
            except (np.linalg.LinAlgError, ValueError) as error:
                raise EstimateError(f"LogRateMixed could not be fitted ({error}).") from error
        self.warnings_ = sorted({str(w.message) for w in caught})
        names = list(model.exog_vc.names)
        variances = dict(zip(names, np.maximum(np.asarray(result.vcomp, dtype=float), 0.0)))
        self.sigma_region_ = math.sqrt(variances["region"])
        self.sigma_year_ = math.sqrt(variances["year"])
        self.sigma_cell_ = math.sqrt(max(float(result.scale), 0.0))
        if not all(map(math.isfinite, (self.sigma_region_, self.sigma_year_, self.sigma_cell_))):
            raise EstimateError("LogRateMixed: REML gave non-finite variance components.")
        self.regions_ = sorted(frame["region"].unique())
        self.cell_years_ = sorted(int(y) for y in frame["year"].unique())
        # Henderson's equations: joint conditional normal of (a, u, b) given the variances.
        n, k_r, k_y = len(frame), len(self.regions_), len(self.cell_years_)
        design = np.zeros((n, 1 + k_r + k_y))
        design[:, 0] = 1
        for d, (region, year) in enumerate(zip(frame["region"], frame["year"])):
            design[d, 1 + self.regions_.index(region)] = 1
            design[d, 1 + k_r + self.cell_years_.index(int(year))] = 1
        floor = 1e-8  # a zero variance component fixes its effects at zero
        residual = max(self.sigma_cell_**2, floor)
        prior = np.concatenate([[0.0], np.full(k_r, 1 / max(self.sigma_region_**2, floor)),
                                np.full(k_y, 1 / max(self.sigma_year_**2, floor))])
        precision = design.T @ design / residual + np.diag(prior)
        covariance = np.linalg.inv(precision)
        self.effects_mean_ = covariance @ design.T @ frame["lr"].to_numpy() / residual
        self.effects_cov_ = (covariance + covariance.T) / 2

    def _effects(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.multivariate_normal(self.effects_mean_, self.effects_cov_, size=size,
                                       method="svd")

    def _region_effect(self, joint: np.ndarray, region: str, rng: np.random.Generator
                       ) -> np.ndarray:
        if region in self.regions_:
            return np.asarray(joint[:, 1 + self.regions_.index(region)])
        return np.asarray(rng.normal(0, self.sigma_region_, joint.shape[0]))

    def _year_effect(self, joint: np.ndarray, year: int, rng: np.random.Generator) -> np.ndarray:
        if year in self.cell_years_:
            return np.asarray(joint[:, 1 + len(self.regions_) + self.cell_years_.index(year)])
        return np.asarray(rng.normal(0, self.sigma_year_, joint.shape[0]))

    def _simulate(self, grid: cells.Cells, exposure: cells.Exposure,
                  provincial: np.ndarray) -> None:
        rng = np.random.default_rng(self.random_state)
        size = self.draws
        joint = self._effects(rng, size)
        self._joint = joint
        self._rng = rng
        years = grid.years
        self.grid_years_ = years
        draws = np.empty((size, len(years)))
        anchors = {row.year: row for row in grid.anchors}
        exact = {(row.province, row.year): row.value for row in grid.rows if row.is_exact_cell}
        national = NATIONAL_UNIT in self.regions_
        bases: dict[int, str] = {}
        phrases: dict[int, Any] = {}
        figures: dict[int, tuple[str, ...]] = {}
        used = tuple(self.cells_["figure"]) + exposure.national_figures + exposure.observed_figures
        for t, year in enumerate(years):
            if year in anchors:
                row = anchors[year]
                draws[:, t] = rng.uniform(row.low, row.high, size)
                bases[year] = f"official national figure {row.figure_id}, within its rounding"
                phrases[year] = ("basis_bayes_anchor", {"id": row.figure_id})
                figures[year] = (row.figure_id,)
                continue
            a = joint[:, 0] + self._year_effect(joint, year, rng)
            if national:
                rate = a + self._region_effect(joint, NATIONAL_UNIT, rng)
                noise = rng.normal(0, self.sigma_cell_, size)
                draws[:, t] = exposure.national[t] * np.exp(rate + noise)
                how, how_key = "national region effect", "how_national"
            else:
                total = np.zeros(size)
                for i, code in enumerate(cells.PROVINCES):
                    if (i, year) in exact:
                        total += exact[(i, year)]
                        continue
                    rate = a + self._region_effect(joint, code, rng)
                    total += provincial[i, t] * np.exp(rate + rng.normal(0, self.sigma_cell_, size))
                draws[:, t] = total
                how, how_key = "sum of the 31 provinces", "how_sum"
            projected = " (national exposure projected pro rata)" if exposure.projected[t] else ""
            bases[year] = (f"mixed model on {len(self.cells_)} log rates "
                           f"(σ_region {self.sigma_region_:.2f}, σ_year {self.sigma_year_:.2f}, "
                           f"σ_cell {self.sigma_cell_:.2f}), {how}, × {year} national "
                           f"{exposure.measure}{projected}; 4,000-draw simulation")
            phrases[year] = ("basis_mixed_model", {
                "cells": len(self.cells_), "sigma_region": f"{self.sigma_region_:.2f}",
                "sigma_year": f"{self.sigma_year_:.2f}", "sigma_cell": f"{self.sigma_cell_:.2f}",
                "how": (how_key, {}), "year": year, "exposure": exposure.measure,
                "projected": ("projected_pro_rata", {}) if projected else ""})
            figures[year] = used
        self.draws_ = draws
        self.years_ = self._years_from_draws(bases, figures, phrases)

    def predict_cell(self, region_code: str, year: int) -> np.ndarray:
        """The province's exposure × its simulated rate (its own effect if it had data)."""
        self._check_fitted()
        t = self.grid_years_.index(year)
        i = cells.PROVINCES.index(region_code)
        rng = np.random.default_rng(self.random_state + 1)
        joint = self._joint
        rate = (joint[:, 0] + self._year_effect(joint, year, rng)
                + self._region_effect(joint, region_code, rng)
                + rng.normal(0, self.sigma_cell_, joint.shape[0]))
        return self.exposure_.imputed()[i, t] * np.exp(rate)
