"""Rungs 0–2, the scores, the figure rows and the simulator (fast; no PyMC)."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from liuzhi.errors import EstimateError
from liuzhi.estimate import CaseRatio, PopulationShare, cells, scoring
from liuzhi.estimate.mixed_model import LogRateMixed
from liuzhi.estimate.simulate import YEARS, Scenario, simulate


def test_crps_matches_the_normal_closed_form() -> None:
    draws = np.random.default_rng(0).normal(size=40_000)
    y = 0.5
    closed = y * (2 * stats.norm.cdf(y) - 1) + 2 * stats.norm.pdf(y) - 1 / math.sqrt(math.pi)
    assert scoring.crps(draws, y) == pytest.approx(closed, abs=0.005)
    assert scoring.crps(np.array([3.0]), 1.0) == 2.0  # a point forecast: absolute error


def test_interval_score_coverage_and_pit() -> None:
    assert scoring.interval_score(10, 20, 15, 0.9) == 10
    assert scoring.interval_score(10, 20, 25, 0.9) == pytest.approx(10 + 2 / 0.1 * 5)
    assert scoring.pit(np.arange(100), 50) == pytest.approx(0.505)
    assert scoring.central(np.arange(101), 0.5) == (25.0, 75.0)


def test_bundled_figures_become_rows(bundled_table) -> None:  # type: ignore[no-untyped-def]
    grid = cells.build(bundled_table)
    assert grid.years == tuple(range(2018, 2026))
    rows = {r.figure_id: r for r in grid.rows}
    assert rows["LZ007"].kind == "exact" and rows["LZ007"].coverage == 1.0
    # 27 bureau-level cadres, part of no published figure: a lower bound for the region
    assert rows["LZ009"].kind == "at_least" and math.isinf(rows["LZ009"].high)
    assert {a.figure_id: (a.low, a.high) for a in grid.anchors} == {
        "LZ001": (25500, 26500), "LZ003": (37500, 38500)}
    assert set(grid.left_out) == {"LZ005", "LZ006", "LZ008"}  # pilot era; part of LZ007
    assert "pilot era" in grid.left_out["LZ005"]


@pytest.mark.parametrize(("qualifier", "unit", "precision", "bounds", "kind"), [
    ("exact", "persons", None, (300, 300), "exact"),
    ("more_than", "persons", 100, (301, 399), "range"),  # 300余
    ("more_than", "persons", None, (301, math.inf), "at_least"),  # 超过300
    ("approximate", "persons", 1000, (0, 500), "range"),
    ("nearly", "persons", None, (270, 299), "range"),
    ("exact", "person_times", None, (0, 300), "at_most"),  # 人次 bound persons above
])
def test_qualifiers_become_bounds(qualifier, unit, precision, bounds, kind) -> None:  # type: ignore[no-untyped-def]
    value = 300.0
    low, high, got = cells._bounds(value, None, qualifier, precision, unit)
    if qualifier == "approximate":
        assert (low, high) == (0, 800)
    else:
        assert (low, high) == bounds
    assert got == kind


def test_partial_year_and_city_figures_scale_by_coverage() -> None:
    panel = simulate(Scenario(), 1)
    table = panel.table
    half = table[(table["measure"] == "liuzhi")
                 & np.array([d.month == 6 for d in table["period_end"]])]
    assert len(half) > 0
    grid = cells.build(table)
    for row in half.itertuples():
        mapped = next(r for r in grid.rows if r.figure_id == row.id)
        year = row.period_start.year
        expected = ((row.period_end - row.period_start).days + 1) / (
            366 if year % 4 == 0 else 365) if year > 2018 else 103 / 287
        assert mapped.coverage == pytest.approx(expected)


def test_simulator_is_reproducible_and_informative_release_favours_high_use() -> None:
    a, b = simulate(Scenario(), 7), simulate(Scenario(), 7)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.cells.shape == (31, len(YEARS))
    assert a.truth[2024] == pytest.approx(a.cells[:, YEARS.index(2024)].sum(), rel=0.1)
    high, low = [], []
    for seed in range(20):
        panel = simulate(Scenario(informative=True), seed)
        order = np.argsort(panel.province_effect)
        low.append(panel.released[order[:10]].mean())
        high.append(panel.released[order[-10:]].mean())
    assert np.mean(high) > 2 * np.mean(low)


def test_mixed_model_recovers_synthetic_totals() -> None:
    covered = total = 0
    for seed in (1, 2, 3):
        panel = simulate(Scenario(anchors=(2024,)), seed)
        model = LogRateMixed().fit(panel.table)
        for estimate in model.per_year():
            if estimate.year != 2024:
                total += 1
                covered += estimate.intervals[0.9].contains(panel.truth[estimate.year])
        # the anchored year is the official figure within its rounding
        assert model.year(2024).count.contains(panel.truth[2024]) or \
            abs(model.year(2024).count.point - panel.truth[2024]) <= 500
    assert covered / total >= 0.75


def test_mixed_model_answers_the_three_questions(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = LogRateMixed().fit(bundled_table)
    assert [e.year for e in model.per_year()] == list(range(2018, 2026))
    assert model.year(2023).count.contains(26000) and model.year(2023).count.high <= 26500
    assert set(model.year(2021).intervals) == {0.5, 0.8, 0.9}
    assert model.per_day(2020).point == pytest.approx(model.year(2020).count.point / 366)
    window = model.cumulative(dt.date(2019, 10, 17), dt.date(2021, 6, 29))
    assert window.count.low < window.count.point < window.count.high
    # cumulative is summed draw by draw: narrower than adding the interval ends
    ends = sum(model.year(y).count.high for y in (2020,)) + 0  # one full year inside
    assert window.count.high > ends * 0.5
    assert "LZ007" in model.year(2021).figures


def test_mixed_model_refuses_too_few_figures(bundled_table) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EstimateError, match="at least three liuzhi figures"):
        LogRateMixed(exclude=("LZ007",)).fit(bundled_table)


def test_ensemble_rungs_cover_synthetic_totals() -> None:
    panel = simulate(Scenario(anchors=(2023, 2024)), 2)
    ratio = CaseRatio().fit(panel.table)
    share = PopulationShare().fit(panel.table)
    for year in (2019, 2021, 2025):
        assert ratio.year(year).count.contains(panel.truth[year])
        assert len(ratio.predictive(year)) == len(ratio.pairs_)
    assert share.predict_cell("330000", 2020).shape == (len(share.rates_),)
