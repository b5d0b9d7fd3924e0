"""Fetching a URL as evidence: every hop recorded, nothing trusted, nothing run.

Redirects are followed here, one hop at a time, so each hop (request and response,
headers as sent and received) can go into the WARC file, and so a loop or an endless
chain is caught with the chain in the message. The body is read raw, as the server sent
it, with the size limit enforced while it streams; ``Accept-Encoding: identity`` asks
for it uncompressed, and gzip or deflate sent anyway are undone here, within the same
limit. The HTTP client is injectable (``client=``), so tests use ``httpx.MockTransport``
and never the network.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

import httpx

from liuzhi import __version__ as liuzhi_version
from liuzhi.capture.limits import Limits, format_size
from liuzhi.errors import DocumentTooLarge, FetchFailed, FetchTimeout, RedirectLoop

USER_AGENT = (f"LiuzhiMonitor/{liuzhi_version} (evidence capture for human-rights research; "
              f"python-httpx/{httpx.__version__})")


@dataclass(frozen=True)
class Exchange:
    """One request and the response to it, as they went over the wire."""

    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    http_version: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]  # as received, in order, repeats kept
    body: bytes  # as received: still gzip-compressed if the server compressed it
    decoded: bool = False  # True when the transport had already undone Content-Encoding

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked for
    exchanges: tuple[Exchange, ...]  # every redirect, then the final response
    content: bytes  # the final body with any Content-Encoding undone: the document

    @property
    def final(self) -> Exchange:
        return self.exchanges[-1]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def make_client(limits: Limits, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The client ``liuzhi capture`` uses; pass ``transport`` to keep tests offline."""
    return httpx.Client(transport=transport, timeout=httpx.Timeout(limits.timeout),
                        follow_redirects=False, headers={"User-Agent": USER_AGENT})


def _pairs(raw: list[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    return tuple((key.decode("latin-1"), value.decode("latin-1")) for key, value in raw)


def _read_body(response: httpx.Response, url: str, limits: Limits, started: float) -> bytes:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limits.max_bytes:
        raise DocumentTooLarge(
            f"{url} is {format_size(int(length))} (by its Content-Length), over the capture "
            f"limit of {format_size(limits.max_bytes)}. If the document really is that large, "
            "raise the limit with --max-bytes or LIUZHI_MAX_CAPTURE_BYTES (e.g. --max-bytes 1GB)."
        )
    if response.is_stream_consumed:
        # Built in memory (a test or in-process transport): httpx has read and decoded it.
        body = response.content
        if len(body) > limits.max_bytes:
            raise DocumentTooLarge(
                f"{url} is {format_size(len(body))}, over the capture limit of "
                f"{format_size(limits.max_bytes)}. If the document really is that large, raise "
                "the limit with --max-bytes or LIUZHI_MAX_CAPTURE_BYTES."
            )
        return body
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > limits.max_bytes:
            raise DocumentTooLarge(
                f"{url} sent more than {format_size(limits.max_bytes)}, the capture limit, so "
                "the download was stopped. If the document really is that large, raise the "
                "limit with --max-bytes or LIUZHI_MAX_CAPTURE_BYTES."
            )
        if time.monotonic() - started > limits.total_timeout:
            raise FetchTimeout(
                f"Fetching {url} took longer than {limits.total_timeout:g} s in all, so it was "
                "stopped. The server is sending very slowly: try again later, raise --timeout "
                "(the total allowed is ten times it), or save the page from a browser and "
                "capture the file."
            )
        chunks.append(chunk)
    return b"".join(chunks)


def undo_content_encoding(body: bytes, coding: str | None, *, url: str, limit: int) -> bytes:
    """The document inside a gzip- or deflate-encoded body, never more than ``limit``
    bytes of it (a small compressed body can expand enormously)."""
    for name in reversed([c.strip().lower() for c in (coding or "").split(",") if c.strip()]):
        if name == "identity":
            continue
        if name not in ("gzip", "x-gzip", "deflate"):
            raise FetchFailed(
                f"{url} was sent with Content-Encoding {name}, which capture cannot undo (it "
                "asks for no encoding, and undoes gzip and deflate). Save the page from a "
                "browser and capture the file instead."
            )
        attempts = (47,) if name != "deflate" else (15, -15)  # 47: gzip or zlib header
        last: zlib.error | None = None
        for wbits in attempts:
            try:
                inflater = zlib.decompressobj(wbits)
                out = inflater.decompress(body, limit + 1)
                break
            except zlib.error as error:
                last = error
        else:
            raise FetchFailed(
                f"{url} was sent {name}-compressed, but the compressed data is damaged "
                f"({last}). Try again later; if it persists, save the page from a browser and "
                "capture the file."
            )
        if len(out) > limit or inflater.unconsumed_tail:
            raise DocumentTooLarge(
                f"{url} expands to more than {format_size(limit)} when decompressed, over the "
                "capture limit. If the document really is that large, raise the limit with "
                "--max-bytes or LIUZHI_MAX_CAPTURE_BYTES."
            )
        body = out
    return body


def _describe(error: httpx.HTTPError) -> str:
    return str(error) or type(error).__name__


def _send(client: httpx.Client, request: httpx.Request, url: str) -> httpx.Response:
    """``client.send`` without following redirects. httpx builds the next request of a
    redirect inside ``send`` and fails there on a Location it cannot use (``javascript:``,
    ``mailto:``, a malformed URL), without saying what the Location was: a response hook
    keeps it, so the error names the redirect's target rather than the page asked for."""
    seen: list[httpx.Response] = []
    hooks = client.event_hooks
    client.event_hooks = {**hooks, "response": [*hooks.get("response", []), seen.append]}
    try:
        return client.send(request, stream=True, follow_redirects=False)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.RemoteProtocolError) as error:
        location = seen[-1].headers.get("location") if seen else None
        if location is None:
            raise
        shown = location if len(location) <= 200 else location[:200] + "…"
        raise FetchFailed(
            f"{request.url} redirects to {shown!r}, which is not an http(s) address capture "
            f"can fetch{' (reached from ' + url + ')' if str(request.url) != url else ''}. "
            "The page may need a browser (a javascript: link) or point somewhere else; open it "
            "in a browser, save the document and capture the file."
        ) from error
    finally:
        client.event_hooks = hooks


def fetch(url: str, *, client: httpx.Client, limits: Limits) -> Fetched:
    """GET ``url``, following up to ``limits.max_redirects`` redirects.

    Raises FetchTimeout, RedirectLoop, DocumentTooLarge, or FetchFailed (bad URL, no
    connection, an HTTP error status, an encoding it cannot undo).
    """
    try:
        request = client.build_request(
            "GET", url.split("#", 1)[0],  # a fragment is never sent, nor archived
            headers={"Accept-Encoding": "identity"},
            timeout=httpx.Timeout(limits.timeout),
        )
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise FetchFailed(f"{url} is not a URL capture can fetch ({error}). Check it for typos; "
                          "it must start with http:// or https://.") from error
    started = time.monotonic()
    exchanges: list[Exchange] = []
    chain = [str(request.url)]
    while True:
        if request.url.scheme not in ("http", "https"):
            raise FetchFailed(
                f"{chain[-1]} is not a URL capture can fetch (only http and https"
                f"{', and it was reached by a redirect from ' + url if len(chain) > 1 else ''}"
                "). Check it for typos, or save the document by other means and capture the file."
            )
        try:
            response = _send(client, request, url)
            try:
                decoded = response.is_stream_consumed
                body = _read_body(response, url, limits, started)
            finally:
                response.close()
        except httpx.TimeoutException as error:
            raise FetchTimeout(
                f"Fetching {chain[-1]} timed out ({_describe(error)}; the limit is "
                f"{limits.timeout:g} s without a response). The site may be slow, down, or "
                "blocking automated requests: try again later, raise the limit with --timeout, "
                "or save the page from a browser and capture the file."
            ) from error
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
            raise FetchFailed(f"{chain[-1]} is not a URL capture can fetch ({error}). Check it "
                              "for typos; it must start with http:// or https://.") from error
        except httpx.HTTPError as error:
            raise FetchFailed(
                f"Could not fetch {chain[-1]} ({type(error).__name__}: {_describe(error)}). "
                "Check the address and the network connection; if the page is gone, look for "
                "an archived copy (e.g. on web.archive.org) and capture that."
            ) from error
        exchanges.append(Exchange(
            method=request.method, url=str(request.url),
            request_headers=_pairs(request.headers.raw), http_version=response.http_version,
            status=response.status_code, reason=response.reason_phrase,
            headers=_pairs(response.headers.raw), body=body, decoded=decoded,
        ))
        next_request = response.next_request
        if not (response.has_redirect_location and next_request is not None):
            break
        chain.append(str(next_request.url))
        if len(exchanges) > limits.max_redirects:
            looped = len(set(chain)) < len(chain)
            if looped:  # the chain up to the first address seen twice: A → B → A
                shown = " → ".join(chain[: next(i for i, u in enumerate(chain)
                                                if u in chain[:i]) + 1])
            else:
                shown = " → ".join([*chain[:3], "…", chain[-1]])
            raise RedirectLoop(
                f"{url} {'redirects in a loop' if looped else 'redirects without end'}: "
                f"more than {limits.max_redirects} redirects ({shown}). The site may need "
                "cookies or JavaScript that capture does not provide: open it in a browser, save "
                "the page (as HTML or PDF) and capture that file."
            )
        request = next_request
    final = exchanges[-1]
    if not 200 <= final.status < 300:
        raise FetchFailed(
            f"{final.url} answered HTTP {final.status} {final.reason}, so there is no document "
            "to capture. Check the address; if the page was removed, look for an archived copy "
            "(e.g. on web.archive.org) and capture that instead."
        )
    content = final.body if final.decoded else undo_content_encoding(
        final.body, final.header("content-encoding"), url=url, limit=limits.max_bytes)
    return Fetched(url=url, exchanges=tuple(exchanges), content=content)
