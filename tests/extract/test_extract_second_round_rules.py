"""The rules added for the second round of real-page styles (realpages2.yaml), each on
sentences written here: breakdowns named by how they split a figure, table lines, parts
told before their whole, comparisons, and the periods they need."""

from __future__ import annotations

import datetime as dt

from liuzhi.extract import extract, tables
from liuzhi.extract.periods import PeriodTracker


def _found(text: str, date: str | None = None) -> list[tuple[object, ...]]:
    return [(c.measure, c.value, c.unit, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date)]


def test_a_breakdown_named_by_how_it_splits_is_parts_of_the_main_figure():
    text = ("今年前三季度，共有35名国企负责人被留置，去年同期为22人。"
            "按企业层级分，省属企业9人，市属企业14人，县属企业12人。")
    assert _found(text, "2025-10-20") == [
        ("liuzhi", 35, "persons", "2025-01-01", "2025-09-30", None),
        ("liuzhi", 22, "persons", "2024-01-01", "2024-09-30", None),
        ("liuzhi", 9, "persons", "2025-01-01", "2025-09-30", 0),
        ("liuzhi", 14, "persons", "2025-01-01", "2025-09-30", 0),
        ("liuzhi", 12, "persons", "2025-01-01", "2025-09-30", 0)]


def test_a_breakdown_that_names_a_measure_splits_that_measures_figure():
    text = ("2024年，全区立案1,203件，留置61人，移送检察机关48人。"
            "从留置人数看，较2023年的52人增加9人，乡镇党委书记被留置的有7人。")
    found = _found(text, "2025-01-30")
    assert ("liuzhi", 52, "persons", "2023-01-01", "2023-12-31", None) in found
    assert ("liuzhi", 7, "persons", "2024-01-01", "2024-12-31", 1) in found
    assert not any(f[1] == 9 for f in found)  # the difference is not a figure


def test_a_group_named_again_then_its_parts_and_a_half_year():
    text = ("2025年全年共有64名上市公司高管被留置，较2024年的50名有所增加。"
            "结构上，64人中董事长合计30人；独立董事5人。时间分布上，上半年披露28人。")
    found = _found(text, "2026-01-10")
    assert ("liuzhi", 30, "persons", "2025-01-01", "2025-12-31", 0) in found
    assert ("liuzhi", 5, "persons", "2025-01-01", "2025-12-31", 0) in found
    # the year compared with (2024) is not the year of the next sentence's half-year
    assert ("liuzhi", 28, "persons", "2025-01-01", "2025-06-30", 0) in found


def test_indented_lines_under_a_parts_line_are_parts():
    text = ("统计区间：2025年全年\n留置人数：60人\n其中：董事长：25人\n"
            "　　　总经理：20人\n　　　其他高管：15人\n上年同期留置人数：41人\n")
    found = _found(text, "2026-01-06")
    assert [(f[1], f[5]) for f in found] == [(60, None), (25, 0), (20, 0), (15, 0), (41, None)]
    # 上年同期 is the year before the period spoken of, not before the document's year
    assert found[-1][3:5] == ("2024-01-01", "2024-12-31")


def test_a_subgroup_count_after_a_total_in_a_headline_is_part_of_it():
    text = ("湖南去年留置逾九百人　處級幹部四十二人\n"
            "湖南省紀委監委公布，去年全省留置九百餘人，其中處級幹部四十二人。")
    found = _found(text, "2025-01-15")
    assert [(f[1], f[5]) for f in found] == [(900, None), (42, 0)]
    assert len(extract(text, document_date="2025-01-15")[1].mentions) == 2


def test_a_headline_campaign_and_the_bodys_generic_one_are_one_figure():
    text = ("某市供水领域腐败专项整治：留置19人\n"
            "2024年3月专项整治启动以来，全市纪检监察机关立案56件，留置19人。")
    found = extract(text, document_date="2024-12-01")
    liuzhi = [c for c in found if c.measure == "liuzhi"]
    assert len(liuzhi) == 1
    assert (liuzhi[0].period_start, liuzhi[0].period_end) == ("2024-03-01", "2024-12-01")
    assert liuzhi[0].partial and liuzhi[0].scope


def test_cases_in_brackets_after_a_count_are_the_same_figure_in_cases():
    found = _found("2021年度数据\n采取留置措施：33人（涉及案件25件）\n", "2022-01-10")
    assert [(f[1], f[2]) for f in found] == [(33, "persons"), (25, "cases")]


def test_a_clause_ending_in_among_hands_a_part_to_the_total():
    text = "2023年，全市留置76人。在被留置人员中，国企人员18人。"
    assert [(f[1], f[5]) for f in _found(text, "2024-02-01")] == [(76, None), (18, 0)]


def test_a_full_width_space_parts_a_headlines_phrases():
    found = _found("今年以来六名高管被留置　另三人遭指定居所监视居住", "2025-05-01")
    assert [(f[0], f[1]) for f in found] == [("liuzhi", 6), ("rsdl", 3)]


def test_a_passive_in_the_next_clause_gives_the_trigger():
    found = _found("另有三名民营企业主因涉嫌行贿，被指定居所监视居住。")
    assert [(f[0], f[1]) for f in found] == [("rsdl", 3)]
    # the police named before 留置 still make it their questioning, not a placement
    assert _found("另有三名男子因涉嫌盗窃，被派出所民警留置盘问。") == []


def test_this_figure_for_another_year_and_a_range():
    text = ("2025年以来，已有18名县委书记被留置。去年全年，这一数字为15名。"
            "有学者估计，前年这一数字在10至12人之间。")
    found = extract(text)
    assert [(c.value, c.value_high, c.period_start, c.period_end) for c in found] == [
        (18, None, "2025-01-01", None), (15, None, "2024-01-01", "2024-12-31"),
        (10, 12, "2023-01-01", "2023-12-31")]


def test_a_year_that_cannot_be_told_is_unknown_not_carried():
    text = "2023年以来，全县留置12人。今年以来，又有3名干部被留置。"
    found = _found(text)
    assert found[1][1:] == (3, "persons", None, None, None)


def test_period_lines_under_a_title_and_their_total():
    text = ("表2  2020—2022年全县留置人数\n2020年：11人\n2021年：13人\n2022年：15人\n"
            "合计：39人\n说明：数据来源于县纪委监委。")
    found = _found(text, "2023-03-01")
    assert found == [
        ("liuzhi", 11, "persons", "2020-01-01", "2020-12-31", 3),
        ("liuzhi", 13, "persons", "2021-01-01", "2021-12-31", 3),
        ("liuzhi", 15, "persons", "2022-01-01", "2022-12-31", 3),
        ("liuzhi", 39, "persons", "2020-01-01", "2022-12-31", None)]
    # lines without a title naming a measure are not figures
    assert _found("2020年：11人\n2021年：13人\n") == []
    assert tables.period_line("2021年：13人") is not None
    assert tables.period_line("留置人数：13人") is None


def test_including_the_ones_told_before_makes_them_part_of_the_whole():
    text = ("又有2名区属国企负责人被留置\n"
            "近日，某区2名区属国企负责人被区监委留置。今年以来，该区已有9名国企管理人员被留置"
            "（含上述2人）。")
    found = extract(text)
    assert [(c.value, c.subset_of) for c in found] == [(2, 1), (9, None)]
    assert len(found[0].mentions) == 3


def test_taken_away_in_a_stated_span_is_part_of_its_total_unless_added():
    text = ("今年以来截至10月31日，共有40名高管被留置。"
            "仅10月下半月，就有5名董事长被有关部门带走。")
    found = extract(text, document_date="2025-11-03")
    assert [(c.value, c.inferred, c.subset_of, c.period_start, c.period_end) for c in found] == [
        (40, False, None, "2025-01-01", "2025-10-31"),
        (5, True, 0, "2025-10-16", "2025-10-31")]
    added = extract("今年以来截至10月31日，共有40名高管被留置。"
                    "此外，同期还有5名董事长被有关部门带走。", document_date="2025-11-03")
    assert [(c.value, c.subset_of) for c in added] == [(40, None), (5, None)]


def test_the_operations_year_does_not_replace_the_months_named():
    found = _found("今年1至10月，“天网2025”行动共追回外逃人员860人。", "2025-11-20")
    assert found == [("fugitives_returned", 860, "persons", "2025-01-01", "2025-10-31", None)]
    found = _found("“天网2024”行动追回外逃人员900人。", "2025-01-10")
    assert found[0][3:5] == ("2024-01-01", "2024-12-31")


def test_periods_of_the_second_round():
    tracker = PeriodTracker(None)
    (first_three,) = tracker.mentions("2025年首三季")
    assert first_three.period.iso() == ("2025-01-01", "2025-09-30")
    (first,) = PeriodTracker(None).mentions("2025年首季")
    assert first.period.iso() == ("2025-01-01", "2025-03-31")
    since = PeriodTracker(dt.date(2023, 1, 1)).mentions("2022年5月集中整治开展以来")
    assert since[-1].kind == "since"
    assert since[-1].period.iso() == ("2022-05-01", "2023-01-01")
    # a date followed by other words and 以来 is not a start unless something began then
    assert PeriodTracker(dt.date(2023, 1, 1)).mentions("2022年5月的会议以来")[-1].kind != "since"
