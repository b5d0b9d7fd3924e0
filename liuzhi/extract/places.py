"""The region a figure covers: named in the text, implied by 全省/全市, or the issuer's.

Regions named in the text are the region table's names (浙江省, 浙江, 杭州市, 杭州) and
cities, counties and districts written before a body that acts there (温州市纪委监委,
余杭区各级纪检监察机关). Such a name never starts with 年/月/日: in 2023年全市纪检监察机关
the place is 全市, not "年全市". A place that is not in the table keeps its name with region
code None: codes are never invented.

全国 is the national level; so is the A-share market (A股, 沪深两市, 两市上市公司): its
tallies count listed companies nationwide. 全省/全区/全市/全县 refer to the issuing body's
own region (``浙江省纪委监委`` → 浙江省), else to the last province or city the text
named; 全市 after a province-level city (上海, 北京) and no other city is that city.

A figure takes the last place named before it in its sentence; otherwise the place carried
from the text before (a heading or an earlier sentence); otherwise the issuer's region.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from liuzhi import regions
from liuzhi.errors import UnknownRegion
from liuzhi.extract.script import fold


@dataclass(frozen=True)
class Place:
    """A region: its code when the table has it, and its name as written (simplified)."""

    code: str | None
    name: str | None
    level: str | None = None  # national | province | prefecture | local


NATIONAL = Place(regions.NATIONAL, "全国", "national")


def _table_names() -> list[str]:
    names: set[str] = set()
    for region in regions.all_regions():
        if region.level in ("province", "prefecture"):
            names.update(n for n in (region.name_zh, region.short_zh) if n)
    return sorted(names, key=len, reverse=True)


_BODY = r"(?=纪委|监委|纪检监察|监察委员会|纪律检查委员会|各级|人民检察院|检察院|全市|全县|全区)"
_LOCAL = (
    r"(?:(?<=省)|(?<=自治区)|(?<![\u4e00-\u9fff]))"
    r"(?P<local>(?![该本全各我其等和与及在对近今据经由从向年月日])[\u4e00-\u9fff]{1,5}?(?:市|县|区|自治州|州|盟|旗))"
    + _BODY
)
_WHOLE_FIRST = "全中国A沪两"
#: Only these positions can start a mention: a first character of a name, or where the
#: local pattern's lookbehind holds. Checked first, it spares the engine trying the
#: hundreds of table names at every other character.
#: The local pattern's lookbehinds as one (a character that is not CJK, or 省 or 区), and
#: the suffix it needs within seven characters (温州市, 延边朝鲜族自治州): most positions
#: after a comma or a digit then fail in two checks.
_OTHER_CJK = "\u4e00-\u5339\u533b-\u7700\u7702-\u9fff"  # all but 区 (U+533A), 省 (U+7701)
_START = (
    "(?:(?=[" + _WHOLE_FIRST + "".join(sorted({n[0] for n in _table_names()})) + "])"
    rf"|(?<![{_OTHER_CJK}])(?=[\u4e00-\u9fff]{{1,7}}?[市县区州盟旗]))"
)
PLACE = re.compile(
    _START + r"(?:"
    r"(?P<whole>全国|全省|全区|全市|全县|全州|全盟|全旗|中央纪委|国家监委"
    r"|A股|沪深两市|沪深|两市(?=上市|已有|共有|合计|A股|公告|实控人))"
    r"|(?P<table>" + "|".join(map(re.escape, _table_names())) + r")(?![大学院])"
    r"|" + _LOCAL + ")"
)

#: A table row's label that is a place (宁波市, 余杭区): a region, whether or not the
#: region table has it; never 全市 or 其他市县.
PLACE_LABEL = re.compile(r"(?![全本各该其合])[\u4e00-\u9fff]{1,6}(?:市|县|区|自治州|州|盟|旗)")
_WHOLE_OF_ISSUER = ("全省", "全区", "全市", "全县", "全州", "全盟", "全旗")
_ISSUER_LOCAL = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:市|县|区|自治州|盟|旗)")
_NATIONAL_ISSUERS = ("中央纪委", "国家监委", "国家监察委员会", "最高人民检察院", "最高检",
                     "中央纪律检查委员会", "全国人大", "国家统计局")
_NOT_IN_NAMES = re.compile("[纪委监察检院]")


@functools.lru_cache(maxsize=4096)  # the table is fixed; a miss costs an exception
def _table_place(name: str) -> Place | None:
    try:
        region = regions.lookup(name)
    except UnknownRegion:
        return None
    return Place(region.code, region.name_zh, region.level)


def _is_municipality(place: Place | None) -> bool:
    """A province-level city (北京, 天津, 上海, 重庆), which its own texts call 全市."""
    return place is not None and place.level == "province" and (place.name or "").endswith("市")


def place_of_issuer(issuer: str | None) -> Place | None:
    """The region of an issuing body, from the place its name starts with
    (``浙江省纪委监委`` → 浙江省, ``中央纪委国家监委`` → national), or None."""
    if not issuer:
        return None
    name = fold(issuer.strip()).removeprefix("中共")
    if name.startswith(_NATIONAL_ISSUERS):
        return NATIONAL
    table = PLACE.match(name)
    if table and table.group("table"):
        return _table_place(table.group("table"))
    local = _ISSUER_LOCAL.match(name)
    if local and not _NOT_IN_NAMES.search(local.group()):
        return _table_place(local.group()) or Place(None, local.group(), "local")
    return None


class PlaceTracker:
    """Reads place mentions in document order and answers the region of each figure."""

    def __init__(self, issuer: str | None = None) -> None:
        self.issuer = place_of_issuer(issuer)
        self.carried: Place | None = None
        self.last_province: Place | None = None
        self.last_city: Place | None = None

    def mentions(self, folded: str) -> list[tuple[int, Place]]:
        """Place mentions in ``folded`` as (position, place), updating what 全省 means."""
        found: list[tuple[int, Place]] = []
        for match in PLACE.finditer(folded):
            place = self._resolve(match)
            if place is not None:
                found.append((match.start(), place))
        return found

    def _resolve(self, match: re.Match[str]) -> Place | None:
        whole = match.group("whole")
        if whole:
            if whole in ("全国", "中央纪委", "国家监委") or whole not in _WHOLE_OF_ISSUER:
                return NATIONAL  # the A-share market (A股, 两市) is listed companies nationwide
            issuer = self.issuer
            if whole == "全省":
                if issuer is not None and issuer.level == "province":
                    return issuer
                if issuer is not None and issuer.level == "prefecture" and issuer.code:
                    parent = regions.get(regions.lookup(issuer.code).parent)
                    return Place(parent.code, parent.name_zh, parent.level)
                return self.last_province
            if issuer is not None and issuer.level in ("prefecture", "local"):
                return issuer
            if whole == "全区" and issuer is not None and issuer.level == "province":
                return issuer  # autonomous regions: 全区 is the province
            if self.last_city is None and whole == "全市" and _is_municipality(self.last_province):
                return self.last_province  # 上海：…全市… is Shanghai
            return self.last_city
        if match.group("table"):
            place = _table_place(match.group("table"))
        else:
            name = match.group("local")
            if _NOT_IN_NAMES.search(name):
                return None  # 市纪委市监委: the body, not a place
            place = _table_place(name) or Place(None, name, "local")
        if place is not None:
            if place.level == "province":
                self.last_province = place
            else:
                self.last_city = place
        return place

    def place_before(self, mentions: list[tuple[int, Place]], position: int) -> Place | None:
        current: Place | None = None
        for start, place in mentions:
            if start >= position:
                break
            current = place
        if current is not None:
            return current
        return self.carried if self.carried is not None else self.issuer

    def close_sentence(self, mentions: list[tuple[int, Place]]) -> None:
        """What the next sentence's figures are of: the last place named, unless it is one of
        several of its level (江苏、四川、湖南三省相对集中: none of them is the next one's)."""
        levels: dict[str | None, set[Place]] = defaultdict(set)
        for _, place in mentions:
            levels[place.level].add(place)
        single = [place for _, place in mentions if len(levels[place.level]) == 1]
        if single:
            self.carried = single[-1]
