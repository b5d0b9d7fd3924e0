"""The dataset that ships with the package: a Frictionless data package of sourced figures."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from liuzhi.ledger.importing import ImportResult, import_path
from liuzhi.ledger.store import Ledger


def descriptor() -> Path:
    return Path(str(resources.files("liuzhi") / "data" / "datapackage.json"))


def load(ledger: Ledger, *, actor: str) -> ImportResult:
    """Import (or bring up to date) the bundled dataset; unchanged rows write nothing."""
    return import_path(ledger, descriptor(), actor=actor)
