"""The exposure rule of VALIDATION.md as amended by A5, on synthetic per-target scores
(no fits): another exposure replaces cases filed only when it is better than every other
exposure on at least three held-out targets in both LOYO and LOPO, by a margin that grows
with the spread of the paired differences."""

import pandas as pd

from liuzhi.estimate import validation


def _scores(loyo: dict[str, list[float]], lopo: dict[str, list[float]],
            *, backtest: dict[str, list[float]] | None = None) -> pd.DataFrame:
    rows = []
    for split, found in (("loyo", loyo), ("lopo", lopo), ("backtest", backtest or {})):
        for exposure, values in found.items():
            for k, value in enumerate(values):
                rows.append({"data": "real", "split": split,
                             "estimator": f"hierarchical_bayes[{exposure}]",
                             "target": f"{split} target {k}", "crps_log": value})
    return pd.DataFrame(rows)


def test_one_target_is_no_evidence_between_exposures() -> None:
    """The bundled figures' case: both splits score Jiangxi 2018 alone. However far apart
    the exposures score on it, cases filed stays."""
    one = _scores({"cases_filed": [0.90], "punished": [0.10], "population": [5.8]},
                  {"cases_filed": [0.90], "punished": [0.10], "population": [5.8]})
    chosen, why = validation.choose_exposure(one)
    assert chosen == "cases_filed"
    assert "LOYO 1, LOPO 1" in why


def test_a_clear_and_consistent_gain_on_three_targets_replaces_the_default() -> None:
    clear = _scores({"cases_filed": [0.30, 0.40, 0.50], "punished": [0.20, 0.31, 0.41]},
                    {"cases_filed": [0.30, 0.40, 0.50], "punished": [0.20, 0.29, 0.40]})
    chosen, why = validation.choose_exposure(clear)
    assert chosen == "punished"
    assert "LOYO against cases_filed: 3 targets" in why


def test_a_gain_within_the_spread_of_the_differences_keeps_the_default() -> None:
    """Mean gain 0.05 (above A4's 0.02), but the paired differences (0.25, −0.05, −0.05)
    scatter: the t margin (about 0.25) is not met."""
    noisy = _scores({"cases_filed": [0.60, 0.30, 0.30], "punished": [0.35, 0.35, 0.35]},
                    {"cases_filed": [0.60, 0.30, 0.30], "punished": [0.35, 0.35, 0.35]})
    assert validation.choose_exposure(noisy)[0] == "cases_filed"
    ok, detail = validation.beats(pd.Series([0.35, 0.35, 0.35]), pd.Series([0.60, 0.30, 0.30]))
    assert not ok and "mean +0.050" in detail


def test_a_gain_below_the_fixed_margin_keeps_the_default() -> None:
    small = _scores({"cases_filed": [0.30, 0.40, 0.50], "punished": [0.29, 0.39, 0.49]},
                    {"cases_filed": [0.30, 0.40, 0.50], "punished": [0.29, 0.39, 0.49]})
    assert validation.choose_exposure(small)[0] == "cases_filed"


def test_both_splits_must_agree() -> None:
    split = _scores({"cases_filed": [0.30, 0.40, 0.50], "punished": [0.20, 0.30, 0.40]},
                    {"cases_filed": [0.30, 0.40, 0.50], "punished": [0.40, 0.50, 0.60]})
    assert validation.choose_exposure(split)[0] == "cases_filed"


def test_the_backtest_counts_as_leave_one_year_out() -> None:
    """§4.2: for 2023 and 2024 LOYO is the national backtest, so one 2018 cell and two
    national years make three LOYO targets."""
    found = _scores({"cases_filed": [0.30], "punished": [0.20]},
                    {"cases_filed": [0.30, 0.40, 0.50], "punished": [0.20, 0.30, 0.40]},
                    backtest={"cases_filed": [0.10, 0.12], "punished": [0.05, 0.07]})
    chosen, why = validation.choose_exposure(found)
    assert chosen == "punished" and "LOYO 3, LOPO 3" in why


def test_the_winner_must_beat_every_other_exposure_too() -> None:
    """With a fourth exposure, or any number: being better than cases filed is not enough
    when another exposure is as good; and an exposure compared on too few targets (its
    fits missing) does not block."""
    base = [0.30, 0.40, 0.50]
    better = [0.20, 0.30, 0.40]
    tied = _scores({"cases_filed": base, "punished": better, "fourth_form": better},
                   {"cases_filed": base, "punished": better, "fourth_form": better})
    assert validation.choose_exposure(tied)[0] == "cases_filed"
    best = [0.10, 0.20, 0.30]
    four = _scores({"cases_filed": base, "punished": better, "population": base,
                    "fourth_form": best},
                   {"cases_filed": base, "punished": better, "population": [0.9],
                    "fourth_form": best})
    assert validation.choose_exposure(four)[0] == "fourth_form"


def test_without_scores_for_the_default_nothing_replaces_it() -> None:
    missing = _scores({"punished": [0.1, 0.1, 0.1]},
                      {"cases_filed": [0.5, 0.5, 0.5], "punished": [0.1, 0.1, 0.1]})
    assert validation.choose_exposure(missing)[0] == "cases_filed"
    holes = _scores({"cases_filed": [0.5, float("nan"), float("nan")],
                     "punished": [0.1, 0.1, 0.1]},
                    {"cases_filed": [0.5, 0.5, 0.5], "punished": [0.1, 0.1, 0.1]})
    assert validation.choose_exposure(holes)[0] == "cases_filed"


def test_predictions_become_per_target_scores() -> None:
    import numpy as np

    made = [validation.Prediction("real", "lopo", "hierarchical_bayes[punished]", "360000 2018",
                                  "360000", 308.0, np.full(10, 308.0)),
            validation.Prediction("real", "lopo", "hierarchical_bayes[population]",
                                  "360000 2018", "360000", 308.0, None, "did not converge")]
    frame = validation.target_scores(made)
    assert abs(frame["crps_log"].iloc[0]) < 1e-12 and np.isnan(frame["crps_log"].iloc[1])
