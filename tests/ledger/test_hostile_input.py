"""Hostile and malformed input to ``liuzhi import`` and ``liuzhi validate`` (issue 10,
items 2, 3, 4, 9 and 10): each is refused at the door with a message naming file, row,
column and fix, the same on SQLite and PostgreSQL, and the ledger is left unchanged."""

import csv
import datetime as dt
import io
import json
import os
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from liuzhi.errors import ImportFailed, LiuzhiError
from liuzhi.ledger import Figure, Ledger, bundled
from liuzhi.ledger.checks import validate
from liuzhi.ledger.exporting import _spreadsheet_cell, export
from liuzhi.ledger.importing import ParsedTable, _referenced_first, import_path
from liuzhi.ledger.tables import FIGURES, TABLES

from .test_importing import HEADER, _figure_row, _state, _write

REGION_HEADER = ("code,iso_code,name_zh,short_zh,abbr_zh,name_en,level,parent,population_2020,"
                 "population_figure,members")


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """An empty SQLite ledger for refusals made while parsing, before any database is
    asked (the tests on both backends show the same refusals on PostgreSQL)."""
    ledger = Ledger(f"sqlite:///{tmp_path_factory.mktemp('door') / 'ledger.sqlite'}")
    yield ledger
    ledger.close()


def _refused(ledger: Ledger, path: Path, *expected: str) -> str:
    before = _state(ledger)
    with pytest.raises(ImportFailed) as failure:
        import_path(ledger, path, actor="mallory")
    message = str(failure.value)
    for text in expected:
        assert text in message, message
    assert _state(ledger) == before
    return message


# ---------------------------------------------------------------- item 2: value domains

@pytest.mark.parametrize("changes, expected", [
    ({"value": "-5"}, "column value: value -5 is outside its domain: a count of persons"),
    ({"value": "inf"}, "value inf is not a number"),
    ({"value": "nan"}, "value nan is not a number"),
    ({"value": "-inf"}, "value -inf is not a number"),
    ({"value": "1e309"}, "value 1e309 is too large"),
    ({"value": "12.5"}, "value 12.5 is outside its domain: a count of persons is a whole"),
    ({"value": "10", "value_high": "1e309", "qualifier": "range"}, "value_high 1e309"),
    ({"value": "101", "unit": "percent", "measure": "liuzhi_per_case_filed"},
     "value 101 is outside its domain: a percent"),
    ({"value": "-1", "unit": "days", "measure": "liuzhi_mean_duration"},
     "value -1 is outside its domain"),
    ({"precision": "0"}, "precision 0 is outside its domain"),
    ({"precision": "-1000"}, "precision -1000 is outside its domain"),
])
def test_values_outside_their_domain_are_refused(
        door: Ledger, tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    _refused(door, _write(tmp_path, [_figure_row("T1", **changes)]), expected,
             "figures.csv, row 2")


@pytest.mark.parametrize("value", ["nan", "inf", "1e309", "-5"])
def test_both_databases_refuse_the_same_values(ledger: Ledger, tmp_path: Path,
                                               value: str) -> None:
    _refused(ledger, _write(tmp_path, [_figure_row("T1", value=value)]),
             f"figures.csv, row 2, column value: value {value} is")


def test_values_inside_their_domain_pass(loaded: Ledger, tmp_path: Path) -> None:
    rows = [_figure_row("T1", value="0"), _figure_row("T2", value="1.2e4"),
            _figure_row("T3", value="4.15", unit="percent", measure="liuzhi_per_case_filed"),
            _figure_row("T4", value="16.5", unit="persons_per_day")]
    assert import_path(loaded, _write(tmp_path, rows), actor="a").inserted == {"figures": 4}


def test_validate_reports_values_outside_their_domain(loaded: Ledger) -> None:
    """Rows written behind the importer's back (a script, an old version) are caught."""
    base = dict(measure="liuzhi", region_code="360000", period_start=dt.date(2018, 1, 1),
                period_end=dt.date(2018, 12, 31), qualifier="exact", unit="persons",
                subset=False, kind="official", source_id="S006", locator="x")
    with loaded.transaction("script") as writer:
        writer.add(Figure(id="X1", value=-5.0, **base))
        writer.add(Figure(id="X2", value=1.0, **base))
        writer.add(Figure(id="X3", value=2.5, **base))
        writer.add(Figure(id="X4", value=5.0, precision=-1.0, **base))
    with loaded.engine.begin() as connection:  # the writer refuses inf: edit behind it
        connection.execute(sa.text("UPDATE figures SET value = :v WHERE id = 'X2'"),
                           {"v": float("inf")})
    found = {(p.id, p.file, p.column) for p in validate(loaded)}
    assert {("out-of-domain", f"figure X{i}", "value") for i in (1, 2, 3)} <= found
    assert ("out-of-domain", "figure X4", "precision") in found
    message = next(p.message for p in validate(loaded) if p.file == "figure X1")
    assert "figure X1, column value: value -5 is outside its domain" in message


# ------------------------------------------------------- item 10: loose dates and numbers

@pytest.mark.parametrize("changes, expected", [
    ({"period_start": "2023-W01-1"}, "period_start 2023-W01-1 is not a date"),
    ({"period_end": "2023-W52-7"}, "period_end 2023-W52-7 is not a date"),
    ({"period_start": "٢٠٢٣-٠١-٠١"}, "is not a date"),
    ({"period_start": "２０２３-０１-０１"}, "is not a date"),
    ({"value": "١٠٠"}, "value ١٠٠ is not a number"),
    ({"value": "１００"}, "value １００ is not a number"),
    ({"value": "1_000"}, "value 1_000 is not a number"),
    ({"value": "٣.٥"}, "is not a number"),
    ({"value": "0x10"}, "is not a number"),
])
def test_only_the_declared_formats_are_accepted(
        door: Ledger, tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    _refused(door, _write(tmp_path, [_figure_row("T1", **changes)]), expected)


def _region(**changes: str) -> str:
    row = {"code": "990000", "iso_code": "", "name_zh": "某省", "short_zh": "", "abbr_zh": "",
           "name_en": "Somewhere", "level": "province", "parent": "000000",
           "population_2020": "100", "population_figure": "", "members": ""}
    row.update(changes)
    return ",".join(row[k] for k in REGION_HEADER.split(","))


@pytest.mark.parametrize("population", ["²", "nan", "٣٠٠", "１００", "-5", "1e3",
                                        "99999999999999999999"])
def test_a_population_that_is_not_a_whole_number(door: Ledger, tmp_path: Path,
                                                 population: str) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(f"{REGION_HEADER}\n{_region(population_2020=population)}\n",
                    encoding="utf-8")
    _refused(door, path, "regions.csv, row 2, column population_2020")


@pytest.mark.parametrize("published", ["2023-W01", "٢٠٢٣", "2024-13", "2024-02-30"])
def test_partial_dates_are_strict(door: Ledger, tmp_path: Path, published: str) -> None:
    path = tmp_path / "sources.csv"
    path.write_text("source_id,title,publisher,issuing_body,kind,url,published,secondary,"
                    f"language,notes\nS900,,Example,某,news_report,https://e.org/a,{published},"
                    "true,zh,\n", encoding="utf-8")
    _refused(door, path, f"published {published} is not a date")


# ------------------------------------- item 4: NUL and over-long values, on both backends

@pytest.mark.parametrize("changes, expected", [
    ({"locator": "留置\x00100人"}, "column locator: locator contains a control character"),
    ({"notes": "bell\x07"}, "column notes: notes contains a control character"),
    ({"scope": "\x1b[2Jcleared"}, "column scope: scope contains a control character"),
])
def test_values_both_databases_cannot_hold_are_refused_at_the_door(
        loaded: Ledger, tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    _refused(loaded, _write(tmp_path, [_figure_row("T1", **changes)]), expected)


def test_an_over_long_id_is_refused(loaded: Ledger, tmp_path: Path) -> None:
    _refused(loaded, _write(tmp_path, [_figure_row("T" * 33)]),
             "column figure_id: figure_id is 33 characters long, over the limit of 32")


def test_an_over_long_region_code_is_refused(loaded: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(f"{REGION_HEADER}\n{_region(code='9' * 17)}\n", encoding="utf-8")
    _refused(loaded, path, "column code: code is 17 characters long, over the limit of 16")


def test_writes_outside_the_importer_are_held_to_the_same_limits(loaded: Ledger) -> None:
    """Capture, review and scripts write through the Writer: the same refusal."""
    base = dict(measure="liuzhi", region_code="360000", period_start=dt.date(2018, 1, 1),
                period_end=dt.date(2018, 12, 31), qualifier="exact", unit="persons",
                subset=False, kind="official", source_id="S006", value=1.0)
    for changes in ({"id": "X" * 40}, {"id": "X1", "locator": "a\x00b"}):
        with pytest.raises(LiuzhiError, match="figures.*(characters long|NUL character)"):
            with loaded.transaction("script") as writer:
                writer.add(Figure(**{**base, **changes}))  # type: ignore[arg-type]
    assert loaded.verify_audit() == []


def test_a_circle_of_references_is_refused(door: Ledger, tmp_path: Path) -> None:
    rows = [_figure_row("T1", subset="true", subset_of="T2"),
            _figure_row("T2", subset="true", subset_of="T3"),
            _figure_row("T3", subset="true", subset_of="T1")]
    _refused(door, _write(tmp_path, rows), "subset_of T2 goes round in a circle "
             "(T1 → T2 → T3 → T1)")
    path = tmp_path / "regions.csv"
    path.write_text(f"{REGION_HEADER}\n{_region(code='990000', parent='990001')}\n"
                    f"{_region(code='990001', parent='990000')}\n", encoding="utf-8")
    _refused(door, path, "regions.csv, row 2, column parent: parent 990001 goes round")


def test_a_long_chain_of_subsets_is_ordered_without_recursion() -> None:
    """5,000 figures each a subset of the next: parents first, no RecursionError."""
    rows = [(i + 2, {"id": f"C{i}", "subset_of": f"C{i + 1}" if i < 4999 else None,
                     "duplicate_of": None}) for i in range(5000)]
    ordered = _referenced_first(ParsedTable(FIGURES, "figures.csv", rows))
    assert [values["id"] for _, values in ordered] == [f"C{i}" for i in range(4999, -1, -1)]


def test_a_header_naming_a_column_twice_is_refused(door: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(f"{HEADER},value\n{_figure_row('T1')},5\n", encoding="utf-8")
    _refused(door, path, "row 1: ", "the header names value more than once")


# ------------------------------------ item 3: data package paths, nesting, FIFOs, folders

def _package(tmp_path: Path, path: object) -> Path:
    package = tmp_path / "pkg"
    package.mkdir(exist_ok=True)
    descriptor = package / "datapackage.json"
    descriptor.write_text(json.dumps({"resources": [{"name": "figures", "path": path}]}),
                          encoding="utf-8")
    return descriptor


@pytest.mark.parametrize("path, expected", [
    ("../../../../../../etc/passwd", "outside the package folder"),
    ("/etc/passwd", "outside the package folder"),
    ("/dev/zero", "outside the package folder"),
    (5, "must be a relative file path"),
    (["figures.csv"], "must be a relative file path"),
    ({"a": 1}, "must be a relative file path"),
    (".", "is a folder"),
    ("", "must be a relative file path"),
    ("missing.csv", "cannot be read"),
])
def test_resource_paths_stay_inside_the_package(door: Ledger, tmp_path: Path, path: object,
                                                expected: str) -> None:
    _refused(door, _package(tmp_path, path), expected, "resource figures")


def test_a_link_out_of_the_package_is_refused(door: Ledger, tmp_path: Path) -> None:
    descriptor = _package(tmp_path, "figures.csv")
    (descriptor.parent / "figures.csv").symlink_to(Path(bundled.descriptor()).parent
                                                   / "figures.csv")
    _refused(door, descriptor, "outside the package folder")


def _fifo(path: Path) -> Path:
    """A FIFO; should the importer open it, a writer comes after 5 s so the test ends (and
    fails) instead of hanging."""
    os.mkfifo(path)

    def unblock() -> None:
        time.sleep(5)
        with open(path, "w"):
            pass

    threading.Thread(target=unblock, daemon=True).start()
    return path


def test_a_fifo_in_the_package_does_not_hang(door: Ledger, tmp_path: Path) -> None:
    descriptor = _package(tmp_path, "figures.csv")
    _fifo(descriptor.parent / "figures.csv")
    _refused(door, descriptor, "is not a plain file")


def test_importing_a_folder_or_a_fifo(door: Ledger, tmp_path: Path) -> None:
    _refused(door, tmp_path, "is a folder", "datapackage.json")
    _refused(door, _fifo(tmp_path / "figures.csv"), "is not a plain file")


def test_deeply_nested_json_is_refused(door: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "datapackage.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _refused(door, path, "nested more than")
    nested: list[object] = []
    for _ in range(40):
        nested = [nested]
    path.write_text(json.dumps({"resources": [{"name": "figures", "path": "f.csv",
                                               "x": nested}]}), encoding="utf-8")
    _refused(door, path, "nested more than")


def test_a_huge_descriptor_is_refused(door: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"resources": [], "pad": "x" * (9 * 2**20)}), encoding="utf-8")
    _refused(door, path, "over the")


# --------------------------------------------------------- item 9: binary files

def test_a_zip_is_named_as_a_zip(door: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("figures.csv", "figure_id\n")
    path.write_bytes(buffer.getvalue())
    message = _refused(door, path, "is a ZIP archive", "unzip")
    assert "iconv" not in message


@pytest.mark.parametrize("head, what", [
    (b"\x1f\x8b\x08\x00", "gzip"), (b"%PDF-1.7\n", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel"), (b"SQLite format 3\x00", "SQLite"),
    (b"\x89PNG\r\n\x1a\n", "image"),
])
def test_other_binary_files_are_named(door: Ledger, tmp_path: Path, head: bytes,
                                      what: str) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes(head + bytes(range(256)) * 4)
    message = _refused(door, path, what)
    assert "iconv" not in message


# ---------------------------------------------------- item 8: formulas in the CSV export

def test_csv_export_neutralises_formulas_and_the_package_stays_exact(
        loaded: Ledger, tmp_path: Path) -> None:
    evil = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A9)",
            "＝1+1"]
    rows = [_figure_row(f"T{i}", locator=text.replace('"', '""').join('""'), notes="n")
            for i, text in enumerate(evil)]
    import_path(loaded, _write(tmp_path, rows), actor="a")
    sheet = export(loaded, "csv", tmp_path / "sheet.csv")
    with sheet.open(encoding="utf-8", newline="") as handle:
        exported = {r["figure_id"]: r for r in csv.DictReader(handle)}
    for i, text in enumerate(evil):
        assert exported[f"T{i}"]["locator"] == "'" + text
    assert exported["LZ007"]["value"] == "308"  # numbers are left alone
    # The importer strips surrounding blanks, so tab and CR can only come from elsewhere.
    assert [_spreadsheet_cell(v) for v in ("\tTAB", "\rCR", "a=b", -5)] == [
        "'\tTAB", "'\rCR", "a=b", -5]
    descriptor = export(loaded, "datapackage", tmp_path / "package")
    copy = Ledger(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    try:
        import_path(copy, descriptor, actor="test")
        from liuzhi.ledger.exporting import table_rows
        for table in TABLES:
            assert table_rows(copy, table) == table_rows(loaded, table)
    finally:
        copy.close()


@pytest.mark.parametrize("url, expected", [
    ("postgresql+psycopg://liuzhi:secret@127.0.0.1:1/nothing", "could not be opened"),
    ("postgresql+psycopg://liuzhi:secret@127.0.0.1:99999/nothing", "could not be opened"),
    ("not a url at all", "cannot be used"),
    ("sqlite:////proc/no/such/ledger.sqlite", "cannot be made"),
])
def test_a_database_that_cannot_be_reached(url: str, expected: str) -> None:
    with pytest.raises(LiuzhiError) as failure:
        Ledger(url).close()
    assert expected in str(failure.value)
    assert "secret" not in str(failure.value)
