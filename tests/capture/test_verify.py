"""Re-hashing the store: altered and missing files are found; debris is not."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from liuzhi.capture import capture_path, check_store, unreferenced_files
from liuzhi.capture.store import ContentStore
from liuzhi.config import Settings
from liuzhi.ledger import Ledger
from liuzhi.ledger.models import Capture
from tests.capture import documents
from tests.capture.conftest import DATA, Site

URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"


def stored(settings: Settings, ledger: Ledger, capture_id: int, column: str = "store_path"
           ) -> Path:
    with ledger.session() as session:
        capture = session.get(Capture, capture_id)
        assert capture is not None
        return settings.store_dir / getattr(capture, column)


def test_an_intact_store_has_no_findings(ledger: Ledger, settings: Settings) -> None:
    assert check_store(ledger, settings) == []
    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    assert check_store(ledger, settings) == []


def test_a_modified_stored_file_is_found(ledger: Ledger, settings: Settings) -> None:
    [result] = capture_path(ledger, settings, DATA / "tongbao-gbk.html", actor="tester")
    path = stored(settings, ledger, result.capture_id)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace("612人".encode("gbk"), "61人".encode("gbk")))
    [problem] = check_store(ledger, settings)
    assert problem.id == "file-altered" and problem.capture_id == result.capture_id
    assert problem.expected == result.sha256 and problem.actual != result.sha256
    assert f"capture #{result.capture_id} (source {result.source_id})" in problem.message
    assert "was altered" in problem.message and str(path) in problem.message


def test_a_missing_stored_file_is_found(ledger: Ledger, settings: Settings) -> None:
    [result] = capture_path(ledger, settings, DATA / "tongbao-big5.html", actor="tester")
    stored(settings, ledger, result.capture_id).unlink()
    [problem] = check_store(ledger, settings)
    assert problem.id == "file-missing" and "is missing" in problem.message


def test_a_missing_file_comes_back_when_the_same_bytes_are_captured(
        ledger: Ledger, settings: Settings) -> None:
    [result] = capture_path(ledger, settings, DATA / "tongbao-big5.html", actor="tester")
    stored(settings, ledger, result.capture_id).unlink()
    capture_path(ledger, settings, DATA / "tongbao-big5.html", actor="tester", again=True)
    assert check_store(ledger, settings) == []


def test_an_altered_or_missing_warc_file_is_found(ledger: Ledger, settings: Settings,
                                                  site: Site) -> None:
    site.serve(URL, documents.simplified_page().encode())
    [result] = capture_path(ledger, settings, URL, actor="tester", client=site.client())
    warc_file = stored(settings, ledger, result.capture_id, "warc_path")
    warc_file.chmod(0o644)
    warc_file.write_bytes(warc_file.read_bytes() + b"\r\n")
    assert [p.id for p in check_store(ledger, settings)] == ["warc-altered"]
    warc_file.unlink()
    assert [p.id for p in check_store(ledger, settings)] == ["warc-missing"]


def test_text_edited_behind_the_ledgers_back_is_found(ledger: Ledger,
                                                      settings: Settings) -> None:
    [result] = capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    with ledger.engine.begin() as connection:
        connection.execute(sa.text("UPDATE captures SET text = replace(text, '612', '216')"))
    assert [p.id for p in check_store(ledger, settings)] == ["text-altered"]
    assert any("captures" in b.entity for b in ledger.verify_audit())


def test_a_store_path_outside_the_store_is_found(ledger: Ledger, settings: Settings) -> None:
    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    with ledger.engine.begin() as connection:
        connection.execute(sa.text("UPDATE captures SET store_path = '../../../etc/passwd'"))
    assert [p.id for p in check_store(ledger, settings)] == ["bad-path"]


def test_orphans_and_partial_files_are_not_findings(ledger: Ledger, settings: Settings) -> None:
    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    orphan = ContentStore(settings.store_dir).put("一份没有记录的文件".encode())
    (settings.store_dir / "tmp" / "partial.part").write_bytes(b"half")
    assert check_store(ledger, settings) == []
    debris = unreferenced_files(ledger, settings)
    assert {p.name for p in debris} == {orphan.sha256, "partial.part"}
