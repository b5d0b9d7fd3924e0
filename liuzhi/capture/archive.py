"""Capturing documents as evidence: the one place that reads, fetches, stores and records.

For each file or URL, in this order:

1. read or fetch the bytes (within the size limit), and tell what they are;
2. extract the text (the offsets later stages use refer to this text);
3. in one ledger transaction, which waits its turn for the write lock: create the Source
   if it is new and add the Capture, each with its audit event; then put the bytes, and
   for a URL its WARC file, in the content-addressed store; then commit.

Anything wrong with the input fails in steps 1–2, before anything is written. If step 3
fails, the files it added are removed before the transaction ends (while it still holds
the lock, so no other capture can have come to rely on them), and the rows roll back. A
crash, or a failed commit, leaves only files no capture refers to, which ``verify``
ignores; a capture row is never committed before its files are on disk.

Captures are immutable: capturing again always adds a new row, and says how it differs
from the last capture of the same source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session

from liuzhi.capture import compare, fetch, formats, text, warc
from liuzhi.capture.limits import Limits, format_size
from liuzhi.capture.store import ContentStore, sha256_bytes
from liuzhi.config import Settings
from liuzhi.errors import (
    BrokenWarc,
    CaptureError,
    DocumentTooLarge,
    LedgerBusy,
    LiuzhiError,
    UnsupportedDocument,
)
from liuzhi.ledger import audit
from liuzhi.ledger.models import Capture, Source
from liuzhi.ledger.store import Ledger, Writer

Clock = Callable[[], dt.datetime]
Progress = Callable[[str, int, int], None]

UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourceDefaults:
    """What capture writes into a Source it creates. It cannot know who published a page
    or what kind of document it is, so these say ``unknown`` until a person fills them
    in; ``secondary`` is True (third-party) unless the caller says the source is official;
    ``language`` is guessed from the text when not given."""

    publisher: str = UNKNOWN
    issuing_body: str = UNKNOWN
    kind: str = UNKNOWN
    secondary: bool = True
    language: str | None = None


@dataclass(frozen=True)
class CaptureResult:
    location: str  # the file, URL, or WARC file and record
    status: str  # "captured", or "already-captured" (nothing new was written)
    capture_id: int
    source_id: str
    source_created: bool
    sha256: str
    size: int
    media_type: str
    method: str  # file | url | warc
    text_chars: int
    change: compare.Change | None = None
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.status == "already-captured":
            return (f"{self.location}: already captured as capture #{self.capture_id} (source "
                    f"{self.source_id}); pass --again to take a new capture")
        created = " (new source)" if self.source_created else ""
        return (f"{self.location}: capture #{self.capture_id}, source {self.source_id}{created}, "
                f"{self.media_type}, {format_size(self.size)}, {self.text_chars:,} characters of "
                f"text, sha256 {self.sha256}")


@dataclass
class Batch:
    """The outcome of capturing many inputs: each either captured or failed."""

    results: list[CaptureResult] = field(default_factory=list)
    failures: list[tuple[str, LiuzhiError]] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)  # files in folders of other types
    outside: list[tuple[Path, str]] = field(default_factory=list)  # links out of a folder

    @property
    def captured(self) -> int:
        return sum(r.status == "captured" for r in self.results)


@dataclass
class _Document:
    """A document read, identified and turned into text: ready to store and record."""

    location: str
    method: str
    content: bytes
    sha256: str
    media_type: str
    text: text.DocumentText
    captured_at: str
    source_url: str  # "" for a local file
    source_key: str  # what a new source's id is derived from
    final_url: str = ""
    http_status: int | None = None
    http_headers: str = ""
    warc_record_id: str = ""
    warc_digest: str = ""
    fallback_title: str = ""


def timestamp(moment: dt.datetime) -> str:
    """The ledger's one format for a capture's time: UTC, microseconds, ``Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def source_id_for(key: str) -> str:
    """``C`` and the first 10 hex digits of SHA-256 of the URL (or ``file:`` path)."""
    return "C" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


# ---------------------------------------------------------------------------- inputs


@dataclass
class Expanded:
    items: list[str] = field(default_factory=list)  # URLs and files to capture
    ignored: list[Path] = field(default_factory=list)  # files of other types in folders
    outside: list[tuple[Path, str]] = field(default_factory=list)  # link, where it leads


def expand(inputs: Iterable[str]) -> Expanded:
    """URLs and files as given; folders walked (sorted, hidden entries skipped) for the
    files capture accepts. A symbolic link inside a folder that leads out of it (to
    /etc/passwd, say) is never followed: it is left out and named, since capturing a
    folder must not archive files from elsewhere on the machine."""
    found = Expanded()
    for item in inputs:
        path = Path(item)
        if fetch.is_url(item) or not path.is_dir():
            found.items.append(item)
            continue
        root = path.resolve()
        for folder, dirs, files in os.walk(path):
            for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:
                # os.walk does not descend into linked folders; name those that leave.
                link = Path(folder) / name
                if not _inside(link, root):
                    found.outside.append((link, _target(link)))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                entry = Path(folder) / name
                if entry.is_symlink() and not _inside(entry, root):
                    found.outside.append((entry, _target(entry)))
                elif formats.media_type_for_name(name):
                    found.items.append(str(entry))
                else:
                    found.ignored.append(entry)
    return found


def _inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return False


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def capture_many(
    ledger: Ledger, settings: Settings, inputs: Sequence[str], *, actor: str,
    client: httpx.Client | None = None, clock: Clock | None = None, again: bool = False,
    limits: Limits | None = None, defaults: SourceDefaults | None = None,
    source_id: str | None = None, progress: Progress | None = None,
) -> Batch:
    """Capture every input (folders walked); one failure does not stop the others.

    ``progress(location, done, total)`` is called after each input."""
    expanded = expand(inputs)
    items = expanded.items
    batch = Batch(ignored=expanded.ignored, outside=expanded.outside)
    own_client = client is None and any(fetch.is_url(i) for i in items)
    limits = limits or Limits()
    if own_client:
        client = fetch.make_client(limits)
    busy: LedgerBusy | None = None
    try:
        for done, item in enumerate(items, start=1):
            if busy is not None:  # waiting again for each file would only repeat the wait
                batch.failures.append((item, LedgerBusy(
                    f"{item} was not captured: the ledger stayed locked by another writer "
                    "(see the error above); capture it again when that command has finished.")))
                continue
            try:
                batch.results.extend(_capture_one(
                    ledger, settings, item, actor=actor, client=client, clock=clock,
                    again=again, limits=limits, defaults=defaults or SourceDefaults(),
                    source_id=source_id))
            except LedgerBusy as error:
                busy = error
                batch.failures.append((item, LedgerBusy(f"{item} was not captured. {error}")))
            except LiuzhiError as error:  # this document only: the others go on
                batch.failures.append((item, error))
            if progress is not None:
                progress(item, done, len(items))
    finally:
        if own_client and client is not None:
            client.close()
    return batch


def capture_path(
    ledger: Ledger, settings: Settings, path_or_url: str | Path, *, actor: str,
    client: httpx.Client | None = None, clock: Clock | None = None, again: bool = False,
    limits: Limits | None = None, defaults: SourceDefaults | None = None,
    source_id: str | None = None,
) -> list[CaptureResult]:
    """Capture one file, URL or folder; one result per document (a WARC file gives one
    per record).

    Raises a CaptureError subclass naming the input when it cannot be captured; nothing
    is written then. A folder is captured file by file, and if any failed, a CaptureError
    listing them is raised after the others were captured.
    """
    item = str(path_or_url)
    if not fetch.is_url(item) and Path(item).is_dir():
        batch = capture_many(ledger, settings, [item], actor=actor, client=client, clock=clock,
                             again=again, limits=limits, defaults=defaults,
                             source_id=source_id)
        if batch.failures:
            raise CaptureError(
                f"{len(batch.failures)} of {len(batch.failures) + len(batch.results)} documents "
                f"in {item} could not be captured (the others were): "
                + " ".join(str(error) for _, error in batch.failures)
            )
        return batch.results
    own_client = client is None and fetch.is_url(item)
    limits = limits or Limits()
    if own_client:
        client = fetch.make_client(limits)
    try:
        return _capture_one(ledger, settings, item, actor=actor, client=client, clock=clock,
                            again=again, limits=limits, defaults=defaults or SourceDefaults(),
                            source_id=source_id)
    finally:
        if own_client and client is not None:
            client.close()


def _capture_one(
    ledger: Ledger, settings: Settings, item: str, *, actor: str, client: httpx.Client | None,
    clock: Clock | None, again: bool, limits: Limits, defaults: SourceDefaults,
    source_id: str | None,
) -> list[CaptureResult]:
    tick = clock or audit.utc_now
    store = ContentStore(settings.store_dir)
    if fetch.is_url(item):
        assert client is not None
        return _capture_url(ledger, store, item, actor=actor, client=client, clock=tick,
                            again=again, limits=limits, defaults=defaults, source_id=source_id)
    now = timestamp(tick())
    path = Path(item).expanduser()
    if not path.exists():
        raise CaptureError(
            f"{item} is neither an existing file or folder nor an http(s) URL. Check the path "
            "(or quote a URL, and start it with http:// or https://)."
        )
    if not path.is_file():
        raise UnsupportedDocument(f"{item} is not a regular file; capture takes files, folders "
                                  "and URLs.")
    path = path.resolve()
    data = _read_file(path, limits)
    media_type = formats.sniff(data, where=str(path), name=path.name)
    if media_type == formats.WARC:
        return _capture_warc(ledger, store, path, data, actor=actor, now=now, again=again,
                             limits=limits, defaults=defaults, source_id=source_id)
    digest = sha256_bytes(data)
    key = f"file:{path}"
    found = _known(ledger, explicit=source_id, url="", key=key)
    if found is not None and not again:
        previous = _existing(ledger, str(path), Capture.source_id == found,
                             Capture.sha256 == digest)
        if previous is not None:
            return [previous]
    document = _Document(
        location=str(path), method="file", content=data, sha256=digest, media_type=media_type,
        text=text.extract(data, media_type, where=str(path)), captured_at=now, source_url="",
        source_key=key, fallback_title=path.name,
    )
    return _record(ledger, store, [document], actor=actor, defaults=defaults,
                   explicit=source_id)


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentTooLarge(
                f"{path} is {format_size(size)}, over the capture limit of "
                f"{format_size(limits.max_bytes)}. If the document really is that large, raise "
                "the limit with --max-bytes or LIUZHI_MAX_CAPTURE_BYTES (e.g. --max-bytes 1GB)."
            )
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as error:
        raise CaptureError(f"{path} cannot be read ({error.strerror}). Check its permissions.") \
            from error
    if len(data) > limits.max_bytes:  # it grew while we looked
        raise DocumentTooLarge(f"{path} is over the capture limit of "
                               f"{format_size(limits.max_bytes)}; raise it with --max-bytes.")
    return data


def _capture_url(
    ledger: Ledger, store: ContentStore, url: str, *, actor: str, client: httpx.Client,
    clock: Clock, again: bool, limits: Limits, defaults: SourceDefaults, source_id: str | None,
) -> list[CaptureResult]:
    address = _without_fragment(url)
    found = _known(ledger, explicit=source_id, url=address, key=address)
    if found is not None and not again:
        previous = _existing(ledger, url, Capture.source_id == found, Capture.location == url)
        if previous is not None:
            return [previous]
    fetched = fetch.fetch(url, client=client, limits=limits)
    now = timestamp(clock())  # when the response was in
    final = fetched.final
    content_type = final.header("content-type")
    declared = (content_type or "").split(";")[0].strip().lower() or None
    media_type = formats.sniff(fetched.content, where=url, name=httpx.URL(final.url).path,
                               declared=declared)
    if media_type == formats.WARC:
        raise UnsupportedDocument(f"{url} serves a WARC file. Download it and capture the file, "
                                  "so each of its records becomes a capture.")
    digest = sha256_bytes(fetched.content)
    extracted = text.extract(fetched.content, media_type, where=url, content_type=content_type)
    written = warc.write_fetch(fetched, sha256=digest,
                               captured_at=dt.datetime.fromisoformat(now))
    document = _Document(
        location=url, method="url", content=fetched.content, sha256=digest,
        media_type=media_type, text=extracted, captured_at=now, source_url=address,
        source_key=address, final_url=final.url, http_status=final.status,
        http_headers=json.dumps([list(pair) for pair in final.headers], ensure_ascii=False),
        warc_record_id=written.record_id, warc_digest=written.payload_digest,
        fallback_title=address,
    )
    return _record(ledger, store, [document], actor=actor, defaults=defaults,
                   explicit=source_id, warc_data=written.data)


def _capture_warc(
    ledger: Ledger, store: ContentStore, path: Path, data: bytes, *, actor: str, now: str,
    again: bool, limits: Limits, defaults: SourceDefaults, source_id: str | None,
) -> list[CaptureResult]:
    documents: list[_Document] = []
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    already: list[CaptureResult] = []
    where = str(path)
    for record in warc.read_documents(io.BytesIO(data), where=where, max_bytes=limits.max_bytes):
        if not again and record.content:
            previous = _existing(ledger, f"{where} [{record.target_uri}]",
                                 Capture.warc_record_id == record.record_id,
                                 Capture.sha256 == sha256_bytes(record.content))
            if previous is not None:
                already.append(previous)
                continue
        found = warc_record_document(record, where=where, now=now)
        if isinstance(found, LeftOut):
            if found.error is not None:
                warnings.append(f"record {record.record_id} left out: {found.error}")
            else:
                skipped[found.kind] = skipped.get(found.kind, 0) + 1
            continue
        documents.append(found)
    if skipped:
        warnings.append("records not captured (not an HTML, PDF or text document with HTTP "
                        "2xx): " + ", ".join(f"{n} {k}" for k, n in sorted(skipped.items())))
    if not documents:
        if already:
            return already
        raise BrokenWarc(
            f"{where} holds no record capture can use: it needs response or resource records "
            "of HTML, PDF or plain text with HTTP status 2xx"
            + (f" ({'; '.join(warnings)})" if warnings else "")
            + ". Check that the WARC is the crawl you meant."
        )
    results = _record(ledger, store, documents, actor=actor, defaults=defaults,
                      explicit=source_id, warc_data=data, by_source_url=True)
    if warnings:
        results[-1] = replace(results[-1], warnings=results[-1].warnings + tuple(warnings))
    return already + results


@dataclass(frozen=True)
class LeftOut:
    """Why a WARC record holds no document to capture: ``kind`` as the summary counts it
    (``HTTP 404``, ``empty``, ``image/png``), or the error its text could not be read by."""

    kind: str
    error: CaptureError | None = None


def warc_record_document(record: warc.WarcDocument, *, where: str,
                         now: str) -> _Document | LeftOut:
    """The one way from a WARC record to a document ready to store and record, for
    ``liuzhi capture FILE.warc`` and the corpus extractor alike: an HTML, PDF or text
    payload with HTTP 2xx, its text extracted, its time the record's WARC-Date in the
    ledger's timestamp format (``now``, already in that format, if the date is unusable).

    ``where`` is the WARC file; the crawl date is when the page was fetched, not written."""
    if record.status is not None and not 200 <= record.status < 300:
        return LeftOut(f"HTTP {record.status}")
    if not record.content:
        return LeftOut("empty")
    label = f"{where} [{record.target_uri}]"
    media_type = record_media_type(record, where=label)
    if media_type is None:
        return LeftOut(_declared(record) or "unknown type")
    try:
        extracted = text.extract(record.content, media_type, where=label,
                                 content_type=record.content_type)
    except CaptureError as error:
        return LeftOut("unreadable", error)
    address = _without_fragment(record.target_uri)
    return _Document(
        location=where, method="warc", content=record.content,
        sha256=sha256_bytes(record.content), media_type=media_type, text=extracted,
        captured_at=warc_time(record.date, now), source_url=address,
        source_key=address or f"{where}#{record.record_id}", final_url=record.target_uri,
        http_status=record.status,
        http_headers=json.dumps([list(p) for p in record.headers], ensure_ascii=False),
        warc_record_id=record.record_id, warc_digest=record.payload_digest,
        fallback_title=address,
    )


def _declared(record: warc.WarcDocument) -> str | None:
    return (record.content_type or "").split(";")[0].strip().lower() or None


def record_media_type(record: warc.WarcDocument, *, where: str) -> str | None:
    """HTML, PDF or TEXT when a WARC record holds a document capture keeps, else None.

    A PDF is known by its bytes (servers often call it application/octet-stream); scripts
    and style sheets look like text, so for text the record's label must agree."""
    declared = _declared(record)
    try:
        media_type = formats.sniff(record.content, where=where,
                                   name=httpx.URL(record.target_uri).path
                                   if fetch.is_url(record.target_uri) else "",
                                   declared=declared)
    except CaptureError:
        return None
    if media_type == formats.PDF or (
            media_type in (formats.HTML, formats.TEXT)
            and declared in (None, formats.HTML, formats.TEXT, "application/xhtml+xml")):
        return media_type
    return None


def warc_time(value: str, fallback: str) -> str:
    """A WARC-Date as a ledger timestamp (``timestamp``); WARC dates are UTC even when
    they do not say so. ``fallback`` when the date cannot be read."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return fallback
    return timestamp(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


# ---------------------------------------------------------------------------- ledger


def _known(ledger: Ledger, *, explicit: str | None, url: str, key: str) -> str | None:
    """The id of the source a document belongs to, if the ledger has it already."""
    with ledger.session() as session:
        if explicit:
            return _explicit(session, explicit).id
        return _match(session, url=url, key=key)


def _explicit(session: Session, source_id: str) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise CaptureError(
            f"There is no source {source_id} in the ledger. Check the id (`liuzhi export -f csv` "
            "lists the sources), or leave out --source to let capture create one."
        )
    return source


def _match(session: Session, *, url: str, key: str | None) -> str | None:
    """A source with this URL, else the source capture created for this key before."""
    if url:
        found = session.scalar(sa.select(Source.id).where(Source.url == url)
                               .order_by(Source.id).limit(1))
        if found is not None:
            return str(found)
    if key is None:
        return None
    derived = source_id_for(key)
    return derived if session.get(Source, derived) is not None else None


def _existing(ledger: Ledger, location: str,
              *conditions: sa.ColumnElement[bool]) -> CaptureResult | None:
    """The latest capture meeting ``conditions``, as an already-captured result."""
    with ledger.session() as session:
        capture = session.scalar(sa.select(Capture).where(*conditions)
                                 .order_by(Capture.id.desc()).limit(1))
        if capture is None:
            return None
        return CaptureResult(
            location=location, status="already-captured", capture_id=capture.id,
            source_id=capture.source_id, source_created=False, sha256=capture.sha256,
            size=capture.size, media_type=capture.media_type, method=capture.method,
            text_chars=len(capture.text),
        )


def _source_for(writer: Writer, document: _Document, *, explicit: str | None,
                defaults: SourceDefaults) -> tuple[Source, bool]:
    session = writer.session
    if explicit:
        return _explicit(session, explicit), False
    found = _match(session, url=document.source_url, key=document.source_key)
    if found is None and document.final_url and document.final_url != document.source_url:
        found = _match(session, url=_without_fragment(document.final_url), key=None)
    if found is not None:
        source = session.get(Source, found)
        assert source is not None
        return source, False
    where = document.source_url or document.location
    source = Source(
        id=source_id_for(document.source_key),
        title=document.text.title or document.fallback_title,
        publisher=defaults.publisher, issuing_body=defaults.issuing_body, kind=defaults.kind,
        url=document.source_url, published="", secondary=defaults.secondary,
        language=defaults.language or text.language(document.text.text),
        notes=f"Created by liuzhi capture from {where} on {document.captured_at[:10]}; "
              "publisher, issuing body, kind and date still to be checked by a person.",
    )
    writer.add(source)
    return source, True


def _previous(session: Session, source_id: str, captured_at: str) -> Capture | None:
    """The latest capture of the source taken no later than ``captured_at`` (a WARC from
    an old crawl is compared with what was captured before it, not after)."""
    return session.scalar(sa.select(Capture).where(Capture.source_id == source_id,
                                                   Capture.captured_at <= captured_at)
                          .order_by(Capture.captured_at.desc(), Capture.id.desc()).limit(1))


def _record(
    ledger: Ledger, store: ContentStore, documents: list[_Document], *, actor: str,
    defaults: SourceDefaults, explicit: str | None, warc_data: bytes | None = None,
    by_source_url: bool = False,
) -> list[CaptureResult]:
    """Write every Source and Capture, then the files, in one transaction (see the module
    docstring for why in this order)."""
    warc_path = ContentStore.relative_path(sha256_bytes(warc_data)) \
        if warc_data is not None else ""
    added: list[Path] = []
    try:
        with ledger.transaction(actor) as writer:
            try:
                results = _write_rows(writer, documents, defaults=defaults,
                                      explicit=explicit, warc_path=warc_path,
                                      by_source_url=by_source_url)
                for content, sha256 in ([(warc_data, None)] if warc_data is not None else []) \
                        + [(d.content, d.sha256) for d in documents]:
                    blob = store.put(content, sha256=sha256)
                    if blob.new:
                        added.append(store.path(blob.relative))
            except BaseException:
                for path in added:  # the lock is still held: nobody else refers to them
                    path.unlink(missing_ok=True)
                raise
    except sa.exc.IntegrityError as error:
        raise CaptureError(
            f"{documents[0].location} could not be recorded: another capture wrote the same "
            "source at the same moment. Run the capture again; nothing was written."
        ) from error
    return results


def _write_rows(
    writer: Writer, documents: list[_Document], *,
    defaults: SourceDefaults, explicit: str | None, warc_path: str, by_source_url: bool,
) -> list[CaptureResult]:
    results: list[CaptureResult] = []
    for document in documents:
        source, created = _source_for(writer, document, explicit=explicit, defaults=defaults)
        previous = _previous(writer.session, source.id, document.captured_at)
        change = None
        if previous is not None:
            change = compare.compare(
                previous_id=previous.id, previous_captured_at=previous.captured_at,
                previous_sha256=previous.sha256, previous_text=previous.text,
                sha256=document.sha256, text=document.text.text)
        capture = writer.add(Capture(
            source_id=source.id, sha256=document.sha256, media_type=document.media_type,
            size=len(document.content), captured_at=document.captured_at,
            method=document.method, location=document.location,
            final_url=document.final_url, http_status=document.http_status,
            http_headers=document.http_headers,
            store_path=ContentStore.relative_path(document.sha256),
            text=document.text.text,
            text_sha256=sha256_bytes(document.text.text.encode("utf-8")),
            warc_path=warc_path, warc_record_id=document.warc_record_id,
            encoding=document.text.encoding, text_extractor=document.text.extractor,
            warc_digest=document.warc_digest,
        ))
        location = (f"{document.location} [{document.final_url}]" if by_source_url
                    else document.location)
        results.append(CaptureResult(
            location=location, status="captured", capture_id=capture.id,
            source_id=source.id, source_created=created, sha256=document.sha256,
            size=len(document.content), media_type=document.media_type,
            method=document.method, text_chars=len(document.text.text), change=change,
            warnings=document.text.warnings,
        ))
    return results


def record_documents(ledger: Ledger, settings: Settings, documents: list[_Document], *,
                     actor: str, defaults: SourceDefaults | None = None) -> list[CaptureResult]:
    """Store and record documents read elsewhere (e.g. WARC records found by the corpus
    extractor on Dask workers), one Source per URL, in one transaction."""
    store = ContentStore(settings.store_dir)
    return _record(ledger, store, documents, actor=actor, defaults=defaults or SourceDefaults(),
                   explicit=None, by_source_url=True)
