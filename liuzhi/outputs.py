"""Where a command may write: the one check every output path goes through.

No command writes over the ledger database (or its journal), into the evidence store,
over the config file or the bundled data, or over an existing file. ``force`` lets a
command replace an existing *plain* file and nothing else: never a folder, a pipe, a
device, the ledger or the store. Paths are compared after following links, and existing
files by inode, so a symlink or hard link to the ledger is the ledger.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from liuzhi.config import Settings
from liuzhi.errors import OutputRefused, PublishError

#: The SQLite files that together are the ledger: the database and its journals.
_LEDGER_SIDECARS = {"": "database", "-wal": "write-ahead log", "-shm": "shared-memory index",
                    "-journal": "rollback journal"}


def check_file(path: Path, settings: Settings, *, force: bool = False,
               example: str = "figures.csv") -> Path:
    """``path`` as a file a command may write, or OutputRefused saying why not."""
    path = Path(path).expanduser()
    mode = _existing_mode(path, settings)
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise OutputRefused(f"{path} is a folder; give a file name inside it (e.g. "
                                f"{path / example}). Nothing was written.")
        if not stat.S_ISREG(mode):
            raise OutputRefused(f"{path} exists and is not a plain file (a pipe, device or "
                                "socket); nothing was written, and --force replaces plain "
                                "files only. Choose another output path.")
        if not force:
            raise OutputRefused(f"{path} already exists; nothing was written. Pass --force "
                                "to replace it, or choose another name.")
    _check_writable(path.parent, path)
    return path


def check_folder(path: Path, settings: Settings, *, names: Iterable[str] = (),
                 force: bool = False) -> Path:
    """``path`` as a folder a command may write ``names`` into (created if missing)."""
    path = Path(path).expanduser()
    mode = _existing_mode(path, settings)
    if mode is not None and not stat.S_ISDIR(mode):
        raise OutputRefused(f"{path} is a file, not a folder; give a folder for the output "
                            "(it is made if missing). Nothing was written.")
    _check_writable(path, path)
    for name in names:
        check_file(path / name, settings, force=force)
    return path


def _existing_mode(path: Path, settings: Settings) -> int | None:
    """The mode of what stands at ``path`` (None: nothing yet), after refusing protected
    paths; a path that cannot even be looked at is refused as unwritable."""
    _refuse_protected(path, settings)
    try:
        return path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise _unwritable(path, error.strerror or str(error)) from error


def write_failed(path: Path, error: OSError) -> PublishError:
    """The paragraph for a write the operating system refused halfway (disk full, ...)."""
    return _unwritable(path, error.strerror or str(error))


def protected(settings: Settings) -> list[tuple[Path, str]]:
    """The paths no output may touch, each with what it is."""
    found: list[tuple[Path, str]] = []
    if settings.database_url.startswith("sqlite:///"):
        database = Path(settings.database_url.removeprefix("sqlite:///"))
        for suffix, what in _LEDGER_SIDECARS.items():
            found.append((Path(f"{database}{suffix}"), f"the ledger database's {what}"
                          if suffix else "the ledger database"))
    found.append((Path(os.environ.get("LIUZHI_CONFIG") or settings.home / "config.toml"),
                  "the config file"))
    return found


def _refuse_protected(path: Path, settings: Settings) -> None:
    resolved = path.resolve()
    for other, what in protected(settings):
        if resolved == other.resolve() or _same_file(path, other):
            raise OutputRefused(f"{path} is {what} ({other}); nothing was written, and "
                                "--force never replaces it. Choose another output path.")
    for folder, what in ((settings.store_dir, "the evidence store"),
                         (Path(str(resources.files("liuzhi") / "data")),
                          "the bundled data package")):
        root = folder.resolve()
        if resolved == root or root in resolved.parents:
            raise OutputRefused(f"{path} is inside {what} ({folder}), which no output may "
                                "touch; nothing was written. Choose an output path outside "
                                f"{folder}.")


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _check_writable(folder: Path, target: Path) -> None:
    """The nearest existing folder on the way to ``folder`` must be a folder we may write."""
    ancestor = folder
    while not ancestor.exists() and ancestor != ancestor.parent:
        if ancestor.is_symlink():
            raise _unwritable(target, f"{ancestor} is a broken link")
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise _unwritable(target, f"{ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise _unwritable(target, f"no permission to write in {ancestor}")


def _unwritable(path: Path, why: str) -> OutputRefused:
    return OutputRefused(f"{path} cannot be written: {why}. Nothing was written; choose "
                         "another output path, or fix the folder's permissions.")
