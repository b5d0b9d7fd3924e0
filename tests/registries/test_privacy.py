"""The privacy canary: a private case must not leave through any public output.

One test walks every output a user can reach (the CLI's listings and shows, the
timeline, every export format, the report, an evidence bundle, validate, verify, error
messages for a bad row and for a private id, the library's log records) on SQLite and on
PostgreSQL, then checks that --include-private shows the case and says so.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from liuzhi.cli import app
from liuzhi.ledger import Ledger
from liuzhi.publish import report, results
from liuzhi.registries import report as registry_report

CANARY = "CANARY-ZHANG-7731"
CANARY_ROLE = "CANARY-ROLE-DIRECTOR"
runner = CliRunner()

SOURCE = ("source_id,title,publisher,issuing_body,kind,url,published,secondary,language,notes\n"
          "S950,,Example Daily,Example Co.,company_announcement,https://example.org/ann,"
          "2025-01-02,true,zh,\n")
HEADER = ("case_id,name,pseudonym,role,employer,ordered_by,place_code,taken,released,outcome,"
          "outcome_date,public,public_reason,source_id,locator,notes\n")
PRIVATE_CASE = (f"K950,{CANARY},false,{CANARY_ROLE},Example Co.,某市监察委员会,,2024-05,,,,"
                f"false,,S950,收到《留置通知书》,{CANARY} notes\n")


def run(*args: str) -> tuple[int, str]:
    """Exit code and output with line wrapping undone."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, " ".join((result.stdout + result.stderr).split())


def files_text(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace")
                     for p in sorted(folder.rglob("*")) if p.is_file())


def test_private_case_never_leaves_unless_asked(home: Path, tmp_path: Path,
                                                 database_url: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="liuzhi")
    assert run("init")[0] == 0
    (tmp_path / "sources.csv").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "cases.csv").write_text(HEADER + PRIVATE_CASE, encoding="utf-8")
    (tmp_path / "notice.txt").write_text("某公司公告:董事长被留置。", encoding="utf-8")
    assert run("import", str(tmp_path / "sources.csv"))[0] == 0
    code, text = run("import", str(tmp_path / "cases.csv"))
    assert code == 0 and "cases: 1 new" in text and CANARY not in text
    assert run("capture", str(tmp_path / "notice.txt"), "--source", "S950")[0] == 0

    public: dict[str, str] = {}
    for args in (["cases"], ["cases", "--help"], ["timeline"], ["timeline", "--kind", "cases"],
                 ["agreements"], ["communications"], ["facilities"], ["validate"],
                 ["verify"]):
        code, text = run(*args)
        public[" ".join(args)] = text
    code, public["cases K950"] = run("cases", "K950")
    assert code == 1 and "--include-private" in public["cases K950"]
    # A bad private row, with the name where a date belongs: the error names the place only.
    shifted = PRIVATE_CASE.replace("K950", "K951").replace(",2024-05,", f",{CANARY},")
    (tmp_path / "bad.csv").write_text(HEADER + shifted, encoding="utf-8")
    code, public["bad import"] = run("import", str(tmp_path / "bad.csv"))
    assert code == 1 and "row 2, column taken" in public["bad import"]
    assert "withheld: private case" in public["bad import"]
    for fmt, name in (("json", "ledger.json"), ("csv", "figures.csv"),
                      ("parquet", "figures.parquet"), ("datapackage", "package")):
        code, public[f"export {fmt}"] = run("export", "-f", fmt, "-o", str(tmp_path / name))
        assert code == 0, public[f"export {fmt}"]
    exported = files_text(tmp_path / "package") + (tmp_path / "ledger.json").read_text("utf-8")
    exported += (tmp_path / "figures.csv").read_text("utf-8")
    exported += (tmp_path / "figures.parquet").read_bytes().decode("utf-8", "replace")
    assert "cases.csv" in files_text(tmp_path / "package") or (
        tmp_path / "package" / "cases.csv").exists()
    assert run("bundle", "S950", "-o", str(tmp_path / "bag"))[0] == 0
    ledger = Ledger(database_url)
    try:
        html, _ = report.render_html(results.compute(ledger),
                                     registry=registry_report.build(ledger))
    finally:
        ledger.close()
    assert "Cooperation: agreements and correspondence" in html and "2019-10-17" in html

    outputs = {**public, "exports": exported, "bundle": files_text(tmp_path / "bag"),
               "report": html, "logs": "\n".join(r.getMessage() for r in caplog.records)}
    for where, text in outputs.items():
        assert CANARY not in text and CANARY_ROLE not in text, where
    assert "PRIVATE" not in public["cases"] and "Private cases are left out" in public["cases"]
    assert "Chen Yong" in public["cases"] and "K001" in exported  # public cases do show

    # Asked for, the case appears, and every output says it holds private records.
    code, text = run("cases", "--include-private")
    assert code == 0 and CANARY in text and "PRIVATE RECORDS INCLUDED" in text
    code, text = run("cases", "K950", "--include-private")
    assert code == 0 and CANARY in text and "PRIVATE RECORDS INCLUDED" in text
    code, text = run("timeline", "--kind", "cases", "--include-private")
    assert code == 0 and CANARY in text and "PRIVATE RECORDS INCLUDED" in text
    code, text = run("export", "-f", "json", "-o", str(tmp_path / "private.json"),
                     "--include-private")
    assert code == 0 and "PRIVATE RECORDS INCLUDED" in text
    document = json.loads((tmp_path / "private.json").read_text(encoding="utf-8"))
    assert document["private_records"] == 1
    assert [c["name"] for c in document["cases"] if not c["public"]] == [CANARY]
    code, text = run("export", "-f", "datapackage", "-o", str(tmp_path / "private-package"),
                     "--include-private")
    descriptor = json.loads((tmp_path / "private-package" / "datapackage.json").read_text("utf-8"))
    assert code == 0 and descriptor["private_records"] == 1
    assert descriptor["description"].startswith("THIS EXPORT HOLDS PRIVATE RECORDS")
    assert CANARY in (tmp_path / "private-package" / "cases.csv").read_text(encoding="utf-8")
