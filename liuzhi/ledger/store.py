"""The Ledger: one database of regions, sources, captures and figures, and the only way
to change it.

Reads use ``ledger.session()``. Writes happen inside ``ledger.transaction(actor)``, whose
``Writer`` sends every insert, update and delete through ``Writer._write``, the one place
that records the AuditEvent. A transaction is all-or-nothing: an exception rolls back the
rows and their events together.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from liuzhi.config import Settings
from liuzhi.errors import LedgerError
from liuzhi.ledger import audit, domains
from liuzhi.ledger.database import (
    DEFAULT_LOCK_TIMEOUT,
    Waiting,
    create_engine,
    lock_for_writing,
    migrate,
)
from liuzhi.ledger.models import Base, Figure, Region, Source, to_record
from liuzhi.registries import models as _registry_models  # noqa: F401  (audited tables)

Row = TypeVar("Row", bound=Base)


class Writer:
    """Changes made on behalf of one actor inside one transaction."""

    def __init__(self, session: Session, actor: str, clock: audit.Clock) -> None:
        self.session = session
        self.actor = actor
        self.clock = clock
        self.events = 0
        self._head: str | None = None  # hash of the last event, once the chain is locked

    def add(self, row: Row) -> Row:
        self.session.add(row)
        self._write("insert", row, before=None)
        return row

    def update(self, row: Row, **changes: Any) -> Row:
        """Apply ``changes``; a change that alters nothing writes no event."""
        before = to_record(row)
        for name, value in changes.items():
            setattr(row, name, value)
        self.session.flush()
        if to_record(row) != before:
            self._write("update", row, before=before)
        return row

    def insert_many(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        """Insert new rows of ``model`` (primary keys given), in order, with one audit
        event each: the rows and events ``add`` would write one by one, in two statements.
        Column defaults are applied here, so the event records what the row holds."""
        if not rows:
            return
        if self._head is None:
            self._head = audit.chain_head(self.session)
        self.session.flush()
        records = [with_defaults(model, values) for values in rows]
        columns = tuple(records[0])
        audit.insert_many(self.session, str(model.__tablename__), columns,
                          [tuple(record[c] for c in columns) for record in records])
        self._head = audit.insert_events(self.session, actor=self.actor, model=model,
                                         records=records, prev_hash=self._head,
                                         clock=self.clock)
        self.events += len(records)

    def delete(self, row: Base) -> None:
        before = to_record(row)
        self.session.delete(row)
        self._write("delete", row, before=before)

    def _write(self, action: str, row: Base, *, before: dict[str, Any] | None) -> None:
        if self._head is None:
            self._head = audit.chain_head(self.session)
        event = audit.record(self.session, actor=self.actor, action=action, obj=row,
                             before=before, prev_hash=self._head, clock=self.clock)
        self._head = event.hash
        self.events += 1


@sa.event.listens_for(Base, "before_insert", propagate=True)
@sa.event.listens_for(Base, "before_update", propagate=True)
def _refuse_unstorable(_mapper: Any, _connection: Any, row: Base) -> None:
    """Refuse a row one of the two databases would not store as given (PostgreSQL refuses
    NUL and over-long text; SQLite keeps them), so both backends hold the same data. The
    transaction is rolled back: nothing is written."""
    found = list(domains.row_problems(row))
    if found:
        raise LedgerError("Nothing was written: " + "; ".join(found[:5])
                          + ". Correct these values and try again.")


def with_defaults(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """Every column of a new ``model`` row as the audit log records it: the value given,
    else the column's default; dates as ISO text."""
    record: dict[str, Any] = {}
    for key, default, is_date in _column_plan(model):
        value = values[key] if key in values else default
        if value is _REQUIRED:
            raise ValueError(f"insert_many needs the key of every {model.__name__}")
        record[key] = value.isoformat() if is_date and value is not None else value
    return record


_REQUIRED = object()


@functools.cache
def _column_plan(model: type[Base]) -> list[tuple[str, Any, bool]]:
    """(key, default, is a date) per column, worked out once per model."""
    plan = []
    for column in model.__table__.columns:
        if column.default is not None and column.default.is_scalar:
            default = column.default.arg
        else:
            default = _REQUIRED if column.primary_key else None
        plan.append((column.key, default, isinstance(column.type, sa.Date)))
    return plan


class Ledger:
    """``lock_timeout``: how long a write waits for another writer (SQLite) before it
    gives up with LedgerBusy; ``waiting(seconds)``, when set, hears that it is waiting.
    ``signing_key``: the Ed25519 key file that signs this ledger's tree heads (created on
    first need); without one, heads can be computed but not signed."""

    def __init__(self, url: str, *, clock: audit.Clock = audit.utc_now,
                 lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                 waiting: Waiting | None = None,
                 signing_key: Path | None = None) -> None:
        self.url = url
        self.signing_key = signing_key
        self.engine = create_engine(url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.waiting = waiting

    @classmethod
    def open(cls, settings: Settings) -> Ledger:
        return cls(settings.database_url, lock_timeout=settings.lock_timeout,
                   signing_key=settings.ledger_key)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A view for reading; anything written through it is discarded when it closes."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def transaction(self, actor: str) -> Iterator[Writer]:
        with self._sessions() as session, session.begin():
            lock_for_writing(session, lock_timeout=self.lock_timeout, waiting=self.waiting)
            yield Writer(session, actor, self.clock)

    def is_empty(self) -> bool:
        with self.session() as session:
            return session.scalar(sa.select(sa.func.count()).select_from(Figure)) == 0

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model))
                or 0
                for model in (Region, Source, Figure)
            }

    def verify_audit(self) -> list[audit.Breach]:
        with self.session() as session:
            return audit.verify(session)

    def figure_table(self) -> pd.DataFrame:
        """Every figure joined with its source and region: the estimators' input.

        Columns: the Figure columns, plus ``source_url``, ``publisher``, ``issuing_body``,
        ``published``, ``secondary``, ``region_level``, ``region_name`` and
        ``region_population`` (2020 census).
        """
        query = (
            sa.select(
                Figure,
                Source.url.label("source_url"),
                Source.title.label("source_title"),
                Source.publisher,
                Source.issuing_body,
                Source.published,
                Source.secondary,
                Region.level.label("region_level"),
                Region.name_en.label("region_name"),
                Region.population_2020.label("region_population"),
                Region.population_figure.label("region_population_figure"),
            )
            .join(Source, Figure.source_id == Source.id)
            .join(Region, Figure.region_code == Region.code)
            .order_by(Figure.id)
        )
        with self.session() as session:
            rows = [
                {**to_record(figure), **{k: v for k, v in row._mapping.items() if k != "Figure"}}
                for row in session.execute(query)
                for figure in (row[0],)
            ]
        frame = pd.DataFrame(rows)
        if not frame.empty:
            frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
            frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
        return frame
