"""The rules added for the fourth round of real-page styles (realpages4.yaml), each on
sentences written here: captions and chart notes, parts by period, updates against
corrections, broadcast scripts, and figures named again for another period."""

from __future__ import annotations

from liuzhi.extract import extract


def _found(text: str, date: str | None = None) -> list[tuple[object, ...]]:
    return [(c.measure, c.value, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date)]


def test_a_space_before_the_unit():
    text = "2025年1至6月，全市立案 1,234 件，留置 56 人，其中处级干部 7 人。"
    assert _found(text, "2025-07-20") == [
        ("cases_filed", 1234, "2025-01-01", "2025-06-30", None),
        ("liuzhi", 56, "2025-01-01", "2025-06-30", None),
        ("liuzhi", 7, "2025-01-01", "2025-06-30", 1)]


def test_a_caption_titles_the_counts_after_it_and_their_total():
    text = ("二季度全省留置90人\n今年上半年，全省累计留置170人，其中二季度留置90人。\n"
            "图表说明：2025年4—6月全省月度留置人数。4月28人，5月30人，6月32人，二季度合计90人。")
    found = extract(text, document_date="2025-07-10")
    assert [(c.value, c.period_start, c.period_end, c.subset_of) for c in found] == [
        (90, "2025-04-01", "2025-06-30", 1), (170, "2025-01-01", "2025-06-30", None),
        (28, "2025-04-01", "2025-04-30", 0), (30, "2025-05-01", "2025-05-31", 0),
        (32, "2025-06-01", "2025-06-30", 0)]
    assert len(found[0].mentions) == 3


def test_a_count_in_brackets_after_the_count_a_clause_names():
    text = "图注：2022年至2024年历年全市被留置人数（2022年为48人）。"
    assert _found(text, "2025-02-01") == [("liuzhi", 48, "2022-01-01", "2022-12-31", None)]


def test_an_update_keeps_the_original_figure_a_correction_does_not():
    update = ("编者按：本文8月1日更新。\n原文：截至6月30日，全县今年共留置21人。\n"
              "更新：截至7月31日，全县今年共留置27人。")
    assert [f[1] for f in _found(update, "2025-08-01")] == [21, 27]
    correction = ("更正\n原文：截至6月30日，全县今年共留置21人。\n"
                  "更正为：截至6月30日，全县今年共留置12人。")
    assert [f[1] for f in _found(correction, "2025-08-01")] == [12]


def test_one_figure_said_to_be_a_mistake_for_another():
    text = "本报昨日一文中，“上半年全区留置18人”系“上半年全区立案18件”之误，特此更正。"
    assert [(f[0], f[1]) for f in _found(text, "2025-07-10")] == []


def test_parts_by_quarter_of_a_half_year():
    text = ("今年上半年，全市共留置40人，较去年同期的31人有所增加。"
            "分季度看，一季度被留置的干部为15人，二季度达25人。")
    found = _found(text, "2025-07-15")
    assert ("liuzhi", 15, "2025-01-01", "2025-03-31", 0) in found
    assert ("liuzhi", 25, "2025-04-01", "2025-06-30", 0) in found
    assert ("liuzhi", 31, "2024-01-01", "2024-06-30", None) in found


def test_a_figure_told_alone_first_then_as_a_part():
    text = "四月全县留置9人\n今年以来，全县累计留置30人，其中4月份留置9人。"
    found = extract(text, document_date="2025-05-06")
    assert [(c.value, c.subset_of) for c in found] == [(9, 1), (30, None)]


def test_a_speakers_label_does_not_hide_the_group_named():
    text = ("【主持人】今年前三季度，全市共对88人采取留置措施，移送检察机关审查起诉71人。\n"
            "【解说】在这88人中，涉及国企领域的有17人。")
    found = _found(text, "2025-10-28")
    assert ("liuzhi", 17, "2025-01-01", "2025-09-30", 0) in found
    assert not any(f[0] == "transferred_for_prosecution" and f[1] == 17 for f in found)


def test_the_year_before_in_a_bulletin_on_an_earlier_year():
    text = "数字看2025年某区法治建设\n——区监委立案120件，留置9人（上年为7人）；"
    found = _found(text, "2026-01-12")
    assert ("liuzhi", 7, "2024-01-01", "2024-12-31", None) in found


def test_two_years_before_counts_from_the_period_spoken_of():
    text = ("今年前三季度，全省留置1.8万人，去年同期为1.6万人，前年同期则为1.5万人。")
    found = _found(text, "2025-10-20")
    assert [(f[1], f[2], f[3]) for f in found] == [
        (18000, "2025-01-01", "2025-09-30"), (16000, "2024-01-01", "2024-09-30"),
        (15000, "2023-01-01", "2023-09-30")]


def test_two_figures_named_again_for_another_period():
    text = "今年1至6月，全市留置64人，其中涉嫌行贿的13人。去年同期，这两个数字分别为52人和9人。"
    assert _found(text, "2025-07-20") == [
        ("liuzhi", 64, "2025-01-01", "2025-06-30", None),
        ("liuzhi", 13, "2025-01-01", "2025-06-30", 0),
        ("liuzhi", 52, "2024-01-01", "2024-06-30", None),
        ("liuzhi", 9, "2024-01-01", "2024-06-30", 2)]


def test_a_province_within_the_national_total():
    text = "2024年，全国纪检监察机关共留置3.8万人。其中，浙江省留置1600余人。"
    found = extract(text, document_date="2025-01-20")
    assert [(c.value, c.region_code, c.subset_of) for c in found] == [
        (38000, "000000", None), (1600, "330000", 0)]
