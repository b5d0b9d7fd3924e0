"""Rules added for the tenth round (realpages10.yaml): time and parts. Our own sentences;
invented numbers."""

from __future__ import annotations

from liuzhi.extract import extract


def _periods(text: str, date: str) -> list[tuple[int, str | None, str | None]]:
    return [(c.value, c.period_start, c.period_end)
            for c in extract(text, document_date=date) if c.measure == "liuzhi"]


def test_the_past_year_of_a_january_report_is_the_year_its_全年_means() -> None:
    text = "过去一年，全省纪检监察机关坚持严的基调。审查调查方面，全省全年共留置1,032人。"
    assert _periods(text, "2025-01-20") == [(1032, "2024-01-01", "2024-12-31")]


def test_a_part_whose_sentence_names_no_time_falls_within_its_whole() -> None:
    text = ("今年上半年，共有23名上市公司高管被留置。\n\n分季度看，进入二季度后明显增多，共有15名，"
            "其中6月就有7名，为近两年来单月最多。\n\n从身份看，23名被留置高管中，董事长有9名。")
    assert _periods(text, "2025-07-08") == [
        (23, "2025-01-01", "2025-06-30"), (15, "2025-04-01", "2025-06-30"),
        (7, "2025-06-01", "2025-06-30"), (9, "2025-01-01", "2025-06-30")]


def test_tabs_that_open_or_close_a_header_row_leave_its_cells_in_place() -> None:
    text = ("2024年及2025年上半年各市留置人数（人）\n"
            "序号\t设区市\t2024年\t\t2025年\t\t备注\n"
            "\t\t全年留置\t排名\t上半年留置\t排名\t\n"
            "1\t南宁市\t96\t1\t51\t1\t含市本级\n"
            "2\t柳州市\t63\t2\t30\t2\t\n")
    assert _periods(text, "2025-08-05") == [
        (96, "2024-01-01", "2024-12-31"), (51, "2025-01-01", "2025-06-30"),
        (63, "2024-01-01", "2024-12-31"), (30, "2025-01-01", "2025-06-30")]


def test_months_listed_and_counted_together_are_one_span() -> None:
    text = "上半年全省共留置318人，特别是5月、6月两个月，全省共留置129人。"
    assert _periods(text, "2025-07-25") == [
        (318, "2025-01-01", "2025-06-30"), (129, "2025-05-01", "2025-06-30")]
