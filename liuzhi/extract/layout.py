"""Tables read by their layout: a run of lines cut into cells, read as one grid.

A table copied or crawled from a page reaches us as lines. Its cells are parted by bars
(``|``, ``｜``, ``丨``), tabs, commas (a CSV pasted into an article), runs of spaces or
full-width spaces, sometimes with a markdown rule under the header; a crawler that
flattens an HTML table may give one cell a line. ``blocks`` finds such runs of lines;
``table`` cuts one into header rows and body rows and works out what each column and each
row says, from the words in it and not from one rule per shape:

* a *measure* (留置, 立案（件）, 移送检察机关人数), with a unit if it gives one;
* a *period* (2023年, 一季度, 1-10月累计, 上年同期, 本月);
* a *place* (杭州市) or a *total* (合计, 全年, 全省);
* a *part* of the row above or the column on the left (其中：厅局级, 其中董事长);
* or nothing to count (序号, 备注, 同比, 占比, 排名, 金额, 家数, 增加人数): skipped.

``Table.cells`` gives each value cell the one measure that governs it (its row's, its
column's, or the title's when the table names none and the column says it counts people or
cases), and ``Table.wholes`` the cells each one may be part of. Periods and places are
resolved by the extractor, which knows the text before the table; it also reads the counts
written in words into a 备注 cell (含金融领域留置37人) as parts of their row's figure.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from liuzhi.extract import measures, reflow
from liuzhi.extract.numerals import UNIT_NAMES, Number, parse_number
from liuzhi.extract.script import fold

#: The longest cell, the longest short line of a table flattened one cell a line, and the
#: longest line cut at single spaces (年份 留置 立案): longer text is prose.
MAX_CELL = 30
MAX_FLAT_CELL = 16
MAX_SPACED_LINE = 64
#: How many lines a table's header may start below the first of a run of short lines
#: (a title, a 单位 line), and how wide a table flattened one cell a line may be.
FLAT_LEAD = 6
FLAT_WIDTHS = range(2, 9)
#: A header cell this long is the table's title, cut into cells like a header.
MAX_HEADER_CELL = 20

_BAR = re.compile(r"[ \t\u3000]*[|丨｜][ \t\u3000]*")
_TAB = re.compile(r" *\t *")
_WIDE_GAP = re.compile(r"[ \u3000]*\u3000[ \u3000]*|[ ]{2,}")
_SPACE = re.compile(r" +")
_COMMA = re.compile(",")
#: A number with thousands separators (4,693; 1,234,567): its commas do not part cells.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.])")
#: What a line cut into cells has (a bar, a tab, a full-width space, two spaces).
_CELL_MARKS = ("|", "｜", "丨", "\t", "\u3000", "  ")
#: What may stand around the one cell of a line of a table flattened one cell a line.
_FLAT_EDGES = " \t\u3000|｜"
_EDGE_BARS = re.compile(r"^([ \t\u3000]*)[|｜丨]|[|｜丨]([ \t\u3000]*)$")
#: The rule under a markdown header (|:---|---:|).
_RULE = re.compile(r"[|｜\s:：\-—–]*-[|｜\s:：\-—–]*")
#: What a line of prose has and a row of cells has not.
_PROSE = re.compile(r"[。；;！？!?]|，[^，]{12}")
#: A value cell: a number with an optional qualifier and unit (约300, 300余人, 2.6万, 十二).
_VALUE = re.compile(
    r"(?P<pre>约|大约|逾|超过|近|将近|接近)?"
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?[万亿]?|[零〇一二两三四五六七八九十百千万]{1,10})"
    r"(?P<post>余|多)?(?P<unit>人次|人|名|位|件|起|宗)?(?P<after>余|多|左右)?")
_QUALIFIERS = {"约": "approximate", "大约": "approximate", "左右": "approximate",
               "逾": "more_than", "超过": "more_than", "余": "more_than", "多": "more_than",
               "近": "nearly", "将近": "nearly", "接近": "nearly"}
#: An empty cell.
_EMPTY = re.compile(r"[-—–/－]+|无|空白|暂无")
#: A cell that says a change or a share: +12, 7.8%, 上升7.8%.
_CHANGE = re.compile(r"[+\-−－]\s*[\d.,]+.*|[\d.,]+\s*%|持平"
                     r"|(?:" + measures.CHANGE.pattern + r").*\d.*")  # not the header 增幅
#: Words of a row or column that count nothing the ledger keeps (changes: measures.CHANGE).
_NOTHING = re.compile(
    r"序号|编号|备注|说明|同比|环比|增减|增长率|变化|占比|比重|比例|排名|名次|位次"
    r"|金额|万元|亿元|家数|公司数|企业数|个数|%|率|人均|平均|均值|年龄|代码|编码|号码|电话|批次"
    r"|持股|股本|市值|营业收入|营收|利润|总资产|资产总额"
    r"|[（(](?:单位[：:])?(?:处|家|个|元|万元|亿元|次|所|张|份|项|条|台|辆|间|平方米|%|卷|股|户|批|篇"
    r"|册|本|天|日|月|年|岁)[）)]")
#: Labels of the row or column that adds up the others (also the period lines' 合计：329人).
TOTAL_WORDS = ("合计", "总计", "共计", "小计", "总数", "累计", "汇总")
_WHOLE_PLACES = "全省|全市|全区|全县|全州|全国"
_TOTAL = re.compile(rf"(?:{_WHOLE_PLACES}|全部|总体)?(?:{'|'.join(TOTAL_WORDS)})"
                    rf"|{_WHOLE_PLACES}|全年")
#: A year written as a bare number (a header cell 2023, a row label 2021).
_YEAR = re.compile(r"(?:19|20)\d\d")
#: The start of a table's title (表1, 图2), which may be cut into cells like a header.
_TITLE_MARK = re.compile(r"[表图]\s?\d")
#: Headers of a first column that numbers the rows.
SERIAL_HEADS = ("序号", "编号", "排名", "名次")
#: A word of a period in a label (年, 季度, 月, a digit): a total that names one keeps it.
PERIOD_WORD = re.compile(r"[年月季\d]")
#: A row or column whose label says it is part of another (其中：厅局级, 其中董事长, 含：).
_PART_LABEL = re.compile(r"(?:其中|内含)[：:]?|含[：:]")
#: A unit stated for the whole table (单位：人); a list of units (单位：件、人) states none.
UNIT_LINE = re.compile(r"单位[：:]\s*(人次|人|件|名)(?!次|[、,，/和及]\s*(?:人次|人|件|名))")
_OWN_UNIT = re.compile(
    r"[（(](?:单位[：:])?(?P<scale>万)?(?P<unit>人次|人|件|名|起)[）)]|(?P<noun>人次|人数|件数|名)$")
#: A table said to count in ten thousands (单位：万人, 以万人计).
_IN_TEN_THOUSANDS = re.compile(r"(?:单位[：:]\s*|以)万(?:人次|人|件)")
#: Labels of a first column that lists rows (年度, 地区): a corner, not a value's label.
_CORNER = re.compile(r"指标|项目|类别|分类|年度|年份|时间|时段|季度|月份|地区|地市|单位|城市|省份"
                     r"|区县|县区|层级|级别|职级|领域|行业|类型|内容|名称|统计|[年月]")
#: A column header that says its cells count people or cases, so that a title's measure
#: may be theirs: 人数, （人）, a body that placed them (市纪委监委), a place, a period.
_COUNT_HEADER = re.compile(r"(?:人数|人次|件数|[（(](?:单位[：:])?(?:人次|人|件|名)[）)])$"
                           r"|纪委|监委|纪检监察|监察委")


@dataclass(frozen=True)
class Line:
    """One line of a block: its offset in the text and its cells as spans of the text."""

    start: int
    end: int
    cells: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Block:
    """A run of lines read as one table: [start, end) of the text, its lines in order."""

    start: int
    end: int
    lines: tuple[Line, ...]
    #: cells one a line (a flattened HTML table): the width of a row
    width: int = 0


@dataclass
class Axis:
    """What a row label or a column header says."""

    text: str = ""
    measure: str | None = None
    ambiguous: bool = False  # more than one measure, or a blocker (留置针, 留置场所)
    unit: str | None = None
    total: bool = False
    nothing: bool = False
    part: bool = False
    indent: int = 0
    same_span_before: bool = False
    #: 万 when the label counts in ten thousands (处分（万人）)
    scale: str = ""
    this_month: bool = False


@dataclass(frozen=True)
class Value:
    """A value cell: its number at [start, end) of the cell, the unit the cell carries
    (persons, cases…) if any, and its qualifier."""

    number: Number
    unit: str | None
    qualifier: str
    start: int
    end: int


@dataclass(frozen=True)
class Cell:
    """A value cell of a table and the measure that governs it: row ``row`` and column
    ``column`` of the body, the number at [start, end) of the text, the evidence (its row)
    at [line_start, line_end)."""

    row: int
    column: int
    measure: str
    unit: str
    value: Value
    start: int
    end: int
    line_start: int
    line_end: int


def value(cell: str, scale: str = "") -> Value | None:
    """A value cell's number, or None; ``scale`` (万) is the label's when it counts in ten
    thousands (59.2 under 处分（万人）)."""
    match = _VALUE.fullmatch(cell)
    if match is None or cell[0] == "0" and cell[1:2].isdigit():
        return None  # 002784: a code, not a count
    written = match.group("number")
    if scale and written[0].isdigit() and written[-1] not in "万亿":
        written += scale
    number = parse_number(written)
    if number is None:
        return None
    marks = [m for m in match.group("pre", "post", "after") if m]
    qualifier = (_QUALIFIERS[marks[0]] if marks else "range" if number.value_high is not None
                 else "approximate" if number.precision is not None else "exact")
    unit = match.group("unit")
    return Value(number, UNIT_NAMES[unit] if unit else None, qualifier,
                 *match.span("number"))


def _is_value(cell: str) -> bool:
    """A cell of numbers: a value (59.2 too, under 处分（万人）), an empty cell or a change
    (1986 too: a count of 1,986 in a value's place)."""
    return (_VALUE.fullmatch(cell) is not None or _EMPTY.fullmatch(cell) is not None
            or _CHANGE.fullmatch(cell) is not None)


def _is_label(cell: str) -> bool:
    """A header or a row label: words, or a year (2023)."""
    return bool(cell) and (not _is_value(cell) or _YEAR.fullmatch(cell) is not None)


def has_year(text: str) -> bool:
    """Whether a label names a year (2024年一季度)."""
    return _YEAR.search(text) is not None


def is_bare_year(text: str) -> bool:
    """2023 as a row label or a header cell: the year."""
    return _YEAR.fullmatch(text.strip()) is not None


# -- cutting lines into cells --------------------------------------------------------

def _without_edge_bars(line: str) -> str:
    return _EDGE_BARS.sub(lambda m: " " * len(m.group(0)), line)


def _cut(line: str, gap: re.Pattern[str], start: int, end: int,
         keep_empty: bool) -> list[tuple[int, int]]:
    spans, position = [], start
    for match in gap.finditer(line, start, end):
        if match.start() > position or keep_empty:
            spans.append((position, match.start()))
        position = match.end()
    if position < end or keep_empty:
        spans.append((position, end))
    return spans


def _split(line: str) -> list[tuple[int, int]]:
    """The cells of a line as spans of it; one cell when it is not cut into any. Between
    bars or tabs a cell may be empty; runs of spaces only align cells."""
    bare = _without_edge_bars(line)
    stripped = bare.strip()
    if not stripped:
        return []
    lead = len(bare) - len(bare.lstrip())
    end = len(bare.rstrip())
    if any(bar in stripped for bar in "|｜丨"):
        return _cut(bare, _BAR, lead, end, keep_empty=True)
    if "\t" in stripped or bare.rstrip("\r\n").endswith("\t\t") and len(stripped) <= MAX_CELL:
        # a tab that opens or ends the line leaves a cell empty (\t\t全年留置\t排名\t), and
        # a section's label row has only empty cells after it (一、按职级\t\t)
        return _cut(bare, _TAB, len(bare) - len(bare.lstrip(" \u3000")),
                    len(bare.rstrip(" \u3000")), keep_empty=True)
    if (stripped.count(",") >= 2 and '"' not in stripped and not _PROSE.search(stripped)
            and "," in _THOUSANDS.sub("", stripped)):
        return _cut(bare, _COMMA, lead, end, keep_empty=True)  # 江苏,612,+8.3%
    if _WIDE_GAP.search(stripped):
        return _letter_spaced(bare, _cut(bare, _WIDE_GAP, lead, end, keep_empty=False))
    if " " in stripped and len(stripped) <= MAX_SPACED_LINE and not _PROSE.search(stripped):
        return _cut(bare, _SPACE, lead, end, keep_empty=False)
    return [(lead, end)]


def _letter_spaced(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """项　目 and 项　　目 are one cell: two single characters spaced out to fill it."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if (merged and end - start == 1 and merged[-1][1] - merged[-1][0] == 1
                and line[merged[-1][1]:start] in ("\u3000", "\u3000\u3000")
                and not line[start].isdigit()):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _may_be_row(line: str) -> bool:
    """Whether a line may be cut into cells, checked without a regex: most lines of prose
    end a sentence or have no gap at all."""
    if "。" in line or "……" in line or "...." in line or reflow.PAGE_NUMBER.fullmatch(line):
        # a sentence, a contents line (（三）规范使用留置措施 ………… 7), a page number (— 2 —)
        return False
    return (any(mark in line for mark in _CELL_MARKS) or line.count(",") >= 2
            or " " in line and len(line) <= MAX_SPACED_LINE)


def _tabular(cells: list[tuple[int, int]], line: str) -> bool:
    return len(cells) >= 2 and all(end - start <= MAX_CELL for start, end in cells) and (
        "。" not in line)


# -- finding tables --------------------------------------------------------------------

def blocks(text: str, folded: Callable[[], str] | None = None) -> list[Block]:
    """The runs of lines of ``text`` laid out as tables, in order. Cells are cut in the
    text as written (a full-width comma parts phrases, an ASCII one CSV cells), values
    read in the text folded (``script.fold``), which ``folded`` gives when the caller
    keeps it."""
    cut, flat = _may_have_cells(text), _short_lines(text)
    if not cut and not flat:
        return []  # most texts: a few scans in C, nothing folded
    folded_text = folded() if folded is not None else fold(text)
    found = _cut_blocks(text, folded_text) if cut else []
    if flat:
        found.extend(_flat_blocks(text, folded_text))
    found.sort(key=lambda b: b.start)
    kept: list[Block] = []
    for block in found:  # a flattened table inside a cut one is the same lines
        if not kept or block.start >= kept[-1].end:
            kept.append(block)
    return kept


def _may_have_cells(text: str) -> bool:
    """Whether a text may hold a table cut into cells: a gap mark, a comma not between
    digits (1,234 is a number), or a short line with a space."""
    if any(mark in text for mark in _CELL_MARKS):
        return True
    comma = text.find(",")
    while comma >= 0:
        if not (text[comma - 1:comma].isdigit() and text[comma + 1:comma + 2].isdigit()):
            return True
        comma = text.find(",", comma + 1)
    return " " in text and any(" " in line and len(line) <= MAX_SPACED_LINE and "。" not in line
                               for line in text.split("\n"))


def _short_lines(text: str) -> bool:
    """Six short lines in a row: a table flattened one cell a line, perhaps."""
    run = 0
    for line in text.split("\n"):
        run = run + 1 if (len(line.rstrip("\r")) <= MAX_FLAT_CELL and "。" not in line
                          and "，" not in line) else 0
        if run == FLAT_LEAD:
            return True
    return False


def _lines(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each line of ``text``, without its line break (\\n or \\r\\n),
    and a last empty one at the end of the text."""
    spans, position = [], 0
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        spans.append((position, end - 1 if text[position:end].endswith("\r") else end))
        position = end + 1
    return spans + [(len(text), len(text))]


def _cut_blocks(text: str, folded: str) -> list[Block]:
    found: list[Block] = []
    run: list[Line] = []
    gap = False  # a blank line since the last row
    for start, end in _lines(text):
        line = text[start:end]
        at_end = start == len(text)
        if not at_end and run and (not line.strip() or "-" in line and _RULE.fullmatch(
                line.strip())):
            gap = gap or not line.strip()
            continue  # a blank line between rows, or |---|---|
        cells = _split(line) if not at_end and _may_be_row(line) else []
        if _tabular(cells, line) and not (
                gap and len(cells) > max(len(ln.cells) for ln in run)):
            run.append(Line(start, end, tuple((start + a, start + b) for a, b in cells)))
            gap = False
            continue
        _close_run(run, folded, found)
        # past a blank line, a row wider than any before starts another table (a headline
        # cut by a bar, a credits line, then the table)
        run = [Line(start, end, tuple((start + a, start + b) for a, b in cells))] if (
            _tabular(cells, line)) else []
        gap = False
    return found


def _close_run(run: list[Line], folded: str, found: list[Block]) -> None:
    """Keep a run of two lines or more that holds a value past its first column."""
    if len(run) >= 2 and any(_is_value(folded[a:b]) and not _YEAR.fullmatch(folded[a:b])
                             for ln in run for a, b in ln.cells[1:]):
        found.append(Block(run[0].start, run[-1].end, tuple(run)))


def _flat_blocks(text: str, folded: str) -> list[Block]:
    """Tables flattened one cell a line: a header of ``width`` cells, then rows of a
    label and ``width - 1`` values. Blank lines are empty cells, so one run of short lines
    may hold several tables."""
    short: list[tuple[int, int, str]] = []  # (line start, cell start, the cell folded)
    found = []
    for start, end in _lines(text):
        line = text[start:end]
        cell = line.strip(_FLAT_EDGES)
        at = start + len(line) - len(line.lstrip(_FLAT_EDGES))
        if start < len(text) and 0 < len(cell) <= MAX_FLAT_CELL and not _PROSE.search(
                cell) and "，" not in cell:
            short.append((start, at, folded[at:at + len(cell)]))
            continue
        if not cell and start < len(text) and short:
            short.append((start, start, ""))  # an empty cell, or the end of the table
            continue
        while len(short) >= FLAT_LEAD:
            block, used = _flat_block(short)
            if block is None:
                break
            found.append(block)
            short = short[used:]
        short = []
    return found


def _flat_block(short: list[tuple[int, int, str]]) -> tuple[Block | None, int]:
    """The longest table at the start of a run of short lines (it may start a few lines
    into the run, after a title), and how many lines of the run it takes up to its end."""
    best: tuple[int, int, int] | None = None  # (lines, first, width)
    for first in range(min(FLAT_LEAD, len(short))):
        for width in FLAT_WIDTHS:
            header = short[first:first + width]
            if len(header) < width or not all(_is_label(c) for _l, _s, c in header):
                continue
            notes = {j for j, (_l, _s, c) in enumerate(header) if _NOTHING.search(c)}
            label = 1 if header[0][2] in SERIAL_HEADS else 0  # 序号, then the label
            rows = 0
            at = first + width
            while at + width <= len(short) and _is_label(short[at + label][2]):
                cells = [c for _l, _s, c in short[at:at + width]]
                if not all(j in notes or not c or _is_value(c) for j, c in enumerate(cells)
                           if j > label) or not any(c and _is_value(c)
                                                    for c in cells[label + 1:]):
                    break
                rows += 1
                at += width
            if rows and (best is None or at - first > best[0]):
                best = (at - first, first, width)
    if best is None or best[0] < FLAT_LEAD:
        return None, 0
    count, first, width = best
    lines = tuple(Line(line, at + len(c), ((at, at + len(c)),))
                  for line, at, c in short[first:first + count])
    return Block(lines[0].start, lines[-1].end, lines, width), first + count


# -- reading a table -----------------------------------------------------------------

def axis(text: str, indent: int = 0) -> Axis:
    """What a (folded) row label or column header says."""
    kinds = {t.measure for t in measures.find_triggers(text)}
    found = Axis(text=text, indent=indent)
    found.ambiguous = None in kinds or len(kinds) > 1
    found.measure = next(iter(kinds)) if len(kinds) == 1 and None not in kinds else None
    unit = _OWN_UNIT.search(text)
    if unit:
        written = unit.group("unit") or unit.group("noun")
        found.unit = {"人数": "persons", "件数": "cases"}.get(written) or UNIT_NAMES[written]
        found.scale = unit.group("scale") or ""
    found.nothing = (_NOTHING.search(text) is not None
                     or measures.CHANGE.search(text) is not None)
    found.total = _TOTAL.search(text) is not None
    found.part = _PART_LABEL.match(text.strip()) is not None
    found.same_span_before = "同期" in text and ("上年" in text or "去年" in text)
    found.this_month = text.strip() in ("本月", "当月")
    return found


def title_measure(title: str) -> str | None:
    """The one measure a table's title names, unless it names a blocker too (留置引流) or
    counts nothing the ledger keeps (平均年龄)."""
    kinds = {t.measure for t in measures.find_triggers(title)}
    if len(kinds) != 1 or None in kinds or _NOTHING.search(title):
        return None
    return kinds.pop()


def is_corner(text: str) -> bool:
    """A header's first cell over the row labels (指标, 年度, 地区), or an empty one."""
    return not text.strip() or (_CORNER.search(text) is not None and len(text) <= 8
                                and not measures.TRIGGER.search(text)
                                and not any(c.isdigit() for c in text))  # 2023年: a period


def indent(folded: str, line_start: int, label_start: int) -> int:
    """How far a row's label is set in, in display columns (a full-width character is two):
    its leading spaces when it opens the line (or its cell), and a 其中： before it."""
    lead = folded[line_start:label_start]
    if lead.strip() in ("|", "｜", "丨"):
        lead = lead.lstrip(" \t\u3000")[1:]  # | 　其中：厅局级: set in within its cell
    if lead.strip():
        return 0
    width = sum(2 if character == "\u3000" else 1 if character == " " else 0
                for character in lead)
    part = _PART_LABEL.match(folded, label_start)
    if part:
        width += 2 * len(part.group().rstrip(":")) + (1 if part.group().endswith(":") else 0)
    return width


def unit_near(folded: str, start: int, end: int) -> tuple[str | None, str]:
    """The unit a table states for itself (单位：人) in the three lines above [start, end)
    or the two below (注：…单位：人), and 万 when it counts in ten thousands (单位：万人;
    立案以万件计，其余各项以万人计)."""
    above = start
    for _ in range(3):
        above = folded.rfind("\n", 0, max(0, above - 1)) + 1
    below = end
    for _ in range(2):
        found = folded.find("\n", below + 1)
        below = len(folded) if found < 0 else found
    near = folded[above:start] + "\n" + folded[end:below]
    said = UNIT_LINE.findall(folded[above:start]) or UNIT_LINE.findall(folded[end:below])
    scale = "万" if _IN_TEN_THOUSANDS.search(near) else ""
    return (UNIT_NAMES[said[-1]] if said and len(set(said)) == 1 else None), scale


@dataclass
class Table:
    """A block cut into rows of cells (spans of the text), with what each says.

    ``rows`` and ``columns`` describe the body's rows (by their labels, in column
    ``first``) and its columns (by the header rows over them); ``whole_column`` maps a
    其中 column to the column it is part of. ``title`` is the title when its line was cut
    into cells like a header (表1　…)."""

    body: list[list[tuple[int, int]]]
    body_lines: list[tuple[int, int]]
    heads: list[str]
    first: int
    rows: list[Axis]
    columns: list[Axis]
    whole_column: dict[int, int] = field(default_factory=dict)
    title: str = ""
    flat: bool = False

    @functools.cached_property
    def names_measure(self) -> bool:
        """Whether a row or a value column names a measure (read once, not for each cell:
        a table of thousands of rows would be read in the square of its length)."""
        return any(axis.measure for axis in self.rows + self.columns[self.first + 1:])

    def counts_for_title(self, c: int) -> bool:
        """Whether the title's measure may be column ``c``'s: the table names no measure
        of its own and the column's header says it counts people or cases, or names a
        period, a place, a body or a total (not 营业收入, 在编人数, 点击)."""
        if self.names_measure:
            return False
        head = self.heads[c]
        column = self.columns[c]
        return (not head or column.total or column.part or column.same_span_before
                or PERIOD_WORD.search(head) is not None or _COUNT_HEADER.search(head) is not None
                or head.endswith(("省", "市", "县", "区", "州", "盟", "旗")))

    def cells(self, folded: str, title: str | None, table_unit: str | None,
              table_scale: str = "") -> list[Cell]:
        """The value cells that one measure governs, in reading order; ``table_scale`` (万)
        when the table says it counts in ten thousands."""
        found = []
        for r, cells in enumerate(self.body):
            row = self.rows[r]
            line_start, line_end = self.body_lines[r]
            for c in range(self.first + 1, len(cells)):
                column = self.columns[c]
                text = folded[cells[c][0]:cells[c][1]]
                scale = row.scale or column.scale or table_scale
                read = value(text.strip(), scale) if text.strip() else None
                if read is None or row.nothing or column.nothing or (
                        row.ambiguous and column.ambiguous):
                    continue
                kinds = {m for m in (row.measure, column.measure) if m}
                if (not kinds and title and not row.ambiguous and not column.ambiguous
                        and self.counts_for_title(c)):
                    kinds = {title}
                if len(kinds) != 1:
                    continue
                measure = kinds.pop()
                at = cells[c][0] + len(text) - len(text.lstrip())
                found.append(Cell(
                    r, c, measure,
                    read.unit or row.unit or column.unit or table_unit
                    or ("cases" if measure == "cases_filed" else "persons"),
                    read, at + read.start, at + read.end,
                    line_start, cells[c][1] if self.flat else line_end))
        return found

    def wholes(self, cells: list[Cell]) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """The cells each cell may be part of, by the table's structure alone, the likeliest
        first: the cell on its left in a 其中 column; the row it is set in under (or that
        its 其中 opens); its row's total column, then its column's total row (上年同期 is
        not within 1—10月累计, but within the 合计 row's 上年同期)."""
        at = {(cell.row, cell.column) for cell in cells}
        row_totals: dict[int, list[int]] = defaultdict(list)
        column_totals: dict[int, list[int]] = defaultdict(list)
        for r, c in at:
            if self.columns[c].total:
                row_totals[r].append(c)
            if self.rows[r].total:
                column_totals[c].append(r)
        #: per column, the rows above still open as wholes, by indentation (a stack)
        open_rows: dict[int, list[tuple[int, int]]] = defaultdict(list)
        wholes: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for r, c in sorted(at):
            row, column = self.rows[r], self.columns[c]
            stack = open_rows[c]
            while stack and stack[-1][0] >= row.indent:
                stack.pop()
            above = stack[-1][1] if stack else None
            stack.append((row.indent, r))
            if (r, self.whole_column.get(c, -1)) in at:
                wholes[r, c] = [(r, self.whole_column[c])]
            elif (row.part or row.indent) and not row.total and above is not None:
                wholes[r, c] = [(above, c)]
            else:
                found = []
                if not column.total and len(row_totals[r]) == 1:
                    found.append((r, row_totals[r][0]))
                if not row.total and len(column_totals[c]) == 1:
                    found.append((column_totals[c][0], c))
                if found:
                    wholes[r, c] = found
        return wholes

    def names_period(self, r: int, c: int) -> bool:
        """Whether the total at row ``r``, column ``c`` names its period (1-9月累计, 全年);
        one that does not (合计) spans its parts'."""
        return any(axis.total and PERIOD_WORD.search(axis.text) is not None
                   for axis in (self.rows[r], self.columns[c]))

    def scope(self, r: int, c: int) -> str | None:
        """The group a cell counts, when its row or column names one that is not a
        measure, a period, a place or a total (厅局级, 国有企业, 其中董事长)."""
        for axis in (self.rows[r], self.columns[c]):
            text = _PART_LABEL.sub("", axis.text, count=1).strip()
            if (text and not measures.TRIGGER.search(text) and not axis.total
                    and not PERIOD_WORD.search(text) and not _COUNT_HEADER.search(text)
                    and not is_corner(text)
                    and not text.endswith(("省", "市", "县", "区", "州"))):
                return text
        return None


def table(block: Block, folded: str) -> Table | None:
    """The block as a table, or None when its rows cannot be lined up under a header."""
    if block.width:
        spans = [line.cells[0] for line in block.lines]
        grid = [spans[i:i + block.width] for i in range(0, len(spans), block.width)]
        lines = [(block.lines[i].start, block.lines[i + block.width - 1].end)
                 for i in range(0, len(spans), block.width)]
    else:
        grid = [list(line.cells) for line in block.lines]
        lines = [(line.start, line.end) for line in block.lines]
    header: list[list[tuple[int, int]]] = []
    body: list[list[tuple[int, int]]] = []
    body_lines: list[tuple[int, int]] = []
    for cells, span in zip(grid, lines, strict=True):
        texts = [folded[a:b].strip() for a, b in cells]
        values = [t for t in texts[1:] if t and not _is_label(t)]
        years = [t for t in texts[1:] if _YEAR.fullmatch(t)]
        # 指标 | 2023 | 2024 is a header; 立案（件） | 1986 | 2045 a row of counts
        if not body and not values and (not years or is_corner(texts[0])):
            header.append(cells)
        else:
            body.append(cells)
            body_lines.append(span)
    if not body:
        return None
    title = ""
    for k in range(len(header) - 1, -1, -1):
        if any(b - a > MAX_HEADER_CELL or _TITLE_MARK.match(folded, a) for a, b in header[k]):
            title = folded[header[0][0][0]:header[k][-1][1]]  # 表1　全省审查调查情况
            del header[:k + 1]
            break
    lengths = Counter(len(cells) for cells in body)
    # the header's width when rows that fill every column (a 备注 too) have it, else the
    # most rows'
    widest = max((len(cells) for cells in header), default=0)
    width = widest if widest in lengths else lengths.most_common(1)[0][0]
    if width < 2:
        return None
    serial = sum(1 for cells in body if folded[cells[0][0]:cells[0][1]].strip().isdigit())
    for k, cells in enumerate(body):
        # a row with cells left out: under a 序号 column, the total row has no number
        # (　　总计　386); else the empty cells are the last ones; cells past the width
        # (a note after the last column) are not the table's
        end = body_lines[k][1]
        first_cell = folded[cells[0][0]:cells[0][1]].strip()
        lead = 1 if (len(cells) < width and serial > len(body) // 2 and first_cell
                     and not first_cell.isdigit() and not _EMPTY.fullmatch(first_cell)) else 0
        body[k] = ([(cells[0][0], cells[0][0])] * lead + cells + [(end, end)] * width)[:width]
    heads = _heads(header, width, folded)
    if heads is None:
        return None
    first = _label_column(body, heads, folded)
    columns = [axis(text) for text in heads]
    rows = []
    for cells, (line_start, _end) in zip(body, body_lines, strict=True):
        label = folded[cells[first][0]:cells[first][1]].strip()
        serial_cell = folded[cells[0][0]:cells[0][1]].strip()
        if not label and first and not serial_cell.isdigit():
            label = serial_cell  # 合计| |143: the total's word in the 序号 column
        if "月" in heads[first] and label.isdigit() and 1 <= int(label) <= 12:
            label += "月"  # 月份 | 留置 / 1 | 5: the month
        rows.append(axis(label, indent(folded, line_start, cells[first][0])))
    _inherit(rows)
    found = Table(body, body_lines, heads, first, rows, columns, title=title,
                  flat=bool(block.width))
    for c, column in enumerate(columns):
        left = next((j for j in range(c - 1, first, -1) if columns[j].measure), None)
        if left is None or column.measure:
            continue
        if column.same_span_before:  # 留置人数 | 上年同期: the same count, a year before
            column.measure = columns[left].measure
        elif column.part:  # 留置人数 | 其中董事长: part of the count on its left
            column.measure = columns[left].measure
            found.whole_column[c] = left
    return found


def _heads(header: list[list[tuple[int, int]]], width: int, folded: str) -> list[str] | None:
    """The header text over each column (the label column first), the header rows joined;
    a header row with fewer cells spreads each over as many columns."""
    texts = [""] * width
    # columns of notes at the right (备注) that a spanning header above does not cover
    notes = 0
    if header:
        last = [folded[a:b].strip() for a, b in header[-1]]
        while notes < len(last) - 1 and _NOTHING.search(last[len(last) - 1 - notes]):
            notes += 1
    for cells in header:
        words = [folded[a:b].strip() for a, b in cells]
        spread = _spread([w for w in words if w], width)  # 类别\t\t2023年\t\t2024年
        if spread is None and notes:
            spread = _spread([w for w in words if w], width - notes)  # 立案 | 留置 over 备注
            spread = spread + [""] * notes if spread is not None else None
        if spread is None or len(words) == width and all(words[1:]):
            if "" in words[1:] and len(words) < width:
                # a spanning row cut short (　　｜2024年｜　｜　｜2025年｜　｜): the corner left
                # out when it opens with a period, and the cells left out at the end under
                # the last spanning cell
                if words[0] and not is_corner(words[0]):
                    words = [""] + words
                words = words + [""] * (width - len(words))
            # one word a column; empty cells after a word are under the same spanning
            # cell (序号\t设区市\t2024年\t\t2025年\t)
            spread = _spanned(words) if len(words) == width else _spread(words, width)
        if spread is None:
            return None
        texts = [f"{a}{b}" if a else b for a, b in zip(texts, spread, strict=True)]
    return texts


def _spanned(words: list[str]) -> list[str]:
    """Each empty cell after the corner under the word before it."""
    spanned, word = words[:1], ""
    for w in words[1:]:
        word = w or word
        spanned.append(word)
    return spanned


def _spread(words: list[str], width: int) -> list[str] | None:
    """A header row's words over ``width`` columns: one a column, or the corner left out,
    or each word over as many columns (2023年 over 立案 and 留置), or None."""
    if len(words) == width:
        return words
    if len(words) == width - 1:
        return [""] + words
    first = words[:1] if words and is_corner(words[0]) else []
    rest = words[len(first):]
    if not rest or (width - 1) % len(rest):
        return None
    each = (width - 1) // len(rest)
    return (first or [""]) + [w for w in rest for _ in range(each)]


def _label_column(body: list[list[tuple[int, int]]], heads: list[str], folded: str) -> int:
    """The column of the row labels: the first, or the second after a 序号 column (a
    header that numbers rows, or none over 1, 2, 3… beside labels)."""
    if len(body[0]) < 3:
        return 0
    if heads[0] in SERIAL_HEADS:
        return 1
    firsts = [folded[row[0][0]:row[0][1]].strip() for row in body]
    numbered = [text for text in firsts if text.isdigit()]
    seconds = [folded[row[1][0]:row[1][1]].strip() for row in body]
    if (not heads[0] and len(numbered) >= max(2, len(firsts) - 1)
            and numbered == [str(i + 1) for i in range(len(numbered))]
            and all(_is_label(text) for text in seconds)):
        return 1
    return 0


def _inherit(rows: list[Axis]) -> None:
    """A row set in under a row that names a measure (留置 / 　其中：厅局级干部) counts that
    measure, in its unit, unless it names one of its own."""
    for k, row in enumerate(rows):
        if row.measure or row.ambiguous or row.total or not (row.part or row.indent):
            continue
        whole = next((rows[j] for j in range(k - 1, -1, -1)
                      if rows[j].indent < row.indent and rows[j].measure), None)
        if whole is not None:
            row.measure, row.unit = whole.measure, row.unit or whole.unit
            row.scale = row.scale or whole.scale
