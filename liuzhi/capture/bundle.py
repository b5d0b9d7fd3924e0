"""Evidence bundles: the captures of chosen sources as a BagIt bag, for hand-over.

Layout (inside the bag's ``data/``)::

    bundle.json                        what is in the bundle, made by which tool, when
    <source id>/source.json            the Source as the ledger holds it
    <source id>/capture-<n>/original.<html|pdf|txt>   the archived bytes, unchanged
    <source id>/capture-<n>/text.txt   the extracted text (UTF-8), as stored
    <source id>/capture-<n>/metadata.json   the Capture, its hashes and audit events
    warc/<sha256>.warc.gz              the WARC files the captures refer to

``manifest-sha256.txt`` lists every payload file's SHA-256, so the receiver can check
the bag with any BagIt tool (``bagit.py --validate DIR``); a document's SHA-256 there
equals the capture's ``sha256``. Every file is checked against the ledger before it is
copied, so altered evidence is never bundled. The bag is built in a scratch folder next
to the destination and renamed into place when complete.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import bagit
import sqlalchemy as sa

from liuzhi import __version__ as liuzhi_version
from liuzhi.capture import formats
from liuzhi.capture.archive import timestamp
from liuzhi.capture.store import ContentStore, sha256_bytes
from liuzhi.config import Settings
from liuzhi.errors import BundleError, StoreError
from liuzhi.ledger.models import AuditEvent, Capture, Source, to_record
from liuzhi.ledger.store import Ledger

_EXTENSIONS = {formats.HTML: "html", formats.PDF: "pdf", formats.TEXT: "txt"}
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class BundleResult:
    path: Path
    sources: int
    captures: int
    payload_files: int


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _events(session: sa.orm.Session, entity: str, entity_id: str) -> list[dict[str, Any]]:
    events = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.entity == entity, AuditEvent.entity_id == entity_id).order_by(AuditEvent.id))
    return [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "hash": e.hash,
             "prev_hash": e.prev_hash} for e in events]


def write_bundle(ledger: Ledger, settings: Settings, source_ids: Sequence[str], dest: Path, *,
                 actor: str = "") -> BundleResult:
    """Write the bag for every capture of ``source_ids`` to ``dest`` (a new or empty folder).

    Raises BundleError for an unknown source, a source without captures, a destination
    that already holds files, or a stored file that is missing or altered.
    """
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BundleError(f"{dest} already exists and is not an empty folder. Choose a new "
                          "folder for the bundle, or move the old one away.")
    if not source_ids:
        raise BundleError("Name at least one source id to bundle.")
    store = ContentStore(settings.store_dir)
    scratch = dest.parent / f".{dest.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        scratch.mkdir(parents=True)
        counts = _fill(ledger, store, list(dict.fromkeys(source_ids)), scratch)
        bag = bagit.make_bag(str(scratch), bag_info={
            "External-Description": "Liuzhi Monitor evidence bundle: archived source documents "
                                    "with their extracted text, WARC records and metadata.",
            "External-Identifier": ", ".join(dict.fromkeys(source_ids)),
            "Bag-Software-Agent": f"liuzhi {liuzhi_version} (bagit {version('bagit')})",
            **({"Contact-Name": actor} if actor else {}),
        }, checksums=["sha256"])
        payload_files = len(list(bag.payload_files()))
        if dest.exists():
            dest.rmdir()  # empty, checked above
        scratch.rename(dest)
    except OSError as error:
        raise BundleError(f"Could not write the bundle to {dest} ({error}). Check that the "
                          "folder is writable and the disk has space.") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return BundleResult(dest, counts[0], counts[1], payload_files)


def _fill(ledger: Ledger, store: ContentStore, source_ids: list[str],
          folder: Path) -> tuple[int, int]:
    captures_written = 0
    with ledger.session() as session:
        sources = {s.id: s for s in session.scalars(sa.select(Source)
                                                     .where(Source.id.in_(source_ids)))}
        missing = [s for s in source_ids if s not in sources]
        if missing:
            raise BundleError(f"There is no source {', '.join(missing)} in the ledger. Check "
                              "the ids (`liuzhi export -f csv` lists them).")
        index: dict[str, Any] = {
            "created": timestamp(dt.datetime.now(dt.UTC)),
            "software": f"liuzhi {liuzhi_version}",
            "sources": [],
        }
        for source_id in source_ids:
            if not _SAFE_ID.fullmatch(source_id):
                raise BundleError(f"Source id {source_id!r} cannot be used as a folder name.")
            captures = list(session.scalars(sa.select(Capture).where(
                Capture.source_id == source_id).order_by(Capture.id)))
            if not captures:
                raise BundleError(f"Source {source_id} has no captures, so there is no evidence "
                                  "to bundle. Capture it first (liuzhi capture URL_OR_FILE "
                                  f"--source {source_id}).")
            source_dir = folder / source_id
            source_dir.mkdir()
            (source_dir / "source.json").write_bytes(_json({
                **to_record(sources[source_id]),
                "audit": _events(session, "sources", source_id)}))
            entry: dict[str, Any] = {"id": source_id, "captures": []}
            for capture in captures:
                entry["captures"].append(_write_capture(session, store, capture, source_dir,
                                                        folder))
                captures_written += 1
            index["sources"].append(entry)
        (folder / "bundle.json").write_bytes(_json(index))
    return len(source_ids), captures_written


def _checked(store: ContentStore, relative: str, expected: str, capture: Capture) -> bytes:
    try:
        data = store.read(relative)
    except (OSError, StoreError) as error:
        raise BundleError(f"Capture #{capture.id} (source {capture.source_id}) cannot be "
                          f"bundled: its stored file {relative} is missing ({error}). Run "
                          "`liuzhi verify`, and restore the store from a backup.") from error
    if sha256_bytes(data) != expected:
        raise BundleError(f"Capture #{capture.id} (source {capture.source_id}) cannot be "
                          f"bundled: its stored file {relative} was altered (its SHA-256 no "
                          "longer matches). Run `liuzhi verify`, and restore the store from a "
                          "backup before bundling.")
    return data


def _write_capture(session: sa.orm.Session, store: ContentStore, capture: Capture,
                   source_dir: Path, folder: Path) -> dict[str, Any]:
    capture_dir = source_dir / f"capture-{capture.id}"
    capture_dir.mkdir()
    original = f"original.{_EXTENSIONS.get(capture.media_type, 'bin')}"
    (capture_dir / original).write_bytes(_checked(store, capture.store_path, capture.sha256,
                                                  capture))
    text = capture.text.encode("utf-8")
    if sha256_bytes(text) != capture.text_sha256:
        raise BundleError(f"Capture #{capture.id}: its text no longer matches text_sha256, so "
                          "the ledger was edited outside Liuzhi Monitor. Run `liuzhi verify`.")
    (capture_dir / "text.txt").write_bytes(text)
    files = {"original": f"{source_dir.name}/{capture_dir.name}/{original}",
             "text": f"{source_dir.name}/{capture_dir.name}/text.txt"}
    if capture.warc_path:
        name = capture.warc_path.rsplit("/", 1)[-1]
        warc_file = folder / "warc" / f"{name}.warc.gz"
        if not warc_file.exists():
            warc_file.parent.mkdir(exist_ok=True)
            warc_file.write_bytes(_checked(store, capture.warc_path, name, capture))
        files["warc"] = f"warc/{warc_file.name}"
    record = to_record(capture)
    record.pop("text")
    try:
        record["http_headers"] = json.loads(capture.http_headers) if capture.http_headers else []
    except ValueError:
        pass  # kept as the string the ledger holds
    metadata = {"capture": record, "files": files,
                "audit": _events(session, "captures", str(capture.id))}
    (capture_dir / "metadata.json").write_bytes(_json(metadata))
    return {"id": capture.id, "sha256": capture.sha256, "captured_at": capture.captured_at,
            "files": files}
