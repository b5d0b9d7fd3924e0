"""capture_path: every format into the store and the ledger, sources, re-capture, crashes."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from warcio.archiveiterator import ArchiveIterator

from liuzhi.capture import (
    Limits,
    SourceDefaults,
    capture_many,
    capture_path,
    check_store,
    source_id_for,
    unreferenced_files,
)
from liuzhi.capture.store import ContentStore
from liuzhi.config import Settings
from liuzhi.ledger import Ledger, Writer
from liuzhi.ledger.models import AuditEvent, Capture, Source
from tests.capture import documents
from tests.capture.conftest import DATA, Clock, Site, state
from tests.capture.test_warc import crawl

URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"


def row(ledger: Ledger, capture_id: int) -> Capture:
    with ledger.session() as session:
        capture = session.get(Capture, capture_id)
        assert capture is not None
        session.expunge(capture)
        return capture


def source(ledger: Ledger, source_id: str) -> Source:
    with ledger.session() as session:
        found = session.get(Source, source_id)
        assert found is not None
        session.expunge(found)
        return found


def test_an_html_file(ledger: Ledger, settings: Settings, clock: Clock, tmp_path: Path) -> None:
    path = tmp_path / "tongbao.html"
    shutil.copy(DATA / "tongbao-gbk-meta-says-utf8.html", path)
    [result] = capture_path(ledger, settings, path, actor="tester", clock=clock)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert result.status == "captured" and result.sha256 == sha and result.source_created
    capture = row(ledger, result.capture_id)
    assert (capture.sha256, capture.size, capture.media_type, capture.method) == (
        sha, len(data), "text/html", "file")
    assert capture.captured_at == "2024-01-22T02:10:00.000000Z"
    assert capture.location == str(path) and capture.final_url == "" and capture.http_status is None
    assert capture.store_path == f"{sha[:2]}/{sha[2:4]}/{sha}"
    assert (settings.store_dir / capture.store_path).read_bytes() == data
    assert capture.encoding == "gb18030" and capture.text_extractor.startswith("trafilatura")
    assert "采取留置措施612人" in capture.text
    assert capture.text_sha256 == hashlib.sha256(capture.text.encode()).hexdigest()
    assert result.warnings and "declares utf-8" in result.warnings[0]
    made = source(ledger, result.source_id)
    assert made.id == source_id_for(f"file:{path}") and made.id.startswith("C")
    assert (made.url, made.publisher, made.issuing_body, made.kind, made.secondary,
            made.language) == ("", "unknown", "unknown", "unknown", True, "zh")
    assert made.title == documents.TITLE
    with ledger.session() as session:  # both rows went through the audited writer
        events = [(e.action, e.entity) for e in session.scalars(sa.select(AuditEvent))]
    assert events == [("insert", "sources"), ("insert", "captures")]
    assert ledger.verify_audit() == [] and check_store(ledger, settings) == []


def test_a_pdf_file(ledger: Ledger, settings: Settings, tmp_path: Path,
                    report_pdf: bytes) -> None:
    path = tmp_path / "2023年工作报告.pdf"
    path.write_bytes(report_pdf)
    [result] = capture_path(ledger, settings, path, actor="tester")
    capture = row(ledger, result.capture_id)
    assert capture.media_type == "application/pdf" and capture.encoding == ""
    assert "\f" in capture.text and "采取留置措施612人" in capture.text.replace("\n", "")
    assert source(ledger, result.source_id).title == documents.TITLE


def test_a_text_file(ledger: Ledger, settings: Settings) -> None:
    [result] = capture_path(ledger, settings, DATA / "report-utf8.txt", actor="tester")
    capture = row(ledger, result.capture_id)
    assert capture.media_type == "text/plain" and capture.text_extractor == "plain"
    assert capture.text.startswith("江南省纪委监委2023年工作报告（摘要）\n")


def test_a_warc_file_gives_one_capture_per_document_record(
        ledger: Ledger, settings: Settings, tmp_path: Path, report_pdf: bytes) -> None:
    big5 = (DATA / "tongbao-big5.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl([
        ("response", URL, 200, "text/html; charset=utf-8", documents.simplified_page().encode()),
        ("response", "https://www.jnsjw.example.gov.cn/tw.html", 200, "text/html", big5),
        ("response", "https://www.jnsjw.example.gov.cn/r.pdf", 200, "application/octet-stream",
         report_pdf),
        ("response", "https://www.jnsjw.example.gov.cn/logo.png", 200, "image/png", b"\x89PNG"),
        ("response", "https://www.jnsjw.example.gov.cn/app.js", 200, "application/javascript",
         b"var x = 1;"),
        ("response", "https://www.jnsjw.example.gov.cn/gone", 404, "text/html", b"<p>404</p>"),
        ("request", URL, None, "", b""),
    ]))
    results = capture_path(ledger, settings, path, actor="tester")
    assert [r.media_type for r in results] == ["text/html", "text/html", "application/pdf"]
    assert {r.method for r in results} == {"warc"}
    assert "1 HTTP 404, 1 application/javascript, 1 image/png" in results[-1].warnings[-1]
    first = row(ledger, results[0].capture_id)
    assert first.final_url == URL and first.http_status == 200
    assert first.captured_at == "2023-12-30T08:00:00.000000Z"  # when the crawler took it
    assert first.warc_record_id.startswith("<urn:uuid:") and first.warc_digest.startswith("sha1:")
    warc_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert first.warc_path == ContentStore.relative_path(warc_sha)  # the WARC itself is kept
    assert row(ledger, results[1].capture_id).encoding == "cp950"
    assert source(ledger, results[0].source_id).url == URL
    # The same WARC again adds nothing.
    again = capture_path(ledger, settings, path, actor="tester")
    assert {r.status for r in again} == {"already-captured"}


def test_a_url(ledger: Ledger, settings: Settings, site: Site, clock: Clock) -> None:
    page = (DATA / "tongbao-gbk.html").read_bytes()
    site.redirect("http://jnsjw.example.gov.cn/t1", URL)
    site.serve(URL, page, content_type="text/html; charset=GBK",
               headers={"Server": "nginx", "Last-Modified": "Mon, 22 Jan 2024 01:00:00 GMT"})
    [result] = capture_path(ledger, settings, "http://jnsjw.example.gov.cn/t1", actor="tester",
                            client=site.client(), clock=clock)
    capture = row(ledger, result.capture_id)
    assert capture.method == "url" and capture.location == "http://jnsjw.example.gov.cn/t1"
    assert capture.final_url == URL and capture.http_status == 200
    assert ["Last-Modified", "Mon, 22 Jan 2024 01:00:00 GMT"] in json.loads(capture.http_headers)
    assert capture.sha256 == hashlib.sha256(page).hexdigest() and capture.encoding == "gb18030"
    warc_file = settings.store_dir / capture.warc_path
    assert capture.warc_path.endswith(hashlib.sha256(warc_file.read_bytes()).hexdigest())
    for record in ArchiveIterator(io.BytesIO(warc_file.read_bytes()), check_digests="raise"):
        if record.rec_headers.get_header("WARC-Record-ID") == capture.warc_record_id:
            assert record.content_stream().read() == page
            assert record.rec_headers.get_header("Liuzhi-Content-SHA256") == capture.sha256
            assert record.rec_headers.get_header("WARC-Payload-Digest") == capture.warc_digest
            break
    else:
        pytest.fail("the capture's WARC record is not in its WARC file")
    made = source(ledger, result.source_id)
    assert made.id == source_id_for("http://jnsjw.example.gov.cn/t1")
    assert made.url == "http://jnsjw.example.gov.cn/t1"


def test_sources_are_matched_by_url_or_named(ledger: Ledger, settings: Settings,
                                             site: Site) -> None:
    with ledger.transaction("tester") as writer:
        writer.add(Source(id="S900", title="通报", publisher="江南省纪委监委",
                          issuing_body="江南省纪委监委", kind="statistical_bulletin", url=URL,
                          published="2024-01-22", secondary=False, language="zh"))
    site.serve(URL, documents.simplified_page().encode())
    [by_url] = capture_path(ledger, settings, URL + "#top", actor="tester", client=site.client())
    assert by_url.source_id == "S900" and not by_url.source_created
    [named] = capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester",
                           source_id="S900")
    assert named.source_id == "S900"
    assert source(ledger, "S900").publisher == "江南省纪委监委"  # an existing source is not edited
    with pytest.raises(Exception, match="There is no source S999"):
        capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester",
                     source_id="S999")


def test_new_sources_take_the_given_defaults(ledger: Ledger, settings: Settings) -> None:
    defaults = SourceDefaults(publisher="江南日报", issuing_body="江南省纪委监委",
                              kind="news_report", secondary=False, language="zh-Hant")
    [result] = capture_path(ledger, settings, DATA / "tongbao-big5.html", actor="tester",
                            defaults=defaults)
    made = source(ledger, result.source_id)
    assert (made.publisher, made.issuing_body, made.kind, made.secondary, made.language) == (
        "江南日报", "江南省纪委监委", "news_report", False, "zh-Hant")


def test_recapture_reports_unchanged_and_changed(ledger: Ledger, settings: Settings,
                                                 site: Site, clock: Clock) -> None:
    page = documents.simplified_page()
    site.serve(URL, page.encode())
    client = site.client()
    [first] = capture_path(ledger, settings, URL, actor="tester", client=client, clock=clock)
    assert first.change is None
    [skipped] = capture_path(ledger, settings, URL, actor="tester", client=client, clock=clock)
    assert skipped.status == "already-captured" and skipped.capture_id == first.capture_id
    assert len(site.requests) == 1  # not fetched again without --again
    [same] = capture_path(ledger, settings, URL, actor="tester", client=client, clock=clock,
                          again=True)
    assert same.status == "captured" and same.capture_id != first.capture_id
    assert same.change is not None and not same.change.bytes_changed
    assert same.change.summary().startswith(f"unchanged since capture #{first.capture_id}")
    # The site edits one figure and its page template.
    site.serve(URL, page.replace("留置措施612人", "留置措施621人")
               .replace("</body>", "<!-- 2024-02-01 -->\n</body>").encode())
    [edited] = capture_path(ledger, settings, URL, actor="tester", client=client, clock=clock,
                            again=True)
    change = edited.change
    assert change is not None and change.bytes_changed and change.text_changed
    assert change.previous_id == same.capture_id and 1 <= change.changed_characters <= 3
    assert "changed since capture" in change.summary() and "%" in change.summary()
    # Only the markup changes: the text is the same.
    site.serve(URL, page.replace("<body>", "<body class='v2'>").replace(
        "留置措施612人", "留置措施621人").encode())
    [restyled] = capture_path(ledger, settings, URL, actor="tester", client=client, clock=clock,
                              again=True)
    assert restyled.change is not None and restyled.change.bytes_changed
    assert not restyled.change.text_changed
    assert check_store(ledger, settings) == [] and ledger.verify_audit() == []


def test_a_file_captured_again_only_when_it_changed(ledger: Ledger, settings: Settings,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("江南省纪委监委：2023年留置612人。", encoding="utf-8")
    [first] = capture_path(ledger, settings, path, actor="tester")
    [again] = capture_path(ledger, settings, path, actor="tester")
    assert again.status == "already-captured"
    path.write_text("江南省纪委监委：2023年留置621人。", encoding="utf-8")
    [changed] = capture_path(ledger, settings, path, actor="tester")
    assert changed.status == "captured" and changed.source_id == first.source_id
    assert changed.change is not None and changed.change.changed_characters == 2


def test_a_folder_is_walked(ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(DATA / "tongbao-utf8.html", folder / "a.html")
    shutil.copy(DATA / "tongbao-big5.html", folder / "sub" / "b.htm")
    (folder / "sub" / "bad.html").write_bytes(b"")
    (folder / ".hidden.html").write_bytes(b"<p>x</p>")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    seen: list[tuple[str, int, int]] = []
    batch = capture_many(ledger, settings, [str(folder)], actor="tester",
                         progress=lambda item, done, total: seen.append((item, done, total)))
    assert [Path(r.location).name for r in batch.results] == ["a.html", "b.htm"]
    assert [Path(item).name for item, _ in batch.failures] == ["bad.html"]
    assert [p.name for p in batch.ignored] == ["photo.jpg"]
    assert [(d, t) for _, d, t in seen] == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(Exception, match=r"1 of 3 documents in .*downloads could not be captured"):
        capture_path(ledger, settings, folder, actor="tester")


def test_a_page_with_scripts_runs_nothing_and_fetches_nothing_else(
        ledger: Ledger, settings: Settings, site: Site) -> None:
    page = documents.simplified_page(extra_head=documents.SCRIPT_PAGE_EXTRA_HEAD,
                                     extra_body=documents.SCRIPT_PAGE_EXTRA_BODY)
    site.serve(URL, page.encode())
    [result] = capture_path(ledger, settings, URL, actor="tester", client=site.client())
    assert [str(r.url) for r in site.requests] == [URL]  # no script, image, frame or CSS
    capture = row(ledger, result.capture_id)
    assert "脚本写入的秘密文字" not in capture.text and "999999" not in capture.text
    assert (settings.store_dir / capture.store_path).read_bytes() == page.encode()  # kept whole


def test_a_failure_while_recording_leaves_no_file_and_a_crash_nothing_verify_flags(
        ledger: Ledger, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    before = state(ledger, settings)
    real_add = Writer.add

    def power_cut(self: Writer, row: object) -> object:
        if isinstance(row, Capture):
            raise RuntimeError("power cut")
        return real_add(self, row)  # type: ignore[type-var]

    monkeypatch.setattr(Writer, "add", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        capture_path(ledger, settings, DATA / "tongbao-big5.html", actor="tester")
    # The new Source was rolled back with the capture, and no orphan file is left.
    assert state(ledger, settings) == before
    monkeypatch.undo()
    # A crash after the files are written but before the commit leaves a complete file
    # nothing refers to, and a partial one in tmp/: neither is a problem for verify.
    store = ContentStore(settings.store_dir)
    left = store.path(store.put((DATA / "tongbao-big5.html").read_bytes()).relative)
    (settings.store_dir / "tmp" / "abc.part").write_bytes(b"half a docu")
    assert check_store(ledger, settings) == [] and ledger.verify_audit() == []
    assert left in unreferenced_files(ledger, settings)
    [result] = capture_path(ledger, settings, DATA / "tongbao-big5.html", actor="tester")
    assert result.status == "captured" and check_store(ledger, settings) == []
    assert left not in unreferenced_files(ledger, settings)


def test_limits_apply_to_files(ledger: Ledger, settings: Settings) -> None:
    [result] = capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester",
                            limits=Limits(max_bytes=5000))
    assert result.size < 5000


def test_a_source_written_by_a_concurrent_capture_is_a_clear_error(
        ledger: Ledger, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from liuzhi.capture import archive
    from liuzhi.errors import CaptureError

    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    before = state(ledger, settings)
    # As if another process created the source between our look-up and our insert.
    monkeypatch.setattr(archive, "_match", lambda session, **_: None)
    with pytest.raises(CaptureError, match="another capture wrote the same source"):
        capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester", again=True)
    assert state(ledger, settings) == before
