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
    found = _liuzhi("2023年以来，共有27名上市公司高管被留置。"
                    "这27人中，9名收到了县级监委的《留置通知书》。")
    assert [(f[0], f[4]) for f in found] == [(27, None), (9, 0)]


def test_a_count_that_says_what_part_it_is():
    found = _liuzhi("2023年，全省留置312人，12人为厅级干部。", "2024-01-20")
    assert [(f[0], f[4]) for f in found] == [(312, None), (12, 0)]


def test_a_count_with_its_own_period_or_subject_is_not_a_subset():
    found = _liuzhi("2023年全省留置705人，2022年为612人。", "2024-02-05")
    assert [f[4] for f in found] == [None, None]
    assert [f[4] for f in _liuzhi("全省留置312人，省纪委监委直接留置25人。")] == [None, None]


def test_last_year_after_an_explicit_year_without_a_document_date():
    found = _liuzhi("2023年以来，已有35名高管被留置，"
                    "有望超过去年的水平（全年约40家公司51人被留置）。")
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
    simplified = _liuzhi("据统计，两市今年已有36位上市公司实控人被留置，较去年同期明显增加。",
                         "2024-09-01")
    traditional = _liuzhi("據統計，兩市今年已有36位上市公司實控人被留置，較去年同期明顯增加。",
                          "2024-09-01")
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
    found = extract("全省深入开展粮食购销领域腐败问题专项整治，"
                    "查处问题线索300件，采取留置措施36人。")
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


# -- rules added after reading the misses of realpages.yaml (sentences written here) --------


def test_a_value_stated_for_a_compared_period_is_that_periods_figure():
    found = _liuzhi("2022年全年，共有39名国企负责人被留置，较上年的28名明显增多。", "2023-01-10")
    assert [(f[0], f[2], f[3]) for f in found] == [
        (39, "2022-01-01", "2022-12-31"), (28, "2021-01-01", "2021-12-31")]
    found = extract("今年以来，上市公司公告董事长被留置，此类案例已达18起，已超过去年全年的15起。",
                    document_date="2024-07-01")
    assert [(c.value, c.period_start, c.period_end) for c in found] == [
        (18, "2024-01-01", "2024-07-01"), (15, "2023-01-01", "2023-12-31")]


def test_a_difference_after_a_comparison_is_not_a_figure():
    assert [f[0] for f in _liuzhi("2023年全市留置86人，较上年增加12人。", "2024-01-10")] == [86]


def test_the_year_before_the_one_spoken_of():
    found = _liuzhi("2021年全市共留置143人，较前一年的120人有所增加。")
    assert [(f[0], f[2]) for f in found] == [(143, "2021-01-01"), (120, "2020-01-01")]


def test_same_period_last_year_without_a_date_is_a_figure_of_unknown_period():
    found = _liuzhi("今年以来，全省共留置208人，去年同期为176人。")
    assert [(f[0], f[2], f[3]) for f in found] == [(208, None, None), (176, None, None)]


def test_since_the_start_of_the_month():
    found = extract("多名干部被留置\n本月以来，该县两名局长已被带走，在指定地点接受调查。",
                    document_date="2024-06-18")
    assert [(c.value, c.period_start, c.period_end, c.inferred) for c in found] == [
        (2, "2024-06-01", "2024-06-18", True)]


def test_until_a_day_takes_the_year_named_after_it():
    found = _liuzhi("截至11月20日，2023年已有44名上市公司高管被留置。")
    assert [(f[2], f[3]) for f in found] == [("2023-01-01", "2023-11-20")]


def test_a_since_start_is_not_the_year_spoken_of():
    text = ("2023年全省共留置520人。自2018年设立监察委员会以来，留置取代了“两规”。"
            "全年共移送检察机关审查起诉410人。")
    found = extract(text, document_date="2024-01-12")
    assert [(c.value, c.period_start) for c in found] == [(520, "2023-01-01"), (410, "2023-01-01")]


def test_a_mention_with_a_carried_period_joins_the_figure():
    text = ("23名高管被留置\n2024年以来，已有23名上市公司高管被留置。去年全年约31人被留置。\n"
            "分析认为，23名高管被留置后，相关公司多已安排代行职责。")
    found = _liuzhi(text)
    assert [(f[0], f[2], f[3]) for f in found] == [
        (23, "2024-01-01", None), (31, "2023-01-01", "2023-12-31")]


def test_a_headline_year_and_a_dated_body_are_one_figure():
    text = "2024年两市留置个案达41宗\n据统计，截至11月30日，2024年两市公告留置的个案达41宗。"
    found = extract(text)
    assert [(c.value, c.period_start, c.period_end, len(c.mentions)) for c in found] == [
        (41, "2024-01-01", "2024-11-30", 2)]


def test_a_rounded_headline_joins_the_exact_figure():
    text = "去年留置逾千人次\n2023年全省共使用留置措施1,148人次，同比增长6%。"
    found = extract(text, document_date="2024-02-01")
    assert [(c.value, c.qualifier, len(c.mentions)) for c in found] == [(1148, "exact", 2)]


def test_parts_listed_a_paragraph_later():
    text = ("截至10月31日，年内共有22位上市公司董事长被留置。\n\n"
            "具体来看，其中国企董事长8位，其余14位为民营企业董事长。")
    found = _liuzhi(text, "2024-11-05")
    assert [(f[0], f[4]) for f in found] == [(22, None), (8, 0), (14, 0)]


def test_a_group_named_again_then_its_part():
    text = "年内41名高管被留置。\n从通知机关看，41名高管中有13名收到了市级监委的《留置通知书》。"
    found = _liuzhi(text, "2024-12-01")
    assert [(f[0], f[4]) for f in found] == [(41, None), (13, 0)]


def test_a_subgroup_of_a_total_stated_before_and_its_own_part():
    text = ("2023年全省共立案2.2万件，留置980人。\n"
            "全省去年共有28名厅级干部被留置，其中5人为在职市级领导。")
    found = extract(text, document_date="2024-01-25")
    liuzhi = [(c.value, c.subset_of) for c in found if c.measure == "liuzhi"]
    assert liuzhi == [(980, None), (28, 1), (5, 2)]


def test_parts_after_a_sentence_of_several_measures_link_by_measure():
    text = ("一季度，全省立案2104件，留置96人，处分1877人。"
            "其中，立案审查调查省管干部6人，处分县处级干部51人。")
    found = extract(text, document_date="2024-04-20")
    assert [(c.measure, c.value, c.subset_of) for c in found] == [
        ("cases_filed", 2104, None), ("liuzhi", 96, None), ("punished", 1877, None),
        ("cases_filed", 6, 0), ("punished", 51, 2)]


def test_people_released_are_not_placements():
    assert _liuzhi("年内已有6名此前被留置的高管解除留置，其中4人已重新履职。", "2024-09-01") == []
    found = extract("今年以来，市监委解除留置后移送检察机关审查起诉11人。",
                    document_date="2024-06-01")
    assert [(c.measure, c.value) for c in found] == [("transferred_for_prosecution", 11)]


def test_a_count_after_another_act_does_not_continue_the_figure():
    found = _liuzhi("2019年至2023年，全省累计留置3650人，查处厅局级干部205人。")
    assert [f[0] for f in found] == [3650]


def test_involving_hands_on_the_trigger_of_the_clause_before():
    found = _liuzhi("年内已有19家上市公司发布董事长被留置的公告，涉及高管21人。", "2024-08-01")
    assert [(f[0], f[2], f[3]) for f in found] == [(21, "2024-01-01", "2024-08-01")]


def test_nouns_listed_after_a_count_reach_the_trigger():
    found = _liuzhi("2022年，共有35名上市公司董事长、总经理被监察机关留置。", "2023-01-05")
    assert [f[0] for f in found] == [35]


def test_this_kind_of_case_after_liuzhi_in_its_sentence_is_not_inferred():
    found = extract("今年以来，上市公司公告实控人被留置，此类案例已达26起。",
                    document_date="2024-05-01")
    assert [(c.value, c.unit, c.inferred) for c in found] == [(26, "cases", False)]


def test_typical_cases_are_not_placements():
    text = "今年以来，全市共留置38人。发布会还通报了4起典型案例。"
    assert [c.value for c in extract(text, document_date="2024-05-01")] == [38]


def test_a_share_market_tallies_are_national():
    found = extract("今年以来，A股已有19名上市公司高管被留置。", document_date="2024-05-01")
    assert [c.region_code for c in found] == ["000000"]
    found = extract("杭州、宁波两市共留置45人。")
    assert [c.region_code for c in found] != ["000000"]


def test_the_scope_names_what_a_count_counts():
    found = extract("年内共有31名上市公司高管被实施留置。兩市已有12位實控人遭留置。")
    assert [(c.value, c.scope, c.subset_of) for c in found] == [
        (31, "上市公司高管", None), (12, "實控人", None)]
