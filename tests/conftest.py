"""Shared fixtures: a fresh ledger on SQLite and, when a server is given, on PostgreSQL.

Set LIUZHI_TEST_DATABASE_URL to a PostgreSQL database the tests may wipe. CI sets it and
LIUZHI_TEST_REQUIRE_ALL=1, which turns a missing server or browser into a failure
instead of a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from liuzhi.ledger import Ledger, bundled

POSTGRES_URL = os.environ.get("LIUZHI_TEST_DATABASE_URL", "")
REQUIRE_ALL = os.environ.get("LIUZHI_TEST_REQUIRE_ALL") == "1"


def missing(what: str) -> None:
    """Skip locally; fail in CI, where every part must run."""
    if REQUIRE_ALL:
        pytest.fail(f"{what} is required in CI (LIUZHI_TEST_REQUIRE_ALL=1) but not available")
    pytest.skip(f"{what} is not available here")


@pytest.fixture(scope="module")
def needs_pymc() -> None:
    """For the Bayesian rung's tests: PyMC and nutpie (the optional `bayes` extra)."""
    from liuzhi.estimate import bayes

    if not bayes.available():
        missing("PyMC and nutpie (pip install 'liuzhi[bayes]')")


def _wipe_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    if not POSTGRES_URL:
        missing("PostgreSQL (LIUZHI_TEST_DATABASE_URL)")
    _wipe_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def ledger(database_url: str) -> Iterator[Ledger]:
    ledger = Ledger(database_url)
    yield ledger
    ledger.close()


@pytest.fixture
def loaded(ledger: Ledger) -> Ledger:
    """A ledger holding the bundled dataset."""
    bundled.load(ledger, actor="test")
    return ledger


@pytest.fixture(scope="session")
def bundled_table(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The bundled dataset's figure table, loaded once into a SQLite ledger."""
    path = tmp_path_factory.mktemp("bundled") / "ledger.sqlite"
    ledger = Ledger(f"sqlite:///{path}")
    bundled.load(ledger, actor="test")
    table = ledger.figure_table()
    ledger.close()
    return table


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    """A LIUZHI_HOME for CLI tests, with the database chosen by ``database_url``."""
    monkeypatch.setenv("LIUZHI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LIUZHI_DATABASE_URL", database_url)
    monkeypatch.setenv("LIUZHI_ACTOR", "tester")
    monkeypatch.delenv("LIUZHI_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "home"
