"""Tables read by their layout (``liuzhi.extract.layout``): one reader for every way a
table reaches us as text, instead of one rule per shape. Our own sentences; invented
numbers."""

from __future__ import annotations

from liuzhi.extract import extract, layout
from liuzhi.extract.script import fold


def _rows(text: str, date: str = "2025-03-01", issuer: str | None = None) -> list[tuple]:
    return [(c.measure, c.value, c.unit, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date, issuer=issuer)]


def test_measures_as_rows_years_as_columns_between_bars() -> None:
    text = ("湖州市近两年执纪执法数据\n\n| 指标 | 2023年 | 2024年 |\n| 立案（件） | 1203 | 1350 |\n"
            "| 留置（人） | 41 | 47 |\n\n两年数据均有增长。")
    assert _rows(text) == [
        ("cases_filed", 1203, "cases", "2023-01-01", "2023-12-31", None),
        ("cases_filed", 1350, "cases", "2024-01-01", "2024-12-31", None),
        ("liuzhi", 41, "persons", "2023-01-01", "2023-12-31", None),
        ("liuzhi", 47, "persons", "2024-01-01", "2024-12-31", None),
    ]


def test_a_table_flattened_one_cell_a_line() -> None:
    text = ("衢州市2024年执纪执法情况\n\n季度\n立案\n留置\n一季度\n210\n9\n二季度\n233\n12\n"
            "合计\n443\n21\n\n以上数据由市纪委监委提供。")
    found = extract(text, document_date="2024-07-05")
    liuzhi = [(c.value, c.period_start, c.period_end) for c in found if c.measure == "liuzhi"]
    assert liuzhi == [(9, "2024-01-01", "2024-03-31"), (12, "2024-04-01", "2024-06-30"),
                      (21, "2024-01-01", "2024-06-30")]
    total = next(k for k, c in enumerate(found) if c.measure == "liuzhi" and c.value == 21)
    assert [c.subset_of for c in found if c.measure == "liuzhi" and c.value < 21] == [total] * 2
    assert all(text[c.start:c.end] == str(c.value) for c in found)


def test_two_header_rows_spread_the_years_over_their_measures() -> None:
    text = ("两市留置与移送情况对比\n"
            "地区\t2023年\t2024年\n"
            "\t留置\t移送审查起诉\t留置\t移送审查起诉\n"
            "温州市\t31\t28\t35\t30\n")
    rows = _rows(text, issuer="浙江省纪委监委")
    assert ("liuzhi", 31, "persons", "2023-01-01", "2023-12-31", None) in rows
    assert ("transferred_for_prosecution", 30, "persons", "2024-01-01", "2024-12-31",
            None) in rows
    assert len(rows) == 4


def test_places_as_rows_are_parts_of_the_province_row() -> None:
    text = ("2024年部分地市留置人数（单位：人）\n\n地区　　留置\n全省　　　318\n杭州市　　　52\n"
            "宁波市　　　47\n\n其余地市数据从略。")
    found = extract(text, document_date="2025-01-20", issuer="浙江省纪委监委")
    assert [(c.value, c.region_code, c.subset_of) for c in found] == [
        (318, "330000", None), (52, "330100", 0), (47, None, 0)]  # no code invented


def test_a_total_column_adds_up_the_quarters_of_its_row() -> None:
    text = ("2024年留置人数分季度统计\n"
            "| 类别 | 一季度 | 二季度 | 三季度 | 四季度 | 全年 |\n"
            "|---|---:|---:|---:|---:|---:|\n"
            "| 留置（人） | 12 | 15 | 11 | 14 | 52 |\n")
    found = extract(text, document_date="2025-01-20")
    assert [(c.value, c.period_start, c.period_end, c.subset_of) for c in found] == [
        (12, "2024-01-01", "2024-03-31", 4), (15, "2024-04-01", "2024-06-30", 4),
        (11, "2024-07-01", "2024-09-30", 4), (14, "2024-10-01", "2024-12-31", 4),
        (52, "2024-01-01", "2024-12-31", None)]


def test_the_same_span_a_year_before_and_a_total_that_names_no_period() -> None:
    text = ("2024年1—9月全市执纪执法数据\n"
            "项目　　1-9月　　上年同期　　同比\n"
            "留置（人）　　26　　21　　+23.8%\n")
    assert _rows(text) == [
        ("liuzhi", 26, "persons", "2024-01-01", "2024-09-30", None),
        ("liuzhi", 21, "persons", "2023-01-01", "2023-09-30", None),
    ]
    years = ("全市留置人数\n年度 | 留置人数\n2022 | 18\n2023 | 21\n合计 | 39\n")
    assert _rows(years) == [
        ("liuzhi", 18, "persons", "2022-01-01", "2022-12-31", 2),
        ("liuzhi", 21, "persons", "2023-01-01", "2023-12-31", 2),
        ("liuzhi", 39, "persons", "2022-01-01", "2023-12-31", None),
    ]


def test_a_label_in_ten_thousands_and_rows_indented_under_rows() -> None:
    text = ("全国两年数据\n项目 丨 2022年 丨 2023年\n處分（萬人） 丨 59.2 丨 61.0\n")
    assert [(c.value, c.qualifier, c.precision) for c in extract(text)] == [
        (592000, "approximate", 1000), (610000, "approximate", 1000)]
    ranks = ("2023年被留置人员职级构成（单位：人）\n类别 人数\n留置合计 120\n  厅局级干部 8\n"
             "  县处级干部 40\n    其中：国有企业 15\n  乡科级及以下 72\n")
    found = extract(ranks, document_date="2024-02-01")
    assert [(c.value, c.subset_of) for c in found] == [
        (120, None), (8, 0), (40, 0), (15, 2), (72, 0)]


def test_title_measure_for_columns_that_split_what_it_counts() -> None:
    text = ("近两年全市留置措施使用情况\n年份 丨 市纪委监委 丨 区县纪委监委 丨 合计\n"
            "2023年 丨 9 丨 22 丨 31\n2024年 丨 11 丨 25 丨 36\n")
    found = extract(text, document_date="2025-01-20")
    assert [(c.measure, c.value, c.subset_of) for c in found] == [
        ("liuzhi", 9, 2), ("liuzhi", 22, 2), ("liuzhi", 31, None),
        ("liuzhi", 11, 5), ("liuzhi", 25, 5), ("liuzhi", 36, None)]


def test_what_a_table_near_liuzhi_counts_that_is_not_a_placement() -> None:
    police = ("某市公安局上半年治安数据\n项目 | 2023年 | 2024年\n留置盘查（人次） | 3,021 | 3,400\n"
              "查获逃犯（人） | 52 | 61\n")
    assert extract(police, document_date="2024-07-01") == []
    codes = ("本月被留置高管一览\n公司    代码      职务\n甲乙科技  300999    董事长\n"
             "丙丁材料  002111    总经理\n")
    assert extract(codes, document_date="2025-12-01") == []
    places = ("全市留置场所建设情况\n区县 | 留置室（间） | 看护人员（人）\n东城区 | 12 | 30\n"
              "西城区 | 10 | 26\n")
    assert extract(places, document_date="2025-12-01") == []
    shares = ("2024年留置人员构成\n类别 | 人数 | 占比\n厅局级 | 6 | 5.0%\n县处级 | 30 | 25.0%\n")
    assert [c.value for c in extract(shares, document_date="2025-01-01")] == [6, 30]


def test_blocks_are_found_in_every_layout_and_never_in_prose() -> None:
    prose = fold("2024年，全省纪检监察机关共立案1.2万件，留置312人。\n其中厅局级干部21人。\n")
    assert layout.blocks(prose) == []
    bars = fold("| 年度 | 留置 |\n|---|---|\n| 2023 | 12 |\n| 2024 | 15 |\n")
    assert len(layout.blocks(bars)) == 1 and len(layout.blocks(bars)[0].lines) == 3
    flat = fold("年度\n留置\n2023\n12\n2024\n15\n")
    assert [block.width for block in layout.blocks(flat)] == [2]
