"""The registry commands of ``liuzhi``: agreements, communications, cases, facilities,
timeline. Registered on the one ``app`` in liuzhi/cli.py, printed the same way.

Every value from a record is escaped before rich sees it: sources are untrusted text.
A private case is printed only with ``--include-private``, and then every output starts
by saying that it holds private records.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from liuzhi.cli import Home, _date, _ledger, command, out
from liuzhi.errors import LiuzhiError
from liuzhi.registries import records
from liuzhi.registries import timeline as registry_timeline
from liuzhi.registries.tables import singular

RecordId = Annotated[str | None, typer.Argument(help="Show this record in full.")]
IncludePrivate = Annotated[bool, typer.Option(
    "--include-private", help="Include private cases (the output says it holds them).")]
AsOf = Annotated[str | None, typer.Option(
    "--as-of", help="Count days without reply up to this date, YYYY-MM-DD (default today).")]

PRIVATE_BANNER = ("[bold red]PRIVATE RECORDS INCLUDED:[/] {n} private case(s) are shown "
                  "because --include-private was given. Do not publish this output.")


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _party(parties: dict[str, dict[str, Any]], party_id: str | None) -> str:
    if not party_id:
        return "(not named)"
    return str(parties.get(party_id, {}).get("name_en", party_id))


def _show(record: records.Record) -> None:
    out.print(f"[bold]{_e(singular(record.kind))} {_e(record.id)}[/]")
    for name, value in record.values.items():
        if name != "id" and value not in (None, ""):
            out.print(f"  {_e(name)}: {_e(value)}", soft_wrap=True)
    if isinstance(record, records.CommunicationRecord):
        for date, source_id, locator in record.dates:
            out.print(f"  date per {_e(source_id)}: {_e(date or 'not given')} — “{_e(locator)}”",
                      soft_wrap=True)
        if record.dates_disagree:
            out.print("  [yellow]sources disagree on the date[/]")
        answered = "yes, by " + ", ".join(record.replies) if record.answered else "no"
        out.print(f"  answered: {answered}")
        days = record.days_without_reply
        if record.unanswered:
            span = ("date unknown" if days is None else f"{days[0]:,}" if days[0] == days[1]
                    else f"{days[0]:,}–{days[1]:,}")
            out.print(f"  [red]unanswered[/]: days without reply to {record.as_of}: {span}")
    source = record.source
    out.print(f"  source: {_e(record.values.get('source_id'))} {_e(source.get('publisher'))}, "
              f"{_e(source.get('published') or 'date not given')} {_e(source.get('url'))}",
              soft_wrap=True)


def _list(kind: str, found: list[records.Record], parties: dict[str, dict[str, Any]]) -> None:
    if kind == "agreements":
        table = Table("id", "record", "type", "Chinese party", "counterparty", "date", "status",
                      "refers to")
        for r in found:
            v = r.values
            table.add_row(_e(r.id), _e(v["record"]), _e(v["instrument_type"]),
                          _e(_party(parties, v["chinese_party"])),
                          _e(_party(parties, v["counterparty"])), _e(v["date"]),
                          _e(v["status"]), _e(v["refers_to"]))
    elif kind == "communications":
        table = Table("id", "date", "from", "to", "subject", "reply")
        for r in found:
            assert isinstance(r, records.CommunicationRecord)
            v = r.values
            dates = " / ".join(dict.fromkeys(d for d, _, _ in r.dates if d)) or "?"
            if r.unanswered:
                days = r.days_without_reply
                reply = ("[red]UNANSWERED[/]" + ("" if days is None else
                         f" {days[0]:,}" + (f"–{days[1]:,}" if days[1] != days[0] else "")
                         + " days"))
            elif r.answered:
                reply = "answered: " + ", ".join(r.replies)
            else:
                reply = "in reply to " + _e(v["in_reply_to"]) if v["in_reply_to"] else "–"
            table.add_row(_e(r.id), _e(dates), _e(_party(parties, v["sender"])),
                          _e(_party(parties, v["recipient"])), _e(v["subject"]), reply)
    elif kind == "cases":
        table = Table("id", "name", "role, employer", "ordered by", "taken", "released",
                      "outcome", "public")
        for r in found:
            v = r.values
            table.add_row(_e(r.id), _e(v["name"]), _e(", ".join(x for x in (v["role"],
                          v["employer"]) if x)), _e(v["ordered_by"]), _e(v["taken"]),
                          _e(v["released"]), _e(v["outcome"]),
                          "yes" if v["public"] else "[red]PRIVATE[/]")
    else:
        table = Table("id", "name", "place", "status", "capacity", "confidence", "first seen")
        for r in found:
            v = r.values
            table.add_row(_e(r.id), _e(v["name"]), _e(v["place_code"]), _e(v["status"]),
                          _e(v["capacity"]), _e(v["confidence"]), _e(v["first_seen"]))
    out.print(table)


def _registry(kind: str, record_id: str | None, home: Any, include_private: bool = False,
              as_of: str | None = None) -> None:
    _, ledger = _ledger(home, seed=True)
    when = _date(as_of)
    if record_id is not None:
        record = records.find(ledger, kind, record_id, include_private=include_private)
        if kind == "communications":
            record = next(r for r in records.communications(ledger, as_of=when)
                          if r.id == record_id)
        if kind == "cases" and not record.values["public"]:
            out.print(PRIVATE_BANNER.format(n=1))
        _show(record)
        return
    found, private = records.listing(ledger, kind, include_private=include_private, as_of=when)
    if private:
        out.print(PRIVATE_BANNER.format(n=private))
    _list(kind, list(found), records.parties(ledger))
    out.print(f"{len(found)} {kind}." + (" Private cases are left out; --include-private "
                                          "shows them." if kind == "cases" and not
                                          include_private else ""))


@command()
def agreements(record_id: RecordId = None, home: Home = None) -> None:
    """List the cooperation agreements (instruments found and claims as reported), or show one."""
    _registry("agreements", record_id, home)


@command()
def communications(record_id: RecordId = None, as_of: AsOf = None, home: Home = None) -> None:
    """List letters to and from UN bodies and institutions, answered or not, or show one."""
    _registry("communications", record_id, home, as_of=as_of)


@command()
def cases(
    record_id: RecordId = None,
    include_private: IncludePrivate = False,
    publish: Annotated[str | None, typer.Option(
        help="Make this case public (an audited change); needs --reason.")] = None,
    reason: Annotated[str, typer.Option(help="With --publish: why it may be shown.")] = "",
    home: Home = None,
) -> None:
    """List the public cases (private ones with --include-private), or show one."""
    if publish is not None:
        settings, ledger = _ledger(home)
        records.mark_public(ledger, publish, reason=reason, actor=settings.actor)
        out.print(f"Case {_e(publish)} is now public ({_e(reason)}).")
        return
    _registry("cases", record_id, home, include_private=include_private)


@command()
def facilities(record_id: RecordId = None, home: Home = None) -> None:
    """List the liuzhi facilities found (tender notices, budgets, news), or show one."""
    _registry("facilities", record_id, home)


@command("timeline")
def timeline_(
    since: Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD.")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        help="Only these kinds (repeatable): figures, agreements, communications, cases, "
             "facilities.")] = None,
    include_private: IncludePrivate = False,
    home: Home = None,
) -> None:
    """Figures' periods, agreements, communications (unanswered marked), public cases and
    facilities in date order."""
    _, ledger = _ledger(home, seed=True)
    start, end = _date(since), _date(until)
    if start and end and start > end:
        raise LiuzhiError(f"--since {start} is after --until {end}; swap them.")
    built = registry_timeline.build(ledger, since=start, until=end, kinds=kind,
                                    include_private=include_private,
                                    as_of=end or dt.date.today())
    if built.private:
        out.print(PRIVATE_BANNER.format(n=built.private))
    table = Table("date", "to", "kind", "id", "what", "source", "notes")
    for event in built.events:
        table.add_row(_e(event.date), _e(event.end if event.end != event.date else ""),
                      _e(event.kind), _e(event.id), _e(event.title), _e(event.source_id),
                      _e("; ".join(event.marks)))
    out.print(table)
    if built.undated:
        out.print(f"{len(built.undated)} undated record(s), not placed on the timeline: "
                  + ", ".join(_e(f"{e.kind} {e.id}") for e in built.undated), soft_wrap=True)


@command("registry-review")
def registry_review(
    list_: Annotated[bool, typer.Option("--list", help="List pending facility and case "
                                        "candidates.")] = False,
    accept: Annotated[int | None, typer.Option(help="Accept this candidate id.")] = None,
    reject: Annotated[int | None, typer.Option(help="Reject this candidate id.")] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="With --accept: set a field first, FIELD=VALUE (repeatable), e.g. "
        "place_code=610625.")] = None,
    note: Annotated[str, typer.Option(help="With --reject: why.")] = "",
    home: Home = None,
) -> None:
    """Decide on the facilities and cases `liuzhi extract` proposed from captures; an
    accepted case is private until published."""
    from liuzhi.review import registry as queue

    settings, ledger = _ledger(home)
    if accept is not None:
        record_id = queue.accept(ledger, accept, reviewer=settings.actor, edits=set_ or [])
        out.print(f"Accepted registry candidate {accept} as {_e(record_id)}"
                  + (" (a private case: publish it with `liuzhi cases --publish ID --reason "
                     "TEXT`)." if record_id.startswith("K") else "."))
        return
    if reject is not None:
        queue.reject(ledger, reject, reviewer=settings.actor, note=note)
        out.print(f"Rejected registry candidate {reject}.")
        return
    if not list_:
        raise LiuzhiError("Say what to do: --list, --accept ID [--set FIELD=VALUE]... or "
                          "--reject ID [--note TEXT].")
    table = Table("id", "kind", "capture", "proposed", "sentence")
    for candidate in queue.pending(ledger):
        table.add_row(str(candidate.id), candidate.kind, str(candidate.capture_id),
                      _e(candidate.fields), _e(candidate.evidence))
    out.print(table)
