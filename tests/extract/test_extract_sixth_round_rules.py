"""The rules added for the sixth round (realpages6.yaml): tables in the layouts pages carry,
each on a table written here."""

from __future__ import annotations

from liuzhi.extract import extract


def _found(text: str, date: str | None = None) -> list[tuple[object, ...]]:
    return [(c.measure, c.value, c.unit, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date)]


def test_full_width_bars_and_digits():
    text = ("第二季度数据如下。\n｜项目｜４月｜５月｜６月｜合计｜\n"
            "｜留置（人）｜５｜７｜６｜１８｜\n")
    assert [(f[1], f[3], f[5]) for f in _found(text, "2025-07-05")] == [
        (5, "2025-04-01", 3), (7, "2025-05-01", 3), (6, "2025-06-01", 3),
        (18, "2025-04-01", None)]


def test_a_markdown_table_with_a_rule_under_its_header():
    text = ("今年前三季度，各区留置情况如下：\n| 区 | 留置（人） |\n|:---|---:|\n"
            "| 甲区 | 9 |\n| 乙区 | 7 |\n| 合计 | 16 |\n")
    assert [(f[1], f[5]) for f in _found(text, "2025-10-20")] == [(9, 2), (7, 2), (16, None)]


def test_labels_without_a_unit_and_cells_that_carry_it():
    text = ("2025年主要数据对比：\n指标　　2025年　　2024年　　增减\n"
            "立案　　21350件　　19874件　　+7.4%\n留置　　1022人　　948人　　上升7.8%\n")
    found = _found(text, "2026-01-20")
    assert ("cases_filed", 21350, "cases", "2025-01-01", "2025-12-31", None) in found
    assert ("liuzhi", 948, "persons", "2024-01-01", "2024-12-31", None) in found
    assert not any(f[1] in (7, 8) for f in found)  # the change column is not a figure


def test_a_full_year_column_adds_up_the_quarters():
    text = ("去年分季度数据：\n项目　　一季度　二季度　三季度　四季度　全年\n"
            "留置　　　52　　　61　　　58　　　70　　241\n")
    found = _found(text, "2025-02-15")
    assert [(f[1], f[5]) for f in found] == [(52, 4), (61, 4), (58, 4), (70, 4), (241, None)]
    assert found[0][3:5] == ("2024-01-01", "2024-03-31")


def test_same_span_a_year_before_and_empty_cells():
    text = ("今年1-6月主要数据：\n| 项目 | 上半年 | 上年同期 |\n| 留置（人） | 214 | 198 |\n"
            "| 移送检察机关（人） | 231 | — |\n")
    found = _found(text, "2025-07-25")
    assert ("liuzhi", 198, "persons", "2024-01-01", "2024-06-30", None) in found
    assert [f[1] for f in found if f[0] == "transferred_for_prosecution"] == [231]


def test_grid_cells_with_their_units():
    text = ("近三年主要数据：\n年份　　立案　　　　留置\n2023年　62.6万件　　2.6万人\n"
            "2024年　87.7万件　　3.1万人\n")
    found = _found(text, "2025-01-22")
    assert ("liuzhi", 31000, "persons", "2024-01-01", "2024-12-31", None) in found
    assert ("cases_filed", 626000, "cases", "2023-01-01", "2023-12-31", None) in found
