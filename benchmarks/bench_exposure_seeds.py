"""VALIDATION.md A4's check, under the rule as A5 amends it: the real-data part of the
protocol rerun with ten seeds (100, 200, …, 1000 as the first seed of every rung-3 fit)
must choose the same exposure each time. Slow (ten times rung 3's real-data fits): run
by `make bench`, not by the tests. Prints each seed's choice and the reason the rule gives."""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter

SEEDS = tuple(range(100, 1001, 100))


def main() -> int:
    from liuzhi.estimate import bayes, validation
    from liuzhi.ledger import Ledger, bundled

    if not bayes.available():
        print("skipped: the Bayesian rung is not installed (pip install -e '.[bayes]')")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger(f"sqlite:///{folder}/l.sqlite")
        bundled.load(ledger, actor="bench")
        table = ledger.figure_table()
        ledger.close()
    chosen: Counter[str] = Counter()
    for seed in SEEDS:
        started = time.perf_counter()
        exposure, why = validation.choose_exposure_only(table, seed=seed)
        chosen[exposure] += 1
        print(f"seed {seed:4d}: {exposure:12s} ({time.perf_counter() - started:5.0f} s) {why}",
              flush=True)
    same = len(chosen) == 1
    print(f"ten seeds: {dict(chosen)}; {'the same exposure every time' if same else 'NOT stable'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
