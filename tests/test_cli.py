"""One test (at least) per command, through the real CLI entry point."""

import json
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from liuzhi.cli import app
from tests.ledger.tampering import tamper

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_loads_the_bundled_dataset_once(home: Path) -> None:
    code, out, _ = run("init")
    assert code == 0 and "figures: 121 new" in out
    code, out, _ = run("init")
    assert code == 0 and "figures: 0 new, 0 updated, 121 unchanged" in out


def test_import_reports_counts_and_refuses_bad_files(home: Path, tmp_path: Path) -> None:
    run("init")
    good = tmp_path / "good.csv"
    good.write_text("source_id,title,publisher,issuing_body,kind,url,published,secondary,"
                    "language,notes\nS900,,Example,某市纪委监委,news_report,"
                    "https://example.org/a,2024-01-02,true,zh,\n", encoding="utf-8")
    code, out, _ = run("import", str(good))
    assert code == 0 and "sources: 1 new" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text(encoding="utf-8").replace("2024-01-02", "2024/01/02"),
                   encoding="utf-8")
    code, _, err = run("import", str(bad))
    assert code == 1
    assert "published 2024/01/02 is not a date; use YYYY, YYYY-MM or YYYY-MM-DD" in err
    assert "Traceback" not in err


def test_export_each_format(home: Path, tmp_path: Path) -> None:
    run("init")
    for fmt, name in (("csv", "f.csv"), ("json", "f.json"), ("parquet", "f.parquet"),
                      ("datapackage", "pkg")):
        code, out, _ = run("export", "--format", fmt, "-o", str(tmp_path / name))
        assert code == 0, out
        assert (tmp_path / name).exists()
    assert (tmp_path / "pkg" / "datapackage.json").exists()
    code, _, err = run("export", "--format", "xlsx")
    assert code == 1 and "use one of csv, json, parquet, datapackage" in err


def test_validate_passes_on_the_bundled_data(home: Path) -> None:
    run("init")
    code, out, _ = run("validate")
    assert code == 0 and "0 finding(s): 0 error(s), 0 warning(s)." in out


def test_verify_detects_tampering(home: Path, database_url: str) -> None:
    run("init")
    code, out, _ = run("verify")
    assert code == 0 and "Audit chain intact" in out
    engine = sa.create_engine(database_url)
    tamper(engine, "UPDATE audit_events SET after = '{}' WHERE id = 3")
    engine.dispose()
    code, out, _ = run("verify")
    assert code == 1 and "event 3 was edited after it was written" in out


def test_regions_lookup(home: Path) -> None:
    code, out, _ = run("regions", "浙")
    assert code == 0 and "330000" in out and "64,567,588" in out
    code, _, err = run("regions", "Atlantis")
    assert code == 1 and "No region is called 'Atlantis'" in err


def test_estimate_window_shows_both_methods_and_the_reference(home: Path) -> None:
    code, out, err = run("estimate", "--since", "2019-10-17", "--until", "2021-06-29")
    assert code == 0, err
    assert "The ledger is empty: loading the bundled dataset first." in err
    assert "2019-10-17 – 2021-06-29" in out
    assert "28,983" in out
    code, out, _ = run("estimate", "--json")
    data = json.loads(out)
    assert {row["method"] for row in data["per_year"]} == {"population_share", "case_ratio"}
    code, _, err = run("estimate", "--since", "17/10/2019")
    assert code == 1 and "'17/10/2019' is not a date; use YYYY-MM-DD" in err


def test_report_writes_the_files(home: Path, tmp_path: Path) -> None:
    # --no-validate: the validation run is tested once, in tests/estimate/test_validation.py
    code, out, _ = run("report", "--no-pdf", "--no-validate", "-o", str(tmp_path / "r"))
    assert code == 0
    assert (tmp_path / "r" / "report.html").exists()
    assert "Wrote" in out and (tmp_path / "r" / "estimates.json").exists()
