"""The web's query layer: evidence in its sentence, and the one place private rows are
dropped for the public."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from liuzhi.ledger import queries


def test_evidence_is_cut_at_the_sentence() -> None:
    text = "前言。2018年，全省共对308人采取留置措施，其中厅处级干部56人。结语。"
    shown = queries.figure_evidence(text, "对308人采取留置措施", None, None).as_json()
    sentence = "2018年，全省共对308人采取留置措施，其中厅处级干部56人。"
    assert "".join(s["text"] for s in shown) == sentence
    assert [s for s in shown if s["mark"]] == [{"text": "对308人采取留置措施",
                                                "mark": "evidence"}]
    start = text.index("308")
    marked = queries.candidate_evidence(text, {
        "evidence_start": start - 1, "evidence_end": start + 4, "start": start,
        "end": start + 3, "evidence": "对308人"}).as_json()
    assert [s["text"] for s in marked if s["mark"] == "number"] == ["308"]
    # offsets that no longer match the text fall back to finding the phrase, then to the
    # phrase alone
    assert queries.figure_evidence(text, "干部56人", 0, 3).as_json()[1]["text"] == "干部56人"
    assert queries.figure_evidence("", "missing", None, None).as_json() == [
        {"text": "missing", "mark": "evidence"}]


class _Base(DeclarativeBase):
    pass


class _Case(_Base):
    __tablename__ = "cases_canary"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    private: Mapped[bool]


def test_private_rows_never_reach_the_public() -> None:
    engine = sa.create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(sa.insert(_Case), [{"id": 1, "name": "public", "private": False},
                                              {"id": 2, "name": "CANARY", "private": True}])
        names = {audience: list(connection.scalars(queries._visible(
            sa.select(_Case.name).order_by(_Case.id), _Case, audience)))
            for audience in (queries.PUBLIC, queries.TEAM)}
        counted = connection.scalar(queries._visible(
            sa.select(sa.func.count()).select_from(_Case), _Case, queries.PUBLIC))
    assert names[queries.PUBLIC] == ["public"] and counted == 1
    assert names[queries.TEAM] == ["public", "CANARY"]
