"""Accounts of the web app: a name, a role and an argon2 password hash.

Roles, each allowed what the one before it is: ``viewer`` reads what the public reads
(and, once the registries land, nothing private); ``reviewer`` also sees private records
and decides on extraction candidates; ``admin`` also reads the audit log and the results
of ``verify``.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from liuzhi.errors import LedgerError
from liuzhi.ledger import audit
from liuzhi.ledger.models import User
from liuzhi.ledger.store import Ledger

ROLES = ("viewer", "reviewer", "admin")
MIN_PASSWORD = 10
_NAME = re.compile(r"[A-Za-z0-9_.@-]{1,64}")
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("not a password of anyone")


def rank(role: str | None) -> int:
    """0 for anonymous, 1 viewer, 2 reviewer, 3 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def add_user(ledger: Ledger, name: str, role: str, password: str) -> User:
    """Create an account; refuses a taken name, an unknown role or a short password."""
    if not _NAME.fullmatch(name):
        raise LedgerError(f"The user name {name!r} cannot be used: write 1 to 64 letters, "
                          "digits or . _ @ -.")
    if role not in ROLES:
        raise LedgerError(f"The role {role!r} is not one of {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise LedgerError(f"The password is too short ({len(password)} characters): use at "
                          f"least {MIN_PASSWORD}.")
    with ledger.session() as session, session.begin():
        if session.get(User, name) is not None:
            raise LedgerError(f"A user named {name!r} exists already; pick another name.")
        user = User(name=name, role=role, password_hash=_hasher.hash(password),
                    created_at=audit.utc_now().isoformat(timespec="seconds"))
        session.add(user)
    return user


def authenticate(ledger: Ledger, name: str, password: str) -> User | None:
    """The user when the password is theirs, else None (never says which part was wrong)."""
    with ledger.session() as session:
        user = session.get(User, name)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user


def get_user(ledger: Ledger, name: str) -> User | None:
    with ledger.session() as session:
        return session.get(User, name)


def list_users(ledger: Ledger) -> list[User]:
    with ledger.session() as session:
        return list(session.scalars(sa.select(User).order_by(User.name)))
