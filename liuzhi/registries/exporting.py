"""Exports that include the registries: ``liuzhi export`` writes the figures' tables
(liuzhi/ledger/exporting.py), then adds every registry here.

Private cases are left out unless ``include_private`` is given; when they are included,
the output says so (the data package's description and a ``private_records`` count, the
JSON document's ``private_records``), so no one mistakes it for a public export.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from liuzhi.ledger import exporting as core
from liuzhi.ledger.store import Ledger
from liuzhi.ledger.tables import Table
from liuzhi.registries.models import Case
from liuzhi.registries.tables import REGISTRY_TABLES

#: Every file a data package export writes (the output guard checks them all).
PACKAGE_FILES = (*core.PACKAGE_FILES, *(f"{table.name}.csv" for table in REGISTRY_TABLES))

PRIVATE_NOTE = ("THIS EXPORT HOLDS PRIVATE RECORDS: {n} private case(s) were included on "
                "request (--include-private). Do not publish it.")


def registry_rows(ledger: Ledger, table: Table, *, include_private: bool) -> list[dict[str, Any]]:
    """A registry table's rows under its CSV names; private cases only when asked."""
    if table.model is Case and not include_private:
        return core.table_rows(ledger, table, Case.public.is_(True))
    return core.table_rows(ledger, table)


def export(ledger: Ledger, fmt: str, dest: Path, *, include_private: bool = False
           ) -> tuple[Path, int]:
    """Write the ledger and the registries; returns the path and how many private
    records it holds."""
    path = core.export(ledger, fmt, dest)
    if fmt not in ("datapackage", "json"):
        return path, 0  # figures only: no registry rows in these formats
    tables = {t.name: registry_rows(ledger, t, include_private=include_private)
              for t in REGISTRY_TABLES}
    private = sum(1 for row in tables["cases"] if row["public"] is False)
    if fmt == "datapackage":
        folder = path.parent
        for table in REGISTRY_TABLES:
            core._write_csv(folder / f"{table.name}.csv", table.header, tables[table.name])
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        bundled = json.loads((resources.files("liuzhi") / "data" / "datapackage.json")
                             .read_text(encoding="utf-8"))
        names = {t.name for t in REGISTRY_TABLES}
        descriptor["resources"] += [r for r in bundled["resources"] if r["name"] in names]
        if private:
            descriptor["description"] = (PRIVATE_NOTE.format(n=private) + " "
                                         + descriptor.get("description", ""))
            descriptor["private_records"] = private
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    else:
        document = json.loads(path.read_text(encoding="utf-8"))
        document.update(tables)
        document["private_records"] = private
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n",
                        encoding="utf-8")
    return path, private
