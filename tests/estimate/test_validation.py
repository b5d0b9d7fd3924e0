"""The validation protocol end to end (liuzhi/estimate/validation.py): on the bundled
figures and one synthetic panel, in worker processes as `liuzhi validate-models` runs
it. Slow (about 40 s on two cores), but CI runs it."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from liuzhi.estimate import bayes, validation
from liuzhi.estimate.simulate import Scenario
from liuzhi.publish import tables

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
def test_the_protocol_writes_and_prints_its_table(bundled_table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logged: list[str] = []
    result = validation.run(bundled_table, tmp_path, panels=ONE_PANEL, workers=2,
                            log=logged.append)
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
    assert saved["exposure"] in ("cases_filed", "punished", "population")
    assert set(saved["verdicts"]) == set(validation.LADDER)
    assert saved["headline"] is None or saved["headline"] in validation.LADDER
    settings = {(r["exposure"], r["delta"]) for r in saved["sensitivity"]}
    assert {(saved["exposure"], d) for d in ("free", -0.3, 0.0, 0.3)} <= settings
    assert {e for e, _ in settings} == {"cases_filed", "punished", "population"}
    assert saved["post_hoc"] == list(validation.POST_HOC)
    assert any(line.startswith("real data: hierarchical_bayes[punished]") for line in logged)
    # and the table `liuzhi validate-models` prints
    console = Console(file=io.StringIO(), width=170)
    tables.print_validation(result, console)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "hierarchical_bayes[cases_filed]" in printed and "synthetic-mcar" in printed
