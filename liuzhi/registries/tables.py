"""How each registry table is written as CSV (the same ``Column``/``Table`` description
the figures use), and the registries' controlled vocabulary.

Dates are partial (YYYY, YYYY-MM or YYYY-MM-DD): as precise as the source, no more.
"""

from __future__ import annotations

from liuzhi.ledger.tables import Column, Table
from liuzhi.registries.models import (
    Agreement,
    Case,
    Communication,
    CommunicationDate,
    Facility,
    Party,
    Place,
    Statement,
)

PARTY_KINDS = {
    "supervision_body": "a Chinese supervision or discipline body (the NSC, a local commission, "
                        "or the NSC's predecessors)",
    "anti_corruption_body": "another state's anti-corruption, audit or inspection body",
    "police": "a police force",
    "ministry": "a ministry or other government office",
    "ombudsman": "a parliamentary ombudsman",
    "un_body": "a United Nations office, treaty body or special procedure",
    "ngo": "a non-governmental organisation",
    "state": "a state as a whole",
}

INSTRUMENT_TYPES = {
    "memorandum_of_understanding": "memorandum of understanding (谅解备忘录, MOU)",
    "memorandum_of_cooperation": "memorandum of cooperation (合作备忘录)",
    "cooperation_agreement": "cooperation agreement (合作协议)",
    "extradition_treaty": "extradition treaty (引渡条约)",
    "judicial_assistance_treaty": "mutual legal assistance treaty (司法协助条约)",
    "declaration": "declaration of cooperation",
    "intent_to_sign": "an intent to sign, no signing found",
    "talks": "talks only, no instrument found",
    "draft": "a draft instrument, signing not confirmed",
    "unspecified": "an agreement the source does not describe further",
}

AGREEMENT_STATUSES = {
    "signed": "signed; nothing found on its ending",
    "not_renewed": "signed, and a party said it would not renew it",
    "intent_only": "announced as intended; no signing found",
    "talks_only": "talks held; no instrument found",
    "draft": "being drafted",
    "claimed": "claimed by a party; the instrument itself not found",
}

CHANNELS = {
    "letter": "a letter",
    "allegation_letter": "a special procedure's allegation letter",
    "submission": "a submission to a UN mechanism",
    "reply": "a reply",
    "request": "a request",
}

OUTCOMES = {
    "released": "released",
    "measure_changed": "liuzhi lifted and changed to another measure",
    "transferred_for_prosecution": "transferred to the procuratorate (移送审查起诉)",
    "sentenced": "sentenced",
    "died_in_custody": "died in liuzhi",
    "died_after_release": "died after release",
}

FACILITY_STATUSES = {
    "planned": "planned or budgeted",
    "under_construction": "being built or renovated",
    "in_use": "in use",
}

CONFIDENCE = {
    "high": "an official document names the facility and what it holds",
    "medium": "an official document names it, with less detail",
    "low": "a second-hand report",
}

PARTIES = Table("parties", Party, "party_id", (
    Column("party_id", "id", "string", required=True),
    Column("name_en", "name_en", "string", required=True),
    Column("name_zh", "name_zh", "string"),
    Column("kind", "kind", "string", required=True, terms=tuple(PARTY_KINDS)),
    Column("country", "country", "string", required=True),
    Column("notes", "notes", "string"),
))

PLACES = Table("places", Place, "code", (
    Column("code", "code", "string", required=True),
    Column("name_zh", "name_zh", "string", required=True),
    Column("name_en", "name_en", "string", required=True),
    Column("level", "level", "string", required=True, terms=("prefecture", "county")),
    Column("region_code", "region_code", "string", required=True, references="regions"),
    Column("parent", "parent", "string", references="places"),
))

AGREEMENTS = Table("agreements", Agreement, "agreement_id", (
    Column("agreement_id", "id", "string", required=True),
    Column("record", "record", "string", required=True, terms=("instrument", "claim")),
    Column("instrument_type", "instrument_type", "string", required=True,
           terms=tuple(INSTRUMENT_TYPES)),
    Column("title", "title", "string"),
    Column("chinese_party", "chinese_party", "string", references="parties"),
    Column("counterparty", "counterparty", "string", references="parties"),
    Column("date", "date", "partial_date"),
    Column("date_kind", "date_kind", "string", terms=("signed", "reported", "held")),
    Column("place", "place", "string"),
    Column("status", "status", "string", terms=tuple(AGREEMENT_STATUSES)),
    Column("text_public", "text_public", "boolean"),
    Column("text_url", "text_url", "string"),
    Column("refers_to", "refers_to", "string", references="agreements"),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("locator", "locator", "string", required=True),
    Column("notes", "notes", "string"),
))

STATEMENTS = Table("statements", Statement, "statement_id", (
    Column("statement_id", "id", "string", required=True),
    Column("agreement_id", "agreement_id", "string", required=True, references="agreements"),
    Column("party_id", "party_id", "string", required=True, references="parties"),
    Column("date", "date", "partial_date"),
    Column("quote", "quote", "string", required=True),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("notes", "notes", "string"),
))

COMMUNICATIONS = Table("communications", Communication, "communication_id", (
    Column("communication_id", "id", "string", required=True),
    Column("sender", "sender", "string", required=True, references="parties"),
    Column("recipient", "recipient", "string", required=True, references="parties"),
    Column("date", "date", "partial_date"),
    Column("reference", "reference", "string"),
    Column("subject", "subject", "string", required=True),
    Column("channel", "channel", "string", required=True, terms=tuple(CHANNELS)),
    Column("reply_expected", "reply_expected", "boolean", required=True),
    Column("in_reply_to", "in_reply_to", "string", references="communications"),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("locator", "locator", "string", required=True),
    Column("notes", "notes", "string"),
))

COMMUNICATION_DATES = Table("communication_dates", CommunicationDate, "date_id", (
    Column("date_id", "id", "string", required=True),
    Column("communication_id", "communication_id", "string", required=True,
           references="communications"),
    Column("date", "date", "partial_date", required=True),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("locator", "locator", "string", required=True),
    Column("notes", "notes", "string"),
))

CASES = Table("cases", Case, "case_id", (
    Column("case_id", "id", "string", required=True),
    Column("name", "name", "string", required=True),
    Column("pseudonym", "pseudonym", "boolean", required=True),
    Column("role", "role", "string"),
    Column("employer", "employer", "string"),
    Column("ordered_by", "ordered_by", "string"),
    Column("place_code", "place_code", "string"),
    Column("taken", "taken", "partial_date"),
    Column("released", "released", "partial_date"),
    Column("outcome", "outcome", "string", terms=tuple(OUTCOMES)),
    Column("outcome_date", "outcome_date", "partial_date"),
    Column("public", "public", "boolean"),  # required, with its own message
    Column("public_reason", "public_reason", "string"),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("locator", "locator", "string", required=True),
    Column("notes", "notes", "string"),
))

FACILITIES = Table("facilities", Facility, "facility_id", (
    Column("facility_id", "id", "string", required=True),
    Column("name", "name", "string", required=True),
    Column("place_code", "place_code", "string", required=True),
    Column("address", "address", "string"),
    Column("latitude", "latitude", "number"),
    Column("longitude", "longitude", "number"),
    Column("status", "status", "string", terms=tuple(FACILITY_STATUSES)),
    Column("capacity", "capacity", "string"),
    Column("rooms", "rooms", "integer"),
    Column("beds", "beds", "integer"),
    Column("confidence", "confidence", "string", required=True, terms=tuple(CONFIDENCE)),
    Column("confidence_reason", "confidence_reason", "string", required=True),
    Column("first_seen", "first_seen", "partial_date"),
    Column("last_seen", "last_seen", "partial_date"),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("locator", "locator", "string", required=True),
    Column("notes", "notes", "string"),
))

#: In the order an import writes them: what is referred to comes first.
REGISTRY_TABLES: tuple[Table, ...] = (PARTIES, PLACES, AGREEMENTS, STATEMENTS, COMMUNICATIONS,
                                      COMMUNICATION_DATES, CASES, FACILITIES)

#: Columns of a case that could identify the person; never quoted in an error message.
PERSONAL = ("name", "role", "employer", "notes", "locator", "public_reason")


def singular(table: str) -> str:
    """A table's name for one of its records: facilities → facility."""
    return {"parties": "party", "facilities": "facility", "communication_dates": "date",
            "cases": "case"}.get(table, table.rstrip("s"))
