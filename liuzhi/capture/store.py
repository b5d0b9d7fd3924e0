"""The content-addressed store: every archived file kept once, named by its SHA-256.

Layout under ``Settings.store_dir``::

    store/ab/cd/abcd…(64 hex)      an archived document or WARC file, read-only
    store/tmp/                     files being written; anything left here is debris

A file is written to ``tmp/``, flushed to disk, then renamed into place. The rename is
atomic, so a file under its hash name is always complete: a crash leaves at most a
partial file in ``tmp/`` or a complete file that no capture refers to yet. Neither is
evidence of tampering, and ``liuzhi verify`` ignores both (it checks what the ledger
refers to).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from liuzhi.errors import StoreError

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Stored:
    """Where ``put`` left the bytes: ``relative`` is what the ledger records."""

    sha256: str
    relative: str
    new: bool  # False when the same bytes were already in the store


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @staticmethod
    def relative_path(sha256: str) -> str:
        """``ab/cd/abcd…``: the store path of a SHA-256, with forward slashes."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def path(self, relative: str) -> Path:
        """The file for a path the ledger recorded; refuses paths that leave the store."""
        parts = relative.split("/")
        if (len(parts) != 3 or not _SHA256.fullmatch(parts[2])
                or parts[0] != parts[2][:2] or parts[1] != parts[2][2:4]):
            raise StoreError(f"{relative!r} is not a path in the evidence store (expected "
                             "ab/cd/ followed by the file's SHA-256).")
        return self.root.joinpath(*parts)

    def put(self, data: bytes, *, sha256: str | None = None) -> Stored:
        """Keep ``data``; a no-op when the same bytes are there already.

        Raises StoreError when a file is already stored under this hash but its bytes no
        longer match it (it was altered): the store keeps the altered file as it is, so
        ``liuzhi verify`` can report it, and the capture is refused.
        """
        sha256 = sha256 or sha256_bytes(data)
        relative = self.relative_path(sha256)
        final = self.path(relative)
        if final.exists():
            if sha256_file(final) != sha256:
                raise StoreError(
                    f"The evidence store already holds {final}, but its contents no longer "
                    "match its SHA-256: it was altered or damaged after it was stored. Run "
                    "`liuzhi verify` to see which captures are affected and restore the "
                    "store from a backup before capturing this document again."
                )
            return Stored(sha256, relative, new=False)
        temp_dir = self.root / "tmp"
        try:
            temp_dir.mkdir(parents=True, exist_ok=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            temp = temp_dir / f"{sha256}.{uuid.uuid4().hex}.part"
            try:
                with temp.open("xb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                # Read-only: archived evidence is never edited in place.
                temp.chmod(0o444)
                os.replace(temp, final)
            finally:
                temp.unlink(missing_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreError(
                f"Could not write to the evidence store at {self.root} ({reason}). Check that "
                "the disk has space and that LIUZHI_HOME points to a folder you can write to."
            ) from error
        return Stored(sha256, relative, new=True)

    def read(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()
