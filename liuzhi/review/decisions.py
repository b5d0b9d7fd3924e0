"""A reviewer's decisions: accept a candidate as a Figure (as proposed or edited), or
reject it. Each decision is written by the reviewer through the ledger's Writer, so the
audit log names who decided what and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from liuzhi.errors import LedgerError
from liuzhi.ledger import Capture, Figure, Ledger, Region, Writer
from liuzhi.ledger.importing import parse_cell
from liuzhi.ledger.models import CandidateFigure
from liuzhi.ledger.tables import FIGURES

#: Fields a reviewer may correct before accepting.
EDITABLE = ("measure", "value", "value_high", "unit", "qualifier", "precision", "region_code",
            "period_start", "period_end", "scope")


def figure_id(candidate: CandidateFigure) -> str:
    return f"F{candidate.id:06d}"


def parse_edits(pairs: list[str]) -> dict[str, Any]:
    """``["value=312", "region_code=360000"]`` → typed values, checked like an import."""
    edits: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or name not in EDITABLE:
            raise LedgerError(f"Cannot edit {pair!r}: write FIELD=VALUE with FIELD one of "
                              f"{', '.join(EDITABLE)}.")
        edits[name] = parse_cell(FIGURES, name, raw, where="edit")
    return edits


def _pending(writer: Writer, candidate_id: int) -> CandidateFigure:
    candidate = writer.session.get(CandidateFigure, candidate_id)
    if candidate is None:
        raise LedgerError(f"No candidate has the id {candidate_id}; `liuzhi review --list` "
                          "shows the pending ones.")
    if candidate.status != "pending":
        outcome = (f"accepted as figure {candidate.figure_id}" if candidate.status == "accepted"
                   else candidate.status)
        raise LedgerError(f"Candidate {candidate_id} was already {outcome} by "
                          f"{candidate.reviewer}; decisions are not changed here. Edit the "
                          "figure itself, or reject it with a new figure that revises it.")
    return candidate


def accept(ledger: Ledger, candidate_id: int, *, reviewer: str,
           edits: dict[str, Any] | None = None, as_subset_of: str | None = None,
           kind: str = "official") -> Figure:
    """Turn a candidate into a Figure linked to its capture and its place in the text."""
    with ledger.transaction(reviewer) as writer:
        candidate = _pending(writer, candidate_id)
        if edits:
            writer.update(candidate, **edits)
        if candidate.region_code is None or writer.session.get(Region,
                                                               candidate.region_code) is None:
            named = candidate.region_name or "none found in the text"
            raise LedgerError(
                f"Candidate {candidate_id} has no known region ({named}); accept it with "
                "--set region_code=CODE (see `liuzhi regions`).")
        if candidate.period_start is None or candidate.period_end is None:
            raise LedgerError(
                f"Candidate {candidate_id} has no period; accept it with --set "
                "period_start=YYYY-MM-DD --set period_end=YYYY-MM-DD.")
        parent = as_subset_of or _parent_figure(writer, candidate)
        if parent is not None and writer.session.get(Figure, parent) is None:
            raise LedgerError(f"--as-subset-of {parent}: no figure has that id.")
        capture = writer.session.get(Capture, candidate.capture_id)
        assert capture is not None  # a foreign key guarantees it
        figure = writer.add(Figure(
            id=figure_id(candidate), measure=candidate.measure, region_code=candidate.region_code,
            period_start=candidate.period_start, period_end=candidate.period_end,
            value=candidate.value, value_high=candidate.value_high,
            qualifier=candidate.qualifier, unit=candidate.unit, precision=candidate.precision,
            subset=parent is not None, subset_of=parent, scope=candidate.scope, kind=kind,
            source_id=capture.source_id, capture_id=capture.id, locator=candidate.evidence,
            locator_start=candidate.evidence_start, locator_end=candidate.evidence_end,
            review_status="accepted",
            notes=f"accepted from candidate {candidate.id} on {dt.date.today().isoformat()}"))
        writer.update(candidate, status="accepted", figure_id=figure.id, reviewer=reviewer)
        return figure


def _parent_figure(writer: Writer, candidate: CandidateFigure) -> str | None:
    """The figure the candidate's parent candidate became, if it was accepted."""
    if candidate.subset_of is None:
        return None
    parent = writer.session.get(CandidateFigure, candidate.subset_of)
    return parent.figure_id if parent is not None else None


def reject(ledger: Ledger, candidate_id: int, *, reviewer: str, note: str = "") -> None:
    with ledger.transaction(reviewer) as writer:
        candidate = _pending(writer, candidate_id)
        writer.update(candidate, status="rejected", reviewer=reviewer, note=note)
