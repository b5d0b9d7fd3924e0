"""Days and periods: how much of a year liuzhi existed, and how periods overlap.

One rule for every figure (VALIDATION.md, amendment A3): liuzhi could exist from 17 March
2017 (the first liuzhi anywhere, Hangzhou, OT001) in the three pilot provinces (Beijing,
Shanxi, Zhejiang) and from 20 March 2018, when the Supervision Law came into force,
everywhere else. So nationally 2018 has 287 days in scope and every later year all its
days; a figure's days are the days of its period on which liuzhi could exist in its region.
"""

from __future__ import annotations

import datetime as dt

SUPERVISION_LAW = dt.date(2018, 3, 20)
FIRST_LIUZHI = dt.date(2017, 3, 17)
#: The 2017 pilot provinces (and regions inside them, by code prefix), and the pilot group.
PILOT_PREFIXES = ("11", "14", "33")
PILOT_GROUP = "G-PILOT-2017"
#: The rule, in words, for reports.
RULE = ("days are counted from 17 March 2017 (the first liuzhi) in the 2017 pilot provinces "
        "Beijing, Shanxi and Zhejiang, and from 20 March 2018 (the Supervision Law) elsewhere")
UNODC_MOU = dt.date(2019, 10, 17)
FIRST_YEAR = SUPERVISION_LAW.year


def days(start: dt.date, end: dt.date) -> int:
    """Days from start to end, both included."""
    return (end - start).days + 1


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def in_scope(year: int) -> tuple[dt.date, dt.date]:
    """The part of ``year`` in which liuzhi existed nationally."""
    start, end = year_bounds(year)
    return max(start, SUPERVISION_LAW), end


def liuzhi_from(region_code: str) -> dt.date:
    """The first day liuzhi could exist in a region."""
    pilot = region_code == PILOT_GROUP or (region_code[:2] in PILOT_PREFIXES
                                           and region_code[2:].isdigit())
    return FIRST_LIUZHI if pilot else SUPERVISION_LAW


def possible_days(start: dt.date, end: dt.date, region_code: str) -> int:
    """Days of the inclusive period on which liuzhi could exist in the region (0 if none)."""
    first = max(start, liuzhi_from(region_code))
    return days(first, end) if first <= end else 0


def days_in_scope(year: int) -> int:
    return days(*in_scope(year))


def overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days that two inclusive periods share (0 if none)."""
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return days(start, end) if start <= end else 0


def is_calendar_year(start: dt.date, end: dt.date) -> bool:
    return start.year == end.year and (start, end) == year_bounds(start.year)
