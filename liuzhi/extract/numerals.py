"""Counted quantities as official Chinese texts write them: a number, its qualifier and unit.

Numbers come in every notation: Arabic digits with or without separators (``1,234``),
full-width digits (folded to ASCII by ``script.fold`` before matching), Chinese numerals
(``一千二百零八``, ``两百``, ``零``), Arabic with 万/亿 and decimals (``2.6万``), ranges
(``300至400人``, ``300人至400人``, ``3至5万人``) and the colloquial neighbours range (``三四百人``).

Only numbers followed by a counting unit are quantities: 人, 名 and 位 (persons), 人次
(person-times), 件/起/宗 (cases); or numbers that end a clause right after a noun naming
the unit (留置人数为零, 留置人数：318, 立案件数为56). A bare number, a year (``2023年``),
a duration (``三个月``)
or an amount of money (``29.1亿元``) is not. Article numbers (``第二十二条``) and percentages
(``12.5%``, ``百分之十二``) are refused here, so no measure rule ever sees them.

Qualifiers, and why:

* 余 / 多 / 超过 / 超 / 逾 → ``more_than``.
* 以上 → ``at_least``: Chinese statute (Criminal Law art. 99, Civil Code art. 1259) defines
  以上 as including the number itself, and official statistics follow that usage.
* 近 / 将近 / 接近 / 不足 → ``nearly``.
* 约 / 大约 / 左右 / 上下 → ``approximate``; so is a number rounded to 万 or 亿 (``2.6万``),
  with ``precision`` the rounding unit (1,000 for ``2.6万``, 10,000 for ``3万``).
* 至少 / 不少于 / 不低于 → ``at_least``; 不超过 / 以下 / 以内 → ``at_most``.
* Two numbers joined by 至/到/-/~ → ``range`` with ``value_high``.

An explicit qualifier wins over the rounding one; ``precision`` is kept either way.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import cn2an

#: Units as written → the ledger's unit names.
UNIT_NAMES: dict[str, str] = {
    "人次": "person_times",
    "人": "persons",
    "名": "persons",
    "位": "persons",
    "件": "cases",
    "起": "cases",
    "宗": "cases",
}

_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
_NUMBER = rf"(?:{_ARABIC}[万亿]?|[{_CN_CHARS}]+)"

_PRE = {
    "约": "approximate", "大约": "approximate",
    "近": "nearly", "将近": "nearly", "接近": "nearly", "不足": "nearly",
    "逾": "more_than", "超过": "more_than", "超": "more_than",
    "至少": "at_least", "不少于": "at_least", "不低于": "at_least",
    "不超过": "at_most",
}
_POST = {"余": "more_than", "多": "more_than"}
_AFTER_UNIT = {
    "以上": "at_least", "左右": "approximate", "上下": "approximate",
    "以下": "at_most", "以内": "at_most",
}


def _alternation(words: dict[str, str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


QUANTITY = re.compile(
    rf"(?=[约大近将接不逾超至\d{_CN_CHARS}])"  # lets the engine skip other positions fast
    rf"(?:(?P<pre>{_alternation(_PRE)})[有达]?)?"
    rf"(?<![\d.{_CN_CHARS}])(?<!\d,)"  # not inside 1,234; a comma after words is fine
    rf"(?P<num>{_NUMBER})(?:(?P<unit1>人次|人|名|位|件|起|宗)?(?P<sep>[至到\-—~])(?P<num2>{_NUMBER}))?"
    rf"(?P<post>余|多)?"
    r"[ \u00a0]?"  # 立案 6,720 件: a space copied out of a PDF
    r"(?P<unit>人次|人|名|位(?![数置次])|件|起|宗)"
    rf"(?P<after>{_alternation(_AFTER_UNIT)})?"
)

#: A count written after the noun that names its unit, with no unit after the number
#: (留置人数为零, 留置人数：318): only where the clause ends right after the number, so
#: that 人数为近五年最高 or 人数占12% are not read as counts.
NOUN_UNITS: dict[str, str] = {
    "人次数": "person_times", "人次": "person_times", "人数": "persons",
    "案件数": "cases", "件数": "cases", "起数": "cases",
}
NOUN_QUANTITY = re.compile(
    rf"(?=[人案件起])(?P<noun>{_alternation(NOUN_UNITS)})"
    r"(?:为|是|达到|达|共|计|共计|合计)?[：:]?\s*"
    rf"(?:(?P<pre>{_alternation(_PRE)})[有达为]?)?"
    rf"(?P<num>{_NUMBER})"
    r"(?![,.]\d)(?=[，,；;。！？!?\n、）)]|\s|$)"
)

_COLLOQUIAL_RANGE = re.compile("^([一二三四五六七八九])([二三四五六七八九])([十百千万]+)$")
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_CANONICAL = str.maketrans("〇○壹贰叁肆伍陆柒捌玖拾佰仟", "零零一二三四五六七八九十百千")
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_LONE_SCALES = {"百": 100, "千": 1000, "万": 10_000}


@dataclass(frozen=True)
class Number:
    """One number as written: its value, an upper value for a colloquial range, and the
    rounding unit when the notation rounds (``2.6万`` → 1,000), else None.

    ``scale_only`` marks a scale word alone (千 in 近千人), a number only after a qualifier.
    """

    value: int
    value_high: int | None = None
    precision: int | None = None
    multiplier: int = 1
    scale_only: bool = False


@dataclass(frozen=True)
class Quantity:
    """A counted quantity found in a text.

    ``start``/``end`` delimit the number as written (``2.6万``, ``300至400``), without
    qualifier or unit; ``span_start``/``span_end`` the whole phrase including them.
    """

    value: int
    value_high: int | None
    qualifier: str
    precision: int | None
    unit: str
    start: int
    end: int
    span_start: int
    span_end: int


@functools.lru_cache(maxsize=4096)
def parse_number(written: str) -> Number | None:
    """The value of one number token, or None when it is not a number.

    >>> parse_number("2.6万")
    Number(value=26000, value_high=None, precision=1000, multiplier=10000)
    >>> parse_number("一千二百零八").value
    1208
    """
    if not written:
        return None
    if written[0].isdigit():
        multiplier = _MULTIPLIERS.get(written[-1], 1)
        digits = written[:-1] if multiplier > 1 else written
        amount = Decimal(digits.replace(",", ""))
        value = amount * multiplier
        if value != value.to_integral_value():
            return None  # 1.5人 is not a count
        precision = None
        if multiplier > 1:
            decimals = len(digits.partition(".")[2])
            precision = max(1, multiplier // 10**decimals)
        return Number(int(value), precision=precision, multiplier=multiplier)
    canonical = written.translate(_CN_CANONICAL)
    if canonical in _LONE_SCALES:
        # 近千人, 逾万人: a scale word alone, only a number after a qualifier
        scale = _LONE_SCALES[canonical]
        return Number(scale, precision=scale, scale_only=True)
    colloquial = _COLLOQUIAL_RANGE.match(canonical)
    if colloquial:
        low, high, scale_word = colloquial.groups()
        if _CN_DIGIT_VALUE[high] != _CN_DIGIT_VALUE[low] + 1:
            return None
        unit = int(cn2an.cn2an("一" + scale_word, "normal"))
        return Number(_CN_DIGIT_VALUE[low] * unit, _CN_DIGIT_VALUE[high] * unit)
    try:
        converted = cn2an.cn2an(canonical, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    if converted != int(converted):
        return None
    multiplier = _MULTIPLIERS.get(canonical[-1], 1)
    precision = multiplier if multiplier > 1 else None
    return Number(int(converted), precision=precision, multiplier=multiplier)


def _refused(folded: str, start: int, end: int, unit_end: int) -> bool:
    """Numbers that are never counts: ordinals and article numbers, percentages."""
    before = folded[max(0, start - 3):start]
    if before.endswith("第") or before.endswith("百分之") or before.endswith("千分之"):
        return True
    after = folded[end:end + 4]
    if after.startswith("位") and before.endswith(("前", "名")):
        return True  # 排名前10位: a rank, not ten people
    return after.startswith(("%", "个百分点", "成"))


def _matches(folded: str) -> Iterator[re.Match[str]]:
    """QUANTITY matches, except that 12人至30件 is not a range: its first number is
    matched alone (the second is out of reach of a trigger anyway)."""
    for match in QUANTITY.finditer(folded):
        unit1 = match.group("unit1")
        if unit1 and UNIT_NAMES[unit1] != UNIT_NAMES[match.group("unit")]:
            alone = QUANTITY.match(folded, match.start(), match.end("unit1"))
            if alone is None:
                continue
            match = alone
        yield match


def find_quantities(folded: str) -> Iterator[Quantity]:
    """Every counted quantity in ``folded`` (text already passed through ``script.fold``),
    in text order."""
    with_unit = _quantities_with_unit(folded)
    if "数" not in folded and "人次" not in folded:
        yield from with_unit
        return
    yield from heapq.merge(with_unit, _quantities_after_noun(folded), key=lambda q: q.start)


def _quantities_after_noun(folded: str) -> Iterator[Quantity]:
    for match in NOUN_QUANTITY.finditer(folded):
        start, end = match.span("num")
        if _refused(folded, start, end, end):
            continue
        number = parse_number(match.group("num"))
        if number is None or number.value_high is not None or number.scale_only:
            continue
        pre = match.group("pre")
        if pre:
            qualifier = _PRE[pre]
        elif number.precision is not None:
            qualifier = "approximate"
        else:
            qualifier = "exact"
        yield Quantity(
            value=number.value,
            value_high=None,
            qualifier=qualifier,
            precision=number.precision,
            unit=NOUN_UNITS[match.group("noun")],
            start=start,
            end=end,
            span_start=match.start("pre") if pre else start,
            span_end=end,
        )


def _quantities_with_unit(folded: str) -> Iterator[Quantity]:
    for match in _matches(folded):
        num, num2, pre, post, after, unit = match.group(
            "num", "num2", "pre", "post", "after", "unit")
        start, end = match.span("num")
        if num2:
            end = match.end("num2")
        if _refused(folded, start, end, match.end("unit")):
            continue
        first = parse_number(num)
        if first is None:
            continue
        if first.scale_only and (not pre or num2):
            continue
        value, value_high, precision = first.value, first.value_high, first.precision
        qualifier = "range" if value_high is not None else None
        if num2:
            second = parse_number(num2)
            if second is None or second.value_high is not None:
                continue
            if first.multiplier == 1 and second.multiplier > 1:
                value *= second.multiplier  # 3至5万 means 30,000 to 50,000
            value_high = second.value
            if value_high <= value:
                continue
            qualifier = "range"
            precision = second.precision
        elif written_is_lone_one(num):
            continue  # "一名董事": a person named in a story, not a statistic
        if qualifier is None:
            if pre:
                qualifier = _PRE[pre]
            elif post:
                qualifier = _POST[post]
            elif after:
                qualifier = _AFTER_UNIT[after]
            elif precision is not None:
                qualifier = "approximate"
            else:
                qualifier = "exact"
        span_start = match.start("pre") if pre else start
        yield Quantity(
            value=value,
            value_high=value_high,
            qualifier=qualifier,
            precision=precision,
            unit=UNIT_NAMES[unit],
            start=start,
            end=end,
            span_start=span_start,
            span_end=match.end(),
        )


def written_is_lone_one(written: str) -> bool:
    return written in ("一", "壹")
