"""Direct edits to the database, as someone who holds it (and its owner's rights) would
make them: the append-only triggers are switched off for the edit and on again after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine


@contextmanager
def as_owner(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
            yield connection
            connection.execute(sa.text(
                "ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))
        else:
            triggers = connection.execute(sa.text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_events'")).all()
            for name, _sql in triggers:
                connection.execute(sa.text(f"DROP TRIGGER {name}"))
            yield connection
            for _name, sql in triggers:
                connection.execute(sa.text(sql))


def tamper(engine: Engine, *statements: str) -> None:
    with as_owner(engine) as connection:
        for sql in statements:
            connection.execute(sa.text(sql))
