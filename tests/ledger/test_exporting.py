import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from frictionless import Package

from liuzhi.errors import PublishError
from liuzhi.ledger import Ledger
from liuzhi.ledger.exporting import export, table_rows
from liuzhi.ledger.importing import import_path
from liuzhi.ledger.tables import TABLES


def test_csv_has_every_figure_with_its_source(loaded: Ledger, tmp_path: Path) -> None:
    path = export(loaded, "csv", tmp_path / "figures.csv")
    with path.open(encoding="utf-8") as handle:
        rows = {row["figure_id"]: row for row in csv.DictReader(handle)}
    assert len(rows) == 121
    assert rows["LZ007"]["value"] == "308"
    assert rows["LZ007"]["source_url"] == "http://qzjjjc.gov.cn/x/?d=1648&l=146"
    assert rows["LZ008"]["subset_of"] == "LZ007"


def test_json_holds_all_three_tables(loaded: Ledger, tmp_path: Path) -> None:
    document = json.loads(export(loaded, "json", tmp_path / "l.json").read_text("utf-8"))
    assert [len(document[t]) for t in ("regions", "sources", "figures")] == [34, 74, 121]
    lz003 = next(f for f in document["figures"] if f["figure_id"] == "LZ003")
    assert (lz003["value"], lz003["precision"], lz003["qualifier"]) == (38000, 1000, "approximate")


def test_parquet_reads_back(loaded: Ledger, tmp_path: Path) -> None:
    table = pq.read_table(export(loaded, "parquet", tmp_path / "f.parquet"))
    assert table.num_rows == 121
    assert "source_url" in table.column_names


def test_data_package_validates_and_round_trips(loaded: Ledger, tmp_path: Path,
                                                database_url: str) -> None:
    descriptor = export(loaded, "datapackage", tmp_path / "package")
    report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    copy = Ledger(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    import_path(copy, descriptor, actor="test")
    for table in TABLES:
        assert table_rows(copy, table) == table_rows(loaded, table)
    copy.close()


def test_unknown_format_is_refused(loaded: Ledger, tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="Export format 'xlsx' is not known; use one of csv"):
        export(loaded, "xlsx", tmp_path / "x.xlsx")
