"""The terminal side of review: each candidate in its sentence, the number highlighted.

Text from documents goes into rich ``Text`` objects, never into markup, so brackets or
control sequences in a source cannot style or hide anything on the reviewer's screen.
"""

from __future__ import annotations

import sqlalchemy as sa
from rich.console import Console
from rich.prompt import Prompt
from rich.table import Table
from rich.text import Text

from liuzhi.errors import LiuzhiError
from liuzhi.ledger import Capture, Ledger
from liuzhi.ledger.models import CandidateFigure
from liuzhi.review import decisions, queue

CONTEXT = 60  # characters shown on either side of the evidence


def _printable(text: str) -> str:
    """Control characters (ANSI escapes included) shown as spaces."""
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


def in_context(capture_text: str, candidate: CandidateFigure) -> Text:
    start = max(0, candidate.evidence_start - CONTEXT)
    end = min(len(capture_text), candidate.evidence_end + CONTEXT)
    shown = Text(_printable(capture_text[start:end]).replace("\n", " "))
    shown.stylize("underline", candidate.evidence_start - start, candidate.evidence_end - start)
    shown.stylize("bold black on yellow", candidate.start - start, candidate.end - start)
    return shown


def describe(candidate: CandidateFigure) -> Text:
    value = f"{candidate.value:,.0f}"
    if candidate.value_high is not None:
        value += f"–{candidate.value_high:,.0f}"
    parts = [f"#{candidate.id}", candidate.measure, value, candidate.unit, candidate.qualifier,
             candidate.region_code or f"region? {candidate.region_name or ''}".strip(),
             f"{candidate.period_start or '?'} – {candidate.period_end or '?'}"]
    if candidate.subset_of:
        parts.append(f"subset of #{candidate.subset_of}")
    if candidate.scope:
        parts.append(f"scope: {candidate.scope}")
    parts.append(f"confidence {candidate.confidence:.2f}")
    if candidate.reason:
        parts.append(f"({candidate.reason})")
    return Text("  ".join(_printable(p) for p in parts))


def list_pending(ledger: Ledger, console: Console) -> None:
    table = Table("id", "capture", "measure", "value", "unit", "region", "period", "conf.",
                  "evidence")
    for c in queue.pending(ledger):
        table.add_row(str(c.id), str(c.capture_id), c.measure, f"{c.value:,.0f}", c.unit,
                      c.region_code or "?", f"{c.period_start or '?'}–{c.period_end or '?'}",
                      f"{c.confidence:.2f}", Text(_printable(c.evidence)))
    console.print(table)


def interactive(ledger: Ledger, *, reviewer: str, console: Console) -> None:
    """Walk the pending candidates: [a]ccept, [e]dit then accept, [r]eject, [s]kip, [q]uit."""
    waiting = queue.pending(ledger)
    if not waiting:
        console.print("No candidates are waiting for review.")
        return
    with ledger.session() as session:
        rows = session.execute(sa.select(Capture.id, Capture.text).where(
            Capture.id.in_({c.capture_id for c in waiting})))
        texts = {capture_id: text for capture_id, text in rows}
    decided = 0
    for candidate in waiting:
        console.rule(f"capture {candidate.capture_id}")
        console.print(in_context(texts[candidate.capture_id], candidate))
        console.print(describe(candidate))
        choice = Prompt.ask("[a]ccept  [e]dit  [r]eject  [s]kip  [q]uit",
                            choices=["a", "e", "r", "s", "q"], default="s", console=console)
        if choice == "q":
            break
        if choice == "s":
            continue
        try:
            if choice == "r":
                decisions.reject(ledger, candidate.id, reviewer=reviewer,
                                 note=Prompt.ask("Why (optional)", default="", console=console))
            else:
                edits = []
                if choice == "e":
                    console.print(f"Fields: {', '.join(decisions.EDITABLE)}. Empty line to finish.")
                    while line := Prompt.ask("FIELD=VALUE", default="", console=console):
                        edits.append(line)
                figure = decisions.accept(ledger, candidate.id, reviewer=reviewer,
                                          edits=decisions.parse_edits(edits))
                console.print(f"Accepted as figure {figure.id}.")
            decided += 1
        except LiuzhiError as error:
            console.print(Text(f"Not done: {error}", style="red"))
    console.print(f"{decided} decision(s) recorded.")
