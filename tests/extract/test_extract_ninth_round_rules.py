"""Rules added for the ninth round (realpages9.yaml): tables that round's pages carried.
Our own sentences; invented numbers."""

from __future__ import annotations

from liuzhi.extract import extract


def _found(text: str, date: str = "2025-03-01") -> list[tuple[str, int, str | None]]:
    return [(c.measure, c.value, c.period_start) for c in extract(text, document_date=date)]


def test_csv_rows_of_three_digit_counts_or_years() -> None:
    places = ("各地数据如下：\n\n地区,留置人数（人）,同比\n全区,156,9.9%\n甲市,38,18.8%\n"
              "乙市,35,6.1%\n")
    found = extract(places, document_date="2025-01-24")
    assert [(c.value, c.subset_of) for c in found] == [(156, None), (38, 0), (35, 0)]
    years = "年度,追回外逃人员（人）,追回赃款（亿元）\n2023,82,6.12\n2024,91,7.35\n"
    assert _found(years) == [("fugitives_returned", 82, "2023-01-01"),
                             ("fugitives_returned", 91, "2024-01-01")]


def test_a_spanning_header_over_years_beside_a_notes_column() -> None:
    text = ("                立案（件）            留置（人）\n"
            "领域          2023年    2024年      2023年    2024年      备注\n"
            "医疗卫生        41        57           3         6        含集中整治\n"
            "教育            29        33           1         2\n")
    assert [(m, v, p) for m, v, p in _found(text) if m == "liuzhi"] == [
        ("liuzhi", 3, "2023-01-01"), ("liuzhi", 6, "2024-01-01"), ("liuzhi", 1, "2023-01-01"),
        ("liuzhi", 2, "2024-01-01")]


def test_a_table_counted_in_ten_thousands_by_its_note_and_quarters_without_度() -> None:
    text = ("二〇二四年全國數字整理如下：\n\n項目　　　第一季　第二季　全年\n"
            "留置　　　0.72　　0.77　　3.12\n\n注：立案以萬件計，其餘各項以萬人計。")
    assert [(c.value, c.qualifier, c.period_start, c.period_end) for c in extract(
        text, document_date="2025-01-27")] == [
        (7200, "approximate", "2024-01-01", "2024-03-31"),
        (7700, "approximate", "2024-04-01", "2024-06-30"),
        (31200, "approximate", "2024-01-01", "2024-12-31")]


def test_a_table_whose_total_is_a_figure_just_told_breaks_it_down() -> None:
    text = ("截至12月21日，今年以来A股共有39家上市公司高管被监察机关留置，涉及46人。\n\n"
            "按职务划分：\n\n职务\t人数\t占比\n董事长\t13\t28.3%\n其他高管\t33\t71.7%\n合计\t46\t100%\n")
    found = extract(text, document_date="2025-12-22")
    assert [(c.measure, c.value, c.subset_of) for c in found] == [
        ("liuzhi", 46, None), ("liuzhi", 13, 0), ("liuzhi", 33, 0)]
    unrelated = text.replace("合计\t46", "合计\t47")
    assert [c.value for c in extract(unrelated, document_date="2025-12-22")] == [46]
