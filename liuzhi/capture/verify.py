"""``liuzhi verify`` for the evidence store: every capture's files re-hashed.

For each capture in the ledger: its stored document must exist and hash to the SHA-256
the capture recorded; its text must hash to ``text_sha256``; its WARC file, if any, must
exist and hash to the name it is stored under. Files in the store that no capture refers
to (left by an interrupted capture) are not problems: nothing relies on them.

Findings are catalogued records, so the CLI, a report or the web show the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from liuzhi.capture.store import ContentStore, sha256_bytes, sha256_file
from liuzhi.config import Settings
from liuzhi.errors import StoreError
from liuzhi.ledger.models import Capture
from liuzhi.ledger.store import Ledger

#: id → message template. Every finding means the evidence can no longer be relied on.
CATALOGUE: dict[str, str] = {
    "file-missing": "its stored document {path} is missing: it was deleted or moved out of "
                    "the store. Restore the store from a backup, or capture the source again",
    "file-altered": "its stored document {path} was altered: its SHA-256 is now {actual}, "
                    "the capture recorded {expected}. Restore the file from a backup; do not "
                    "use this copy as evidence",
    "text-altered": "its extracted text no longer matches text_sha256 {expected}: the ledger "
                    "was edited outside Liuzhi Monitor",
    "warc-missing": "its WARC file {path} is missing. Restore the store from a backup",
    "warc-altered": "its WARC file {path} was altered: its SHA-256 is now {actual}. Restore "
                    "the file from a backup",
    "bad-path": "its store path {path} is not a path in the evidence store: the ledger was "
                "edited outside Liuzhi Monitor",
}


@dataclass(frozen=True)
class StoreProblem:
    id: str
    capture_id: int
    source_id: str
    path: str
    expected: str = ""
    actual: str = ""

    @property
    def message(self) -> str:
        text = CATALOGUE[self.id].format(path=self.path, expected=self.expected,
                                         actual=self.actual)
        return f"capture #{self.capture_id} (source {self.source_id}): {text}"


def _check_file(store: ContentStore, capture: Capture, relative: str, expected: str,
                *, kind: str) -> StoreProblem | None:
    try:
        path = store.path(relative)
    except StoreError:
        return StoreProblem("bad-path", capture.id, capture.source_id, relative)
    if not path.is_file():
        return StoreProblem(f"{kind}-missing", capture.id, capture.source_id, str(path))
    actual = sha256_file(path)
    if actual != expected:
        return StoreProblem(f"{kind}-altered", capture.id, capture.source_id, str(path),
                            expected, actual)
    return None


def check_store(ledger: Ledger, settings: Settings) -> list[StoreProblem]:
    """Every capture whose evidence is missing or altered; an empty list means intact.
    A WARC file shared by many captures is hashed once."""
    store = ContentStore(settings.store_dir)
    problems: list[StoreProblem] = []
    checked: dict[str, StoreProblem | None] = {}
    with ledger.session() as session:
        captures = session.scalars(sa.select(Capture).order_by(Capture.id)
                                   .execution_options(yield_per=200))
        for capture in captures:
            found = [_check_file(store, capture, capture.store_path, capture.sha256,
                                 kind="file")]
            if sha256_bytes(capture.text.encode("utf-8")) != capture.text_sha256:
                found.append(StoreProblem("text-altered", capture.id, capture.source_id, "",
                                          capture.text_sha256))
            if capture.warc_path:
                if capture.warc_path not in checked:
                    name = capture.warc_path.rsplit("/", 1)[-1]
                    checked[capture.warc_path] = _check_file(store, capture, capture.warc_path,
                                                             name, kind="warc")
                problem = checked[capture.warc_path]
                if problem is not None:
                    found.append(StoreProblem(problem.id, capture.id, capture.source_id,
                                              problem.path, problem.expected, problem.actual))
            problems.extend(p for p in found if p is not None)
    return problems


def unreferenced_files(ledger: Ledger, settings: Settings) -> list[Path]:
    """Files in the store no capture refers to, and partial files in ``tmp/``: debris of
    interrupted captures. Harmless; listed so they can be cleaned up."""
    root = settings.store_dir
    if not root.is_dir():
        return []
    with ledger.session() as session:
        referenced = set(session.scalars(sa.select(Capture.store_path)))
        referenced |= set(session.scalars(sa.select(Capture.warc_path)))
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            relative = path.relative_to(root).as_posix()
            if relative not in referenced:
                found.append(path)
    return found
