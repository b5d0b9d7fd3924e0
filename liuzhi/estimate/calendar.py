"""Days and periods: how much of a year liuzhi existed, and how periods overlap.

Liuzhi exists nationally from 20 March 2018, when the Supervision Law came into force, so
2018 has 287 days in scope; every later year has all its days.
"""

from __future__ import annotations

import datetime as dt

SUPERVISION_LAW = dt.date(2018, 3, 20)
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


def days_in_scope(year: int) -> int:
    return days(*in_scope(year))


def overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days that two inclusive periods share (0 if none)."""
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return days(start, end) if start <= end else 0


def is_calendar_year(start: dt.date, end: dt.date) -> bool:
    return start.year == end.year and (start, end) == year_bounds(start.year)
