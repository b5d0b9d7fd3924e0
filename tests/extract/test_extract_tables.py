"""Tables flattened to lines (liuzhi.extract.tables), and through extract."""

from __future__ import annotations

import pytest

from liuzhi.extract import extract, tables


def figures(text: str, **kwargs) -> list[tuple[str, int, str, str | None, str | None]]:
    kwargs.setdefault("document_date", "2024-02-05")
    return [(c.measure, c.value, c.unit, c.period_start, c.period_end)
            for c in extract(text, **kwargs)]


def test_row_parts():
    row = tables.row("立案（件） 28,416 31,092")
    assert row is not None and row.unit == "cases" and row.columns == 2
    assert [c.number.value for c in row.cells] == [28416, 31092]
    assert tables.row("留置人数\t612\t—\t705").columns == 3
    assert [c.column for c in tables.row("留置人数\t612\t—\t705").cells] == [0, 2]


@pytest.mark.parametrize(
    "line",
    [
        "2023年，全省留置312人。",
        "留置（人） 612 705人次",       # a cell that is not a bare number
        "立案 28,416 31,092",           # no unit in the label
        "留置312人 同比增长6%",          # prose with a space
        "",
    ],
)
def test_not_rows(line):
    assert tables.row(line) is None


def test_numbered_label_is_a_row():
    row = tables.row("（一）留置人数 612")
    assert row is not None and [c.number.value for c in row.cells] == [612]


def test_header_cells():
    assert tables.header("指标 2022年 2023年") == ["2022年", "2023年"]
    assert tables.header("2022年上半年\t2023年上半年") == ["2022年上半年", "2023年上半年"]
    assert tables.header("指标 数量 同比") is None


def test_table_columns_give_the_periods():
    text = ("表1 全省纪检监察机关审查调查情况\n指标 2022年 2023年\n"
            "立案（件） 28,416 31,092\n处分（人） 25,830 27,641\n留置（人） 612 705")
    assert figures(text, issuer="山西省纪委监委") == [
        ("cases_filed", 28416, "cases", "2022-01-01", "2022-12-31"),
        ("cases_filed", 31092, "cases", "2023-01-01", "2023-12-31"),
        ("punished", 25830, "persons", "2022-01-01", "2022-12-31"),
        ("punished", 27641, "persons", "2023-01-01", "2023-12-31"),
        ("liuzhi", 612, "persons", "2022-01-01", "2022-12-31"),
        ("liuzhi", 705, "persons", "2023-01-01", "2023-12-31"),
    ]
    assert {c.region_code for c in extract(text, issuer="山西省纪委监委")} == {"140000"}


def test_single_column_takes_the_period_in_context():
    text = "2023年上半年主要数据\n立案件数 9216\n留置人数 318"
    assert figures(text) == [
        ("cases_filed", 9216, "cases", "2023-01-01", "2023-06-30"),
        ("liuzhi", 318, "persons", "2023-01-01", "2023-06-30"),
    ]


def test_rows_that_cannot_be_dated_or_are_blocked_are_dropped():
    # two numbers and no header: which period is which is unknown
    assert figures("留置（人） 612 705") == []
    # a blocked label: facilities and guards are not placements
    assert figures("指标 2022年 2023年\n留置室（件） 120 140\n看护人员（人） 300 320") == []
