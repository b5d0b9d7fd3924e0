"""The rules added for the fifth round (realpages5.yaml): tables as pages carry them once
copied to text, and series in prose. Each on text written here."""

from __future__ import annotations

from liuzhi.extract import extract


def _found(text: str, date: str | None = None) -> list[tuple[object, ...]]:
    return [(c.measure, c.value, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date)]


def test_a_grid_of_measures_by_year_with_a_total_row():
    text = ("主要数据如下：\n单位：人\n年度 | 留置 | 移送审查起诉\n2021 | 120 | 110\n"
            "2022 | 135 | 128\n合计 | 255 | 238\n以上数据由市纪委监委提供。")
    assert _found(text, "2023-02-01") == [
        ("liuzhi", 120, "2021-01-01", "2021-12-31", 4),
        ("transferred_for_prosecution", 110, "2021-01-01", "2021-12-31", 5),
        ("liuzhi", 135, "2022-01-01", "2022-12-31", 4),
        ("transferred_for_prosecution", 128, "2022-01-01", "2022-12-31", 5),
        ("liuzhi", 255, "2021-01-01", "2022-12-31", None),
        ("transferred_for_prosecution", 238, "2021-01-01", "2022-12-31", None)]


def test_a_grid_by_quarter_and_by_category_with_single_spaces():
    text = ("2024年主要数据\n表1 留置措施使用情况（单位：人）\n季度    留置人数\n一季度  31\n"
            "二季度  29\n合计    60\n")
    assert [(f[1], f[2], f[3], f[4]) for f in _found(text, "2024-07-10")] == [
        (31, "2024-01-01", "2024-03-31", 2), (29, "2024-04-01", "2024-06-30", 2),
        (60, "2024-01-01", "2024-06-30", None)]
    text = ("2023年全市被留置人员单位类别分布\n单位：人\n单位类别 | 留置\n党政机关 | 8\n"
            "国有企业 | 12\n合计 | 20\n")
    assert [(f[1], f[4]) for f in _found(text, "2024-01-20")] == [(8, 2), (12, 2), (20, None)]


def test_a_grid_with_nothing_that_counts_is_nothing():
    text = "单位：人\n年度 | 干部职工 | 编制\n2021 | 120 | 130\n2022 | 125 | 130\n"
    assert _found(text, "2023-01-01") == []


def test_a_period_headed_table_with_a_total_column_and_a_change_column():
    text = ("2024年上半年数据\n月份 1月 2月 3月 合计\n留置（人） 4 6 5 15\n")
    assert [(f[1], f[4]) for f in _found(text, "2024-07-01")] == [(4, 3), (6, 3), (5, 3),
                                                                  (15, None)]
    text = ("指标 | 2025年一季度 | 2024年一季度 | 同比\n留置人数 | 9 | 6 | +50.0%\n")
    assert [(f[1], f[2]) for f in _found(text, "2025-04-15")] == [
        (9, "2025-01-01"), (6, "2024-01-01")]


def test_counts_listed_share_their_trigger_and_periods_in_order():
    text = "2022年、2023年和2024年，A股分别有30名、35名和41名上市公司高管被留置。"
    assert [(f[1], f[2]) for f in _found(text, "2025-01-06")] == [
        (30, "2022-01-01"), (35, "2023-01-01"), (41, "2024-01-01")]
    text = "2020年至2022年，全省留置人数分别为210人、236人和251人，三年累计697人。"
    assert [(f[1], f[2], f[3]) for f in _found(text, "2023-03-01")] == [
        (210, "2020-01-01", "2020-12-31"), (236, "2021-01-01", "2021-12-31"),
        (251, "2022-01-01", "2022-12-31"), (697, "2020-01-01", "2022-12-31")]


def test_a_parts_own_period_stays_with_it():
    text = "今年前三季度，全市共立案1256件，其中三季度立案468件；共对43人采取留置措施。"
    found = _found(text, "2024-10-22")
    assert ("liuzhi", 43, "2024-01-01", "2024-09-30", None) in found


def test_a_grid_whose_columns_split_what_the_title_counts():
    text = ("某市近两年留置措施使用情况统计\n\n单位：人\n\n"
            "年份 丨 市纪委监委 丨 区纪委监委 丨 合计\n"
            "2022年 丨 10 丨 30 丨 40\n2023年 丨 12 丨 35 丨 47\n")
    assert [(f[1], f[2], f[4]) for f in _found(text, "2024-02-01")] == [
        (10, "2022-01-01", 2), (30, "2022-01-01", 2), (40, "2022-01-01", None),
        (12, "2023-01-01", 5), (35, "2023-01-01", 5), (47, "2023-01-01", None)]


def test_rows_indented_under_rows_are_their_parts():
    text = ("2023年，全省对300名公职人员采取留置措施。按职级分类如下（单位：人）：\n类别 人数\n"
            "留置合计 300\n  厅局级干部 20\n  县处级干部 80\n    其中：党政机关 50\n"
            "          国有企业 30\n  乡科级及以下 200\n")
    found = extract(text, document_date="2024-01-25")
    values = {c.value: c for c in found}
    assert values[20].subset_of == values[80].subset_of == values[200].subset_of == 0
    assert found[values[50].subset_of].value == found[values[30].subset_of].value == 80


def test_labelled_counts_under_a_breakdown_heading():
    text = ("2025年，全省共对486人采取留置措施。\n按干部层级划分：\n省管干部：23人\n"
            "县处级干部：118人\n乡科级及以下人员：345人\n")
    assert [(f[1], f[4]) for f in _found(text, "2026-02-05")] == [
        (486, None), (23, 0), (118, 0), (345, 0)]
    # without the heading, such lines are not parts of anything
    assert [f[1] for f in _found("2025年，全省共对486人采取留置措施。\n省管干部：23人\n",
                                 "2026-02-05")] == [486]
