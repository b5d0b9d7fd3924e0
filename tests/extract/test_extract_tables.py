"""Tables flattened to lines (liuzhi.extract.layout), through extract."""

from __future__ import annotations

import pytest

from liuzhi.extract import extract, layout


def figures(text: str, **kwargs) -> list[tuple[str, int, str, str | None, str | None]]:
    kwargs.setdefault("document_date", "2024-02-05")
    return [(c.measure, c.value, c.unit, c.period_start, c.period_end)
            for c in extract(text, **kwargs)]


def test_a_row_with_an_empty_cell_keeps_its_columns():
    text = "指标 2022年 2023年 2024年\n留置人数\t612\t—\t705"
    assert figures(text) == [("liuzhi", 612, "persons", "2022-01-01", "2022-12-31"),
                             ("liuzhi", 705, "persons", "2024-01-01", "2024-12-31")]


@pytest.mark.parametrize(
    "line",
    [
        "2023年，全省留置312人。",
        "留置312人 同比增长6%",          # prose with a space
    ],
)
def test_prose_is_not_a_table(line):
    assert layout.blocks(f"{line}\n{line}\n") == []


def test_numbered_label_is_a_row():
    assert figures("2023年主要数据\n指标 数量\n（一）留置人数 612") == [
        ("liuzhi", 612, "persons", "2023-01-01", "2023-12-31")]


def test_header_cells():
    text = "指标 2022年 2023年\n留置（人） 612 705"
    table = layout.table(layout.blocks(text)[0], text)
    assert table is not None and table.heads == ["指标", "2022年", "2023年"]


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
