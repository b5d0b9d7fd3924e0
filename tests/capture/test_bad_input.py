"""Every kind of bad input: one paragraph naming the file or URL and the fix, and the
store and ledger exactly as they were."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from liuzhi.capture import Limits, capture_path, check_store
from liuzhi.config import Settings
from liuzhi.errors import (
    BrokenPdf,
    BrokenWarc,
    CaptureError,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedPdf,
    FetchFailed,
    FetchTimeout,
    RedirectLoop,
    UnsupportedDocument,
)
from liuzhi.ledger import Ledger
from tests.capture import documents
from tests.capture.conftest import DATA, Site, state
from tests.capture.test_warc import crawl

URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"


@dataclass
class Case:
    """Builds the bad input in ``tmp`` (and on ``site``); returns what to capture."""

    make: Callable[[Path, Site, bytes], str]
    error: type[CaptureError]
    says: tuple[str, ...]  # fragments of the message, besides the input's name
    limits: Limits = Limits()


def _file(name: str, data: Callable[[bytes], bytes]) -> Callable[[Path, Site, bytes], str]:
    def make(tmp: Path, _site: Site, pdf: bytes) -> str:
        (tmp / name).write_bytes(data(pdf))
        return str(tmp / name)
    return make


def _url(setup: Callable[[Site], None], url: str = URL) -> Callable[[Path, Site, bytes], str]:
    def make(_tmp: Path, site: Site, _pdf: bytes) -> str:
        setup(site)
        return url
    return make


def _timeout(site: Site) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("The read operation timed out", request=request)
    site.pages[URL] = slow


def _loop(site: Site) -> None:
    site.redirect(URL, URL.replace("t20240122_1", "t20240122_2"))
    site.redirect(URL.replace("t20240122_1", "t20240122_2"), URL)


def _refused(site: Site) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    site.pages[URL] = refuse


PAGE = documents.simplified_page().encode()

CASES: dict[str, Case] = {
    "empty file": Case(_file("empty.html", lambda _: b""), EmptyDocument,
                       ("is empty (0 bytes)", "capture the file again")),
    "truncated PDF": Case(_file("report.pdf", lambda pdf: pdf[: len(pdf) * 2 // 3]), BrokenPdf,
                          ("truncated PDF", "Download it again")),
    "damaged PDF": Case(_file("report.pdf", lambda _: b"%PDF-1.7\n" + documents.garbage()
                              + b"\n%%EOF\n"), BrokenPdf, ("damaged PDF", "Download it again")),
    "encrypted PDF": Case(_file("report.pdf", lambda pdf: documents.encrypted_pdf(
        pdf, user_password="secret")), EncryptedPdf, ("needs a password", "qpdf")),
    "a web page saved as .pdf": Case(_file("report.pdf", lambda _: PAGE), BrokenPdf,
                                     ("named as a PDF but is not one", "save the PDF again")),
    "binary garbage named .html": Case(_file("tongbao.html", lambda _: documents.garbage()),
                                       UnsupportedDocument, ("binary data", "`file ")),
    "an image named .html": Case(_file("tongbao.html", lambda _: b"\x89PNG\r\n\x1a\n" + bytes(64)),
                                 UnsupportedDocument, ("PNG image",)),
    "over the size limit": Case(_file("big.html", lambda _: PAGE), DocumentTooLarge,
                                ("over the capture limit of 1 KB", "--max-bytes",
                                 "LIUZHI_MAX_CAPTURE_BYTES"), Limits(max_bytes=1000)),
    "compressed WARC that expands beyond the limit": Case(
        _file("crawl.warc.gz", lambda _: crawl([("response", URL, 200, "text/html",
                                                 b"<p>" + b"0" * 2_000_000)])),
        DocumentTooLarge, ("declares a length of 2 MB", "over the capture limit of 1 MB",
                           "--max-bytes"),
        Limits(max_bytes=1_000_000)),
    "truncated WARC": Case(_file("crawl.warc.gz", lambda _: crawl(
        [("response", URL, 200, "text/html", PAGE)])[:-60]), BrokenWarc, ("WARC",)),
    "WARC without documents": Case(_file("crawl.warc", lambda _: crawl(
        [("response", URL + ".png", 200, "image/png", b"\x89PNG....")], gzip=False)),
        BrokenWarc, ("holds no record capture can use", "1 image/png")),
    "missing file": Case(lambda tmp, _s, _p: str(tmp / "nowhere.html"), CaptureError,
                         ("neither an existing file or folder nor an http(s) URL",)),
    "URL that times out": Case(_url(_timeout), FetchTimeout, ("timed out", "--timeout",
                                                              "save the page from a browser")),
    "URL that redirects in a loop": Case(_url(_loop), RedirectLoop,
                                         ("redirects in a loop", "t20240122_2.html")),
    "URL that is gone": Case(_url(lambda site: None), FetchFailed,
                             ("answered HTTP 404 Not Found", "archived copy")),
    "URL with no connection": Case(_url(_refused), FetchFailed, ("Connection refused",)),
    "URL over the size limit": Case(_url(lambda site: site.serve(URL, PAGE)), DocumentTooLarge,
                                    ("sent more than 1 KB",), Limits(max_bytes=1000)),
    "URL that is a gzip bomb": Case(_url(lambda site: site.serve(
        URL, gzip.compress(b"<p>" + b"0" * 3_000_000), headers={"Content-Encoding": "gzip"})),
        DocumentTooLarge, ("expands to more than 1 MB",), Limits(max_bytes=1_000_000)),
    "URL serving binary garbage as HTML": Case(_url(lambda site: site.serve(
        URL, documents.garbage(), content_type="text/html")), UnsupportedDocument,
        ("binary data",)),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_refused_and_changes_nothing(
        name: str, ledger: Ledger, settings: Settings, site: Site, tmp_path: Path,
        report_pdf: bytes) -> None:
    case = CASES[name]
    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")  # a store in use
    target = case.make(tmp_path, site, report_pdf)
    before = state(ledger, settings)
    with pytest.raises(case.error) as raised:
        capture_path(ledger, settings, target, actor="tester", client=site.client(),
                     limits=case.limits)
    message = str(raised.value)
    assert target in message or target.replace("#", "") in message, message
    for fragment in case.says:
        assert fragment in message, message
    assert "\n" not in message and message.endswith((".", ")")), message  # one paragraph
    assert state(ledger, settings) == before
    assert check_store(ledger, settings) == [] and ledger.verify_audit() == []
