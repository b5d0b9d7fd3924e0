"""The registries as pages of flat rows, for the web pages and the JSON API.

Each row carries its source's URL, title and publisher beside its locator, so every
record shown can be footnoted to where it was read. Cases are filtered by the asker's
``Audience`` at the query (``records.cases``): a private case never enters a page for a
reader who may not see it, and asking for one by id answers "not found", the same as an
id that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from liuzhi.errors import LedgerError, NotFound
from liuzhi.ledger.queries import MAX_PER_PAGE, PUBLIC, Audience, Page
from liuzhi.ledger.store import Ledger
from liuzhi.registries import records, timeline

_SOURCE_FIELDS = ("url", "title", "publisher", "published")


def paged(rows: list[dict[str, Any]], page: int, per_page: int) -> Page:
    """One page of ``rows``."""
    if page < 1:
        raise LedgerError(f"page {page} does not exist: pages count from 1.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise LedgerError(f"per_page {per_page} is out of range: ask for 1 to {MAX_PER_PAGE}.")
    start = (page - 1) * per_page
    return Page(rows[start:start + per_page], len(rows), page, per_page)


def _sourced(record: records.Record) -> dict[str, Any]:
    row = dict(record.values)
    row["id"] = record.id
    for key in _SOURCE_FIELDS:
        row[f"source_{key}"] = record.source.get(key) or ""
    return row


def _party(parties: dict[str, dict[str, Any]], party_id: str | None) -> dict[str, str]:
    found = parties.get(party_id or "", {})
    return {"name_en": str(found.get("name_en", "")), "name_zh": str(found.get("name_zh", "")),
            "country": str(found.get("country", ""))}


def _named(row: dict[str, Any], field: str, parties: dict[str, dict[str, Any]]) -> None:
    party = _party(parties, row.get(field))
    row[f"{field}_name"] = party["name_en"]
    row[f"{field}_name_zh"] = party["name_zh"]
    row[f"{field}_country"] = party["country"]


def _same(value: str | None, wanted: str | None) -> bool:
    return not wanted or value == wanted


# ---------------------------------------------------------------------------- agreements

def agreement_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """Every agreement, instrument or claim, with its parties named, the instrument a
    claim refers to and, for an instrument, the claims that refer to it."""
    parties = records.parties(ledger)
    rows = [_sourced(r) for r in records.agreements(ledger)]
    claims: dict[str, list[str]] = {}
    for row in rows:
        if row["refers_to"]:
            claims.setdefault(row["refers_to"], []).append(row["id"])
    for row in rows:
        _named(row, "chinese_party", parties)
        _named(row, "counterparty", parties)
        row["claimed_by"] = ", ".join(claims.get(row["id"], []))
    return rows


def agreements(ledger: Ledger, *, record: str | None = None, status: str | None = None,
               instrument_type: str | None = None, party: str | None = None,
               page: int = 1, per_page: int = 50) -> Page:
    """Agreements filtered by record (instrument | claim), status, type and party (either
    side)."""
    rows = [r for r in agreement_rows(ledger)
            if _same(r["record"], record) and _same(r["status"], status)
            and _same(r["instrument_type"], instrument_type)
            and (not party or party in (r["chinese_party"], r["counterparty"]))]
    return paged(rows, page, per_page)


def agreement(ledger: Ledger, agreement_id: str) -> dict[str, Any]:
    """One agreement with what each party said of it, the instrument it refers to and
    the claims that refer to it."""
    rows = agreement_rows(ledger)
    found = next((r for r in rows if r["id"] == agreement_id), None)
    if found is None:
        raise NotFound(f"No agreement has the id {agreement_id!r}.")
    parties = records.parties(ledger)
    said = []
    for statement in records.statements(ledger):
        if statement.values["agreement_id"] == agreement_id:
            row = _sourced(statement)
            row["locator"] = row["quote"]  # the quoted words are where it is read
            _named(row, "party_id", parties)
            said.append(row)
    instrument = next((r for r in rows if r["id"] == found["refers_to"]), None)
    claims = [r for r in rows if r["refers_to"] == agreement_id]
    return {**found, "statements": said, "instrument": instrument, "claims": claims}


# ------------------------------------------------------------------------ communications

def _communication_row(comm: records.CommunicationRecord, parties: dict[str, dict[str, Any]],
                       sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    row = _sourced(comm)
    _named(row, "sender", parties)
    _named(row, "recipient", parties)
    row["dates"] = [{"date": d, "source_id": s, "locator": loc,
                     "source_url": sources.get(s, {}).get("url") or ""}
                    for d, s, loc in comm.dates]
    row["dates_text"] = "; ".join(f"{d} ({s})" for d, s, _ in comm.dates if d)
    row["dates_disagree"] = comm.dates_disagree
    row["answered"] = comm.answered
    row["unanswered"] = comm.unanswered
    days = comm.days_without_reply
    row["days_without_reply_min"] = days[0] if days else None
    row["days_without_reply_max"] = days[1] if days else None
    row["replies"] = ", ".join(comm.replies)
    row["as_of"] = comm.as_of.isoformat()
    return row


def communication_rows(ledger: Ledger, *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every communication with each source's date, its replies and, computed from the
    records as of ``as_of`` (today by default), whether it is unanswered and for how long."""
    parties = records.parties(ledger)
    sources = records.source_table(ledger)
    return [_communication_row(c, parties, sources)
            for c in records.communications(ledger, as_of=as_of)]


def communications(ledger: Ledger, *, party: str | None = None, unanswered: bool | None = None,
                   channel: str | None = None, as_of: dt.date | None = None, page: int = 1,
                   per_page: int = 50) -> Page:
    """Communications filtered by party (sender or recipient), channel and unanswered."""
    rows = [r for r in communication_rows(ledger, as_of=as_of)
            if (not party or party in (r["sender"], r["recipient"]))
            and _same(r["channel"], channel)
            and (unanswered is None or r["unanswered"] == unanswered)]
    return paged(rows, page, per_page)


def communication(ledger: Ledger, communication_id: str, *,
                  as_of: dt.date | None = None) -> dict[str, Any]:
    rows = communication_rows(ledger, as_of=as_of)
    found = next((r for r in rows if r["id"] == communication_id), None)
    if found is None:
        raise NotFound(f"No communication has the id {communication_id!r}.")
    found["reply_records"] = [r for r in rows if r["in_reply_to"] == communication_id]
    found["reply_to_record"] = next((r for r in rows if r["id"] == found["in_reply_to"]), None)
    return found


# --------------------------------------------------------------------------------- cases

def case_rows(ledger: Ledger, *, audience: Audience = PUBLIC) -> list[dict[str, Any]]:
    """The cases ``audience`` may see: public ones, and private ones (``private`` True)
    only for an audience that may see private records."""
    listing = records.cases(ledger, include_private=audience.private)
    places = records.places(ledger)
    rows = []
    for record in listing.records:
        row = _sourced(record)
        row["private"] = not row["public"]
        place = places.get(row["place_code"] or "", {})
        row["place_name_en"] = place.get("name_en", "")
        row["place_name_zh"] = place.get("name_zh", "")
        rows.append(row)
    return rows


def cases(ledger: Ledger, *, outcome: str | None = None, audience: Audience = PUBLIC,
          page: int = 1, per_page: int = 50) -> Page:
    rows = [r for r in case_rows(ledger, audience=audience) if _same(r["outcome"], outcome)]
    return paged(rows, page, per_page)


def case(ledger: Ledger, case_id: str, *, audience: Audience = PUBLIC) -> dict[str, Any]:
    """One case. A private case asked for by an audience that may not see it is "not
    found", in the same words as a missing id, so the answer does not reveal it exists."""
    found = next((r for r in case_rows(ledger, audience=audience) if r["id"] == case_id), None)
    if found is None:
        raise NotFound("No case is shown at this id.")
    return found


# ---------------------------------------------------------------------------- facilities

def facility_rows(ledger: Ledger) -> list[dict[str, Any]]:
    places = records.places(ledger)
    rows = []
    for record in records.facilities(ledger):
        row = _sourced(record)
        place = places.get(row["place_code"], {})
        row["place_name_en"] = place.get("name_en", "")
        row["place_name_zh"] = place.get("name_zh", "")
        row["region_code"] = place.get("region_code", "")
        rows.append(row)
    return rows


def facilities(ledger: Ledger, *, status: str | None = None, region: str | None = None,
               confidence: str | None = None, page: int = 1, per_page: int = 50) -> Page:
    """Facilities filtered by status, province (region code) or place code, confidence."""
    rows = [r for r in facility_rows(ledger)
            if _same(r["status"], status) and _same(r["confidence"], confidence)
            and (not region or region in (r["region_code"], r["place_code"]))]
    return paged(rows, page, per_page)


def facility(ledger: Ledger, facility_id: str) -> dict[str, Any]:
    found = next((r for r in facility_rows(ledger) if r["id"] == facility_id), None)
    if found is None:
        raise NotFound(f"No facility has the id {facility_id!r}.")
    return found


# ------------------------------------------------------------------------------ timeline

def day(text: str | None, name: str) -> dt.date | None:
    """A ``since``/``until`` bound: YYYY-MM-DD, or empty for none."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise LedgerError(f"{name} {text!r} is not a date: write it as YYYY-MM-DD, e.g. "
                          "2019-10-17.") from None


def kinds(text: str | None) -> tuple[str, ...] | None:
    """``kind`` as given: one kind or several separated by commas; empty for all."""
    chosen = tuple(k.strip() for k in (text or "").split(",") if k.strip())
    unknown = [k for k in chosen if k not in timeline.TIMELINE_KINDS]
    if unknown:
        raise LedgerError(f"kind {', '.join(unknown)!r} is not a timeline kind: use one of "
                          f"{', '.join(timeline.TIMELINE_KINDS)}, or several with commas.")
    return chosen or None


def timeline_events(ledger: Ledger, *, since: dt.date | None = None,
                    until: dt.date | None = None, kind: Iterable[str] | None = None,
                    audience: Audience = PUBLIC) -> list[dict[str, Any]]:
    """The timeline (``timeline.build``) as rows, dated events first then, when no date
    bound is given, the undated ones, each with its source's URL and its record's
    locator. Private cases only for an audience that may see them."""
    built = timeline.build(ledger, since=since, until=until, kinds=kind,
                           include_private=audience.private)
    # An undated event cannot be placed in a window: it is listed only when none is asked.
    undated = built.undated if since is None and until is None else []
    sources = records.source_table(ledger)
    locators = _locators(ledger, built.kinds, audience)
    return [{"date": e.date, "end": e.end, "kind": e.kind, "id": e.id, "title": e.title,
             "marks": list(e.marks), "marks_text": "; ".join(e.marks), "private": e.private,
             "source_id": e.source_id, "source_url": sources.get(e.source_id, {}).get("url")
             or "", "source_title": sources.get(e.source_id, {}).get("title") or "",
             "locator": locators.get((e.kind, e.id), "")}
            for e in [*built.events, *undated]]


def _locators(ledger: Ledger, chosen: Iterable[str],
              audience: Audience) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for kind in chosen:
        if kind == "figures":
            table = ledger.figure_table()
            if not table.empty:
                found.update({("figures", str(i)): str(loc or "")
                              for i, loc in zip(table["id"], table["locator"], strict=True)})
        elif kind == "cases":
            found.update({("cases", r["id"]): str(r["locator"] or "")
                          for r in case_rows(ledger, audience=audience)})
        else:
            rows, _ = records.listing(ledger, kind)
            found.update({(kind, r.id): str(r.values.get("locator") or "") for r in rows})
    return found


def timeline_page(ledger: Ledger, *, since: dt.date | None = None,
                  until: dt.date | None = None, kind: Iterable[str] | None = None,
                  audience: Audience = PUBLIC, page: int = 1, per_page: int = 100) -> Page:
    return paged(timeline_events(ledger, since=since, until=until, kind=kind,
                                 audience=audience), page, per_page)


def counts(ledger: Ledger, *, audience: Audience = PUBLIC) -> dict[str, int]:
    """How many records of each kind ``audience`` may see."""
    return {"agreements": len(records.agreements(ledger)),
            "communications": len(records.communications(ledger)),
            "cases": len(case_rows(ledger, audience=audience)),
            "facilities": len(records.facilities(ledger))}
