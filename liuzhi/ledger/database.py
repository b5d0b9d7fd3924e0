"""Engines and migrations. SQLite is the default; any SQLAlchemy URL works, and the test
suite runs against PostgreSQL too."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from liuzhi.errors import LedgerError

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
        engine = sa.create_engine(url)
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
