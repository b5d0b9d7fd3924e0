"""Text pulled out of a PDF or a scanned page, read as the paragraphs it was set from.

A work report or a yearbook reaches us from a PDF with a line break every 20 to 40
characters, wherever the page ran out (…从留置对象层级\\n看，厅级干部29人), and with the page's
furniture between its lines: running headers, page numbers (— 3 —, 第2页 共5页) and the
contents' leader lines (（三）规范使用留置措施 ………… 7). Read line by line, a sentence
broken so loses the trigger before its count, and a page number reads as a count.

``reflow`` joins a line to the next when the first runs to the end of its line without
ending a sentence and the next goes on with text (not a heading, a list item, a speaker or
a table row), and drops the page furniture. It returns the text so joined and a map back to
the text as written, so that every figure keeps the offsets of its own words.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

#: A line broken where the page ran out: a long line of prose (no gap between cells) that
#: ends in a character or a comma, not a sentence, and the next line starts with text.
#: Three of them make a text wrapped.
_WRAP = re.compile(r"(?m)^[^\n\t|｜ 　]{14,}[\u4e00-\u9fff，、,]\n"
                   r"(?=[\u4e00-\u9fff\uff10-\uff19\d“「（(])")
WRAPPED_LINES = 3
#: What ends a sentence, a heading or a label at the end of a line: no join after it.
_ENDS = "。！？!?；;：:」”’）)】"
#: What opens a new paragraph, heading or turn: no join before it.
_OPENS = re.compile(
    r"[\s　]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\(\d+\)|\d+[.、．]"
    r"|第[一二三四五六七八九十\d]+[章节条部分]|问[：:]|答[：:]|【|注[：:]|附[表件]|表\d|图\d"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]|[-—•·])")
#: Page furniture: page numbers (— 3 —, - 3 -, 第2页 共5页) and contents' leader lines; a
#: bare number is left alone (it may be a cell of a table set one cell a line).
PAGE_NUMBER = re.compile(
    r"[\s　]*(?:[-—–－]+\s*[\dⅠ-Ⅻivxlc一二三四五六七八九十]+\s*[-—–－]+"
    r"|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?)[\s　]*")
_LEADERS = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|．{4,})\s*\d{1,3}[\s　]*$")
#: A line that is a row of a table: its cells stay on their own lines (a comma not in a
#: number parts the cells of a CSV).
_CELLS = re.compile(r"\t|[|｜]| {2,}|　{2,}|,(?!\d{3})")
#: Lines shorter than this do not run to the end of a page's line: a heading, a signature.
SHORT_LINE = 12
#: A line of this many characters or more, up to the longer, that comes back three times
#: or more is a running header.
RUNNING_HEADER = (6, 30)


@dataclass(frozen=True)
class Reflowed:
    """The text joined, and where each of its stretches starts in the text as written."""

    text: str
    #: positions in ``text``, ascending, and how many characters of the text as written
    #: were dropped before each
    starts: tuple[int, ...]
    dropped: tuple[int, ...]

    def original(self, position: int) -> int:
        """The offset in the text as written of ``position`` in the joined text."""
        k = bisect.bisect_right(self.starts, position) - 1
        return position + (self.dropped[k] if k >= 0 else 0)

    def original_end(self, end: int) -> int:
        """The offset in the text as written of the end (exclusive) ``end``."""
        return self.original(end - 1) + 1 if end > 0 else 0


def is_wrapped(text: str) -> bool:
    """Whether the text was broken into lines where a page ran out (one scan in C for
    most texts, which have a handful of line breaks, each after a sentence)."""
    if text.count("\n") < WRAPPED_LINES:
        return False
    wrapped = (m for m in _WRAP.finditer(text) if not _CELLS.search(m.group()))
    return sum(1 for _ in zip(range(WRAPPED_LINES), wrapped)) == WRAPPED_LINES


def reflow(text: str) -> Reflowed:
    """The text with its wrapped lines joined and its page furniture dropped."""
    lines = text.split("\n")
    counts = Counter(line.strip() for line in lines)
    parts: list[str] = []
    shifts: list[tuple[int, int]] = []
    dropped = 0
    written = 0  # length of the joined text so far
    previous: int | None = None  # the last line kept
    for k, line in enumerate(lines):
        if _is_furniture(line, counts):
            dropped += len(line) + (1 if k + 1 < len(lines) else 0)
            shifts.append((written, dropped))
            continue
        if previous is not None:
            if _joins(lines[previous], line):  # furniture between them, if any, is gone
                dropped += 1  # the line break itself
                shifts.append((written, dropped))
            else:
                parts.append("\n")
                written += 1
        parts.append(line)
        written += len(line)
        previous = k
    merged = _merged(shifts)
    return Reflowed("".join(parts), tuple(p for p, _ in merged), tuple(d for _, d in merged))


def _is_furniture(line: str, counts: Counter[str]) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if PAGE_NUMBER.fullmatch(stripped) or _LEADERS.search(stripped):
        return True
    return (counts[stripped] >= 3 and RUNNING_HEADER[0] <= len(stripped) <= RUNNING_HEADER[1]
            and not _CELLS.search(stripped))


def _joins(first: str, second: str) -> bool:
    """The first line ran out mid-sentence and the second goes on with it."""
    head, tail = first.rstrip(), second.strip()
    if len(head.strip()) < SHORT_LINE or not tail or head.endswith(tuple(_ENDS)):
        return False
    if _CELLS.search(head.strip()) or _CELLS.search(tail) or _OPENS.match(second):
        return False
    return True


def _merged(shifts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One shift a position: the last, which counts everything dropped before it."""
    kept: list[tuple[int, int]] = []
    for position, dropped in shifts:
        if kept and kept[-1][0] == position:
            kept[-1] = (position, dropped)
        else:
            kept.append((position, dropped))
    return kept
