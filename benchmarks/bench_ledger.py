"""Import and verify at scale: a 200,000-row figures CSV into a fresh ledger, then verify.

    python benchmarks/bench_ledger.py [--rows 200000] [--keep DIR]

Generates a figures CSV (every row a new figure on the bundled regions and sources, one in
fifty a subset of the row before it), loads the bundled dataset into a fresh ledger,
imports the CSV as ``liuzhi import`` does, then checks the ledger as ``liuzhi verify
--against`` does: the audit chain, every row's audited state, and the consistency of
today's ledger with the signed head published before the import.

Runs on SQLite, and on PostgreSQL when LIUZHI_BENCH_DATABASE_URL or
LIUZHI_TEST_DATABASE_URL is set (that database is wiped). Each step runs in its own
process, so the peak resident memory printed is that step's alone, and its growth over
what the process held when the step began is the step's own use.

Targets: import under 30 s and verify under 10 s (wall time, which grows with the
machine's load). Verify must stream: it is also run on a ledger a tenth the size, and its
memory growth may not rise with the rows (at most ``VERIFY_MEMORY_SLACK_MB`` more at ten
times the rows); the bench exits with status 1 when that target is not met.
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
IMPORT_TARGET_S = 30.0
VERIFY_TARGET_S = 10.0
#: How much more verify's memory may grow on the full ledger than on one a tenth its size:
#: a map of every row (16-byte fingerprints in a dict) took about 0.3 KB a row, 54 MB more
#: at 200,000 rows than at 20,000; the merge of sorted streams, nothing.
VERIFY_MEMORY_SLACK_MB = 16.0


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
    base = _peak_mb()
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
    return {"seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb(), "base_mb": base}


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
    backends = [("SQLite", "")]  # a file in each run's folder
    postgres = os.environ.get("LIUZHI_BENCH_DATABASE_URL") or os.environ.get(
        "LIUZHI_TEST_DATABASE_URL")
    if postgres:
        backends.append(("PostgreSQL", postgres))
    small_rows = max(args.rows // 10, 1)
    small_csv = folder / "figures-small.csv"
    write_csv(small_csv, small_rows)  # the first tenth of the same rows
    failed = False
    try:
        for label, url in backends:
            small = _bench(label, url, folder / f"{label.lower()}-small", small_csv, small_rows)
            full = _bench(label, url, folder / label.lower(), csv_path, args.rows)
            more = full - small
            met = more <= VERIFY_MEMORY_SLACK_MB
            failed = failed or not met
            print(f"{label:<10} verify memory: +{small:.0f} MB at {small_rows:,} rows, "
                  f"+{full:.0f} MB at {args.rows:,} rows (target: at most "
                  f"{VERIFY_MEMORY_SLACK_MB:.0f} MB more at ten times the rows: "
                  f"{'met' if met else 'NOT met'})", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if failed:
        raise SystemExit(1)


def _bench(label: str, url: str, home: Path, csv_path: Path, rows: int) -> float:
    """Import and verify ``rows`` rows into a fresh ledger; verify's memory growth (MB)."""
    home.mkdir(exist_ok=True)
    if label == "PostgreSQL":
        _wipe_postgres(url)
    else:
        url = f"sqlite:///{home / 'ledger.sqlite'}"
    _run("setup", url, home, csv_path)
    growth = 0.0
    for name, target in (("import", IMPORT_TARGET_S), ("verify", VERIFY_TARGET_S)):
        numbers = _run(name, url, home, csv_path)
        growth = numbers["peak_mb"] - numbers["base_mb"]
        print(f"{label:<10} {name:<6} {rows:,} rows: {numbers['seconds']:7.1f} s "
              f"({numbers['cpu']:.1f} s CPU in this process), "
              f"peak RSS {numbers['peak_mb']:4.0f} MB (+{growth:.0f} MB over its start); "
              f"target < {target:.0f} s: {'met' if numbers['seconds'] < target else 'NOT met'}"
              f"; load {os.getloadavg()[0]:.1f}", flush=True)
    return growth


if __name__ == "__main__":
    main()
