"""Read-only questions the web pages and the JSON API ask of the ledger, answered as plain
JSON-ready rows (dates as ISO strings), one page at a time.

Every function takes an ``Audience``. Records marked private (the registries' cases, once
they land, through a ``private`` column) are dropped for an audience that may not see
them, in the query itself, so no page, API answer, CSV file or count can carry them.
Figures, sources, captures and regions have no private rows today; ``_visible`` is the
one place a private column is honoured.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from liuzhi import regions as region_table
from liuzhi.errors import LedgerError, NotFound
from liuzhi.ledger.models import (
    AuditEvent,
    Base,
    CandidateFigure,
    Capture,
    Figure,
    Region,
    Source,
)
from liuzhi.ledger.store import Ledger


@dataclass(frozen=True)
class Audience:
    """Who is asking: ``private`` is True for reviewers and admins only."""

    private: bool = False


PUBLIC = Audience(private=False)
TEAM = Audience(private=True)

MAX_PER_PAGE = 500


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def as_json(self) -> dict[str, Any]:
        return {"ok": True, "items": self.items, "total": self.total, "page": self.page,
                "per_page": self.per_page, "pages": self.pages}


@dataclass(frozen=True)
class FigureFilter:
    """The figures table's filters; None or "" means any. ``period`` is a year: figures
    whose period overlaps it."""

    measure: str | None = None
    region: str | None = None
    period: str | None = None
    kind: str | None = None
    qualifier: str | None = None
    source: str | None = None


FIGURE_SORTS = ("id", "measure", "region_code", "period_start", "period_end", "value", "kind",
                "qualifier", "source_id")


@dataclass
class Segment:
    """A piece of a sentence; ``mark`` is "", "evidence" or "number"."""

    text: str
    mark: str = ""


@dataclass
class Evidence:
    segments: list[Segment] = field(default_factory=list)

    def as_json(self) -> list[dict[str, str]]:
        return [{"text": s.text, "mark": s.mark} for s in self.segments]


def _visible(query: Any, model: type[Base], audience: Audience) -> Any:
    """``query`` (a Select) without the private rows ``audience`` may not see."""
    if not audience.private and "private" in model.__table__.columns:
        query = query.where(model.__table__.columns["private"].is_(False))
    return query


def _paging(page: int, per_page: int) -> tuple[int, int]:
    if page < 1:
        raise LedgerError(f"page {page} does not exist: pages count from 1.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise LedgerError(f"per_page {per_page} is out of range: ask for 1 to {MAX_PER_PAGE}.")
    return page, per_page


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _row(mapping: Any) -> dict[str, Any]:
    return {key: _plain(value) for key, value in mapping.items()}


def _page(session: Session, query: Any, count: Any, page: int, per_page: int,
          total: int | None = None) -> Page:
    page, per_page = _paging(page, per_page)
    if total is None:
        total = session.scalar(count) or 0
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page))
    return Page([_row(r._mapping) for r in rows], total, page, per_page)


# ------------------------------------------------------------------------------- figures

_FIGURE_COLUMNS = [c for c in Figure.__table__.columns]


def _figure_conditions(filters: FigureFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    for name in ("measure", "kind", "qualifier"):
        value = getattr(filters, name)
        if value:
            conditions.append(Figure.__table__.columns[name] == value)
    if filters.region:
        conditions.append(Figure.region_code == filters.region)
    if filters.source:
        conditions.append(Figure.source_id == filters.source)
    if filters.period:
        if not re.fullmatch(r"\d{4}", filters.period):
            raise LedgerError(f"period {filters.period!r} is not a year; write e.g. 2023.")
        year = int(filters.period)
        conditions += [Figure.period_start <= dt.date(year, 12, 31),
                       Figure.period_end >= dt.date(year, 1, 1)]
    return conditions


def figures(ledger: Ledger, filters: FigureFilter = FigureFilter(), *, sort: str = "id",
            descending: bool = False, page: int = 1, per_page: int = 50,
            audience: Audience = PUBLIC, only: str | None = None,
            total: int | None = None) -> Page:
    """Figures with their region's names and their source's title and publisher.
    ``total``: the count of figures passing ``filters``, when the caller knows it
    (``figure_count``, kept per ledger state: counting 100,000 rows is the costly part)."""
    if sort not in FIGURE_SORTS:
        raise LedgerError(f"Cannot sort figures by {sort!r}: use one of "
                          f"{', '.join(FIGURE_SORTS)}.")
    conditions = _figure_conditions(filters)
    if only is not None:
        conditions.append(Figure.id == only)
    order = Figure.__table__.columns[sort]
    # Descending reverses the whole order, id too, so that one (column, id) index serves
    # both directions (a mixed order sorted every row of a column with few values).
    keys = (order.desc(), Figure.id.desc()) if descending else (order, Figure.id)
    query = (sa.select(*_FIGURE_COLUMNS, Region.name_en.label("region_name_en"),
                       Region.name_zh.label("region_name_zh"),
                       Source.title.label("source_title"), Source.publisher)
             .join(Region, Figure.region_code == Region.code)
             .join(Source, Figure.source_id == Source.id)
             .where(*conditions)
             .order_by(*keys))
    query, count = _visible(query, Figure, audience), _figure_count_query(conditions, audience)
    with ledger.session() as session:
        return _page(session, query, count, page, per_page, total)


def _figure_count_query(conditions: list[sa.ColumnElement[bool]], audience: Audience) -> Any:
    return _visible(sa.select(sa.func.count()).select_from(Figure).where(*conditions),
                    Figure, audience)


def figure_count(ledger: Ledger, filters: FigureFilter = FigureFilter(), *,
                 audience: Audience = PUBLIC) -> int:
    """How many figures pass ``filters`` (``figures(...).total``)."""
    with ledger.session() as session:
        return session.scalar(_figure_count_query(_figure_conditions(filters), audience)) or 0


def figure(ledger: Ledger, figure_id: str, *, audience: Audience = PUBLIC) -> dict[str, Any]:
    found = figures(ledger, FigureFilter(), page=1, per_page=1, audience=audience,
                    only=figure_id)
    if not found.items:
        raise NotFound(f"No figure has the id {figure_id!r}.")
    return found.items[0]


def figure_choices(ledger: Ledger, audience: Audience = PUBLIC) -> dict[str, list[str]]:
    """The values each figures filter can take, for the filter menus."""
    with ledger.session() as session:
        choices = {name: [v for v in session.scalars(_visible(
            sa.select(Figure.__table__.columns[name]).distinct()
            .order_by(Figure.__table__.columns[name]), Figure, audience))]
            for name in ("measure", "kind", "qualifier", "region_code")}
        years = session.execute(_visible(sa.select(sa.func.min(Figure.period_start),
                                                   sa.func.max(Figure.period_end)),
                                         Figure, audience)).one()
    low, high = years
    choices["period"] = ([str(y) for y in range(high.year, low.year - 1, -1)]
                         if low and high else [])
    return choices


# ------------------------------------------------------------------ sources and captures

_CAPTURE_COLUMNS = [c for c in Capture.__table__.columns if c.key not in ("text",
                                                                           "http_headers")]


def sources(ledger: Ledger, *, kind: str | None = None, page: int = 1, per_page: int = 50,
            audience: Audience = PUBLIC) -> Page:
    conditions = [Source.kind == kind] if kind else []
    figure_count = (sa.select(sa.func.count()).select_from(Figure)
                    .where(Figure.source_id == Source.id).scalar_subquery())
    query = _visible(sa.select(*Source.__table__.columns, figure_count.label("figures"))
                     .where(*conditions).order_by(Source.id), Source, audience)
    count = _visible(sa.select(sa.func.count()).select_from(Source).where(*conditions),
                     Source, audience)
    with ledger.session() as session:
        return _page(session, query, count, page, per_page)


def captures(ledger: Ledger, *, source: str | None = None, page: int = 1, per_page: int = 50,
             audience: Audience = PUBLIC) -> Page:
    conditions = [Capture.source_id == source] if source else []
    query = _visible(sa.select(*_CAPTURE_COLUMNS).where(*conditions).order_by(Capture.id),
                     Capture, audience)
    count = _visible(sa.select(sa.func.count()).select_from(Capture).where(*conditions),
                     Capture, audience)
    with ledger.session() as session:
        return _page(session, query, count, page, per_page)


def capture(ledger: Ledger, capture_id: int, *, audience: Audience = PUBLIC) -> dict[str, Any]:
    """One capture's metadata (not its text)."""
    with ledger.session() as session:
        row = session.execute(_visible(sa.select(*_CAPTURE_COLUMNS)
                                       .where(Capture.id == capture_id),
                                       Capture, audience)).first()
    if row is None:
        raise NotFound(f"No capture has the id {capture_id}.")
    return _row(row._mapping)


def source(ledger: Ledger, source_id: str, *, audience: Audience = PUBLIC) -> dict[str, Any]:
    """A source with its captures and its figures, each figure's evidence phrase shown in
    its sentence of the captured text."""
    with ledger.session() as session:
        row = session.execute(_visible(sa.select(*Source.__table__.columns)
                                       .where(Source.id == source_id), Source, audience)).first()
        if row is None:
            raise NotFound(f"No source has the id {source_id!r}; the sources list shows "
                           "every id.")
        found = _row(row._mapping)
        found["captures"] = [_row(r._mapping) for r in session.execute(_visible(
            sa.select(*_CAPTURE_COLUMNS).where(Capture.source_id == source_id)
            .order_by(Capture.id), Capture, audience))]
        texts = {i: text for i, text in session.execute(
            sa.select(Capture.id, Capture.text).where(Capture.source_id == source_id))}
        shown = []
        for figure in session.scalars(_visible(sa.select(Figure)
                                               .where(Figure.source_id == source_id)
                                               .order_by(Figure.id), Figure, audience)):
            record = {c.key: _plain(getattr(figure, c.key)) for c in _FIGURE_COLUMNS}
            text = texts.get(figure.capture_id, "") if figure.capture_id else ""
            record["evidence"] = figure_evidence(text, figure.locator, figure.locator_start,
                                                 figure.locator_end).as_json()
            shown.append(record)
        found["figures"] = shown
    return found


_SENTENCE_END = "。！？!?；;\n"
_CONTEXT = 160  # at most this many characters either side of the phrase


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]``, at most _CONTEXT either side."""
    left, floor = start, max(0, start - _CONTEXT)
    while left > floor and text[left - 1] not in _SENTENCE_END:
        left -= 1
    right, ceiling = end, min(len(text), end + _CONTEXT)
    if end > start and text[end - 1] in _SENTENCE_END:
        return left, end
    while right < ceiling:
        right += 1
        if text[right - 1] in _SENTENCE_END:
            break
    return left, right


def figure_evidence(text: str, locator: str, start: int | None,
                    end: int | None) -> Evidence:
    """The evidence phrase in its sentence: where the offsets point, else where the phrase
    first occurs, else the phrase alone."""
    if start is None or end is None or text[start:end] != locator or not locator:
        found = text.find(locator) if locator else -1
        if found < 0:
            return Evidence([Segment(locator, "evidence")] if locator else [])
        start, end = found, found + len(locator)
    left, right = _sentence(text, start, end)
    return Evidence([s for s in (Segment(text[left:start]), Segment(text[start:end], "evidence"),
                                 Segment(text[end:right])) if s.text])


def capture_file(ledger: Ledger, capture_id: int, *,
                 audience: Audience = PUBLIC) -> tuple[str, str, str]:
    """(store path, media type, SHA-256) of a capture's archived bytes."""
    found = capture(ledger, capture_id, audience=audience)
    return found["store_path"], found["media_type"], found["sha256"]


# ------------------------------------------------------------------------------- regions

def regions(ledger: Ledger, *, level: str | None = None, parent: str | None = None,
            page: int = 1, per_page: int = 100, audience: Audience = PUBLIC) -> Page:
    conditions = []
    if level:
        conditions.append(Region.level == level)
    if parent:
        conditions.append(Region.parent == parent)
    figure_count = (sa.select(sa.func.count()).select_from(Figure)
                    .where(Figure.region_code == Region.code).scalar_subquery())
    query = (sa.select(*Region.__table__.columns, figure_count.label("figures"))
             .where(*conditions).order_by(Region.code))
    count = sa.select(sa.func.count()).select_from(Region).where(*conditions)
    with ledger.session() as session:
        return _page(session, query, count, page, per_page)


def region(ledger: Ledger, code: str, *, audience: Audience = PUBLIC) -> dict[str, Any]:
    """A region, its parent and children, and how many figures each holds."""
    with ledger.session() as session:
        found = session.get(Region, code)
        if found is None:
            raise NotFound(f"No region has the code {code!r}; codes are GB/T 2260 (330000 "
                           "Zhejiang), 000000 for the nation.")
        record = {c.key: getattr(found, c.key) for c in Region.__table__.columns}
        record["children"] = [_row(r._mapping) for r in session.execute(
            sa.select(Region.code, Region.name_zh, Region.name_en, Region.level)
            .where(Region.parent == code).order_by(Region.code))]
        record["figures"] = session.scalar(_visible(
            sa.select(sa.func.count()).select_from(Figure).where(Figure.region_code == code),
            Figure, audience)) or 0
    return record


@dataclass
class Disclosure:
    """What one province disclosed of one measure: its newest province-wide figure, as a
    rate per 100,000 residents (2020 census), and how many figures it and its cities
    disclosed in all."""

    code: str
    name_zh: str
    name_en: str
    population: int | None
    figures: int
    latest: dict[str, Any] | None
    per_100k: float | None


def disclosure(ledger: Ledger, measure: str = "liuzhi", *,
               audience: Audience = PUBLIC) -> list[Disclosure]:
    """Each of the 31 mainland provincial units and what it disclosed of ``measure``
    (official figures only; subsets and duplicates left out of the rate)."""
    provinces = region_table.provinces()
    with ledger.session() as session:
        rows = session.execute(_visible(
            sa.select(Figure.id, Figure.region_code, Figure.value, Figure.period_start,
                      Figure.period_end, Figure.qualifier, Figure.unit, Figure.subset,
                      Figure.duplicate_of, Region.parent)
            .join(Region, Figure.region_code == Region.code)
            .where(Figure.measure == measure, Figure.kind == "official"),
            Figure, audience)).all()
    counts: dict[str, int] = {}
    latest: dict[str, Any] = {}
    for row in rows:
        province = row.region_code if row.region_code.endswith("0000") else \
            row.region_code[:2] + "0000"
        counts[province] = counts.get(province, 0) + 1
        whole = row.region_code == province and not row.subset and row.duplicate_of is None
        if whole and (province not in latest or row.period_end > latest[province].period_end):
            latest[province] = row
    shown = []
    for p in provinces:
        newest = latest.get(p.code)
        rate = (newest.value / p.population_2020 * 100_000
                if newest is not None and p.population_2020 else None)
        shown.append(Disclosure(
            p.code, p.name_zh, p.name_en, p.population_2020, counts.get(p.code, 0),
            None if newest is None else {"id": newest.id, "value": newest.value,
                                         "period_start": newest.period_start.isoformat(),
                                         "period_end": newest.period_end.isoformat(),
                                         "qualifier": newest.qualifier, "unit": newest.unit},
            None if rate is None else round(rate, 3)))
    return shown


# ---------------------------------------------------------------------------- candidates

_CANDIDATE_COLUMNS = list(CandidateFigure.__table__.columns)


def candidate_evidence(text: str, row: dict[str, Any]) -> Evidence:
    """The candidate's sentence with its evidence phrase and its number marked."""
    es, ee, ns, ne = (row["evidence_start"], row["evidence_end"], row["start"], row["end"])
    if not (0 <= es <= ns <= ne <= ee <= len(text)):
        return Evidence([Segment(row["evidence"], "evidence")])
    left, right = _sentence(text, es, ee)
    parts = [Segment(text[left:es]), Segment(text[es:ns], "evidence"),
             Segment(text[ns:ne], "number"), Segment(text[ne:ee], "evidence"),
             Segment(text[ee:right])]
    return Evidence([p for p in parts if p.text])


def candidates(ledger: Ledger, *, status: str | None = "pending", page: int = 1,
               per_page: int = 50, audience: Audience = TEAM) -> Page:
    """Extraction candidates (for reviewers), each with its sentence marked."""
    conditions = [CandidateFigure.status == status] if status else []
    query = _visible(sa.select(*_CANDIDATE_COLUMNS, Capture.source_id)
                     .join(Capture, CandidateFigure.capture_id == Capture.id)
                     .where(*conditions).order_by(CandidateFigure.id), CandidateFigure, audience)
    count = _visible(sa.select(sa.func.count()).select_from(CandidateFigure).where(*conditions),
                     CandidateFigure, audience)
    with ledger.session() as session:
        found = _page(session, query, count, page, per_page)
        ids = {item["capture_id"] for item in found.items}
        texts = {i: text for i, text in session.execute(
            sa.select(Capture.id, Capture.text).where(Capture.id.in_(ids)))}
    for item in found.items:
        item["sentence"] = candidate_evidence(texts.get(item["capture_id"], ""), item).as_json()
    return found


def candidate(ledger: Ledger, candidate_id: int, *, audience: Audience = TEAM) -> dict[str, Any]:
    with ledger.session() as session:
        row = session.execute(_visible(sa.select(*_CANDIDATE_COLUMNS, Capture.source_id,
                                                 Capture.text)
                                       .join(Capture, CandidateFigure.capture_id == Capture.id)
                                       .where(CandidateFigure.id == candidate_id),
                                       CandidateFigure, audience)).first()
    if row is None:
        raise NotFound(f"No candidate has the id {candidate_id}.")
    item = _row(row._mapping)
    text = item.pop("text")
    item["sentence"] = candidate_evidence(text, item).as_json()
    return item


# --------------------------------------------------------------------------------- audit

def audit_events(ledger: Ledger, *, entity: str | None = None, actor: str | None = None,
                 page: int = 1, per_page: int = 50) -> Page:
    """The audit log, newest first (for admins)."""
    conditions = []
    if entity:
        conditions.append(AuditEvent.entity == entity)
    if actor:
        conditions.append(AuditEvent.actor == actor)
    query = (sa.select(*AuditEvent.__table__.columns).where(*conditions)
             .order_by(AuditEvent.id.desc()))
    count = sa.select(sa.func.count()).select_from(AuditEvent).where(*conditions)
    with ledger.session() as session:
        return _page(session, query, count, page, per_page)


def audit_head(ledger: Ledger) -> str:
    """The newest audit event's hash: it changes whenever the ledger does."""
    with ledger.session() as session:
        return session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc())
                              .limit(1)) or ""
