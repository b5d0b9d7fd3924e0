"""The estimators against a calculation done by hand from the bundled figures.

The numbers typed here are copied from liuzhi/data/figures.csv (and the census
populations in regions.csv), so these tests fail if either the data or the arithmetic
changes.
"""

import datetime as dt
import statistics

import pytest

from liuzhi.errors import EstimateError
from liuzhi.estimate import ESTIMATORS, LADDER, METHODS, CaseRatio, PopulationShare, leave_one_out

PROVINCES = 1_409_778_724  # sum of the 31 provinces, 2020 census
PILOTS = 21_893_095 + 34_915_616 + 64_567_588  # Beijing + Shanxi + Zhejiang
JIANGXI, HANGZHOU = 45_188_635, 11_936_010

# Days in which liuzhi could exist (VALIDATION.md A3): from 17 March 2017 in the pilot
# provinces, from 20 March 2018 elsewhere. Hangzhou 2017 (LZ006) lies inside the pilot
# group's Zhejiang in an overlapping period: not an independent region.
RATES = {
    "LZ005": 183 / (PILOTS / PROVINCES) / 168,  # 2017-03-17 – 2017-08-31
    "LZ007": 308 / (JIANGXI / PROVINCES) / 287,  # 2018-03-20 – 2018-12-31
}
LOW, MID, HIGH = min(RATES.values()), statistics.median(RATES.values()), max(RATES.values())

HANGZHOU_CASES = 2358 * 290 / 365  # calendar-year cases scaled to the liuzhi period
RATIOS = {"2023": 26000 / 626000, "2024": 38000 / 877000, "hangzhou": 31 / HANGZHOU_CASES}
POOLED = (26000 + 38000 + 31) / (626000 + 877000 + HANGZHOU_CASES)
NATIONAL_CASES = {2018: 638000 * 287 / 365, 2019: 619000, 2020: 618000, 2021: 631000,
                  2022: 322000 * 365 / 181, 2023: 626000, 2024: 877000, 2025: 1012000}


def test_population_share_rates(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = PopulationShare().fit(bundled_table)
    assert {r.figure_id: r.national_per_day for r in model.rates_} == pytest.approx(RATES)
    assert (model.rate_.low, model.rate_.point, model.rate_.high) == pytest.approx((LOW, MID, HIGH))
    # Subsets (LZ008, LZ009), national figures and NGO estimates are not regional rates;
    # Hangzhou is dropped, with its reason, because it overlaps the pilot group.
    assert sorted(r.figure_id for r in model.rates_) == ["LZ005", "LZ007"]
    assert [d.figure_id for d in model.dropped_] == ["LZ006"]
    assert model.dropped_[0].within_figure == "LZ005"
    assert "lies within Beijing, Shanxi and Zhejiang" in model.dropped_[0].reason
    # the pilot group's rate rests on its three provinces' census figures
    pilot = next(r for r in model.rates_ if r.figure_id == "LZ005")
    assert pilot.population_figures == ("PO002", "PO005", "PO012")


def test_one_rule_for_the_days_liuzhi_could_exist() -> None:
    from liuzhi.estimate import calendar

    assert calendar.possible_days(dt.date(2017, 1, 1), dt.date(2017, 8, 31), "G-PILOT-2017") == 168
    assert calendar.possible_days(dt.date(2017, 1, 1), dt.date(2017, 12, 31), "330100") == 290
    assert calendar.possible_days(dt.date(2018, 1, 1), dt.date(2018, 12, 31), "360000") == 287
    assert calendar.possible_days(dt.date(2017, 1, 1), dt.date(2017, 12, 31), "360000") == 0
    assert calendar.possible_days(dt.date(2018, 1, 1), dt.date(2018, 12, 31), "000000") == \
        calendar.days_in_scope(2018)


def test_population_share_per_year_and_per_day(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = PopulationShare().fit(bundled_table)
    assert [e.year for e in model.per_year()] == list(range(2018, 2026))
    y2018, y2020 = model.year(2018), model.year(2020)
    assert y2018.days == 287 and y2020.days == 366
    assert y2018.count.point == pytest.approx(MID * 287)
    assert (y2020.count.low, y2020.count.high) == pytest.approx((LOW * 366, HIGH * 366))
    assert model.per_day(2023).point == pytest.approx(MID)
    assert {"LZ005", "PO002", "PO005", "PO012", "LZ007", "PO015"} <= set(y2018.figures)
    assert "LZ006" not in y2018.figures


def test_case_ratio_pairs_and_ratio(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = CaseRatio().fit(bundled_table)
    pairs = {(p.liuzhi_figure, p.cases_figure): p.ratio for p in model.pairs_}
    assert pairs == pytest.approx({("LZ001", "LA008"): RATIOS["2023"],
                                   ("LZ003", "LA009"): RATIOS["2024"],
                                   ("LZ006", "LA015"): RATIOS["hangzhou"]})
    assert model.ratio_.point == pytest.approx(POOLED)
    assert model.ratio_.low == pytest.approx(RATIOS["hangzhou"])
    assert model.ratio_.high == pytest.approx(RATIOS["2024"])


def test_case_ratio_per_year(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = CaseRatio().fit(bundled_table)
    got = {e.year: e.count.point for e in model.per_year()}
    assert got == pytest.approx({y: POOLED * c for y, c in NATIONAL_CASES.items()})
    assert "projected pro rata from Jan–Jun (LA007)" in model.year(2022).basis
    assert model.year(2025).count.high == pytest.approx(RATIOS["2024"] * 1012000)
    assert model.per_day(2024).point == pytest.approx(POOLED * 877000 / 366)


def test_cumulative_since_the_mou(bundled_table) -> None:  # type: ignore[no-untyped-def]
    since, until = dt.date(2019, 10, 17), dt.date(2021, 6, 29)
    ratio = CaseRatio().fit(bundled_table).cumulative(since, until)
    expected = POOLED * (619000 * 76 / 365 + 618000 + 631000 * 180 / 365)
    assert ratio.count.point == pytest.approx(expected)
    assert ratio.days == 622
    share = PopulationShare().fit(bundled_table).cumulative(since, until)
    assert share.count.point == pytest.approx(MID * 622)
    assert share.count.low == pytest.approx(LOW * 622)


def test_cumulative_starts_with_the_supervision_law(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = PopulationShare().fit(bundled_table)
    early = model.cumulative(dt.date(2017, 1, 1), dt.date(2018, 12, 31))
    assert early.since == dt.date(2018, 3, 20)
    assert early.count.point == pytest.approx(MID * 287)


def test_leave_one_out_by_hand(bundled_table) -> None:  # type: ignore[no-untyped-def]
    results = {(b.method, b.year): b for b in leave_one_out(bundled_table, METHODS)}
    # Without 2024 (LZ003 and its duplicates LZ004, LZ014) the ratio comes from 2023 and
    # Hangzhou only.
    pooled_wo_2024 = (26000 + 31) / (626000 + HANGZHOU_CASES)
    assert results[("case_ratio", 2024)].predicted.point == pytest.approx(pooled_wo_2024 * 877000)
    pooled_wo_2023 = (38000 + 31) / (877000 + HANGZHOU_CASES)
    assert results[("case_ratio", 2023)].predicted.point == pytest.approx(pooled_wo_2023 * 626000)
    assert results[("case_ratio", 2023)].covered is True   # 26,000 within the ratio range
    assert results[("case_ratio", 2024)].covered is False  # 38,000 above it
    # PopulationShare never uses national figures: the held-out year changes nothing.
    assert results[("population_share", 2024)].predicted.point == pytest.approx(MID * 366)
    assert results[("population_share", 2024)].relative_error == \
        pytest.approx(MID * 366 / 38000 - 1)


def test_excluding_a_figure_excludes_its_duplicates(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = CaseRatio(exclude=("LZ003",)).fit(bundled_table)
    assert "LZ003" not in {p.liuzhi_figure for p in model.pairs_}
    assert not {"LZ004", "LZ014"} & {p.liuzhi_figure for p in model.pairs_}


def test_questions_outside_the_data_are_refused(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = CaseRatio().fit(bundled_table)
    with pytest.raises(EstimateError, match="no estimate for 2030: it covers 2018–2025"):
        model.year(2030)
    with pytest.raises(EstimateError, match="starts .* after it ends"):
        model.cumulative(dt.date(2021, 1, 1), dt.date(2020, 1, 1))
    with pytest.raises(EstimateError, match="not fitted yet"):
        CaseRatio().per_year()


def test_get_params_and_fitted_attributes_follow_the_contract(bundled_table) -> None:  # type: ignore[no-untyped-def]
    model = CaseRatio(exclude=("LZ001",))
    assert model.get_params() == {"measure": "liuzhi", "exposure": "cases_filed",
                                  "exclude": ("LZ001",)}
    assert model.fit(bundled_table) is model
    assert model.get_params() == {"measure": "liuzhi", "exposure": "cases_filed",
                                  "exclude": ("LZ001",)}


@pytest.mark.parametrize("cls", LADDER, ids=lambda c: c.name)
def test_every_rung_keeps_scikit_learn_s_contract(cls) -> None:  # type: ignore[no-untyped-def]
    """Parameters are __init__'s keywords, stored unchanged: the defaults read back as the
    signature gives them, any value given reads back as given, and a copy made from
    get_params() has the same parameters (what sklearn.base.clone relies on)."""
    import inspect

    signature = inspect.signature(cls.__init__)
    defaults = {n: p.default for n, p in signature.parameters.items() if n != "self"}
    model = cls()
    assert model.get_params() == defaults
    given = {name: ("sentinel", name) for name in defaults}  # any object, kept as is
    assert cls(**given).get_params() == given
    assert cls(**model.get_params()).get_params() == model.get_params()
    assert model.set_params(exclude=("LZ001",)).get_params()["exclude"] == ("LZ001",)
    with pytest.raises(EstimateError, match="has no parameter nonsense"):
        model.set_params(nonsense=1)


def test_one_list_of_estimators_serves_reports_and_the_validation() -> None:
    from liuzhi.estimate import validation

    assert validation.LADDER == tuple(c.name for c in LADDER)
    assert list(METHODS) == [c.name for c in LADDER[:2]]
    made = validation.factories(synthetic=False)
    assert all(type(made[name](())) is ESTIMATORS[name] for name in made)


def test_estimators_say_what_data_they_lack(bundled_table) -> None:  # type: ignore[no-untyped-def]
    no_regions = bundled_table[bundled_table["region_level"] == "national"]
    with pytest.raises(EstimateError, match="at least one official provincial or city"):
        PopulationShare().fit(no_regions)
    no_cases = bundled_table[bundled_table["measure"] != "cases_filed"]
    with pytest.raises(EstimateError, match="both a liuzhi count and a cases_filed count"):
        CaseRatio().fit(no_cases)
    with pytest.raises(EstimateError, match="no figures to estimate from"):
        CaseRatio().fit(bundled_table.iloc[0:0])
