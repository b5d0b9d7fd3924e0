"""The audit log: every change to the ledger is an event chained to the one before it.

An event's hash is SHA-256 over its own fields and the previous event's hash, so an
edited event no longer matches its hash, and a deleted one leaves the next event
pointing at a hash that is not there. ``verify`` also checks that each audited row
still looks as its last event says, which catches a row edited behind the log's back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from liuzhi.ledger.models import ENTITIES, AuditEvent, Base, primary_key, to_record

GENESIS = "0" * 64

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def canonical(record: dict[str, Any] | None) -> str:
    """One JSON spelling per record, so equal records hash alike on every database."""
    if record is None:
        return ""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(event: AuditEvent) -> str:
    fields = [event.at, event.actor, event.action, event.entity, event.entity_id,
              event.before, event.after, event.prev_hash]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def chain_head(session: Session) -> str:
    """The hash the next event must chain onto, taken under a lock that lasts until the
    transaction ends, so two writers cannot both chain onto the same event."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(7270)"))
    else:  # SQLite: take the write lock now rather than at the first insert
        session.execute(sa.text("UPDATE audit_events SET id = id WHERE 0"))
    last = session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    obj: Base,
    before: dict[str, Any] | None,
    prev_hash: str,
    clock: Clock = utc_now,
) -> AuditEvent:
    """Append the event for one change; the caller has already applied it to ``obj``.

    ``prev_hash`` is the chain head (see ``chain_head``) or the previous event's hash in
    the same transaction."""
    session.flush()
    after = None if action == "delete" else to_record(obj)
    event = AuditEvent(
        at=clock().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        actor=actor,
        action=action,
        entity=str(obj.__tablename__),
        entity_id=primary_key(obj),
        before=canonical(before),
        after=canonical(after),
        prev_hash=prev_hash,
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Breach:
    """One place where the ledger and its audit log disagree."""

    event_id: int | None
    entity: str
    entity_id: str
    message: str


def verify(session: Session) -> list[Breach]:
    """Every breach of the chain or of the audited state; an empty list means intact."""
    breaches: list[Breach] = []
    previous = GENESIS
    last_after: dict[tuple[str, str], str] = {}
    for event in _events(session):
        if event.prev_hash != previous:
            breaches.append(Breach(event.id, event.entity, event.entity_id,
                                   f"event {event.id} does not follow the event before it: "
                                   "an event was deleted or inserted"))
        if event_hash(event) != event.hash:
            breaches.append(Breach(event.id, event.entity, event.entity_id,
                                   f"event {event.id} was edited after it was written"))
        previous = event.hash
        last_after[(event.entity, event.entity_id)] = event.after
    for (entity, entity_id), after in last_after.items():
        model = ENTITIES.get(entity)
        if model is None:
            continue
        row = session.get(model, _key(model, entity_id))
        current = canonical(to_record(row)) if row is not None else ""
        if current != after:
            breaches.append(Breach(None, entity, entity_id,
                                   f"{entity} {entity_id} differs from its last audited state: "
                                   "it was changed without going through the ledger"))
    for entity, model in ENTITIES.items():
        for row in session.scalars(sa.select(model)):
            if (entity, primary_key(row)) not in last_after:
                breaches.append(Breach(None, entity, primary_key(row),
                                       f"{entity} {primary_key(row)} has no audit event: it "
                                       "was written without going through the ledger"))
    return breaches


def _key(model: type[Base], entity_id: str) -> int | str:
    column = sa.inspect(model).primary_key[0]
    return int(entity_id) if isinstance(column.type, sa.Integer) else entity_id


def _events(session: Session) -> Iterator[AuditEvent]:
    yield from session.scalars(
        sa.select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    )
