"""Fetching URLs, offline (httpx.MockTransport): redirects, limits, timeouts, encodings."""

from __future__ import annotations

import gzip

import httpx
import pytest

from liuzhi.capture.fetch import fetch, make_client
from liuzhi.capture.limits import Limits
from liuzhi.errors import DocumentTooLarge, FetchFailed, FetchTimeout, RedirectLoop
from tests.capture import documents
from tests.capture.conftest import Site

URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"
PAGE = documents.simplified_page().encode()


def test_every_hop_is_recorded(site: Site) -> None:
    short = "http://jnsjw.example.gov.cn/a"
    site.redirect(short, "https://www.jnsjw.example.gov.cn/a", status=301)
    site.redirect("https://www.jnsjw.example.gov.cn/a", "/scdc/202401/t20240122_1.html")
    site.serve(URL, PAGE)
    fetched = fetch(short, client=site.client(), limits=Limits())
    assert [e.status for e in fetched.exchanges] == [301, 302, 200]
    assert fetched.final.url == URL and fetched.content == PAGE
    assert all(("Accept-Encoding", "identity") in e.request_headers for e in fetched.exchanges)


def test_a_redirect_loop_is_named(site: Site) -> None:
    site.redirect("https://a.example.gov.cn/x", "https://b.example.gov.cn/y")
    site.redirect("https://b.example.gov.cn/y", "https://a.example.gov.cn/x")
    with pytest.raises(RedirectLoop, match=r"redirects in a loop.*a\.example\.gov\.cn/x → "
                                           r"https://b\.example\.gov\.cn/y → "):
        fetch("https://a.example.gov.cn/x", client=site.client(), limits=Limits())
    assert len(site.requests) == Limits().max_redirects + 1


def test_an_endless_chain_is_stopped(site: Site) -> None:
    for n in range(20):
        site.redirect(f"https://a.example.gov.cn/{n}", f"https://a.example.gov.cn/{n + 1}")
    with pytest.raises(RedirectLoop, match="redirects without end"):
        fetch("https://a.example.gov.cn/0", client=site.client(), limits=Limits(max_redirects=3))


def test_a_cookie_redirect_to_the_same_page_is_followed(site: Site) -> None:
    def gate(request: httpx.Request) -> httpx.Response:
        if "visited=1" in request.headers.get("cookie", ""):
            return httpx.Response(200, headers={"Content-Type": "text/html"},
                                  stream=httpx.ByteStream(PAGE))
        return httpx.Response(302, headers={"Location": URL, "Set-Cookie": "visited=1; Path=/"})

    site.pages[URL] = gate
    assert fetch(URL, client=site.client(), limits=Limits()).content == PAGE


def test_a_timeout_says_what_to_do() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("The read operation timed out", request=request)

    client = httpx.Client(transport=httpx.MockTransport(slow))
    with pytest.raises(FetchTimeout, match=rf"Fetching {URL} timed out.*--timeout"):
        fetch(URL, client=client, limits=Limits(timeout=5))


def test_a_trickling_server_is_cut_off_by_the_total_time(site: Site) -> None:
    def trickle() -> object:
        yield b"<html>"
        yield b"<body>" * 10

    site.pages[URL] = lambda _: httpx.Response(200, content=trickle())  # type: ignore[arg-type]
    with pytest.raises(FetchTimeout, match="longer than"):
        fetch(URL, client=site.client(), limits=Limits(total_timeout=-1))


def test_no_connection(site: Site) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(FetchFailed, match=rf"Could not fetch {URL} \(ConnectError"):
        fetch(URL, client=client, limits=Limits())


def test_an_error_status_is_not_a_document(site: Site) -> None:
    with pytest.raises(FetchFailed, match=r"answered HTTP 404 Not Found.*web\.archive\.org"):
        fetch(URL, client=site.client(), limits=Limits())


@pytest.mark.parametrize("url", ["ftp://example.gov.cn/a", "http://[::1/a"])
def test_urls_it_cannot_fetch(site: Site, url: str) -> None:
    with pytest.raises(FetchFailed, match="not a URL capture can fetch|Could not fetch"):
        fetch(url, client=site.client(), limits=Limits())


@pytest.mark.parametrize("target", ["javascript:alert(1)", "mailto:x@example.org",
                                    "data:text/html,<p>hi</p>"])
def test_a_redirect_to_another_scheme_names_its_target(site: Site, target: str) -> None:
    start = "https://www.example.gov.cn/start"
    site.redirect(start, URL)
    site.redirect(URL, target)
    with pytest.raises(FetchFailed) as refused:
        fetch(start, client=site.client(), limits=Limits())
    message = str(refused.value)
    assert f"{URL} redirects to {target!r}, which is not an http(s) address" in message
    assert f"reached from {start}" in message
    assert not message.startswith(start)


def test_size_is_limited_by_content_length_before_reading(site: Site) -> None:
    site.serve(URL, PAGE, headers={"Content-Length": "5000000000"})
    with pytest.raises(DocumentTooLarge, match=r"5 GB \(by its Content-Length\).*--max-bytes"):
        fetch(URL, client=site.client(), limits=Limits())


def test_size_is_limited_while_streaming(site: Site) -> None:
    site.serve(URL, PAGE * 10)
    with pytest.raises(DocumentTooLarge, match=rf"{URL} sent more than 1 KB"):
        fetch(URL, client=site.client(), limits=Limits(max_bytes=1000))


def test_gzip_sent_anyway_is_undone_and_kept_raw(site: Site) -> None:
    packed = gzip.compress(PAGE)
    site.serve(URL, packed, headers={"Content-Encoding": "gzip"})
    fetched = fetch(URL, client=site.client(), limits=Limits())
    assert fetched.content == PAGE and fetched.final.body == packed


def test_a_gzip_bomb_is_stopped_at_the_limit(site: Site) -> None:
    bomb = gzip.compress(b"0" * 5_000_000)
    assert len(bomb) < 10_000
    site.serve(URL, bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(DocumentTooLarge, match="expands to more than 1 MB"):
        fetch(URL, client=site.client(), limits=Limits(max_bytes=1_000_000))


def test_an_encoding_it_cannot_undo(site: Site) -> None:
    site.serve(URL, b"....", headers={"Content-Encoding": "zstd"})
    with pytest.raises(FetchFailed, match="Content-Encoding zstd"):
        fetch(URL, client=site.client(), limits=Limits())


def test_a_response_built_in_memory_is_accepted() -> None:
    client = httpx.Client(transport=httpx.MockTransport(
        lambda _: httpx.Response(200, headers={"Content-Encoding": "gzip"},
                                 content=gzip.compress(PAGE))))
    fetched = fetch(URL, client=client, limits=Limits())
    assert fetched.content == PAGE and fetched.final.decoded


def test_the_default_client_names_itself() -> None:
    client = make_client(Limits(timeout=3))
    assert "LiuzhiMonitor" in client.headers["User-Agent"]
    assert client.timeout.read == 3 and not client.follow_redirects
