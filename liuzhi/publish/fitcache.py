"""The published fits of rungs 2 and 3, kept between reports so that a report on figures
that have not changed only renders (a rung-3 fit takes seconds to minutes; reading it back
takes milliseconds).

An entry is keyed by everything its fits depend on: the digest of the figures that enter
the models and of the protocol's amendments (``validation.fingerprint``), the exposure and
seed of rung 3, and a digest of the estimators' source code, so that a change of figures,
of the protocol or of the models makes a new key and the old entry is never read. Entries
live in their own folder of the data home (``cache/`` beside the ledger, never the ledger
or the document store). An entry holds pickled estimators this program wrote itself; it
is read only when its header and checksum match, and one that is corrupt, truncated,
unreadable or for another key is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

#: First bytes of an entry; bumped when what an entry holds changes.
MAGIC = b"liuzhi-fits/1\n"
#: The modules whose code decides what a published rung-2/3 fit is.
MODEL_MODULES = ("base", "bayes", "calendar", "cells", "compiled", "mixed_model")


@dataclass
class Fits:
    """What the report needs of rungs 2 and 3: the fitted estimators, or why not."""

    key: str
    methods: dict[str, Any]
    unavailable: dict[str, str]


def model_digest() -> str:
    """A digest of the estimators' source code (a new model version makes a new key)."""
    folder = Path(__file__).resolve().parents[1] / "estimate"
    digest = hashlib.sha256()
    for name in MODEL_MODULES:
        path = folder / f"{name}.py"
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def key(table: pd.DataFrame, *, exposure: str, seed: int) -> str:
    """The key of the published fits of these figures under this protocol and model."""
    from liuzhi.estimate import validation

    text = "|".join([validation.fingerprint(table), exposure, str(seed), model_digest(),
                     MAGIC.decode().strip()])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def path_for(folder: Path, entry_key: str) -> Path:
    return Path(folder) / f"fits-{entry_key}.pickle"


def load(folder: Path, entry_key: str) -> Fits | None:
    """The stored fits for ``entry_key``, or None when there is none usable."""
    path = path_for(folder, entry_key)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 64
    if not raw.startswith(MAGIC) or len(raw) < head:
        return None
    checksum, payload = raw[len(MAGIC):head].decode("ascii", "replace"), raw[head:]
    if hashlib.sha256(payload).hexdigest() != checksum:
        return None  # truncated or altered
    try:
        fits = pickle.loads(payload)  # noqa: S301 - written by save() below, checksum verified
    except Exception:  # an entry written by an older build whose classes changed
        return None
    if not isinstance(fits, Fits) or fits.key != entry_key:
        return None
    return fits


def save(folder: Path, fits: Fits) -> Path | None:
    """Store ``fits`` (replacing only an entry of the same key); None if the folder cannot
    be written, which costs the next report a refit and nothing else."""
    folder = Path(folder)
    payload = pickle.dumps(fits, protocol=pickle.HIGHEST_PROTOCOL)
    data = MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + payload
    target = path_for(folder, fits.key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".fits-", dir=folder)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # whole or not at all
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return None
    return target
