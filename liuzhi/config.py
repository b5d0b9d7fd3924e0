"""Settings, defined once: defaults, then a config file, then LIUZHI_* environment
variables, then command-line flags (which the CLI passes in as overrides).

Secrets (database passwords inside LIUZHI_DATABASE_URL) come only from the environment.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from liuzhi.errors import ConfigError

#: Seconds a write waits for another writer on SQLite before it gives up.
DEFAULT_LOCK_TIMEOUT = 600.0


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    actor: str
    out_dir: Path
    #: Seconds a write waits for another writer on SQLite (LIUZHI_LOCK_TIMEOUT).
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT

    @property
    def store_dir(self) -> Path:
        """Where captured documents are kept, by SHA-256."""
        return self.home / "store"


def _config_file(home: Path) -> dict[str, str]:
    path = Path(os.environ.get("LIUZHI_CONFIG", home / "config.toml"))
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"The config file {path} is not valid TOML ({error}). Fix the line it names, or "
            "move the file away to run with the defaults."
        ) from error
    if "database_url" in data:
        raise ConfigError(
            f"The config file {path} sets database_url. Database URLs can hold passwords, so "
            "they are read only from the LIUZHI_DATABASE_URL environment variable; remove the "
            "line and set the variable instead."
        )
    return {key: str(value) for key, value in data.items()}


def load(
    *, home: Path | None = None, database_url: str | None = None, actor: str | None = None,
    out_dir: Path | None = None,
) -> Settings:
    """Settings for this process. Keyword arguments (from CLI flags) win over everything."""
    home = Path(home or os.environ.get("LIUZHI_HOME") or platformdirs.user_data_dir("liuzhi"))
    file_values = _config_file(home)
    return Settings(
        home=home,
        database_url=database_url
        or os.environ.get("LIUZHI_DATABASE_URL")
        or f"sqlite:///{home / 'ledger.sqlite'}",
        actor=actor or os.environ.get("LIUZHI_ACTOR") or file_values.get("actor")
        or getpass.getuser(),
        out_dir=Path(out_dir or os.environ.get("LIUZHI_OUT") or file_values.get("out_dir")
                     or "out"),
        lock_timeout=_seconds(os.environ.get("LIUZHI_LOCK_TIMEOUT")
                              or file_values.get("lock_timeout")
                              or str(DEFAULT_LOCK_TIMEOUT)),
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise ConfigError(f"The lock timeout {value!r} (LIUZHI_LOCK_TIMEOUT or lock_timeout in "
                          "config.toml) is not a number of seconds; write e.g. "
                          f"{DEFAULT_LOCK_TIMEOUT:g}.")
    return seconds
