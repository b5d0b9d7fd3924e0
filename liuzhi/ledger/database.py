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


def create_engine(url: str) -> Engine:
    """An engine for the ledger at ``url``; makes the folder of a SQLite file."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as error:
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
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("liuzhi.ledger") / "migrations"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head_revision():
        return
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except sa.exc.OperationalError as error:
        raise LedgerError(
            f"The ledger database at {_redact(str(engine.url))} could not be opened or "
            f"migrated: {error.orig}. Check that the server is running and the URL in "
            "LIUZHI_DATABASE_URL is right."
        ) from error
