"""Whole answers of the busiest public routes, kept per state of the ledger.

The overview and the figures list are the same bytes for every anonymous reader until the
ledger changes, yet each costs queries and a template (a count over 100,000 figures
among them). ``CachedAnswers``, pure ASGI middleware inside ``SessionsAndHeaders`` (so a
cached answer gets the security headers like any other), keeps the answer to a GET of one
of ``CACHED_PATHS``, keyed by path, query string, language and the ledger's state, and
sends the same bytes again (with an ETag; ``If-None-Match`` gets a 304) while that state
lasts.

Only anonymous readers are served from it or fill it: a logged-in user's page names
them, and a reviewer's may hold private records, so no such answer is ever kept. An answer
that is not a 200, sets a cookie, has no Content-Length (a CSV stream) or is larger than
``MAX_BODY`` is passed on and not kept.

The ledger's state (``LedgerState``) is read for every request after it arrived, so a
write committed before a request was sent is in its answer:

* SQLite: ``PRAGMA data_version`` on a connection of its own, which changes whenever any
  other connection, of any process, commits anything.
* PostgreSQL (and any other database): the audit chain's head, the newest event's id and
  hash. Every write through the ledger adds events in its own transaction, and the public
  tables are written through the ledger only (accounts, written without events, are in
  no anonymous answer). A change made by hand in SQL, behind the audit log (which
  ``liuzhi verify`` reports), is seen at the next audited write, or after ``MAX_AGE``.
  Concurrent requests share one read of the head, taken after they all arrived.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import sqlite3
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from liuzhi.ledger import Ledger, queries
from liuzhi.web import security

log = logging.getLogger("liuzhi.web")

#: Paths whose anonymous answers are kept.
CACHED_PATHS = frozenset({"/", "/figures", "/api/v1/figures"})
MAX_BODY = 2 * 1024 * 1024
#: Bytes of answers kept at most per process (the oldest-used go first).
MAX_BYTES = 64 * 1024 * 1024
#: Seconds an answer is kept at most when the state is the audit head (see above).
MAX_AGE = 30.0

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class LedgerState:
    """A token that differs whenever the ledger has changed (see the module docstring);
    None when it cannot be read (the request is then answered without the cache)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        url = ledger.engine.url
        self._sqlite_path = (url.database if ledger.engine.dialect.name == "sqlite"
                             and url.database not in (None, "", ":memory:") else None)
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None  # a psycopg connection, in autocommit
        self._closing: Callable[[], Any] = lambda: None
        self._lock = threading.Lock()
        self._next: asyncio.Future[Hashable | None] | None = None
        self._reading = False

    @property
    def exact(self) -> bool:
        """True when every committed change moves the token (SQLite's data_version)."""
        return self._sqlite_path is not None

    async def read(self) -> Hashable | None:
        if self._sqlite_path is not None:
            return self.data_version()  # microseconds: read in line
        # Join the next read of the head not yet begun: it begins after this request arrived.
        loop = asyncio.get_running_loop()
        if self._next is None:
            self._next = loop.create_future()
        waiting = self._next
        if not self._reading:
            self._reading = True
            loop.create_task(self._read_heads())
        return await waiting

    async def _read_heads(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._next is not None:
                batch, self._next = self._next, None
                batch.set_result(await loop.run_in_executor(None, self.audit_head))
        finally:
            self._reading = False

    def audit_head(self) -> Hashable | None:
        if self.ledger.engine.dialect.driver != "psycopg":
            try:
                with self.ledger.engine.connect() as connection:
                    row = connection.execute(_HEAD).first()
            except sa.exc.SQLAlchemyError as error:
                log.warning("cannot read the audit head for the answer cache: %s", error)
                return None
            return ("audit", row[0], row[1]) if row else ("audit", 0, "")
        with self._lock:
            try:
                if self._pg is None:
                    # A connection of its own, in autocommit: one round trip a read, where a
                    # pooled one costs a ping and a rollback besides.
                    pooled = self.ledger.engine.raw_connection()
                    driver: Any = pooled.driver_connection
                    pooled.detach()
                    self._pg = driver
                    self._closing = weakref.finalize(self, driver.close)
                    driver.rollback()
                    driver.autocommit = True
                found = self._pg.execute(_HEAD.text).fetchone()
            except Exception as error:  # noqa: BLE001 - any failure: answer without the cache
                log.warning("cannot read the audit head for the answer cache: %s", error)
                self.close()
                return None
        return ("audit", found[0], found[1]) if found else ("audit", 0, "")

    def data_version(self) -> Hashable | None:
        with self._lock:
            try:
                if self._sqlite is None:
                    # Never writes: its data_version moves with every other connection's commit.
                    self._sqlite = sqlite3.connect(self._sqlite_path or "",
                                                   check_same_thread=False)
                return ("sqlite", self._sqlite.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as error:
                log.warning("cannot read the ledger's data_version for the answer cache: %s",
                            error)
                self.close()
                return None

    def close(self) -> None:
        """Close the connections of its own (the app's shutdown calls this)."""
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._pg is not None:
            self._closing()
            self._pg = None


_HEAD = sa.text("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")


@dataclass
class Entry:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class Answers:
    """The kept answers of one process, all for one ledger state at a time, and counts
    (``counted``) for the same state."""

    def __init__(self, ledger: Ledger, *, max_bytes: int = MAX_BYTES,
                 max_age: float = MAX_AGE) -> None:
        self.state = LedgerState(ledger)
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.hits = 0
        self.misses = 0
        self._state: Hashable | None = None
        self._since = 0.0  # when the state was first seen
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._pending: dict[Hashable, asyncio.Event] = {}
        self._counts: dict[Hashable, int] = {}
        self._lock = threading.Lock()

    def _at(self, state: Hashable) -> None:
        """Forget everything kept for another state, or kept for longer than ``max_age``
        when the state is not exact (the audit head)."""
        now = time.monotonic()
        if state != self._state or (not self.state.exact and now - self._since > self.max_age):
            self._state, self._since = state, now
            self._entries.clear()
            self._counts.clear()
            self._bytes = 0

    def get(self, state: Hashable, key: Hashable) -> Entry | None:
        with self._lock:
            self._at(state)
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found

    def put(self, state: Hashable, key: Hashable, entry: Entry) -> None:
        with self._lock:
            self._at(state)
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > self.max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: Hashable) -> None:
        self._bytes -= len(self._entries.pop(key).body)

    def counted(self, state: Hashable | None, key: Hashable, count: Callable[[], int]) -> int:
        """``count()``, kept for ``state`` (not kept when the state is unknown)."""
        if state is None:
            return count()
        with self._lock:
            self._at(state)
            found = self._counts.get(key)
        if found is None:
            found = count()
            with self._lock:
                self._at(state)
                if len(self._counts) < 10_000:
                    self._counts[key] = found
        return found


def install(app: Any, ledger: Ledger) -> None:
    """Keep anonymous answers of CACHED_PATHS. Call before the sessions middleware is
    added, so that it wraps this one (and reads the session first)."""
    app.state.answers = Answers(ledger)
    app.router.on_shutdown.append(app.state.answers.state.close)
    app.add_middleware(CachedAnswers)


def state_of(request: Any) -> Hashable | None:
    """The ledger state the request was answered at, or None (not a cached path)."""
    found: Hashable | None = request.scope.get("state", {}).get("ledger_state")
    return found


def answers(request: Any) -> Answers | None:
    found: Answers | None = getattr(request.app.state, "answers", None)
    return found


def figure_total(request: Any, filters: queries.FigureFilter,
                 audience: queries.Audience) -> int | None:
    """The count of figures passing ``filters``, kept for the ledger state the request is
    answered at; None when the request read no state (not anonymous, not a cached path)."""
    kept, state = answers(request), state_of(request)
    if kept is None or state is None:
        return None
    ledger = request.app.state.web.ledger
    return kept.counted(state, ("figures", filters, audience),
                        lambda: queries.figure_count(ledger, filters, audience=audience))


def _extra_key(scope: Scope) -> Hashable:
    """What else an answer depends on: the overview shows the newest estimates."""
    if scope["path"] == "/":
        return scope["app"].state.web.estimates.version
    return None


_SECURITY = [(name.lower().encode("latin-1"), value.encode("latin-1"))
             for name, value in security.HEADERS.items()]


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


class CachedAnswers:
    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"] not in CACHED_PATHS):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        kept: Answers = scope["app"].state.answers
        # Only anonymous readers, as the sessions middleware found them: never a private
        # record. Without its verdict (it did not run first), nothing is cached.
        if "user" not in state or state["user"] is not None:
            await self.app(scope, receive, send)
            return
        ledger_state = await kept.state.read()
        if ledger_state is None:
            await self.app(scope, receive, send)
            return
        state["ledger_state"] = ledger_state
        key = (scope["path"], scope["query_string"], state.get("lang"), _extra_key(scope))
        found = kept.get(ledger_state, key)
        while found is None and key in kept._pending:  # one request makes it, others wait
            await kept._pending[key].wait()
            found = kept.get(ledger_state, key)
        if found is not None:
            kept.hits += 1
            await _send_entry(scope, send, found)
            return
        kept.misses += 1
        done = kept._pending[key] = asyncio.Event()
        try:
            await self._make(scope, receive, send, kept, ledger_state, key)
        finally:
            del kept._pending[key]
            done.set()

    async def _make(self, scope: Scope, receive: Receive, send: Send, kept: Answers,
                    ledger_state: Hashable, key: Hashable) -> None:
        start: Message | None = None
        parts: list[bytes] = []
        passing = False

        async def keep(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                headers = message.get("headers", [])
                length = [v for k, v in headers if k.lower() == b"content-length"]
                if (message["status"] != 200 or any(k.lower() == b"set-cookie"
                                                    for k, _ in headers)
                        or not length or int(length[0]) > MAX_BODY):
                    passing = True
                    await send(message)
                else:
                    start = message
            elif message["type"] == "http.response.body" and start is not None:
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._finish(scope, send, kept, ledger_state, key, start,
                                       b"".join(parts))
            else:
                await send(message)

        await self.app(scope, receive, keep)

    async def _finish(self, scope: Scope, send: Send, kept: Answers, ledger_state: Hashable,
                      key: Hashable, start: Message, body: bytes) -> None:
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])
                   if k.lower() != b"etag"]
        # The security headers the sessions middleware would add, added once here: it
        # leaves a header the answer has alone, and setting five a request costs.
        present = {k.lower() for k, _ in headers}
        headers += [(k, v) for k, v in _SECURITY if k not in present]
        entry = Entry(headers, body, _etag(body))
        session = scope["state"].get("session")
        if session is not None and not session.changed:  # a new cookie: the answer is its own
            kept.put(ledger_state, key, entry)
        await _send_entry(scope, send, entry)


async def _send_entry(scope: Scope, send: Send, entry: Entry) -> None:
    if _header(scope, b"if-none-match") == entry.etag:
        await send({"type": "http.response.start", "status": 304,
                    "headers": [(b"etag", entry.etag)]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [*entry.headers, (b"etag", entry.etag)]})
    await send({"type": "http.response.body", "body": entry.body})
