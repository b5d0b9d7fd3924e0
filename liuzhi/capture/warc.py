"""WARC files: written for every URL capture, read when a WARC file is captured.

A URL capture becomes one gzip-compressed WARC 1.1 file: a ``warcinfo`` record, then a
``request`` and a ``response`` record for every hop (redirects first). Response records
hold the body exactly as the server sent it, with warcio's ``WARC-Payload-Digest``
(SHA-1, base32); the final response also carries ``Liuzhi-Content-SHA256``, the SHA-256
of the document as stored (the ledger's ``captures.sha256``), so the WARC record and the
ledger row can be matched without the ledger's help.

Reading: every ``response`` and ``resource`` record is a candidate document. The limit
on size applies to the WARC as decompressed, not as it lies on disk: the lengths the
records declare are checked before they are read, so a small ``.warc.gz`` that expands
enormously (or whose headers claim so) is refused before it is expanded; digests the
records carry are checked as they are read.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from liuzhi import __version__ as liuzhi_version
from liuzhi.capture.fetch import Fetched
from liuzhi.capture.limits import format_size
from liuzhi.errors import BrokenWarc, DocumentTooLarge

SHA256_HEADER = "Liuzhi-Content-SHA256"
SOFTWARE = f"Liuzhi Monitor {liuzhi_version} (warcio {version('warcio')})"

# Headers that describe the connection, not the body we store: the body in the record
# is de-chunked, so a replay tool must not try to de-chunk it again.
_HOP_HEADERS = {"transfer-encoding"}


@dataclass(frozen=True)
class WrittenWarc:
    data: bytes  # the whole .warc.gz file
    record_id: str  # WARC-Record-ID of the final response record
    payload_digest: str  # warcio's WARC-Payload-Digest of that record


def _warc_date(moment: dt.datetime) -> str:
    return datetime_to_iso_date(moment.astimezone(dt.UTC).replace(tzinfo=None), use_micros=True)


def write_fetch(fetched: Fetched, *, sha256: str, captured_at: dt.datetime) -> WrittenWarc:
    """The WARC 1.1 file for one URL capture (see the module docstring)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    date = _warc_date(captured_at)
    info = (f"software: {SOFTWARE}\r\nformat: WARC File Format 1.1\r\n"
            "conformsTo: https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/\r\n"
            f"description: Evidence capture of {fetched.url}\r\n").encode("utf-8")
    writer.write_record(writer.create_warc_record(
        "", "warcinfo", payload=io.BytesIO(info), length=len(info),
        warc_content_type="application/warc-fields", warc_headers_dict={"WARC-Date": date},
    ))
    record_id = payload_digest = ""
    for number, exchange in enumerate(fetched.exchanges, start=1):
        target = _request_target(exchange.url)
        request = writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"{exchange.method} {target} {exchange.http_version}",
                                          list(exchange.request_headers),
                                          is_http_request=True),
            warc_headers_dict={"WARC-Date": date},
        )
        renamed = _HOP_HEADERS | ({"content-encoding"} if exchange.decoded else set())
        headers = [(k if k.lower() not in renamed else f"X-Archive-Orig-{k}", v)
                   for k, v in exchange.headers]
        response = writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(),
                                          headers, protocol=exchange.http_version),
            warc_headers_dict={"WARC-Date": date},
        )
        if number == len(fetched.exchanges):
            response.rec_headers.add_header(SHA256_HEADER, sha256)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", response_id)
        writer.write_record(request)
        writer.write_record(response)
        record_id = response_id
        payload_digest = response.rec_headers.get_header("WARC-Payload-Digest") or ""
    return WrittenWarc(buffer.getvalue(), record_id, payload_digest)


def _request_target(url: str) -> str:
    """The request target of a request line: path and query."""
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    path = rest[slash:] if slash != -1 else "/"
    return path.split("#", 1)[0] or "/"


@dataclass(frozen=True)
class WarcDocument:
    """One response or resource record of a WARC file."""

    record_id: str
    record_type: str  # response | resource
    target_uri: str
    date: str  # WARC-Date as written
    status: int | None  # HTTP status; None for a resource record
    headers: tuple[tuple[str, str], ...]  # HTTP headers as archived
    content_type: str | None  # HTTP Content-Type, or the record's for a resource
    payload_digest: str
    content: bytes  # the payload with chunking and Content-Encoding undone


def _check_declared(record: ArcWarcRecord, *, where: str, max_bytes: int, before: int) -> None:
    """Refuse a record, by the length its header declares, before reading it: the limit
    applies to the WARC as expanded, and a header may claim far more than the file holds."""
    length = record.length or 0
    if length > max_bytes:
        uri = record.rec_headers.get_header("WARC-Target-URI") or "no target URI"
        rec_id = record.rec_headers.get_header("WARC-Record-ID") or "without an id"
        raise DocumentTooLarge(
            f"{where}: record {rec_id} ({uri}) declares a length of {format_size(length)} "
            f"(its Content-Length header), over the capture limit of {format_size(max_bytes)}. "
            "If the WARC really holds a record that large, raise the limit with --max-bytes or "
            "LIUZHI_MAX_CAPTURE_BYTES; if the file is far smaller than that, the header is "
            "wrong and the WARC is damaged or crafted (check it with `warcio check`)."
        )
    if before + length > max_bytes:
        raise DocumentTooLarge(
            f"{where}: its records declare more than {format_size(max_bytes)} in all (the sum "
            "of their Content-Length headers), over the capture limit. If it is a genuine WARC "
            "that large, raise the limit with --max-bytes or LIUZHI_MAX_CAPTURE_BYTES, or split "
            "it into smaller WARC files and capture each."
        )


# Reading a record's payload and checking it. warcio's public API gives the payload, but
# not the outcome of its digest check nor whether the record was cut short: those live in
# its internals (``record.digest_checker``, the reader's remaining ``limit``). Those are
# used while they work; if a warcio release renames them, reading falls back to the public
# API (with one warning) and checks the payload digest itself.

Read = Callable[[ArcWarcRecord, int], tuple[bytes, int, list[str]]]


def _read_with_internals(record: ArcWarcRecord, max_bytes: int) -> tuple[bytes, int, list[str]]:
    """(content, bytes missing at the end, digest problems), through warcio's internals."""
    content = record.content_stream().read(max_bytes + 1)
    if len(content) > max_bytes:
        return content, 0, []
    record.raw_stream.read()  # to the end, so warcio checks the digests
    problems = list(record.digest_checker.problems) if record.digest_checker else []
    return content, int(record.raw_stream.limit), problems


def _read_with_public_api(record: ArcWarcRecord,
                          max_bytes: int) -> tuple[bytes, int, list[str]]:
    """The same through warcio's public API: the payload as archived is read first and its
    WARC-Payload-Digest checked here, then decoded by ``content_stream``. A record cut
    short is caught by its payload digest; without one it cannot be told (0 missing)."""
    raw = record.raw_stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return raw, 0, []
    problems = _payload_digest_problems(record.rec_headers.get_header("WARC-Payload-Digest"),
                                        raw)
    record.raw_stream = io.BytesIO(raw)
    return record.content_stream().read(max_bytes + 1), 0, problems


def _payload_digest_problems(declared: str | None, payload: bytes) -> list[str]:
    if not declared:
        return []
    algorithm, _, value = declared.partition(":")
    try:
        digest = hashlib.new(algorithm.strip().lower().replace("-", ""), payload).digest()
    except ValueError:
        return [f"unknown hash algorithm in payload digest {declared}"]
    value = value.strip()
    forms = {base64.b32encode(digest).decode(), base64.b32encode(digest).decode().rstrip("="),
             digest.hex(), base64.b64encode(digest).decode(),
             base64.urlsafe_b64encode(digest).decode()}
    if value in forms or value.upper() in forms or value.lower() in forms:
        return []
    return [f"payload digest failed: {declared}"]


@lru_cache(maxsize=1)
def _internals_work() -> bool:
    """Whether warcio's internals still behave as ``_read_with_internals`` expects, tried
    once per process on a small WARC made here; warns once when they do not."""
    body = b"<p>liuzhi</p>"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warc_record(
        "https://example.org/", "response", payload=io.BytesIO(body), length=len(body),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                      protocol="HTTP/1.1")))
    buffer.seek(0)
    try:
        record = next(iter(ArchiveIterator(buffer, check_digests=True)))
        if _read_with_internals(record, 1000) == (body, 0, []):
            return True
        failure = "they gave an unexpected result"
    except Exception as error:  # any failure of the internal path means: do not use it
        failure = f"{type(error).__name__}: {error}"
    warnings.warn(
        f"warcio {version('warcio')} no longer offers the internals Liuzhi Monitor reads WARC "
        f"digests with ({failure}); WARC files are read through warcio's public API instead. "
        "Payload digests are still checked, but a record cut short that carries no payload "
        "digest is no longer detected. Install the warcio version pyproject.toml names to "
        "restore the full check.",
        RuntimeWarning, stacklevel=3)
    return False


def read_documents(stream: BinaryIO, *, where: str, max_bytes: int) -> Iterator[WarcDocument]:
    """Every response and resource record in a WARC (plain or gzip-compressed).

    Raises DocumentTooLarge when the WARC, decompressed, would exceed ``max_bytes``, and
    BrokenWarc when it is not a readable WARC or a record's digest does not match.
    """
    expanded = 0
    internals = _internals_work()
    read: Read = _read_with_internals if internals else _read_with_public_api
    try:
        for record in ArchiveIterator(stream, check_digests=internals):
            if record.format != "warc":
                seen = record.format or "an unknown format"
                raise BrokenWarc(
                    f"{where} is not a WARC file (warcio reads it as {seen}). Capture takes WARC "
                    "1.0 and 1.1 files; convert an ARC file to WARC first (e.g. with warcio's "
                    "arc2warc option or another ARC-to-WARC tool)."
                )
            _check_declared(record, where=where, max_bytes=max_bytes, before=expanded)
            expanded += record.length or 0
            if record.rec_type not in ("response", "resource"):
                continue
            content, missing, problems = read(record, max_bytes)
            if len(content) > max_bytes:
                raise DocumentTooLarge(
                    f"{where}: the record for {record.rec_headers.get_header('WARC-Target-URI')} "
                    f"expands to more than {format_size(max_bytes)} when decompressed, over the "
                    "capture limit. Raise the limit with --max-bytes if the document is genuine."
                )
            rec_id = record.rec_headers.get_header("WARC-Record-ID") or ""
            if missing > 0:  # warcio hands over what there is, without a word
                raise BrokenWarc(
                    f"{where} is truncated: record {rec_id} ends {missing:,} bytes before its "
                    "Content-Length says. The copy or download stopped part-way; get the "
                    "complete WARC file and capture that."
                )
            if problems:
                raise BrokenWarc(
                    f"{where}: record {rec_id} failed its digest check ({'; '.join(problems)}): "
                    "its content is not what was archived, so the WARC was altered or damaged. "
                    "Get an intact copy of the WARC file and capture that."
                )
            http = record.http_headers
            status = None
            headers: tuple[tuple[str, str], ...] = ()
            content_type = record.rec_headers.get_header("Content-Type")
            if record.rec_type == "response" and http is not None:
                code = (http.get_statuscode() or "").strip()
                status = int(code) if code.isdigit() else None
                headers = tuple((str(k), str(v)) for k, v in http.headers)
                content_type = http.get_header("Content-Type")
            yield WarcDocument(
                record_id=rec_id, record_type=record.rec_type,
                target_uri=record.rec_headers.get_header("WARC-Target-URI") or "",
                date=record.rec_headers.get_header("WARC-Date") or "",
                status=status, headers=headers, content_type=content_type,
                payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
                content=content,
            )
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError, AttributeError,
            TypeError, KeyError) as error:  # warcio fails in many ways on malformed input
        raise BrokenWarc(
            f"{where} cannot be read as a WARC file ({type(error).__name__}: {error}). It may be "
            "truncated or not a WARC at all; check it with `warcio check`, and capture an intact "
            "copy."
        ) from error
