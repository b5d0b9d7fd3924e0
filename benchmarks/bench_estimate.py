"""Fit times of every rung, the Bayesian rung in a fresh process (cold and warm compile
cache), its refit time, and the full validation. Prints; writes nothing but out/bench/."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FRESH = """
import time, warnings
t0 = time.perf_counter()
from liuzhi.ledger import Ledger, bundled
from liuzhi.estimate import bayes
import tempfile, os
d = tempfile.mkdtemp()
ledger = Ledger(f"sqlite:///{d}/l.sqlite")
bundled.load(ledger, actor="bench")
table = ledger.figure_table()
t1 = time.perf_counter()
model = bayes.HierarchicalBayes().fit(table)
t2 = time.perf_counter()
again = bayes.HierarchicalBayes(exclude=("LZ003",), random_state=1).fit(table)
t3 = time.perf_counter()
print(f"{t2 - t0:.1f} {model.compile_seconds_:.1f} {model.sample_seconds_:.1f} {t3 - t2:.1f}")
"""


def fresh_process(cache: Path) -> list[float]:
    env = {"PYTENSOR_FLAGS": f"compiledir={cache}", "PATH": "/usr/bin:/bin",
           "NUMBA_CACHE_DIR": str(cache / "numba"), "HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", FRESH], env=env, capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    return [float(x) for x in out.stdout.split()]


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore")
    from liuzhi.estimate import CaseRatio, PopulationShare
    from liuzhi.estimate.mixed_model import LogRateMixed
    from liuzhi.estimate.simulate import Scenario, simulate
    from liuzhi.ledger import Ledger, bundled

    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger(f"sqlite:///{folder}/l.sqlite")
        bundled.load(ledger, actor="bench")
        table = ledger.figure_table()
        ledger.close()
    panel = simulate(Scenario(), 1).table
    for cls in (PopulationShare, CaseRatio, LogRateMixed):
        for label, data in (("bundled", table), ("synthetic 31×8", panel)):
            cls().fit(data)
            started = time.perf_counter()
            for _ in range(5):
                cls().fit(data)
            per_fit = (time.perf_counter() - started) / 5 * 1000
            print(f"{cls.__name__:16} {label:15} {per_fit:8.1f} ms per fit")
    with tempfile.TemporaryDirectory() as cache:
        for label in ("cold", "warm"):
            total, compile_s, sample_s, refit = fresh_process(Path(cache))
            print(f"HierarchicalBayes fresh process, {label} cache: {total:.1f} s in all "
                  f"(compile {compile_s:.1f} s, sample {sample_s:.1f} s); "
                  f"refit with new data, no recompile: {refit:.1f} s")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as home:
        subprocess.run([str(Path(sys.executable).parent / "liuzhi"), "validate-models", "-o",
                        f"{home}/out", "--home", f"{home}/home"], check=True, cwd=ROOT,
                       capture_output=True)
    print(f"liuzhi validate-models (bundled + synthetic): {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
