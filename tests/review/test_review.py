import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from liuzhi import review
from liuzhi.cli import app
from liuzhi.errors import LedgerError
from liuzhi.ledger import AuditEvent, Capture, Figure, Ledger, Source
from liuzhi.ledger.models import CandidateFigure

REPORT = ("江西省纪委监委2019年工作报告\n"
          "2018年，全省纪检监察机关共立案1.2万件，处分1.1万人，对308人采取留置措施，"
          "其中厅处级干部56人。\n留置权纠纷案件不在此列。")


def add_capture(ledger: Ledger, text: str = REPORT, source_id: str = "SRC1",
                issuer: str = "江西省纪委监委") -> int:
    with ledger.transaction("archivist") as writer:
        if writer.session.get(Source, source_id) is None:
            writer.add(Source(id=source_id, publisher="江西省纪委监委网站",
                              issuing_body=issuer, kind="work_report",
                              url=f"https://example.org/{source_id}", published="2019-01-20",
                              secondary=False, language="zh"))
        digest = hashlib.sha256(text.encode()).hexdigest()
        capture = writer.add(Capture(
            source_id=source_id, sha256=digest, media_type="text/plain", size=len(text.encode()),
            captured_at="2026-11-28T00:00:00.000000Z", method="file", location="report.txt",
            store_path=f"store/{digest}", text=text,
            text_sha256=digest))
        return capture.id


def test_extraction_stores_candidates_once(loaded: Ledger) -> None:
    capture_id = add_capture(loaded)
    first = review.extract_captures(loaded, [capture_id], actor="bot")
    assert first[0].new >= 4 and first[0].known == 0
    again = review.extract_captures(loaded, None, actor="bot")
    assert again[0].new == 0 and again[0].known == first[0].new
    waiting = review.pending(loaded)
    liuzhi = [c for c in waiting if c.measure == "liuzhi"]
    assert [(c.value, c.region_code, str(c.period_start)) for c in liuzhi] == [
        (308, "360000", "2018-01-01"), (56, "360000", "2018-01-01")]
    parent, child = liuzhi
    assert child.subset_of == parent.id
    text = REPORT
    assert text[parent.start:parent.end] == "308"
    assert text[parent.evidence_start:parent.evidence_end] == parent.evidence


def test_accept_makes_a_linked_audited_figure(loaded: Ledger) -> None:
    capture_id = add_capture(loaded)
    review.extract_captures(loaded, [capture_id], actor="bot")
    parent, child = [c for c in review.pending(loaded) if c.measure == "liuzhi"]
    figure = review.accept(loaded, parent.id, reviewer="alice")
    sub = review.accept(loaded, child.id, reviewer="bob")
    with loaded.session() as session:
        stored = session.get(Figure, figure.id)
        assert stored is not None
        assert (stored.value, stored.capture_id, stored.source_id) == (308, capture_id, "SRC1")
        assert REPORT[stored.locator_start:stored.locator_end] == stored.locator
        assert session.get(Figure, sub.id).subset_of == figure.id  # type: ignore[union-attr]
        events = session.scalars(sa.select(AuditEvent).where(AuditEvent.actor == "bob")).all()
    assert {(e.action, e.entity) for e in events} == {("insert", "figures"),
                                                      ("update", "candidates")}
    assert loaded.verify_audit() == []
    # Extracting again proposes nothing new, and the decided ones stay decided.
    assert review.extract_captures(loaded, [capture_id], actor="bot")[0].new == 0
    with pytest.raises(LedgerError, match="already accepted as figure F"):
        review.accept(loaded, parent.id, reviewer="carol")


def test_edit_then_accept_and_reject(loaded: Ledger) -> None:
    capture_id = add_capture(loaded, "全市共留置12人。", source_id="SRC2", issuer="某市纪委监委")
    review.extract_captures(loaded, [capture_id], actor="bot")
    (candidate,) = review.pending(loaded)
    with pytest.raises(LedgerError, match="has no known region"):
        review.accept(loaded, candidate.id, reviewer="alice")
    edits = review.parse_edits(["region_code=330100", "period_start=2017-03-17",
                                "period_end=2017-12-31", "value=13"])
    figure = review.accept(loaded, candidate.id, reviewer="alice", edits=edits)
    assert (figure.value, figure.period_start) == (13, dt.date(2017, 3, 17))
    with pytest.raises(LedgerError, match="period_end 2017-13-01 is not a date"):
        review.parse_edits(["period_end=2017-13-01"])
    with pytest.raises(LedgerError, match="Cannot edit 'source_id=S1'"):
        review.parse_edits(["source_id=S1"])
    capture_id = add_capture(loaded, "2018年，全省留置人员达到20人。", source_id="SRC1")
    review.extract_captures(loaded, [capture_id], actor="bot")
    (candidate,) = review.pending(loaded)
    review.reject(loaded, candidate.id, reviewer="bob", note="organ only")
    with loaded.session() as session:
        row = session.get(CandidateFigure, candidate.id)
        assert row is not None and (row.status, row.reviewer, row.note) == (
            "rejected", "bob", "organ only")


def test_unknown_capture_is_named(loaded: Ledger) -> None:
    with pytest.raises(LedgerError, match="No capture has the id 99"):
        review.extract_captures(loaded, [99], actor="bot")


runner = CliRunner()


def test_cli_extract_text_prints_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("2023年，全省共留置312人。", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--text", str(path), "--issuer", "浙江省纪委监委"])
    assert result.exit_code == 0
    line = result.stdout.strip()
    assert '"measure": "liuzhi"' in line and '"value": 312' in line
    assert '"region_code": "330000"' in line
    result = runner.invoke(app, ["extract", "--text", "-"], input="今年以来留置5人。")
    assert result.exit_code == 0 and '"value": 5' in result.stdout
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("留置5人".encode("gbk"))
    result = runner.invoke(app, ["extract", "--text", str(gbk)])
    assert result.exit_code == 1 and "cannot be read as UTF-8 text" in result.stderr


def test_cli_review_by_id_and_interactive(home: Path, database_url: str) -> None:
    runner.invoke(app, ["init"])
    ledger = Ledger(database_url)
    capture_id = add_capture(ledger)
    ledger.close()
    result = runner.invoke(app, ["extract", str(capture_id)])
    assert result.exit_code == 0 and "new candidate(s)" in result.stdout
    result = runner.invoke(app, ["review", "--list"])
    assert "308" in result.stdout
    ledger = Ledger(database_url)
    ids = [c.id for c in review.pending(ledger) if c.measure == "liuzhi"]
    others = [c.id for c in review.pending(ledger) if c.measure != "liuzhi"]
    ledger.close()
    result = runner.invoke(app, ["review", "--accept", str(ids[0])])
    assert result.exit_code == 0 and "as figure F" in result.stdout
    result = runner.invoke(app, ["review", "--accept", str(ids[0])])
    assert result.exit_code == 1 and "already accepted" in result.stderr
    # Interactive, in id order: skip cases filed, reject punished, accept the 56 subset.
    answers = "s\nr\nnot needed\na\n"
    result = runner.invoke(app, ["review"], input=answers)
    assert result.exit_code == 0, result.stdout
    assert "2 decision(s) recorded." in result.stdout
    assert f"#{ids[1]}" in result.stdout and "subset of #" in result.stdout
    ledger = Ledger(database_url)
    candidates = {c.id: c for c in _all_candidates(ledger)}
    with ledger.session() as session:
        subset = session.get(Figure, candidates[ids[1]].figure_id)
        assert subset is not None and subset.subset_of == candidates[ids[0]].figure_id
    ledger.close()
    assert [candidates[i].status for i in others] == ["pending", "rejected"]
    assert candidates[ids[1]].status == "accepted"


def _all_candidates(ledger: Ledger) -> list[CandidateFigure]:
    with ledger.session() as session:
        return list(session.scalars(sa.select(CandidateFigure)))


TALLY = ("上市公司高管被留置\n"
         "2024年以来，共有27名上市公司高管被留置，其中12名为公司董事长。\n"
         "另据统计，至少6名上市公司高管被带走。\n"
         "分析人士认为，27名上市公司高管被留置反映出反腐力度持续加大。")


def test_queue_most_confident_first_with_reason_and_mentions(loaded: Ledger) -> None:
    capture_id = add_capture(loaded, TALLY, source_id="SRC2")
    (proposed,) = review.extract_captures(loaded, [capture_id], actor="bot")
    assert proposed.new == 3  # 27 once (two mentions), its part 12, the inferred 6
    waiting = review.pending(loaded)
    assert [c.value for c in waiting] == [27, 12, 6]
    assert [c.confidence for c in waiting] == sorted((c.confidence for c in waiting),
                                                    reverse=True)
    total, part, inferred = waiting
    assert part.subset_of == total.id
    assert inferred.reason.startswith("inferred") and inferred.confidence < part.confidence
    mentions = json.loads(total.mentions)
    assert len(mentions) == 2 and all("27" in TALLY[s:e] for s, e in mentions)
    assert "mentioned 2 times" in total.reason


def test_parts_told_before_their_whole_are_linked_when_stored(loaded: Ledger) -> None:
    """A table's year lines come before their 合计 line: the parts are stored first and
    linked to the whole once it is stored, by an audited update."""
    text = ("表1  2016—2018年全省留置人数\n2016年：120人\n2017年：135人\n2018年：150人\n"
            "合计：405人\n")
    capture_id = add_capture(loaded, text, source_id="SRC3")
    (proposed,) = review.extract_captures(loaded, [capture_id], actor="bot")
    assert proposed.new == 4
    rows = {c.value: c for c in review.pending(loaded) if c.capture_id == capture_id}
    assert {rows[v].subset_of for v in (120, 135, 150)} == {rows[405].id}
    assert rows[405].subset_of is None
    with loaded.session() as session:
        updates = session.scalars(sa.select(AuditEvent).where(
            AuditEvent.entity == "candidates", AuditEvent.action == "update")).all()
    assert len(updates) == 3
