"""New evidence in the ladder (VALIDATION.md A6–A8): campaign subsets as bounds over their
span, the fourth form as an exposure, the exposure rule over any number of exposures, and
the listed-company indicator. Fast: synthetic tables and the bundled figures, no sampling."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from liuzhi.errors import EstimateError
from liuzhi.estimate import bayes, cells, validation
from liuzhi.estimate.simulate import _row

D = dt.date
HUNAN, HEILONGJIANG = cells.PROVINCES.index("430000"), cells.PROVINCES.index("230000")


def _table(*rows: dict[str, object]) -> pd.DataFrame:
    """National cases filed for 2018–2020 and the given rows."""
    base = [_row(f"LA{y}", "cases_filed", "000000", D(y, 1, 1), D(y, 12, 31), 600_000)
            for y in (2018, 2019, 2020)]
    return pd.DataFrame(base + list(rows))


def _subset(row: dict[str, object], parent: str | None = None) -> dict[str, object]:
    return {**row, "subset": True, "subset_of": parent if parent else np.nan}


def test_a_campaign_subset_over_two_years_is_a_span_on_its_cells() -> None:
    grid = cells.build(_table(
        _row("LZ900", "liuzhi", "360000", D(2018, 1, 1), D(2018, 12, 31), 300),
        _subset(_row("LZ901", "liuzhi", "430000", D(2018, 1, 1), D(2019, 2, 28), 57))))
    (span,) = grid.spans
    assert (span.figure_id, span.province, span.years, span.low) == (
        "LZ901", HUNAN, (2018, 2019), 57.0)
    # 2018 from 20 March (A3) is wholly inside; 2019 up to 28 February: 59 of 365 days
    assert span.shares == pytest.approx((1.0, 59 / 365))
    assert "LZ901" not in grid.left_out and "LZ901" in grid.figure_ids()
    assert grid.released[HUNAN, 0] and grid.released[HUNAN, 1] and not grid.released[HUNAN, 2]


def test_spans_that_bound_nothing_are_left_out_with_a_reason() -> None:
    grid = cells.build(_table(
        # a total over two years is no lower bound of a part: not a subset
        _row("LZ902", "liuzhi", "430000", D(2018, 1, 1), D(2019, 6, 30), 500),
        # part of another figure that is itself used
        _subset(_row("LZ903", "liuzhi", "430000", D(2018, 3, 1), D(2019, 6, 30), 5),
                parent="LZ902"),
        # a pilot province from 2017: part of the count lies before the grid
        _subset(_row("LZ904", "liuzhi", "330000", D(2017, 6, 1), D(2018, 6, 30), 40)),
        # person-times bound persons from above only
        _subset(_row("LZ905", "liuzhi", "430000", D(2018, 1, 1), D(2019, 6, 30), 9,
                     unit="person_times"))))
    assert not grid.spans
    assert grid.left_out["LZ902"] == "period spans several years"
    assert grid.left_out["LZ903"] == "period spans several years"
    assert "outside the grid (2017)" in grid.left_out["LZ904"]
    assert "persons" in grid.left_out["LZ905"]


def test_the_bundled_campaign_subsets_become_spans(bundled_table) -> None:  # type: ignore[no-untyped-def]
    grid = cells.build(bundled_table)
    spans = {s.figure_id: s for s in grid.spans}
    assert set(spans) == {"LZ015", "LZ016"}
    assert (spans["LZ015"].province, spans["LZ015"].years) == (HUNAN, (2018, 2019))
    assert (spans["LZ016"].province, spans["LZ016"].years, spans["LZ016"].low) == (
        HEILONGJIANG, (2021, 2022), 92.0)
    assert spans["LZ016"].shares == pytest.approx((1.0, 105 / 365))  # to 15 April 2022
    assert set(grid.left_out) == {"LZ005", "LZ006", "LZ008"}


def test_spans_enter_the_model_as_weighted_rows_of_the_grid(bundled_table) -> None:  # type: ignore[no-untyped-def]
    grid = cells.build(bundled_table)
    inputs = bayes.prepare(grid, cells.exposure(bundled_table, "cases_filed", grid.years))
    n_t = len(grid.years)
    weights, w, low = (inputs.data[k] for k in ("span_weights", "span_w", "span_low"))
    assert weights.shape == (bayes.BLOCKS["span"], len(cells.PROVINCES) * n_t)
    assert list(w) == [1.0, 1.0, 0.0, 0.0] and list(low[:2]) == [57.0, 92.0]
    assert weights[0, HUNAN * n_t + 0] == 1.0
    assert weights[0, HUNAN * n_t + 1] == pytest.approx(59 / 365)
    assert weights[1, HEILONGJIANG * n_t + 3] == 1.0 and weights[2:].sum() == 0.0
    assert np.count_nonzero(weights[0]) == 2  # Hunan's 2018 and 2019 cells only
    assert inputs.data["released"][HEILONGJIANG, 4] == 1.0
    assert bayes.block_sizes(grid)["span"] == 4


def test_the_fourth_form_is_an_exposure_but_never_filled_in(bundled_table) -> None:  # type: ignore[no-untyped-def]
    assert "fourth_form" in cells.EXPOSURES
    grid = cells.build(bundled_table)
    # the bundled series lacks 2018, 2019, 2023 and 2024: no fit, rather than a made-up year
    with pytest.raises(EstimateError, match="No national fourth_form figure for 2018"):
        cells.exposure(bundled_table, "fourth_form", grid.years)
    years = (2018, 2019, 2020)
    table = pd.DataFrame([
        _row("FF2018", "fourth_form", "000000", D(2018, 1, 1), D(2018, 12, 31), 55_000,
             "approximate", "person_times", 1000),
        _row("FF2019", "fourth_form", "000000", D(2019, 1, 1), D(2019, 12, 31), 68_000,
             "approximate", "person_times", 1000),
        _row("FF2020", "fourth_form", "000000", D(2020, 1, 1), D(2020, 3, 31), 12_000,
             "approximate", "person_times", 1000),
        _row("FF9", "fourth_form", "440000", D(2019, 1, 1), D(2019, 12, 31), 3754,
             unit="person_times")])
    exposure = cells.exposure(table, "fourth_form", years)
    assert exposure.national[1] == 68_000
    assert exposure.national[0] == pytest.approx(55_000 * 287 / 365)
    assert exposure.national[2] == pytest.approx(12_000 * 366 / 91)  # Q1 projected
    assert exposure.projected == (False, False, True)
    assert exposure.observed == {(cells.PROVINCES.index("440000"), 1): 3754.0}


def _summary(loyo: dict[str, list[float]], lopo: dict[str, list[float]]) -> pd.DataFrame:
    """Per-target scores as ``validation.target_scores`` gives them (A5 reads targets)."""
    return pd.DataFrame([{"data": "real", "split": split, "estimator": f"hierarchical_bayes[{e}]",
                          "target": f"{split} target {k}", "crps_log": v}
                         for split, scores in (("loyo", loyo), ("lopo", lopo))
                         for e, values in scores.items() for k, v in enumerate(values)])


def test_the_exposure_rule_ranks_four_exposures_and_skips_missing_ones() -> None:
    clear = _summary({"cases_filed": [0.30, 0.40, 0.50], "punished": [0.29, 0.39, 0.49],
                      "population": [0.5, 0.6, 0.7], "fourth_form": [0.10, 0.20, 0.30]},
                     {"cases_filed": [0.40, 0.50, 0.60], "punished": [0.41, 0.51, 0.61],
                      "population": [0.6, 0.7, 0.8], "fourth_form": [0.20, 0.30, 0.40]})
    assert validation.choose_exposure(clear)[0] == "fourth_form"
    # not fitted (no figure for some year): its scores are missing, so it cannot be chosen
    nan = [math.nan] * 3
    missing = _summary({"cases_filed": [0.30, 0.40, 0.50], "punished": [0.20, 0.30, 0.40],
                        "fourth_form": nan},
                       {"cases_filed": [0.40, 0.50, 0.60], "punished": [0.30, 0.40, 0.50],
                        "fourth_form": nan})
    assert validation.choose_exposure(missing)[0] == "punished"
    assert "fourth_form" in validation.MODEL_MEASURES
    assert [a.key for a in validation.AMENDMENTS][-5:] == ["A6", "A7", "A8", "A9", "A10"]


def test_the_listed_company_indicator_is_unscored_without_a_latest_figure(bundled_table) -> None:  # type: ignore[no-untyped-def]
    from liuzhi.estimate.indicator import listed_indicator

    found = listed_indicator(bundled_table)
    assert found is not None
    # 38,000 in 2024 (LZ003) per LC001's 51 in 350 days, times LC003's 39 in 273 days
    assert found.year == 2025 and found.calibration == "LZ003"
    assert found.tallies == ("LC001", "LC003")
    assert found.value == pytest.approx(38_000 / (51 / 350) * (39 / 273))
    assert not found.scored and found.truth is None
    assert "not scored" in found.why and "no earlier year" in found.why


def test_the_listed_company_indicator_is_scored_once_the_figure_exists() -> None:
    from liuzhi.estimate.indicator import listed_indicator

    table = pd.DataFrame([
        _row("LZ1", "liuzhi", "000000", D(2023, 1, 1), D(2023, 12, 31), 26_000),
        _row("LZ2", "liuzhi", "000000", D(2024, 1, 1), D(2024, 12, 31), 38_000),
        _row("LC1", "listed_company_liuzhi", "000000", D(2023, 1, 1), D(2023, 12, 31), 20),
        _row("LC2", "listed_company_liuzhi", "000000", D(2024, 1, 1), D(2024, 6, 30), 15),
        _row("LC3", "listed_company_liuzhi", "000000", D(2024, 1, 1), D(2024, 12, 31), 40)])
    found = listed_indicator(table)
    assert found is not None and found.scored
    # calibrated on 2023 only (never on the year it speaks for), the longest 2024 tally
    assert found.calibration == "LZ1" and found.tallies == ("LC1", "LC3")
    assert found.value == pytest.approx(26_000 / (20 / 365) * (40 / 366))
    assert found.error == pytest.approx(abs(math.log1p(found.value) - math.log1p(38_000)))
    assert "scored against LZ2" in found.why
    assert listed_indicator(table[table["measure"] == "liuzhi"]) is None


def test_a_bound_far_in_a_tail_keeps_its_value_and_gradient() -> None:
    """VALIDATION.md A9: where P(L ≤ Y ≤ U) underflows, the log of the nearest edge's
    probability and the tail's next term stand in; elsewhere the exact value is kept."""
    pytensor = pytest.importorskip("pytensor")  # the bayes extra; CI has it
    import pytensor.tensor as pt
    from scipy import stats

    lam = pt.dvector("lam")
    low, high = pt.dvector("low"), pt.dvector("high")
    out = bayes._poisson_log_between(lam, low, high)
    f = pytensor.function([lam, low, high], [out, pt.grad(out.sum(), lam)])
    lams = np.array([300.0, 30.0, 30.0, 9000.0])
    lows = np.array([5000.0, 27.0, 0.0, 0.0])
    highs = np.array([bayes.PAD_HIGH, bayes.PAD_HIGH, 40.0, 40.0])
    value, grad = f(lams, lows, highs)
    from scipy.special import logsumexp

    # SciPy's own tails underflow too: sum the log-pmf over the tail instead
    exact = [logsumexp(stats.poisson.logpmf(np.arange(5000, 15000), 300)),
             stats.poisson.logsf(26, 30), stats.poisson.logcdf(40, 30),
             logsumexp(stats.poisson.logpmf(np.arange(0, 41), 9000))]
    assert value[1:3] == pytest.approx(exact[1:3], rel=1e-6)
    # far tails: within a hundredth of the exact log (not a flat −690), pulling the right way
    assert value[0] == pytest.approx(exact[0], abs=0.01)
    assert value[3] == pytest.approx(exact[3], abs=0.01)
    assert grad[0] > 1 and grad[3] < -0.9
    assert np.isfinite(grad).all()
