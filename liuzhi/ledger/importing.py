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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import sqlalchemy as sa

from liuzhi.errors import ImportFailed, LedgerError
from liuzhi.inputs import TooLarge, open_plain_file, read_plain_file
from liuzhi.ledger import domains
from liuzhi.ledger.keyset import KeySet
from liuzhi.ledger.models import to_record
from liuzhi.ledger.store import Ledger, Writer
from liuzhi.ledger.tables import TABLES, Column, Table
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


@dataclass(frozen=True)
class Rules:
    """A table's checks beyond its columns' types and references, plugged into the one CSV
    parser (the figures' here, the registries' in ``liuzhi.registries.importing``)."""
    #: Checks across one row's columns: (values, file, line, withheld) → problems, where
    #: ``withheld`` is what to show instead of the row's values ("" when they may be shown).
    row: Callable[[dict[str, Any], str, int, str], Iterable[Problem]] | None = None
    #: What to show instead of a row's values when no message may quote them (a private
    #: case), else "": given the row's raw cells.
    hide: Callable[[dict[str, str]], str] | None = None
    #: References beyond the columns' own: (column, tables either of which may hold the
    #: row, problem id when neither does).
    references: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    #: What the checking pass keeps of every row for the checks in ``across`` (kept
    #: small: a digest rather than the text), given the row's values.
    keep: Callable[[dict[str, Any]], Any] | None = None
    #: Checks across rows, with the ledger at hand: (session, scan) → problems.
    across: tuple[Callable[[sa.orm.Session, _Scan], Iterable[Problem]], ...] = ()


_NO_RULES = Rules()


class _Reference(NamedTuple):
    column: Column
    targets: tuple[str, ...]  # table names; the row may be in any of them
    problem: str


def _references(table: Table, rules: Rules) -> tuple[_Reference, ...]:
    own = [_Reference(c, (c.references,), "unknown-reference")
           for c in table.columns if c.references]
    by_name = {c.name: c for c in table.columns}
    return (*own, *(_Reference(by_name[name], targets, problem)
                    for name, targets, problem in rules.references))


@dataclass(frozen=True)
class Schema:
    """The tables an import may read, in the order it writes them, and their rules."""
    tables: tuple[Table, ...]
    rules: Mapping[str, Rules] = field(default_factory=dict)
    #: A table's name for one of its rows, in messages (regions → region).
    noun: Callable[[str], str] = lambda name: name.rstrip("s")  # noqa: E731

    def rules_for(self, table: Table) -> Rules:
        return self.rules.get(table.name, _NO_RULES)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


@dataclass
class _Scan:
    """What the checking pass keeps of a file: only what the checks across rows need (its
    keys, the values it refers to, its links to its own rows, the attributes its rules
    keep), never the rows themselves."""
    table: Table
    file: str
    keys: KeySet = field(default_factory=KeySet)  # every key, in bounded memory
    refs: dict[str, set[str]] = field(default_factory=dict)  # attribute -> values named
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # attribute -> key -> key
    lines: dict[str, int] = field(default_factory=dict)  # line of each linked row
    rules: Rules = _NO_RULES
    kept: list[tuple[int, Any]] = field(default_factory=list)  # (line, what rules.keep kept)
    # What the checking pass read (a digest of its text) and the file's size and mtime
    # then: the writing pass must read the same, or the file changed in between.
    digest: bytes = b""
    stamp: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        self.references = _references(self.table, self.rules)

    def note(self, values: dict[str, Any], line: int) -> None:
        key = values.get(_key_attribute(self.table))
        for column, targets, _problem in self.references:
            ref = values.get(column.attribute)
            if not ref:
                continue
            self.refs.setdefault(column.attribute, set()).add(ref)
            if targets == (self.table.name,) and key:
                self.links.setdefault(column.attribute, {})[key] = ref
                self.lines[key] = line
        if self.rules.keep is not None:
            self.kept.append((line, self.rules.keep(values)))


def import_path(ledger: Ledger, path: Path, *, actor: str,
                schema: Schema | None = None) -> ImportResult:
    """Import a CSV file (figures, sources or regions, or another table of ``schema``) or
    a datapackage.json."""
    path, schema = Path(path), schema or LEDGER
    if path.is_dir():
        hint = path / "datapackage.json"
        raise ImportFailed(
            f"{path} is a folder; give a CSV file, or the data package's descriptor "
            f"({hint}{'' if hint.exists() else ', if the folder is a data package'}). "
            "Nothing was imported."
        )
    # Two passes over each file keep memory bounded: the first checks every row and keeps
    # only keys and references; the second parses the rows again and writes them.
    read = partial(_scan, schema=schema)
    scans = _package(path, read, schema) if path.suffix == ".json" else [read(path)]
    with ledger.transaction(actor) as writer:
        _check_scans(writer.session, scans, schema)
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


def _package(path: Path, read: Callable[[Path, Table], _Scan], schema: Schema
             ) -> list[_Scan]:
    resources = read_descriptor(path)
    parsed = []
    for table in schema.tables:
        if table.name in resources:
            parsed.append(read(_resource_path(path, table.name, resources[table.name]), table))
    if not parsed:
        *others, last = [t.name for t in reversed(schema.tables)]
        raise ImportFailed(
            f"{path} has no resource named {', '.join(others)} or {last}; nothing was imported."
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


def _scan(path: Path, table: Table | None = None, *, schema: Schema | None = None) -> _Scan:
    """Check every row of a CSV file, keeping only what the checks across rows need."""
    name = str(path)
    schema = schema or LEDGER
    problems: list[Problem] = []
    digest = hashlib.blake2b()
    with _open_csv(path, table, digest, schema.tables) as (table, records):
        scan = _Scan(table, name, rules=schema.rules_for(table))
        limits = _limits(table)
        for line, record in records:
            values, found = _parse_row(table, limits, name, line, record, scan.keys,
                                       scan.rules)
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
            values, problems = _parse_row(scan.table, limits, scan.file, line, record, None,
                                          scan.rules)
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
def _open_csv(path: Path, table: Table | None, digest: Any = None,
              tables: tuple[Table, ...] = TABLES
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
        table = _header_table(name, header, table, tables)
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


def _header_table(name: str, header: list[str], table: Table | None,
                  tables: tuple[Table, ...] = TABLES) -> Table:
    """The table the header is for, once it names each column once and all of them."""
    twice = sorted(c for c, n in Counter(header).items() if n > 1)
    if twice:  # DictReader would silently keep the last of the two columns
        raise _fail([Problem("not-csv", file=name, row=1,
                             detail=f"the header names {', '.join(twice)} more than once")])
    if table is None:
        fits = [t for t in tables if header[:1] == [t.key]]
        if not fits:
            raise _fail([Problem("unknown-table", file=name, detail=",".join(header[:4]))])
        # Regions and places both start with code: the one whose columns the header has.
        table = min(fits, key=lambda t: sum(c.name not in header for c in t.columns))
    problems = [Problem("missing-column", file=name, column=c.name)
                for c in table.columns if c.name not in header]
    if problems:
        raise _fail(problems)
    return table


def _limits(table: Table) -> list[tuple[Column, int | None]]:
    return [(column, domains.length_limit(table.model, column.attribute))
            for column in table.columns]


def _parse_row(table: Table, limits: list[tuple[Column, int | None]], name: str, line: int,
               record: dict[str, str], seen: KeySet | None, rules: Rules = _NO_RULES
               ) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One record's model attributes and its problems; ``seen`` collects the keys (and
    finds duplicates) when given."""
    if None in record or any(v is None for v in record.values()):
        return None, [Problem("not-csv", file=name, row=line,
                              detail="this row has a different number of columns "
                                     "from the header")]
    withheld = rules.hide(record) if rules.hide else ""
    # One search per row; the cell is found only when there is something to report.
    control = domains.has_control("\n".join(record.values()))
    values: dict[str, Any] = {}
    problems = []
    for column, limit in limits:
        raw = record[column.name]
        try:
            # A typed column's own pattern admits no control character and no excess, and
            # says better what is wrong ("not a date" rather than "too long").
            if column.type == "string" and (control or (limit is not None and len(raw) > limit)):
                _check_text(raw.strip(), limit)
            values[column.attribute] = _parse(column, raw.strip())
        except _Bad as bad:
            problems.append(Problem(bad.id, file=name, row=line, column=column.name,
                                    value=withheld or record[column.name], detail=bad.detail))
    if seen is not None:
        key = record[table.key].strip()
        if not seen.add_new(key):
            problems.append(Problem("duplicate-key", file=name, row=line, column=table.key,
                                    value=key))
    if rules.row is not None:
        problems.extend(rules.row(values, name, line, withheld))
    return values, problems


def _cycles(scan: _Scan) -> Iterable[Problem]:
    """Rows of this file whose references to the same table go round in a circle (a
    region its own ancestor, two figures each a subset of the other): no order of
    inserts can satisfy them."""
    for column in scan.table.columns:
        links = scan.links.get(column.attribute, {})
        for circle in _circles(links):
            k = circle[0]
            yield Problem("reference-cycle", file=scan.file, row=scan.lines[k],
                          column=column.name, value=links[k], detail=" → ".join([*circle, k]))


def _circles(links: Mapping[str, str]) -> Iterator[list[str]]:
    """Each circle the links (key → the key it names) form, once, from where it is met."""
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
            yield path[on_path[k]:]
        clear.update(path)


def _ledger_cycles(session: sa.orm.Session, scan: _Scan) -> Iterable[Problem]:
    """Rows of this file whose references to the same table close a circle through rows
    already in the ledger (a figure made a subset of its own subset): the file's links
    replace the ledger's for its own rows, and the chains are followed into the ledger a
    batch of keys at a time. Circles within the file are reported by ``_cycles``."""
    for column in scan.table.columns:
        links = scan.links.get(column.attribute, {})
        if not links:
            continue
        stored: dict[str, str] = {}  # ledger key → the key its row names
        asked: set[str] = set()
        wanted = {k for k in links.values() if k not in scan.keys}
        while wanted:
            asked |= wanted
            found = stored_values(session, scan.table, column.attribute, sorted(wanted))
            stored.update((k, v) for k, v in found.items() if v)
            wanted = {v for v in found.values() if v and v not in scan.keys and v not in asked}
        for circle in _circles({**links, **stored}):
            mine = [i for i, k in enumerate(circle) if k in links]
            if not mine:  # a circle of ledger rows alone is not this import's doing
                continue
            circle = circle[mine[0]:] + circle[:mine[0]]
            k = circle[0]
            yield Problem("ledger-cycle", file=scan.file, row=scan.lines[k],
                          column=column.name, value=links[k],
                          detail=" → ".join([*circle, k]),
                          extra={"stored": ", ".join(k for k in circle if k not in links)})


def stored_values(session: sa.orm.Session, table: Table, attribute: str, keys: list[str]
                  ) -> dict[str, Any]:
    """One attribute of the ledger's rows with these keys (rows not in the ledger are
    left out), asked a batch of keys at a time."""
    key = getattr(table.model, _key_attribute(table))
    found: dict[str, Any] = {}
    for start in range(0, len(keys), _BATCH):
        found.update((k, v) for k, v in session.execute(sa.select(
            key, getattr(table.model, attribute)).where(key.in_(keys[start:start + _BATCH]))))
    return found


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


def _figure_rules(values: dict[str, Any], name: str, line: int,
                  _withheld: str) -> Iterable[Problem]:
    """Checks across the columns of one figure row."""
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


#: What ``liuzhi import`` reads by itself: the ledger's own tables.
LEDGER = Schema(TABLES, {"figures": Rules(row=_figure_rules)})

#: Rows looked up, and new rows written, per statement.
_BATCH = 2000


def _count(result: ImportResult, table: Table, counts: dict[str, int]) -> None:
    result.inserted[table.name] = counts["inserted"]
    result.updated[table.name] = counts["updated"]
    result.unchanged[table.name] = counts["unchanged"]


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
    # Only rows another row of the file names can make a row wait, so only their keys
    # are remembered as written (memory grows with the links, not with the rows).
    parents_in_file = {p for links in scan.links.values() for p in links.values()
                       if p in scan.keys}
    written: set[str] = set()
    waiting: list[tuple[int, dict[str, Any]]] = []
    for line, values in _reread(scan):
        parents = (values.get(attribute) for attribute in self_refs)
        if any(p and p in parents_in_file and p not in written for p in parents):
            waiting.append((line, values))
        else:
            if values[key] in parents_in_file:
                written.add(values[key])
            yield values
    for _line, values in _referenced_first(ParsedTable(scan.table, scan.file, waiting)):
        yield values


def _key_attribute(table: Table) -> str:
    return next(c.attribute for c in table.columns if c.name == table.key)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _check_scans(session: sa.orm.Session, scans: list[_Scan], schema: Schema) -> None:
    """Every reference must name a row in this import or already in the ledger (a file
    with references to neither is read again to list them); no row may close a circle
    through the ledger's rows; then the rules' checks across rows."""
    incoming = {scan.table.name: scan.keys for scan in scans}
    problems = []
    for scan in scans:
        unknown: list[tuple[_Reference, set[str]]] = []
        for reference in scan.references:
            missing = set(scan.refs.get(reference.column.attribute, ()))
            for target in map(schema.table, reference.targets):
                keys = incoming.get(target.name)
                if keys is not None:
                    missing = {ref for ref in missing if ref not in keys}
                missing -= stored_values(session, target, _key_attribute(target),
                                         sorted(missing)).keys()
            if missing:
                unknown.append((reference, missing))
        if unknown:
            problems.extend(_unknown_references(scan, unknown, schema.noun))
        problems.extend(_ledger_cycles(session, scan))
    for scan in scans:
        for check in scan.rules.across:
            problems.extend(check(session, scan))
    if problems:
        raise _fail(problems)


def _unknown_references(scan: _Scan, unknown: list[tuple[_Reference, set[str]]],
                        noun: Callable[[str], str]) -> list[Problem]:
    """The rows naming an unknown row, column by column and in file order."""
    found: list[list[Problem]] = [[] for _ in unknown]
    hide = scan.rules.hide
    with _open_csv(Path(scan.file), scan.table) as (_table, records):
        for line, record in records:
            for ((column, targets, problem), missing), problems in zip(unknown, found,
                                                                       strict=True):
                ref = record[column.name].strip()
                if ref in missing:
                    problems.append(Problem(
                        problem, file=scan.file, row=line, column=column.name,
                        value=(hide(record) if hide else "") or ref, detail=noun(targets[0])))
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
