"""How much capture will take in, and how long it will wait.

Defaults are defined here once (and listed in ``liuzhi.config.SETTINGS``); config.toml's
``max_capture_bytes`` and ``fetch_timeout``, then ``LIUZHI_MAX_CAPTURE_BYTES`` and
``LIUZHI_FETCH_TIMEOUT`` override them, and CLI flags override those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from liuzhi import config
from liuzhi.errors import ConfigError

#: 200 MB: far above any government page or report PDF, far below what fills a laptop.
DEFAULT_MAX_BYTES = 200_000_000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_REDIRECTS = 10

_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


@dataclass(frozen=True)
class Limits:
    """``max_bytes`` applies to every document: a file on disk, a download, and a WARC
    file after decompression. ``timeout`` is per network read; ``total_timeout`` bounds
    a whole download, so a server that trickles bytes cannot hold a capture forever."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    total_timeout: float = 10 * DEFAULT_TIMEOUT
    max_redirects: int = DEFAULT_MAX_REDIRECTS


def parse_size(value: str | int, *, setting: str = "--max-bytes") -> int:
    """``"200MB"`` → 200000000. Plain numbers are bytes; KB, MB, GB are powers of 1000,
    KiB, MiB, GiB powers of 1024."""
    if isinstance(value, int):
        size = value
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
        if not match or match.group(2).lower() not in _UNITS:
            raise ConfigError(f"{setting} {value!r} is not a size; write bytes (5000000) or a "
                              "number with KB, MB or GB (200MB, 1.5GB).")
        size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size <= 0:
        raise ConfigError(f"{setting} must be more than zero bytes; the default is "
                          f"{format_size(DEFAULT_MAX_BYTES)}.")
    return size


def format_size(size: int) -> str:
    """``200000000`` → ``"200 MB"``: for messages."""
    if size < 1000:
        return f"{size} bytes"
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"  # pragma: no cover


def load(*, max_bytes: str | int | None = None, timeout: float | None = None) -> Limits:
    """Limits from the defaults, then the environment, then the given overrides."""
    env_bytes = config.lookup("max_capture_bytes")
    env_timeout = config.lookup("fetch_timeout")
    size = DEFAULT_MAX_BYTES
    if env_bytes:
        size = parse_size(env_bytes, setting="LIUZHI_MAX_CAPTURE_BYTES (max_capture_bytes)")
    if max_bytes is not None:
        size = parse_size(max_bytes)
    seconds = DEFAULT_TIMEOUT
    if env_timeout:
        try:
            seconds = float(env_timeout)
        except ValueError:
            raise ConfigError(f"LIUZHI_FETCH_TIMEOUT (fetch_timeout) {env_timeout!r} is not a "
                              "number of seconds; write e.g. 30.") from None
    if timeout is not None:
        seconds = timeout
    if seconds <= 0:
        raise ConfigError(f"The fetch timeout must be more than zero seconds, not {seconds}.")
    return Limits(max_bytes=size, timeout=seconds, total_timeout=10 * seconds)
