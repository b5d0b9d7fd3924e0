"""The hierarchical Bayesian estimator (rung 3). Slow (PyMC compiles the model once per
process, about a minute cold), but CI runs it: LIUZHI_TEST_REQUIRE_ALL=1 turns a missing
PyMC into a failure."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from liuzhi.errors import BayesUnavailable, ConvergenceFailed
from liuzhi.estimate import bayes, cells
from liuzhi.estimate.simulate import Scenario, simulate

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("needs_pymc")]

INNER_MONGOLIA, Y2018 = 4, 0


@pytest.fixture(scope="module")
def fitted(bundled_table):  # type: ignore[no-untyped-def]
    # the pre-registered settings (2 chains × 1,000 + 1,000, target_accept 0.95, seed 0),
    # with the convergence check on: the published fit must pass it
    return bayes.HierarchicalBayes().fit(bundled_table)


def _with_lz009(table: pd.DataFrame, **changes: object) -> pd.DataFrame:
    table = table.copy()
    index = table.index[table["id"] == "LZ009"][0]
    for column, value in changes.items():
        table.loc[index, column] = value
    return table


def test_fit_on_the_bundled_data_answers_the_questions(fitted) -> None:  # type: ignore[no-untyped-def]
    assert fitted.convergence_.ok, fitted.convergence_.describe()
    assert [e.year for e in fitted.per_year()] == list(range(2018, 2026))
    assert 25_500 <= fitted.year(2023).count.low <= fitted.year(2023).count.high <= 26_500
    y2021 = fitted.year(2021)
    assert set(y2021.intervals) == {0.5, 0.8, 0.9}
    assert y2021.intervals[0.5].low > y2021.intervals[0.9].low
    assert fitted.per_day(2021).point == pytest.approx(y2021.count.point / 365)
    window = fitted.cumulative(dt.date(2019, 10, 17), dt.date(2021, 6, 29))
    assert window.count.low < window.count.point < window.count.high
    assert set(window.intervals) == {0.5, 0.8, 0.9}
    held = fitted.held_on_average_day(2024)
    assert held[43.0].point < held[183.0].point


def test_at_least_never_pulls_the_estimate_below_it(bundled_table, fitted) -> None:  # type: ignore[no-untyped-def]
    high = bayes.HierarchicalBayes(draws=500, tune=500, check_convergence=False).fit(
        _with_lz009(bundled_table, value=5000.0))
    # every draw of 2018 holds Inner Mongolia's ≥ 5,000 and Jiangxi's 308
    assert high.predictive(2018).min() >= 5000 + 308
    assert np.exp(high.log_mu_[:, INNER_MONGOLIA, Y2018]).mean() > \
        np.exp(fitted.log_mu_[:, INNER_MONGOLIA, Y2018]).mean()


def test_person_times_acts_as_an_upper_bound(bundled_table, fitted) -> None:  # type: ignore[no-untyped-def]
    table = _with_lz009(bundled_table, unit="person_times", value=5.0, subset=False)
    capped = bayes.HierarchicalBayes(draws=500, tune=500, check_convergence=False).fit(table)
    assert [r.kind for r in capped.inputs_.rows if r.figure_id == "LZ009"] == ["at_most"]
    assert np.exp(capped.log_mu_[:, INNER_MONGOLIA, Y2018]).mean() < \
        np.exp(fitted.log_mu_[:, INNER_MONGOLIA, Y2018]).mean()


def test_a_fit_that_fails_the_convergence_check_refuses_to_publish(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = bayes.HierarchicalBayes(draws=10, tune=10)
    with pytest.raises(ConvergenceFailed, match="did not converge .* not published"):
        model.fit(bundled_table)
    assert not hasattr(model, "years_")


def test_recovers_synthetic_totals_within_its_intervals() -> None:
    panel = simulate(Scenario(anchors=(2023, 2024)), 1)
    model = bayes.HierarchicalBayes(draws=500, tune=500, check_convergence=False).fit(panel.table)
    years = [y for y in range(2018, 2026) if y not in (2023, 2024)]
    covered = [model.year(y).intervals[0.9].contains(panel.truth[y]) for y in years]
    assert sum(covered) >= len(years) - 1, [(y, model.year(y).count, panel.truth[y]) for y in years]


def test_without_the_extra_it_says_how_to_install(monkeypatch, bundled_table) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bayes, "available", lambda: False)
    with pytest.raises(BayesUnavailable, match=r"pip install 'liuzhi\[bayes\]'"):
        bayes.HierarchicalBayes().fit(bundled_table)


def test_the_sampler_s_coordinates_keep_alpha_s_prior(bundled_table) -> None:  # type: ignore[no-untyped-def]
    # The sampler moves a level rather than α (a shift whose Jacobian is 1). With nothing
    # but a bound that the prior already satisfies (Inner Mongolia 2018, at least 27), the
    # posterior of α must be its prior, N(log 0.03, 1); a wrong change of variables would
    # bend it.
    liuzhi = bundled_table["measure"] == "liuzhi"
    table = bundled_table[~liuzhi | (bundled_table["id"] == "LZ009")]
    model = bayes.HierarchicalBayes(check_convergence=False).fit(table)
    alpha = model.params_["alpha"]
    assert abs(alpha.mean() - bayes.ALPHA_PRIOR[0]) < 0.15
    assert 0.85 < alpha.std() < 1.15


def test_a_campaign_span_lifts_its_province_s_cells(bundled_table, fitted) -> None:  # type: ignore[no-untyped-def]
    """VALIDATION.md A7: Heilongjiang's grain-sector campaign (LZ016) bounds the part of
    its 2021 and 2022 cells inside the campaign from below; a bound far above them lifts
    them."""
    table = bundled_table.copy()
    table.loc[table.index[table["id"] == "LZ016"][0], "value"] = 5000.0
    lifted = bayes.HierarchicalBayes(draws=500, tune=500, check_convergence=False).fit(table)
    hlj = cells.PROVINCES.index("230000")
    t = lifted.grid_years_.index(2021)

    def span_mean(model) -> float:  # type: ignore[no-untyped-def]
        mu = np.exp(model.log_mu_[:, hlj, t:t + 2])
        return float((mu[:, 0] + mu[:, 1] * 105 / 365).mean())

    assert [s.figure_id for s in lifted.inputs_.spans] == ["LZ015", "LZ016"]
    assert span_mean(lifted) > 3 * span_mean(fitted)
