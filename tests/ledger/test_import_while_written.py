"""A CSV file written to while ``liuzhi import`` reads it (issue 10): the import streams a
file in two passes, one that checks every row and one that writes them, so a file that
changes between or during the passes must be refused with one clear paragraph and
nothing written, or imported exactly as it was checked. Never a hang or a partial write.

The changes are made at fixed points of the import (a hook between the passes, or in the
middle of the checking pass), so each test takes one path every time; the last test adds
a writer thread racing a real ``liuzhi import``, and accepts either outcome.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import sqlalchemy as sa

from liuzhi.errors import ImportFailed
from liuzhi.ledger import Ledger, Source, importing
from liuzhi.ledger.importing import import_path

from .test_importing import _state

SOURCES = ("source_id,title,publisher,issuing_body,kind,url,published,secondary,language,"
           "notes")
CHANGED = "changed while it was being imported"


def _source_row(i: int) -> str:
    return f"S{i:04d},,Example,某市纪委监委,news_report,https://example.org/{i},2024,true,zh,"


def _between_passes(monkeypatch: pytest.MonkeyPatch, change: Callable[[], None]) -> None:
    """Run ``change`` after the checking pass, just before the writing pass."""
    check = importing._check_scans

    def hook(*args: Any, **kwargs: Any) -> None:
        change()
        check(*args, **kwargs)

    monkeypatch.setattr(importing, "_check_scans", hook)


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _refused(ledger: Ledger, path: Path) -> str:
    before = _state(ledger)
    with pytest.raises(ImportFailed) as failure:
        import_path(ledger, path, actor="tester")
    assert _state(ledger) == before  # no row and no event written
    assert ledger.verify_audit() == []
    return str(failure.value)


def _sources(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "sources.csv"
    path.write_text("\n".join([SOURCES, *(_source_row(i) for i in range(count))]) + "\n",
                    encoding="utf-8")
    return path


def _while_checking(monkeypatch: pytest.MonkeyPatch, change: Callable[[], None]) -> None:
    """Run ``change`` once, when the checking pass parses its first row (the file is
    larger than the reader's buffer, so the pass has more of it to read)."""
    parse = importing._parse_row
    done: list[bool] = []

    def parse_and_change(*args: Any, **kwargs: Any) -> Any:
        if not done:
            done.append(True)
            change()
        return parse(*args, **kwargs)

    monkeypatch.setattr(importing, "_parse_row", parse_and_change)


def test_a_row_appended_between_the_passes_is_refused(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sources(tmp_path, 2)
    _between_passes(monkeypatch, lambda: _append(path, _source_row(2)))
    message = _refused(ledger, path)
    assert CHANGED in message and "Nothing was imported" in message
    assert "\n" not in message  # one paragraph


def test_a_value_edited_in_place_between_the_passes_is_refused(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, same mtime, same keys: only the text differs, so only the digest of what
    the checking pass read can tell (a value the checks never saw must not go in)."""
    path = _sources(tmp_path, 2)

    def edit() -> None:
        info = path.stat()
        path.write_bytes(path.read_bytes().replace(b"example.org/1,", b"example.org/9,"))
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert path.stat().st_size == info.st_size

    _between_passes(monkeypatch, edit)
    assert CHANGED in _refused(ledger, path)


def test_a_file_cut_short_between_the_passes_is_refused(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sources(tmp_path, 2)

    def cut() -> None:
        _sources(tmp_path, 1)  # the same file, one row shorter

    _between_passes(monkeypatch, cut)
    assert CHANGED in _refused(ledger, path)


def test_a_row_appended_while_the_checks_read_is_checked_and_imported(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file grows during the checking pass, ahead of where it reads, then stops: the
    new row is checked like the others and the import is the file as it ended."""
    path = _sources(tmp_path, 400)
    _while_checking(monkeypatch, lambda: _append(path, _source_row(9999)))
    result = import_path(ledger, path, actor="tester")
    assert result.inserted["sources"] == 401
    with ledger.session() as session:
        assert session.get_one(Source, "S9999").url == "https://example.org/9999"
    assert ledger.verify_audit() == []


def test_a_bad_row_appended_while_the_checks_read_is_caught(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sources(tmp_path, 400)
    _while_checking(monkeypatch, lambda: _append(
        path, _source_row(9999).replace("news_report", "blog")))
    assert "kind blog" in _refused(ledger, path)


def test_a_line_growing_past_the_size_limit_while_read_is_refused(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is under the limit when opened, then one line without an end grows past
    it while the checks read: reading stops at the limit, inside the line."""
    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 64 * 1024)
    path = _sources(tmp_path, 400)
    assert path.stat().st_size < 64 * 1024

    def grow() -> None:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("S9999," + "x" * 200_000)  # no end of line

    _while_checking(monkeypatch, grow)
    assert "over the 64 KB import limit" in _refused(ledger, path)


class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Hang("liuzhi import did not finish within 30 s while its file grew")


def test_liuzhi_import_while_another_thread_appends(
        home: Path, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer appends whole rows, one every half millisecond, from the moment ``liuzhi
    import`` reads its first row: the import either refuses with the one-paragraph error and
    writes nothing, or imports a prefix of the file, each row as written and audited. The
    writer stops at 2,000 rows, and an alarm turns a hang into a failure."""
    from tests.test_cli import run

    path = tmp_path / "sources.csv"
    first = 200
    path.write_text("\n".join([SOURCES, *(_source_row(i) for i in range(first))]) + "\n",
                    encoding="utf-8")
    reading, stop = threading.Event(), threading.Event()
    parse = importing._parse_row

    def parse_and_signal(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        return parse(*args, **kwargs)

    monkeypatch.setattr(importing, "_parse_row", parse_and_signal)

    def write() -> None:
        reading.wait(30)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:
            for i in range(first, first + 2000):
                if stop.is_set():
                    break
                os.write(fd, (_source_row(i) + "\n").encode("utf-8"))  # one row, one write
                time.sleep(0.0005)
        finally:
            os.close(fd)

    writer = threading.Thread(target=write)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        writer.start()
        code, out, err = run("import", str(path))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        reading.set()
        stop.set()
        writer.join()
    assert "Traceback" not in out + err
    ledger = Ledger(database_url)
    try:
        with ledger.session() as session:
            ids = list(session.scalars(sa.select(Source.id).order_by(Source.id)))
        if code == 0:  # a prefix of the file, no row missing, none half-written
            assert len(ids) >= first and ids == [f"S{i:04d}" for i in range(len(ids))]
            assert f"sources: {len(ids)} new" in out
            assert ledger.verify_audit() == []
        else:
            assert code == 1 and err.startswith("Error: ") and ids == [], err
            assert CHANGED in err or "different number of columns" in err, err
    finally:
        ledger.close()
