"""Import and verify at scale: a 200,000-row figures CSV into a fresh ledger, then verify.

    python benchmarks/bench_ledger.py [--rows 200000] [--keep DIR]

Generates a figures CSV (every row a new figure on the bundled regions and sources, one in
fifty a subset of the row before it), loads the bundled dataset into a fresh ledger,
imports the CSV as ``liuzhi import`` does, then checks the ledger as ``liuzhi verify
--against`` does: the audit chain, every row's audited state, and the consistency of
today's ledger with the signed head published before the import.

Runs on SQLite, and on PostgreSQL when LIUZHI_BENCH_DATABASE_URL or
LIUZHI_TEST_DATABASE_URL is set (that database is wiped). Each step runs in its own
process, so the peak resident memory printed is that step's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("figure_id,measure,region_code,period_start,period_end,value,value_high,qualifier,"
          "unit,precision,subset,subset_of,duplicate_of,scope,kind,source_id,locator,notes")
PROVINCES = ["110000", "310000", "330000", "440000", "510000", "620000"]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n")
        for i in range(rows):
            year = rng.randint(2018, 2024)
            value = rng.randint(1, 40000)
            subset_of = f"B{i - 1:06d}" if i % 50 == 1 else ""
            handle.write(
                f"B{i:06d},liuzhi,{rng.choice(PROVINCES)},{year}-01-01,{year}-12-31,"
                f"{value if not subset_of else 1},,exact,persons,,"
                f"{'true' if subset_of else 'false'},{subset_of},,,official,S001,"
                f"留置{value}人,generated for the benchmark\n")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, url: str, home: Path, csv_path: Path) -> dict[str, float]:
    """One step in this process; prints its seconds and peak RSS as JSON."""
    from liuzhi.ledger import Ledger, bundled, importing, publication

    key = home / "keys" / "ledger-ed25519.pem"
    head_file = home / "ledger-head.json"
    ledger = Ledger(url, signing_key=key)
    started, cpu = time.perf_counter(), _cpu()
    if name == "setup":
        bundled.load(ledger, actor="bench")
        publication.write_head(ledger, head_file)
    elif name == "import":
        importing.import_path(ledger, csv_path, actor="bench")
    else:
        proof = publication.check_against(ledger, head_file)  # chain, rows and the proof
        if proof.breaches or not proof.ok:
            raise SystemExit(f"verify found problems: {proof.breaches[:3]} {proof.message}")
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    ledger.close()
    return {"seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb()}


def _run(name: str, url: str, home: Path, csv_path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, "--url", url, "--home", str(home),
         "--csv", str(csv_path)], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _wipe_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="Keep the CSV and ledgers in this folder.")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.url, args.home, args.csv)))
        return
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-ledger-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "figures.csv"
    write_csv(csv_path, args.rows)
    size = csv_path.stat().st_size / 2**20
    print(f"{args.rows:,} figure rows, {size:.1f} MB of CSV in {csv_path}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall time grows with it, CPU "
          "time much less)")
    backends = [("SQLite", f"sqlite:///{folder / 'ledger.sqlite'}")]
    postgres = os.environ.get("LIUZHI_BENCH_DATABASE_URL") or os.environ.get(
        "LIUZHI_TEST_DATABASE_URL")
    if postgres:
        backends.append(("PostgreSQL", postgres))
    try:
        for label, url in backends:
            _bench(label, url, folder, csv_path, args.rows)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _bench(label: str, url: str, folder: Path, csv_path: Path, rows: int) -> None:
    home = folder / label.lower()
    home.mkdir(exist_ok=True)
    if label == "PostgreSQL":
        _wipe_postgres(url)
    _run("setup", url, home, csv_path)
    for name in ("import", "verify"):
        numbers = _run(name, url, home, csv_path)
        print(f"{label:<10} {name:<6} {rows:,} rows: {numbers['seconds']:7.1f} s "
              f"({numbers['cpu']:.1f} s CPU in this process), "
              f"peak RSS {numbers['peak_mb']:6.0f} MB", flush=True)


if __name__ == "__main__":
    main()
