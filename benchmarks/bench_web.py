"""The website under load: requests per second and p50/p99 latency of the overview page
and of /api/v1/figures, with 50 concurrent clients on loopback, on SQLite and (when
LIUZHI_TEST_DATABASE_URL names a database it may wipe) PostgreSQL, the ledger filled to
100,000 figures. Target: p99 under 50 ms for both.

The server is `uvicorn liuzhi.web.serve:app` in its own processes (the team setup: one
worker per core, uvloop and httptools). The load comes from this process: a lean closed
loop client on raw asyncio protocols (HTTP/1.1 keep-alive, TCP_NODELAY, the request bytes
built once), each client sending its next request when the last answer has been read to
its end. Every answer is read whole and its status checked; the first one of each route is
also parsed and checked for what it must hold. Server and client share the machine's
cores, so the output says how much CPU each used per request, and the load average.
LIUZHI_BENCH_WORKERS sets the number of workers; LIUZHI_BENCH_PLAIN=1 runs uvicorn on
asyncio and h11 instead (where, with several workers, answers wait on delayed ACKs: its
sockets lack TCP_NODELAY).

The filler figures are written straight into the figures table (100,000 audit events would
measure the audit chain, not the web) but the last one goes through the ledger's audited
writer, so the audit head moves as after any import (the web's answer cache keys on it on
PostgreSQL; on SQLite on data_version, which any commit moves), and use a measure no
estimator reads, so the estimates stay those of the bundled data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from liuzhi import regions
from liuzhi.ledger import Figure, Ledger, bundled

TARGET = 100_000
CLIENTS = 50
WARMUP = 1.5  # seconds of load before measuring
DURATION = 6.0  # seconds measured per row
WORKERS = int(os.environ.get("LIUZHI_BENCH_WORKERS", os.cpu_count() or 2))
TARGET_P99_MS = 50.0


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
        last = rows.pop()
        for start in range(0, len(rows), 5_000):
            session.execute(sa.insert(Figure), rows[start:start + 5_000])
    with ledger.transaction("bench") as writer:  # one audited write: the audit head moves
        writer.add(Figure(**last))
    with ledger.session() as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(Figure)) or 0
    ledger.close()
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ----------------------------------------------------------------------- load generator

class BadResponse(Exception):
    pass


@dataclass
class Tally:
    """What the clients of one run saw."""

    measuring: bool = False
    stop: bool = False
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    bytes: int = 0
    first: bytes | None = None  # the first body, checked by the caller


class Client(asyncio.Protocol):
    """One keep-alive connection sending the same GET again and again, each as soon as the
    previous answer has been read whole (Content-Length) and its status checked."""

    def __init__(self, request: bytes, tally: Tally, done: asyncio.Future[None]) -> None:
        self.request = request
        self.tally = tally
        self.done = done
        self.buffer = bytearray()
        self.need = -1  # bytes of header + body of the answer being read; -1: headers unread
        self.status = 0
        self.body_at = 0
        self.began = 0.0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.send()

    def send(self) -> None:
        assert self.transport is not None
        self.began = time.perf_counter()
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        try:
            while True:
                if self.need < 0:
                    end = self.buffer.find(b"\r\n\r\n")
                    if end < 0:
                        return
                    self.need = end + 4 + self._parse_head(bytes(self.buffer[:end]))
                if len(self.buffer) < self.need:
                    return
                self._answered(bytes(self.buffer[self.body_at:self.need]))
                del self.buffer[:self.need]
                self.need = -1
                if self.tally.stop:
                    assert self.transport is not None
                    self.transport.close()
                    return
                self.send()
        except BadResponse as error:
            self.tally.failures += 1
            if not self.done.done():
                self.done.set_exception(error)
            assert self.transport is not None
            self.transport.close()

    def _parse_head(self, head: bytes) -> int:
        lines = head.split(b"\r\n")
        if not lines[0].startswith(b"HTTP/1.1 "):
            raise BadResponse(f"not an HTTP/1.1 answer: {lines[0]!r}")
        self.status = int(lines[0][9:12])
        self.body_at = len(head) + 4
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                return int(value)
        raise BadResponse("an answer without Content-Length")

    def _answered(self, body: bytes) -> None:
        elapsed = time.perf_counter() - self.began
        tally = self.tally
        if self.status != 200:
            tally.failures += 1
        if tally.first is None:
            tally.first = body
        if tally.measuring:
            tally.latencies.append(elapsed)
            tally.bytes += len(body)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            if self.tally.stop:
                self.done.set_result(None)
            else:
                self.done.set_exception(BadResponse(f"the server closed a connection ({exc})"))


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time so far of the given processes (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]
    failures: int
    client_cpu: float
    server_cpu: float
    first: bytes | None
    per_process: list[float]  # the server's processes' CPU seconds (the workers' balance)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def cut(self, percent: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1] * 1000


async def load(port: int, path: str, clients: int, server_pids: list[int],
               duration: float = DURATION) -> Result:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               "User-Agent: liuzhi-bench\r\nAccept: */*\r\n\r\n").encode("ascii")
    loop = asyncio.get_running_loop()
    tally = Tally()
    done = [loop.create_future() for _ in range(clients)]
    for future in done:
        await loop.create_connection(lambda f=future: Client(request, tally, f),  # type: ignore[misc]
                                     "127.0.0.1", port)
    await asyncio.sleep(WARMUP)
    tally.measuring = True
    cpu_before = time.process_time()
    server_before = [cpu_seconds([pid]) for pid in server_pids]
    began = time.perf_counter()
    await asyncio.sleep(duration)
    tally.measuring = False
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu_before
    per_process = [cpu_seconds([pid]) - before for pid, before in zip(server_pids, server_before)]
    tally.stop = True
    await asyncio.gather(*done)
    return Result(len(tally.latencies), elapsed, tally.latencies, tally.failures, cpu,
                  sum(per_process), tally.first, per_process)


def check_body(path: str, body: bytes | None, total: int) -> str:
    """What the first answer must hold: the overview's estimates table, or a page of
    figures counting the whole ledger."""
    if body is None:
        return "no answer"
    if path == "/":
        return "" if b'id="side-by-side"' in body else "the overview shows no estimates"
    found = json.loads(body)
    if found.get("total") != total or len(found.get("items", ())) != 50:
        return f"figures answered total={found.get('total')}, {len(found.get('items', ()))} items"
    return ""


# -------------------------------------------------------------------------------- runs

def server_pids(parent: int) -> list[int]:
    try:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    except OSError:
        children = []
    return [parent, *(int(c) for c in children)]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(name: str, url: str, home: Path) -> list[str]:
    print(f"-- {name}: filling the ledger", flush=True)
    total = fill(url)
    port = free_port()
    env = {**os.environ, "LIUZHI_HOME": str(home), "LIUZHI_DATABASE_URL": url,
           "LIUZHI_WEB_SECRET": secrets.token_urlsafe(48), "LIUZHI_WEB_TEAM": "true",
           "LIUZHI_OUT": str(home / "out")}
    extra = (["--loop", "asyncio", "--http", "h11"] if os.environ.get("LIUZHI_BENCH_PLAIN")
             else ["--loop", "uvloop", "--http", "httptools"])
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "liuzhi.web.serve:app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--workers", str(WORKERS), "--log-level", "error",
         "--no-access-log", "--timeout-worker-healthcheck", "30", *extra],
        env=env)
    base = f"http://127.0.0.1:{port}"
    verdicts = []
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
        pids = server_pids(server.pid)
        for path in ("/", "/api/v1/figures"):
            # one client first: the service time, without queueing
            for clients, seconds in ((1, 3.0), (CLIENTS, DURATION)):
                result = asyncio.run(load(port, path, clients, pids, seconds))
                problem = check_body(path, result.first, total)
                n = max(1, result.requests)
                print(f"{name:10} {total:>7,} figures  {path:16} {clients:>2} client(s) "
                      f"{result.rate:6.0f} req/s  p50 {result.cut(50):6.1f} ms  "
                      f"p99 {result.cut(99):6.1f} ms  max {max(result.latencies) * 1000:6.1f} "
                      f"ms  CPU per request: server {result.server_cpu / n * 1e6:5.0f} us, "
                      f"client {result.client_cpu / n * 1e6:4.0f} us (client "
                      f"{result.client_cpu / result.seconds:4.0%} of a core; workers "
                      f"{'/'.join(f'{c / result.seconds:.0%}' for c in result.per_process[1:])}"
                      ")  "
                      f"({result.failures} not 200{'; ' + problem if problem else ''}) "
                      f"load {load_average()}", flush=True)
                if clients == CLIENTS:
                    met = result.cut(99) < TARGET_P99_MS and not result.failures and not problem
                    verdicts.append(f"{name:10} {path:16} p99 {result.cut(99):6.1f} ms: "
                                    f"{'met' if met else 'NOT met'}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return verdicts


def main() -> None:
    print(f"{CLIENTS} concurrent clients, {WARMUP:g} s warm-up then {DURATION:g} s measured per "
          f"route, uvicorn with {WORKERS} workers on loopback, {os.cpu_count()} cores; "
          f"load average {load_average()}; target p99 < {TARGET_P99_MS:g} ms")
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        verdicts += run("sqlite", f"sqlite:///{home / 'ledger.sqlite'}", home)
    postgres = os.environ.get("LIUZHI_TEST_DATABASE_URL")
    if postgres:
        engine = sa.create_engine(postgres)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        with tempfile.TemporaryDirectory() as folder:
            verdicts += run("postgresql", postgres, Path(folder))
    else:
        print("postgresql: skipped (set LIUZHI_TEST_DATABASE_URL to a database it may wipe)")
    print(f"target p99 < {TARGET_P99_MS:g} ms with {CLIENTS} clients:")
    for line in verdicts:
        print("  " + line)


if __name__ == "__main__":
    main()
