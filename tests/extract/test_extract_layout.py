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


def test_a_csv_pasted_into_a_page_with_a_total_row() -> None:
    text = ("三省2024年留置人数（逗号分隔）：\n\n省份,留置人数（人）,同比,排名\n安徽,301,+2.0%,1\n"
            "江西,256,-1.5%,2\n合计,557,,\n")
    found = extract(text, document_date="2025-03-01")
    assert [(c.value, c.region_code, c.subset_of) for c in found] == [
        (301, "340000", 2), (256, "360000", 2), (557, None, None)]


def test_a_flattened_table_keeps_its_empty_cells_and_its_notes() -> None:
    text = ("2024年各地审查调查情况（单位：件、人）：\n\n地区\n立案数（件）\n留置人数（人）\n备注\n"
            "甲市\n1,046\n38\n含新区\n乙市\n612\n21\n\n全省合计\n1,658\n59\n\n\n打印本页\n")
    found = extract(text, document_date="2025-01-10", issuer="海南省纪委监委")
    assert [(c.measure, c.value, c.unit) for c in found if c.measure == "liuzhi"] == [
        ("liuzhi", 38, "persons"), ("liuzhi", 21, "persons"), ("liuzhi", 59, "persons")]
    assert [(c.measure, c.unit) for c in found if c.value == 1046] == [("cases_filed", "cases")]


def test_a_total_row_that_leaves_out_its_serial_number_and_merges_with_the_lead() -> None:
    text = ("今年1—9月，全市共立案30件，留置5人。分领域情况见下表。\n\n"
            "序号 | 领域 | 立案 | 留置 | 备注\n"
            "1 | 乡村振兴 | 18 | 3 | 村级问题\n2 | 教育医疗 | 12 | 2 | /\n  | 合计 | 30 | 5 |\n")
    found = extract(text, document_date="2025-10-15")
    liuzhi = [(c.value, c.subset_of) for c in found if c.measure == "liuzhi"]
    whole = next(k for k, c in enumerate(found) if c.measure == "liuzhi" and c.value == 5)
    assert liuzhi == [(5, None), (3, whole), (2, whole)]
    assert len(found[whole].mentions) == 2  # the lead and the 合计 row: one figure


def test_equal_counts_in_two_rows_are_two_figures() -> None:
    text = ("全市留置人员分领域统计\n领域 | 留置（人）\n养老社保 | 3\n其他领域 | 3\n")
    assert [c.value for c in extract(text, document_date="2025-01-01")] == [3, 3]


def test_letter_spaced_labels_full_width_digits_and_a_column_a_year_before() -> None:
    text = ("　　项　目　　　　２０２３年　　２０２４年\n　　留置人数　　　３３　　　　４１\n")
    assert _rows(text) == [("liuzhi", 33, "persons", "2023-01-01", "2023-12-31", None),
                           ("liuzhi", 41, "persons", "2024-01-01", "2024-12-31", None)]
    before = ("2025年上半年各省留置人数\n排名   省份   留置人数（人）   上年同期（人）\n"
              "1      广东   612              548\n—      全国   9,874            8,932\n")
    found = extract(before, document_date="2025-08-06")
    assert [(c.value, c.region_code, c.period_start, c.period_end) for c in found] == [
        (612, "440000", "2025-01-01", "2025-06-30"), (548, "440000", "2024-01-01", "2024-06-30"),
        (9874, "000000", "2025-01-01", "2025-06-30"), (8932, "000000", "2024-01-01", "2024-06-30")]
    assert [found[k].value for k in (found[0].subset_of, found[1].subset_of)] == [9874, 8932]


def test_parts_set_in_within_markdown_cells_count_their_whole_row() -> None:
    text = ("| 项目 | 人数 |\n|---|---|\n| 留置 | 356 |\n| 　其中：厅局级 | 9 |\n"
            "| 　　　　县处级 | 64 |\n| 移送检察机关 | 402 |\n")
    found = extract(text, document_date="2025-12-01")
    assert [(c.measure, c.value, c.subset_of) for c in found] == [
        ("liuzhi", 356, None), ("liuzhi", 9, 0), ("liuzhi", 64, 0),
        ("transferred_for_prosecution", 402, None)]


def test_a_table_the_paragraph_above_leads_into_counts_what_it_says_last() -> None:
    money = ("今年以来，全省对留置案件涉案财物实行一案一账管理。截至8月底，部分市州追缴情况如下：\n"
             "\n市州        追缴资金（万元）    问题线索（件）\n甲市      18,460      312\n"
             "乙市      6,215      147\n")
    assert extract(money, document_date="2025-09-03") == []
    checks = ("本网讯 省纪委监委开展留置工作安全大检查。截至9月20日，检查情况统计如下：\n\n"
              "检查组　　检查留置场所（处）　　调阅案卷（卷）\n第一组　　5　　　　86\n"
              "第二组　　4　　　　71\n")
    assert extract(checks, document_date="2025-09-21") == []
    shares = ("股东名称｜持股数量（股）｜持股比例\n某某｜48,260,000｜12.36%\n")
    assert extract("公司董事长被留置。\n" + shares, document_date="2025-09-16") == []


def test_a_part_in_a_table_told_again_below_it_is_one_figure() -> None:
    text = ("单位：人\n级别 | 留置\n厅局级 | 6\n县处级 | 40\n合计 | 46\n\n"
            "2024年留置的46人中，厅局级干部6人。")
    found = extract(text, document_date="2025-02-01")
    assert [(c.value, c.subset_of, len(c.mentions)) for c in found] == [
        (6, 2, 2), (40, 2, 1), (46, None, 1)]  # 留置的46人中 refers back: no new mention


def test_more_than_the_same_span_last_year_is_a_change() -> None:
    text = "今年全省留置131人，比去年多留置24人，比上年同期多24人。"
    assert [c.value for c in extract(text, document_date="2025-11-18")] == [131]


def test_the_row_labels_header_does_not_name_what_the_values_count() -> None:
    text = ("样本共涉及被告人90名，研究人员按留置时长对其分组：\n\n"
            "序号  留置时长    人数   占比\n"
            "1     30天以内    26     28.9%\n2     31天以上    64     71.1%\n"
            "      合计        90     100%\n")
    found = extract(text, document_date="2025-09-17")
    assert [(c.value, c.subset_of) for c in found] == [(26, 2), (64, 2), (90, None)]


def test_a_column_opened_by_其中_is_part_of_the_column_on_its_left() -> None:
    text = ("年度 | 涉及公司（家） | 被留置人数 | 其中董事长\n2023 | 31 | 39 | 15\n"
            "2024 | 40 | 47 | 18\n")
    found = extract(text, document_date="2025-01-05")
    assert [(c.value, c.period_start, c.subset_of) for c in found] == [
        (39, "2023-01-01", None), (15, "2023-01-01", 0), (47, "2024-01-01", None),
        (18, "2024-01-01", 2)]


def test_a_year_row_over_the_measures_and_a_count_that_looks_like_a_year() -> None:
    text = ("              2023年                  2024年\n"
            "地区     立案(件)   留置(人)     立案(件)   留置(人)\n"
            "甲市     3,208      71           3,517      79\n")
    found = extract(text, document_date="2025-02-01")
    assert [(c.measure, c.value, c.period_start) for c in found] == [
        ("cases_filed", 3208, "2023-01-01"), ("liuzhi", 71, "2023-01-01"),
        ("cases_filed", 3517, "2024-01-01"), ("liuzhi", 79, "2024-01-01")]
    flat = ("2025年前三季度数据：\n\n指标\n一季度\n1-9月累计\n立案（件）\n602\n1986\n"
            "留置（人）\n24\n83\n")
    assert [(c.value, c.period_end) for c in extract(flat, document_date="2025-10-28")] == [
        (602, "2025-03-31"), (1986, "2025-09-30"), (24, "2025-03-31"), (83, "2025-09-30")]


def test_the_same_months_a_year_before_end_on_the_last_day_of_february() -> None:
    text = "今年1至2月，全省共留置112人；去年同期，全省留置人数为87人。"
    assert [(c.value, c.period_end) for c in extract(text, document_date="2025-03-18")] == [
        (112, "2025-02-28"), (87, "2024-02-29")]


def test_a_flattened_table_numbered_in_its_first_column() -> None:
    text = ("2024年1—9月留置对象结构\n\n单位：人\n序号\n人员类别\n留置人数\n备注\n"
            "1\n厅局级\n14\n含省管企业\n2\n县处级\n126\n/\n—\n合计\n140\n—\n")
    found = extract(text, document_date="2024-10-25")
    assert [(c.value, c.subset_of) for c in found] == [(14, 2), (126, 2), (140, None)]


def test_a_heading_above_a_paragraph_names_what_the_table_counts() -> None:
    text = ("各省留置人数公开情况一览\n\n本表根据各省工作报告整理，“—”表示当年未公布，"
            "“/”表示当年工作报告未涉及审查调查数据，供研究者核对使用。\n\n"
            "单位：人\n省份      2021年      2022年\n"
            "北京      约210        —\n上海      /           312\n")
    found = extract(text, document_date="2024-06-30")
    assert [(c.value, c.qualifier, c.region_code, c.period_start) for c in found] == [
        (210, "approximate", "110000", "2021-01-01"), (312, "exact", "310000", "2022-01-01")]


def test_the_same_span_a_year_before_is_not_part_of_this_years_total() -> None:
    text = ("指标　　一季度　　1-9月累计　　上年同期\n留置（人）　　24　　83　　71\n")
    found = extract(text, document_date="2025-10-28")
    assert [(c.value, c.period_start, c.subset_of) for c in found] == [
        (24, "2025-01-01", 1), (83, "2025-01-01", None), (71, "2024-01-01", None)]


def _values(text: str) -> list[tuple[str, int]]:
    return [(c.measure, c.value) for c in extract(text, document_date="2025-03-01")]


def test_an_empty_cell_between_bars_or_tabs_keeps_the_columns_in_place() -> None:
    bars = ("2024年各市执纪情况\n| 地区 | 留置 | 立案 |\n|---|---|---|\n| 甲市 |  | 30 |\n"
            "| 乙市 | 15 | 40 |\n")
    tabs = "2024年各市执纪情况\n地区\t留置\t立案\n甲市\t\t30\n乙市\t15\t40\n"
    for text in (bars, tabs):
        assert _values(text) == [("cases_filed", 30), ("liuzhi", 15), ("cases_filed", 40)]


def test_a_note_after_the_last_column_does_not_shift_the_columns() -> None:
    text = "2024年各市执纪情况\n地区 | 留置 | 立案\n甲市 | 12 | 30\n乙市 | 15 | 40 | 含新区\n"
    assert _values(text) == [("liuzhi", 12), ("cases_filed", 30), ("liuzhi", 15),
                             ("cases_filed", 40)]


def test_a_title_measures_only_columns_that_count_people_or_cases() -> None:
    for text in (
        "关于公司董事长被留置的公告\n\n本公司董事长因涉嫌职务违法被留置。\n主要财务数据\n"
        "项目 | 2023年 | 2024年\n营业收入 | 12000 | 13000\n",
        "市纪委监委：某局原局长张某被留置\n\n热门文章 | 点击\n纪委通报 | 1203\n廉政教育 | 856\n",
        "近日，省纪委监委对某局原局长张某采取留置措施。\n\n年度 | 在编人数 | 退休人数\n"
        "2023 | 312 | 40\n",
        "全市留置人员平均年龄\n年度 | 男 | 女\n2023 | 52 | 49\n",
        "各科室留置引流患者统计\n科室 | 人数\n内科 | 30\n外科 | 25\n",
        "公司公告：董事长被留置\n序号 股东名称 持股数量 持股比例\n1 张三 12000000 12.3%\n"
        "2 李四 500000 0.5%\n",
        "2024年数据\n指标 | 增加人数\n留置 | 12\n",
    ):
        assert _values(text) == [], text


def test_months_numbered_and_counts_that_look_like_years() -> None:
    months = "2024年全市分月留置情况\n月份 | 留置 | 立案\n1 | 5 | 30\n2 | 7 | 28\n"
    assert [(c.value, c.period_start, c.period_end) for c in extract(
        months, document_date="2025-03-01") if c.measure == "liuzhi"] == [
        (5, "2024-01-01", "2024-01-31"), (7, "2024-02-01", "2024-02-29")]
    counts = "地区 | 留置人数\n杭州市 | 35\n宁波市 | 2010\n全省 | 2045\n"
    assert [(c.value, c.subset_of) for c in extract(counts, issuer="浙江省纪委监委")] == [
        (35, 2), (2010, 2), (2045, None)]


def test_a_place_named_含_is_not_a_part_and_commas_inside_a_bar_table_are_text() -> None:
    counties = "2024年马鞍山市各县留置人数\n县区 | 留置人数\n当涂县 | 12\n含山县 | 9\n和县 | 7\n"
    assert [c.subset_of for c in extract(counties, document_date="2025-03-01")] == [
        None, None, None]
    notes = ("2024年全市留置人数\n| 地区 | 留置人数 | 备注 |\n| 甲市 | 12 | 含A,B,C区 |\n"
             "| 乙市 | 15 | / |\n")
    assert _values(notes) == [("liuzhi", 12), ("liuzhi", 15)]


def test_a_title_cut_into_cells_dates_the_table_and_crlf_lines_are_lines() -> None:
    titled = "表1　2023年各市留置人数\n地区　留置\n甲市　12\n乙市　15\n"
    assert [c.period_start for c in extract(titled, document_date="2025-03-01")] == [
        "2023-01-01", "2023-01-01"]
    crlf = ("衢州市2024年执纪执法情况\r\n\r\n季度\r\n立案\r\n留置\r\n一季度\r\n210\r\n9\r\n"
            "二季度\r\n233\r\n12\r\n")
    assert _values(crlf) == [("cases_filed", 210), ("liuzhi", 9), ("cases_filed", 233),
                             ("liuzhi", 12)]


def test_two_tables_flattened_in_one_run_of_short_lines() -> None:
    text = ("2023年数据\n年度\n留置人数\n2022年\n12\n2023年\n15\n\n2024年数据\n季度\n留置人数\n"
            "一季度\n3\n二季度\n4\n")
    assert [c.value for c in extract(text, document_date="2025-03-01")] == [12, 15, 3, 4]


def test_a_table_row_names_the_group_it_counts() -> None:
    text = "2024年留置人员构成（单位：人）\n类别 | 人数\n厅局级 | 6\n县处级 | 30\n"
    assert [c.scope for c in extract(text, document_date="2025-01-01")] == ["厅局级", "县处级"]
