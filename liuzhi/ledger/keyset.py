"""The keys an import has read, in bounded memory.

An import must know every key of its file (to find a key written twice, and to tell a
reference to a row of the file from one to the ledger) but not hold the rows. Up to
``MEMORY_KEYS`` keys stay in a Python set; past that they move to a private temporary
SQLite database (SQLite's empty file name: on disk, deleted on close, with its own small
page cache), so a file of millions of rows costs the same memory as one of 50,000.
"""

from __future__ import annotations

import sqlite3

#: Keys kept in memory before they move to disk (about 100 bytes each in a set).
MEMORY_KEYS = 50_000
#: Keys gathered in memory between two writes to disk.
_FLUSH = 5_000


class KeySet:
    """A set of strings with ``add_new``, ``in`` and ``len``."""

    def __init__(self, *, limit: int | None = None) -> None:
        self._limit = MEMORY_KEYS if limit is None else limit
        self._memory: set[str] = set()
        self._disk: sqlite3.Connection | None = None
        self._count = 0

    def __contains__(self, key: object) -> bool:
        if key in self._memory:
            return True
        if self._disk is None or not isinstance(key, str):
            return False
        return self._disk.execute("SELECT 1 FROM k WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        return self._count

    def add_new(self, key: str) -> bool:
        """Add ``key``; False when it was there already (one lookup, not two)."""
        if key in self:
            return False
        self._memory.add(key)
        self._count += 1
        if self._disk is None and len(self._memory) > self._limit:
            self._disk = sqlite3.connect("")  # private temporary database on disk
            self._disk.execute("CREATE TABLE k (key TEXT PRIMARY KEY) WITHOUT ROWID")
            self._flush()
        elif self._disk is not None and len(self._memory) >= _FLUSH:
            self._flush()
        return True

    def on_disk(self) -> bool:
        return self._disk is not None

    def _flush(self) -> None:
        assert self._disk is not None
        self._disk.executemany("INSERT INTO k VALUES (?)", ((k,) for k in self._memory))
        self._memory.clear()
