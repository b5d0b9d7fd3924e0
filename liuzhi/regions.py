"""The region table: China's 31 mainland provincial units, the national level, the
prefecture-level cities that appear in the data, and named groups of provinces.

Codes are GB/T 2260 administrative division codes (``330000`` Zhejiang, ``330100``
Hangzhou). The national level uses ``000000``, which is not a GB/T 2260 code: it stands
for the 31 provincial units together (Hong Kong, Macao and Taiwan are not covered by
mainland discipline statistics). A group (``G-PILOT-2017``) is a fixed set of provinces
that a figure covers jointly.

Lookup accepts codes, full and short Chinese names in simplified or traditional script,
one-character abbreviations (浙) and English names, case-insensitively.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from liuzhi.errors import UnknownRegion

NATIONAL = "000000"


@dataclass(frozen=True)
class Region:
    code: str
    iso_code: str
    name_zh: str
    short_zh: str
    abbr_zh: str
    name_en: str
    level: str  # national | province | prefecture | group
    parent: str
    population_2020: int
    members: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """A bilingual label for reports: 浙江省 Zhejiang."""
        return f"{self.name_zh} {self.name_en}"


@functools.cache
def all_regions() -> tuple[Region, ...]:
    """Every region in the bundled table, national first, in code order."""
    text = (resources.files("liuzhi") / "data" / "regions.csv").read_text(encoding="utf-8")
    return tuple(
            Region(
                code=row["code"],
                iso_code=row["iso_code"],
                name_zh=row["name_zh"],
                short_zh=row["short_zh"],
                abbr_zh=row["abbr_zh"],
                name_en=row["name_en"],
                level=row["level"],
                parent=row["parent"],
                population_2020=int(row["population_2020"]),
                members=tuple(m for m in row["members"].split(";") if m),
            )
            for row in csv.DictReader(io.StringIO(text, newline=""))
        )


def provinces() -> tuple[Region, ...]:
    """The 31 mainland provincial units."""
    return tuple(r for r in all_regions() if r.level == "province")


@functools.cache
def provincial_population() -> int:
    """Sum of the 31 provinces' 2020 census populations (1,409,778,724).

    This, not the national census total, is the denominator for population shares: the
    national total adds 2,000,000 active military who belong to no province.
    """
    return sum(r.population_2020 for r in provinces())


# Traditional forms of the characters that occur in region names, so that 廣東 and 浙江省
# look up alike. Only what the table needs: a full converter is not worth a dependency.
_TRADITIONAL = str.maketrans(
    "廣東內遼龍蘇閩贛魯貴雲陝寧維爾區慶臺灣門壯陸滬粵瓊隴華國試點縣濟興陽廈",
    "广东内辽龙苏闽赣鲁贵云陕宁维尔区庆台湾门壮陆沪粤琼陇华国试点县济兴阳厦",
)


def simplify(text: str) -> str:
    """Map the traditional characters found in region names to simplified ones."""
    return text.translate(_TRADITIONAL)


@functools.cache
def _index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in all_regions():
        keys = {region.code, region.name_zh, region.short_zh, region.name_en.lower()}
        if region.iso_code:
            keys.add(region.iso_code.lower())
        if region.abbr_zh:
            keys.add(region.abbr_zh)
        for key in keys:
            if key:
                index.setdefault(key, region)
    # Names that official texts and English writers use besides the table's own.
    for alias, code in {"中国": NATIONAL, "全国": NATIONAL, "china": NATIONAL,
                        "national": NATIONAL, "nei mongol": "150000", "xizang": "540000"}.items():
        index.setdefault(alias, get(code))
    return index


@functools.cache
def get(code: str) -> Region:
    """The region with this exact code; raises UnknownRegion otherwise."""
    for region in all_regions():
        if region.code == code:
            return region
    raise UnknownRegion(
        f"Region code {code!r} is not in the region table. Use a GB/T 2260 code such as "
        "330000 (Zhejiang), 000000 for the national level, or look the name up with "
        "`liuzhi regions NAME`."
    )


def lookup(name: str) -> Region:
    """Find a region by code or by any of its names (浙江省, 浙江, 浙, Zhejiang, CN-ZJ).

    Raises UnknownRegion with a suggestion when nothing matches.
    """
    key = simplify(name.strip())
    index = _index()
    for candidate in (key, key.lower()):
        if candidate in index:
            return index[candidate]
    raise UnknownRegion(
        f"No region is called {name!r}. Provinces can be named in Chinese (浙江省, 浙江, 浙) "
        "or English (Zhejiang); cities only where the data has them (杭州, Hangzhou). "
        "Run `liuzhi regions` to list every region and code."
    )
