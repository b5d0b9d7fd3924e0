"""Tables set out one period a line, under a title that names what is counted:

    表1  2019—2023年全市留置人数
    2019年：58人
    合计：329人

Each such *period line* (``period_line``) is the title's measure for its period; a total
line (合计, 总计) covers the title's own period. Tables cut into cells are read by their
layout (``layout``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from liuzhi.extract.layout import TOTAL_WORDS
from liuzhi.extract.numerals import UNIT_NAMES, Number, parse_number
from liuzhi.extract.periods import PERIOD

_PERIOD_LINE = re.compile(
    r"[ \t\u3000]*(?P<label>[^：:\s]{2,14}?)[ \t\u3000]*[：:][ \t\u3000]*"
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?[万亿]?)(?P<unit>人次|人|名|件|起|宗)[ \t\u3000]*")



@dataclass(frozen=True)
class PeriodLine:
    """``2019年：58人``: the label at [label_start, label_end) is a period, or a total
    (``total``); the number at [start, end), its unit ending at ``unit_end``."""

    label_start: int
    label_end: int
    total: bool
    unit: str
    start: int
    end: int
    unit_end: int
    number: Number


def period_line(line: str) -> PeriodLine | None:
    """The period line that ``line`` (folded, without its line break) is, or None."""
    if "：" not in line and ":" not in line:
        return None  # most lines: no regex run
    match = _PERIOD_LINE.fullmatch(line)
    if match is None:
        return None
    label = match.group("label")
    total = label in TOTAL_WORDS
    if not total and not _is_period(label):
        return None
    number = parse_number(match.group("number"))
    if number is None:
        return None
    return PeriodLine(match.start("label"), match.end("label"), total,
                      UNIT_NAMES[match.group("unit")], match.start("number"),
                      match.end("number"), match.end("unit"), number)


def title_above(text: str, line_start: int, fold: Callable[[str], str]) -> str | None:
    """The title of the period lines around the line at ``line_start``: the first line
    above that is not one of them (folded), or None at the start of the text."""
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = fold(text[start:end]).strip()
        if line and period_line(line) is None:
            return line
        end = start - 1
    return None


def _is_period(text: str) -> bool:
    match = PERIOD.fullmatch(text)
    return match is not None and match.end() > match.start()
