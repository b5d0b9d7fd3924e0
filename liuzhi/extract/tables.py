"""Tables flattened to lines: a header row of periods, then rows of a label and numbers.

    指标 2022年 2023年
    立案（件） 28,416 31,092
    留置人数 612 705

Copying a table out of a PDF or an HTML page leaves one line per row, cells separated by
spaces or tabs, and numbers without a unit after them: the unit is in the row label, in
brackets (立案（件）, 处分(人次), 留置（单位：人）) or as a count noun (留置人数, 立案件数).

* A *row* is a line whose first cell is such a label and whose other cells are all
  numbers (``28,416``, ``2.6万``) or dashes for an empty cell.
* A *header* is the line just above the rows whose cells, after an optional first one
  (指标, 项目), are all periods (``2022年``, ``2023年上半年``).

A row with as many cells as the header has periods gives each number its column's period;
a row with a single number and no such header takes the period in context; any other row
is left alone, because its numbers cannot be dated.

A table may also be set out one period a line, under a title that names what is counted:

    表1  2019—2023年全市留置人数
    2019年：58人
    合计：329人

Each such *period line* (``period_line``) is the title's measure for its period; a total
line (合计, 总计) covers the title's own period.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from liuzhi.extract.numerals import NOUN_UNITS, UNIT_NAMES, Number, parse_number
from liuzhi.extract.periods import PERIOD

_CELL_GAP = re.compile(r"[ \t\u3000]+")
_NOUN_ALTERNATION = "|".join(sorted(NOUN_UNITS, key=len, reverse=True))
#: The start of a row: a label ending in its unit, a gap, and a number or a dash. Anchored,
#: so that prose fails at once and only table lines are split into cells.
_ROW_START = re.compile(
    r"[ \t\u3000]*(?P<label>[^\d\s][^\s]{0,29}?"
    r"(?:[（(](?:单位[：:])?(?P<unit>人次|人|名|件|起|宗)[）)]"
    r"|(?P<noun>" + _NOUN_ALTERNATION + r")))"
    r"(?:[ \t\u3000]*[|丨｜][ \t\u3000]*|[ \t\u3000]+)[\d\-—–/－]"  # a gap or a bar
)
_PERIOD_LINE = re.compile(
    r"[ \t\u3000]*(?P<label>[^：:\s]{2,14}?)[ \t\u3000]*[：:][ \t\u3000]*"
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?[万亿]?)(?P<unit>人次|人|名|件|起|宗)[ \t\u3000]*")
#: Labels of the line that adds up the lines above it.
TOTAL_LABELS = ("合计", "总计", "共计", "累计", "小计")
_NUMBER_CELL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?[万亿]?(?:人次|人|名|件|起|宗)?")
#: The start of a row whose label names a measure but no unit (立案　　21350件, 留置　52): read
#: only when the table says its unit elsewhere (a 单位 line) or the cells carry it.
_ROW_START_BARE = re.compile(
    r"[ \t\u3000]*(?P<label>[^\d\s|｜丨]{1,12}?)"
    r"(?:[ \t\u3000]*[|丨｜][ \t\u3000]*|[ \t\u3000]+)[\d\-—–/－]")
#: The bars that open and close a line of a table copied from a page (｜留置（人）｜8｜).
_EDGE_BARS = re.compile(r"^([ \t\u3000]*)[|｜丨]|[|｜丨]([ \t\u3000]*)$")
#: A cell of a change column (+7.4%, 上升7.8%, 增加827人): not a count.
_CHANGE_CELL = re.compile(
    r"(?:[+\-−－]|上升|下降|增加|减少|增长|提高|降低)[\d.,]+(?:%|个百分点|人次|人|件|名)?|持平")
_EMPTY_CELL = re.compile(r"[-—–/]+|－+")
#: A change column's cell (+13.8%): not a count, skipped like an empty one.
_PERCENT_CELL = re.compile(r"[+\-−－]?\d+(?:\.\d+)?%")
#: Header cells for the same span one year before the column to their left.
SAME_SPAN_BEFORE = ("上年同期", "去年同期")
#: Header cells for the document's month.
THIS_MONTH = ("本月", "当月")
#: Words after a period in a header cell (1-10月累计).
_PERIOD_CELL_TAIL = re.compile(r"累计$")
#: A header cell over a change column (同比, 增幅).
CHANGE_COLUMNS = ("同比", "环比", "增幅", "增减", "增长", "变化", "同比增减", "同比增长")


@dataclass(frozen=True)
class Cell:
    """A number in a row at [start, end) of the line, and its column (0 is the first
    column after the label)."""

    column: int
    start: int
    end: int
    number: Number


@dataclass(frozen=True)
class Row:
    """A table row: the label at [label_start, label_end), its unit and its numbers."""

    label_start: int
    label_end: int
    unit: str
    columns: int
    cells: tuple[Cell, ...]


def _cells(line: str) -> list[tuple[int, int]]:
    if "|" in line or "丨" in line or "｜" in line:
        return grid_cells(line)  # 留置人数 | 9 | 6: a table copied from a web page
    spans = []
    position = 0
    for gap in _CELL_GAP.finditer(line):
        if gap.start() > position:
            spans.append((position, gap.start()))
        position = gap.end()
    if position < len(line):
        spans.append((position, len(line)))
    return spans


def _without_edge_bars(line: str) -> str:
    """The line with the bars at its two ends blanked out, its offsets unchanged."""
    return _EDGE_BARS.sub(lambda m: " " * len(m.group(0)), line)


def row(line: str, default_unit: str | None = None) -> Row | None:
    """The row that ``line`` (folded, without its line break) is, or None. A label with no
    unit of its own takes ``default_unit`` (the table's), or the unit its cells carry."""
    line = _without_edge_bars(line)
    head = _ROW_START.match(line)
    if head is not None:
        label_start, label_end = head.span("label")
        unit: str | None = (UNIT_NAMES[head.group("unit")] if head.group("unit")
                            else NOUN_UNITS[head.group("noun")])
    else:
        head = _ROW_START_BARE.match(line)
        if head is None:
            return None
        label_start, label_end = head.span("label")
        unit = default_unit
    spans = _cells(line)
    if len(spans) < 2 or spans[0] != (label_start, label_end):
        return None
    cells = []
    for column, (start, end) in enumerate(spans[1:]):
        text = line[start:end]
        if (_EMPTY_CELL.fullmatch(text) or _PERCENT_CELL.fullmatch(text)
                or _CHANGE_CELL.fullmatch(text)):
            continue
        if not _NUMBER_CELL.fullmatch(text):
            return None
        written = text.rstrip("人次名件起宗")
        if written != text:  # 21350件: the cell says its unit
            cell_unit = UNIT_NAMES[text[len(written):]]
            if unit is not None and cell_unit != unit:
                return None
            unit = cell_unit
        number = parse_number(written)
        if number is None:
            return None
        cells.append(Cell(column, start, start + len(written), number))
    if not cells or unit is None:
        return None
    return Row(label_start, label_end, unit, len(spans) - 1, tuple(cells))


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
    total = label in TOTAL_LABELS
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


def header(line: str) -> list[str] | None:
    """The period cells of a header line (folded), or None when it is not one. A last
    column may add up the others (2022年 2023年 2024年 合计)."""
    line = _without_edge_bars(line)
    spans = _cells(line)
    texts = [line[start:end] for start, end in spans]
    if texts and not _is_period(texts[0]):
        texts = texts[1:]
    periods = [_PERIOD_CELL_TAIL.sub("", text) for text in texts
               if text not in CHANGE_COLUMNS and not text.endswith("同比")]
    periods = [text for text in periods if text not in SAME_SPAN_BEFORE
               and text not in THIS_MONTH]
    periods = periods[:-1] if periods and periods[-1] in TOTAL_LABELS else periods
    if not periods or not all(_is_period(text) for text in periods):
        return None
    return texts


def _is_period(text: str) -> bool:
    match = PERIOD.fullmatch(text)
    return match is not None and match.end() > match.start()


#: Cells of a grid copied out of a page: split by a bar, a tab, or two spaces or more.
_GRID_GAP = re.compile(r"[ \t\u3000]*[|丨｜][ \t\u3000]*|\t+|[ \u3000]*\u3000[ \u3000]*|[ ]{2,}")
#: What the first column of a grid of measures may list: periods, places, or the total.
GRID_ROW_KINDS = ("年度", "年份", "年", "季度", "月份", "月", "省份", "省区", "地区", "城市",
                  "区县", "县区", "区", "县", "市", "地市", "时间", "时段", "类别", "单位类别",
                  "类型", "层级", "职级", "级别", "领域", "行业")
_GRID_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?[万亿]?(?:人次|人|件)?")


def grid_cells(line: str) -> list[tuple[int, int]]:
    """The cells of a grid line (年度 | 留置 | 移送审查起诉; 季度    留置人数; and, when no
    wider gap is used, 年度 立案（件） 留置（人）)."""
    spans = []
    position = len(line) - len(line.lstrip())
    gaps = _GRID_GAP if _GRID_GAP.search(line.strip()) else _CELL_GAP
    for gap in gaps.finditer(line, position):
        if gap.start() > position:
            spans.append((position, gap.start()))
        position = gap.end()
    if position < len(line.rstrip()):
        spans.append((position, len(line.rstrip())))
    return spans


def is_markdown_rule(line: str) -> bool:
    """|:---|---:|, the rule under a markdown table's header."""
    return "-" in line and _MARKDOWN_RULE.fullmatch(line.strip()) is not None


def grid_header(line: str) -> list[tuple[int, int]] | None:
    """The column cells of a grid whose first column lists periods or places and whose
    other columns name what they count (年度 | 留置 | 移送审查起诉), or None."""
    line = _without_edge_bars(line)
    spans = grid_cells(line)
    if len(spans) < 2 or line[spans[0][0]:spans[0][1]] not in GRID_ROW_KINDS:
        return None
    if any(_GRID_NUMBER.fullmatch(line[start:end]) for start, end in spans[1:]):
        return None
    return spans[1:]


@dataclass(frozen=True)
class GridRow:
    """A row of a grid: its label (a period, a place or 合计) and its numbers (None for an
    empty cell), each with its span in the line and the unit it carries, if any."""

    label_start: int
    label_end: int
    cells: tuple[tuple[int, int, Number | None, str | None], ...]


def grid_row(line: str) -> GridRow | None:
    """``2020 | 212 | 198``, ``一季度  131``, ``江苏    276    231``, or None."""
    line = _without_edge_bars(line)
    spans = grid_cells(line)
    if len(spans) < 2 or len(line) - len(line.lstrip()) > 12:
        return None
    label = line[spans[0][0]:spans[0][1]]
    if len(label) > 8:
        return None
    cells: list[tuple[int, int, Number | None, str | None]] = []
    for start, end in spans[1:]:
        text = line[start:end]
        if _EMPTY_CELL.fullmatch(text):
            cells.append((start, end, None, None))
            continue
        if not _GRID_NUMBER.fullmatch(text):
            return None
        written = text.rstrip("人次件")  # 63.6万件: the cell says its unit
        cells.append((start, start + len(written), parse_number(written),
                      UNIT_NAMES[text[len(written):]] if written != text else None))
    return GridRow(spans[0][0], spans[0][1], tuple(cells))


def header_above(text: str, line_start: int, fold: Callable[[str], str]) -> list[str] | None:
    """The header of the table whose row starts at ``line_start`` of ``text``: the first
    line above that is not a row, if it is a header."""
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = fold(text[start:end]).strip()
        if _MARKDOWN_RULE.fullmatch(line):
            end = start - 1  # |---|---|: the rule under a markdown header
            continue
        if row(line) is None and row(line, "persons") is None:
            return header(line)
        end = start - 1
    return None


#: The rule under the header of a markdown table.
_MARKDOWN_RULE = re.compile(r"[|｜\s:：\-—–]+")
