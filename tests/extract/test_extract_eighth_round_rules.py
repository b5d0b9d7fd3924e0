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
    assert _found("2023年，全省立案2900件，其中结案2850件。") == [("cases_filed", 2900)]


def test_staff_a_facility_must_have_are_not_people_held() -> None:
    text = "按照规定，每名留置人员配备不少于3名看护人员，全市今年已留置41人。"
    assert _found(text) == [("liuzhi", 41)]


def test_a_start_told_in_the_sentence_before_opens_the_span_to_an_end() -> None:
    text = "专项治理自2023年9月启动。截至今年3月底，全市共立案536件，留置61人。"
    assert [(c.value, c.period_start, c.period_end) for c in extract(
        text, document_date="2025-04-10")] == [(536, "2023-09-01", "2025-03-31"),
                                               (61, "2023-09-01", "2025-03-31")]
    later = "专项治理自2023年9月启动。今年3月，全市留置6人。截至3月底，全市留置9人。"
    assert [(c.value, c.period_start) for c in extract(later, document_date="2025-04-10")] == [
        (6, "2025-03-01"), (9, "2025-01-01")]  # only the sentence right after the start


def test_since_an_undated_start_is_not_the_period_of_the_sentence_before() -> None:
    text = "2024年3月，刘某被县监委留置。集中整治开展以来，全省共留置76人。"
    assert [(c.value, c.period_start, c.period_end) for c in extract(text)] == [
        (76, None, None)]
    dated = [(c.period_start, c.period_end) for c in extract(text, document_date="2025-05-02")]
    assert dated == [(None, "2025-05-02")]


def test_a_building_work_begun_is_not_a_campaign_start() -> None:
    text = "留置场所改造工程自2023年9月开始施工。截至今年3月底，全市共留置61人。"
    assert [(c.value, c.period_start) for c in extract(text, document_date="2025-04-10")] == [
        (61, "2025-01-01")]
