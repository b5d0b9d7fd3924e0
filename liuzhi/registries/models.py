"""The registry tables. Each row is a sourced record with a locator, like a Figure.

- ``Party``: a named body (a state organ, a UN office, an NGO, a police force) with its
  country or organisation. Agreements and communications name parties by id, so an
  unknown party is an error rather than a new spelling.
- ``Place``: a prefecture or county below the province-level region table, by its
  GB/T 2260 code, so a facility or case can be placed down to the county.
- ``Agreement``: an instrument found (``record = instrument``) or a claim that one
  exists as some source reported it (``record = claim``), linked to the instrument found
  through ``refers_to``. The Chinese signatory, the counterparty and the status are
  facts of their own: the NSC's predecessor signed several of the instruments the NSC
  later claimed.
- ``Statement``: what one party said about an agreement, quoted.
- ``Communication``: a letter, submission or reply. Whether it was answered is computed
  from the replies (``in_reply_to``), never stored. ``CommunicationDate`` holds another
  source's date for the same communication, so disagreements are kept, not resolved.
- ``Case``: a person placed in liuzhi. Private unless ``public`` is set with a reason.
- ``Facility``: a place built or used for liuzhi, with its evidence and a confidence tier.

Dates are partial ISO dates (YYYY, YYYY-MM or YYYY-MM-DD): the precision is the date's
length, so a month stays a month.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from liuzhi.ledger.models import ENTITIES, Base


class Party(Base):
    __tablename__ = "parties"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str] = mapped_column(Text)
    name_zh: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(64))  # country or organisation
    notes: Mapped[str] = mapped_column(Text, default="")


class Place(Base):
    __tablename__ = "places"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))  # prefecture | county
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))  # its province
    parent: Mapped[str | None] = mapped_column(ForeignKey("places.code"), nullable=True)


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    record: Mapped[str] = mapped_column(String(16))  # instrument | claim
    instrument_type: Mapped[str] = mapped_column(String(48))
    title: Mapped[str] = mapped_column(Text, default="")
    # Empty when the source does not name the body (never guessed).
    chinese_party: Mapped[str | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    counterparty: Mapped[str | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    date: Mapped[str] = mapped_column(String(10), default="")
    date_kind: Mapped[str] = mapped_column(String(16), default="")  # signed | reported | held
    place: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), default="")
    text_public: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    text_url: Mapped[str] = mapped_column(Text, default="")
    refers_to: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"), nullable=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    locator: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Statement(Base):
    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    party_id: Mapped[str] = mapped_column(ForeignKey("parties.id"))
    date: Mapped[str] = mapped_column(String(10), default="")
    quote: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class Communication(Base):
    __tablename__ = "communications"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender: Mapped[str] = mapped_column(ForeignKey("parties.id"))
    recipient: Mapped[str] = mapped_column(ForeignKey("parties.id"))
    date: Mapped[str] = mapped_column(String(10), default="")
    reference: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(32))
    reply_expected: Mapped[bool] = mapped_column(Boolean)
    in_reply_to: Mapped[str | None] = mapped_column(ForeignKey("communications.id"),
                                                    nullable=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    locator: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class CommunicationDate(Base):
    """Another source's date for a communication: kept beside the first, never merged."""

    __tablename__ = "communication_dates"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    communication_id: Mapped[str] = mapped_column(ForeignKey("communications.id"), index=True)
    date: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    locator: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # name or pseudonym, as the source gives it
    pseudonym: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(Text, default="")
    employer: Mapped[str] = mapped_column(Text, default="")
    ordered_by: Mapped[str] = mapped_column(Text, default="")  # the body, as stated
    place_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    taken: Mapped[str] = mapped_column(String(10), default="")
    released: Mapped[str] = mapped_column(String(10), default="")
    outcome: Mapped[str] = mapped_column(String(32), default="")
    outcome_date: Mapped[str] = mapped_column(String(10), default="")
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    public_reason: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"), nullable=True)
    locator: Mapped[str] = mapped_column(Text, default="")
    locator_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    locator_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class Facility(Base):
    __tablename__ = "facilities"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # as stated
    place_code: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(Text, default="")  # as stated
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(24), default="")
    capacity: Mapped[str] = mapped_column(Text, default="")  # as stated
    rooms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    beds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    confidence: Mapped[str] = mapped_column(String(8))
    confidence_reason: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(String(10), default="")
    last_seen: Mapped[str] = mapped_column(String(10), default="")
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"), nullable=True)
    locator: Mapped[str] = mapped_column(Text, default="")
    locator_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    locator_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class RegistryCandidate(Base):
    """A facility or case the extractor proposed from a capture, waiting for review.

    ``fields`` holds the proposed values as JSON (they differ by kind); ``fingerprint``
    is the capture, kind and place in the text, so extracting again proposes nothing
    twice. An accepted candidate names the record it became.
    """

    __tablename__ = "registry_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # facility | case
    fields: Mapped[str] = mapped_column(Text)  # JSON
    confidence: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    record_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reviewer: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")


REGISTRY_MODELS: tuple[type[Base], ...] = (Party, Place, Agreement, Statement, Communication,
                                          CommunicationDate, Case, Facility, RegistryCandidate)

# The audit check (``liuzhi verify``) walks ENTITIES: registry rows are held to the same
# chain as figures.
for _model in REGISTRY_MODELS:
    ENTITIES[str(_model.__tablename__)] = _model
