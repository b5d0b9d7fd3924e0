"""The evaluation report: value, period and subset levels, links to parents, every miss."""

from __future__ import annotations

from pathlib import Path

from liuzhi.extract import evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"

CORPUS = """\
- id: tally
  text: 2023年以来，共有27名上市公司高管被留置。其中12名为公司董事长。
  expected:
    - {measure: liuzhi, value: 27, unit: persons, period: [2023-01-01, null]}
    - {measure: liuzhi, value: 12, unit: persons, period: [2023-01-01, null], subset_of: 0,
       scope: 公司董事长}
- id: wrong-period
  text: 2022年全省留置45人。
  expected:
    - {measure: liuzhi, value: 45, unit: persons, period: [2023-01-01, 2023-12-31]}
- id: missed-and-false
  text: 全省留置61人。
  expected:
    - {measure: liuzhi, value: 60, unit: persons}
- id: inferred
  document_date: "2024-05-01"
  text: "多名高管被留置\\n至少6名高管被带走。"
  expected:
    - {measure: liuzhi, value: 6, unit: persons, qualifier: at_least, inferred: true}
"""


def _report(tmp_path: Path) -> evaluate.Report:
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS, encoding="utf-8")
    return evaluate.evaluate(evaluate.load(path))


def test_load_reads_links_scopes_and_open_periods(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS, encoding="utf-8")
    tally = evaluate.load(path)[0]
    assert tally.expected[0].period_end is None
    assert tally.expected[1].subset_of == 0 and tally.expected[1].subset
    assert tally.expected[1].scope == "公司董事长"


def test_levels_and_lists(tmp_path):
    report = _report(tmp_path)
    value, period, subset = (report.level(n)["liuzhi"] for n in evaluate.LEVELS)
    # 27, 12, 45 (wrong period) and 6 match by value; 60 is missed, 61 is false
    assert (value.true_positives, value.false_negatives, value.false_positives) == (4, 1, 1)
    assert (period.true_positives, period.false_negatives, period.false_positives) == (3, 2, 2)
    assert subset.true_positives == 3
    assert [(p, e.value) for p, e in report.misses] == [("missed-and-false", 60)]
    assert [(p, c.value) for p, c in report.false_hits] == [("missed-and-false", 61)]
    assert any("wrong-period: period" in line for line in report.disagreements)
    assert all(report.attribute_checks["subset"])
    assert all(report.attribute_checks["inferred"])


def test_a_wrong_parent_link_fails_the_subset_level(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS.replace("subset_of: 0", "subset_of: 1"), encoding="utf-8")
    report = evaluate.evaluate(evaluate.load(path)[:1])
    assert report.scores["liuzhi"].recall == 1.0
    assert report.subset_scores["liuzhi"].recall == 0.5


def test_scores_another_extractor(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS, encoding="utf-8")
    report = evaluate.evaluate(evaluate.load(path), extractor=lambda *a, **k: [])
    assert report.scores["liuzhi"].recall == 0.0


def test_report_prints_levels_and_every_miss(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS, encoding="utf-8")
    assert evaluate.main(["--corpus", str(path)]) == 1
    out = capsys.readouterr().out
    assert "+period P" in out and "+subset P" in out
    assert "misses (1):" in out and "false positives (1):" in out
    assert "missed-and-false: liuzhi 60 persons" in out


def test_older_corpora_meet_targets_with_periods_too():
    for name in ("passages.yaml", "heldout.yaml", "unseen.yaml"):
        report = evaluate.evaluate(evaluate.load(DATA / name))
        assert report.failures("period") == [], name
