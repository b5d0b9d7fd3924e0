"""Tables read by their layout: a run of lines cut into cells, read as one grid.

A table copied or crawled from a page reaches us as lines. Its cells are split by bars
(``|``, ``｜``, ``丨``), tabs, runs of spaces or full-width spaces, sometimes with a markdown
rule under the header; a crawler that flattens an HTML table may give one cell a line.
``blocks`` finds such runs of lines (a *block*: header rows, then rows of a label and
values). ``Block.read`` then works out what each column and each row says, from the words
in it and not from one rule per shape:

* a *measure* (留置, 立案（件）, 移送检察机关人数), with a unit if it gives one;
* a *period* (2023年, 一季度, 1-10月累计, 上年同期, 本月), resolved against the title's;
* a *place* (杭州市) or a *total* (合计, 全年, 全省);
* or nothing to count (序号, 备注, 同比, 占比, 排名, 金额, 家数): its cells are skipped.

Each value cell becomes a figure when exactly one measure governs it (its row's, its
column's, or the title's) and a unit can be told (the cell's, the row's or column's, a
单位 line, else the measure's own). A total row or column is the whole of the cells it adds
up; rows labelled 其中 or indented under a row are parts of that row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from liuzhi.extract import measures
from liuzhi.extract.numerals import UNIT_NAMES, Number, parse_number
from liuzhi.extract.script import fold

#: Cells of a line: split by a bar, a tab, a full-width space, or two spaces or more.
_STRONG_GAP = re.compile(r"[ \t\u3000]*[|丨｜][ \t\u3000]*|[ \t]*\t[ \t]*"
                         r"|[ \u3000]*\u3000[ \u3000]*|[ ]{2,}")
_SPACE = re.compile(r" +")
#: A number with a thousands separator (4,693): its comma does not part cells.
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
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
#: A cell that says a change or a share: 同比 columns, percentages, +12, 上升7.8%.
_CHANGE = re.compile(r"[+\-−－]\s*[\d.,]+.*|[\d.,]+\s*%|(?:上升|下降|增加|减少|增长|提高|降低)"
                     r".*|持平")
#: Words of a row or column that count nothing the ledger keeps.
_NOTHING = re.compile(
    r"序号|编号|备注|说明|同比|环比|增幅|降幅|增减|增长率|变化|占比|比重|比例|排名|名次|位次"
    r"|金额|万元|亿元|家数|公司数|企业数|个数|%|率|人均|平均|均值|代码|编码|号码|电话|批次"
    r"|[（(](?:单位[：:])?(?:处|家|个|元|万元|亿元|次|所|张|份|项|条|台|辆|间|平方米|%|卷|股|户|批|篇"
    r"|册|本|天|日|月|年|岁)[）)]")
#: Labels of a row or column that adds up the others.
_TOTAL = re.compile(r"(?:全省|全市|全区|全县|全州|全国|全部|总体)?"
                    r"(?:合计|总计|共计|小计|总数|累计|汇总)|全省|全市|全区|全县|全州|全国|全年")
#: A bare year written as a number (a header cell 2023).
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")
#: The start of a table's title (表1, 图2), which may be cut into cells like a header.
_TITLE_MARK = re.compile(r"[表图]\s?\d")
#: Headers of a first column that numbers the rows.
SERIAL_HEADS = ("序号", "编号", "排名", "名次")
#: A word of a period in a label (年, 季度, 月, a digit): a total that names one keeps it.
PERIOD_WORD = re.compile(r"[年月季\d]")
#: A row whose label says it is part of the row above (其中：厅局级).
_PART_LABEL = re.compile(r"(?:其中|内含|含)[：:]?")
#: A unit stated for the whole table (单位：人; （单位：件、人）).
UNIT_LINE = re.compile(r"单位[：:]\s*(人次|人|件|名)(?!次|[、,，/和及]\s*(?:人次|人|件|名))")
_OWN_UNIT = re.compile(
    r"[（(](?:单位[：:])?(?P<scale>万)?(?P<unit>人次|人|件|名|起)[）)]|(?P<noun>人次|人数|件数|名)$")
#: Labels of a first column that lists rows (年度, 地区): a corner, not a value's label.
_CORNER = re.compile(r"指标|项目|类别|分类|年度|年份|时间|时段|季度|月份|地区|地市|单位|城市|省份"
                     r"|区县|县区|层级|级别|职级|领域|行业|类型|内容|名称|统计|[年月]")


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
    has_year: bool = False
    same_span_before: bool = False
    #: 万 when the label counts in ten thousands (处分（万人）)
    scale: str = ""
    this_month: bool = False


def _without_edge_bars(line: str) -> str:
    return _EDGE_BARS.sub(lambda m: " " * len(m.group(0)), line)


def _split(line: str) -> list[tuple[int, int]]:
    """The cells of a line as spans of it; one cell when it is not cut into any."""
    bare = _without_edge_bars(line)
    stripped = bare.strip()
    if not stripped:
        return []
    lead = len(bare) - len(bare.lstrip())
    if "," in stripped and stripped.count(",") >= 2 and not _THOUSANDS.search(stripped) and (
            not _PROSE.search(stripped) and "，" not in stripped):
        return _csv(bare, lead)  # 江苏,612,+8.3%: a CSV pasted into the page
    gap = _STRONG_GAP if _STRONG_GAP.search(stripped) else None
    if gap is None and " " in stripped and len(stripped) <= 60 and not _PROSE.search(stripped):
        gap = _SPACE  # 年份 留置 立案: single spaces, in a short line with no sentence in it
    if gap is None:
        return [(lead, lead + len(stripped))]
    spans = []
    position = lead
    end = len(bare.rstrip())
    for match in gap.finditer(bare, lead, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    return _letter_spaced(bare, spans)


def _csv(line: str, lead: int) -> list[tuple[int, int]]:
    spans, position = [], lead
    end = len(line.rstrip())
    for comma in re.finditer(",", line[:end]):
        if comma.start() >= lead:
            spans.append((position, comma.start()))
            position = comma.end()
    spans.append((position, end))
    return spans


def _letter_spaced(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """项　目 is one cell: two single characters a full-width space apart."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if (merged and end - start == 1 and merged[-1][1] - merged[-1][0] == 1
                and line[merged[-1][1]:start] == "\u3000" and not line[start].isdigit()):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class Value:
    """A value cell: its number at [start, end) of the cell, the unit the cell carries
    (persons, cases…) if any, and its qualifier."""

    number: Number
    unit: str | None
    qualifier: str
    start: int
    end: int


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
    """A cell of numbers: a value, an empty cell or a change (1986 too: a count of 1,986
    in a value's place)."""
    return (value(cell) is not None or _EMPTY.fullmatch(cell) is not None
            or _CHANGE.fullmatch(cell) is not None)


def _is_label(cell: str) -> bool:
    """A header or a row label: words, or a year (2023)."""
    return bool(cell) and (not _is_value(cell) or _BARE_YEAR.fullmatch(cell) is not None)


def _tabular(cells: list[tuple[int, int]], line: str) -> bool:
    return len(cells) >= 2 and all(end - start <= 30 for start, end in cells) and (
        "。" not in line)


def blocks(text: str) -> list[Block]:
    """The runs of lines of ``text`` laid out as tables, in order. Cells are cut in the
    text as written (a full-width comma parts phrases, an ASCII one CSV cells), values
    read in the text folded (``script.fold``)."""
    cut, flat = _may_have_cells(text), _short_lines(text)
    if not cut and not flat:
        return []  # most texts: two scans in C, nothing folded
    folded = fold(text)
    found = _cut_blocks(text, folded) if cut else []
    if flat:
        found.extend(_flat_blocks(text, folded))
    found.sort(key=lambda b: b.start)
    kept: list[Block] = []
    for block in found:  # a flattened table inside a cut one is the same lines
        if not kept or block.start >= kept[-1].end:
            kept.append(block)
    return kept


def _lines(folded: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    while position < len(folded):
        end = folded.find("\n", position)
        end = len(folded) if end < 0 else end
        spans.append((position, end))
        position = end + 1
    return spans


#: What a line cut into cells has (a bar, a tab, a full-width space, two spaces, a comma).
_CELL_MARKS = ("|", "｜", "丨", "\t", "\u3000", "  ", ",")
#: A text with any of them, or a short line with a space (年份 留置 立案), may hold a table
#: cut into cells; a comma between digits (1,234) is a number's.
def _may_have_cells(text: str) -> bool:
    """Whether a text may hold a table cut into cells: a bar, a tab, a full-width space or
    two spaces; a comma not between digits (1,234 is a number); a short line with a space
    (年份 留置 立案)."""
    if any(mark in text for mark in ("|", "｜", "丨", "\t", "\u3000", "  ")):
        return True
    comma = text.find(",")
    while comma >= 0:
        if not (text[comma - 1:comma].isdigit() and text[comma + 1:comma + 2].isdigit()):
            return True
        comma = text.find(",", comma + 1)
    return " " in text and any(" " in line and len(line) <= 64 and "。" not in line
                               for line in text.split("\n"))


def _short_lines(text: str) -> bool:
    """Six short lines in a row: a table flattened one cell a line, perhaps."""
    run = 0
    for line in text.split("\n"):
        run = run + 1 if len(line) <= 16 and "。" not in line and "，" not in line else 0
        if run == 6:
            return True
    return False


def _may_be_row(line: str) -> bool:
    """Whether a line may be cut into cells, checked without a regex: most lines of prose
    end a sentence or have no gap at all."""
    if "。" in line:
        return False
    return any(mark in line for mark in _CELL_MARKS) or " " in line and len(line) <= 64


def _cut_blocks(text: str, folded: str) -> list[Block]:
    found = []
    run: list[Line] = []
    for start, end in _lines(text) + [(len(text), len(text))]:
        line = text[start:end]
        if not line.strip() and run and start < len(folded):
            continue  # a blank line between rows
        if run and _RULE.fullmatch(line.strip()) and "-" in line:
            continue  # |---|---|
        cells = _split(line) if start < len(folded) and _may_be_row(line) else []
        if _tabular(cells, line):
            run.append(Line(start, end, tuple((start + a, start + b) for a, b in cells)))
            continue
        if len(run) >= 2 and any(_is_value(folded[a:b]) and not _BARE_YEAR.fullmatch(folded[a:b])
                                 for ln in run for a, b in ln.cells[1:]):
            found.append(Block(run[0].start, run[-1].end, tuple(run)))
        run = []
    return found


def _flat_blocks(text: str, folded: str) -> list[Block]:
    """Tables flattened one cell a line: a header of ``width`` cells, then rows of a
    label and ``width - 1`` values."""
    short: list[tuple[int, int, str]] = []
    found = []
    for start, end in _lines(text) + [(len(text), len(text))]:
        cell = text[start:end].strip(" \t\u3000|｜")
        if start < len(text) and (0 < len(cell) <= 16 and not _PROSE.search(cell)
                                  and "，" not in cell):
            short.append((start, end, folded[start:end].strip(" \t\u3000|｜")))
            continue
        if not cell and start < len(folded) and short:
            short.append((start, end, ""))  # an empty cell, or the end of the table
            continue
        if len(short) >= 6:
            block = _flat_block(folded, short)
            if block is not None:
                found.append(block)
        short = []
    return found


def _flat_block(folded: str, short: list[tuple[int, int, str]]) -> Block | None:
    """The longest table in a run of short lines: it may start a few lines into the run
    (after a title) and end before the run does (a source line)."""
    best: tuple[int, int, int] | None = None  # (lines, first, width)
    for first in range(min(6, len(short))):
        for width in range(2, 9):
            header = short[first:first + width]
            if len(header) < width or not all(_is_label(c) for _s, _e, c in header):
                continue
            notes = {j for j, (_s, _e, c) in enumerate(header) if _NOTHING.search(c)}
            label = 1 if header[0][2] in SERIAL_HEADS else 0  # 序号, then the label
            rows = 0
            at = first + width
            while at + width <= len(short) and _is_label(short[at + label][2]):
                cells = [c for _s, _e, c in short[at:at + width]]
                if not all(j in notes or not c or _is_value(c) for j, c in enumerate(cells)
                           if j > label) or not any(c and _is_value(c)
                                                    for c in cells[label + 1:]):
                    break
                rows += 1
                at += width
            if rows and (best is None or at - first > best[0]):
                best = (at - first, first, width)
    if best is None or best[0] < 6:
        return None
    count, first, width = best
    lines = []
    for s, e, c in short[first:first + count]:
        at = s + folded[s:e].find(c) if c else s
        lines.append(Line(s, e, ((at, at + len(c)),)))
    return Block(lines[0].start, lines[-1].end, tuple(lines), width)


@dataclass
class Grid:
    """A block cut into header rows and body rows of cells (spans of the text)."""

    header: list[list[tuple[int, int]]] = field(default_factory=list)
    body: list[list[tuple[int, int]]] = field(default_factory=list)
    #: for each body row, the offset and end of its line
    body_lines: list[tuple[int, int]] = field(default_factory=list)
    #: the table's title, when its line was cut into cells like a header (表1　…)
    title: str = ""


def grid(block: Block, folded: str) -> Grid | None:
    """The block as header rows and body rows of the same width, or None."""
    if block.width:
        cells = [line.cells[0] for line in block.lines]
        rows = [cells[i:i + block.width] for i in range(0, len(cells), block.width)]
        lines = [(block.lines[i].start, block.lines[i + block.width - 1].end)
                 for i in range(0, len(cells), block.width)]
    else:
        rows = [list(line.cells) for line in block.lines]
        lines = [(line.start, line.end) for line in block.lines]
    result = Grid()
    for cells, span in zip(rows, lines, strict=True):
        has_value = any(_VALUE.fullmatch(folded[a:b].strip())
                        and not _BARE_YEAR.fullmatch(folded[a:b].strip()) for a, b in cells[1:])
        if not has_value and not result.body:
            result.header.append(cells)
        elif has_value:
            result.body.append(cells)
            result.body_lines.append(span)
    if not result.body:
        return None
    for k in range(len(result.header) - 1, -1, -1):
        if any(b - a > 20 or _TITLE_MARK.match(folded, a) for a, b in result.header[k]):
            # 表1 全省审查调查情况: the title, not a header
            result.title = folded[result.header[0][0][0]:result.header[k][-1][1]]
            del result.header[:k + 1]
            break
    width = max(len(cells) for cells in result.body)
    if width < 2:
        return None
    serial = sum(1 for cells in result.body if folded[cells[0][0]:cells[0][1]].isdigit())
    for k, cells in enumerate(result.body):
        # a row with cells left out: under a 序号 column, the total row has no number
        # (　　总计　386); else the empty cells are the last ones
        if len(cells) < width:
            end = result.body_lines[k][1]
            first = folded[cells[0][0]:cells[0][1]]
            lead = 1 if serial > len(result.body) // 2 and not first.isdigit() else 0
            result.body[k] = ([(cells[0][0], cells[0][0])] * lead + cells
                              + [(end, end)] * (width - len(cells) - lead))
    return result


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
    found.nothing = _NOTHING.search(text) is not None
    found.total = _TOTAL.search(text) is not None
    found.part = _PART_LABEL.match(text.strip()) is not None
    found.has_year = re.search(r"(?:19|20)\d\d", text) is not None
    found.same_span_before = "同期" in text and ("上年" in text or "去年" in text)
    found.this_month = text.strip() in ("本月", "当月")
    return found


def is_corner(text: str) -> bool:
    """A header's first cell over the row labels (指标, 年度, 地区), or an empty one."""
    return not text.strip() or (_CORNER.search(text) is not None and len(text) <= 8
                                and not measures.TRIGGER.search(text)
                                and not any(c.isdigit() for c in text))  # 2023年: a period


def columns(grid_: Grid, folded: str) -> list[str] | None:
    """The header text over each column of the body (the label column first), the header
    rows joined; a header row with fewer cells spreads each over as many columns."""
    width = len(grid_.body[0])
    texts = [""] * width
    for cells in grid_.header:
        words = [folded[a:b].strip() for a, b in cells]
        if len(words) == width:
            spread = words
        elif len(words) == width - 1:
            spread = [""] + words
        else:
            first = words[:1] if words and is_corner(words[0]) else []
            rest = words[len(first):]
            if not rest or (width - 1) % len(rest):
                return None
            each = (width - 1) // len(rest)
            spread = (first or [""]) + [w for w in rest for _ in range(each)]
        texts = [f"{a}{b}" if a else b for a, b in zip(texts, spread, strict=True)]
    return texts


def label_column(grid_: Grid, heads: list[str], folded: str) -> int:
    """The column of the row labels: the first, or the second after a 序号 column."""
    firsts = [folded[row[0][0]:row[0][1]].strip() for row in grid_.body]
    numbered = [text for text in firsts if text.isdigit()]
    if heads[0] in SERIAL_HEADS or len(grid_.body[0]) > 2 and numbered == [
            str(i + 1) for i in range(len(firsts))]:
        return 1
    return 0


def unit_near(folded: str, start: int, end: int) -> str | None:
    """The unit a table states for itself (单位：人) in the three lines above [start, end)
    or the two below (注：…单位：人)."""
    above = start
    for _ in range(3):
        above = folded.rfind("\n", 0, max(0, above - 1)) + 1
    below = end
    for _ in range(2):
        found = folded.find("\n", below + 1)
        below = len(folded) if found < 0 else found
    said = UNIT_LINE.findall(folded[above:start]) or UNIT_LINE.findall(folded[end:below])
    return UNIT_NAMES[said[-1]] if said and len(set(said)) == 1 else None


def is_bare_year(text: str) -> bool:
    """2023 as a row label or a header cell: the year."""
    return _BARE_YEAR.fullmatch(text.strip()) is not None


def indent(folded: str, line_start: int, label_start: int) -> int:
    """How far a row's label is set in, in display columns (a full-width character is two):
    its leading spaces when it opens the line, and a 其中： before it. 0 for a label after
    other cells or bars."""
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


def inherit(rows: list[Axis]) -> None:
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
