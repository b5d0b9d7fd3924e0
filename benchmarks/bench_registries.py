"""A large registry file through ``liuzhi import``: 200,000 facility rows into a fresh
ledger holding the bundled data package, on SQLite.

    python benchmarks/bench_registries.py [--rows 200000]

Registry files go through the ledger's streaming CSV parser (two passes; the first keeps
only keys, references and a 16-byte digest of each row's identity), so the peak memory
should grow little with the rows. Each step runs in its own process; the first imports a
one-row file, so its peak is the process's own baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("facility_id,name,place_code,address,latitude,longitude,status,capacity,rooms,"
          "beds,confidence,confidence_reason,first_seen,last_seen,source_id,locator,notes\n")


def write_csv(path: Path, rows: int, start: int = 0) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        for i in range(start, start + rows):
            handle.write(f"FB{i:07d},某市留置中心{i}号,420700,某路{i}号,30.5,114.8,in_use,"
                         f"留置室{i % 30}间,{i % 30},{i % 40},low,generated for the benchmark,"
                         f"2019-0{1 + i % 9},2024,S201,留置中心{i},generated row\n")


def step(name: str, url: str, csv_path: Path) -> dict[str, float]:
    from liuzhi.ledger import Ledger
    from liuzhi.registries import bundled, importing

    ledger = Ledger(url)
    started = time.perf_counter()
    if name == "setup":
        bundled.load(ledger, actor="bench")
    else:
        importing.import_path(ledger, csv_path, actor="bench")
    seconds = time.perf_counter() - started
    ledger.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024}


def _run(name: str, url: str, csv_path: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--step", name, "--url", url, "--csv",
                           str(csv_path)], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.url, args.csv)))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-registries-"))
    try:
        one, many = folder / "one.csv", folder / "facilities.csv"
        write_csv(one, 1, start=args.rows)
        write_csv(many, args.rows)
        print(f"{args.rows:,} facility rows, {many.stat().st_size / 2**20:.1f} MB of CSV; load "
              f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        url = f"sqlite:///{folder / 'ledger.sqlite'}"
        _run("setup", url, one)
        for label, path, rows in (("baseline", one, 1), ("import", many, args.rows)):
            numbers = _run("import", url, path)
            print(f"SQLite {label:<8} {rows:>9,} rows: {numbers['seconds']:6.1f} s "
                  f"({numbers['cpu']:.1f} s CPU in the process), peak RSS "
                  f"{numbers['peak_mb']:5.0f} MB", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
