"""The website under load: requests per second and p50/p99 latency of the overview page
and of /api/v1/figures, with 50 concurrent clients on loopback, on SQLite and (when
LIUZHI_TEST_DATABASE_URL names a database it may wipe) PostgreSQL, the ledger filled to
100,000 figures. Target: p99 under 50 ms for both.

The server is `uvicorn liuzhi.web.serve:app` in its own processes (2 workers, the team
setup), the load from one asyncio process with httpx. The filler figures are written
straight into the figures table (not through the audited writer: 100,000 audit events
would measure the audit chain, not the web) and use a measure no estimator reads, so the
estimates stay those of the bundled data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from liuzhi import regions
from liuzhi.ledger import Figure, Ledger, bundled

TARGET = 100_000
CLIENTS = 50
REQUESTS = 2_000
WORKERS = 2


def fill(url: str) -> int:
    ledger = Ledger(url)
    bundled.load(ledger, actor="bench")
    codes = [r.code for r in regions.all_regions() if r.level in ("province", "national")]
    source_id = ledger.figure_table()["source_id"].iloc[0]
    rng = random.Random(7)
    with ledger.session() as session, session.begin():
        have = session.scalar(sa.select(sa.func.count()).select_from(Figure)) or 0
        rows = []
        for n in range(TARGET - have):
            year = rng.randint(2016, 2025)
            rows.append({"id": f"BENCH{n:06d}", "measure": "prosecuted",
                         "region_code": rng.choice(codes), "period_start": dt.date(year, 1, 1),
                         "period_end": dt.date(year, 12, 31), "value": rng.randint(1, 5000),
                         "qualifier": "exact", "unit": "persons", "subset": False,
                         "scope": "", "kind": "official", "source_id": source_id,
                         "locator": "", "review_status": "accepted", "notes": "bench filler"})
        for start in range(0, len(rows), 5_000):
            session.execute(sa.insert(Figure), rows[start:start + 5_000])
        total = session.scalar(sa.select(sa.func.count()).select_from(Figure)) or 0
    ledger.close()
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def load(base: str, path: str, clients: int = CLIENTS,
               requests: int = REQUESTS) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failures = 0
    queue = asyncio.Queue[int]()
    for n in range(requests):
        queue.put_nowait(n)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker() -> None:
            nonlocal failures
            while not queue.empty():
                queue.get_nowait()
                began = time.perf_counter()
                try:
                    response = await client.get(path)
                    failures += response.status_code != 200
                except httpx.HTTPError:
                    failures += 1
                latencies.append(time.perf_counter() - began)

        for _ in range(100):  # warm-up
            await client.get(path)
        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return elapsed, latencies, failures


def run(name: str, url: str, home: Path) -> None:
    print(f"-- {name}: filling the ledger", flush=True)
    total = fill(url)
    port = free_port()
    env = {**os.environ, "LIUZHI_HOME": str(home), "LIUZHI_DATABASE_URL": url,
           "LIUZHI_WEB_SECRET": secrets.token_urlsafe(48), "LIUZHI_WEB_TEAM": "true",
           "LIUZHI_OUT": str(home / "out")}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "liuzhi.web.serve:app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--workers", str(WORKERS), "--log-level", "error",
         "--timeout-worker-healthcheck", "30"],
        env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:  # every worker fits the estimates once
            try:
                ready = [httpx.get(base + "/api/v1/estimates", timeout=5).json().get("ready")
                         for _ in range(8)]
                if all(ready):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        for path in ("/", "/api/v1/figures"):
            # one client first: the service time, without queueing
            for clients, requests in ((1, 300), (CLIENTS, REQUESTS)):
                elapsed, latencies, failures = asyncio.run(load(base, path, clients, requests))
                cuts = statistics.quantiles(latencies, n=100)
                print(f"{name:10} {total:>7,} figures  {path:16} {clients:>2} client(s) "
                      f"{len(latencies) / elapsed:6.0f} req/s  p50 {cuts[49] * 1000:6.1f} ms  "
                      f"p99 {cuts[98] * 1000:6.1f} ms  ({failures} failed or not 200)",
                      flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    print(f"{CLIENTS} concurrent clients, {REQUESTS} requests per route, uvicorn with "
          f"{WORKERS} workers on loopback; target p99 < 50 ms")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        run("sqlite", f"sqlite:///{home / 'ledger.sqlite'}", home)
    postgres = os.environ.get("LIUZHI_TEST_DATABASE_URL")
    if postgres:
        engine = sa.create_engine(postgres)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        with tempfile.TemporaryDirectory() as folder:
            run("postgresql", postgres, Path(folder))
    else:
        print("postgresql: skipped (set LIUZHI_TEST_DATABASE_URL to a database it may wipe)")


if __name__ == "__main__":
    main()
