"""Rules added for the eighth round (realpages8.yaml, mixed pages): acts that count
something else beside the measures. Our own sentences; invented numbers."""

from __future__ import annotations

from liuzhi.extract import extract


def _found(text: str, date: str = "2025-03-01") -> list[tuple[str, int]]:
    return [(c.measure, c.value) for c in extract(text, document_date=date)]


def test_arrest_and_bail_are_not_prosecutions() -> None:
    text = "2024年，全市检察机关对监察机关移送的案件提起公诉96人，其中决定逮捕71人，取保候审9人。"
    assert _found(text) == [("prosecuted", 96)]


def test_cases_closed_do_not_continue_cases_filed() -> None:
    assert _found("2023年，全省立案2,900件，结案2,850件。") == [("cases_filed", 2900)]


def test_staff_a_facility_must_have_are_not_people_held() -> None:
    text = "按照规定，每名留置人员配备不少于3名看护人员，全市今年已留置41人。"
    assert _found(text) == [("liuzhi", 41)]
