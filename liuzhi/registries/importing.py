"""Registry CSV files and data packages into the ledger, all or nothing.

The registries go through the ledger's one CSV parser (``liuzhi.ledger.importing``),
streamed in its two passes, with their own rules plugged in: a data package holding both
figures and registries is imported in one transaction, and one bad row anywhere means
nothing is written. Registry rows get the figures' checks (types, terms, duplicate ids,
references, circles of references) and their own: a reply dated before its letter, a
release before the taking, a place that is not in the place or region table, the same
record under two ids, a case whose ``public`` flag is missing or has no reason.

A case row that is not explicitly public is private: no error message quotes any of its
values, only its file, row and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa

from liuzhi.ledger import importing as core
from liuzhi.ledger.importing import ImportResult, Rules
from liuzhi.ledger.store import Ledger
from liuzhi.ledger.tables import TABLES
from liuzhi.problems import Problem
from liuzhi.registries.tables import COMMUNICATIONS, REGISTRY_TABLES, singular

WITHHELD = "(withheld: private case)"


def import_path(ledger: Ledger, path: Path, *, actor: str) -> ImportResult:
    """Import any ledger or registry CSV, or a datapackage.json with any of their resources."""
    return core.import_path(ledger, path, actor=actor, schema=SCHEMA)


def _withheld(record: dict[str, str]) -> str:
    """A case row not explicitly public is private: its values are never quoted."""
    return "" if record.get("public", "").strip().lower() == "true" else WITHHELD


def _case_rules(values: dict[str, Any], name: str, line: int,
                withheld: str) -> Iterable[Problem]:
    """Checks across the columns of one case row."""
    if values.get("public") is None:
        yield Problem("private-flag-missing", file=name, row=line, column="public")
    elif values["public"] and not values.get("public_reason"):
        yield Problem("public-without-reason", file=name, row=line, column="public_reason")
    taken, released = values.get("taken") or "", values.get("released") or ""
    if taken and released and _before(released, taken):
        yield Problem("release-before-taking", file=name, row=line, column="released",
                      value=withheld or released, detail=withheld or taken)


def _before(later: str, earlier: str) -> bool:
    """True when partial date ``later`` is certainly before ``earlier`` (2018-05 is not
    before 2018-05-09: the month may hold the day)."""
    width = min(len(later), len(earlier))
    return later[:width] < earlier[:width]


class _Kept(NamedTuple):
    """What the checking pass keeps of a registry row for the checks across rows."""
    id: str
    same: bytes  # a digest of what makes two rows the same record (_IDENTITY)
    date: str = ""  # communications only
    in_reply_to: str | None = None


#: What makes two rows the same record, whatever their ids.
_IDENTITY: dict[str, tuple[str, ...]] = {
    "agreements": ("record", "instrument_type", "chinese_party", "counterparty", "date",
                   "source_id"),
    "communications": ("sender", "recipient", "date", "channel", "subject"),
    "cases": ("name", "taken", "ordered_by"),
    "facilities": ("name", "place_code"),
}


def _digest(identity: Iterable[Any]) -> bytes:
    return hashlib.blake2b(repr(tuple(identity)).encode(), digest_size=16).digest()


def _keep(name: str) -> Callable[[dict[str, Any]], _Kept]:
    # A row with a bad cell lacks that value; the import stops before these are used.
    fields = _IDENTITY[name]
    if name == "communications":
        return lambda values: _Kept(values.get("id", ""), _digest(map(values.get, fields)),
                                    values.get("date", ""), values.get("in_reply_to"))
    return lambda values: _Kept(values.get("id", ""), _digest(map(values.get, fields)))


def _replies(session: sa.orm.Session, scan: core._Scan) -> Iterator[Problem]:
    """A reply dated before the communication it answers (in this file or the ledger)."""
    dates = {kept.id: kept.date for _, kept in scan.kept}
    letters = {kept.in_reply_to for _, kept in scan.kept if kept.in_reply_to and kept.date}
    stored = core.stored_values(session, COMMUNICATIONS, "date", sorted(letters - set(dates)))
    for line, kept in scan.kept:
        letter = kept.in_reply_to
        if not letter or not kept.date:
            continue
        letter_date = dates[letter] if letter in dates else stored.get(letter) or ""
        if letter_date and _before(kept.date, letter_date):
            yield Problem("reply-before-letter", file=scan.file, row=line, column="date",
                          value=kept.date, detail=f"{letter}, {letter_date}")


def _same_record(session: sa.orm.Session, scan: core._Scan) -> Iterator[Problem]:
    """No record under two ids, in this file or beside the ledger's rows."""
    model = scan.table.model
    fields = (getattr(model, f) for f in _IDENTITY[scan.table.name])
    seen = {_digest(identity): key for key, *identity in session.execute(
        sa.select(getattr(model, "id"), *fields))}
    for line, kept in scan.kept:
        other = seen.get(kept.same)
        if other is not None and other != kept.id:
            yield Problem("duplicate-record", file=scan.file, row=line, column=scan.table.key,
                          value=kept.id, detail=f"{singular(scan.table.name)} {other}")
        seen.setdefault(kept.same, kept.id)


#: A place code names a place or, failing that, a region.
_PLACE = (("place_code", ("places", "regions"), "unknown-place"),)


def _rules(name: str) -> Rules:
    keep = _keep(name) if name in _IDENTITY else None
    across = (_same_record,) if name in _IDENTITY else ()
    match name:
        case "communications":
            return Rules(keep=keep, across=(_replies, *across))
        case "cases":
            return Rules(row=_case_rules, hide=_withheld, references=_PLACE, keep=keep,
                         across=across)
        case "facilities":
            return Rules(references=_PLACE, keep=keep, across=across)
    return Rules(keep=keep, across=across)


#: The ledger's tables and the registries', in the order an import writes them.
SCHEMA = core.Schema((*TABLES, *REGISTRY_TABLES),
                     {**core.LEDGER.rules, **{t.name: _rules(t.name) for t in REGISTRY_TABLES}},
                     noun=singular)
