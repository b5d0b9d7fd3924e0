"""One timeline of figures' periods, agreements, communications, public cases and
facilities, in date order.

An event's date is a partial date as its source gives it; filters compare the span it
can mean (2019-10 covers the whole month). Undated events are kept apart, not guessed
into place. A communication whose sources disagree on its date carries each source's
date; an unanswered one carries how long it has waited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from liuzhi import vocabulary
from liuzhi.ledger.store import Ledger
from liuzhi.registries import records

TIMELINE_KINDS = ("figures", "agreements", "communications", "cases", "facilities")

#: A title or mark as a key of ``liuzhi.publish.words.PHRASES`` and its parameters, so the
#: Chinese report can say it in Chinese (``title`` and ``marks`` are the English).
Phrase = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Event:
    date: str  # partial ISO date; "" when undated
    end: str  # last date of a period (figures), else ""
    kind: str
    id: str
    title: str
    source_id: str
    marks: tuple[str, ...] = ()
    private: bool = False
    phrase: Phrase | None = field(default=None, compare=False)
    mark_phrases: tuple[Phrase, ...] = field(default=(), compare=False)

    @property
    def span(self) -> tuple[dt.date | None, dt.date | None]:
        return records.earliest(self.date), records.latest(self.end or self.date)


@dataclass
class Timeline:
    events: list[Event]
    undated: list[Event]
    private: int = 0  # private cases included
    kinds: tuple[str, ...] = field(default=TIMELINE_KINDS)


def build(ledger: Ledger, *, since: dt.date | None = None, until: dt.date | None = None,
          kinds: Iterable[str] | None = None, include_private: bool = False,
          as_of: dt.date | None = None, measures: Iterable[str] | None = None) -> Timeline:
    """The events of ``kinds`` overlapping [since, until], in date order.

    ``measures`` limits the figures shown (all measures by default)."""
    chosen = tuple(kinds or TIMELINE_KINDS)
    unknown = [k for k in chosen if k not in TIMELINE_KINDS]
    if unknown:
        from liuzhi.errors import LedgerError

        raise LedgerError(f"--kind {', '.join(unknown)} is not a timeline kind; use "
                          f"{', '.join(TIMELINE_KINDS)}.")
    as_of = as_of or until or dt.date.today()
    events: list[Event] = []
    private = 0
    if "figures" in chosen:
        events += _figures(ledger, set(measures) if measures else None)
    if "agreements" in chosen:
        parties = records.parties(ledger)
        events += [_agreement(r, parties) for r in records.agreements(ledger)]
    if "communications" in chosen:
        parties = records.parties(ledger)
        for comm in records.communications(ledger, as_of=as_of):
            events += _communication(comm, parties)
    if "cases" in chosen:
        listing = records.cases(ledger, include_private=include_private)
        private = listing.private
        for case in listing.records:
            events += _case(case)
    if "facilities" in chosen:
        events += [_facility(r) for r in records.facilities(ledger)]
    dated = [e for e in events if e.date and _overlaps(e, since, until)]
    undated = [e for e in events if not e.date]
    dated.sort(key=lambda e: (e.span[0] or dt.date.min, e.kind, e.id))
    return Timeline(dated, undated, private, chosen)


def _overlaps(event: Event, since: dt.date | None, until: dt.date | None) -> bool:
    start, end = event.span
    if since is not None and end is not None and end < since:
        return False
    return not (until is not None and start is not None and start > until)


def _figures(ledger: Ledger, measures: set[str] | None) -> list[Event]:
    table = ledger.figure_table()
    events = []
    for row in table.itertuples() if not table.empty else []:
        if measures is not None and row.measure not in measures:
            continue
        if isinstance(row.duplicate_of, str) and row.duplicate_of:
            continue
        value = _number(row.value)
        if row.value_high == row.value_high and row.value_high is not None:  # not NaN
            value += f"–{_number(row.value_high)}"
        title = (f"{vocabulary.MEASURES.get(row.measure, row.measure)}, {row.region_name}: "
                 f"{value} {row.unit.replace('_', ' ')} ({row.qualifier.replace('_', ' ')})")
        phrase = ("ev_figure", {"measure": row.measure, "region": row.region_name,
                                "value": value, "unit": row.unit, "qualifier": row.qualifier})
        events.append(Event(row.period_start.isoformat(), row.period_end.isoformat(),
                            "figures", row.id, title, row.source_id, phrase=phrase))
    return events


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _name(parties: dict[str, dict[str, object]], party_id: str | None) -> str:
    if not party_id:
        return "(not named)"
    return str(parties.get(party_id, {}).get("name_en", party_id))


def _name_zh(parties: dict[str, dict[str, object]], party_id: str | None) -> str:
    """The party's Chinese name where the registry has one (for the Chinese report)."""
    if not party_id:
        return "（未具名）"
    return str(parties.get(party_id, {}).get("name_zh") or "") or _name(parties, party_id)


def _pair(parties: dict[str, dict[str, object]], a: str | None, b: str | None) -> dict[str, Any]:
    return {"a": _name(parties, a), "a_zh": _name_zh(parties, a),
            "b": _name(parties, b), "b_zh": _name_zh(parties, b)}


def _agreement(record: records.Record, parties: dict[str, dict[str, object]]) -> Event:
    v = record.values
    what = v["instrument_type"].replace("_", " ")
    pair = _pair(parties, v["chinese_party"], v["counterparty"])
    if v["record"] == "claim":
        title = (f"claim reported: {_name(parties, v['chinese_party'])} has an agreement with "
                 f"{_name(parties, v['counterparty'])}")
        phrase: Phrase = ("ev_claim", pair)
    else:
        title = (f"{what}: {_name(parties, v['chinese_party'])} – "
                 f"{_name(parties, v['counterparty'])}")
        phrase = ("ev_instrument", {"instrument_type": v["instrument_type"], **pair})
    marks = [f"status {v['status'].replace('_', ' ')}"] if v["status"] else []
    phrases: list[Phrase] = [("mark_status", {"status": v["status"]})] if v["status"] else []
    if v["text_public"] is False:
        marks.append("text not public")
        phrases.append(("mark_text_not_public", {}))
    if v["refers_to"]:
        marks.append(f"instrument found: {v['refers_to']}")
        phrases.append(("mark_found", {"id": v["refers_to"]}))
    return Event(v["date"], "", "agreements", record.id, title, v["source_id"], tuple(marks),
                 phrase=phrase, mark_phrases=tuple(phrases))


def _communication(comm: records.CommunicationRecord,
                   parties: dict[str, dict[str, object]]) -> list[Event]:
    v = comm.values
    title = f"{_name(parties, v['sender'])} → {_name(parties, v['recipient'])}: {v['subject']}"
    phrase = ("ev_communication",
              {**_pair(parties, v["sender"], v["recipient"]), "subject": v["subject"]})
    marks, phrases = [], []
    if comm.dates_disagree:
        dates = "; ".join(f"{d} ({s})" for d, s, _ in comm.dates if d)
        marks.append("sources disagree on the date: " + dates)
        phrases.append(("mark_dates", {"dates": dates}))
    if comm.unanswered:
        days = comm.days_without_reply
        if days is None:
            marks.append("UNANSWERED (date unknown)")
            phrases.append(("mark_unanswered_unknown", {}))
        else:
            waited = f"{days[0]:,}" if days[0] == days[1] else f"{days[0]:,}–{days[1]:,}"
            marks.append(f"UNANSWERED: {waited} days without reply")
            phrases.append(("mark_unanswered", {"days": waited}))
    elif comm.answered:
        marks.append(f"answered by {', '.join(comm.replies)}")
        phrases.append(("mark_answered", {"ids": ", ".join(comm.replies)}))
    if v["in_reply_to"]:
        marks.append(f"reply to {v['in_reply_to']}")
        phrases.append(("mark_reply_to", {"id": v["in_reply_to"]}))
    date = v["date"] or next((d for d, _, _ in comm.dates if d), "")
    return [Event(date, "", "communications", comm.id, title, v["source_id"], tuple(marks),
                  phrase=phrase, mark_phrases=tuple(phrases))]


def _case(record: records.Record) -> list[Event]:
    v = record.values
    private = not v["public"]
    who = f"{v['name']}" + (f", {v['role']}" if v["role"] else "")
    events = []
    marks = ("PRIVATE",) if private else ()
    phrases: tuple[Phrase, ...] = (("mark_private", {}),) if private else ()
    if v["taken"] or not (v["released"] or v["outcome_date"]):
        events.append(Event(v["taken"], "", "cases", record.id, f"placed in liuzhi: {who}",
                            v["source_id"], marks, private, ("ev_taken", {"who": who}), phrases))
    if v["released"]:
        events.append(Event(v["released"], "", "cases", record.id, f"released: {who}",
                            v["source_id"], marks, private, ("ev_released", {"who": who}),
                            phrases))
    if v["outcome"] and v["outcome_date"] and v["outcome_date"] != v["released"]:
        events.append(Event(v["outcome_date"], "", "cases", record.id,
                            f"{v['outcome'].replace('_', ' ')}: {who}", v["source_id"],
                            marks, private, ("ev_outcome", {"outcome": v["outcome"], "who": who}),
                            phrases))
    return events


def _facility(record: records.Record) -> Event:
    v = record.values
    marks = [m for m in (v["status"].replace("_", " "), f"confidence {v['confidence']}") if m]
    phrases: list[Phrase] = [("mark_facility_status", {"facility_status": v["status"]})] \
        if v["status"] else []
    phrases.append(("mark_confidence", {"confidence": v["confidence"]}))
    return Event(v["first_seen"], v["last_seen"], "facilities", record.id,
                 f"facility: {v['name']} ({v['place_code']})", v["source_id"], tuple(marks),
                 phrase=("ev_facility", {"name": v["name"], "place_code": v["place_code"]}),
                 mark_phrases=tuple(phrases))
