"""Rules added for the eleventh round (realpages11.yaml): breakdowns, groups, tables with
notes and spanning headers, and time told in passing. Our own sentences; invented numbers."""

from __future__ import annotations

from liuzhi.extract import extract

Row = tuple[str, int, str | None, str | None, int | None]


def _rows(text: str, date: str | None) -> list[Row]:
    """(measure, value, period start, period end, index of the whole) for each figure."""
    return [(c.measure, c.value, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date)]


def _links(text: str, date: str | None = None) -> dict[int, int | None]:
    """Each liuzhi value and the value of its whole."""
    found = extract(text, document_date=date)
    return {c.value: (found[c.subset_of].value if c.subset_of is not None else None)
            for c in found if c.measure == "liuzhi"}


def test_a_breakdown_after_a_section_label_and_a_sentence_without_figures() -> None:
    text = ("今年以来，共有61名上市公司高管被监察机关留置。涉及上市公司52家，市值约2,800亿元。\n\n"
            "结构特征：从企业性质看，民营企业44名，其余17名来自国有控股公司。")
    assert _links(text, "2025-11-20") == {61: None, 44: 61, 17: 61}


def test_a_part_of_a_group_named_by_its_count_is_part_of_that_group() -> None:
    text = ("今年共有61名高管被留置，其中民营企业44名。"
            "民营企业的44名当事人中，有20名为实际控制人。")
    assert _links(text, "2025-11-20") == {61: None, 44: 61, 20: 44}


def test_places_listed_together_are_not_the_place_of_the_next_rows() -> None:
    text = ("截至11月，A股共有25名地方国企高管被留置。从分布看，浙江、安徽两省较多（见下表）。\n\n"
            "省份\n被留置高管（人）\n浙江\n6\n安徽\n5\n其他省份\n14\n合计\n25\n")
    regions = {c.value: c.region_code for c in extract(text, document_date="2025-12-01")}
    assert regions[14] == regions[25] == "000000"
    assert regions[5] == "340000"


def test_a_corner_padded_with_full_width_spaces_and_years_spanning_their_quarters() -> None:
    text = ("表2　上市公司高管被留置人数\n"
            "　　　　｜2024年｜　　｜　　｜2025年｜　　｜\n"
            "　　　　｜二季度｜三季度｜四季度｜一季度｜二季度\n"
            "留置（人）｜17｜21｜26｜19｜23\n")
    assert [(v, s, e) for _, v, s, e, _ in _rows(text, "2025-07-05")] == [
        (17, "2024-04-01", "2024-06-30"), (21, "2024-07-01", "2024-09-30"),
        (26, "2024-10-01", "2024-12-31"), (19, "2025-01-01", "2025-03-31"),
        (23, "2025-04-01", "2025-06-30")]


def test_the_same_quarter_a_year_before_is_compared_not_spoken_of() -> None:
    text = ("2025年每个季度的人数均高于上年同一季度。\n\n"
            "四季度至今（10月1日至12月3日），又有8名高管被留置。")
    assert _rows(text, "2025-12-05") == [("liuzhi", 8, "2025-10-01", "2025-12-03", None)]


def test_counts_after_a_sentence_that_says_what_was_tallied() -> None:
    text = "我们统计了上市公司高管被留置的情况。2023年全年共36人；2024年前三季度合计39人。"
    assert _rows(text, "2024-10-15") == [
        ("liuzhi", 36, "2023-01-01", "2023-12-31", None),
        ("liuzhi", 39, "2024-01-01", "2024-09-30", None)]


def test_table_cells_within_a_figure_told_just_before_are_its_parts() -> None:
    text = ("2024年全年共留置52人。分季度看（表1）：\n\n"
            "季度 | 一季度 | 二季度 | 三季度 | 四季度\n"
            "留置（人） | 11 | 14 | 12 | 15\n")
    assert _links(text, "2025-01-10") == {52: None, 11: 52, 14: 52, 12: 52, 15: 52}


def test_catheters_and_money_recovered_in_a_table_are_not_counted() -> None:
    hospital = ("全院留置针使用情况\n科室｜留置针（例次）｜导尿管留置（人）\n"
                "内科｜420｜37\n外科｜515｜52\n")
    assert extract(hospital, document_date="2025-12-01") == []
    money = ("专项整治查处情况（单位：件、人、万元）\n"
             "项目\t1—9月\t10月\n留置\t31\t6\n追回医保基金\t2130\t870\n")
    assert {c.measure for c in extract(money, document_date="2025-11-10")} == {"liuzhi"}


def test_the_figure_before_for_a_span_named_then_dated_in_brackets() -> None:
    text = ("本周（11月3日至11月7日），共有5名上市公司高管被监察机关留置，"
            "较前一周（10月27日至10月31日）的2名有所增加。")
    assert _rows(text, "2025-11-09") == [
        ("liuzhi", 5, "2025-11-03", "2025-11-07", None),
        ("liuzhi", 2, "2025-10-27", "2025-10-31", None)]


def test_a_count_that_its_sentence_names_for_the_period_its_clause_names() -> None:
    text = "今年1至9月，全国留置2.1万人。与去年同期相比，留置人数略有下降，去年同期为2.2万人。"
    assert _rows(text, "2025-10-20") == [
        ("liuzhi", 21000, "2025-01-01", "2025-09-30", None),
        ("liuzhi", 22000, "2024-01-01", "2024-09-30", None)]


def test_a_total_row_with_its_word_in_the_serial_column_and_a_group_named_after() -> None:
    text = ("今年1—10月，全市共留置96人。结构如下：\n\n"
            "序号|类别|留置人数\n1|市管干部|18\n2|县管干部|47\n3|其他人员|31\n合计| |96\n\n"
            "市管干部中，曾任单位主要负责人的有5人。")
    assert _links(text, "2025-11-05") == {96: None, 18: 96, 47: 96, 31: 96, 5: 18}


def test_a_breakdown_by_year_of_a_whole_since_a_year_in_an_undated_repost() -> None:
    text = ("2023年以来，医药行业已有40名上市公司高管被留置。分年度看，2023年12人，2024年16人。")
    assert _links(text, None) == {40: None, 12: 40, 16: 40}


def test_nouns_listed_after_the_clause_of_the_trigger() -> None:
    text = "2024年，全国被立案调查的公立医院院长、党委书记超过260人。"
    assert [(c.measure, c.value) for c in extract(text, document_date="2025-01-10")] == [
        ("cases_filed", 260)]


def test_this_year_named_beside_the_latest_year_is_not_that_year() -> None:
    text = ("医药行业已有39名高管被留置。分年度看，2023年9人，2024年13人，今年以来17人。\n\n"
            "今年的17人中，有6人涉及集中整治中发现的问题。")
    found = extract(text)
    six = next(c for c in found if c.value == 6)
    assert (six.period_start, six.period_end) == (None, None)
    assert six.subset_of is not None and found[six.subset_of].value == 17


def test_a_yearbooks_within_the_year_is_the_year_it_covers() -> None:
    text = "【概况】2024年，全省纪检监察工作稳步推进。年内，全省监察机关共留置1,204人。"
    assert _rows(text, "2025-08-20") == [("liuzhi", 1204, "2024-01-01", "2024-12-31", None)]


def test_counts_written_into_a_note_column() -> None:
    text = ("年度 | 立案（件） | 留置人数（人） | 备注\n"
            "2022 | 31,100 | 1,280 | 含金融领域留置37人\n"
            "2023 | 32,400 | 1,356 | 其中厅局级21人\n"
            "2024 | 33,900 | 1,402 | 另有150人被移送检察机关\n")
    rows = [(m, v, w) for m, v, _, _, w in _rows(text, "2025-03-01")]
    found = extract(text, document_date="2025-03-01")
    parts = {c.value: found[c.subset_of].value for c in found if c.subset_of is not None}
    assert parts == {37: 1280, 21: 1356}
    assert ("transferred_for_prosecution", 150, None) in rows


def test_a_section_label_row_inside_a_tab_table() -> None:
    text = ("2024年全省留置人员构成（单位：人）\n类别\t留置人数\t占比\n合计\t300\t100%\n"
            "一、按职级\t\t\n厅局级\t12\t4.0%\n县处级\t88\t29.3%\n"
            "二、按单位\t\t\n国有企业\t90\t30.0%\n")
    assert _links(text, "2025-03-01") == {300: None, 12: 300, 88: 300, 90: 300}


def test_a_reposts_credits_are_not_the_title_of_its_table() -> None:
    text = ("数说｜部分市今年1—10月留置人数一览\n\n来源：某纪检观察　作者：小李\n\n"
            "城市,10月,1—10月累计,上年同期\n甲市,4人,40人,35人\n乙市,3人,30人,33人\n"
            "合计,—,70人,68人\n")
    links = _links(text, None)
    assert links[4] == 40 and links[40] == 70 and links[35] == 68 and links[70] is None


def test_an_empty_mark_in_the_serial_column_of_the_total_row() -> None:
    text = ("2025年1—9月各市审查调查情况\n序号 | 单位 | 立案（件） | 留置（人） | 备注\n"
            "1 | 甲市 | 1,100 | 31 | —\n2 | 乙市 | 900 | 22 |\n— | 合计 | 2,000 | 53 |\n")
    assert {(c.measure, c.value) for c in extract(text, document_date="2025-10-10")
            if c.subset_of is None} == {("cases_filed", 2000), ("liuzhi", 53)}


def test_a_figure_for_another_time_told_in_passing_leaves_the_texts_time() -> None:
    text = ("今年以来共有50名高管被留置，多于去年同期的38人。前年全年，这一数字仅为29人。\n\n"
            "从公告时间看，仅7月至9月就有18名高管被留置。")
    periods = {v: (s, e) for _, v, s, e, _ in _rows(text, "2025-12-01")}
    assert periods[29] == ("2023-01-01", "2023-12-31")
    assert periods[18] == ("2025-07-01", "2025-09-30")


def test_其中_right_after_a_figure_beats_the_group_named_before() -> None:
    text = ("今年共有50名高管被留置。在上述50人中，担任董事长的有20人，其中12人同时为实际控制人。")
    assert _links(text, "2025-12-01") == {50: None, 20: 50, 12: 20}


def test_a_group_named_by_its_count_before_a_relative_clause() -> None:
    text = ("全年留置1.5万人。在被留置的1.5万人中，省管干部达到300人，而这300人中来自国有企业的有"
            "70人。三级医院负责人有30人，30人里又有11人曾在卫生部门任职。")
    links = _links(text, "2025-01-15")
    assert links[70] == 300 and links[300] == 15000


def test_places_and_groups_listed_before_分别_go_to_its_counts_in_order() -> None:
    text = ("今年以来全国至少有60名医院院长被留置。分地区看，河南、湖南、四川三省较多，"
            "分别有8人、6人和5人。")
    assert [(c.value, c.region_code) for c in extract(text, document_date="2025-12-01")
            if c.subset_of is not None] == [(8, "410000"), (6, "430000"), (5, "510000")]
    groups = ("今年以来全市留置40人。从职级看，县处级干部、乡科级干部和其他人员分别为"
              "7人、19人、14人。其中，7名县处级干部均涉及工程建设领域问题。")
    found = extract(groups, document_date="2025-12-01")
    assert [(c.value, c.scope) for c in found if c.subset_of is not None] == [
        (7, "县处级干部"), (19, "乡科级干部"), (14, "其他人员")]


def test_a_sentence_that_opens_with_a_start_lends_it_to_the_next_ones_截至() -> None:
    text = ("2020年1月以来，市监委统筹推进追逃追赃工作。截至2024年9月底，全市共追回外逃人员"
            "120人。")
    assert _rows(text, "2024-10-20") == [
        ("fugitives_returned", 120, "2020-01-01", "2024-09-30", None)]


def test_a_campaign_deployed_and_named_before_以来() -> None:
    text = "2022年3月我省部署开展粮食购销领域腐败问题专项整治以来，全省共留置96人。"
    assert _rows(text, "2024-07-01") == [("liuzhi", 96, "2022-03-01", "2024-07-01", None)]


def test_follow_up_visits_and_people_described_by_a_return_are_not_their_counts() -> None:
    visits = "2023年，全市立案1,200件，对受到处分处理的干部回访教育700人次。"
    assert [(c.measure, c.value) for c in extract(visits, document_date="2024-01-20")] == [
        ("cases_filed", 1200)]
    returned = "全年提起公诉210人，其中原厅局级干部9人、外逃后被追回人员2人。"
    assert [(c.measure, c.value) for c in extract(returned, document_date="2025-01-20")] == [
        ("prosecuted", 210), ("prosecuted", 9), ("prosecuted", 2)]


# -- the review of the round: each of these failed on the round's rules before it --------

def test_a_table_indented_with_full_width_spaces_keeps_its_labels() -> None:
    text = ("全省留置人数\n　｜年度｜留置（人）｜\n　｜2023年｜12｜\n　｜2024年｜15｜\n"
            "　｜合计｜27｜\n")
    assert _links(text, "2025-06-30") == {12: 27, 15: 27, 27: None}


def test_a_title_ending_in_a_tab_is_not_a_row() -> None:
    text = "全省立案情况\t\n年度\t留置人数\n2023\t12\n2024\t15\n"
    assert [(v, s) for _, v, s, _, _ in _rows(text, "2025-03-01")] == [
        (12, "2023-01-01"), (15, "2024-01-01")]


def test_a_row_that_leaves_off_its_empty_last_cell_past_a_blank_line() -> None:
    text = ("2024年各季度留置情况\n\n季度\t留置（人）\t备注\n\n一季度\t12\t\n\n二季度\t15\n\n"
            "三季度\t11\t\n")
    assert [v for _, v, _, _, _ in _rows(text, "2025-06-30")] == [12, 15, 11]


def test_a_part_of_a_new_whole_is_not_the_earlier_part_named_again() -> None:
    text = "一季度，全市留置40人，其中县处级干部8人。二季度，全市留置50人，其中8名县处级干部。"
    assert _links(text, "2025-06-30") == {40: None, 50: None, 8: 50}
    assert len(extract(text, document_date="2025-06-30")) == 4


def test_a_later_year_for_the_figure_before_is_the_texts_time_from_then_on() -> None:
    forward = "2023年，全省留置100人。2024年，这一数字为120人。同期，全省立案500件。"
    assert _rows(forward, "2025-06-30")[-1] == (
        "cases_filed", 500, "2024-01-01", "2024-12-31", None)
    back = "今年以来共有50名高管被留置。前年全年，这一数字仅为29人。当年立案300件。"
    assert _rows(back, "2025-06-30")[-1] == (
        "cases_filed", 300, "2023-01-01", "2023-12-31", None)


def test_this_year_after_its_own_year_in_an_earlier_sentence_is_that_year() -> None:
    text = "2025年，全省纪检监察工作扎实推进。今年以来，全省留置50人。去年全省留置100人。"
    assert _rows(text, None)[-1] == ("liuzhi", 100, "2024-01-01", "2024-12-31", None)


def test_within_the_year_after_last_year_in_news_is_this_year() -> None:
    text = "去年全省留置1000人。年内，全省留置300人。"
    assert _rows(text, "2025-06-30")[-1] == ("liuzhi", 300, "2025-01-01", "2025-06-30", None)


def test_a_note_that_names_a_time_or_pairs_counts_is_left_alone() -> None:
    text = ("年度 | 留置人数 | 备注\n2024 | 150 | 上年同期100人\n"
            "2023 | 120 | 留置、立案分别为10人、30件\n")
    assert [v for _, v, _, _, _ in _rows(text, "2025-06-30")] == [150, 120]


def test_a_list_of_acts_before_分别_is_not_a_list_of_places_or_groups() -> None:
    text = "河南、湖南两省通报，立案和留置分别为30件、8人。"
    assert all(c.scope is None for c in extract(text, document_date="2025-06-30"))


def test_the_people_listed_after_a_trigger_and_not_what_was_done_for_them() -> None:
    text = "2024年，对被留置的干部开展谈心谈话、家属走访120人次。"
    assert extract(text, document_date="2025-06-30") == []


def test_a_count_named_before_in_another_unit_is_not_taken() -> None:
    text = "今年以来，留置人数略有下降，立案数上升，去年同期为1200件。"
    assert extract(text, document_date="2025-06-30") == []


def test_returns_counted_with_money_or_as_those_returned() -> None:
    for text in ("今年以来，追回赃款和外逃人员共30人。", "今年以来，全省被追回人员30人。"):
        assert [(c.measure, c.value) for c in extract(text, document_date="2025-06-30")] == [
            ("fugitives_returned", 30)]


def test_a_start_that_opens_a_sentence_about_something_else_is_not_lent() -> None:
    text = "2019年以来，全省经济稳步增长。截至2024年底，全省留置500人。"
    assert _rows(text, "2025-01-10") == [("liuzhi", 500, "2024-01-01", "2024-12-31", None)]


def test_a_serial_number_is_not_the_label_of_an_unlabelled_row() -> None:
    text = "序号 | 月份 | 留置（人）\n1 | 1月 | 4\n2 |  | 3\n"
    assert [(v, s) for _, v, s, _, _ in _rows(text, "2024-06-30")] == [
        (4, "2024-01-01"), (3, None)]


def test_acts_listed_before_分别_give_their_counts_in_order() -> None:
    text = "2024年，全省立案、处分、留置分别为1200件、980人、86人。"
    assert [(c.measure, c.value) for c in extract(text, document_date="2025-06-30")] == [
        ("cases_filed", 1200), ("punished", 980), ("liuzhi", 86)]
