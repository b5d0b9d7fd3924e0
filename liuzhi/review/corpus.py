"""``liuzhi extract --warc``: the extractor over WARC files on Dask.

Extraction is a pure function per document, so each WARC file is one task: a worker
streams its records, decodes each HTML, PDF or text response, runs the extractor, and
sends back only the documents that hold candidates (with their bytes, so the ledger can
archive them as evidence). The driver writes each file's documents as captures and their
candidates into the review queue, in batches, as the tasks finish.

Resuming: a file whose results were all written is listed in
``$LIUZHI_HOME/corpus/done.json`` (by the file's SHA-256) and skipped next time; a file
interrupted halfway is read again, and the ledger keeps nothing twice (a record already
captured is found by its WARC record id and hash; candidates by their fingerprint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from liuzhi.capture import archive, text, warc
from liuzhi.capture.limits import Limits
from liuzhi.capture.store import sha256_bytes
from liuzhi.config import Settings
from liuzhi.errors import CaptureError, LiuzhiError
from liuzhi.extract import Candidate, extract
from liuzhi.ledger import Capture, Ledger
from liuzhi.review.queue import propose

BATCH = 50  # documents written per transaction


@dataclass
class Hit:
    """A document with candidates, as a worker found it."""

    document: archive._Document
    candidates: list[Candidate]


@dataclass
class FileResult:
    path: str
    sha256: str
    records: int = 0
    hits: list[Hit] = field(default_factory=list)
    skipped: int = 0


@dataclass
class CorpusRun:
    files: int = 0
    resumed: int = 0  # files skipped as already done
    records: int = 0
    documents: int = 0  # documents with candidates, captured
    new: int = 0
    known: int = 0

    def summary(self) -> str:
        return (f"{self.files} WARC file(s) read ({self.resumed} already done, skipped), "
                f"{self.records:,} records, {self.documents:,} with candidates: {self.new:,} "
                f"new candidate(s), {self.known:,} already proposed or decided. Review them "
                "with `liuzhi review`.")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_file(path: str, sha256: str, max_bytes: int, now: str) -> FileResult:
    """Run on a worker: every usable record of one WARC file through the extractor."""
    result = FileResult(path, sha256)
    with open(path, "rb") as stream:
        for record in warc.read_documents(stream, where=path, max_bytes=max_bytes):
            result.records += 1
            hit = _read_record(record, path, now)
            if hit is None:
                result.skipped += 1
            elif hit.candidates:
                result.hits.append(hit)
    return result


def _read_record(record: warc.WarcDocument, path: str, now: str) -> Hit | None:
    if record.status is not None and not 200 <= record.status < 300 or not record.content:
        return None
    label = f"{path} [{record.target_uri}]"
    media_type = archive.record_media_type(record, where=label)
    if media_type is None:
        return None
    try:
        document_text = text.extract(record.content, media_type, where=label,
                                     content_type=record.content_type)
    except CaptureError:
        return None
    # The WARC date is when the page was crawled, not written: 今年/去年 stay unresolved.
    candidates = extract(document_text.text)
    address = record.target_uri.split("#", 1)[0]
    document = archive._Document(
        location=path, method="warc", content=record.content if candidates else b"",
        sha256=sha256_bytes(record.content), media_type=media_type, text=document_text,
        captured_at=record.date or now, source_url=address,
        source_key=address or f"{path}#{record.record_id}", final_url=record.target_uri,
        http_status=record.status,
        http_headers=json.dumps([list(p) for p in record.headers], ensure_ascii=False),
        warc_record_id=record.record_id, warc_digest=record.payload_digest,
        fallback_title=address)
    return Hit(document, candidates)


class _Checkpoint:
    def __init__(self, settings: Settings) -> None:
        self.path = settings.home / "corpus" / "done.json"
        self.done: set[str] = set(json.loads(self.path.read_text("utf-8"))) \
            if self.path.exists() else set()

    def add(self, sha256: str) -> None:
        self.done.add(sha256)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(sorted(self.done)), encoding="utf-8")
        os.replace(temporary, self.path)  # atomic: a crash leaves the old list or the new


def _batches(hits: list[Hit]) -> Iterator[list[Hit]]:
    for start in range(0, len(hits), BATCH):
        yield hits[start:start + BATCH]


def write_file(ledger: Ledger, settings: Settings, result: FileResult, *, actor: str,
               run: CorpusRun) -> None:
    """Capture the file's documents with candidates and queue their candidates."""
    for batch in _batches(result.hits):
        fresh, capture_ids = [], {}
        with ledger.session() as session:
            for hit in batch:
                existing = session.scalar(sa.select(Capture.id).where(
                    Capture.warc_record_id == hit.document.warc_record_id,
                    Capture.sha256 == hit.document.sha256))
                if existing is None:
                    fresh.append(hit)
                else:
                    capture_ids[hit.document.warc_record_id] = existing
        if fresh:
            recorded = archive.record_documents(ledger, settings, [h.document for h in fresh],
                                                actor=actor)
            for hit, captured in zip(fresh, recorded, strict=True):
                capture_ids[hit.document.warc_record_id] = captured.capture_id
        with ledger.transaction(actor) as writer:
            for hit in batch:
                proposed = propose(writer, capture_ids[hit.document.warc_record_id],
                                   hit.candidates)
                run.new += proposed.new
                run.known += proposed.known
        run.documents += len(batch)


def extract_warcs(ledger: Ledger, settings: Settings, files: list[Path], *, workers: int = 2,
                  scheduler: str | None = None, actor: str, console: Console | None = None,
                  limits: Limits | None = None) -> CorpusRun:
    """Run the extractor over WARC files on Dask (a local cluster unless ``scheduler``)."""
    from dask.distributed import Client, LocalCluster, as_completed

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise LiuzhiError(f"No such WARC file: {', '.join(missing)}. Check the paths; nothing "
                          "was extracted.")
    limits = limits or Limits()
    checkpoint = _Checkpoint(settings)
    run = CorpusRun(files=len(files))
    todo = []
    for path in files:
        digest = _file_sha256(path)
        if digest in checkpoint.done:
            run.resumed += 1
        else:
            todo.append((str(path.resolve()), digest))
    if not todo:
        return run
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = [client.submit(scan_file, path, digest, limits.max_bytes, now, pure=False)
                   for path, digest in todo]
        with Progress(TextColumn("Extracting from WARC files"), BarColumn(),
                      MofNCompleteColumn(), console=console, transient=True) as progress:
            task = progress.add_task("files", total=len(futures))
            for future in as_completed(futures):
                result: FileResult = future.result()
                run.records += result.records
                write_file(ledger, settings, result, actor=actor, run=run)
                checkpoint.add(result.sha256)
                progress.advance(task)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return run
