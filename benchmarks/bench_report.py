"""`make run`'s report step (`liuzhi report`), timed as a new user meets it: cold (a fresh
machine: no stored validation, empty compile caches, so the validation runs) and warm (the
same command again: the validation and the fits of rungs 2 and 3 are reused, so it only
renders). Targets on two cores: cold under 5 min,
warm under 10 s. Prints; writes only to a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "from liuzhi.cli import app; app()"


def report_step(home: Path, out: Path, cache: Path, *args: str) -> float:
    env = {**os.environ, "LIUZHI_HOME": str(home), "PYTENSOR_FLAGS": f"compiledir={cache}",
           "NUMBA_CACHE_DIR": str(cache / "numba"), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    # --force: the warm runs replace the files of the cold one (in a temporary folder)
    done = subprocess.run([sys.executable, "-c", COMMAND, "report", "--output", str(out),
                           "--force", *args], env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stdout[-2000:] + done.stderr[-2000:])
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cold = report_step(root / "home", root / "out", root / "cache")
        warm = report_step(root / "home", root / "out", root / "cache")
        zh = report_step(root / "home", root / "out", root / "cache", "--lang", "zh")
    print(f"make run's report step (liuzhi report, PDF included), {os.cpu_count()} cores:")
    print(f"  cold (fresh machine: validation runs, empty compile cache): {cold:6.1f} s "
          f"(target < 300 s: {'met' if cold < 300 else 'NOT met'})")
    print(f"  warm (validation and rung 2/3 fits reused):               {warm:6.1f} s "
          f"(target < 10 s: {'met' if warm < 10 else 'NOT met'})")
    print(f"  warm, Chinese report (--lang zh):                         {zh:6.1f} s")


if __name__ == "__main__":
    main()
