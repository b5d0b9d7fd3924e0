"""The review queue: candidates the extractor proposes for a capture, stored once each.

A candidate's fingerprint is its capture, measure, value, unit and place in the text, so
running the extractor again on the same capture proposes nothing twice, whether the
earlier proposal is still pending, accepted or rejected.

Each stored candidate keeps the extractor's ``confidence`` and ``reason`` and every
mention of its figure; ``pending`` lists the most confident first, so that a reviewer
meets the surest proposals before the inferred ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from liuzhi.errors import LedgerError
from liuzhi.extract import Candidate, extract
from liuzhi.ledger import Capture, Ledger, Source, Writer
from liuzhi.ledger.models import CandidateFigure
from liuzhi.review import registry as registry_queue


@dataclass(frozen=True)
class Proposed:
    capture_id: int
    new: int
    known: int


def fingerprint(capture_id: int, candidate: Candidate) -> str:
    key = (f"{capture_id}|{candidate.measure}|{candidate.value}|{candidate.value_high}|"
           f"{candidate.unit}|{candidate.start}|{candidate.end}")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def document_date(source: Source) -> dt.date | None:
    """The source's publication date when it is a full date (去年/今年 need a day)."""
    try:
        return dt.date.fromisoformat(source.published) if len(source.published) == 10 else None
    except ValueError:
        return None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def propose(writer: Writer, capture_id: int, candidates: Sequence[Candidate]) -> Proposed:
    """Store the candidates of one capture that are not stored yet."""
    prints = [fingerprint(capture_id, c) for c in candidates]
    known = set(writer.session.scalars(
        sa.select(CandidateFigure.fingerprint).where(CandidateFigure.fingerprint.in_(prints))))
    stored: dict[int, CandidateFigure] = {}  # index in ``candidates`` → row
    later: list[tuple[CandidateFigure, int]] = []  # parts listed before their whole
    new = 0

    def whole(index: int) -> CandidateFigure | None:
        return stored.get(index) or writer.session.scalar(sa.select(CandidateFigure).where(
            CandidateFigure.fingerprint == prints[index]))

    for index, (candidate, key) in enumerate(zip(candidates, prints, strict=True)):
        if key in known:
            continue
        parent = None
        if candidate.subset_of is not None and candidate.subset_of < index:
            parent = whole(candidate.subset_of)
        row = CandidateFigure(
            capture_id=capture_id, fingerprint=key, measure=candidate.measure,
            value=float(candidate.value),
            value_high=None if candidate.value_high is None else float(candidate.value_high),
            unit=candidate.unit, qualifier=candidate.qualifier,
            precision=None if candidate.precision is None else float(candidate.precision),
            region_code=candidate.region_code, region_name=candidate.region_name or "",
            period_start=_date(candidate.period_start), period_end=_date(candidate.period_end),
            subset_of=parent.id if parent is not None else None, scope=candidate.scope or "",
            confidence=candidate.confidence, start=candidate.start, end=candidate.end,
            evidence_start=candidate.evidence_start, evidence_end=candidate.evidence_end,
            evidence=candidate.evidence, reason=candidate.reason,
            mentions=json.dumps([list(m) for m in candidate.mentions]), status="pending")
        writer.add(row)
        stored[index] = row
        if candidate.subset_of is not None and candidate.subset_of > index:
            later.append((row, candidate.subset_of))
        new += 1
    if later:
        writer.session.flush()  # the wholes' ids
        for row, index in later:
            parent = whole(index)
            if parent is not None:
                writer.update(row, subset_of=parent.id)
    return Proposed(capture_id, new, len(candidates) - new)


def extract_captures(ledger: Ledger, capture_ids: Iterable[int] | None, *, actor: str,
                     document_date_override: dt.date | None = None) -> list[Proposed]:
    """Run the extractor on stored captures (all of them when ``capture_ids`` is None)."""
    results = []
    with ledger.transaction(actor) as writer:
        query = sa.select(Capture).order_by(Capture.id)
        if capture_ids is not None:
            wanted = list(capture_ids)
            query = query.where(Capture.id.in_(wanted))
            found = set(writer.session.scalars(sa.select(Capture.id).where(Capture.id.in_(wanted))))
            missing = [str(i) for i in wanted if i not in found]
            if missing:
                raise LedgerError(
                    f"No capture has the id {', '.join(missing)}; nothing was extracted. "
                    "List captures with `liuzhi export --format json` or use --all.")
        for capture in writer.session.scalars(query):
            candidates = extract(capture.text,
                                 document_date=document_date_override
                                 or document_date(capture.source),
                                 issuer=capture.source.issuing_body or None)
            results.append(propose(writer, capture.id, candidates))
            # Facilities and cases too, into their own queue (liuzhi/review/registry.py).
            registry_queue.propose(writer, capture.id, capture.text)
    return results


def pending(ledger: Ledger) -> list[CandidateFigure]:
    """Candidates waiting for a decision, the most confident first (then in the order
    they were proposed)."""
    with ledger.session() as session:
        return list(session.scalars(sa.select(CandidateFigure)
                                    .where(CandidateFigure.status == "pending")
                                    .order_by(CandidateFigure.confidence.desc(),
                                              CandidateFigure.id)))
