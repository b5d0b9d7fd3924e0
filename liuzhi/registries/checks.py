"""``liuzhi validate`` over the registries: the import's rules, re-checked on what the
ledger holds, plus findings that are warnings rather than errors.

Findings name records by id only, never by a case's name, so a private case cannot leak
through the validation report.
"""

from __future__ import annotations

import sqlalchemy as sa

from liuzhi.ledger.models import Region
from liuzhi.ledger.store import Ledger
from liuzhi.problems import Problem
from liuzhi.registries.importing import _before
from liuzhi.registries.models import Case, Communication, Facility, Place


def validate(ledger: Ledger) -> list[Problem]:
    problems: list[Problem] = []
    with ledger.session() as session:
        known_places = set(session.scalars(sa.select(Place.code)))
        known_places |= set(session.scalars(sa.select(Region.code)))
        communications = {c.id: c for c in session.scalars(sa.select(Communication))}
        for comm in sorted(communications.values(), key=lambda c: c.id):
            letter = communications.get(comm.in_reply_to or "")
            if letter is not None and comm.date and letter.date and _before(comm.date,
                                                                             letter.date):
                problems.append(Problem("reply-before-letter", file=f"communication {comm.id}",
                                        column="date", value=comm.date,
                                        detail=f"{letter.id}, {letter.date}"))
        for case in session.scalars(sa.select(Case).order_by(Case.id)):
            where = f"case {case.id}"
            if case.taken and case.released and _before(case.released, case.taken):
                problems.append(Problem("release-before-taking", file=where, column="released",
                                        value=case.released, detail=case.taken))
            if case.public and not case.public_reason:
                problems.append(Problem("public-without-reason", file=where,
                                        column="public_reason"))
            if case.place_code and case.place_code not in known_places:
                problems.append(Problem("unknown-place", file=where, column="place_code",
                                        value=case.place_code))
        for facility in session.scalars(sa.select(Facility).order_by(Facility.id)):
            if facility.place_code not in known_places:
                problems.append(Problem("unknown-place", file=f"facility {facility.id}",
                                        column="place_code", value=facility.place_code))
    return problems
