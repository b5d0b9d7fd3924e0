"""Periods (liuzhi.extract.periods), through extract so sentence rules are covered."""

from __future__ import annotations

import pytest

from liuzhi.extract import extract


def period(text: str, document_date: str | None = "2023-07-15") -> tuple[str | None, str | None]:
    found = extract(text, document_date=document_date)
    assert found, text
    return found[0].period_start, found[0].period_end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年，全省留置312人。", ("2023-01-01", "2023-12-31")),
        ("二〇二二年，全省留置312人。", ("2022-01-01", "2022-12-31")),
        ("2023年上半年，留置312人。", ("2023-01-01", "2023-06-30")),
        ("上半年，留置312人。", ("2023-01-01", "2023-06-30")),
        ("2022年下半年，留置312人。", ("2022-07-01", "2022-12-31")),
        ("1至9月，留置312人。", ("2023-01-01", "2023-09-30")),
        ("2022年1—11月，留置312人。", ("2022-01-01", "2022-11-30")),
        ("一至八月，留置312人。", ("2023-01-01", "2023-08-31")),
        ("前三季度，留置312人。", ("2023-01-01", "2023-09-30")),
        ("第二季度，留置312人。", ("2023-04-01", "2023-06-30")),
        ("5月份，留置6人。", ("2023-05-01", "2023-05-31")),
        ("2018年以来，累计留置2,345人。", ("2018-01-01", "2023-07-15")),
        ("今年以来，留置312人。", ("2023-01-01", "2023-07-15")),
        ("截至6月底，今年全省留置38人。", ("2023-01-01", "2023-06-30")),
        ("截至6月底，全省今年以来留置38人。", ("2023-01-01", "2023-06-30")),
        ("截至2022年底，全省累计留置3,950人。", (None, "2022-12-31")),
        ("截至目前，今年全省已留置475人。", ("2023-01-01", "2023-07-15")),
        ("去年，全省留置820人。", ("2022-01-01", "2022-12-31")),
        ("今年，全省留置820人。", ("2023-01-01", "2023-12-31")),
        ("党的十八大以来，全国处分470.9万余人。", ("2012-11-08", "2023-07-15")),
        ("监察法实施以来，累计留置6,120人次。", ("2018-03-20", "2023-07-15")),
        ("2018年3月至2022年6月，留置2,870人。", ("2018-03-01", "2022-06-30")),
        ("2018年至2022年，共留置11万人次。", ("2018-01-01", "2022-12-31")),
        ("“天网2023”行动共追回外逃人员1,624人。", ("2023-01-01", "2023-12-31")),
        ("2023年，留置734人，比2022年增加54人。", ("2023-01-01", "2023-12-31")),
    ],
)
def test_periods(text, expected):
    assert period(text) == expected


def test_report_year_from_document_date():
    assert period("一年来，全省留置312人。", "2024-01-22") == ("2023-01-01", "2023-12-31")
    assert period("五年来，全区留置4,205人。", "2023-01-16") == ("2018-01-01", "2022-12-31")


def test_relative_years_need_a_date():
    assert period("去年，全省留置820人。", None) == (None, None)


def test_heading_period_carries_and_comparisons_do_not():
    text = "一、2022年工作回顾\n全年留置983人，比2021年增长6%。\n立案3.9万件。"
    found = extract(text)
    assert [(c.value, c.period_start, c.period_end) for c in found] == [
        (983, "2022-01-01", "2022-12-31"),
        (39000, "2022-01-01", "2022-12-31"),
    ]


def periods_of(text: str, document_date: str = "2023-09-12"
               ) -> list[tuple[int, str | None, str | None]]:
    return [(c.value, c.period_start, c.period_end)
            for c in extract(text, document_date=document_date)]


def test_same_period_last_year_moves_the_period_in_context():
    assert periods_of("今年1至8月，全省留置368人，去年同期为341人。") == [
        (368, "2023-01-01", "2023-08-31"),
        (341, "2022-01-01", "2022-08-31"),
    ]
    assert periods_of("2023年上半年，全省留置368人，上年同期为341人。") == [
        (368, "2023-01-01", "2023-06-30"),
        (341, "2022-01-01", "2022-06-30"),
    ]


def test_same_period_is_not_carried_to_the_next_sentence():
    assert periods_of("今年1至8月，全省留置368人，去年同期为341人。立案1,200件。") == [
        (368, "2023-01-01", "2023-08-31"),
        (341, "2022-01-01", "2022-08-31"),
        (1200, "2023-01-01", "2023-08-31"),
    ]


def test_compared_with_the_same_period_is_still_a_comparison():
    assert periods_of("今年1至8月，全省留置368人，比去年同期增加27人。") == [
        (368, "2023-01-01", "2023-08-31"),
    ]
    assert periods_of("与去年同期相比，今年1至8月全省留置368人。") == [
        (368, "2023-01-01", "2023-08-31"),
    ]


def test_same_period_on_29_february():
    assert periods_of("截至2024年2月29日，今年全省留置36人，去年同期为30人。",
                      document_date="2024-03-05") == [
        (36, "2024-01-01", "2024-02-29"),
        (30, "2023-01-01", "2023-02-28"),
    ]
