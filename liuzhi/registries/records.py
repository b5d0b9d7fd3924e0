"""Reading the registries: each kind listed with what is computed from the records
(whether a communication was answered, how long it has waited), and cases filtered by
privacy at the query, so a private case never reaches a caller that did not ask.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from liuzhi.errors import LedgerError
from liuzhi.ledger.models import Base, Source, to_record
from liuzhi.ledger.store import Ledger
from liuzhi.registries.models import (
    Agreement,
    Case,
    Communication,
    CommunicationDate,
    Facility,
    Party,
    Place,
    Statement,
)
from liuzhi.registries.tables import singular

KINDS = ("agreements", "communications", "cases", "facilities")


def earliest(date: str) -> dt.date | None:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest(date: str) -> dt.date | None:
    """The last day a partial date can mean."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


@dataclass(frozen=True)
class Record:
    """One registry row as plain values, with its source's URL and publisher."""

    kind: str
    id: str
    values: dict[str, Any]
    source: dict[str, Any]


@dataclass(frozen=True)
class CommunicationRecord(Record):
    """A communication and what its replies say about it."""

    dates: tuple[tuple[str, str, str], ...] = ()  # (date, source_id, locator), every source
    replies: tuple[str, ...] = ()
    as_of: dt.date = field(default_factory=dt.date.today)

    @property
    def dates_disagree(self) -> bool:
        return len({d for d, _, _ in self.dates if d}) > 1

    @property
    def answered(self) -> bool:
        return bool(self.replies)

    @property
    def unanswered(self) -> bool:
        """A reply was expected and none is recorded."""
        return bool(self.values["reply_expected"]) and not self.replies

    @property
    def days_without_reply(self) -> tuple[int, int] | None:
        """(fewest, most) days from the letter to ``as_of`` when unanswered; None when
        answered, not expecting a reply, or undated. Partial and disagreeing dates widen
        the span rather than pick one day."""
        if not self.unanswered:
            return None
        firsts = [earliest(d) for d, _, _ in self.dates if d]
        lasts = [latest(d) for d, _, _ in self.dates if d]
        if not firsts:
            return None
        most = (self.as_of - min(d for d in firsts if d)).days
        fewest = (self.as_of - max(d for d in lasts if d)).days
        return max(fewest, 0), max(most, 0)


@dataclass(frozen=True)
class CaseListing:
    """Cases as asked for. ``private`` counts the private cases included (0 unless the
    caller asked for them), so every output can say when it holds private records."""

    records: list[Record]
    private: int


def _sources(session: sa.orm.Session) -> dict[str, dict[str, Any]]:
    return {s.id: {"url": s.url, "publisher": s.publisher, "issuing_body": s.issuing_body,
                   "published": s.published, "title": s.title, "secondary": s.secondary}
            for s in session.scalars(sa.select(Source))}


def source_table(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Every source's URL, publisher, issuing body, date, title and secondary flag."""
    with ledger.session() as session:
        return _sources(session)


def _record(kind: str, row: Base, sources: dict[str, dict[str, Any]]) -> Record:
    values = to_record(row)
    return Record(kind, str(values["id"]), values, sources.get(values["source_id"], {}))


def agreements(ledger: Ledger) -> list[Record]:
    with ledger.session() as session:
        sources = _sources(session)
        rows = session.scalars(sa.select(Agreement).order_by(Agreement.id))
        return [_record("agreements", row, sources) for row in rows]


def statements(ledger: Ledger) -> list[Record]:
    with ledger.session() as session:
        sources = _sources(session)
        rows = session.scalars(sa.select(Statement).order_by(Statement.id))
        return [_record("statements", row, sources) for row in rows]


def parties(ledger: Ledger) -> dict[str, dict[str, Any]]:
    with ledger.session() as session:
        return {p.id: to_record(p) for p in session.scalars(sa.select(Party))}


def places(ledger: Ledger) -> dict[str, dict[str, Any]]:
    with ledger.session() as session:
        return {p.code: to_record(p) for p in session.scalars(sa.select(Place))}


def communications(ledger: Ledger, *, as_of: dt.date | None = None) -> list[CommunicationRecord]:
    """Every communication with its dates from every source and its replies."""
    as_of = as_of or dt.date.today()
    with ledger.session() as session:
        sources = _sources(session)
        rows = list(session.scalars(sa.select(Communication).order_by(Communication.id)))
        extra: dict[str, list[tuple[str, str, str]]] = {}
        for other in session.scalars(sa.select(CommunicationDate).order_by(CommunicationDate.id)):
            extra.setdefault(other.communication_id, []).append(
                (other.date, other.source_id, other.locator))
        replies: dict[str, list[str]] = {}
        for row in rows:
            if row.in_reply_to:
                replies.setdefault(row.in_reply_to, []).append(row.id)
        return [CommunicationRecord(
            "communications", row.id, to_record(row), sources.get(row.source_id, {}),
            dates=((row.date, row.source_id, row.locator), *extra.get(row.id, [])),
            replies=tuple(replies.get(row.id, [])), as_of=as_of) for row in rows]


def cases(ledger: Ledger, *, include_private: bool = False) -> CaseListing:
    """Public cases; private ones too only when ``include_private`` is given."""
    query = sa.select(Case).order_by(Case.id)
    if not include_private:
        query = query.where(Case.public.is_(True))
    with ledger.session() as session:
        sources = _sources(session)
        records = [_record("cases", row, sources) for row in session.scalars(query)]
    return CaseListing(records, sum(not r.values["public"] for r in records))


def facilities(ledger: Ledger) -> list[Record]:
    with ledger.session() as session:
        sources = _sources(session)
        rows = session.scalars(sa.select(Facility).order_by(Facility.id))
        return [_record("facilities", row, sources) for row in rows]


def listing(ledger: Ledger, kind: str, *, include_private: bool = False,
            as_of: dt.date | None = None) -> tuple[Sequence[Record], int]:
    """The records of one kind and how many of them are private."""
    if kind == "agreements":
        return agreements(ledger), 0
    if kind == "communications":
        return communications(ledger, as_of=as_of), 0
    if kind == "cases":
        found = cases(ledger, include_private=include_private)
        return found.records, found.private
    if kind == "facilities":
        return facilities(ledger), 0
    raise LedgerError(f"{kind!r} is not a registry; use one of {', '.join(KINDS)}.")


def find(ledger: Ledger, kind: str, record_id: str, *,
         include_private: bool = False) -> Record:
    """One record by id. A private case is reported as not found unless asked for, so
    the answer does not reveal that it exists."""
    records, _ = listing(ledger, kind, include_private=include_private)
    for record in records:
        if record.id == record_id:
            return record
    hint = (" Private cases are shown only with --include-private." if kind == "cases"
            and not include_private else "")
    raise LedgerError(f"No {singular(kind)} has the id {record_id!r}.{hint} "
                      f"`liuzhi {kind}` lists them.")


def mark_public(ledger: Ledger, case_id: str, *, reason: str, actor: str) -> None:
    """Make a case public, recording why, as an audited change."""
    if not reason.strip():
        raise LedgerError("Say why the case may be shown (already widely reported, "
                          "consent): --reason TEXT. Nothing was changed.")
    with ledger.transaction(actor) as writer:
        case = writer.session.get(Case, case_id)
        if case is None:
            raise LedgerError(f"No case has the id {case_id!r}; nothing was changed.")
        writer.update(case, public=True, public_reason=reason.strip())
