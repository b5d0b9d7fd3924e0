"""The report's cooperation and timeline sections, built from the registries.

Private cases never enter: the report is a public output, so the cases come from the
public listing only. Every agreement, communication and event carries a numbered note to
its source (publisher, date, URL and the phrase it was found in), numbered apart from the
figures' footnotes so the two lists cannot collide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from liuzhi.ledger.store import Ledger
from liuzhi.registries import records, timeline

#: The report's timeline shows liuzhi counts beside the registries, not every covariate.
TIMELINE_MEASURES = ("liuzhi", "facilities")


@dataclass
class SourceNotes:
    """Sources cited by the registry sections, numbered in order of first citation."""

    sources: dict[str, dict[str, Any]]
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def cite(self, source_id: str, locator: str) -> int:
        key = (source_id, locator)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def entries(self) -> list[dict[str, Any]]:
        return [{"number": n, "source_id": sid, "locator": loc, **self.sources.get(sid, {})}
                for (sid, loc), n in sorted(self.numbers.items(), key=lambda item: item[1])]


@dataclass
class Sections:
    agreements: list[dict[str, Any]]
    communications: list[dict[str, Any]]
    events: list[dict[str, Any]]
    undated: int
    notes: SourceNotes
    as_of: str


def build(ledger: Ledger, *, as_of: dt.date | None = None) -> Sections:
    as_of = as_of or dt.date.today()
    sources = records.source_table(ledger)
    parties = records.parties(ledger)
    agreements = records.agreements(ledger)
    communications = records.communications(ledger, as_of=as_of)
    notes = SourceNotes(sources)

    def party(party_id: str | None) -> str:
        return str(parties.get(party_id or "", {}).get("name_en", "")) or "not named"

    def party_zh(party_id: str | None) -> str:
        """The Chinese name where the registry has one; empty when no party is named."""
        found = parties.get(party_id or "", {})
        return str(found.get("name_zh") or found.get("name_en") or "")

    agreement_rows = [{
        "id": r.id, "record": r.values["record"],
        "type": r.values["instrument_type"].replace("_", " "),
        "chinese_party": party(r.values["chinese_party"]),
        "counterparty": party(r.values["counterparty"]),
        "date": r.values["date"] or "not given", "status": r.values["status"].replace("_", " "),
        "refers_to": r.values["refers_to"] or "", "notes": r.values["notes"],
        "text_public": r.values["text_public"],
        "note": notes.cite(r.values["source_id"], r.values["locator"]),
        # the codes and Chinese names, for the Chinese report's words
        "type_code": r.values["instrument_type"], "status_code": r.values["status"] or "",
        "date_given": r.values["date"] or "",
        "chinese_party_zh": party_zh(r.values["chinese_party"]),
        "counterparty_zh": party_zh(r.values["counterparty"]),
    } for r in agreements]
    communication_rows = []
    for c in communications:
        days = c.days_without_reply
        extra = [notes.cite(source_id, locator) for date, source_id, locator in c.dates[1:]]
        communication_rows.append({
            "id": c.id, "sender": party(c.values["sender"]),
            "recipient": party(c.values["recipient"]), "subject": c.values["subject"],
            "dates": [(d, s) for d, s, _ in c.dates if d], "disagree": c.dates_disagree,
            "reference": c.values["reference"], "unanswered": c.unanswered,
            "answered_by": list(c.replies), "in_reply_to": c.values["in_reply_to"] or "",
            "days": days, "note": notes.cite(c.values["source_id"], c.values["locator"]),
            "extra_notes": extra,
            "sender_zh": party_zh(c.values["sender"]),
            "recipient_zh": party_zh(c.values["recipient"]),
        })
    built = timeline.build(ledger, include_private=False, as_of=as_of,
                           measures=TIMELINE_MEASURES)
    locators = _locators(ledger)
    events = [{"date": e.date, "end": e.end if e.end != e.date else "", "kind": e.kind,
               "id": e.id, "title": e.title, "marks": list(e.marks),
               "phrase": e.phrase, "mark_phrases": list(e.mark_phrases),
               "note": notes.cite(e.source_id, locators.get((e.kind, e.id), ""))}
              for e in built.events if not e.private]
    return Sections(agreement_rows, communication_rows, events, len(built.undated), notes,
                    as_of.isoformat())


def _locators(ledger: Ledger) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    table = ledger.figure_table()
    if not table.empty:
        found.update({("figures", row.id): row.locator for row in table.itertuples()})
    for kind in ("agreements", "communications", "facilities"):
        for record in records.listing(ledger, kind)[0]:
            found[(kind, record.id)] = record.values["locator"]
    for record in records.cases(ledger).records:
        found[("cases", record.id)] = record.values["locator"]
    return found
