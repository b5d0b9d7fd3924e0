"""The Candidate record, extract's contract, offsets over the whole corpus, and the
evaluation targets on the development corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import liuzhi.extract
from liuzhi.extract import Candidate, evaluate, extract, to_json_lines

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
CORPORA = [DATA / "passages.yaml", DATA / "heldout.yaml", DATA / "unseen.yaml",
           DATA / "realpages.yaml", DATA / "realpages2.yaml", DATA / "realpages3.yaml",
           DATA / "realpages4.yaml", DATA / "realpages5.yaml", DATA / "realpages7.yaml",
           DATA / "realpages8.yaml", DATA / "realpages9.yaml", DATA / "realpages10.yaml",
           DATA / "realpages11.yaml", DATA / "realpages12.yaml"]
PASSAGES = [p for path in CORPORA for p in evaluate.load(path)]

REQUIRED_FIELDS = {
    "measure", "value", "value_high", "unit", "qualifier", "precision", "region_code",
    "region_name", "period_start", "period_end", "subset_of", "scope", "confidence",
    "start", "end", "evidence_start", "evidence_end", "evidence",
}


def test_exported_members():
    assert set(liuzhi.extract.__all__) == {"Candidate", "extract", "to_json_lines"}


def test_candidate_fields():
    assert REQUIRED_FIELDS <= {f.name for f in dataclasses.fields(Candidate)}


def test_json_lines():
    found = extract("2023年，全省立案1.2万件，留置312人，其中厅级干部12人。",
                    document_date=dt.date(2024, 1, 20), issuer="浙江省纪委监委")
    lines = to_json_lines(found).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["measure"] for r in records] == ["cases_filed", "liuzhi", "liuzhi"]
    assert records[2]["subset_of"] == 1
    assert records[2]["scope"] == "厅级干部"
    assert records[0]["precision"] == 1000
    assert records[0]["region_code"] == "330000"
    assert "厅级干部" in lines[2]  # Chinese kept as written


def test_empty_and_irrelevant_text():
    assert extract("") == []
    assert extract("今天天气晴，气温25度，共有1,200人参加马拉松。") == []


def test_pure():
    text = PASSAGES[0].text
    assert extract(text, document_date="2024-01-22") == extract(text, document_date="2024-01-22")


@pytest.mark.parametrize("passage", PASSAGES, ids=lambda p: p.id)
def test_offsets_slice_the_text(passage):
    for c in extract(passage.text, document_date=passage.document_date, issuer=passage.issuer):
        number = passage.text[c.start:c.end]
        assert number and number[0] not in "，,。 " and number[-1] not in "人名件次，,"
        assert passage.text[c.evidence_start:c.evidence_end] == c.evidence
        assert c.evidence_start <= c.start < c.end <= c.evidence_end
        assert 0 < c.confidence <= 1
        if c.subset_of is not None:
            assert 0 <= c.subset_of
        assert c.reason
        for start, end in c.mentions:
            assert c.value == 0 or passage.text[start:end]


def test_corpus_is_large_enough_and_has_negatives():
    dev = evaluate.load(DATA / "passages.yaml")
    assert len(dev) >= 80
    assert sum(1 for p in dev if not p.expected) >= 20
    ids = [p.id for p in PASSAGES]
    assert len(ids) == len(set(ids))


def test_development_corpus_meets_targets():
    report = evaluate.evaluate(evaluate.load(DATA / "passages.yaml"))
    assert report.failures() == [], report.table()


@pytest.mark.parametrize("name", ["heldout.yaml", "unseen.yaml", "realpages.yaml",
                                  "realpages2.yaml", "realpages3.yaml", "realpages4.yaml",
                                  "realpages5.yaml", "realpages7.yaml", "realpages8.yaml",
                                  "realpages9.yaml", "realpages10.yaml",
                                  "realpages11.yaml", "realpages12.yaml"])
def test_corpora_not_tuned_on_meet_targets(name):
    """unseen.yaml and realpages.yaml were written after the rules, without reading them;
    the fixes they led to are general rules, each with its own unit test (their first
    scores are in tests/data/extract/README.md)."""
    report = evaluate.evaluate(evaluate.load(DATA / name))
    assert report.failures() == [], report.table()


def test_unseen_corpus_has_negatives_and_near_misses():
    unseen = evaluate.load(DATA / "unseen.yaml")
    assert len(unseen) >= 45
    assert sum(1 for p in unseen if not p.expected) >= 15


def test_evaluate_reports_each_file_on_its_own(capsys):
    status = evaluate.main(["--quiet", "--corpus", str(DATA / "heldout.yaml"),
                            "--corpus", str(DATA / "unseen.yaml")])
    out = capsys.readouterr().out
    assert status == 0
    assert out.index("== heldout.yaml") < out.index("== unseen.yaml")
    assert out.count("passages, ") == 2
    assert "all targets met in every file" in out


def test_evaluate_exit_status_when_one_file_fails(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- id: bad\n  text: 2023年，全省留置312人。\n  document_date: '2024-01-20'\n"
        "  expected:\n    - {measure: liuzhi, value: 999, unit: persons, "
        "period: [2023-01-01, 2023-12-31]}\n", encoding="utf-8")
    status = evaluate.main(["--quiet", "--corpus", str(DATA / "heldout.yaml"),
                            "--corpus", str(bad)])
    assert status == 1
    assert "targets not met in: bad.yaml" in capsys.readouterr().out


def test_only_a_period_continues_the_figure_before():
    found = extract("2023年全省留置705人，2022年为612人；立案3.1万件，2022年为2.8万件。",
                    document_date="2024-02-05")
    assert [(c.measure, c.value, c.period_start) for c in found] == [
        ("liuzhi", 705, "2023-01-01"), ("liuzhi", 612, "2022-01-01"),
        ("cases_filed", 31000, "2023-01-01"), ("cases_filed", 28000, "2022-01-01"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2023年全省留置705人，2022年为612件。",         # another unit: not the same figure
        "2023年全省留置705人，2022年新招录看护人员612人。",  # more than a period
    ],
)
def test_a_period_clause_with_more_or_another_unit_does_not_continue(text):
    assert [c.value for c in extract(text, document_date="2024-02-05")] == [705]


def test_evaluate_command_exit_status():
    result = subprocess.run(
        [sys.executable, "-m", "liuzhi.extract.evaluate", "--quiet"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "liuzhi" in result.stdout


def test_extract_command_prints_json_lines(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("2023年，全省留置312人。", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "liuzhi.extract", "--text", str(path), "--issuer", "浙江省纪委监委"],
        capture_output=True, text=True, check=True,
    )
    record = json.loads(result.stdout.splitlines()[0])
    assert record["measure"] == "liuzhi" and record["value"] == 312
    assert record["region_code"] == "330000"
