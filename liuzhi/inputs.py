"""Reading a file the user names: a plain file only, never more than a limit.

A FIFO would block the reader forever, a device such as /dev/zero never ends, and a
folder is no file: each is refused with a message before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from liuzhi.errors import LiuzhiError


class TooLarge(LiuzhiError):
    """The file is over the limit; ``size`` says how large it is (or at least)."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


def read_plain_file(path: Path, *, limit: int, error: type[LiuzhiError] = LiuzhiError,
                    then: str = "") -> bytes:
    """The bytes of the plain file at ``path``; ``error`` (with ``then`` appended to its
    message) when it is missing, a folder, a pipe or device, or unreadable, and TooLarge
    when it holds more than ``limit`` bytes."""
    name = str(path)
    tail = f" {then}" if then else ""
    with open_plain_file(path, limit=limit, error=error, then=then) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as failure:
            raise error(f"{name} cannot be read ({failure.strerror}).{tail}") from failure
    if len(data) > limit:  # it grew while we read it
        raise TooLarge(f"{name} is over the limit of {limit} bytes.", len(data))
    return data


def open_plain_file(path: Path, *, limit: int, error: type[LiuzhiError] = LiuzhiError,
                    then: str = "") -> BinaryIO:
    """The plain file at ``path`` opened for reading in binary, for a caller that streams
    it (and checks for growth past ``limit`` itself); refused as ``read_plain_file`` does."""
    name = str(path)
    tail = f" {then}" if then else ""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as failure:
        raise error(f"{name} cannot be read ({failure.strerror}); check the path.{tail}"
                    ) from failure
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{name} is a folder, not a file; give a file.{tail}")
        raise error(f"{name} is not a plain file (a pipe, device or socket); copy the "
                    f"data into a file and give that.{tail}")
    if info.st_size > limit:
        os.close(fd)
        raise TooLarge(f"{name} is {info.st_size} bytes, over the limit of {limit}.",
                       info.st_size)
    return os.fdopen(fd, "rb")
