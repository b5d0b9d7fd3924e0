"""Registry CSV files and data packages into the ledger, all or nothing.

A data package holding both figures and registries is imported in one transaction: one
bad row anywhere and nothing is written. Registry rows get the figures' checks (types,
terms, duplicate ids, references) and their own: a reply dated before its letter, a
release before the taking, a place that is not in the place or region table, the same
record under two ids, a case whose ``public`` flag is missing or has no reason.

A case row that is not explicitly public is private: no error message quotes any of its
values, only its file, row and column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from liuzhi.errors import ImportFailed
from liuzhi.ledger import importing as core
from liuzhi.ledger.importing import ImportResult, ParsedTable
from liuzhi.ledger.store import Ledger
from liuzhi.ledger.tables import BY_NAME, TABLES, Table
from liuzhi.problems import Problem
from liuzhi.registries.tables import REGISTRY_BY_NAME, REGISTRY_TABLES, singular

WITHHELD = "(withheld: private case)"


def import_path(ledger: Ledger, path: Path, *, actor: str) -> ImportResult:
    """Import any ledger or registry CSV, or a datapackage.json with any of their resources."""
    path = Path(path)
    if not path.is_file():  # folders, pipes, devices: the core importer says what they are
        return core.import_path(ledger, path, actor=actor)
    if path.suffix == ".json":
        core_parts, registry_parts = _read_package(path)
    else:
        table = _registry_table_of(path)
        if table is None:
            return core.import_path(ledger, path, actor=actor)
        core_parts, registry_parts = [], [read_csv(path, table)]
    return write(ledger, core_parts, registry_parts, actor=actor)


def write(ledger: Ledger, core_parts: list[ParsedTable], registry_parts: list[ParsedTable], *,
          actor: str) -> ImportResult:
    """Check every reference and cross-row rule, then write all parts in one transaction."""
    with ledger.transaction(actor) as writer:
        session = writer.session
        if core_parts:
            core._check_references(session, core_parts)
        problems = list(_references(session, core_parts + registry_parts, registry_parts))
        problems += _rules(session, core_parts + registry_parts)
        if problems:
            raise core._fail(problems)
        result = core.write_parsed(writer, core_parts)
        return core.write_parsed(writer, registry_parts, result)


def _read_package(path: Path) -> tuple[list[ParsedTable], list[ParsedTable]]:
    resources = core.read_descriptor(path)
    core_parts = (core._read_package(path) if any(t.name in resources for t in TABLES)
                  else [])
    registry_parts = [read_csv(core._resource_path(path, t.name, resources[t.name]), t)
                      for t in REGISTRY_TABLES if t.name in resources]
    if not core_parts and not registry_parts:
        names = ", ".join(t.name for t in (*TABLES, *REGISTRY_TABLES))
        raise ImportFailed(f"{path} has no resource named {names}; nothing was imported.")
    return core_parts, registry_parts


def _registry_table_of(path: Path) -> Table | None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return None  # the core importer reports it
    return next((t for t in REGISTRY_TABLES if first[:1] == [t.key]), None)


def _is_private(table: Table, record: dict[str, Any]) -> bool:
    return table.name == "cases" and str(record.get("public") or "").strip().lower() != "true"


def read_csv(path: Path, table: Table) -> ParsedTable:
    """Parse and type every row of a registry CSV; ImportFailed lists every problem."""
    name = str(path)
    try:
        text = core._read_bytes(path, limit=core.MAX_IMPORT_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise core._fail([Problem("not-utf8", file=name, detail=str(error.reason))]) from error
    try:
        reader = csv.DictReader(text.splitlines(), strict=True)
        header = list(reader.fieldnames or [])
        records = list(reader)
    except csv.Error as error:
        raise core._fail([Problem("not-csv", file=name, detail=str(error))]) from error
    problems = [Problem("missing-column", file=name, column=c.name)
                for c in table.columns if c.name not in header]
    if problems:
        raise core._fail(problems)
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    for line, record in enumerate(records, start=2):
        if None in record or any(v is None for v in record.values()):
            problems.append(Problem("not-csv", file=name, row=line,
                                    detail="this row has a different number of columns "
                                           "from the header"))
            continue
        private = _is_private(table, record)
        values: dict[str, Any] = {}
        for column in table.columns:
            raw = record[column.name]
            try:
                values[column.attribute] = core._parse(column, raw.strip())
            except core._Bad as bad:
                problems.append(Problem(bad.id, file=name, row=line, column=column.name,
                                        value=WITHHELD if private else raw, detail=bad.detail))
        key = record[table.key].strip()
        if key in seen:
            problems.append(Problem("duplicate-key", file=name, row=line, column=table.key,
                                    value=key))
        seen.add(key)
        problems.extend(_row_rules(table, values, name, line))
        rows.append((line, values))
    if problems:
        raise core._fail(problems)
    return ParsedTable(table, name, rows)


def _row_rules(table: Table, values: dict[str, Any], name: str,
               line: int) -> Iterable[Problem]:
    """Checks across the columns of one registry row."""
    if table.name == "cases":
        if values.get("public") is None:
            yield Problem("private-flag-missing", file=name, row=line, column="public")
        elif values["public"] and not values.get("public_reason"):
            yield Problem("public-without-reason", file=name, row=line, column="public_reason")
        taken, released = values.get("taken") or "", values.get("released") or ""
        if taken and released and _before(released, taken):
            yield Problem("release-before-taking", file=name, row=line, column="released",
                          value=released, detail=taken)


def _before(later: str, earlier: str) -> bool:
    """True when partial date ``later`` is certainly before ``earlier`` (2018-05 is not
    before 2018-05-09: the month may hold the day)."""
    width = min(len(later), len(earlier))
    return later[:width] < earlier[:width]


def _key(table: Table) -> str:
    return next(c.attribute for c in table.columns if c.name == table.key)


def _all_tables() -> dict[str, Table]:
    return {**BY_NAME, **REGISTRY_BY_NAME}


def _exists(session: sa.orm.Session, table: Table, key: Any) -> bool:
    column = getattr(table.model, _key(table))
    return bool(session.scalar(sa.select(sa.func.count()).select_from(table.model)
                               .where(column == key)))


def _references(session: sa.orm.Session, parts: list[ParsedTable],
                checked: list[ParsedTable]) -> Iterable[Problem]:
    """Every reference in ``checked`` must name a row in this import or in the ledger; a
    place code must name a place or a region."""
    tables = _all_tables()
    incoming = {p.table.name: {values[_key(p.table)] for _, values in p.rows} for p in parts}
    for part in checked:
        references = [(c, c.references) for c in part.table.columns if c.references]
        references += [(c, "places") for c in part.table.columns if c.name == "place_code"]
        for column, target_name in references:
            target = tables[target_name]
            for line, values in part.rows:
                ref = values[column.attribute]
                if not ref or ref in incoming.get(target_name, set()):
                    continue
                if _exists(session, target, ref):
                    continue
                if target_name == "places":
                    if ref in incoming.get("regions", set()) or _exists(session, BY_NAME["regions"],
                                                                        ref):
                        continue
                    yield Problem("unknown-place", file=part.file, row=line, column=column.name,
                                  value=ref)
                    continue
                yield Problem("unknown-reference", file=part.file, row=line, column=column.name,
                              value=ref, detail=singular(target_name))



#: What makes two rows the same record, whatever their ids.
_IDENTITY: dict[str, tuple[str, ...]] = {
    "agreements": ("record", "instrument_type", "chinese_party", "counterparty", "date",
                   "source_id"),
    "communications": ("sender", "recipient", "date", "channel", "subject"),
    "cases": ("name", "taken", "ordered_by"),
    "facilities": ("name", "place_code"),
}


def _rules(session: sa.orm.Session, parts: list[ParsedTable]) -> list[Problem]:
    """Checks across rows: replies after their letters, no record under two ids."""
    problems: list[Problem] = []
    by_name = {p.table.name: p for p in parts}
    communications = by_name.get("communications")
    if communications is not None:
        from liuzhi.registries.models import Communication

        dates = {values["id"]: values["date"] for _, values in communications.rows}
        for line, values in communications.rows:
            letter = values.get("in_reply_to")
            if not letter or not values["date"]:
                continue
            letter_date = dates.get(letter)
            if letter_date is None:
                stored = session.get(Communication, letter)
                letter_date = stored.date if stored is not None else ""
            if letter_date and _before(values["date"], letter_date):
                problems.append(Problem("reply-before-letter", file=communications.file,
                                        row=line, column="date", value=values["date"],
                                        detail=f"{letter}, {letter_date}"))
    for name, fields in _IDENTITY.items():
        part = by_name.get(name)
        if part is None:
            continue
        seen: dict[tuple[Any, ...], str] = {}
        model = part.table.model
        for existing in session.scalars(sa.select(model)):
            seen[tuple(getattr(existing, f) for f in fields)] = getattr(existing, "id")
        for line, values in part.rows:
            identity = tuple(values.get(f) for f in fields)
            other = seen.get(identity)
            if other is not None and other != values["id"]:
                problems.append(Problem("duplicate-record", file=part.file, row=line,
                                        column=part.table.key, value=values["id"],
                                        detail=f"{singular(name)} {other}"))
            seen.setdefault(identity, values["id"])
    return problems
