"""``liuzhi import``: CSV files or a data package into the ledger, all or nothing.

Every row of every table is parsed and checked before anything is written; one problem
and the import stops with a message naming the file, row, column, value and fix. The
writes then happen in one transaction, so a failure there (a constraint, a lost
connection) rolls everything back as well.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from liuzhi.errors import ImportFailed, LedgerError
from liuzhi.ledger.models import to_record
from liuzhi.ledger.store import Ledger, Writer
from liuzhi.ledger.tables import BY_NAME, TABLES, Column, Table
from liuzhi.problems import Problem

#: Larger files are refused: the ledger holds figures, not corpora.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SHOWN = 10


@dataclass
class ImportResult:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = []
        for name in dict.fromkeys([*self.inserted, *self.updated, *self.unchanged]):
            counts = (self.inserted.get(name, 0), self.updated.get(name, 0),
                      self.unchanged.get(name, 0))
            if any(counts):
                parts.append(f"{name}: {counts[0]} new, {counts[1]} updated, "
                             f"{counts[2]} unchanged")
        return "; ".join(parts) or "nothing to import"


@dataclass
class ParsedTable:
    table: Table
    file: str
    rows: list[tuple[int, dict[str, Any]]]  # (CSV line number, model attributes)


def import_path(ledger: Ledger, path: Path, *, actor: str) -> ImportResult:
    """Import a CSV file (figures, sources or regions) or a datapackage.json."""
    path = Path(path)
    parsed = _read_package(path) if path.suffix == ".json" else [_read_csv(path)]
    return _write(ledger, parsed, actor=actor)


def _fail(problems: list[Problem]) -> ImportFailed:
    shown = "\n".join(f"  - {p.message}" for p in problems[:_SHOWN])
    more = f"\n  … and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
    return ImportFailed(
        f"Nothing was imported: {len(problems)} problem(s) found.\n{shown}{more}\n"
        "Fix these rows and run the import again; the ledger is unchanged."
    )


def _read_package(path: Path) -> list[ParsedTable]:
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ImportFailed(
            f"{path} is not a readable data package descriptor ({error}). Give the path of "
            "a datapackage.json whose resources are named figures, sources and regions, or "
            "import the CSV files one by one."
        ) from error
    parsed = []
    for table in TABLES:
        if table.name in resources:
            parsed.append(_read_csv(path.parent / resources[table.name]["path"], table))
    if not parsed:
        raise ImportFailed(
            f"{path} has no resource named figures, sources or regions; nothing was imported."
        )
    return parsed


def _read_csv(path: Path, table: Table | None = None) -> ParsedTable:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFailed(f"{name} cannot be read ({error.strerror}); check the path.") from error
    if size > MAX_IMPORT_BYTES:
        raise _fail([Problem("too-large", file=name, detail=f"{size / 2**20:.0f} MB",
                             extra={"limit": f"{MAX_IMPORT_BYTES // 2**20} MB"})])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail([Problem("not-utf8", file=name, detail=str(error.reason))]) from error
    try:
        reader = csv.DictReader(text.splitlines(), strict=True)
        header = list(reader.fieldnames or [])
        records = list(reader)
    except csv.Error as error:
        raise _fail([Problem("not-csv", file=name, detail=str(error))]) from error
    if table is None:
        table = next((t for t in TABLES if header[:1] == [t.key]), None)
        if table is None:
            raise _fail([Problem("unknown-table", file=name, detail=",".join(header[:4]))])
    problems = [Problem("missing-column", file=name, column=c.name)
                for c in table.columns if c.name not in header]
    if problems:
        raise _fail(problems)
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    for line, record in enumerate(records, start=2):
        if None in record or any(v is None for v in record.values()):
            problems.append(Problem("not-csv", file=name, row=line,
                                    detail="this row has a different number of columns "
                                           "from the header"))
            continue
        values: dict[str, Any] = {}
        for column in table.columns:
            try:
                values[column.attribute] = _parse(column, record[column.name].strip())
            except _Bad as bad:
                problems.append(Problem(bad.id, file=name, row=line, column=column.name,
                                        value=record[column.name], detail=bad.detail))
        key = record[table.key].strip()
        if key in seen:
            problems.append(Problem("duplicate-key", file=name, row=line, column=table.key,
                                    value=key))
        seen.add(key)
        problems.extend(_row_rules(table, values, name, line))
        rows.append((line, values))
    if problems:
        raise _fail(problems)
    return ParsedTable(table, name, rows)


class _Bad(Exception):
    def __init__(self, problem_id: str, detail: str = "") -> None:
        self.id, self.detail = problem_id, detail


def _parse(column: Column, raw: str) -> Any:
    if raw == "":
        if column.required:
            raise _Bad("missing-value")
        return "" if column.type in ("string", "partial_date") and not column.references else None
    if column.terms and raw not in column.terms:
        raise _Bad("unknown-term", ", ".join(column.terms))
    match column.type:
        case "date":
            try:
                if len(raw) != 10:  # fromisoformat also takes 20230101; the package doesn't
                    raise ValueError(raw)
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise _Bad("not-a-date") from None
        case "partial_date":
            if not _PARTIAL_DATE.match(raw):
                raise _Bad("bad-partial-date")
            return raw
        case "number":
            try:
                return float(raw)
            except ValueError:
                raise _Bad("not-a-number") from None
        case "integer":
            if not raw.isdigit():
                raise _Bad("not-an-integer")
            return int(raw)
        case "boolean":
            if raw.lower() not in ("true", "false"):
                raise _Bad("not-a-boolean")
            return raw.lower() == "true"
    return raw


def _row_rules(table: Table, values: dict[str, Any], name: str, line: int) -> Iterable[Problem]:
    """Checks across the columns of one figure row."""
    if table.name != "figures":
        return
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and start > end:
        yield Problem("period-order", file=name, row=line, column="period_start", value=start,
                      detail=str(end))
    low, high = values.get("value"), values.get("value_high")
    if values.get("qualifier") == "range" and high is None:
        yield Problem("range-without-high", file=name, row=line, column="value_high")
    if low is not None and high is not None and high < low:
        yield Problem("range-order", file=name, row=line, column="value_high", value=low,
                      detail=str(high))
    if values.get("subset") is None:
        values["subset"] = bool(values.get("subset_of"))


def _write(ledger: Ledger, parsed: list[ParsedTable], *, actor: str) -> ImportResult:
    with ledger.transaction(actor) as writer:
        _check_references(writer.session, parsed)
        return write_parsed(writer, parsed)


def write_parsed(writer: Writer, parsed: list[ParsedTable],
                 result: ImportResult | None = None) -> ImportResult:
    """Insert or update the parsed rows inside the caller's transaction (references are
    the caller's to check); the registries import through this too."""
    result = result or ImportResult()
    session = writer.session
    for part in parsed:
        table, model = part.table, part.table.model
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        for _line, values in _referenced_first(part):
            existing = session.get(model, values[_key_attribute(table)])
            if existing is None:
                writer.add(model(**values))
                counts["inserted"] += 1
            elif {k: v for k, v in to_record(existing).items() if k in values} == _plain(values):
                counts["unchanged"] += 1
            else:
                writer.update(existing, **values)
                counts["updated"] += 1
        result.inserted[table.name] = counts["inserted"]
        result.updated[table.name] = counts["updated"]
        result.unchanged[table.name] = counts["unchanged"]
    return result


def _key_attribute(table: Table) -> str:
    return next(c.attribute for c in table.columns if c.name == table.key)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _check_references(session: sa.orm.Session, parsed: list[ParsedTable]) -> None:
    """Every reference must name a row in this import or already in the ledger."""
    incoming = {p.table.name: {values[_key_attribute(p.table)] for _, values in p.rows}
                for p in parsed}
    problems = []
    for part in parsed:
        for column in part.table.columns:
            if not column.references:
                continue
            target = BY_NAME[column.references]
            known = incoming.get(target.name, set())
            key = getattr(target.model, _key_attribute(target))
            for line, values in part.rows:
                ref = values[column.attribute]
                if ref and ref not in known and session.scalar(
                        sa.select(sa.func.count()).select_from(target.model).where(key == ref)) == 0:
                    problems.append(Problem("unknown-reference", file=part.file, row=line,
                                            column=column.name, value=ref,
                                            detail=target.name.rstrip("s")))
    if problems:
        raise _fail(problems)


def _referenced_first(part: ParsedTable) -> list[tuple[int, dict[str, Any]]]:
    """Rows ordered so a row comes after any row of the same table it refers to."""
    key = _key_attribute(part.table)
    self_refs = [c.attribute for c in part.table.columns if c.references == part.table.name]
    by_key = {values[key]: (line, values) for line, values in part.rows}
    ordered: list[tuple[int, dict[str, Any]]] = []
    placed: set[str] = set()

    def place(k: str, trail: frozenset[str]) -> None:
        if k in placed or k not in by_key or k in trail:
            return
        for attribute in self_refs:
            if by_key[k][1].get(attribute):
                place(by_key[k][1][attribute], trail | {k})
        placed.add(k)
        ordered.append(by_key[k])

    for k in by_key:
        place(k, frozenset())
    return ordered


def parse_cell(table: Table, column_name: str, raw: str, *, where: str = "") -> Any:
    """One value typed as the table's column types it, or LedgerError with the catalogued
    message (the same text an import would give)."""
    column = next((c for c in table.columns if c.name == column_name), None)
    if column is None:
        raise LedgerError(f"{column_name!r} is not a column of {table.name}; use one of "
                          f"{', '.join(table.header)}.")
    try:
        return _parse(column, raw.strip())
    except _Bad as bad:
        raise LedgerError(Problem(bad.id, file=where, column=column_name, value=raw,
                                  detail=bad.detail).message) from None
