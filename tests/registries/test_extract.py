"""Registry extraction: tender notices and budget lines propose facilities, listed
companies' announcements of a 《留置通知书》 propose cases; accepting one creates the
record with its capture and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from liuzhi.cli import app
from liuzhi.config import load
from liuzhi.ledger import Ledger
from liuzhi.registries import extract, records
from liuzhi.registries.models import Case, Facility

TENDER = ("志丹县纪委监委留置场所改扩建工程招标公告\n"
          "项目名称：志丹县纪委监委留置场所改扩建工程。预算金额：120万元。"
          "建设内容：改造留置室12间及配套用房。\n")
ANNOUNCEMENT = ("证券代码：688015 证券简称：交控科技 公告编号：2023-040\n"
                "交控科技股份有限公司关于公司董事长被留置的公告\n"
                "公司于2023年6月25日收到天长市监察委员会签发的关于公司董事长郜春海先生被"
                "留置、立案调查的《留置通知书》。公司其他董事、监事和高级管理人员均正常履职。\n")
RELEASE = ("四川天微电子股份有限公司关于公司实际控制人、董事长解除留置的公告\n"
           "2024年11月15日，公司收到国家某监察委员会出具的《解除留置通知书》，国家某监察委员"
           "会已解除对巨万里先生的留置措施，董事长巨万里先生恢复履职。\n")


def test_facilities_from_tender_notices() -> None:
    found = extract.extract(TENDER)
    facilities = [c for c in found if c.kind == "facility"]
    assert facilities[0].fields["name"] == "志丹县纪委监委留置场所改扩建工程"
    assert facilities[0].fields["place_name"] == "志丹县"
    assert facilities[0].fields["status"] == "planned"
    assert TENDER[facilities[0].start:facilities[0].end] == "留置场所"
    (rooms,) = [c for c in facilities if c.fields["rooms"] is not None]
    assert (rooms.fields["rooms"], rooms.fields["capacity"]) == (12, "留置室12间")
    assert extract.extract("全年共留置312人，同比增长。") == []  # a count, not a facility
    assert extract.extract("办案点工作人员参加培训。") == []  # no works, no tender


@pytest.mark.parametrize("term", extract.FACILITY_TERMS)
def test_every_facility_term_is_recognised(term: str) -> None:
    (found,) = extract.extract(f"某市{term}建设项目采购公告。")
    assert found.kind == "facility" and term in found.fields["name"]


def test_cases_from_company_announcements() -> None:
    (case,) = [c for c in extract.extract(ANNOUNCEMENT) if c.kind == "case"]
    assert case.fields["name"] == "郜春海" and ANNOUNCEMENT[case.start:case.end] == "郜春海"
    assert case.fields["ordered_by"] == "天长市监察委员会"
    assert case.fields["employer"] == "交控科技股份有限公司 (688015)"
    assert case.fields["notice_date"] == "2023-06-25" and case.fields["taken"] == ""
    (released,) = [c for c in extract.extract(RELEASE) if c.kind == "case"]
    assert released.fields["outcome"] == "released"
    assert released.fields["released"] == "2024-11-15"


def test_accepting_creates_the_records_with_capture_and_offsets(
        home: Path, tmp_path: Path, database_url: str) -> None:
    runner = CliRunner()
    for name, text in (("tender.txt", TENDER), ("announcement.txt", ANNOUNCEMENT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["capture", str(tmp_path / "tender.txt"),
                                 str(tmp_path / "announcement.txt")])
    assert result.exit_code == 0, result.stdout
    assert runner.invoke(app, ["extract", "--all"]).exit_code == 0
    assert runner.invoke(app, ["extract", "--all"]).exit_code == 0  # proposes nothing twice
    from liuzhi.review import registry as queue

    ledger = Ledger(load().database_url)
    try:
        pending = queue.pending(ledger)
        kinds = sorted(c.kind for c in pending)
        assert kinds.count("case") == 1 and kinds.count("facility") >= 2
        facility = next(c for c in pending if c.kind == "facility")
        refused = runner.invoke(app, ["registry-review", "--accept", str(facility.id)])
        assert refused.exit_code == 1 and "place_code=CODE" in refused.stderr
        accepted = runner.invoke(app, ["registry-review", "--accept", str(facility.id),
                                       "--set", "place_code=610625"])
        assert accepted.exit_code == 0, accepted.stderr
        case = next(c for c in pending if c.kind == "case")
        assert runner.invoke(app, ["registry-review", "--accept", str(case.id)]).exit_code == 0
        with ledger.session() as session:
            made = session.get(Facility, f"FX{facility.id:06d}")
            person = session.get(Case, f"KX{case.id:06d}")
            assert made is not None and person is not None
            capture_text = session.execute(sa.text(
                "SELECT text FROM captures WHERE id = :i"), {"i": made.capture_id}).scalar_one()
            assert capture_text[made.locator_start:made.locator_end] == made.locator
            assert made.place_code == "610625" and made.status == "planned"
            assert (person.name, person.ordered_by, person.public) == (
                "郜春海", "天长市监察委员会", False)
        assert f"KX{case.id:06d}" not in [r.id for r in records.cases(ledger).records]
        assert ledger.verify_audit() == []
    finally:
        ledger.close()


def test_the_prefilter_covers_every_trigger() -> None:
    """extract() returns at once on a text without 留置 or 办案点: every facility term and
    every notice phrase must hold one of them."""
    from liuzhi.registries import extract as module

    for term in module.FACILITY_TERMS:
        assert "留置" in term or "办案点" in term
    for phrase in module._NOTICE.pattern.split("|"):
        assert "留置" in phrase
