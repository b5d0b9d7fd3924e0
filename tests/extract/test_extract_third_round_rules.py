"""The rules added for the third round of real-page styles (realpages3.yaml), each on
sentences written here: corrections, denials, series of years, other places, and the
periods of reports to people's congresses and yearbooks."""

from __future__ import annotations

import datetime as dt

from liuzhi.extract import extract
from liuzhi.extract.periods import PeriodTracker


def _found(text: str, date: str | None = None) -> list[tuple[object, ...]]:
    return [(c.measure, c.value, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date)]


def test_a_correction_notice_gives_the_corrected_figure_only():
    text = ("更正\n本报昨日刊发的通报中，“今年1至9月，全县共留置28人”有误，“28人”应为“26人”；"
            "文中“立案审查调查412件”无误。\n特此更正。")
    assert _found(text, "2025-10-15") == [
        ("liuzhi", 26, "2025-01-01", "2025-09-30", None),
        ("cases_filed", 412, "2025-01-01", "2025-09-30", None)]
    found = extract(text, document_date="2025-10-15")
    assert found[0].reason == "the corrected figure"


def test_the_wrong_original_quoted_in_a_correction_is_not_read():
    text = ("现更正如下：\n原文：“2024年，全市共留置215人，其中处级干部13人。”\n"
            "更正为：“2024年，全市共留置251人，其中处级干部31人。”")
    assert [(f[1], f[4]) for f in _found(text, "2025-02-01")] == [(251, None), (31, 0)]


def test_a_figure_said_only_to_be_denied():
    text = "经核实，今年以来全市立案审查调查41人，而不是留置41人；其中被采取留置措施的为11人。"
    found = _found(text, "2025-06-01")
    assert ("liuzhi", 41) not in [(f[0], f[1]) for f in found]
    assert ("liuzhi", 11) in [(f[0], f[1]) for f in found]


def test_goods_counted_in_jian_before_liuzhi_are_not_cases():
    assert _found("因客户拖欠费用，一家物流公司将其215件家具留置在库房。") == []
    # a count of cases is still one
    assert [f[1] for f in _found("今年以来，此类留置案件已有15件。", "2025-03-01")] == [15]


def test_a_count_equal_to_its_total_is_the_total_again():
    text = "今年全市共对31人采取留置措施，其中女性5人。31名被留置人员平均年龄49岁。"
    found = extract(text, document_date="2025-12-01")
    assert [(c.value, c.subset_of) for c in found] == [(31, None), (5, 0)]
    assert len(found[0].mentions) == 2


def test_the_police_order_rsdl():
    found = _found("2020年至2023年间，至少有860人曾被公安机关指定居所监视居住。")
    assert found == [("rsdl", 860, "2020-01-01", "2023-12-31", None)]
    assert _found("另有5名男子被公安机关留置盘问。") == []


def test_levels_listed_after_a_rising_trend():
    text = "全省留置人数呈上升态势：2021年为812人，2022年约950人，2023年超过1100人。"
    assert [(f[1], f[2]) for f in _found(text, "2024-03-01")] == [
        (812, "2021-01-01"), (950, "2022-01-01"), (1100, "2023-01-01")]
    # a change is still not a figure
    assert _found("全省留置人数较上年增加25人。", "2024-03-01") == []


def test_respectively_gives_each_period_its_count():
    text = "2021年全省留置860人，2022年及2023年分别为910人和1020人。"
    assert [(f[1], f[2], f[3]) for f in _found(text, "2024-02-01")] == [
        (860, "2021-01-01", "2021-12-31"), (910, "2022-01-01", "2022-12-31"),
        (1020, "2023-01-01", "2023-12-31")]


def test_another_places_figure():
    text = "2023年浙江省留置1210人，福建省则为860余人。"
    found = extract(text, document_date="2024-03-01")
    assert [(c.value, c.region_code, c.subset_of) for c in found] == [
        (1210, "330000", None), (860, "350000", None)]


def test_a_rounded_figure_of_another_place_stays_apart():
    text = "2023年江苏省留置987人，山东省留置近千人。"
    found = extract(text, document_date="2024-03-01")
    assert [(c.value, c.region_code) for c in found] == [(987, "320000"), (1000, "370000")]


def test_parts_of_the_main_figure_not_of_a_compared_one():
    text = "2021年，全市留置176人，较上年的149人增加27人，被留置人员中，县处级干部38人。"
    found = extract(text, document_date="2022-05-01")
    assert [(c.value, c.subset_of) for c in found] == [(176, None), (149, None), (38, 0)]


def test_among_those_placed_is_part_of_the_whole():
    text = "今年前三季度，全市对24人采取留置措施。被留置者中有九人为国企管理人员。"
    assert [(f[1], f[4]) for f in _found(text, "2025-10-20")] == [(24, None), (9, 0)]


def test_a_trigger_handed_on_beats_the_figure_before():
    text = ("1至10月，全县立案186件，移送检察机关审查起诉8人。"
            "从查处对象看，立案查处的对象中，乡科级干部37人。")
    found = _found(text, "2025-11-06")
    assert ("cases_filed", 37) in [(f[0], f[1]) for f in found]
    assert ("transferred_for_prosecution", 37) not in [(f[0], f[1]) for f in found]


def test_periods_of_the_third_round():
    def fold(text: str, date: dt.date | None = dt.date(2023, 8, 29)) -> tuple[object, ...]:
        tracker = PeriodTracker(date)
        mentions = tracker.mentions(text)
        period = tracker._fold_mentions(mentions, text)
        return period.iso() if period else (None, None)

    assert fold("党的二十大以来（2022年10月16日至2023年7月31日）") == ("2022-10-16", "2023-07-31")
    assert fold("1月1日至6月30日") == ("2023-01-01", "2023-06-30")
    assert fold("2月1日至2月30日") == (None, None)  # no such day: no period
    assert fold("自2018年3月监察法施行至2022年12月") == ("2018-03-01", "2022-12-31")
    assert fold("今年首十个月") == ("2023-01-01", "2023-10-31")
    assert fold("前10月") == ("2023-01-01", "2023-10-31")
    assert fold("五年合计", dt.date(2023, 1, 20)) == ("2018-01-01", "2022-12-31")
    assert fold("报告期内", dt.date(2024, 4, 20)) == ("2023-01-01", "2023-12-31")
    assert fold("主要数据（2020年）本年度", dt.date(2021, 8, 1)) == ("2020-01-01", "2020-12-31")
    assert fold("9月1日启动专项整治，截至10月31日", dt.date(2023, 11, 2)) == (
        "2023-09-01", "2023-10-31")
