"""The ledger: typed, sourced claims in SQLite or PostgreSQL, with a hash-chained audit log."""

from liuzhi.ledger.models import AuditEvent, Capture, Figure, Region, Source
from liuzhi.ledger.store import Ledger, Writer

__all__ = ["AuditEvent", "Capture", "Figure", "Ledger", "Region", "Source", "Writer"]
