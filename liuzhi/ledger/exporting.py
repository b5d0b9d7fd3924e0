"""``liuzhi export``: the ledger as CSV, JSON, Parquet or a Frictionless data package.

The data package has the same tables and schema as the bundled one, so an export can be
imported into another ledger unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from liuzhi.errors import PublishError
from liuzhi.ledger.store import Ledger
from liuzhi.ledger.tables import TABLES, Table

FORMATS = ("csv", "json", "parquet", "datapackage")
DEFAULT_NAMES = {"csv": "figures.csv", "json": "ledger.json", "parquet": "figures.parquet",
                 "datapackage": "datapackage"}


def export(ledger: Ledger, fmt: str, dest: Path) -> Path:
    """Write the ledger in ``fmt`` to ``dest`` (a file; a folder for datapackage)."""
    if fmt not in FORMATS:
        raise PublishError(f"Export format {fmt!r} is not known; use one of {', '.join(FORMATS)}.")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tables = {table.name: table_rows(ledger, table) for table in TABLES}
    if fmt == "datapackage":
        dest.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            _write_csv(dest / f"{table.name}.csv", table.header, tables[table.name])
        # Only the resources written here: the registries add theirs (liuzhi/registries/).
        descriptor = json.loads((resources.files("liuzhi") / "data" / "datapackage.json")
                                .read_text(encoding="utf-8"))
        descriptor["resources"] = [r for r in descriptor["resources"]
                                   if r["name"] in {t.name for t in TABLES}]
        (dest / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return dest / "datapackage.json"
    figures = _joined(tables)
    if fmt == "csv":
        _write_csv(dest, list(figures[0]) if figures else [], figures)
    elif fmt == "json":
        document = {"exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    **tables}
        dest.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n",
                        encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(figures), dest)
    return dest


def table_rows(ledger: Ledger, table: Table) -> list[dict[str, Any]]:
    """The table's rows under its CSV column names, in key order."""
    key = getattr(table.model, next(c.attribute for c in table.columns if c.name == table.key))
    with ledger.session() as session:
        rows = session.scalars(sa.select(table.model).order_by(key)).all()
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


def _write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
