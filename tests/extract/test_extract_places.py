"""Regions (liuzhi.extract.places)."""

from __future__ import annotations

import pytest

from liuzhi.extract import extract
from liuzhi.extract.places import place_of_issuer


@pytest.mark.parametrize(
    ("issuer", "code", "name"),
    [
        ("浙江省纪委监委", "330000", "浙江省"),
        ("中共浙江省纪律检查委员会", "330000", "浙江省"),
        ("中央纪委国家监委", "000000", "全国"),
        ("最高人民检察院", "000000", "全国"),
        ("杭州市纪委监委", "330100", "杭州市"),
        ("温州市纪委监委", None, "温州市"),
        ("廣東省紀委監委", "440000", "广东省"),
        ("某某科技股份有限公司", None, None),
    ],
)
def test_issuer(issuer, code, name):
    place = place_of_issuer(issuer)
    assert (place.code if place else None, place.name if place else None) == (code, name)


def regions_of(text: str, issuer: str | None = None) -> list[tuple[str | None, str | None]]:
    return [(c.region_code, c.region_name) for c in extract(text, issuer=issuer)]


def test_text_beats_issuer():
    assert regions_of("2023年，江苏省留置1,532人。", "浙江省纪委监委") == [("320000", "江苏省")]


def test_whole_province_is_the_issuers():
    assert regions_of("全省留置1,208人。", "浙江省纪委监委") == [("330000", "浙江省")]


def test_whole_city_of_a_city_not_in_the_table_has_no_code():
    assert regions_of("全市留置56人。", "温州市纪委监委") == [(None, "温州市")]


def test_local_body_named_in_text():
    assert regions_of("温州市纪委监委立案1,742件。") == [(None, "温州市")]


def test_national():
    assert regions_of("全国纪检监察机关共留置2.6万人。") == [("000000", "全国")]


def test_heading_region_carries():
    assert regions_of("甘肃：上半年数据发布\n全省立案6,312件。") == [("620000", "甘肃省")]


def test_traditional_region():
    assert regions_of("廣東省留置1,126人。") == [("440000", "广东省")]


def test_a_place_name_never_starts_with_a_date_character():
    found = extract("2023年全市纪检监察机关共留置186人。", document_date="2024-01-19",
                    issuer="绍兴市纪委市监委")
    assert [(c.region_code, c.region_name) for c in found] == [(None, "绍兴市")]


def test_whole_city_after_a_province_level_city_is_that_city():
    text = ("上海：2023年全市纪检监察机关交出反腐成绩单\n"
            "全市纪检监察机关全年立案审查调查4,862件。\n全年共留置186人。")
    found = extract(text, document_date="2024-01-19")
    assert [c.region_code for c in found] == ["310000", "310000"]
    # a prefecture named later is 全市 again
    found = extract("上海、杭州两地通报。杭州全市留置45人。", document_date="2024-01-19")
    assert [c.region_code for c in found] == ["330100"]


def test_place_guard_loses_nothing():
    import re
    from pathlib import Path

    from liuzhi.extract import evaluate, places
    from liuzhi.extract.script import fold

    data = Path(__file__).resolve().parents[1] / "data" / "extract"
    texts = [p.text for name in ("passages.yaml", "heldout.yaml", "unseen.yaml",
                                 "realpages.yaml", "realpages2.yaml", "realpages3.yaml",
                                 "realpages4.yaml", "realpages5.yaml")
             for p in evaluate.load(data / name)]
    texts += ["1，温州市纪委监委", "吉林省延边朝鲜族自治州纪委监委", "内蒙古自治区阿拉善盟各级",
              "2023年全市纪检监察机关", "，余杭区各级纪检监察机关", "省杭州市纪委"]
    # the same pattern behind the first characters and the local pattern's own lookbehinds
    first = places._WHOLE_FIRST + "".join(sorted({n[0] for n in places._table_names()}))
    plain = re.compile(f"(?:(?=[{first}])|(?<=省)|(?<=自治区)|(?<![\\u4e00-\\u9fff]))"
                       + places.PLACE.pattern.removeprefix(places._START))
    for text in texts:
        folded = fold(text)
        assert [(m.span(), m.groupdict()) for m in places.PLACE.finditer(folded)] == [
            (m.span(), m.groupdict()) for m in plain.finditer(folded)]
