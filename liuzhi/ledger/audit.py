"""The audit log: every change to the ledger is an event chained to the one before it.

An event's hash is SHA-256 over its own fields and the previous event's hash, so an
edited event no longer matches its hash, and a deleted one leaves the next event
pointing at a hash that is not there. ``verify`` also checks that each audited row
still looks as its last event says, which catches a row edited behind the log's back.

A hash chain does not stop someone who can write the database and recomputes it. So the
events are also the leaves of an RFC 6962 Merkle tree (``tree_head``), whose signed head is
published (``publication.py``); a consistency proof against a published head catches any
rewrite of the history before it. On PostgreSQL a trigger refuses UPDATE, DELETE and
TRUNCATE on the table (migration 0004).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from liuzhi.errors import LedgerError
from liuzhi.ledger import merkle
from liuzhi.ledger.models import ENTITIES, AuditEvent, Base, primary_key, to_record

GENESIS = "0" * 64

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def canonical(record: dict[str, Any] | None) -> str:
    """One JSON spelling per record, so equal records hash alike on every database."""
    if record is None:
        return ""
    return _CANONICAL.encode(record)


# One encoder for every call (json.dumps would build one per call with these options).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(event: AuditEvent) -> str:
    return _digest(event.at, event.actor, event.action, event.entity, event.entity_id,
                   event.before, event.after, event.prev_hash)


def _digest(*fields: str) -> str:
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


def insert_events(
    session: Session,
    *,
    actor: str,
    model: type[Base],
    records: list[dict[str, Any]],
    prev_hash: str,
    clock: Clock = utc_now,
) -> str:
    """Append one "insert" event per record (rows just written, in this order: every
    column, dates as ISO text) in one statement: the events ``record`` would write one by one,
    all at the same moment. Returns the new chain head."""
    at = clock().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    entity = str(model.__tablename__)
    key = key_name(model)
    events = []
    for row in records:
        entity_id, after = str(row[key]), canonical(row)
        digest = _digest(at, actor, "insert", entity, entity_id, "", after, prev_hash)
        events.append((at, actor, "insert", entity, entity_id, "", after, prev_hash, digest))
        prev_hash = digest
    insert_many(session, AuditEvent.__tablename__, _EVENT_COLUMNS, events)
    return prev_hash


_EVENT_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "before", "after",
                  "prev_hash", "hash")


def key_name(model: type[Base]) -> str:
    """The attribute holding the model's primary key."""
    return str(sa.inspect(model).primary_key[0].key)


def insert_many(session: Session, table: str, columns: tuple[str, ...],
                rows: list[tuple[Any, ...]]) -> None:
    """``INSERT`` many rows through the driver's own executemany: values must already be
    what the column stores (dates as ISO text, which both databases take)."""
    if not rows:
        return
    connection = session.connection()
    quote = connection.dialect.identifier_preparer.quote
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})", rows)


@dataclass(frozen=True)
class Breach:
    """One place where the ledger and its audit log disagree."""

    event_id: int | None
    entity: str
    entity_id: str
    message: str


def leaf(event_hash_hex: str) -> bytes:
    """The Merkle leaf hash of an event: its chain hash (which covers every field and the
    hash before it) as the leaf's bytes, so the tree commits to the whole log in order."""
    return merkle.leaf_hash(event_hash_hex.encode("ascii", "replace"))


def tree_head(session: Session) -> tuple[int, bytes]:
    """The audit log's Merkle tree head: (number of events, root hash)."""
    builder = merkle.TreeBuilder()
    for (digest,) in session.connection().execute(
            sa.select(AuditEvent.hash).order_by(AuditEvent.id)
            .execution_options(yield_per=_BATCH)):
        builder.append(leaf(digest))
    return builder.size, builder.root()


def verify(session: Session, *, tree: merkle.ProofBuilder | None = None) -> list[Breach]:
    """Every breach of the chain or of the audited state; an empty list means intact.

    One pass over the log in order for the chain, then, table by table, one merge of two
    streams sorted alike by the database: each row's last audited state and the rows. So
    memory does not grow with the ledger. ``tree``, if given, receives every event's leaf
    hash in the chain's pass (for a consistency proof against a published head)."""
    breaches = _check_chain(session, tree)
    changed: list[Breach] = []
    unaudited: list[Breach] = []
    for entity, model in ENTITIES.items():
        _check_rows(session, entity, model, changed, unaudited)
    return breaches + changed + unaudited


_BATCH = 5000


def _check_chain(session: Session, tree: merkle.ProofBuilder | None) -> list[Breach]:
    """Check each event against its hash and the one before."""
    breaches: list[Breach] = []
    previous = GENESIS
    query = sa.select(
        AuditEvent.id, AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.entity,
        AuditEvent.entity_id, AuditEvent.before, AuditEvent.after, AuditEvent.prev_hash,
        AuditEvent.hash,
    ).order_by(AuditEvent.id).execution_options(yield_per=_BATCH)
    for (event_id, at, actor, action, entity, entity_id, before, after, prev_hash,
         digest) in _rows(session, query):
        if prev_hash != previous:
            breaches.append(Breach(event_id, entity, entity_id,
                                   f"event {event_id} does not follow the event before it: "
                                   "an event was deleted or inserted"))
        if _digest(at, actor, action, entity, entity_id, before, after, prev_hash) != digest:
            breaches.append(Breach(event_id, entity, entity_id,
                                   f"event {event_id} was edited after it was written"))
        previous = digest
        if tree is not None:
            tree.append(leaf(digest))
    return breaches


def _check_rows(session: Session, entity: str, model: type[Base], changed: list[Breach],
                unaudited: list[Breach]) -> None:
    """Compare one table with its last audited states, both in the order of their keys as
    text, byte by byte (UTF-8 byte order is Python's order of str): a key on one side only
    is a row deleted or written behind the log's back."""
    table = model.__table__
    names = [c.key for c in table.columns]
    key = table.c[key_name(model)]
    at = names.index(key.key)
    dates = [i for i, c in enumerate(table.columns) if isinstance(c.type, sa.Date)]
    # Dates as stored: SQLite's ISO text needs no round trip through datetime.date (nor
    # fails on a date edited into nonsense); PostgreSQL's driver gives dates.
    columns = [sa.type_coerce(c, sa.String) if isinstance(c.type, sa.Date) else c
               for c in table.columns]
    order = _byte_order(session)
    as_text = key if isinstance(key.type, sa.String) else sa.cast(key, sa.String)
    rows = _ascending(
        ((str(row[at]), row) for row in _rows(session, sa.select(*columns).order_by(
            as_text.collate(order)).execution_options(yield_per=_BATCH))), entity)
    states = _ascending(_last_states(session, entity, order), f"audit events of {entity}")
    state, row = next(states, None), next(rows, None)
    while state is not None or row is not None:
        if row is None or (state is not None and state[0] < row[0]):
            assert state is not None
            if state[1] != "":  # its last event is not a delete, yet the row is gone
                changed.append(_changed(entity, state[0]))
            state = next(states, None)
        elif state is None or row[0] < state[0]:
            unaudited.append(Breach(None, entity, row[0],
                                    f"{entity} {row[0]} has no audit event: it was "
                                    "written without going through the ledger"))
            row = next(rows, None)
        else:
            values = list(row[1])
            for i in dates:  # as to_record gives them
                if isinstance(values[i], dt.date):
                    values[i] = values[i].isoformat()
            if state[1] != canonical(dict(zip(names, values, strict=True))):
                changed.append(_changed(entity, row[0]))
            state, row = next(states, None), next(rows, None)


def _last_states(session: Session, entity: str, order: str) -> Iterator[tuple[str, str]]:
    """(id, ``after`` of its last event) for every id the log names in ``entity``, in key
    order (the index of migration 0009 serves this query)."""
    query = (sa.select(AuditEvent.entity_id, AuditEvent.after)
             .where(AuditEvent.entity == entity)
             .order_by(AuditEvent.entity_id.collate(order), AuditEvent.id)
             .execution_options(yield_per=_BATCH))
    current: str | None = None
    last = ""
    for entity_id, after in _rows(session, query):
        if entity_id != current:
            if current is not None:
                yield current, last
            current = entity_id
        last = after
    if current is not None:
        yield current, last


def _byte_order(session: Session) -> str:
    """The collation that sorts text by its bytes on this database (for UTF-8, the order
    of code points, as Python compares str), whatever the database's own collation is."""
    return "C" if session.get_bind().dialect.name == "postgresql" else "BINARY"


_Keyed = TypeVar("_Keyed", bound=tuple[str, Any])


def _ascending(stream: Iterator[_Keyed], what: str) -> Iterator[_Keyed]:
    """The stream, checked to come in strictly rising key order: the merge would otherwise
    report rows as missing that are only out of place."""
    previous: str | None = None
    for item in stream:
        if previous is not None and item[0] <= previous:
            raise LedgerError(
                f"the database returned the {what} out of key order ({previous!r} before "
                f"{item[0]!r}), so they cannot be checked against each other. This is a "
                "fault of liuzhi or of the database, not of the ledger; please report it.")
        previous = item[0]
        yield item


def _rows(session: Session, query: sa.Executable) -> Iterator[Any]:
    """The query's rows, fetched a batch at a time (streamed on PostgreSQL)."""
    for batch in session.connection().execute(query).partitions():
        yield from batch


def _changed(entity: str, entity_id: str) -> Breach:
    return Breach(None, entity, entity_id,
                  f"{entity} {entity_id} differs from its last audited state: it was "
                  "changed without going through the ledger")
