"""The login rate limit lives in the database: two app instances (two workers, each with
its own engine) over one ledger share it, on SQLite and PostgreSQL; a locked login is
answered exactly as a wrong password is."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from liuzhi.ledger import Ledger
from liuzhi.ledger.models import LoginAttempt
from liuzhi.publish import results
from liuzhi.web import create_app
from liuzhi.web.logins import LoginLimiter
from tests.web.conftest import PASSWORD, Site


@pytest.fixture
def workers(site: Site) -> Iterator[tuple[TestClient, TestClient]]:
    """Two workers over the site's database, as `liuzhi serve --workers 2` runs them."""
    other = Ledger(site.ledger.url)
    one = TestClient(create_app(site.settings, ledger=site.ledger, compute=results.compute),
                     client=("203.0.113.7", 50000))
    two = TestClient(create_app(site.settings, ledger=other, compute=results.compute),
                     client=("203.0.113.7", 50001))
    with one, two:
        yield one, two
    other.close()


def _post(client: TestClient, name: str, password: str) -> tuple[int, str]:
    csrf = client.get("/api/v1/me").json()["csrf"]
    response = client.post("/login", data={"name": name, "password": password, "csrf": csrf,
                                           "next": "/"}, follow_redirects=False)
    notice = re.search(r'<p class="notice error" id="login-failed">(.*?)</p>', response.text)
    assert "retry-after" not in response.headers
    return response.status_code, notice.group(1) if notice else ""


def test_the_limit_holds_across_workers(workers: tuple[TestClient, TestClient]) -> None:
    one, two = workers
    failed = {_post(one if n % 2 else two, "admin", "wrong password") for n in range(5)}
    assert len(failed) == 1 and next(iter(failed))[0] == 401  # 3 + 2: neither worker alone
    # Locked now, on both workers: the right password is refused with the very same answer.
    assert _post(two, "admin", PASSWORD) in failed
    assert _post(one, "admin", PASSWORD) in failed
    assert one.get("/api/v1/me").json()["user"] is None
    assert two.get("/api/v1/me").json()["user"] is None
    # A name that has no account locks the same way: the answers name no account.
    assert {_post(one, "nobody", "wrong password") for _ in range(6)} == failed
    # Another account is not locked by the name; the same address still may try.
    assert _post(two, "viewer", PASSWORD)[0] == 303
    # A login forgives the failures at its name.
    for _ in range(4):
        assert _post(one, "reviewer", "wrong password")[0] == 401
    assert _post(two, "reviewer", PASSWORD)[0] == 303
    for _ in range(4):  # counted afresh: four more failures do not lock it
        assert _post(one, "reviewer", "wrong password")[0] == 401
    assert _post(two, "reviewer", PASSWORD)[0] == 303


def _rows(ledger: Ledger) -> int:
    with ledger.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) or 0


def test_window_lockout_and_address(ledger: Ledger) -> None:
    now = [1_000_000.0]
    other = Ledger(ledger.url)
    try:
        a, b = (LoginLimiter(ledger, per_name=3, per_address=5, window=60, lockout=120,
                             clock=lambda: now[0]) for ledger in (ledger, other))
        # Three attempts spread wider than the window do not lock the name.
        for step in (0, 40, 40):
            now[0] += step
            assert (a if step else b).begin("admin", "198.51.100.1") is not None
        now[0] += 1
        assert b.begin("admin", "198.51.100.2") is not None  # the last 3 within 60 s
        now[0] += 1
        assert a.begin("admin", "198.51.100.3") is None  # locked, on either worker
        assert b.begin("admin", "198.51.100.4") is None
        now[0] += 119
        assert a.begin("admin", "198.51.100.5") is not None  # 120 s after the last attempt
        # The address: five attempts at five names lock a sixth name from that address.
        for n in range(5):
            assert b.begin(f"user{n}", "192.0.2.9") is not None
        assert a.begin("user9", "192.0.2.9") is None
        assert a.begin("user9", "192.0.2.10") is not None
        # Old rows are pruned; no address or name is kept in clear.
        now[0] += 1000
        assert a.begin("admin", "192.0.2.11") is not None
        assert _rows(ledger) == 2
        with ledger.session() as session:
            keys = list(session.scalars(sa.select(LoginAttempt.key)))
        assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    finally:
        other.close()


def test_parallel_attempts_on_two_workers_count_each_other(ledger: Ledger) -> None:
    other = Ledger(ledger.url)
    try:
        limiters = [LoginLimiter(each, per_name=5) for each in (ledger, other)]
        admitted: list[bool] = []
        start = threading.Barrier(12)

        def attempt(n: int) -> None:
            start.wait()
            found = limiters[n % 2].begin("admin", f"198.51.100.{n}")
            admitted.append(found is not None)

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(admitted) == [False] * 7 + [True] * 5
    finally:
        other.close()
