"""Candidate figures: the extractor's output, and ``extract`` that ties the rules together.

``extract(text, document_date=..., issuer=...)`` is a pure function. It

1. skips the text unless it holds a trigger word (``measures.PREFILTER_WORDS``);
2. cuts the sentences that hold one (ending in 。！？ or a line break);
3. in each, finds counted quantities (``numerals``) and trigger phrases (``measures``);
4. gives each quantity the measure of the nearest trigger in its clause, looking left
   first (留置312人) and then right (对312人采取留置措施); a blocker there drops it;
5. a quantity without a trigger inherits the measure of the figure before it in the
   sentence when the words between say how: 其中 (a subset: 其中厅级干部12人), a
   subgroup noun after a subset (、处级干部85人), a bare continuation (、涉及1.3万人), or
   only another period, in the same unit (去年同期为341人);
6. dates it (``periods``) and places it (``places``) from the last mention before it in
   the sentence, else from the text before (a heading), else the issuer;
7. a line that is a table row (``tables``: 留置（人） 612 705) gives each number the
   measure of its label and the period of its column in the header above.

Offsets are ``str`` indices into the text passed in: ``text[c.start:c.end]`` is the number
as written and ``text[c.evidence_start:c.evidence_end] == c.evidence``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from liuzhi.extract import measures, numerals, tables
from liuzhi.extract.periods import UNKNOWN, Mention, Period, PeriodTracker
from liuzhi.extract.places import Place, PlaceTracker
from liuzhi.extract.script import fold

#: How far (characters) a trigger may sit from its number, to the left and to the right.
LEFT_REACH = 30
RIGHT_REACH = 20

_PREFILTER = re.compile("|".join(measures.PREFILTER_WORDS))
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_SCOPE_TRIM = "，,、；;：:（）() 　其中对共有为的计含包括涉及"


@dataclass
class Candidate:
    """One figure proposed for review.

    ``subset_of`` is the index, in the same result list, of the figure this one is part
    of (其中厅级干部12人 → the 312 people placed in liuzhi); ``scope`` names the subgroup.
    ``precision`` is the rounding unit of an approximate value (2.6万 → 1000).
    """

    measure: str
    value: int
    value_high: int | None
    unit: str
    qualifier: str
    precision: int | None
    region_code: str | None
    region_name: str | None
    period_start: str | None
    period_end: str | None
    subset_of: int | None
    scope: str | None
    confidence: float
    start: int
    end: int
    evidence_start: int
    evidence_end: int
    evidence: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def to_json(self) -> str:
        """One JSON object on one line, Chinese kept as written."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def to_json_lines(candidates: Iterable[Candidate]) -> str:
    """JSON lines, one candidate a line, each line ending in a newline."""
    return "".join(c.to_json() + "\n" for c in candidates)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def extract(
    text: str,
    *,
    document_date: dt.date | str | None = None,
    issuer: str | None = None,
) -> list[Candidate]:
    """Candidate figures in ``text``, in the order they appear.

    ``document_date`` (a date or ISO string) resolves 今年, 去年, 今年以来 and 一年来;
    ``issuer`` (``浙江省纪委监委``) gives the region when the text names none and says
    what 全省/全市 refer to. Without them those figures carry None for period or region.
    """
    hits = [m.start() for m in _PREFILTER.finditer(text)]
    if not hits:
        return []
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    spans: list[tuple[int, int]] = []
    for hit in hits:
        i = bisect.bisect_right(ends, hit)
        start = ends[i - 1] if i else 0
        end = ends[i] if i < len(ends) else len(text)
        if not spans or spans[-1] != (start, end):
            spans.append((start, end))
    return _Document(text, _as_date(document_date), issuer).run(spans)


def _only_a_period(folded: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """The period mention, when folded[start:end] says nothing but when: 去年同期为341人,
    2022年为612人 (the figure before, for another period); else None."""
    for m in mentions:
        if start <= m.start and m.end <= end:
            rest = folded[start:m.start] + folded[m.end:end]
            return m if measures.PERIOD_CONTINUATION.match(rest) else None
    return None


class _Document:
    """The state of one extraction: what has been read so far and what was found."""

    def __init__(self, text: str, document_date: dt.date | None, issuer: str | None) -> None:
        self.text = text
        self.periods = PeriodTracker(document_date)
        self.places = PlaceTracker(issuer)
        self.found: list[Candidate] = []
        self.read_up_to = 0
        self.previous_sentence_end = -1
        self.previous_sentence_last: int | None = None

    def run(self, spans: list[tuple[int, int]]) -> list[Candidate]:
        for start, end in spans:
            if start > self.read_up_to:
                self._read_context(self.read_up_to, start)
            self._read_sentence(start, end)
            self.read_up_to = end
        return self.found

    def _read_context(self, start: int, end: int) -> None:
        """Text without figures still says where and when (a heading, an opening line)."""
        folded = fold(self.text[start:end])
        period_mentions = self.periods.mentions(folded)
        self.periods.close_sentence(period_mentions, folded)
        self.places.close_sentence(self.places.mentions(folded))

    def _read_sentence(self, offset: int, end: int) -> None:
        raw = self.text[offset:end]
        folded = fold(raw)
        period_mentions = self.periods.mentions(folded)
        place_mentions = self.places.mentions(folded)
        row = tables.row(folded.rstrip("\r\n")) if offset == 0 or self.text[offset - 1] == "\n" else None
        if row is not None:
            self._read_row(offset, raw, folded, row, period_mentions, place_mentions)
            self.previous_sentence_last = None
        else:
            quantities = list(numerals.find_quantities(folded))
            if quantities:
                self._read_figures(offset, raw, folded, quantities, period_mentions, place_mentions)
        self.periods.close_sentence(period_mentions, folded)
        self.places.close_sentence(place_mentions)

    def _read_figures(self, offset, raw, folded, quantities, period_mentions, place_mentions):  # type: ignore[no-untyped-def]
        triggers = list(measures.find_triggers(folded))
        inside = [(q.span_start, q.span_end) for q in quantities]
        boundaries = [
            m.start() for m in measures.BOUNDARY.finditer(folded)
            if not any(s <= m.start() < e for s, e in inside)
        ]
        # The figure before, in this sentence, or the last of the sentence just before
        # when this one opens with 其中.
        previous: int | None = None
        if (self.previous_sentence_last is not None and self.previous_sentence_end == offset
                and folded.lstrip("，, 　").startswith("其中")):
            previous = self.previous_sentence_last
        previous_end = 0
        first_in_sentence = len(self.found)
        for index, q in enumerate(quantities):
            b = bisect.bisect_left(boundaries, q.span_start)
            clause_start = boundaries[b - 1] + 1 if b else 0
            clause_end = boundaries[b] if b < len(boundaries) else len(folded)
            left_limit = max(clause_start, previous_end)
            right_limit = clause_end
            if index + 1 < len(quantities):
                right_limit = min(right_limit, quantities[index + 1].span_start)
            previous_end = q.span_end

            trigger = self._trigger_left(triggers, left_limit, q.span_start)
            confidence = 0.95
            if trigger is None:
                trigger = self._trigger_right(triggers, q.span_end, right_limit)
                confidence = 0.85
            elif q.span_start - trigger.end > 8:
                confidence = 0.85
            if trigger is None and previous is None and clause_start > 0:
                trigger = self._dangling(folded, triggers, boundaries, clause_start, quantities)
                confidence = 0.75

            between_start = (self.found[previous].end - offset
                             if previous is not None and previous >= first_in_sentence else 0)
            between = folded[max(0, between_start):q.span_start]
            clause = folded[left_limit:q.span_start]
            parent: int | None = None
            aside: Mention | None = None
            measure: str | None
            if trigger is not None:
                if trigger.measure is None or any(
                    t.segment and t.start >= left_limit and t.end <= q.span_start
                    for t in triggers
                ):
                    continue
                measure = trigger.measure
                if previous is not None:
                    parent = self._parent(previous, measure, between, clause)
                evidence_start = min(trigger.start, q.span_start)
                evidence_end = max(trigger.end, q.span_end)
            else:
                if previous is None or any(
                    t.measure is None and t.start >= left_limit and t.end <= q.span_start
                    for t in triggers
                ):
                    continue
                before = self.found[previous]
                measure = before.measure
                parent = self._parent(previous, measure, between, clause)
                if parent is None and not (measures.SUBGROUP.search(clause)
                                           or measures.CONTINUATION.match(clause)):
                    if q.unit == before.unit:
                        aside = _only_a_period(folded, left_limit, q.span_start, period_mentions)
                    if aside is None:
                        continue
                confidence = 0.8 if parent is not None else 0.7
                evidence_start = left_limit
                while evidence_start < q.span_start and folded[evidence_start] in "，,、；; 　":
                    evidence_start += 1
                evidence_end = q.span_end

            period = self.periods.period_before(period_mentions, q.start, folded)
            if aside is not None:
                # 2022年为612人 dates that figure only: the clauses after it are back
                # in the sentence's own period (…，立案3.1万件 is still 2023).
                period_mentions.remove(aside)
            place = self.places.place_before(place_mentions, q.start)
            scope = None
            if parent is not None or trigger is None:
                scope = raw[left_limit:q.span_start].strip(_SCOPE_TRIM) or None
                if scope and trigger is not None:
                    scope = raw[left_limit:q.span_start].strip(_SCOPE_TRIM) or None
            period_start, period_end = period.iso()
            self.found.append(Candidate(
                measure=measure,
                value=q.value,
                value_high=q.value_high,
                unit=q.unit,
                qualifier=q.qualifier,
                precision=q.precision,
                region_code=place.code if place else None,
                region_name=place.name if place else None,
                period_start=period_start,
                period_end=period_end,
                subset_of=parent,
                scope=scope,
                confidence=confidence,
                start=offset + q.start,
                end=offset + q.end,
                evidence_start=offset + evidence_start,
                evidence_end=offset + evidence_end,
                evidence=raw[evidence_start:evidence_end],
            ))
            previous = len(self.found) - 1
        if len(self.found) > first_in_sentence:
            self.previous_sentence_last = len(self.found) - 1
            self.previous_sentence_end = offset + len(raw)

    def _read_row(self, offset: int, raw: str, folded: str, row: tables.Row,
                  period_mentions: list[Mention],
                  place_mentions: list[tuple[int, Place]]) -> None:
        """A table row: each number gets the label's measure and its column's period."""
        label = folded[row.label_start:row.label_end]
        found = list(measures.find_triggers(label))
        if not found or any(t.measure is None for t in found):
            return
        measure = found[0].measure
        assert measure is not None
        columns: list[Period] | None = None
        titles = tables.header_above(self.text, offset, fold)
        if titles is not None and len(titles) == row.columns:
            columns = []
            for title in titles:
                mentions = self.periods.mentions(title)
                columns.append(mentions[-1].period if mentions else UNKNOWN)
        elif row.columns != 1:
            return  # several numbers and no header to date them
        for cell in row.cells:
            period = (columns[cell.column] if columns is not None
                      else self.periods.period_before(period_mentions, cell.start, folded))
            place = self.places.place_before(place_mentions, cell.start)
            period_start, period_end = period.iso()
            number = cell.number
            self.found.append(Candidate(
                measure=measure,
                value=number.value,
                value_high=number.value_high,
                unit=row.unit,
                qualifier="range" if number.value_high is not None
                else "approximate" if number.precision is not None else "exact",
                precision=number.precision,
                region_code=place.code if place else None,
                region_name=place.name if place else None,
                period_start=period_start,
                period_end=period_end,
                subset_of=None,
                scope=None,
                confidence=0.8,
                start=offset + cell.start,
                end=offset + cell.end,
                evidence_start=offset + row.label_start,
                evidence_end=offset + cell.end,
                evidence=raw[row.label_start:cell.end],
            ))

    @staticmethod
    def _trigger_left(triggers, left_limit, position):  # type: ignore[no-untyped-def]
        best = None
        for t in triggers:
            if t.start >= position:
                break
            if t.start >= left_limit and t.end <= position and position - t.end <= LEFT_REACH:
                best = t
        return best

    @staticmethod
    def _dangling(folded, triggers, boundaries, clause_start, quantities):  # type: ignore[no-untyped-def]
        """A trigger in the clause before, when that clause has no number and ends so as
        to hand it on (在被留置人员中，局级干部14人)."""
        end = clause_start - 1
        if not folded[:end].endswith(measures.DANGLING_END):
            return None
        b = bisect.bisect_left(boundaries, end)
        start = boundaries[b - 1] + 1 if b else 0
        if any(start <= q.span_start < end for q in quantities):
            return None
        inside = [t for t in triggers if start <= t.start and t.end <= end]
        if not inside or any(t.measure is None for t in inside):
            return None
        return inside[-1]

    @staticmethod
    def _trigger_right(triggers, position, right_limit):  # type: ignore[no-untyped-def]
        for t in triggers:
            if t.start >= position:
                if t.start < right_limit and t.start - position <= RIGHT_REACH:
                    return t
                return None
        return None

    def _parent(self, previous: int, measure: str, between: str, clause: str) -> int | None:
        """The figure this one is a subset of, or None."""
        before = self.found[previous]
        root = before.subset_of if before.subset_of is not None else previous
        if self.found[root].measure != measure:
            return None
        if measures.SUBSET_MARK.search(between):
            return root
        if before.subset_of is not None and (
            measures.SUBGROUP.search(clause) or before.measure == measure
        ):
            return root  # the parts after 其中 run on: 其中浙江省留置…，江苏省留置…
        return None
