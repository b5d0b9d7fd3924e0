"""Engines and migrations. SQLite is the default; any SQLAlchemy URL works, and the test
suite runs against PostgreSQL too.

Concurrent writers on SQLite: SQLite lets one connection write at a time. Every write
transaction therefore takes the write lock first (``BEGIN IMMEDIATE``, see
``lock_for_writing``) and waits its turn: each attempt waits ``BUSY_TIMEOUT`` seconds in
SQLite's own busy handler, then backs off and tries again, until ``lock_timeout``
(LIUZHI_LOCK_TIMEOUT, default 10 minutes) has passed; then it gives up with LedgerBusy
before writing anything. Taking the lock before the first read of a transaction also
avoids SQLite's "busy snapshot" error, which no busy timeout cures. On PostgreSQL writers
queue on the audit chain's advisory lock instead (``audit.chain_head``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from liuzhi.config import DEFAULT_LOCK_TIMEOUT
from liuzhi.errors import LedgerBusy, LedgerError

#: Seconds SQLite's busy handler waits for a lock in one attempt (reads included).
BUSY_TIMEOUT = 5.0
_FIRST_BACKOFF = 0.05
_MAX_BACKOFF = 2.0

#: Told how long a writer has waited so far, each time it backs off.
Waiting = Callable[[float], None]

#: Seconds to wait for a PostgreSQL server before saying it cannot be reached.
CONNECT_TIMEOUT = 10


def create_engine(url: str) -> Engine:
    """An engine for the ledger at ``url``; makes the folder of a SQLite file."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LedgerError(
                f"The folder for the ledger database {path} cannot be made ({error.strerror}). "
                "Choose a writable data folder (--home or LIUZHI_HOME) or another "
                "LIUZHI_DATABASE_URL."
            ) from error
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        engine = sa.create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            # An unreachable host must fail within seconds, not hang on the TCP timeout.
            engine.dispose()
            engine = sa.create_engine(url, pool_pre_ping=True,
                                      connect_args={"connect_timeout": CONNECT_TIMEOUT})
        return engine
    except (sa.exc.ArgumentError, ModuleNotFoundError, ValueError) as error:
        raise LedgerError(
            f"The database URL {_redact(url)} cannot be used ({error}). Use sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DBNAME in LIUZHI_DATABASE_URL."
        ) from error


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _is_locked(error: sa.exc.OperationalError) -> bool:
    message = str(error.orig).lower()
    return "database is locked" in message or "database is busy" in message


def lock_for_writing(session: Session, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                     waiting: Waiting | None = None,
                     clock: Callable[[], float] = time.monotonic) -> None:
    """Take SQLite's write lock for ``session``'s transaction before anything is read or
    written, waiting for other writers with backoff (see the module docstring).

    Call it first in a fresh transaction. A no-op on other databases. Raises LedgerBusy
    when the lock is still held by another writer after ``lock_timeout`` seconds."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return
    started = clock()
    backoff = _FIRST_BACKOFF
    while True:
        # One attempt waits in SQLite's busy handler, but never past the deadline.
        attempt = max(0.0, min(BUSY_TIMEOUT, lock_timeout - (clock() - started)))
        session.execute(sa.text(f"PRAGMA busy_timeout = {int(attempt * 1000)}"))
        try:
            session.execute(sa.text("BEGIN IMMEDIATE"))
            session.execute(sa.text(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}"))
            return
        except sa.exc.OperationalError as error:
            if not _is_locked(error):
                raise
            waited = clock() - started
            if waited + backoff > lock_timeout:
                raise LedgerBusy(
                    f"The ledger {_redact(str(bind.engine.url))} stayed locked by another "
                    "writer (an import, a capture or a review still running) for "
                    f"{waited:.0f} s, and this command gave up waiting; it wrote nothing. Run "
                    "it again when the other command has finished, or let it wait longer with "
                    f"LIUZHI_LOCK_TIMEOUT=SECONDS (now {lock_timeout:g})."
                ) from error
            if waiting is not None:
                waiting(waited)
            time.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF)


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return repr(url.split("@")[-1])  # unparseable: show no part that may be a password


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("liuzhi.ledger") / "migrations"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current == head_revision():
            return
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
        raise LedgerError(
            f"The ledger database at {_redact(str(engine.url))} could not be opened or "
            f"migrated: {str(error.orig).strip().rstrip('?.')}. Check that the server is "
            "running and the URL in LIUZHI_DATABASE_URL is right."
        ) from error
