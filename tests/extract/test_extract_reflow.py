"""Text pulled out of a PDF: lines joined where the page ran out, page furniture dropped, and
every figure's offsets those of the text as given. Our own sentences; invented numbers."""

from __future__ import annotations

from liuzhi.extract import extract, reflow

WRAPPED = ("某市纪委监委工作报告\n"
           "２０２４年，全市纪检监察机关坚持有腐必反、\n"
           "有贪必肃，全年立案２１５０件，处分１９８０人。\n"
           "\n"
           "— 2 —\n"
           "\n"
           "聚焦重点领域和关键少数，全市共留置１１２人\n"
           "（上年为９８人），其中处级干部１６人。从留置对象\n"
           "层级看，科级干部４１人，依法移送检察机关１０４人。\n")


def test_a_wrapped_text_is_read_as_its_paragraphs() -> None:
    found = extract(WRAPPED, document_date="2025-02-10")
    rows = [(c.measure, c.value, c.period_start, c.subset_of) for c in found]
    assert rows == [
        ("cases_filed", 2150, "2024-01-01", None), ("punished", 1980, "2024-01-01", None),
        ("liuzhi", 112, "2024-01-01", None), ("liuzhi", 98, "2023-01-01", None),
        ("liuzhi", 16, "2024-01-01", 2), ("liuzhi", 41, "2024-01-01", 2),
        ("transferred_for_prosecution", 104, "2024-01-01", None)]


def test_every_figure_keeps_the_offsets_of_the_text_as_given() -> None:
    for c in extract(WRAPPED, document_date="2025-02-10"):
        assert WRAPPED[c.evidence_start:c.evidence_end] == c.evidence
        assert c.evidence_start <= c.start < c.end <= c.evidence_end
        assert all(WRAPPED[a:b] for a, b in c.mentions)


def test_the_map_back_counts_every_character_dropped() -> None:
    joined = reflow.reflow(WRAPPED)
    assert "\n— 2 —" not in joined.text and "坚持有腐必反、有贪必肃" in joined.text
    for position, character in enumerate(joined.text):
        assert WRAPPED[joined.original(position)] == character


def test_page_numbers_and_contents_lines_are_not_counts() -> None:
    contents = ("全市纪检监察工作报告\n目　　录\n（一）持续强化政治监督 ……………… 2\n"
                "（二）规范精准使用留置措施 ……………… 7\n"
                "过去一年，全市纪检监察机关坚守职责定位，各项工\n"
                "作取得新进展，依法运用留置措施，全年共留置\n"
                "46人，其中县处级干部9人，全部依规依纪依法\n"
                "办理。\n— 3 —\n")
    assert [(c.value, c.subset_of) for c in extract(contents, document_date="2025-01-20")] == [
        (46, None), (9, 0)]


def test_ordinary_texts_tables_and_csv_are_not_taken_for_wrapped_lines() -> None:
    for text in (
        "全省留置312人。\n其中厅级干部12人。\n县处级干部88人。\n乡科级干部212人。",
        "省份,2024年留置人数,同比变化,报告披露日期\n江苏,612,+8.3%,1月9日\n"
        "浙江,587,+5.2%,1月11日\n广东,734,+11.0%,1月15日\n",
        "表1 全省纪检监察机关审查调查情况\n立案（件） 28,416 31,092\n处分（人） 25,830 27,641\n"
        "留置（人） 1,204 1,316\n",
        "年度\n留置人数\n2023年\n12\n2024年\n15\n",
    ):
        assert not reflow.is_wrapped(text)


def test_a_facility_a_catheter_count_and_a_spaced_out_header() -> None:
    facilities = ("序号  留置点            留置室（间）  看护人员（人）\n"
                  "1     市留置管理中心        32             96\n"
                  "2     县留置点              12             30\n")
    assert extract(facilities, document_date="2025-01-20") == []
    hospital = ("科室\t留置例数\t留置日数\n重症医学科\t216\t1,573\n神经外科\t188\t1,402\n")
    assert extract(hospital, document_date="2025-01-20") == []
    spaced = ("主要数据\n项　　目　　　　　2023年　　　2024年\n提起公诉（人）　　　241　　　　279\n"
              "不起诉（人）　　　　　9　　　　　6\n")
    assert [(c.measure, c.value, c.period_start) for c in
            extract(spaced, document_date="2025-01-20")] == [
        ("prosecuted", 241, "2023-01-01"), ("prosecuted", 279, "2024-01-01")]


def test_a_count_since_a_new_term_began() -> None:
    text = "回顾本届工作，2021年换届以来，全市累计留置618人。"
    assert [(c.period_start, c.period_end) for c in
            extract(text, document_date="2025-02-11")] == [("2021-01-01", "2025-02-11")]


def test_a_page_number_under_a_table_is_not_a_row() -> None:
    text = ("季度        立案（件）    留置（人）\n一季度        312          12\n"
            "二季度        298          15\n                          — 2 —\n")
    assert [c.value for c in extract(text, document_date="2025-06-30")] == [312, 12, 298, 15]
