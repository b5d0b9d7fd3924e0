"""``liuzhi import``: CSV files or a data package into the ledger, all or nothing.

Every row of every table is parsed and checked before anything is written; one problem
and the import stops with a message naming the file, row, column, value and fix. The
writes then happen in one transaction, so a failure there (a constraint, a lost
connection) rolls everything back as well.

Input is untrusted: only plain files are read (never a pipe, device or folder), each with
a size limit; a data package's resources must be files inside its folder; values must be
in the formats the data package declares (ASCII digits, YYYY-MM-DD) and in their domain
(``liuzhi.ledger.domains``), and text must fit both databases.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import math
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import sqlalchemy as sa

from liuzhi.errors import ImportFailed, LedgerError
from liuzhi.inputs import TooLarge, open_plain_file, read_plain_file
from liuzhi.ledger import domains
from liuzhi.ledger.models import to_record
from liuzhi.ledger.store import Ledger, Writer
from liuzhi.ledger.tables import BY_NAME, TABLES, Column, Table
from liuzhi.problems import Problem

#: Larger files are refused: the ledger holds figures, not corpora.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
#: A datapackage.json is a short descriptor: larger, or nested deeper, is not one.
MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
MAX_JSON_DEPTH = 32
# The formats the data package declares, in ASCII digits only: Python's own parsers also
# take ISO week dates, full-width and Arabic-Indic digits, underscores, nan and inf.
_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_INTEGER = re.compile(r"[0-9]+")
#: Leading bytes of files people give by mistake: what each is, and what to do instead.
_BINARY = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .ods workbook is one too)",
     "unzip it and import the CSV inside, or save the sheet as \"CSV UTF-8\""),
    (b"PK\x05\x06", "an empty ZIP archive", "give the CSV file itself"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first (gunzip FILE)"),
    (b"BZh", "a bzip2-compressed file", "decompress it first (bunzip2 FILE)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first (unxz FILE)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it and import the CSV inside"),
    (b"Rar!", "a RAR archive", "unpack it and import the CSV inside"),
    (b"%PDF", "a PDF document", "capture it as evidence (liuzhi capture FILE) and extract "
     "its figures (liuzhi extract), or type them into a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or other Office document",
     "save the sheet as \"CSV UTF-8\" and import that"),
    (b"SQLite format 3\x00", "a SQLite database (perhaps another ledger)",
     "export that ledger as a data package (liuzhi export -f datapackage) and import its "
     "datapackage.json"),
    (b"PAR1", "a Parquet file", "import the data package export instead (liuzhi export -f "
     "datapackage)"),
    (b"\x89PNG", "an image (PNG)", "type the figures into a CSV file"),
    (b"\xff\xd8\xff", "an image (JPEG)", "type the figures into a CSV file"),
    (b"GIF8", "an image (GIF)", "type the figures into a CSV file"),
    (b"\xff\xfe", "UTF-16 text", "convert it first, e.g. `iconv -f UTF-16 -t UTF-8 IN > OUT`, "
     "then import OUT"),
    (b"\xfe\xff", "UTF-16 text", "convert it first, e.g. `iconv -f UTF-16 -t UTF-8 IN > OUT`, "
     "then import OUT"),
)
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


@dataclass
class _Scan:
    """What the checking pass keeps of a file: only what the checks across rows need (its
    keys, the values it refers to, its links to its own rows), never the rows themselves."""
    table: Table
    file: str
    keys: set[str] = field(default_factory=set)
    refs: dict[str, set[str]] = field(default_factory=dict)  # attribute -> values named
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # attribute -> key -> key
    lines: dict[str, int] = field(default_factory=dict)  # line of each linked row
    # What the checking pass read (a digest of its text) and the file's size and mtime
    # then: the writing pass must read the same, or the file changed in between.
    digest: bytes = b""
    stamp: tuple[int, int] = (0, 0)

    def note(self, values: dict[str, Any], line: int) -> None:
        key = values.get(_key_attribute(self.table))
        for column in self.table.columns:
            ref = values.get(column.attribute) if column.references else None
            if not ref:
                continue
            self.refs.setdefault(column.attribute, set()).add(ref)
            if column.references == self.table.name and key:
                self.links.setdefault(column.attribute, {})[key] = ref
                self.lines[key] = line


def import_path(ledger: Ledger, path: Path, *, actor: str) -> ImportResult:
    """Import a CSV file (figures, sources or regions) or a datapackage.json."""
    path = Path(path)
    if path.is_dir():
        hint = path / "datapackage.json"
        raise ImportFailed(
            f"{path} is a folder; give a CSV file, or the data package's descriptor "
            f"({hint}{'' if hint.exists() else ', if the folder is a data package'}). "
            "Nothing was imported."
        )
    # Two passes over each file keep memory bounded: the first checks every row and keeps
    # only keys and references; the second parses the rows again and writes them.
    scans = _package(path, _scan) if path.suffix == ".json" else [_scan(path)]
    with ledger.transaction(actor) as writer:
        _check_scans(writer.session, scans)
        result = ImportResult()
        for scan in scans:
            _count(result, scan.table, _write_rows(writer, scan.table, _writable(scan)))
        return result


def _fail(problems: list[Problem]) -> ImportFailed:
    shown = "\n".join(f"  - {p.message}" for p in problems[:_SHOWN])
    more = f"\n  … and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
    return ImportFailed(
        f"Nothing was imported: {len(problems)} problem(s) found.\n{shown}{more}\n"
        "Fix these rows and run the import again; the ledger is unchanged."
    )


_Part = TypeVar("_Part")


def _read_package(path: Path) -> list[ParsedTable]:
    return _package(path, _read_csv)


def _package(path: Path, read: Callable[[Path, Table], _Part]) -> list[_Part]:
    resources = read_descriptor(path)
    parsed = []
    for table in TABLES:
        if table.name in resources:
            parsed.append(read(_resource_path(path, table.name, resources[table.name]), table))
    if not parsed:
        raise ImportFailed(
            f"{path} has no resource named figures, sources or regions; nothing was imported."
        )
    return parsed


def read_descriptor(path: Path) -> dict[str, Any]:
    """A datapackage.json's resources by name, read with a size and a nesting limit."""
    data = _read_bytes(path, limit=MAX_DESCRIPTOR_BYTES)
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except RecursionError:
        descriptor = None
    except (ValueError, UnicodeDecodeError) as error:
        raise _not_a_descriptor(path, str(error)) from error
    if descriptor is None or _depth(descriptor) > MAX_JSON_DEPTH:
        raise _not_a_descriptor(path, f"it is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return {r["name"]: r for r in descriptor["resources"]}
    except (KeyError, TypeError) as error:
        raise _not_a_descriptor(path, f"no list of named resources: {error!r}") from error


def _not_a_descriptor(path: Path, why: str) -> ImportFailed:
    return ImportFailed(
        f"{path} is not a readable data package descriptor ({why}). Give the path of a "
        "datapackage.json whose resources are named figures, sources and regions, or import "
        "the CSV files one by one. Nothing was imported."
    )


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iteratively)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in
                             (item.values() if isinstance(item, dict) else item))
    return deepest


def _resource_path(descriptor: Path, name: str, resource: Any) -> Path:
    """A resource's file: a relative path that stays inside the package folder."""
    where = f"{descriptor}, resource {name}"
    raw = resource.get("path") if isinstance(resource, dict) else None
    if not isinstance(raw, str) or not raw.strip() or "://" in raw or "\x00" in raw:
        raise ImportFailed(
            f"{where}: its path must be a relative file path inside the package folder (a "
            f"string such as {name}.csv), not {raw!r}. Nothing was imported.")
    folder = descriptor.parent.resolve()
    target = (folder / raw).resolve()
    if Path(raw).is_absolute() or (target != folder and folder not in target.parents):
        raise ImportFailed(
            f"{where}: the path {raw!r} leads outside the package folder ({folder}); a data "
            "package may only name files inside its own folder. Nothing was imported.")
    try:
        mode = target.stat().st_mode
    except OSError as error:
        raise ImportFailed(f"{where}: {raw} cannot be read ({error.strerror}); check the "
                           "path in the descriptor. Nothing was imported.") from error
    if stat.S_ISDIR(mode):
        raise ImportFailed(f"{where}: {raw} is a folder, not a file; name the CSV file. "
                           "Nothing was imported.")
    if not stat.S_ISREG(mode):
        raise ImportFailed(f"{where}: {raw} is not a plain file (a pipe, device or socket); "
                           "name a CSV file. Nothing was imported.")
    return descriptor.parent / raw


def _read_bytes(path: Path, *, limit: int) -> bytes:
    """A plain file's bytes, at most ``limit`` of them; never blocks on a pipe or device."""
    try:
        return read_plain_file(path, limit=limit, error=ImportFailed,
                               then="Nothing was imported.")
    except TooLarge as large:
        raise _too_large(path, large.size, limit) from None


def _too_large(path: Path, size: int, limit: int) -> ImportFailed:
    return _fail([Problem("too-large", file=str(path), detail=_megabytes(size),
                          extra={"limit": _megabytes(limit)})])


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"


def _binary(data: bytes) -> tuple[str, str] | None:
    """What a file that is not text is, and what to do instead (None: perhaps text)."""
    for magic, what, fix in _BINARY:
        if data.startswith(magic):
            return what, fix
    return None


def _read_csv(path: Path, table: Table | None = None) -> ParsedTable:
    """All of a checked file's rows in memory (the registries import uses these)."""
    scan = _scan(path, table)
    return ParsedTable(scan.table, scan.file, list(_reread(scan)))


def _scan(path: Path, table: Table | None = None) -> _Scan:
    """Check every row of a CSV file, keeping only what the checks across rows need."""
    name = str(path)
    problems: list[Problem] = []
    digest = hashlib.blake2b()
    with _open_csv(path, table, digest) as (table, records):
        scan = _Scan(table, name)
        limits = _limits(table)
        for line, record in records:
            values, found = _parse_row(table, limits, name, line, record, scan.keys)
            problems.extend(found)
            if values is not None:
                scan.note(values, line)
        scan.digest, scan.stamp = digest.digest(), _stamp(path)
    problems.extend(_cycles(scan))
    if problems:
        raise _fail(problems)
    return scan


def _reread(scan: _Scan) -> Iterator[tuple[int, dict[str, Any]]]:
    """A checked file's rows parsed again, one at a time, with their line numbers."""
    key = _key_attribute(scan.table)
    limits = _limits(scan.table)
    if _stamp(Path(scan.file)) != scan.stamp:  # refused before a row is written
        raise _changed(scan.file)
    digest = hashlib.blake2b()
    with _open_csv(Path(scan.file), scan.table, digest) as (_table, records):
        for line, record in records:
            values, problems = _parse_row(scan.table, limits, scan.file, line, record, None)
            if problems:
                raise _fail(problems)
            assert values is not None  # a row without values has a problem
            if values[key] not in scan.keys:
                raise ImportFailed(f"{scan.file} changed while it was being imported (row "
                                   f"{line} is new); import it again. Nothing was imported.")
            yield line, values
    if digest.digest() != scan.digest:  # the caller's transaction undoes what was written
        raise _changed(scan.file)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return info.st_size, info.st_mtime_ns


def _changed(name: str) -> ImportFailed:
    return ImportFailed(
        f"{name} changed while it was being imported: what was written to it after its rows "
        "were checked would have gone into the ledger unchecked. Nothing was imported. Wait "
        "until nothing writes to the file (or import a copy of it), then import it again.")


@contextmanager
def _open_csv(path: Path, table: Table | None, digest: Any = None
              ) -> Iterator[tuple[Table, Iterator[tuple[int, dict[str, str]]]]]:
    """The file's table and its records (line, cell by column), read as a stream after
    the checks on the whole file: size, binary content, header. ``digest`` (a hashlib
    object), if given, takes in all the text read."""
    name = str(path)
    try:
        handle = open_plain_file(path, limit=MAX_IMPORT_BYTES, error=ImportFailed,
                                 then="Nothing was imported.")
    except TooLarge as large:
        raise _too_large(path, large.size, MAX_IMPORT_BYTES) from None
    with handle:
        head = handle.read(8192)
        binary = _binary(head)
        if binary is not None:
            raise _fail([Problem("binary-file", file=name, detail=binary[0],
                                 extra={"fix": binary[1]})])
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        lines = _lines(path, text, digest)
        with _csv_errors(name, head):
            reader = csv.DictReader(lines, strict=True)
            header = list(reader.fieldnames or [])
        table = _header_table(name, header, table)
        yield table, _records(path, reader, head, handle)


def _records(path: Path, reader: csv.DictReader[str], head: bytes,
             handle: BinaryIO) -> Iterator[tuple[int, dict[str, str]]]:
    with _csv_errors(str(path), head):
        yield from enumerate(reader, start=2)
    if handle.tell() > MAX_IMPORT_BYTES:  # it grew while we read it
        raise _too_large(path, handle.tell(), MAX_IMPORT_BYTES)


def _lines(path: Path, text: io.TextIOWrapper, digest: Any = None) -> Iterator[str]:
    """The text's lines, split where str.splitlines splits (also at \\v, \\f, U+2028 ...),
    as the whole-text reader did. Reading stops once more characters than the size limit
    came, even within one line, so a file growing while it is read cannot hold the import
    or fill the memory."""
    read = 0
    for chunk in iter(partial(text.readline, MAX_IMPORT_BYTES + 1), ""):
        read += len(chunk)
        if read > MAX_IMPORT_BYTES:
            raise _too_large(path, read, MAX_IMPORT_BYTES)
        if digest is not None:
            digest.update(chunk.encode("utf-8"))
        yield from chunk.splitlines()


@contextmanager
def _csv_errors(name: str, head: bytes) -> Iterator[None]:
    """A file that is not UTF-8 text or not CSV stops the import at once, alone."""
    try:
        yield
    except UnicodeDecodeError as error:
        if b"\x00" in head:  # no text encoding iconv would help with
            raise _fail([Problem("binary-file", file=name,
                                 detail="binary data (it holds NUL bytes)",
                                 extra={"fix": "give a CSV text file in UTF-8 (a spreadsheet "
                                        "can save one as \"CSV UTF-8\")"})]) from error
        raise _fail([Problem("not-utf8", file=name, detail=str(error.reason))]) from error
    except csv.Error as error:
        raise _fail([Problem("not-csv", file=name, detail=str(error))]) from error


def _header_table(name: str, header: list[str], table: Table | None) -> Table:
    """The table the header is for, once it names each column once and all of them."""
    twice = sorted(c for c, n in Counter(header).items() if n > 1)
    if twice:  # DictReader would silently keep the last of the two columns
        raise _fail([Problem("not-csv", file=name, row=1,
                             detail=f"the header names {', '.join(twice)} more than once")])
    if table is None:
        table = next((t for t in TABLES if header[:1] == [t.key]), None)
        if table is None:
            raise _fail([Problem("unknown-table", file=name, detail=",".join(header[:4]))])
    problems = [Problem("missing-column", file=name, column=c.name)
                for c in table.columns if c.name not in header]
    if problems:
        raise _fail(problems)
    return table


def _limits(table: Table) -> list[tuple[Column, int | None]]:
    return [(column, domains.length_limit(table.model, column.attribute))
            for column in table.columns]


def _parse_row(table: Table, limits: list[tuple[Column, int | None]], name: str, line: int,
               record: dict[str, str], seen: set[str] | None
               ) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One record's model attributes and its problems; ``seen`` collects the keys (and
    finds duplicates) when given."""
    if None in record or any(v is None for v in record.values()):
        return None, [Problem("not-csv", file=name, row=line,
                              detail="this row has a different number of columns "
                                     "from the header")]
    # One search per row; the cell is found only when there is something to report.
    control = domains.has_control("\n".join(record.values()))
    values: dict[str, Any] = {}
    problems = []
    for column, limit in limits:
        raw = record[column.name]
        try:
            if control or (limit is not None and len(raw) > limit):
                _check_text(raw.strip(), limit)
            values[column.attribute] = _parse(column, raw.strip())
        except _Bad as bad:
            problems.append(Problem(bad.id, file=name, row=line, column=column.name,
                                    value=record[column.name], detail=bad.detail))
    if seen is not None:
        key = record[table.key].strip()
        if key in seen:
            problems.append(Problem("duplicate-key", file=name, row=line, column=table.key,
                                    value=key))
        seen.add(key)
    problems.extend(_row_rules(table, values, name, line))
    return values, problems


def _cycles(scan: _Scan) -> Iterable[Problem]:
    """Rows of this file whose references to the same table go round in a circle (a
    region its own ancestor, two figures each a subset of the other): no order of
    inserts can satisfy them."""
    for column in scan.table.columns:
        links = scan.links.get(column.attribute, {})
        clear: set[str] = set()  # keys whose chain is known to end, or already reported
        for start in links:
            path: list[str] = []
            on_path: dict[str, int] = {}
            k: str | None = start
            while k is not None and k in links and k not in clear and k not in on_path:
                on_path[k] = len(path)
                path.append(k)
                k = links[k]
            if k is not None and k in on_path:
                circle = path[on_path[k]:]
                yield Problem("reference-cycle", file=scan.file, row=scan.lines[k],
                              column=column.name, value=links[k],
                              detail=" → ".join([*circle, k]))
            clear.update(path)


class _Bad(Exception):
    def __init__(self, problem_id: str, detail: str = "") -> None:
        self.id, self.detail = problem_id, detail


def _check_text(raw: str, limit: int | None) -> None:
    found = domains.text_problem(raw, limit)
    if found is not None:
        raise _Bad(*found)


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
                if not _DATE.fullmatch(raw):  # fromisoformat also takes 20230101, 2023-W01-1
                    raise ValueError(raw)
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise _Bad("not-a-date") from None
        case "partial_date":
            try:
                if not _PARTIAL_DATE.fullmatch(raw):
                    raise ValueError(raw)
                dt.date.fromisoformat((raw + "-01-01")[:10])  # a real month and day
            except ValueError:
                raise _Bad("bad-partial-date") from None
            return raw
        case "number":
            if not _NUMBER.fullmatch(raw):
                raise _Bad("not-a-number")
            number = float(raw)
            if not math.isfinite(number):
                raise _Bad("not-finite")
            return number
        case "integer":
            if not _INTEGER.fullmatch(raw):
                raise _Bad("not-an-integer")
            if int(raw) > domains.MAX_INTEGER:
                raise _Bad("out-of-domain", f"a whole number up to {domains.MAX_INTEGER}")
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
    yield from domains.figure_problems(values, file=name, row=line)
    if values.get("subset") is None:
        values["subset"] = bool(values.get("subset_of"))


#: Rows looked up, and new rows written, per statement.
_BATCH = 2000


def write_parsed(writer: Writer, parsed: list[ParsedTable],
                 result: ImportResult | None = None) -> ImportResult:
    """Insert or update the parsed rows inside the caller's transaction (references are
    the caller's to check); the registries import through this too."""
    result = result or ImportResult()
    for part in parsed:
        _count(result, part.table, _write_table(writer, part))
    return result


def _count(result: ImportResult, table: Table, counts: dict[str, int]) -> None:
    result.inserted[table.name] = counts["inserted"]
    result.updated[table.name] = counts["updated"]
    result.unchanged[table.name] = counts["unchanged"]


def _write_table(writer: Writer, part: ParsedTable) -> dict[str, int]:
    return _write_rows(writer, part.table,
                       (values for _line, values in _referenced_first(part)))


def _write_rows(writer: Writer, table: Table, rows: Iterable[dict[str, Any]]
                ) -> dict[str, int]:
    """Write one table's rows in order, a batch at a time: one query finds which exist,
    new rows go in together (``Writer.insert_many``), changed rows one by one. A row is
    never written before a row it refers to, so new rows are sent before any update."""
    model = table.model
    key = _key_attribute(table)
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    stream = iter(rows)
    while batch := list(itertools.islice(stream, _BATCH)):
        column = getattr(model, key)
        existing = {getattr(row, key): row for row in writer.session.scalars(
            sa.select(model).where(column.in_([values[key] for values in batch])))}
        new: list[dict[str, Any]] = []
        for values in batch:
            row = existing.get(values[key])
            if row is None:
                new.append(values)
                counts["inserted"] += 1
            elif {k: v for k, v in to_record(row).items() if k in values} == _plain(values):
                counts["unchanged"] += 1
            else:
                writer.insert_many(model, new)
                new = []
                writer.update(row, **values)
                counts["updated"] += 1
        writer.insert_many(model, new)
        writer.session.expunge_all()  # keep the session's memory to one batch
    return counts


def _writable(scan: _Scan) -> Iterator[dict[str, Any]]:
    """A checked file's rows in file order, except that a row whose parent (a row of the
    same table it refers to) comes later in the file waits; the waiting rows follow the
    rest, ordered among themselves, so no row is written before its parent."""
    key = _key_attribute(scan.table)
    self_refs = [c.attribute for c in scan.table.columns if c.references == scan.table.name]
    written: set[str] = set()
    waiting: list[tuple[int, dict[str, Any]]] = []
    for line, values in _reread(scan):
        parents = (values.get(attribute) for attribute in self_refs)
        if any(p and p in scan.keys and p not in written for p in parents):
            waiting.append((line, values))
        else:
            written.add(values[key])
            yield values
    for _line, values in _referenced_first(ParsedTable(scan.table, scan.file, waiting)):
        yield values


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
            asked = sorted({values[column.attribute] for _, values in part.rows
                            if values[column.attribute]} - known)
            for start in range(0, len(asked), _BATCH):
                known = known | set(session.scalars(
                    sa.select(key).where(key.in_(asked[start:start + _BATCH]))))
            for line, values in part.rows:
                ref = values[column.attribute]
                if ref and ref not in known:
                    problems.append(Problem("unknown-reference", file=part.file, row=line,
                                            column=column.name, value=ref,
                                            detail=target.name.rstrip("s")))
    if problems:
        raise _fail(problems)


def _check_scans(session: sa.orm.Session, scans: list[_Scan]) -> None:
    """Every reference must name a row in this import or already in the ledger; a file
    with references to neither is read again to list them."""
    incoming = {scan.table.name: scan.keys for scan in scans}
    problems = []
    for scan in scans:
        unknown: list[tuple[Column, set[str]]] = []
        for column in scan.table.columns:
            if column.references and column.attribute in scan.refs:
                target = BY_NAME[column.references]
                asked = scan.refs[column.attribute] - incoming.get(target.name, set())
                missing = asked - _in_ledger(session, target, sorted(asked))
                if missing:
                    unknown.append((column, missing))
        if unknown:
            problems.extend(_unknown_references(scan, unknown))
    if problems:
        raise _fail(problems)


def _in_ledger(session: sa.orm.Session, table: Table, keys: list[str]) -> set[str]:
    column = getattr(table.model, _key_attribute(table))
    found: set[str] = set()
    for start in range(0, len(keys), _BATCH):
        found.update(session.scalars(sa.select(column).where(
            column.in_(keys[start:start + _BATCH]))))
    return found


def _unknown_references(scan: _Scan, unknown: list[tuple[Column, set[str]]]
                        ) -> list[Problem]:
    """The rows naming an unknown row, column by column and in file order."""
    found: list[list[Problem]] = [[] for _ in unknown]
    with _open_csv(Path(scan.file), scan.table) as (_table, records):
        for line, record in records:
            for (column, missing), problems in zip(unknown, found, strict=True):
                ref = record[column.name].strip()
                if ref in missing:
                    problems.append(Problem(
                        "unknown-reference", file=scan.file, row=line, column=column.name,
                        value=ref, detail=str(column.references).rstrip("s")))
    return [problem for problems in found for problem in problems]


def _referenced_first(part: ParsedTable) -> list[tuple[int, dict[str, Any]]]:
    """Rows ordered so a row comes after any row of the same table it refers to."""
    key = _key_attribute(part.table)
    self_refs = [c.attribute for c in part.table.columns if c.references == part.table.name]
    by_key = {values[key]: (line, values) for line, values in part.rows}
    ordered: list[tuple[int, dict[str, Any]]] = []
    placed: set[str] = set()

    # Depth-first with an explicit stack: a chain of thousands of subset_of links must not
    # exhaust Python's recursion limit. A cycle is cut where it closes.
    for first in by_key:
        stack, trail = [first], {first}
        while stack:
            k = stack[-1]
            parent = next((p for p in (by_key[k][1].get(a) for a in self_refs)
                           if p and p in by_key and p not in placed and p not in trail), None)
            if parent is not None and k not in placed:
                stack.append(parent)
                trail.add(parent)
                continue
            stack.pop()
            trail.discard(k)
            if k not in placed:
                placed.add(k)
                ordered.append(by_key[k])
    return ordered


def parse_cell(table: Table, column_name: str, raw: str, *, where: str = "") -> Any:
    """One value typed as the table's column types it, or LedgerError with the catalogued
    message (the same text an import would give)."""
    column = next((c for c in table.columns if c.name == column_name), None)
    if column is None:
        raise LedgerError(f"{column_name!r} is not a column of {table.name}; use one of "
                          f"{', '.join(table.header)}.")
    try:
        _check_text(raw.strip(), domains.length_limit(table.model, column.attribute))
        return _parse(column, raw.strip())
    except _Bad as bad:
        raise LedgerError(Problem(bad.id, file=where, column=column_name, value=raw,
                                  detail=bad.detail).message) from None
