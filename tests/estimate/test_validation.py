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
                 panels=ONE_PANEL, workers=2, cache=tmp_path / "cache")
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
    assert [a["key"] for a in saved["amendments"]][3:5] == ["A4", "A5"]
    # A5: LOPO holds one target (Jiangxi 2018), too few to leave the default
    assert saved["exposure"] == "cases_filed" and "LOPO 1" in saved["exposure_rule"]
    assert any(line.startswith("Validation: real data: hierarchical_bayes[punished]")
               for line in logged)
    # the report contains the validation, and its rung 3 uses the exposure it chose
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="validation"' in page and 'id="post-hoc"' in page
    assert "the one the validation chose" in page
    # a second report on the same figures reuses it
    estimates = (tmp_path / "estimates.json").read_text(encoding="utf-8")
    logged.clear()
    report.write(bundled_table, tmp_path, pdf=False, progress=logged.append,
                 cache=tmp_path / "cache")
    assert logged[0] == "Validation: reusing validation.json (the figures have not changed)"
    assert not any("real data" in line for line in logged)
    # and the published fits of rungs 2 and 3 stored by the first (no refit)
    assert "Reused the stored fits of rungs 2 and 3 (same figures, protocol and models)" in logged
    assert (tmp_path / "estimates.json").read_text(encoding="utf-8") == estimates
    # and the table `liuzhi validate-models` prints
    console = Console(file=io.StringIO(), width=170)
    cli_render.print_validation(result, console)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "hierarchical_bayes[cases_filed]" in printed and "synthetic-mcar" in printed
