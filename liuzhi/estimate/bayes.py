"""HierarchicalBayes (rung 3): a negative-binomial model of every province-year, with
the national totals as anchors. Needs the optional extra: ``pip install 'liuzhi[bayes]'``.

Model (methods.md §2(d); priors pre-registered in VALIDATION.md)::

    log μ_it = log E_it + α + β_t + u_i + δ (1 − r_it)        31 provinces × years
    E_it     = X_t (1 − c) w_i,  w_i ∝ N_i e^{v_i}                exposure (cases filed,
                                                                  punished or population)
    μ^c_t    = c X_t e^{α + β_t}                                 the central level
    α ~ N(log 0.03, 1)     u_i = σ_u z_i, σ_u ~ HalfNormal(0.5)
    β_2018 = 0, β_t = β_{t−1} + σ_β z_t, σ_β ~ HalfNormal(0.3)     (random walk)
    φ ~ Gamma(2, 0.05)     δ ~ N(0, 0.3)     c ~ Beta(2, 48)
    v_i = σ_v z_i, σ_v ~ HalfNormal(0.5)   (missing provincial exposure imputed from
                                            national shares; v = 0 for population)

``r_it`` is 1 when a figure on the cell is used: δ is the *selection term*, how far the
cells nobody published differ from those published. Each figure enters through its own
likelihood on NegBin(f_k μ_it, φ), f_k its coverage (a part of a year, a city's share):
exact → log p(y); at least L → log P(Y ≥ L); range → log P(L ≤ Y ≤ U); at most or
person-times → log P(Y ≤ U). A campaign subset over several years (VALIDATION.md A7) is at
least L in the part of its province's cells its period covers: log P(Σ_t Y_it ≥ L), the sum
taken as one NegBin(Σ_t f_t μ_it, φ). A published provincial exposure enters as
log E_obs ~ N(log E_it, 0.1²). A national total T_t (rounded to h) enters as
N(Σ released exact cells + Σ other μ_it + μ^c_t, Σ other (μ + μ²/φ) + μ^c_t(1 + μ^c_t/φ)
+ h²/3), the moment-matched normal of methods.md.

National totals are drawn from the posterior predictive, draw by draw: released exact
whole-year cells as published, every other cell from NegBin(μ, φ) truncated to what its
figures say, the central level, and a year whose national total is published is that
total within its rounding. Per day and cumulative answers sum those draws.

How it is sampled (the model above is unchanged by any of this): the sampler moves the
level of the best-pinned year instead of α, the exposure effects of provinces with a
published exposure centred, and a bounded figure's NegBin through its Gamma–Poisson
mixture (a latent g per row, so the bound is a Poisson tail with a closed-form gradient).
Without the first, the national anchors tie α, the selection term and all 31 province
effects to one narrow ridge, and the fit on the bundled figures failed its check (bulk
ESS 133, 12 divergences); with it, R-hat 1.006, ESS 546 and no divergences.

Every fit is checked: R-hat ≤ 1.01, bulk ESS ≥ 400 for α, σ_u, σ_β, φ and no divergent
transitions; a fit that fails raises :class:`~liuzhi.errors.ConvergenceFailed` instead of
publishing. The model is compiled once per shape and refitted with new data (nutpie's
``with_data``) for cross-validation; the compiled model is cached on disk, so a later
process loads it instead of compiling (:mod:`liuzhi.estimate.compiled`).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import pandas as pd

from liuzhi.errors import BayesUnavailable, ConvergenceFailed, EstimateError
from liuzhi.estimate import calendar, cells
from liuzhi.estimate.base import DrawEstimator, as_table

#: A fit that fails its check is sampled once more, with smaller steps and the next seed.
RERUN_TARGET_ACCEPT = 0.99
#: Convergence thresholds (methods.md §2(d)).
MAX_RHAT = 1.01
MIN_ESS = 400
CHECKED = ("alpha", "sigma_u", "sigma_rw", "phi")
#: Log-normal spread of a national exposure projected from part of a year.
PROJECTION_SD = 0.10
#: Mean duration of a placement: Hangzhou 2017 (OT002, about 43 days), an assumption for
#: any year; and the legal maximum until 31 May 2025 (3 months, extendable once by 3:
#: about 183 days), which applies only to years wholly before the revised Supervision Law
#: (from 1 June 2025: up to 8 months, 16 with one reset, so no maximum scenario after).
MEAN_DURATION_DAYS = (43.0, 183.0)
OLD_MAXIMUM_DAYS = 183.0
OLD_MAXIMUM_UNTIL = (2025, 5, 31)

_COMPILED: dict[tuple[int, ...], Any] = {}


def available() -> bool:
    try:
        _import()
    except ImportError:
        return False
    return True


def _import() -> None:
    import warnings

    with warnings.catch_warnings():
        # ArviZ 0.23 announces its refactor at import; PyTensor's C backend says it found
        # no BLAS (nutpie compiles with numba, which does not use it). Neither is actionable.
        warnings.filterwarnings("ignore", category=FutureWarning, module="arviz")
        warnings.filterwarnings("ignore", message=".*ArviZ is undergoing", category=FutureWarning)
        warnings.filterwarnings("ignore", message=".*could not link to a BLAS",
                                category=UserWarning)
        import nutpie  # noqa: F401
        import pymc  # noqa: F401
        import pytensor.link.c.cmodule  # noqa: F401

        from liuzhi.estimate import compiled

        compiled.register_special_functions()


def _require() -> None:
    if not available():
        raise BayesUnavailable(
            "The hierarchical Bayesian estimator needs PyMC and nutpie, which are an optional "
            "extra: install them with `pip install 'liuzhi[bayes]'` (about 0.8 GB). The other "
            "estimators work without them."
        )


@dataclass
class Inputs:
    """The arrays one fit needs; shapes are fixed by (years, padded rows)."""

    years: tuple[int, ...]
    data: dict[str, np.ndarray]
    rows: list[cells.Row]
    anchors: list[cells.Row]
    exposure: cells.Exposure
    spans: list[cells.Span] = field(default_factory=list)


#: The model's blocks of figures: exact counts, and every bound (at least, range, at most).
KINDS = ("exact", "bounded")
#: Prior of α, the log rate of 2018 (VALIDATION.md §3).
ALPHA_PRIOR = (math.log(0.03), 1.0)
#: What a fit keeps of each draw (the rest is recomputed from these, or not needed).
KEPT = ("log_mu", "alpha", "beta", "phi", "central", "delta", "sigma_u", "sigma_rw")
#: Upper bound of a pad row (weight 0): far above any count, so its term is log 1 = 0.
PAD_HIGH = 1e7
#: Padding block per kind: one compiled model serves every data set with up to this many
#: rows of each kind (more rows → the next multiple, and one more compile).
BLOCKS = {"exact": 64, "bounded": 8, "span": 4}
#: The block of campaign subsets over several years (VALIDATION.md A7): each a lower bound
#: on a weighted sum of one province's cells.
SPAN = "span"


def _block(row: cells.Row) -> str:
    return "exact" if row.kind == "exact" else "bounded"


def block_sizes(grid: cells.Cells) -> dict[str, int]:
    """Padded rows per block for this data set. Each block has at least one, so a fold
    that withholds a kind's only figure keeps the compiled model of the full data; a bound
    costs a latent variable and incomplete gamma functions per row, so its block stays
    small."""
    sizes = {kind: BLOCKS[kind] * max(1, math.ceil(sum(_block(r) == kind for r in grid.rows)
                                                   / BLOCKS[kind]))
             for kind in KINDS}
    sizes[SPAN] = BLOCKS[SPAN] * max(1, math.ceil(len(grid.spans) / BLOCKS[SPAN]))
    return sizes


def prepare(grid: cells.Cells, exposure: cells.Exposure, *, delta: float | None = None,
            sizes: dict[str, int] | None = None) -> Inputs:
    """Turn rows into the model's data arrays, one padded block per kind of figure (pad
    rows have weight 0 and harmless values, so every likelihood term stays finite).
    ``sizes`` fixes the blocks (cross-validation folds reuse the full data's sizes, and so
    its compiled model)."""
    sizes = sizes or block_sizes(grid)
    years = grid.years
    n_p, n_t = len(cells.PROVINCES), len(years)
    rows = grid.rows
    data: dict[str, np.ndarray] = {}
    for kind in KINDS:
        mine = [r for r in rows if _block(r) == kind]
        size = sizes[kind]
        # each figure's cell in the flattened province × year grid (pad rows: cell 0);
        # an open upper end is PAD_HIGH, where the Poisson tail is exactly 0
        cell, w, cov = np.zeros(size), np.zeros(size), np.ones(size)
        low, high = np.ones(size), np.full(size, PAD_HIGH)
        for k, row in enumerate(mine):
            cell[k] = row.province * n_t + years.index(row.year)
            w[k], cov[k], low[k] = 1.0, row.coverage, row.low
            high[k] = PAD_HIGH if math.isinf(row.high) else row.high
        data.update({f"{kind}_cell": cell, f"{kind}_w": w, f"{kind}_cov": cov,
                     f"{kind}_low": low})
        if kind == "bounded":  # an exact count's value is its low
            data[f"{kind}_high"] = high
    # spans (A7): a row of weights over the flattened grid (the share of each cell inside
    # the period) and the bound; pad rows have weight 0 and no cells
    size = sizes[SPAN]
    span_weights, span_w, span_low = np.zeros((size, n_p * n_t)), np.zeros(size), np.ones(size)
    for k, span in enumerate(grid.spans):
        for year, share in zip(span.years, span.shares):
            span_weights[k, span.province * n_t + years.index(year)] = share
        span_w[k], span_low[k] = 1.0, span.low
    data.update({f"{SPAN}_weights": span_weights, f"{SPAN}_w": span_w, f"{SPAN}_low": span_low})
    released = np.zeros((n_p, n_t))
    fixed = np.zeros(n_t)
    free = np.ones((n_p, n_t))
    for span in grid.spans:  # a cell with a used figure, as a partial-year row's (A7)
        for year in span.years:
            released[span.province, years.index(year)] = 1.0
    for row in rows:
        t = years.index(row.year)
        released[row.province, t] = 1.0
        if row.is_exact_cell and free[row.province, t]:
            free[row.province, t] = 0.0
            fixed[t] += row.value
    anchor_w, anchor_value, anchor_var = np.zeros(n_t), np.zeros(n_t), np.zeros(n_t)
    for row in grid.anchors:
        t = years.index(row.year)
        anchor_w[t] = 1.0
        anchor_value[t] = row.value
        anchor_var[t] = max((row.high - row.low) / 2, 0.5) ** 2 / 3
    expo_mask, expo_log = np.zeros((n_p, n_t)), np.zeros((n_p, n_t))
    for (i, t), value in exposure.observed.items():
        expo_mask[i, t], expo_log[i, t] = 1.0, math.log(value)
    data.update({
        "reference_year": reference_year(grid, years),
        "province_has_exposure": expo_mask.max(axis=1),
        "released": released, "anchor_w": anchor_w, "anchor_value": anchor_value,
        "anchor_var": anchor_var, "anchor_fixed": fixed, "anchor_free": free,
        "log_national": np.log(exposure.national),
        "share_scale": np.array(0.0 if exposure.measure == "population" else 1.0),
        "expo_mask": expo_mask, "expo_log": expo_log,
        "delta_free": np.array(1.0 if delta is None else 0.0),
        "delta_value": np.array(0.0 if delta is None else delta),
    })
    return Inputs(years, data, rows, grid.anchors, exposure, list(grid.spans))


def reference_year(grid: cells.Cells, years: tuple[int, ...]) -> np.ndarray:
    """One-hot over years: the year the data pin best, where the sampler anchors the walk
    (the last national anchor; without one, the year with the most figures)."""
    if grid.anchors:
        best = max(row.year for row in grid.anchors)
    elif grid.rows:
        counts = {year: sum(r.year == year for r in grid.rows) for year in years}
        best = max(years, key=lambda year: (counts[year], year))
    else:
        best = years[0]
    return np.eye(len(years))[years.index(best)]


def _build_model(inputs: Inputs) -> Any:
    import pymc as pm
    import pytensor.tensor as pt

    n_p, n_t = len(cells.PROVINCES), len(inputs.years)
    d = inputs.data
    log_pop_share = np.log(cells.POPULATION_SHARE)
    with pm.Model() as model:
        # one input holds every array: the compiled callbacks read one buffer
        packed = pm.Data("packed", pack(d))
        data, start = {}, 0
        for name, value in d.items():
            data[name] = packed[start:start + value.size].reshape(value.shape)
            start += value.size
        sigma_u = pm.HalfNormal("sigma_u", 0.5)
        u = sigma_u * pm.Normal("u_z", 0.0, 1.0, shape=n_p)
        sigma_rw = pm.HalfNormal("sigma_rw", 0.3)
        steps = sigma_rw * pm.Normal("beta_z", 0.0, 1.0, shape=n_t - 1)
        beta = pt.concatenate([pt.zeros(1), pt.cumsum(steps)])
        phi = pm.Gamma("phi", 2.0, 0.05)
        delta_z = pm.Normal("delta_z", 0.0, 1.0)
        delta = data["delta_free"] * 0.3 * delta_z + (1 - data["delta_free"]) * data["delta_value"]
        pm.Deterministic("delta", delta)
        central = pm.Beta("central", 2.0, 48.0)
        sigma_v = pm.HalfNormal("sigma_v", 0.5)
        v = data["share_scale"] * _partly_centred(
            "v", sigma_v, data["province_has_exposure"], n_p)
        log_w = log_pop_share + v - pt.logsumexp(log_pop_share + v)
        # The sampler moves the *level*, log(national count ÷ national exposure) in the
        # year the data pin best: α + β_ref + log((1 − c) e^δ Σ w_i e^{u_i} + c). A national
        # anchor fixes that sum, not α; with α as a coordinate every province effect and
        # the selection term would have to move along the anchor's narrow ridge. Same
        # model: α = level − … keeps its N(log 0.03, 1) prior, and the change of variables
        # is a shift with Jacobian 1.
        level = pm.Flat("level")
        log_mix = pt.log((1 - central) * pt.exp(delta + pt.logsumexp(log_w + u)) + central)
        alpha = pm.Deterministic(
            "alpha", level - pt.dot(data["reference_year"], beta) - log_mix)
        pm.Potential("alpha_prior", pm.logp(pm.Normal.dist(*ALPHA_PRIOR), alpha))
        pm.Deterministic("beta", beta)
        log_e = data["log_national"][None, :] + pt.log1p(-central) + log_w[:, None]
        pm.Potential("exposure_obs", (data["expo_mask"] * pm.logp(
            pm.Normal.dist(log_e, 0.1), data["expo_log"])).sum())
        log_mu = (log_e + alpha + u[:, None] + beta[None, :]
                  + delta * (1 - data["released"]))
        pm.Deterministic("log_mu", log_mu)
        mu = pt.exp(log_mu)
        mu_c = pt.exp(data["log_national"] + pt.log(central) + alpha + beta)
        terms = []
        flat_mu = mu.ravel()
        for kind in KINDS:
            mu_k = flat_mu[data[f"{kind}_cell"].astype("int64")] * data[f"{kind}_cov"]
            low, high = data.get(f"{kind}_low"), data.get(f"{kind}_high")
            if kind == "exact":
                ll = pm.logp(pm.NegativeBinomial.dist(mu=mu_k, alpha=phi), low)
            else:
                # NegBin(μ, φ) is Poisson(μg) with g ~ Gamma(φ, φ): with g drawn per row,
                # a bound is a Poisson tail, P(L ≤ Y ≤ U | λ), whose gradient is
                # closed-form (the NegBin CDF's is a series, slow to compile and to run).
                # At least L: U = PAD_HIGH; at most U: L = 0.
                g = _latent_gamma(f"{kind}_g", phi, data[f"{kind}_w"], len(d[f"{kind}_w"]))
                ll = _poisson_log_between(mu_k * g, low, high)
            terms.append((data[f"{kind}_w"] * ll).sum())
        # A7: at least L in a span of one province's cells, as one NegBin with the summed
        # mean (a Gamma–Poisson latent per span; more dispersed than a sum of independent
        # cells, so the bound binds less, not more). Pad rows get mean 1: finite, weight 0.
        span_w = data[f"{SPAN}_w"]
        span_mu = pt.dot(data[f"{SPAN}_weights"], flat_mu) + (1 - span_w)
        g = _latent_gamma(f"{SPAN}_g", phi, span_w, len(d[f"{SPAN}_w"]))
        ll = _poisson_log_between(span_mu * g, data[f"{SPAN}_low"], PAD_HIGH)
        terms.append((span_w * ll).sum())
        pm.Potential("figures", pt.add(*terms))
        free = data["anchor_free"]
        mean = data["anchor_fixed"] + (free * mu).sum(axis=0) + mu_c
        var = (free * (mu + mu**2 / phi)).sum(axis=0) + mu_c * (1 + mu_c / phi) + data["anchor_var"]
        pm.Potential("anchors", (data["anchor_w"] * pm.logp(
            pm.Normal.dist(mean, pt.sqrt(var)), data["anchor_value"])).sum())
    return model


def pack(data: dict[str, np.ndarray]) -> np.ndarray:
    """All of a fit's arrays in one float vector, in the order ``prepare`` made them."""
    return np.concatenate([np.asarray(value, dtype=float).ravel() for value in data.values()])


def _partly_centred(name: str, scale: Any, centred: Any, size: int) -> Any:
    """Effects e_i ~ N(0, scale²), sampled centred (e_i itself) where ``centred`` is 1 —
    effects the data pin — and non-centred (e_i = scale·z_i) elsewhere, where only the
    prior speaks. The same prior either way; each coordinate is the one
    the sampler moves well along."""
    import pymc as pm

    raw = pm.Flat(f"{name}_raw", shape=size)
    pm.Potential(f"{name}_prior", (centred * pm.logp(pm.Normal.dist(0.0, scale), raw)
                                   + (1 - centred) * pm.logp(pm.Normal.dist(0.0, 1.0), raw)).sum())
    return centred * raw + (1 - centred) * scale * raw


def _latent_gamma(name: str, phi: Any, weight: Any, size: int) -> Any:
    """g_k ~ Gamma(φ, φ) for each bounded figure (weight 1). Pad rows (weight 0) touch
    nothing, so their g follows a fixed Gamma(10, 10) instead of dragging a free
    dimension that widens and narrows with φ."""
    import pymc as pm
    import pytensor.tensor as pt

    log_g = pm.Flat(f"{name}_log", shape=size)
    g = pt.exp(log_g)
    prior = (weight * pm.logp(pm.Gamma.dist(phi, phi), g)
             + (1 - weight) * pm.logp(pm.Gamma.dist(10.0, 10.0), g))
    pm.Potential(f"{name}_prior", (prior + log_g).sum())  # + log|dg/dlog g|
    return g


def _poisson_log_between(lam: Any, low: Any, high: Any) -> Any:
    """log P(low ≤ Y ≤ high) for Y ~ Poisson(lam), through whichever difference of
    regularised incomplete gammas does not cancel on this side of the range (low 0 and
    high PAD_HIGH are open ends: P(0, λ) = 1, P(PAD_HIGH + 1, λ) = 0). Where that
    underflows (far in a tail) it is the log of the nearest edge's probability with the
    next term of the tail's series, log p(edge) − log(1 − r), r = λ/(low+1) or high/λ
    (VALIDATION.md A9): a floor there would be flat, and a chain that started there would
    never feel the bound."""
    import pytensor.tensor as pt

    # P(Y ≥ 0) = 1: PyTensor's incomplete gamma is NaN at a = 0 (A10), so an open lower
    # end (at most, person-times) takes a = 1 inside and 1 or 0 outside
    open_low = pt.le(low, 0)
    lower = pt.switch(open_low, 1.0, pt.gammainc(pt.maximum(low, 1), lam))
    upper = pt.switch(open_low, 0.0, pt.gammaincc(pt.maximum(low, 1), lam))
    p = pt.switch(lam < (low + high) / 2,
                  lower - pt.gammainc(high + 1, lam),
                  pt.gammaincc(high + 1, lam) - upper)
    below = lam < low
    edge = pt.switch(below, low, high)
    safe = pt.maximum(lam, 1e-300)
    # r < 1 wherever this branch is taken; capped so the branch not taken stays finite
    ratio = pt.minimum(pt.switch(below, safe / (low + 1), high / safe), 0.5)
    log_tail = edge * pt.log(safe) - safe - pt.gammaln(edge + 1) - pt.log1p(-ratio)
    return pt.switch(p > 1e-300, pt.log(pt.maximum(p, 1e-300)), log_tail)


def compiled_for(inputs: Inputs) -> Any:
    """The compiled model for these shapes: compiled once per process, or loaded from
    numba's cache on disk (``compiled.compile_model``)."""
    from liuzhi.estimate import compiled

    key = (len(inputs.years),) + tuple(len(inputs.data[f"{k}_w"]) for k in KINDS + (SPAN,))
    if key not in _COMPILED:
        # data stay model inputs (not frozen into constants), so refits swap them in
        _COMPILED[key] = compiled.compile_model(
            _build_model(inputs), initial_points={"level": ALPHA_PRIOR[0]}, var_names=KEPT)
    return _COMPILED[key].with_data(packed=pack(inputs.data))


@dataclass(frozen=True)
class Convergence:
    max_rhat: float
    min_ess: float
    divergences: int
    allowed: int = 0  # divergent transitions tolerated

    @property
    def ok(self) -> bool:
        return (self.max_rhat <= MAX_RHAT and self.min_ess >= MIN_ESS
                and self.divergences <= self.allowed)

    def phrase(self) -> tuple[str, dict[str, Any]]:
        """``describe`` as a key and parameters, for the report's words (either language)."""
        return ("convergence_detail", {
            "rhat": f"{self.max_rhat:.3f}", "max_rhat": MAX_RHAT, "ess": f"{self.min_ess:.0f}",
            "min_ess": MIN_ESS, "divergences": self.divergences, "allowed": self.allowed})

    def describe(self) -> str:
        return (f"R-hat {self.max_rhat:.3f} (≤ {MAX_RHAT}), bulk ESS {self.min_ess:.0f} "
                f"(≥ {MIN_ESS}), {self.divergences} divergent transitions "
                f"({self.allowed} allowed)")


def check(trace: Any, allowed: int = 0) -> Convergence:
    import arviz as az

    # (chain, draw) arrays: the one form ArviZ 0.23 and 1.x read alike
    chains = [trace.posterior[v].values for v in CHECKED]
    return Convergence(max(float(az.rhat(x)) for x in chains),
                       min(float(az.ess(x, method="bulk")) for x in chains),
                       int(trace.sample_stats["diverging"].values.sum()), allowed)


class HierarchicalBayes(DrawEstimator):
    name = "hierarchical_bayes"
    description = ("negative-binomial model of all 31 provinces × years (province effects, "
                   "random-walk year effects, selection term, each figure through its own "
                   "likelihood, national totals as anchors; PyMC + nutpie)")

    def __init__(self, exposure: str = "cases_filed", exclude: tuple[str, ...] = (),
                 delta: float | None = None, draws: int = 1000, tune: int = 1000,
                 chains: int = 2, target_accept: float = 0.95, check_convergence: bool = True,
                 random_state: int = 0, cores: int | None = None,
                 max_divergence_share: float = 0.0) -> None:
        self.exposure = exposure
        self.exclude = exclude
        self.delta = delta
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.target_accept = target_accept
        self.check_convergence = check_convergence
        self.random_state = random_state
        # cores to sample the chains on (None: one per chain); the draws do not depend on it
        self.cores = cores
        # divergent transitions tolerated, as a share of draws (0 for a published fit;
        # VALIDATION.md A4 allows 1% for validation fits)
        self.max_divergence_share = max_divergence_share

    def fit(self, data: Any) -> Self:
        _require()
        _import()
        table = as_table(data)
        grid = cells.build(table, exclude=self.exclude)
        if not grid.rows and not grid.anchors:
            raise EstimateError("HierarchicalBayes needs at least one usable liuzhi figure "
                                "from 2018 on; the ledger has none.")
        exposure = cells.exposure(table, self.exposure, grid.years, exclude=self.exclude)
        return self.fit_inputs(prepare(grid, exposure, delta=self.delta), grid)

    def fit_inputs(self, inputs: Inputs, grid: cells.Cells) -> Self:
        """Fit on prepared arrays (cross-validation builds them directly)."""
        import warnings

        import nutpie

        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*could not link to a BLAS",
                                    category=UserWarning)
            compiled = compiled_for(inputs)
        self.compile_seconds_ = time.perf_counter() - started
        started = time.perf_counter()

        def sample(seed: int, target_accept: float) -> Any:
            return nutpie.sample(compiled, draws=self.draws, tune=self.tune, chains=self.chains,
                                 cores=self.cores or min(self.chains, os.cpu_count() or 1),
                                 seed=seed,
                                 target_accept=target_accept, progress_bar=False,
                                 save_warmup=False)  # never read; converting it cost time

        allowed = int(self.max_divergence_share * self.draws * self.chains)
        trace = sample(self.random_state, self.target_accept)
        self.convergence_ = check(trace, allowed)
        self.rerun_after_: Convergence | None = None
        if self.check_convergence and not self.convergence_.ok:
            # the pre-registered second try (VALIDATION.md §3): smaller steps, next seed
            self.rerun_after_ = self.convergence_
            trace = sample(self.random_state + 1, RERUN_TARGET_ACCEPT)
            self.convergence_ = check(trace, allowed)
            if not self.convergence_.ok:
                raise ConvergenceFailed(
                    f"HierarchicalBayes did not converge ({self.rerun_after_.describe()}; "
                    f"then, rerun with target_accept {RERUN_TARGET_ACCEPT}: "
                    f"{self.convergence_.describe()}); its estimates are not published. Run "
                    "more draws (draws=, tune=) or check the figures for a conflict."
                )
        self.sample_seconds_ = time.perf_counter() - started
        self.inputs_, self.grid_ = inputs, grid
        self.grid_years_ = inputs.years
        post = trace.posterior
        self.log_mu_ = post["log_mu"].values.reshape(-1, len(cells.PROVINCES), len(inputs.years))
        flat = {v: post[v].values.reshape(-1) for v in
                ("alpha", "phi", "central", "delta", "sigma_u", "sigma_rw")}
        self.params_ = flat
        beta = post["beta"].values.reshape(self.log_mu_.shape[0], -1)
        self.log_mu_central_ = (np.log(inputs.exposure.national)[None, :]
                                + np.log(flat["central"])[:, None] + flat["alpha"][:, None] + beta)
        self._predict_totals()
        return self

    def _predict_totals(self) -> None:
        from scipy import stats

        rng = np.random.default_rng(self.random_state)
        inputs, years = self.inputs_, self.inputs_.years
        n_s = self.log_mu_.shape[0]
        phi = self.params_["phi"]
        mu = np.exp(self.log_mu_)
        projected = np.array(inputs.exposure.projected)
        wobble = np.exp(rng.normal(0, PROJECTION_SD, (n_s, len(years))) * projected)
        mu = mu * wobble[:, None, :]
        mu_c = np.exp(self.log_mu_central_) * wobble
        draws = rng.poisson(rng.gamma(phi[:, None, None], mu / phi[:, None, None]))
        draws = draws.astype(float)
        # cells with figures: kept as published, or truncated to what the figures say
        bounds: dict[tuple[int, int], list[float]] = {}
        for row in inputs.rows:
            t = years.index(row.year)
            low, high = bounds.setdefault((row.province, t), [0.0, math.inf])
            if row.is_exact_cell:
                bounds[(row.province, t)] = [row.value, row.value]
            elif row.coverage >= 1.0:
                bounds[(row.province, t)] = [max(low, row.low), min(high, row.high)]
            else:  # a part of the cell: the whole is at least the part
                bounds[(row.province, t)] = [max(low, row.low), high]
        for (i, t), (low, high) in bounds.items():
            if low == high:
                draws[:, i, t] = low
                continue
            p = phi / (phi + mu[:, i, t])
            lo = stats.nbinom.cdf(low - 1, phi, p) if low > 0 else np.zeros(n_s)
            hi = stats.nbinom.cdf(high, phi, p) if math.isfinite(high) else np.ones(n_s)
            q = lo + rng.random(n_s) * np.maximum(hi - lo, 0.0)
            draws[:, i, t] = np.clip(stats.nbinom.ppf(np.clip(q, 0, 1 - 1e-12), phi, p), low, high)
        central = rng.poisson(rng.gamma(phi[:, None], mu_c / phi[:, None]))
        totals = draws.sum(axis=1) + central
        anchors = {row.year: row for row in inputs.anchors}
        bases: dict[int, str] = {}
        phrases: dict[int, Any] = {}
        figures: dict[int, tuple[str, ...]] = {}
        used: tuple[str, ...] = (tuple(r.figure_id for r in inputs.rows)
                                 + tuple(s.figure_id for s in inputs.spans)
                                 + tuple(r.figure_id for r in inputs.anchors))
        used += inputs.exposure.national_figures + inputs.exposure.observed_figures
        for t, year in enumerate(years):
            if year in anchors:
                row = anchors[year]
                totals[:, t] = rng.uniform(row.low, row.high, n_s)
                bases[year] = f"official national figure {row.figure_id}, within its rounding"
                phrases[year] = ("basis_bayes_anchor", {"id": row.figure_id})
                figures[year] = (row.figure_id,)
                continue
            projected_note = " (national exposure projected from part of the year)" \
                if inputs.exposure.projected[t] else ""
            bases[year] = (f"posterior predictive sum of 31 provinces and the central level; "
                           f"exposure {inputs.exposure.measure}{projected_note}; "
                           f"{len(inputs.rows) + len(inputs.spans)} provincial figures, "
                           f"{len(inputs.anchors)} national anchors; {n_s:,} draws")
            phrases[year] = ("basis_bayes", {
                "exposure": inputs.exposure.measure,
                "projected": ("projected_part", {}) if projected_note else "",
                "provincial": len(inputs.rows) + len(inputs.spans),
                "anchors": len(inputs.anchors), "draws": f"{n_s:,}"})
            figures[year] = used
        self.draws_ = totals
        self.years_ = self._years_from_draws(bases, figures, phrases)

    def predict_cell(self, region_code: str, year: int) -> np.ndarray:
        """Posterior predictive count of one province-year as a *released* cell (without
        the selection term)."""
        self._check_fitted()
        i, t = cells.PROVINCES.index(region_code), self.grid_years_.index(year)
        released = self.inputs_.data["released"][i, t]
        mu = np.exp(self.log_mu_[:, i, t] - self.params_["delta"] * (1 - released))
        phi = self.params_["phi"]
        rng = np.random.default_rng(self.random_state + 1)
        return rng.poisson(rng.gamma(phi, mu / phi)).astype(float)

    def held_on_average_day(self, year: int) -> dict[float, Any]:
        """People held on an average day of ``year`` = placements per day × mean duration
        (Little's law), for each assumed mean duration in MEAN_DURATION_DAYS that applies
        to the year: the 183-day legal maximum only to years wholly before 1 June 2025. The
        duration is an assumption, not an estimate: only Hangzhou 2017 published one."""
        import datetime as dt

        per_day = self.predictive(year) / calendar.days_in_scope(year)
        from liuzhi.estimate.base import summarise

        old_law = dt.date(year, 12, 31) <= dt.date(*OLD_MAXIMUM_UNTIL)
        return {w: summarise(per_day * w)[0] for w in MEAN_DURATION_DAYS
                if w != OLD_MAXIMUM_DAYS or old_law}


def summary_frame(model: HierarchicalBayes) -> pd.DataFrame:
    """Posterior medians and 90% intervals of the main parameters."""
    rows = []
    for name, values in model.params_.items():
        low, mid, high = np.quantile(values, [0.05, 0.5, 0.95])
        rows.append({"parameter": name, "median": mid, "low90": low, "high90": high})
    return pd.DataFrame(rows)
