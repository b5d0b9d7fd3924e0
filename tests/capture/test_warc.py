"""WARC files: written for URL captures (WARC 1.1, both digests), read for WARC captures."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from liuzhi.capture import warc
from liuzhi.capture.fetch import fetch
from liuzhi.capture.limits import Limits
from liuzhi.errors import BrokenWarc, DocumentTooLarge
from tests.capture import documents
from tests.capture.conftest import Site

URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"
PAGE = documents.simplified_page().encode()
WHEN = dt.datetime(2024, 1, 22, 2, 10, 0, 123456, tzinfo=dt.UTC)


def crawl(records: list[tuple[str, str, int | None, str, bytes]], *, gzip: bool = True) -> bytes:
    """A WARC as a crawler writes it: (type, uri, status, content type, body) per record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip, warc_version="1.1")
    for rec_type, uri, status, content_type, body in records:
        http = None
        if status is not None:
            http = StatusAndHeaders(f"{status} OK", [("Content-Type", content_type)],
                                    protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, rec_type, payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_content_type=content_type if rec_type == "resource" else "",
            warc_headers_dict={"WARC-Date": "2023-12-30T08:00:00Z"}))
    return buffer.getvalue()


def test_a_url_capture_becomes_a_warc_1_1_file_with_both_digests(site: Site) -> None:
    site.redirect("https://jnsjw.example.gov.cn/a", URL)
    site.serve(URL, PAGE, content_type="text/html; charset=utf-8")
    fetched = fetch("https://jnsjw.example.gov.cn/a", client=site.client(), limits=Limits())
    sha = hashlib.sha256(PAGE).hexdigest()
    written = warc.write_fetch(fetched, sha256=sha, captured_at=WHEN)
    records = []
    for record in ArchiveIterator(io.BytesIO(written.data), check_digests="raise"):
        records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                        record.rec_headers.protocol, record.rec_headers.get_header("WARC-Date")))
        if record.rec_headers.get_header("WARC-Record-ID") == written.record_id:
            assert record.content_stream().read() == PAGE
            assert record.rec_headers.get_header(warc.SHA256_HEADER) == sha
            assert record.rec_headers.get_header("WARC-Payload-Digest") == written.payload_digest
    assert written.payload_digest.startswith("sha1:")
    assert [r[0] for r in records] == ["warcinfo", "request", "response", "request", "response"]
    assert {r[2] for r in records} == {"WARC/1.1"}
    assert {r[3] for r in records} == {"2024-01-22T02:10:00.123456Z"}
    assert records[-1][1] == URL


def test_reading_takes_response_and_resource_records() -> None:
    data = crawl([
        ("response", URL, 200, "text/html; charset=utf-8", PAGE),
        ("resource", "file:///notice.txt", None, "text/plain", "留置612人".encode()),
        ("request", URL, None, "", b""),
    ])
    found = list(warc.read_documents(io.BytesIO(data), where="crawl.warc.gz",
                                     max_bytes=10**6))
    assert [(d.record_type, d.status, d.content) for d in found] == [
        ("response", 200, PAGE), ("resource", None, "留置612人".encode())]
    assert found[0].date == "2023-12-30T08:00:00Z" and found[0].payload_digest


def test_a_small_warc_that_expands_beyond_the_limit_is_refused() -> None:
    data = crawl([("response", URL, 200, "text/html", b"<p>" + b"0" * 3_000_000)])
    assert len(data) < 20_000
    with pytest.raises(DocumentTooLarge, match=r"bomb.warc.gz: record .* declares a length "
                                               r"of 3 MB .*over the capture limit of 1 MB"):
        list(warc.read_documents(io.BytesIO(data), where="bomb.warc.gz", max_bytes=1_000_000))
    many = crawl([("response", f"{URL}?{n}", 200, "text/html", b"<p>" + b"0" * 400_000)
                  for n in range(3)])
    with pytest.raises(DocumentTooLarge, match="declare more than 1 MB in all"):
        list(warc.read_documents(io.BytesIO(many), where="x.warc.gz", max_bytes=1_000_000))


def test_a_record_that_declares_10_gb_is_refused_by_its_declared_length() -> None:
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>"
    data = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            b"WARC-Target-URI: " + URL.encode() + b"\r\nContent-Length: 10000000000\r\n\r\n"
            + body)
    with pytest.raises(DocumentTooLarge) as refused:
        list(warc.read_documents(io.BytesIO(data), where="x.warc", max_bytes=200_000_000))
    message = str(refused.value)
    assert "declares a length of 10 GB (its Content-Length header)" in message
    assert "<urn:uuid:1>" in message and URL in message and "decompress" not in message


def test_a_record_whose_digest_fails_is_refused() -> None:
    data = crawl([("response", URL, 200, "text/html", PAGE)], gzip=False)
    tampered = data.replace("612人".encode(), "512人".encode())
    with pytest.raises(BrokenWarc, match="failed its digest check"):
        list(warc.read_documents(io.BytesIO(tampered), where="x.warc", max_bytes=10**6))


@pytest.mark.parametrize(("data", "message"), [
    (b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\n<html>",
     "cannot be read as a WARC file"),
    (b"this is not a warc file at all", "is not a WARC file"),
])
def test_an_unreadable_warc_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(BrokenWarc, match=message):
        list(warc.read_documents(io.BytesIO(data), where="x.warc", max_bytes=10**6))


def test_without_warcio_internals_reading_falls_back_to_the_public_api_with_one_warning(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    encoded = gzip.compress(PAGE)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    writer.write_record(writer.create_warc_record(
        URL + "?gz", "response", payload=io.BytesIO(encoded), length=len(encoded),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                                 ("Content-Encoding", "gzip")],
                                      protocol="HTTP/1.1")))
    data = crawl([("response", URL, 200, "text/html; charset=utf-8", PAGE),
                  ("resource", "file:///notice.txt", None, "text/plain", "留置612人".encode())])
    data += buffer.getvalue()
    tampered = crawl([("response", URL, 200, "text/html", PAGE)], gzip=False) \
        .replace("612人".encode(), "512人".encode())

    def read(payload: bytes) -> list[warc.WarcDocument]:
        return list(warc.read_documents(io.BytesIO(payload), where="x.warc", max_bytes=10**6))

    warc._internals_work.cache_clear()
    assert warc._internals_work()  # the installed warcio: the internal path
    expected = read(data)
    assert [d.content for d in expected] == [PAGE, "留置612人".encode(), PAGE]

    def renamed(record: object, max_bytes: int) -> object:
        raise AttributeError("'ArcWarcRecord' object has no attribute 'digest_checker'")

    monkeypatch.setattr(warc, "_read_with_internals", renamed)
    warc._internals_work.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="public API instead") as caught:
            assert read(data) == expected
            assert read(data) == expected
            with pytest.raises(BrokenWarc, match="failed its digest check"):
                read(tampered)
        assert len(caught) == 1  # one warning, however many files are read
        assert "no attribute 'digest_checker'" in str(caught[0].message)
    finally:
        warc._internals_work.cache_clear()
