"""The bundled data package with its registries, loaded in one transaction."""

from __future__ import annotations

from liuzhi.ledger import bundled as core
from liuzhi.ledger.importing import ImportResult
from liuzhi.ledger.store import Ledger
from liuzhi.registries.importing import import_path


def load(ledger: Ledger, *, actor: str) -> ImportResult:
    """Import (or bring up to date) the figures and the registries; unchanged rows write
    nothing."""
    return import_path(ledger, core.descriptor(), actor=actor)
