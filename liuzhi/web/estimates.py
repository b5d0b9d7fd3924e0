"""The estimates the overview shows, computed once per state of the ledger.

Fitting the ladder takes seconds (the Bayesian rung most of them), far too long for a
request. The first request starts the computation in a background thread and the page
says so; later requests read the cached summary, and a change to the ledger (a new audit
event) starts a fresh computation while the old summary is still shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from liuzhi.errors import LiuzhiError
from liuzhi.ledger import Ledger, queries
from liuzhi.publish import overview
from liuzhi.publish.results import Results
from liuzhi.web import ladder_chart

Compute = Callable[[Ledger], Results]


@dataclass
class Computed:
    head: str  # the audit head the estimates were computed at
    summary: dict[str, Any] | None
    chart: ladder_chart.ChartData | None  # every rung per year, and the official figures
    error: str | None


class EstimateCache:
    def __init__(self, ledger: Ledger, compute: Compute) -> None:
        self.ledger = ledger
        self.compute = compute
        self._lock = threading.Lock()
        self._current: Computed | None = None
        self._running: str | None = None  # head being computed
        self.version = 0  # counts finished computations (the overview's cache key)

    def get(self) -> Computed | None:
        """The newest finished estimates (maybe for an older ledger state), or None."""
        head = queries.audit_head(self.ledger)
        with self._lock:
            current = self._current
            if (current is None or current.head != head) and self._running != head:
                self._running = head
                # Not a daemon: the interpreter waits for a fit at exit instead of tearing
                # down the compiled model under it (which crashed the process).
                threading.Thread(target=self._run, args=(head,), daemon=False).start()
        return current

    def wait(self, timeout: float = 300.0) -> Computed | None:
        """Block until the estimates for the ledger's present state are ready (tests, bench)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = self.get()
            if current is not None and current.head == queries.audit_head(self.ledger):
                return current
            time.sleep(0.2)
        return self._current

    def _run(self, head: str) -> None:
        # An unexpected error still ends the run (and shows on the page); its traceback goes
        # to the server log through the thread's excepthook.
        done = Computed(head, None, None, "an unexpected error; see the server log")
        try:
            results = self.compute(self.ledger)
            done = Computed(head, overview.summary(results), ladder_chart.chart_data(results),
                            None)
        except LiuzhiError as error:
            done = Computed(head, None, None, str(error))
        finally:
            with self._lock:
                self._current = done
                self.version += 1
                if self._running == head:
                    self._running = None
