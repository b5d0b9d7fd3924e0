"""The ledger's tables: Region, Source, Capture, Figure and AuditEvent (see DESIGN.md).

A Figure is a claim, not a fact: one number as one source published it, with its
qualifier, unit, period and scope. Relations between figures (subset, duplicate) are
foreign keys so the validator can check them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    iso_code: Mapped[str] = mapped_column(String(8), default="")
    name_zh: Mapped[str] = mapped_column(String(64))
    short_zh: Mapped[str] = mapped_column(String(32), default="")
    abbr_zh: Mapped[str] = mapped_column(String(4), default="")
    name_en: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(16))
    parent: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), nullable=True)
    population_2020: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    population_figure: Mapped[str] = mapped_column(String(16), default="")
    members: Mapped[str] = mapped_column(String(256), default="")


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text)
    issuing_body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    published: Mapped[str] = mapped_column(String(10), default="")
    secondary: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(8))
    notes: Mapped[str] = mapped_column(Text, default="")

    captures: Mapped[list[Capture]] = relationship(back_populates="source")


class Capture(Base):
    """One archived copy of a source. Never modified: a re-capture is a new row."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    captured_at: Mapped[str] = mapped_column(String(32))  # ISO 8601, UTC, as hashed
    method: Mapped[str] = mapped_column(String(16))  # file | url | warc
    location: Mapped[str] = mapped_column(Text)  # the path or URL as given
    final_url: Mapped[str] = mapped_column(Text, default="")
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    http_headers: Mapped[str] = mapped_column(Text, default="")  # JSON
    store_path: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    text_sha256: Mapped[str] = mapped_column(String(64), default="")
    warc_path: Mapped[str] = mapped_column(Text, default="")
    warc_record_id: Mapped[str] = mapped_column(String(128), default="")
    # Added by migration 0002 (evidence capture).
    encoding: Mapped[str] = mapped_column(String(32), default="", server_default="")
    text_extractor: Mapped[str] = mapped_column(String(64), default="", server_default="")
    warc_digest: Mapped[str] = mapped_column(String(128), default="", server_default="")

    source: Mapped[Source] = relationship(back_populates="captures")


class Figure(Base):
    __tablename__ = "figures"
    # The web's figures list: its period filter and its sorts, then id (migrations 0010, 0011).
    __table_args__ = (Index("ix_figures_period_start_id", "period_start", "id"),
                      Index("ix_figures_period_end_id", "period_end", "id"),
                      Index("ix_figures_value_id", "value", "id"),
                      Index("ix_figures_period_end_start", "period_end", "period_start"),
                      Index("ix_figures_kind_id", "kind", "id"),
                      Index("ix_figures_qualifier_id", "qualifier", "id"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    measure: Mapped[str] = mapped_column(String(32), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    qualifier: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(32))
    precision: Mapped[float | None] = mapped_column(Float, nullable=True)
    subset: Mapped[bool] = mapped_column(Boolean, default=False)
    subset_of: Mapped[str | None] = mapped_column(ForeignKey("figures.id"), nullable=True)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("figures.id"), nullable=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"), nullable=True)
    locator: Mapped[str] = mapped_column(Text, default="")
    locator_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    locator_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    review_status: Mapped[str] = mapped_column(String(16), default="accepted")
    notes: Mapped[str] = mapped_column(Text, default="")

    source: Mapped[Source] = relationship()


class CandidateFigure(Base):
    """A figure the extractor proposed, waiting for a person's decision.

    ``fingerprint`` identifies the same proposal in the same capture, so extracting a
    capture again adds nothing already proposed or decided. An accepted candidate points
    at the Figure it became.
    """

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    measure: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(32))
    qualifier: Mapped[str] = mapped_column(String(16))
    precision: Mapped[float | None] = mapped_column(Float, nullable=True)
    region_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    region_name: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    subset_of: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), nullable=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    #: why the extractor proposed it (how far to trust it), and every mention of the
    #: figure in the text as JSON [[evidence_start, evidence_end], ...]
    reason: Mapped[str] = mapped_column(Text, default="")
    mentions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    figure_id: Mapped[str | None] = mapped_column(ForeignKey("figures.id"), nullable=True)
    reviewer: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEvent(Base):
    """Append-only, hash-chained record of every change to the ledger.

    ``hash`` covers every other column and the previous event's hash, so editing or
    deleting an event breaks the chain from that point on (see ``audit.verify_chain``).
    """

    __tablename__ = "audit_events"
    # Each row's events in key order, for ``audit.verify``'s merge (migration 0009).
    __table_args__ = (Index("ix_audit_events_entity_key", "entity", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(32))  # ISO 8601, UTC, as hashed
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))  # insert | update | delete
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[str] = mapped_column(Text, default="")  # canonical JSON, "" if none
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


ENTITIES: dict[str, type[Base]] = {
    "regions": Region,
    "sources": Source,
    "captures": Capture,
    "figures": Figure,
    "candidates": CandidateFigure,
}


def primary_key(obj: Base) -> str:
    """The row's key as a string, for the audit log."""
    return str(getattr(obj, "code", None) or getattr(obj, "id"))


def to_record(obj: Base) -> dict[str, Any]:
    """The row as plain JSON-ready values (dates as ISO strings), for audit and export."""
    record: dict[str, Any] = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        record[column.key] = value
    return record


class User(Base):
    """An account of the web app. Not a ledger entity: its rows are not audited (the audit
    log would otherwise carry password hashes); the decisions a user makes are, under
    ``name``."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # viewer | reviewer | admin
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class LoginAttempt(Base):
    """A login attempt the web app counts against its rate limit, shared by every worker.
    Not a ledger entity: not audited, and pruned once older than the limit looks back.
    ``key`` is a SHA-256 digest of the account name or the client address, so the table
    keeps no address in clear."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_id", "key", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch
