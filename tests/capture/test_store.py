"""The content-addressed store."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from liuzhi.capture.limits import Limits, format_size, load, parse_size
from liuzhi.capture.store import ContentStore
from liuzhi.errors import ConfigError, StoreError


def test_bytes_are_kept_once_under_their_hash(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    data = "江南省纪委监委通报".encode()
    digest = hashlib.sha256(data).hexdigest()
    first = store.put(data)
    assert first.sha256 == digest and first.new
    assert first.relative == f"{digest[:2]}/{digest[2:4]}/{digest}"
    assert (tmp_path / first.relative).read_bytes() == data
    assert not os.access(tmp_path / first.relative, os.W_OK) or os.geteuid() == 0
    again = store.put(data)
    assert again.relative == first.relative and not again.new
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_altered_stored_file_is_not_silently_reused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    stored = store.put(b"original")
    path = tmp_path / stored.relative
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    with pytest.raises(StoreError, match="altered or damaged"):
        store.put(b"original")
    assert path.read_bytes() == b"tampered"  # kept, so verify can report it


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ContentStore(tmp_path)

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(StoreError, match="No space left on device"):
        store.put(b"document")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("relative", ["../../etc/passwd", "ab/cd/" + "0" * 64, "x"])
def test_paths_outside_the_layout_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(StoreError, match="not a path in the evidence store"):
        ContentStore(tmp_path).path(relative)


def test_sizes_parse_and_print() -> None:
    assert parse_size("200MB") == 200_000_000
    assert parse_size("1.5 GB") == 1_500_000_000
    assert parse_size("64KiB") == 65536
    assert parse_size(1000) == 1000
    assert format_size(200_000_000) == "200 MB"
    for bad in ("lots", "-5", "0"):
        with pytest.raises(ConfigError):
            parse_size(bad)


def test_limits_come_from_defaults_then_environment_then_flags(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIUZHI_MAX_CAPTURE_BYTES", raising=False)
    monkeypatch.delenv("LIUZHI_FETCH_TIMEOUT", raising=False)
    assert load() == Limits()
    monkeypatch.setenv("LIUZHI_MAX_CAPTURE_BYTES", "5MB")
    monkeypatch.setenv("LIUZHI_FETCH_TIMEOUT", "4")
    assert load().max_bytes == 5_000_000 and load().timeout == 4
    assert load(max_bytes="1KB", timeout=2).max_bytes == 1000
    monkeypatch.setenv("LIUZHI_MAX_CAPTURE_BYTES", "huge")
    with pytest.raises(ConfigError, match="LIUZHI_MAX_CAPTURE_BYTES"):
        load()
