"""``liuzhi export``: the ledger as CSV, JSON, Parquet or a Frictionless data package.

The data package has the same tables and schema as the bundled one, so an export can be
imported into another ledger unchanged. The spreadsheet-facing CSV (``-f csv``) is the one
output whose text cells are altered: a cell a spreadsheet would run as a formula gets a
leading apostrophe.

Every file is written to a scratch name beside it and renamed into place, so a failed
export leaves no half-written file. Where a command may write is checked before, by
``liuzhi.outputs``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import uuid
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from liuzhi.errors import PublishError
from liuzhi.ledger import publication
from liuzhi.ledger.store import Ledger
from liuzhi.ledger.tables import TABLES, Table
from liuzhi.outputs import write_failed

FORMATS = ("csv", "json", "parquet", "datapackage")
DEFAULT_NAMES = {"csv": "figures.csv", "json": "ledger.json", "parquet": "figures.parquet",
                 "datapackage": "datapackage"}
PACKAGE_FILES = (*(f"{table.name}.csv" for table in TABLES), "datapackage.json",
                 publication.HEAD_FILE)
#: What spreadsheets read as the start of a formula (OWASP's list, with the full-width
#: forms some locales convert).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def export(ledger: Ledger, fmt: str, dest: Path) -> Path:
    """Write the ledger in ``fmt`` to ``dest`` (a file; a folder for datapackage).

    When the ledger has a signing key (``Ledger.open`` gives it one), the export carries
    the ledger's signed head: in ``ledger-head.json`` beside a CSV or Parquet file (see
    ``head_path``), as ``ledger_head`` in a JSON export and in a data package's
    datapackage.json (import ignores it; ``liuzhi verify --against`` reads it)."""
    if fmt not in FORMATS:
        raise PublishError(f"Export format {fmt!r} is not known; use one of {', '.join(FORMATS)}.")
    dest = Path(dest)
    # The head first: the export then holds at least the history it signs.
    head = publication.signed_head(ledger) if ledger.signing_key else None
    tables = {table.name: table_rows(ledger, table) for table in TABLES}
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "datapackage":
            dest.mkdir(parents=True, exist_ok=True)
            for table in TABLES:
                _atomic(dest / f"{table.name}.csv", functools.partial(
                    _write_csv, header=table.header, rows=tables[table.name]))
            # Only the resources written here: the registries add theirs (liuzhi/registries/).
            package = json.loads((resources.files("liuzhi") / "data" / "datapackage.json")
                                 .read_text(encoding="utf-8"))
            package["resources"] = [r for r in package["resources"]
                                    if r["name"] in {t.name for t in TABLES}]
            if head is not None:
                package["ledger_head"] = head.as_json()
                _atomic(head_path(fmt, dest / "datapackage.json"),
                        lambda path: _write_head(head, path))
            text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
            _atomic(dest / "datapackage.json", lambda path: path.write_text(text, encoding="utf-8"))
            return dest / "datapackage.json"
        figures = _joined(tables)
        if fmt == "csv":
            _atomic(dest, lambda path: _write_csv(path, list(figures[0]) if figures else [],
                                                  figures, spreadsheet=True))
        elif fmt == "json":
            document = {"exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        **({"ledger_head": head.as_json()} if head else {}), **tables}
            text = json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n"
            _atomic(dest, lambda path: path.write_text(text, encoding="utf-8"))
        else:
            _atomic(dest, lambda path: pq.write_table(pa.Table.from_pylist(figures), path))
        if head is not None and fmt != "json":
            _atomic(head_path(fmt, dest), lambda path: _write_head(head, path))
    except OSError as error:
        raise write_failed(Path(error.filename or dest), error) from error
    return dest


def _atomic(dest: Path, write: Callable[[Path], object]) -> None:
    """``write`` to a scratch file beside ``dest``, then rename it into place."""
    scratch = dest.with_name(f".{dest.name}.partial-{uuid.uuid4().hex[:8]}")
    try:
        write(scratch)
        os.replace(scratch, dest)
    finally:
        scratch.unlink(missing_ok=True)


def head_path(fmt: str, path: Path) -> Path:
    """Where the export at ``path`` carries the ledger's signed head."""
    if fmt == "json":
        return path
    if fmt == "datapackage":
        return path.parent / publication.HEAD_FILE
    return path.with_name(f"{path.stem}.{publication.HEAD_FILE}")


def _write_head(head: publication.SignedHead, path: Path) -> None:
    # Beside the export it belongs to, and replaced with it.
    path.write_text(json.dumps(head.as_json(), indent=1) + "\n", encoding="utf-8")


def table_rows(ledger: Ledger, table: Table,
               *where: sa.ColumnElement[bool]) -> list[dict[str, Any]]:
    """The table's rows (those meeting ``where``) under their CSV column names, in key
    order."""
    key = getattr(table.model, next(c.attribute for c in table.columns if c.name == table.key))
    with ledger.session() as session:
        rows = session.scalars(sa.select(table.model).where(*where).order_by(key)).all()
        return [{c.name: _plain(getattr(row, c.attribute)) for c in table.columns}
                for row in rows]


def _joined(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Figures with their source's URL and publisher beside each, for spreadsheet users."""
    sources = {s["source_id"]: s for s in tables["sources"]}
    return [
        {**figure,
         "source_url": sources[figure["source_id"]]["url"],
         "source_publisher": sources[figure["source_id"]]["publisher"],
         "source_issuing_body": sources[figure["source_id"]]["issuing_body"],
         "source_published": sources[figure["source_id"]]["published"],
         "source_secondary": sources[figure["source_id"]]["secondary"]}
        for figure in tables["figures"]
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_csv(path: Path, header: list[str], rows: list[dict[str, Any]], *,
               spreadsheet: bool = False) -> None:
    cell = _spreadsheet_cell if spreadsheet else _cell
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell(v) for k, v in row.items()})


def _spreadsheet_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made inert with a leading
    apostrophe (numbers are written as numbers and stay as they are)."""
    value = _cell(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
