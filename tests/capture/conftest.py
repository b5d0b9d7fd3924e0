"""Fixtures for capture tests: a LIUZHI_HOME and a SQLite ledger per test, a fixed clock,
offline HTTP clients, and the test documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from liuzhi import config
from liuzhi.config import Settings
from liuzhi.ledger import Ledger
from liuzhi.ledger.models import AuditEvent, Capture, Source
from tests.capture import documents

DATA = Path(__file__).parents[1] / "data" / "capture"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in ("LIUZHI_MAX_CAPTURE_BYTES", "LIUZHI_FETCH_TIMEOUT", "LIUZHI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return config.load(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/l.sqlite",
                       actor="tester")


@pytest.fixture
def ledger(settings: Settings) -> Iterator[Ledger]:
    """A SQLite ledger (this overrides the SQLite/PostgreSQL ``ledger`` of tests/conftest)."""
    ledger = Ledger(settings.database_url)
    yield ledger
    ledger.close()


class Clock:
    """Ten minutes later at every call, from 2024-01-22 02:00 UTC."""

    def __init__(self) -> None:
        self.now = dt.datetime(2024, 1, 22, 2, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=10)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


Handler = Callable[[httpx.Request], httpx.Response]


class Site:
    """An offline web site: pages by URL, and a log of every request made."""

    def __init__(self) -> None:
        self.pages: dict[str, Handler] = {}
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        handler = self.pages.get(str(request.url))
        if handler is None:
            return httpx.Response(404, text="<html><body>404 页面不存在</body></html>")
        return handler(request)

    def serve(self, url: str, body: bytes, *, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, status: int = 200) -> None:
        def respond(_: httpx.Request) -> httpx.Response:
            # A stream, as from a real server, so the body can be read raw.
            return httpx.Response(status, headers={"Content-Type": content_type,
                                                   **(headers or {})},
                                  stream=httpx.ByteStream(body))
        self.pages[url] = respond

    def redirect(self, url: str, to: str, status: int = 302) -> None:
        self.pages[url] = lambda _: httpx.Response(status, headers={"Location": to})

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))


@pytest.fixture
def site() -> Site:
    return Site()


def state(ledger: Ledger, settings: Settings) -> tuple[list[str], dict[str, int]]:
    """Everything a failed capture must leave as it was: the store's files and row counts."""
    root = settings.store_dir
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []
    with ledger.session() as session:
        counts = {model.__tablename__: session.scalar(
            sa.select(sa.func.count()).select_from(model)) or 0
            for model in (Source, Capture, AuditEvent)}
    return files, counts


@pytest.fixture(scope="session")
def report_pdf() -> bytes:
    """A two-page PDF with the simplified release as its text (made once: WeasyPrint)."""
    return documents.pdf()
