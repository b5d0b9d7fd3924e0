import csv
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from liuzhi.errors import ImportFailed
from liuzhi.ledger import AuditEvent, Figure, Ledger, bundled, importing
from liuzhi.ledger.importing import import_path
from liuzhi.ledger.store import Writer

HEADER = ("figure_id,measure,region_code,period_start,period_end,value,value_high,qualifier,"
          "unit,precision,subset,subset_of,duplicate_of,scope,kind,source_id,locator,notes")


def _figure_row(figure_id: str, **changes: str) -> str:
    row = {"figure_id": figure_id, "measure": "liuzhi", "region_code": "330000",
           "period_start": "2023-01-01", "period_end": "2023-12-31", "value": "100",
           "value_high": "", "qualifier": "exact", "unit": "persons", "precision": "",
           "subset": "false", "subset_of": "", "duplicate_of": "", "scope": "",
           "kind": "official", "source_id": "S001", "locator": "留置100人", "notes": ""}
    row.update(changes)
    return ",".join(row[k] for k in HEADER.split(","))


def _write(tmp_path: Path, rows: list[str], name: str = "figures.csv",
           encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


def _state(ledger: Ledger) -> tuple[dict[str, int], int]:
    with ledger.session() as session:
        events = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    return ledger.counts(), events or 0


def test_bundled_package_imports_once(ledger: Ledger) -> None:
    first = bundled.load(ledger, actor="test")
    assert first.inserted == {"regions": 34, "sources": 74, "figures": 121}
    again = bundled.load(ledger, actor="test")
    assert again.inserted == {"regions": 0, "sources": 0, "figures": 0}
    assert again.updated == {"regions": 0, "sources": 0, "figures": 0}
    assert sum(again.unchanged.values()) == 34 + 74 + 121
    assert ledger.verify_audit() == []


def test_csv_of_new_figures_imports(loaded: Ledger, tmp_path: Path) -> None:
    path = _write(tmp_path, [_figure_row("T1"), _figure_row("T2", value="40",
                                                            subset="true", subset_of="T1")])
    result = import_path(loaded, path, actor="alice")
    assert result.inserted == {"figures": 2}
    with loaded.session() as session:
        assert session.get(Figure, "T2").subset_of == "T1"  # type: ignore[union-attr]


def test_a_changed_row_is_an_audited_update(loaded: Ledger, tmp_path: Path) -> None:
    import_path(loaded, _write(tmp_path, [_figure_row("T1")]), actor="alice")
    result = import_path(loaded, _write(tmp_path, [_figure_row("T1", value="101")]),
                         actor="bob")
    assert result.updated == {"figures": 1}
    with loaded.session() as session:
        last = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None and (last.actor, last.action, last.entity_id) == ("bob", "update", "T1")


def test_one_bad_row_and_nothing_is_written(loaded: Ledger, tmp_path: Path) -> None:
    before = _state(loaded)
    rows = [_figure_row(f"T{i}") for i in range(1, 60)]
    rows[40] = _figure_row("T41", period_end="2023-13-01")
    with pytest.raises(ImportFailed) as failure:
        import_path(loaded, _write(tmp_path, rows), actor="alice")
    message = str(failure.value)
    assert "figures.csv, row 42, column period_end: period_end 2023-13-01 is not a date; " \
           "use YYYY-MM-DD" in message
    assert "the ledger is unchanged" in message
    assert _state(loaded) == before


def test_a_failure_halfway_through_the_writes_rolls_everything_back(
        loaded: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows pass every check, then the database fails on the second batch of 20."""
    before = _state(loaded)
    real_insert = Writer.insert_many

    def failing_insert(self: Writer, model, rows):  # type: ignore[no-untyped-def]
        if self.events >= 20:
            raise sa.exc.OperationalError("INSERT", {}, Exception("connection lost"))
        return real_insert(self, model, rows)

    monkeypatch.setattr(importing, "_BATCH", 20)
    monkeypatch.setattr(Writer, "insert_many", failing_insert)
    rows = [_figure_row(f"T{i}") for i in range(1, 60)]
    with pytest.raises(sa.exc.OperationalError):
        import_path(loaded, _write(tmp_path, rows), actor="alice")
    assert _state(loaded) == before
    assert loaded.verify_audit() == []


@pytest.mark.parametrize("changes, expected", [
    ({"value": "2.6万"}, "column value: value 2.6万 is not a number; write digits only"),
    ({"value": "\"26,000\""}, "value 26,000 is not a number"),
    ({"measure": "detentions"}, "measure detentions is not a known measure; use one of: liuzhi,"),
    ({"unit": "people"}, "unit people is not a known unit; use one of: persons, person_times"),
    ({"period_start": "2024-01-01"}, "period_start 2024-01-01 is after period_end 2023-12-31; "
                                     "swap them"),
    ({"qualifier": "range"}, "qualifier is range but value_high is empty"),
    ({"value_high": "50"}, "value_high 50.0 is below value 100.0"),
    ({"kind": ""}, "kind is empty; every row needs a kind"),
    ({"subset": "yes"}, "subset yes is not true or false"),
    ({"source_id": "S999"}, "source_id S999 names no source; add that row first"),
    ({"region_code": "339999"}, "region_code 339999 names no region"),
    ({"subset_of": "T404"}, "subset_of T404 names no figure"),
])
def test_each_bad_value_gets_a_message_with_the_fix(
        loaded: Ledger, tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    before = _state(loaded)
    with pytest.raises(ImportFailed) as failure:
        import_path(loaded, _write(tmp_path, [_figure_row("T1", **changes)]), actor="alice")
    assert expected in str(failure.value)
    assert _state(loaded) == before


def test_a_gb18030_file_is_refused_with_the_conversion_command(
        loaded: Ledger, tmp_path: Path) -> None:
    path = _write(tmp_path, [_figure_row("T1", locator="江西对308人采取留置措施")],
                  encoding="gb18030")
    with pytest.raises(ImportFailed, match="not UTF-8 text .*iconv -f GB18030 -t UTF-8"):
        import_path(loaded, path, actor="alice")


def test_ragged_rows_and_unknown_headers_are_refused(loaded: Ledger, tmp_path: Path) -> None:
    ragged = _write(tmp_path, [_figure_row("T1") + ",extra"])
    with pytest.raises(ImportFailed, match="row 2: .* different number of columns"):
        import_path(loaded, ragged, actor="alice")
    other = tmp_path / "other.csv"
    other.write_text("name,count\nx,1\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="matches no ledger table"):
        import_path(loaded, other, actor="alice")


def test_duplicate_ids_in_one_file_are_refused(loaded: Ledger, tmp_path: Path) -> None:
    path = _write(tmp_path, [_figure_row("T1"), _figure_row("T1")])
    with pytest.raises(ImportFailed, match="row 3, column figure_id: figure_id T1 appears twice"):
        import_path(loaded, path, actor="alice")


def test_a_data_package_with_one_bad_table_imports_nothing(
        ledger: Ledger, tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(Path(bundled.descriptor()).parent, package)
    with (package / "figures.csv").open("a", encoding="utf-8") as handle:
        handle.write(_figure_row("T1", value="many") + "\n")
    with pytest.raises(ImportFailed, match="value many is not a number"):
        import_path(ledger, package / "datapackage.json", actor="alice")
    assert ledger.counts() == {"regions": 0, "sources": 0, "figures": 0}


def test_a_broken_descriptor_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"resources": "nope"}), encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a readable data package descriptor"):
        import_path(ledger, path, actor="alice")


def test_rows_may_come_before_the_row_they_are_a_subset_of(
        loaded: Ledger, tmp_path: Path) -> None:
    rows = [_figure_row("T2", value="5", subset="true", subset_of="T1"), _figure_row("T1")]
    assert import_path(loaded, _write(tmp_path, rows), actor="a").inserted == {"figures": 2}


def test_a_row_waits_for_a_parent_that_itself_waits(loaded: Ledger, tmp_path: Path) -> None:
    # A and D name B, which names C, the last row: B waits, so D must wait for B too.
    rows = [_figure_row("A", value="1", subset="true", subset_of="B"),
            _figure_row("B", value="2", subset="true", subset_of="C"),
            _figure_row("D", value="1", subset="true", subset_of="B"),
            _figure_row("C", value="3")]
    assert import_path(loaded, _write(tmp_path, rows), actor="a").inserted == {"figures": 4}
    with loaded.session() as session:
        assert session.get(Figure, "D").subset_of == "B"  # type: ignore[union-attr]


def test_unknown_references_are_listed_by_column_then_row(
        loaded: Ledger, tmp_path: Path) -> None:
    rows = [_figure_row("T1", source_id="S404"), _figure_row("T2", source_id="S404"),
            _figure_row("T3", subset="true", subset_of="T404")]
    with pytest.raises(ImportFailed) as failure:
        import_path(loaded, _write(tmp_path, rows), actor="a")
    message = str(failure.value)
    assert "3 problem(s)" in message
    # subset_of comes before source_id in the table, so its row 4 is listed first.
    assert message.index("row 4") < message.index("row 2") < message.index("row 3")
    assert loaded.counts()["figures"] == 121


def test_exported_header_matches_the_import_header(tmp_path: Path) -> None:
    with Path(bundled.descriptor()).with_name("figures.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == HEADER.split(",")
