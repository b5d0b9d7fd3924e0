"""Numbers, qualifiers and units (liuzhi.extract.numerals)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuzhi.extract.numerals import find_quantities, parse_number
from liuzhi.extract.script import fold


def only(text: str):
    found = list(find_quantities(fold(text)))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("written", "value", "precision"),
    [
        ("1,234", 1234, None),
        ("1234", 1234, None),
        ("一千二百零八", 1208, None),
        ("两百", 200, None),
        ("零", 0, None),
        ("2.6万", 26000, 1000),
        ("3万", 30000, 10000),
        ("1.25万", 12500, 100),
        ("29.1亿", 2910000000, 10000000),
        ("十二万", 120000, 10000),
    ],
)
def test_parse_number(written, value, precision):
    number = parse_number(written)
    assert number is not None
    assert number.value == value
    assert number.precision == precision


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier", "unit"),
    [
        ("留置312人", 312, None, "exact", "persons"),
        ("留置２，３４５人", 2345, None, "exact", "persons"),
        ("立案1.2万件", 12000, None, "approximate", "cases"),
        ("留置400余人", 400, None, "more_than", "persons"),
        ("处分1000多人", 1000, None, "more_than", "persons"),
        ("超过1.5万件", 15000, None, "more_than", "cases"),
        ("逾千人", 1000, None, "more_than", "persons"),
        ("近1.3万人", 13000, None, "nearly", "persons"),
        ("将近2万人", 20000, None, "nearly", "persons"),
        ("约380人", 380, None, "approximate", "persons"),
        ("300人左右", 300, None, "approximate", "persons"),
        ("500人以上", 500, None, "at_least", "persons"),
        ("至少有1.2万人", 12000, None, "at_least", "persons"),
        ("不少于3,000人", 3000, None, "at_least", "persons"),
        ("不超过50人", 50, None, "at_most", "persons"),
        ("300至400人", 300, 400, "range", "persons"),
        ("300-400人", 300, 400, "range", "persons"),
        ("2至3万人", 20000, 30000, "range", "persons"),
        ("三四百人", 300, 400, "range", "persons"),
        ("602人次", 602, None, "exact", "person_times"),
        ("12名", 12, None, "exact", "persons"),
        ("136起", 136, None, "exact", "cases"),
        ("兩百餘人", 200, None, "more_than", "persons"),
    ],
)
def test_quantities(text, value, high, qualifier, unit):
    q = only(text)
    assert (q.value, q.value_high, q.qualifier, q.unit) == (value, high, qualifier, unit)


@pytest.mark.parametrize(
    "text",
    ["第二十二条", "第3人", "12.5%", "百分之十二人", "三个月", "29.1亿元", "2023年", "千方百计",
     "12个", "1.5人", "公司一名董事"],
)
def test_not_quantities(text):
    assert list(find_quantities(fold(text))) == []


def test_offsets_are_the_number_as_written():
    text = "立案超过１，２３４件，留置300至400人"
    found = list(find_quantities(fold(text)))
    assert [text[q.start:q.end] for q in found] == ["１，２３４", "300至400"]
    assert [text[q.span_start:q.span_end] for q in found] == ["超过１，２３４件", "300至400人"]


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numerals_round_trip(n):
    written = cn2an.an2cn(n)
    number = parse_number(written)
    assert number is not None and number.value == n


@given(st.integers(min_value=1, max_value=10**12))
def test_arabic_with_separators_round_trip(n):
    q = only(f"留置{n:,}人")
    assert q.value == n


_FULL = str.maketrans("0123456789,", "０１２３４５６７８９，")


@given(st.integers(min_value=1, max_value=10**12), st.booleans())
def test_fullwidth_round_trip(n, separators):
    written = (f"{n:,}" if separators else str(n)).translate(_FULL)
    text = f"留置{written}人"
    q = only(text)
    assert q.value == n
    assert text[q.start:q.end] == written


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=3))
def test_wan_decimals(mantissa, decimals):
    written = f"{mantissa / 10**decimals:.{decimals}f}万"
    number = parse_number(written)
    assert number is not None
    assert number.value == mantissa * 10 ** (4 - decimals)
    assert number.precision == 10 ** (4 - decimals)


# -- a range whose unit is written after both numbers --------------------------------

@pytest.mark.parametrize(
    ("text", "value", "high"),
    [
        ("在600人至700人之间", 600, 700),
        ("在2万人到3万人之间", 20000, 30000),
        ("1,200人次-1,500人次", 1200, 1500),
        ("三百名至四百名", 300, 400),
    ],
)
def test_range_with_the_unit_repeated(text, value, high):
    q = only(text)
    assert (q.value, q.value_high, q.qualifier) == (value, high, "range")


def test_different_units_are_not_a_range():
    found = [(q.value, q.value_high, q.unit) for q in find_quantities(fold("留置12人到30件"))]
    assert found == [(12, None, "persons")]


# -- a count after the noun that names its unit ---------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("留置人数为零。", 0, "persons", "exact"),
        ("留置人数为0，", 0, "persons", "exact"),
        ("留置人数：318\n", 318, "persons", "exact"),
        ("留置人数：1,318", 1318, "persons", "exact"),
        ("留置人次为1,024。", 1024, "person_times", "exact"),
        ("立案件数为56；", 56, "cases", "exact"),
        ("留置人数约为2.6万。", 26000, "persons", "approximate"),
    ],
)
def test_count_after_its_unit_noun(text, value, unit, qualifier):
    q = only(text)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)
    assert fold(text)[q.start:q.end] == fold(text)[q.start:q.end].strip()


@pytest.mark.parametrize(
    "text",
    [
        "留置人数为近五年同期最高。",      # a comparison, not a count
        "留置人数占立案人数的3.2%。",      # a share
        "留置人数为2023年以来最多。",
        "留置人数较去年增加。",
    ],
)
def test_unit_noun_without_a_count(text):
    assert list(find_quantities(fold(text))) == []


def test_unit_noun_does_not_split_a_number_with_its_unit():
    found = [(q.value, q.unit) for q in find_quantities(fold("处分人数：8,104人"))]
    assert found == [(8104, "persons")]
