"""The general rules for pages as researchers collect them (financial press tallies,
traditional-character media, campaign press, reposts), each on sentences written here."""

from __future__ import annotations

import datetime as dt

from liuzhi.extract import extract


def _liuzhi(text: str, date: str | None = None) -> list[tuple[object, ...]]:
    return [(c.value, c.unit, c.period_start, c.period_end, c.subset_of)
            for c in extract(text, document_date=date) if c.measure == "liuzhi"]


def test_a_repeated_figure_is_one_candidate_with_every_mention():
    text = ("今年以来52名上市公司高管被留置\n"
            "据统计，今年以来已有52名上市公司高管被留置，涉及47家公司。\n"
            "分析人士指出，52名上市公司高管被留置反映出反腐力度持续加大。")
    found = extract(text, document_date="2024-11-02")
    assert [(c.value, c.period_start, c.period_end) for c in found] == [
        (52, "2024-01-01", "2024-11-02")]
    assert len(found[0].mentions) == 3
    for start, end in found[0].mentions:
        assert "52" in text[start:end]
    assert "mentioned 3 times" in found[0].reason


def test_the_same_value_for_other_periods_stays_two_figures():
    found = _liuzhi("2022年全省留置45人。2023年全省留置45人。", "2024-02-01")
    assert [f[2] for f in found] == ["2022-01-01", "2023-01-01"]


def test_a_breakdown_sentence_is_subsets_of_the_total():
    found = extract("2024年以来，共有27名上市公司高管被留置。其中12名为公司董事长，8名为总经理，"
                    "其余包括4名副总经理和3名财务总监。")
    assert [(c.value, c.subset_of) for c in found] == [
        (27, None), (12, 0), (8, 0), (4, 0), (3, 0)]
    assert [c.scope for c in found[1:]] == ["公司董事长", "总经理", "副总经理", "财务总监"]


def test_a_count_opening_its_clause_after_a_total_is_a_subset():
    found = _liuzhi("今年以来已有31名高管被实施留置，11名收到了区级监委的《留置通知书》。")
    assert [(f[0], f[4]) for f in found] == [(31, None), (11, 0)]
    found = _liuzhi("2023年以来，共有27名上市公司高管被留置。这27人中，9名收到了县级监委的《留置通知书》。")
    assert [(f[0], f[4]) for f in found] == [(27, None), (9, 0)]


def test_a_count_that_says_what_part_it_is():
    found = _liuzhi("2023年，全省留置312人，12人为厅级干部。", "2024-01-20")
    assert [(f[0], f[4]) for f in found] == [(312, None), (12, 0)]


def test_a_count_with_its_own_period_or_subject_is_not_a_subset():
    assert [f[4] for f in _liuzhi("2023年全省留置705人，2022年为612人。", "2024-02-05")] == [None, None]
    assert [f[4] for f in _liuzhi("全省留置312人，省纪委监委直接留置25人。")] == [None, None]


def test_last_year_after_an_explicit_year_without_a_document_date():
    found = _liuzhi("2023年以来，已有35名高管被留置，有望超过去年的水平（全年约40家公司51人被留置）。")
    assert found == [(35, "persons", "2023-01-01", None, None),
                     (51, "persons", "2022-01-01", "2022-12-31", None)]


def test_no_date_and_no_phrase_is_unknown():
    assert _liuzhi("今年以来，已有35名高管被留置。") == [(35, "persons", None, None, None)]
    assert _liuzhi("年内已有35名高管被留置。") == [(35, "persons", None, None, None)]


def test_within_the_year_and_until_a_day_resolve_from_the_document_date():
    found = _liuzhi("年内已有35名高管被留置。截至12月15日，共有38人被留置。", "2024-12-20")
    assert [(f[0], f[2], f[3]) for f in found] == [
        (35, "2024-01-01", "2024-12-20"), (38, "2024-01-01", "2024-12-15")]


def test_traditional_characters_and_the_counter_wei():
    simplified = _liuzhi("据统计，两市今年已有36位上市公司实控人被留置，较去年同期明显增加。", "2024-09-01")
    traditional = _liuzhi("據統計，兩市今年已有36位上市公司實控人被留置，較去年同期明顯增加。", "2024-09-01")
    assert traditional == simplified == [(36, "persons", "2024-01-01", "2024-12-31", None)]


def test_a_rank_is_not_a_count_of_people():
    assert _liuzhi("该省留置人数排名前10位的地市中，有3个位于沿海。") == []


def test_cases_counted_in_qi_with_liuzhi_said_just_before():
    found = extract("上市公司董事长被监委留置的消息近期频现。据不完全统计，今年此類案例已達27起。",
                    document_date="2024-08-01")
    assert [(c.measure, c.value, c.unit, c.inferred) for c in found] == [
        ("liuzhi", 27, "cases", True)]
    assert found[0].confidence < 0.7 and found[0].reason.startswith("inferred")


def test_chinese_numerals_in_short_counts_and_joined_triggers():
    found = extract("市纪委监委对两人立案审查调查并采取留置措施。")
    assert ("liuzhi", 2, "persons") in [(c.measure, c.value, c.unit) for c in found]


def test_people_taken_away_under_a_liuzhi_heading_are_inferred():
    found = extract("多名企业高管被留置\n本月以来，至少6名上市公司高管被带走，在指定地点接受调查。")
    assert [(c.measure, c.value, c.qualifier, c.inferred) for c in found] == [
        ("liuzhi", 6, "at_least", True)]


def test_taken_away_without_liuzhi_nearby_is_nothing():
    assert extract("多名企业高管被带走\n至少6名上市公司高管被带走，在指定地点接受调查。") == []
    # 留置 in a police text is not the supervision commissions' placement
    assert extract("派出所对2人留置盘问。另有3人被带走。") == []


def test_a_campaign_span_is_a_partial_figure_to_the_document_date():
    found = extract("自2019年3月开展扫黑除恶专项斗争以来，全省纪检监察机关留置45人。",
                    document_date=dt.date(2021, 3, 1))
    assert [(c.value, c.period_start, c.period_end, c.partial, c.scope) for c in found] == [
        (45, "2019-03-01", "2021-03-01", True, "扫黑除恶专项斗争")]


def test_a_sector_campaign_is_a_partial_figure():
    found = extract("全省深入开展粮食购销领域腐败问题专项整治，查处问题线索300件，采取留置措施36人。")
    assert [(c.value, c.partial, c.scope) for c in found] == [
        (36, True, "粮食购销领域腐败问题专项整治")]


def test_numbers_near_liuzhi_that_are_not_placements():
    for text in [
        "该公司董事长被留置后，公司停业，23名员工失业。股票代码600123，今年52岁，涉案金额3000万元。",
        "受董事长被留置影响，该公司已有150人离职，300名员工面临失业。",
        "被留置的董事长所在公司现有员工2,000人。",
        "留置案件中，受贿案件占比约62%，涉案金额超过3亿元。",
        "其所在公司的120名股东被留置事件波及。",
    ]:
        assert extract(text) == [], text


def test_every_candidate_has_a_reason_and_a_confidence():
    for c in extract("2023年，全省留置312人，其中厅级干部12人。", document_date="2024-01-20"):
        assert c.reason and 0 < c.confidence < 1
