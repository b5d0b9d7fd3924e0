"""What values each column may hold, beyond its type: the domain of every measure's value,
and the limits both databases share.

The importer checks each row against these rules before anything is written, and
``liuzhi validate`` checks the ledger against the same rules, so a row written some other
way (a script, an older version) is found too. The limits on text (length, control
characters) are what PostgreSQL enforces and SQLite does not: checking them here makes
both backends accept exactly the same data.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from liuzhi.problems import Problem


@dataclass(frozen=True)
class Domain:
    """The numbers a value in one unit may be."""

    what: str  # "a count of persons", for the message
    whole: bool = False
    low: float = 0.0
    high: float = math.inf

    def holds(self, value: float) -> bool:
        return (math.isfinite(value) and self.low <= value <= self.high
                and (not self.whole or value.is_integer()))

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a finite number"
        if self.high == math.inf:
            return f"{self.what} is {kind} of {self.low:g} or more"
        return f"{self.what} is {kind} from {self.low:g} to {self.high:g}"


#: By unit: counts are whole and never negative; a rate or a duration is never negative;
#: a percent is a share of a whole (liuzhi_per_case_filed is the one measure using it).
DOMAINS: dict[str, Domain] = {
    "persons": Domain("a count of persons", whole=True),
    "person_times": Domain("a count of person-times", whole=True),
    "cases": Domain("a count of cases", whole=True),
    "facilities": Domain("a count of facilities", whole=True),
    "persons_per_day": Domain("a rate in persons per day"),
    "days": Domain("a duration in days"),
    "percent": Domain("a percent", high=100.0),
}

#: The rounding unit of an approximate figure: any finite positive number.
PRECISION = Domain("a rounding unit (precision)", low=math.ulp(0.0))

#: C0 controls other than tab, line feed and carriage return, and DEL. PostgreSQL refuses
#: NUL; the others could redraw a terminal when a message quotes the value.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: The largest integer both databases store (a signed 64-bit BIGINT).
MAX_INTEGER = 2**63 - 1


def figure_problems(values: Mapping[str, Any], *, file: str = "",
                    row: int | None = None) -> list[Problem]:
    """Value, value_high and precision of one figure (by model attribute) outside their
    domain; nothing for a unit the vocabulary does not know (that is its own problem)."""
    found: list[Problem] = []
    domain = DOMAINS.get(values.get("unit") or "")
    checks = (("value", domain), ("value_high", domain), ("precision", PRECISION))
    for column, rule in checks:
        value = values.get(column)
        if rule is None or value is None or not isinstance(value, int | float):
            continue
        if not rule.holds(float(value)):
            found.append(Problem("out-of-domain", file=file, row=row, column=column,
                                 value=_shown(value), detail=rule.describe()))
    return found


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character ``text_problem`` refuses (a fast first look)."""
    return _CONTROL.search(text) is not None


def text_problem(value: str, limit: int | None) -> tuple[str, str] | None:
    """(problem id, detail) when text cannot go into a column of ``limit`` characters."""
    found = _CONTROL.search(value)
    if found:
        return "control-character", f"U+{ord(found.group()):04X} at character {found.start() + 1}"
    if limit is not None and len(value) > limit:
        return "too-long", f"{len(value)} characters long, over the limit of {limit}"
    return None


@functools.cache
def length_limit(model: type[Any], attribute: str) -> int | None:
    """The declared length of a String column (None for Text and other types)."""
    column = model.__table__.columns.get(attribute)
    if column is None or not isinstance(column.type, sa.String):
        return None
    length = column.type.length
    return int(length) if length else None


def row_problems(obj: Any) -> Iterator[str]:
    """Why a row about to be written cannot be held alike by both databases: text too
    long or with a NUL, numbers that are not finite or too large."""
    table = obj.__table__
    for column in table.columns:
        value = getattr(obj, column.key, None)
        if isinstance(value, str):
            # Only what a database refuses: captured text may hold form feeds and the like.
            limit = column.type.length if isinstance(column.type, sa.String) else None
            if "\x00" in value:
                yield (f"{table.name}.{column.key}: the text contains a NUL character (at "
                       f"character {value.index(chr(0)) + 1}), which PostgreSQL cannot store")
            elif limit is not None and len(value) > limit:
                yield (f"{table.name}.{column.key}: the text is {len(value)} characters long, "
                       f"over the limit of {limit}")
        elif isinstance(value, float) and not math.isfinite(value):
            yield f"{table.name}.{column.key}: {value} is not a finite number"
        elif isinstance(value, int) and not isinstance(value, bool) \
                and abs(value) > MAX_INTEGER:
            yield f"{table.name}.{column.key}: {value} is too large for the database"


def _shown(value: float) -> str:
    if math.isfinite(value) and float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)
