"""Settings, defined once: defaults, then a config file, then LIUZHI_* environment
variables, then command-line flags (which the CLI passes in as overrides).

``SETTINGS`` is the one table of every setting: its name (the key in config.toml), its
default, its help and its environment variable. A key in config.toml that is not in the
table is an error that names it, so a typo never passes silently. Secrets (database
passwords inside LIUZHI_DATABASE_URL, the web app's session key) come only from the
environment.
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
class Setting:
    """One setting. ``in_file`` is False for what config.toml may not set: the folder that
    holds it, and secrets."""

    name: str
    default: str | None
    help: str
    env: str
    in_file: bool = True


SETTINGS: tuple[Setting, ...] = (
    Setting("home", None, "Data folder: the SQLite ledger, the document store and "
            "config.toml (default: the per-user data directory).", "LIUZHI_HOME",
            in_file=False),
    Setting("config", None, "The config file (default: $LIUZHI_HOME/config.toml).",
            "LIUZHI_CONFIG", in_file=False),
    Setting("database_url", None, "SQLAlchemy URL of the ledger (default: "
            "sqlite:///$LIUZHI_HOME/ledger.sqlite). Environment only: it may hold a password.",
            "LIUZHI_DATABASE_URL", in_file=False),
    Setting("actor", None, "Who is writing, for the audit log (default: the login name).",
            "LIUZHI_ACTOR"),
    Setting("out_dir", "out", "Where reports, exports and validation results are written.",
            "LIUZHI_OUT"),
    Setting("max_capture_bytes", "200MB", "Largest document capture takes in (on disk, "
            "downloaded or decompressed).", "LIUZHI_MAX_CAPTURE_BYTES"),
    Setting("fetch_timeout", "30", "Seconds capture waits for each network read.",
            "LIUZHI_FETCH_TIMEOUT"),
    Setting("lock_timeout", "600", "Seconds a write waits for another writer on SQLite "
            "before it gives up.", "LIUZHI_LOCK_TIMEOUT"),
    Setting("ledger_key", None, "The Ed25519 key file that signs the ledger's tree heads "
            "(default: $LIUZHI_HOME/keys/ledger-ed25519.pem, made on first need). Keep it "
            "outside the database.", "LIUZHI_LEDGER_KEY"),
    Setting("web_host", "127.0.0.1", "Address `liuzhi serve` listens on.", "LIUZHI_WEB_HOST"),
    Setting("web_port", "8000", "Port `liuzhi serve` listens on.", "LIUZHI_WEB_PORT"),
    Setting("web_workers", "1", "uvicorn worker processes for `liuzhi serve` (team mode, on "
            "PostgreSQL).", "LIUZHI_WEB_WORKERS"),
    Setting("web_team", "false", "Team mode: accounts sign in over a network, so the session "
            "key must come from LIUZHI_WEB_SECRET (true or false).", "LIUZHI_WEB_TEAM"),
    Setting("web_secret", None, "Key that signs session cookies (at least 32 characters). "
            "Environment only; required in team mode.", "LIUZHI_WEB_SECRET", in_file=False),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    actor: str
    out_dir: Path
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_workers: int = 1
    web_team: bool = False
    web_secret: str | None = None
    #: Seconds a write waits for another writer on SQLite (LIUZHI_LOCK_TIMEOUT).
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    #: The Ed25519 key that signs the ledger's tree heads (LIUZHI_LEDGER_KEY or
    #: ``ledger_key`` in the config file); None means ``keys/ledger-ed25519.pem`` in home.
    ledger_key_file: Path | None = None

    @property
    def ledger_key(self) -> Path:
        """Where the signing key is kept: outside the database, created on first need."""
        return self.ledger_key_file or self.home / "keys" / "ledger-ed25519.pem"

    @property
    def store_dir(self) -> Path:
        """Where captured documents are kept, by SHA-256."""
        return self.home / "store"


def _home(home: Path | None = None) -> Path:
    folder = Path(home or os.environ.get("LIUZHI_HOME") or platformdirs.user_data_dir("liuzhi"))
    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            f"The data folder {folder} (from --home or LIUZHI_HOME) is a file, not a folder. "
            "Give a folder for the ledger and the evidence store (it is made if missing)."
        )
    return folder


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
    for key in data:
        setting = BY_NAME.get(key)
        if setting is None:
            known = ", ".join(s.name for s in SETTINGS if s.in_file)
            raise ConfigError(
                f"The config file {path} sets {key!r}, which is not a setting. Remove the "
                f"line or correct its name; the file may set: {known}."
            )
        if not setting.in_file:
            why = ("it may hold a password" if key == "database_url" else
                   "it is a secret" if key == "web_secret" else "it decides where the file is")
            raise ConfigError(
                f"The config file {path} sets {key}, but {why}, so it is read only from the "
                f"{setting.env} environment variable; remove the line and set the variable "
                "instead."
            )
    return {key: str(value).lower() if isinstance(value, bool) else str(value)
            for key, value in data.items()}


def lookup(name: str, *, home: Path | None = None, file_values: dict[str, str] | None = None,
           ) -> str | None:
    """The raw value of one setting: its environment variable, else config.toml, else the
    default."""
    setting = BY_NAME[name]
    if os.environ.get(setting.env):
        return os.environ[setting.env]
    if file_values is None:
        file_values = _config_file(_home(home))
    return file_values.get(name, setting.default)


def _integer(name: str, raw: str | None) -> int:
    try:
        number = int(str(raw))
    except ValueError:
        raise ConfigError(f"The setting {name} ({BY_NAME[name].env}) is {raw!r}, not a whole "
                          f"number; the default is {BY_NAME[name].default}.") from None
    if number <= 0:
        raise ConfigError(f"The setting {name} ({BY_NAME[name].env}) must be more than 0.")
    return number


def _boolean(name: str, raw: str | None) -> bool:
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"The setting {name} ({BY_NAME[name].env}) is {raw!r}; write true or "
                      "false.")


def load(
    *, home: Path | None = None, database_url: str | None = None, actor: str | None = None,
    out_dir: Path | None = None,
) -> Settings:
    """Settings for this process. Keyword arguments (from CLI flags) win over everything."""
    home = _home(home)
    values = _config_file(home)

    def get(name: str) -> str | None:
        return lookup(name, home=home, file_values=values)

    return Settings(
        home=home,
        database_url=database_url or get("database_url")
        or f"sqlite:///{home / 'ledger.sqlite'}",
        actor=actor or get("actor") or getpass.getuser(),
        out_dir=Path(out_dir or get("out_dir") or "out"),
        web_host=get("web_host") or "127.0.0.1",
        web_port=_integer("web_port", get("web_port")),
        web_workers=_integer("web_workers", get("web_workers")),
        web_team=_boolean("web_team", get("web_team")),
        web_secret=get("web_secret") or None,
        lock_timeout=_seconds(get("lock_timeout") or str(DEFAULT_LOCK_TIMEOUT)),
        ledger_key_file=_optional_path(get("ledger_key")),
    )


def _optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None


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
