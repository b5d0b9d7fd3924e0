"""``liuzhi validate``: consistency checks over the whole ledger.

Each finding is a catalogued Problem (see liuzhi/problems.py), an error or a warning.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from liuzhi import vocabulary
from liuzhi.ledger import domains
from liuzhi.ledger.models import Figure, Source, to_record
from liuzhi.ledger.store import Ledger
from liuzhi.problems import Problem


def validate(ledger: Ledger) -> list[Problem]:
    with ledger.session() as session:
        figures = {f.id: f for f in session.scalars(sa.select(Figure).order_by(Figure.id))}
        sources = {s.id: s for s in session.scalars(sa.select(Source))}
        return _check(figures, sources)


def _check(figures: dict[str, Figure], sources: dict[str, Source]) -> list[Problem]:
    problems: list[Problem] = []
    same: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for figure in figures.values():
        where = f"figure {figure.id}"
        if figure.period_start > figure.period_end:
            problems.append(Problem("period-order", file=where, column="period_start",
                                    value=figure.period_start, detail=str(figure.period_end)))
        for column, terms in (("measure", vocabulary.MEASURES), ("unit", vocabulary.UNITS),
                              ("qualifier", vocabulary.QUALIFIERS),
                              ("kind", vocabulary.KINDS)):
            if getattr(figure, column) not in terms:
                problems.append(Problem("unknown-term", file=where, column=column,
                                        value=getattr(figure, column),
                                        detail=", ".join(terms)))
        problems.extend(domains.figure_problems(to_record(figure), file=where))
        if figure.value_high is not None and figure.value_high < figure.value:
            problems.append(Problem("range-order", file=where, column="value_high",
                                    value=figure.value, detail=str(figure.value_high)))
        parent = figures.get(figure.subset_of or "")
        if parent is not None:
            if (parent.measure, parent.unit) != (figure.measure, figure.unit):
                problems.append(Problem("subset-mismatch", file=where, column="subset_of",
                                        detail=parent.id))
            elif figure.value > (parent.value_high or parent.value):
                problems.append(Problem("subset-larger", file=where, column="value",
                                        value=_number(figure.value),
                                        detail=f"{parent.id} ({_number(parent.value)})"))
        original = figures.get(figure.duplicate_of or "")
        if original is not None and _identity(original) != _identity(figure):
            problems.append(Problem("duplicate-mismatch", file=where, column="duplicate_of",
                                    detail=original.id))
        source = sources.get(figure.source_id)
        if figure.kind == "ngo_estimate" and source is not None and not _is_ngo(source):
            problems.append(Problem("kind-source-mismatch", file=where, column="kind",
                                    detail=source.issuing_body))
        if not figure.duplicate_of:
            same[_identity(figure)].append(figure.id)
    for ids in same.values():
        for other in ids[1:]:
            problems.append(Problem("possible-duplicate", file=f"figure {other}",
                                    detail=ids[0]))
    return problems


def _identity(figure: Figure) -> tuple[object, ...]:
    return (figure.measure, figure.region_code, figure.period_start, figure.period_end,
            figure.value, figure.value_high, figure.unit, figure.subset)


def _is_ngo(source: Source) -> bool:
    return source.kind == "ngo_report" or "Safeguard Defenders" in source.issuing_body


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"
