"""Concurrent writers on one SQLite ledger, as real processes: each waits its turn for the
write lock, and one that gives up says so, writes nothing and leaves no file behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
import sqlalchemy as sa

from liuzhi import config
from liuzhi.capture import check_store, unreferenced_files
from liuzhi.ledger import Ledger
from liuzhi.ledger.models import Capture, Source
from tests.capture.conftest import DATA

ROOT = Path(__file__).parents[2]
CLI = "import sys; from liuzhi.cli import app; sys.argv[0] = 'liuzhi'; app()"
# Holds the write lock (an open write transaction), like a long import, until told to stop.
HOLD = ("import sys\n"
        "import sqlalchemy as sa\n"
        "from liuzhi.ledger import Ledger\n"
        "ledger = Ledger(sys.argv[1])\n"
        "with ledger.transaction('holder') as writer:\n"
        "    writer.session.execute(sa.text('UPDATE audit_events SET id = id WHERE 0'))\n"
        "    print('locked', flush=True)\n"
        "    sys.stdin.readline()\n")
SOURCES = ("source_id,title,publisher,issuing_body,kind,url,published,secondary,language,notes\n"
           "{id},,Example,某市纪委监委,news_report,https://example.org/{id},2024-01-02,true,zh,\n")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    Ledger(f"sqlite:///{home / 'ledger.sqlite'}").close()  # the schema, made once
    return home


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LIUZHI_HOME": str(home), **extra}
    for name in ("LIUZHI_DATABASE_URL", "LIUZHI_CONFIG", "LIUZHI_LOCK_TIMEOUT"):
        if name not in extra:
            env.pop(name, None)
    return env


class Process:
    """A process whose output is read as it comes (so a test can wait for a line)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen([sys.executable, "-c", *args], env=env, text=True,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE)
        self.lines: dict[str, list[str]] = {"out": [], "err": []}
        self.readers = [threading.Thread(target=self._read, args=(stream, self.lines[name]))
                        for name, stream in (("out", self.popen.stdout),
                                             ("err", self.popen.stderr))]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream: IO[str] | None, lines: list[str]) -> None:
        assert stream is not None
        for line in stream:
            lines.append(line)

    def said(self, text: str) -> bool:
        return text in "".join(self.lines["out"] + self.lines["err"])

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.said(text):
            assert self.popen.poll() is None or self.said(text), self.lines
            assert time.monotonic() < deadline, f"no {text!r} in {self.lines}"
            time.sleep(0.05)

    def finish(self, timeout: float = 120) -> tuple[int, str, str]:
        code = self.popen.wait(timeout=timeout)
        for reader in self.readers:
            reader.join()
        for stream in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            if stream is not None and not stream.closed:
                stream.close()
        return code, "".join(self.lines["out"]), "".join(self.lines["err"])

    def release(self) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write("done\n")
        self.popen.stdin.flush()
        assert self.finish()[0] == 0


def _hold(home: Path) -> Process:
    holder = Process([HOLD, f"sqlite:///{home / 'ledger.sqlite'}"], _env(home))
    holder.wait_for("locked")
    return holder


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("tongbao-utf8.html", "tongbao-gbk.html", "tongbao-big5.html"):
        shutil.copy(DATA / name, folder / name)
    return folder


def test_imports_and_a_capture_wait_for_a_long_writer(home: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for name in ("S900", "S901"):
        (tmp_path / f"{name}.csv").write_text(SOURCES.format(id=name), encoding="utf-8")
    env = _env(home)
    holder = _hold(home)
    writers = [Process([CLI, "import", str(tmp_path / "S900.csv")], env),
               Process([CLI, "import", str(tmp_path / "S901.csv")], env),
               Process([CLI, "capture", str(folder)], env)]
    # Each has waited longer than one attempt of SQLite's busy handler (BUSY_TIMEOUT):
    # before writers retried with backoff, each died here with "database is locked".
    for writer in writers:
        writer.wait_for("Waiting for another command to finish writing")
    holder.release()
    results = [writer.finish() for writer in writers]
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err and "locked" not in out
    assert "3 captured, 0 already captured, 0 failed" in results[2][1]

    settings = config.load(home=home)
    ledger = Ledger(settings.database_url)
    with ledger.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Capture)) == 3
        assert {"S900", "S901"} <= set(session.scalars(sa.select(Source.id)))
    assert ledger.verify_audit() == [] and check_store(ledger, settings) == []
    assert unreferenced_files(ledger, settings) == []
    ledger.close()


def test_a_writer_that_gives_up_says_so_and_leaves_nothing(home: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    holder = _hold(home)
    capture = Process([CLI, "capture", str(folder)], _env(home, LIUZHI_LOCK_TIMEOUT="1"))
    code, out, err = capture.finish()
    holder.release()
    assert code == 1 and "Traceback" not in err
    assert "0 captured, 0 already captured, 3 failed" in out
    assert "stayed locked by another writer" in err and "gave up waiting" in err
    assert "LIUZHI_LOCK_TIMEOUT" in err
    for name in ("tongbao-big5.html", "tongbao-gbk.html"):  # not tried again: named
        assert f"{name} was not captured" in " ".join(err.split())
    settings = config.load(home=home)
    stored = [p for p in settings.store_dir.rglob("*") if p.is_file()] \
        if settings.store_dir.exists() else []
    assert stored == []  # no orphan file
    ledger = Ledger(settings.database_url)
    with ledger.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Capture)) == 0
    ledger.close()


@pytest.mark.parametrize("value", ["ten", "-1", "nan"])
def test_a_lock_timeout_that_is_not_seconds_is_refused(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liuzhi.errors import ConfigError

    monkeypatch.setenv("LIUZHI_LOCK_TIMEOUT", value)
    with pytest.raises(ConfigError, match=f"lock timeout '{value}'.*not a number of seconds"):
        config.load(home=tmp_path)
