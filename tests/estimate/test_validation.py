"""The validation protocol end to end (liuzhi/estimate/validation.py): on the bundled
figures and one synthetic panel, in worker processes as `liuzhi validate-models` runs
it. Slow (about 40 s on two cores), but CI runs it."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from liuzhi import cli_render
from liuzhi.estimate import bayes, validation
from liuzhi.estimate.simulate import Scenario
from liuzhi.publish import report

pytestmark = pytest.mark.slow

ONE_PANEL = {"synthetic-mcar": (Scenario("mcar"), (1,))}


def _key(p: validation.Prediction) -> tuple:  # type: ignore[type-arg]
    return (p.data, p.split, p.estimator, p.target, p.truth, p.note,
            None if p.draws is None else tuple(p.draws))


def test_worker_processes_predict_what_one_process_predicts(bundled_table) -> None:  # type: ignore[no-untyped-def]
    tasks = [t for t in validation.real_tasks(bundled_table)
             + validation.synthetic_tasks(ONE_PANEL) if t.estimator != "hierarchical_bayes"]
    found = {}
    for workers in (1, 2):
        with validation._workers(workers) as (pool, cores):
            found[workers] = validation._execute(tasks, pool, cores, lambda line: None)
    assert len(found[1]) > 30
    assert [_key(p) for p in found[2]] == [_key(p) for p in found[1]]


@pytest.mark.usefixtures("needs_pymc")
def test_a_bayesian_fit_s_draws_do_not_depend_on_its_cores(bundled_table) -> None:  # type: ignore[no-untyped-def]
    draws = [bayes.HierarchicalBayes(draws=200, tune=200, check_convergence=False,
                                     cores=cores).fit(bundled_table).draws_
             for cores in (1, 2)]
    assert (draws[0] == draws[1]).all()


@pytest.mark.usefixtures("needs_pymc")
def test_the_report_runs_the_protocol_once_and_prints_its_table(  # type: ignore[no-untyped-def]
        bundled_table, tmp_path: Path) -> None:
    """`liuzhi report` runs the validation when none is stored for these figures, shows
    its progress, reuses it next time, and the report contains it."""
    logged: list[str] = []
    report.write(bundled_table, tmp_path, pdf=False, progress=logged.append,
                 panels=ONE_PANEL, workers=2)
    result = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    scores = pd.read_csv(tmp_path / "validation.csv")
    saved = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    # every rung on the ledger's national backtest, every rung-3 exposure, the panel
    backtest = set(scores[(scores["data"] == "real") & (scores["split"] == "backtest")]
                   ["estimator"])
    assert {"population_share", "case_ratio", "mixed_model", "hierarchical_bayes[cases_filed]",
            "hierarchical_bayes[punished]", "hierarchical_bayes[population]"} <= backtest
    panel = scores[scores["data"] == "synthetic-mcar"]
    assert set(panel["split"]) == {"national", "lopo"}
    assert set(panel["estimator"]) == set(validation.LADDER)
    # the rule's outputs, and a sensitivity row for every setting
    assert saved["exposure"] in ("cases_filed", "punished", "population")  # A6: not fourth_form
    # the fourth form lacks national figures for 2018, 2019, 2023 and 2024: missing (A6)
    fourth = scores[scores["estimator"] == "hierarchical_bayes[fourth_form]"]
    assert len(fourth) and (fourth["n"] == fourth["missing"]).all()
    assert set(saved["verdicts"]) == set(validation.LADDER)
    assert saved["headline"] is None or saved["headline"] in validation.LADDER
    settings = {(r["exposure"], r["delta"]) for r in saved["sensitivity"]}
    assert {(saved["exposure"], d) for d in ("free", -0.3, 0.0, 0.3)} <= settings
    assert {e for e, _ in settings} == {"cases_filed", "punished", "population", "fourth_form"}
    assert saved["post_hoc"] == list(validation.POST_HOC)
    assert saved["amendments"][3]["key"] == "A4"
    assert any(line.startswith("Validation: real data: hierarchical_bayes[punished]")
               for line in logged)
    # the report contains the validation, and its rung 3 uses the exposure it chose
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="validation"' in page and 'id="post-hoc"' in page
    assert "the one the validation chose" in page
    # a second report on the same figures reuses it
    logged.clear()
    report.write(bundled_table, tmp_path, pdf=False, progress=logged.append)
    assert logged[0] == "Validation: reusing validation.json (the figures have not changed)"
    assert not any("real data" in line for line in logged)
    # and the table `liuzhi validate-models` prints
    console = Console(file=io.StringIO(), width=170)
    cli_render.print_validation(result, console)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "hierarchical_bayes[cases_filed]" in printed and "synthetic-mcar" in printed


def _summary(loyo: dict[str, float], lopo: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"data": "real", "split": split, "estimator": f"hierarchical_bayes[{e}]",
                          "crps_log": v}
                         for split, scores in (("loyo", loyo), ("lopo", lopo))
                         for e, v in scores.items()])


def test_the_exposure_rule_needs_a_margin_to_leave_the_default() -> None:
    """VALIDATION.md A4: another exposure replaces cases filed only if it ranks first in
    both splits by at least 0.02; a near tie keeps the default, whichever way it falls."""
    near = _summary({"cases_filed": 0.050, "punished": 0.045, "population": 0.3},
                    {"cases_filed": 0.100, "punished": 0.090, "population": 0.4})
    assert validation.choose_exposure(near)[0] == "cases_filed"
    assert "no other exposure beats cases filed by the margin" in \
        validation.choose_exposure(near)[1]
    clear = _summary({"cases_filed": 0.080, "punished": 0.050},
                     {"cases_filed": 0.150, "punished": 0.100})
    assert validation.choose_exposure(clear)[0] == "punished"
    split = _summary({"cases_filed": 0.080, "punished": 0.050},
                     {"cases_filed": 0.100, "punished": 0.150})
    assert validation.choose_exposure(split)[0] == "cases_filed"
    # a missing score for the default does not hand the choice to a noisy rival
    missing = _summary({"punished": 0.05}, {"cases_filed": 0.10, "punished": 0.09})
    assert validation.choose_exposure(missing)[0] == "cases_filed"
