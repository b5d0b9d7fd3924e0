"""The login rate limit, kept in the ledger's database so every worker shares it.

Each attempt is counted twice: under its account name and under its client address
(as SHA-256 digests, so no address is kept in clear). After ``per_name`` attempts at one
name, or ``per_address`` from one address, within ``window`` seconds, that name or
address is locked for ``lockout`` seconds from the last of them. A locked attempt is
answered exactly like a wrong password, is not counted, and its password is not checked.

An attempt is counted before its password is checked, one at a time per name and address
(see ``_serialise``), so requests racing in parallel, to one worker or to several, count
one another: the limit holds across workers on SQLite and PostgreSQL alike. A successful
login removes its own attempt and forgives the failures at that name (not those from its
address, which another account's login must not wipe).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from liuzhi.ledger import Ledger
from liuzhi.ledger.database import lock_for_writing
from liuzhi.ledger.models import LoginAttempt

#: Seconds a login waits for SQLite's write lock (a long import may hold it) before failing.
LOCK_TIMEOUT = 20.0


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """An admitted attempt: its rows, removed again if the password is right."""

    name_key: str
    ids: tuple[int, ...]


class LoginLimiter:
    def __init__(self, ledger: Ledger, *, per_name: int = 5, per_address: int = 20,
                 window: float = 900.0, lockout: float = 900.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.ledger = ledger
        self.per_name = per_name
        self.per_address = per_address
        self.window = window
        self.lockout = lockout
        self.clock = clock

    def begin(self, name: str, client: str) -> Attempt | None:
        """Count an attempt at ``name`` from ``client``; None when either is locked (then
        the attempt is not counted and the password must not be checked)."""
        now = self.clock()
        keys = ((_key("name", name), self.per_name), (_key("address", client), self.per_address))
        with self.ledger.session() as session, session.begin():
            _serialise(session, [key for key, _ in keys])
            session.execute(sa.delete(LoginAttempt).where(
                LoginAttempt.at < now - self.window - self.lockout))
            if any(self._locked(session, key, limit, now) for key, limit in keys):
                return None
            rows = [LoginAttempt(key=key, at=now) for key, _ in keys]
            session.add_all(rows)
            session.flush()
            return Attempt(keys[0][0], tuple(row.id for row in rows))

    def _locked(self, session: Session, key: str, limit: int, now: float) -> bool:
        """Whether the last ``limit`` attempts at ``key`` fell within one window, the last
        of them less than ``lockout`` seconds ago."""
        last = list(session.scalars(
            sa.select(LoginAttempt.at)
            .where(LoginAttempt.key == key, LoginAttempt.at > now - self.window - self.lockout)
            .order_by(LoginAttempt.id.desc()).limit(limit)))
        return (len(last) >= limit and last[0] - last[-1] <= self.window
                and now - last[0] < self.lockout)

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: forget this attempt and the failures at that name."""
        with self.ledger.session() as session, session.begin():
            lock_for_writing(session, lock_timeout=LOCK_TIMEOUT)
            session.execute(sa.delete(LoginAttempt).where(sa.or_(
                LoginAttempt.id.in_(attempt.ids), LoginAttempt.key == attempt.name_key)))


def _serialise(session: Session, keys: list[str]) -> None:
    """Let one attempt at a time count and check these keys, across workers: SQLite's
    write lock; on PostgreSQL a transaction advisory lock per key (in order: no deadlock)."""
    lock_for_writing(session, lock_timeout=LOCK_TIMEOUT)
    if session.get_bind().dialect.name == "postgresql":
        for key in sorted(keys):
            session.execute(sa.select(sa.func.pg_advisory_xact_lock(int(key[:15], 16))))
