"""``liuzhi extract --warc``: the extractor over WARC files on Dask.

Extraction is a pure function per document, so each WARC file is one task: a worker
streams its records, decodes each HTML, PDF or text response, runs the figure extractor
and the registry extractor (facilities and cases, as ``liuzhi extract`` does for a
capture), and sends back only the documents that hold candidates (with their bytes, so
the ledger can archive them as evidence). The driver writes each file's documents as
captures and their candidates into the review queues, in batches, as the tasks finish.

Resuming: a file whose results were all written is listed in
``$LIUZHI_HOME/corpus/done.json`` (by the file's SHA-256) and skipped next time; a file
interrupted halfway is read again, and the ledger keeps nothing twice (a record already
captured is found by its WARC record id and hash; candidates by their fingerprint). The
workers hash the files (the first step of each task), not the driver: reading every file
in the driver before the first task was a serial pass over the whole crawl.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlalchemy as sa

from liuzhi.capture import archive, warc
from liuzhi.capture.limits import Limits
from liuzhi.config import Settings
from liuzhi.errors import LiuzhiError
from liuzhi.extract import Candidate, extract
from liuzhi.ledger import Capture, Ledger
from liuzhi.registries.extract import RecordCandidate
from liuzhi.registries.extract import extract as extract_records
from liuzhi.review import registry as registry_queue
from liuzhi.review.queue import propose

BATCH = 50  # documents written per transaction

#: Called as each WARC file is written: (file, files done, files to do).
Progress = Callable[[str, int, int], None]


@dataclass
class Hit:
    """A document with candidates, as a worker found it."""

    document: archive._Document
    candidates: list[Candidate]
    #: facilities and cases (liuzhi/registries/extract.py)
    records: list[RecordCandidate] = field(default_factory=list)


@dataclass
class FileResult:
    path: str
    sha256: str
    records: int = 0
    hits: list[Hit] = field(default_factory=list)
    skipped: int = 0
    resumed: bool = False  # done in an earlier run: not read


@dataclass
class CorpusRun:
    files: int = 0
    resumed: int = 0  # files skipped as already done
    records: int = 0
    documents: int = 0  # documents with candidates, captured
    new: int = 0
    known: int = 0
    registry_new: int = 0  # facility and case candidates
    registry_known: int = 0

    def summary(self) -> str:
        return (f"{self.files} WARC file(s) read ({self.resumed} already done, skipped), "
                f"{self.records:,} records, {self.documents:,} with candidates: {self.new:,} "
                f"new candidate(s), {self.known:,} already proposed or decided. Review them "
                f"with `liuzhi review`. Registry: {self.registry_new:,} new facility or case "
                f"candidate(s), {self.registry_known:,} already proposed or decided "
                "(`liuzhi registry-review`).")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_and_scan(path: str, done: frozenset[str], max_bytes: int, now: str) -> FileResult:
    """Run on a worker: the file's SHA-256 (its checkpoint key), then its records unless
    an earlier run wrote them all (``done``)."""
    sha256 = _file_sha256(Path(path))
    if sha256 in done:
        return FileResult(path, sha256, resumed=True)
    return scan_file(path, sha256, max_bytes, now)


def scan_file(path: str, sha256: str, max_bytes: int, now: str) -> FileResult:
    """Run on a worker: every usable record of one WARC file through the extractor."""
    result = FileResult(path, sha256)
    with open(path, "rb") as stream:
        for record in warc.read_documents(stream, where=path, max_bytes=max_bytes):
            result.records += 1
            hit = _read_record(record, path, now)
            if hit is None:
                result.skipped += 1
            elif hit.candidates or hit.records:
                result.hits.append(hit)
    return result


def _read_record(record: warc.WarcDocument, path: str, now: str) -> Hit | None:
    document = archive.warc_record_document(record, where=path, now=now)
    if isinstance(document, archive.LeftOut):
        return None
    # The WARC date is when the page was crawled, not written: 今年/去年 stay unresolved.
    candidates = extract(document.text.text)
    records = extract_records(document.text.text)
    if not candidates and not records:  # only documents with candidates travel back
        document = replace(document, content=b"")
    return Hit(document, candidates, records)


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
                registry = registry_queue.propose_candidates(
                    writer, capture_ids[hit.document.warc_record_id], hit.records)
                run.registry_new += registry.new
                run.registry_known += registry.known
        run.documents += len(batch)


def extract_warcs(ledger: Ledger, settings: Settings, files: list[Path], *, workers: int = 2,
                  scheduler: str | None = None, actor: str, progress: Progress | None = None,
                  limits: Limits | None = None) -> CorpusRun:
    """Run the extractor over WARC files on Dask (a local cluster unless ``scheduler``).

    ``progress(file, done, total)`` is called after each file's results are written."""
    from dask.distributed import Client, LocalCluster, as_completed

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise LiuzhiError(f"No such WARC file: {', '.join(missing)}. Check the paths; nothing "
                          "was extracted.")
    limits = limits or Limits()
    checkpoint = _Checkpoint(settings)
    run = CorpusRun(files=len(files))
    now = archive.timestamp(dt.datetime.now(dt.UTC))  # for records with no usable date
    # No dashboard; the scheduler's HTTP server (metrics) on a free port, not on 8787,
    # which another Dask cluster on the machine may hold.
    cluster = None if scheduler else LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"})
    client = Client(scheduler or cluster)
    try:
        # sent to each worker once, not pickled into every task
        [done_before] = client.scatter([frozenset(checkpoint.done)], broadcast=True)
        futures = [client.submit(hash_and_scan, str(path.resolve()), done_before,
                                 limits.max_bytes, now, pure=False) for path in files]
        for done, future in enumerate(as_completed(futures), start=1):
            result: FileResult = future.result()
            if result.resumed:
                run.resumed += 1
            else:
                run.records += result.records
                write_file(ledger, settings, result, actor=actor, run=run)
                checkpoint.add(result.sha256)
            if progress is not None:
                progress(result.path, done, len(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return run
