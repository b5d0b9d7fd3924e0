"""The review queue for registry candidates: facilities and cases the registry extractor
(liuzhi/registries/extract.py) proposes from a capture, and a person's decision on each.

Accepting one creates the Facility or Case, linked to its capture and its place in the
text, through the audited writer under the reviewer's name. A case created this way is
private: it becomes public only through ``liuzhi cases --publish ID --reason TEXT``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from liuzhi.errors import LedgerError
from liuzhi.ledger import Capture, Ledger, Region, Writer
from liuzhi.registries.extract import RecordCandidate, extract
from liuzhi.registries.models import Case, Facility, Place, RegistryCandidate

#: Fields a reviewer may set or correct before accepting, per kind.
EDITABLE = {
    "facility": ("name", "place_code", "address", "status", "capacity", "rooms", "beds",
                 "confidence", "confidence_reason", "first_seen", "last_seen"),
    "case": ("name", "role", "employer", "ordered_by", "place_code", "taken", "released",
             "outcome", "outcome_date"),
}


@dataclass(frozen=True)
class Proposed:
    capture_id: int
    new: int
    known: int


def fingerprint(capture_id: int, candidate: RecordCandidate) -> str:
    key = f"registry|{capture_id}|{candidate.kind}|{candidate.start}|{candidate.end}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def propose(writer: Writer, capture_id: int, text: str) -> Proposed:
    """Store the registry candidates of one capture that are not stored yet."""
    return propose_candidates(writer, capture_id, extract(text))


def propose_candidates(writer: Writer, capture_id: int,
                       candidates: list[RecordCandidate]) -> Proposed:
    """Store registry candidates already extracted from one capture's text (the corpus
    path extracts them on its workers), those not stored yet."""
    prints = [fingerprint(capture_id, c) for c in candidates]
    known = set(writer.session.scalars(sa.select(RegistryCandidate.fingerprint)
                                       .where(RegistryCandidate.fingerprint.in_(prints))))
    new = 0
    for candidate, key in zip(candidates, prints, strict=True):
        if key in known:
            continue
        writer.add(RegistryCandidate(
            capture_id=capture_id, fingerprint=key, kind=candidate.kind,
            fields=json.dumps(candidate.fields, ensure_ascii=False, sort_keys=True),
            confidence=candidate.confidence, start=candidate.start, end=candidate.end,
            evidence_start=candidate.evidence_start, evidence_end=candidate.evidence_end,
            evidence=candidate.evidence, status="pending"))
        new += 1
    return Proposed(capture_id, new, len(candidates) - new)


def extract_captures(ledger: Ledger, capture_ids: Iterable[int] | None, *,
                     actor: str) -> list[Proposed]:
    """Propose registry candidates from stored captures (all when ``capture_ids`` is None)."""
    with ledger.transaction(actor) as writer:
        query = sa.select(Capture).order_by(Capture.id)
        if capture_ids is not None:
            query = query.where(Capture.id.in_(list(capture_ids)))
        return [propose(writer, capture.id, capture.text)
                for capture in writer.session.scalars(query)]


def pending(ledger: Ledger) -> list[RegistryCandidate]:
    with ledger.session() as session:
        return list(session.scalars(sa.select(RegistryCandidate)
                                    .where(RegistryCandidate.status == "pending")
                                    .order_by(RegistryCandidate.id)))


def _pending(writer: Writer, candidate_id: int) -> RegistryCandidate:
    candidate = writer.session.get(RegistryCandidate, candidate_id)
    if candidate is None:
        raise LedgerError(f"No registry candidate has the id {candidate_id}; "
                          "`liuzhi registry-review --list` shows the pending ones.")
    if candidate.status != "pending":
        raise LedgerError(f"Registry candidate {candidate_id} was already {candidate.status} "
                          f"by {candidate.reviewer}; edit the record itself instead.")
    return candidate


def parse_edits(kind: str, pairs: list[str]) -> dict[str, Any]:
    """``["place_code=610625", "rooms=9"]`` → values; unknown fields are refused."""
    edits: dict[str, Any] = {}
    allowed = EDITABLE.get(kind, ())
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or name not in allowed:
            raise LedgerError(f"Cannot set {pair!r} on a {kind} candidate: write FIELD=VALUE "
                              f"with FIELD one of {', '.join(allowed)}.")
        if name in ("rooms", "beds"):
            if not raw.isdigit():
                raise LedgerError(f"{name} {raw!r} is not a whole number; write digits only.")
            edits[name] = int(raw)
        else:
            edits[name] = raw.strip()
    return edits


def _known_place(writer: Writer, code: str) -> bool:
    return (writer.session.get(Place, code) is not None
            or writer.session.get(Region, code) is not None)


def accept(ledger: Ledger, candidate_id: int, *, reviewer: str,
           edits: list[str] | None = None) -> str:
    """Create the Facility or Case; returns its id. Needs a known place code for a
    facility (``--set place_code=CODE``)."""
    with ledger.transaction(reviewer) as writer:
        candidate = _pending(writer, candidate_id)
        values = {k: v for k, v in json.loads(candidate.fields).items()}
        values.update(parse_edits(candidate.kind, edits or []))
        capture = writer.session.get(Capture, candidate.capture_id)
        assert capture is not None  # a foreign key guarantees it
        common = {"source_id": capture.source_id, "capture_id": capture.id,
                  "locator": candidate.evidence, "locator_start": candidate.evidence_start,
                  "locator_end": candidate.evidence_end}
        place = values.get("place_code") or ""
        if place and not _known_place(writer, place):
            raise LedgerError(f"place_code {place} is neither a place nor a region; add it to "
                              "places.csv or correct the code. Nothing was accepted.")
        if candidate.kind == "facility":
            if not place:
                raise LedgerError(
                    f"Registry candidate {candidate_id} has no place code (the text names "
                    f"{values.get('place_name') or 'no place'}); accept it with --set "
                    "place_code=CODE (a county or prefecture in places.csv, or a region).")
            record_id = f"FX{candidate.id:06d}"
            writer.add(Facility(
                id=record_id, name=values["name"], place_code=place,
                address=values.get("address", ""), status=values.get("status", ""),
                capacity=values.get("capacity", ""), rooms=values.get("rooms"),
                beds=values.get("beds"), confidence=values.get("confidence", "medium"),
                confidence_reason=values.get("confidence_reason") or
                "proposed by the extractor from the captured document; accepted on review",
                first_seen=values.get("first_seen") or values.get("date", ""),
                last_seen=values.get("last_seen", ""), notes=_note(candidate), **common))
        else:
            record_id = f"KX{candidate.id:06d}"
            notice = values.get("notice_date", "")
            writer.add(Case(
                id=record_id, name=values["name"], pseudonym=False, role=values.get("role", ""),
                employer=values.get("employer", ""), ordered_by=values.get("ordered_by", ""),
                place_code=place or None, taken=values.get("taken", ""),
                released=values.get("released", ""), outcome=values.get("outcome", ""),
                outcome_date=values.get("outcome_date", ""), public=False, public_reason="",
                notes=_note(candidate) + (f" Notice dated or received {notice}." if notice
                                          else ""), **common))
        writer.update(candidate, status="accepted", record_id=record_id, reviewer=reviewer)
        return record_id


def _note(candidate: RegistryCandidate) -> str:
    return f"Accepted from registry candidate {candidate.id} (capture {candidate.capture_id})."


def reject(ledger: Ledger, candidate_id: int, *, reviewer: str, note: str = "") -> None:
    with ledger.transaction(reviewer) as writer:
        candidate = _pending(writer, candidate_id)
        writer.update(candidate, status="rejected", reviewer=reviewer, note=note)
