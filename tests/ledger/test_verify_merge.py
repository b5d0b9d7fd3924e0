"""``verify`` compares each table with its last audited states by merging two streams the
database sorts (issue 10, bounded memory): the merge is only right if both come in the
order Python compares the keys in, whatever the database's own collation, for text keys
of every kind and for integer keys compared as text."""

from __future__ import annotations

import sqlalchemy as sa

from liuzhi.ledger import Capture, Ledger, Source
from tests.ledger.tampering import tamper

#: Keys whose order differs between collations: case, punctuation, accents, CJK, a
#: full-width letter and a character outside the BMP (UTF-16 would put it before U+FF21),
#: and digits that sort apart as text ("S10" before "S9").
KEYS = ["S10", "S9", "s1", "S_1", "S-1", "S 1", "Sa", "Sz", "SÄ", "S~", "S留置", "S\uff21",
        "S\U0001F600"]


def _source(key: str) -> Source:
    return Source(id=key, publisher="p", issuing_body="i", kind="news_report",
                  url="https://example.org", secondary=True, language="en")


def _capture(source_id: str) -> Capture:
    return Capture(source_id=source_id, sha256="0" * 64, media_type="text/html", size=1,
                   captured_at="2026-01-01T00:00:00Z", method="file", location="x",
                   store_path="x")


def _found(ledger: Ledger) -> set[tuple[str, str, str]]:
    return {(b.entity, b.entity_id, "unaudited" if "has no audit event" in b.message
             else "changed") for b in ledger.verify_audit()}


def test_keys_of_every_kind_are_merged_in_one_order(ledger: Ledger) -> None:
    with ledger.transaction("alice") as writer:
        for key in KEYS:
            writer.add(_source(key))
        for _ in range(12):  # ids 1 to 12: as text, 10, 11 and 12 come before 2
            writer.add(_capture("S10"))
    with ledger.transaction("bob") as writer:
        source = writer.session.get(Source, "S9")
        assert source is not None
        writer.update(source, publisher="q")  # a later event
    assert ledger.verify_audit() == []

    tamper(ledger.engine,
           "UPDATE sources SET publisher = 'mallory' WHERE id = 'S\uff21'",
           "DELETE FROM sources WHERE id = 'S~'",
           "UPDATE sources SET publisher = 'p' WHERE id = 'S9'",  # back to its first state
           "DELETE FROM captures WHERE id = 10",
           "UPDATE captures SET size = 2 WHERE id = 2")
    with ledger.session() as session, session.begin():
        session.add(_source("S\U0001F601"))
        session.add(_source("S0"))
        session.add(Capture(id=100, **{c: getattr(_capture("S10"), c) for c in (
            "source_id", "sha256", "media_type", "size", "captured_at", "method",
            "location", "store_path")}))
    assert _found(ledger) == {
        ("sources", "S\uff21", "changed"), ("sources", "S~", "changed"),
        ("sources", "S9", "changed"), ("captures", "10", "changed"),
        ("captures", "2", "changed"), ("sources", "S\U0001F601", "unaudited"),
        ("sources", "S0", "unaudited"), ("captures", "100", "unaudited")}


def test_a_date_edited_behind_the_log_is_reported(loaded: Ledger) -> None:
    tamper(loaded.engine, "UPDATE figures SET period_start = '2001-02-03' WHERE id = 'LZ003'")
    assert _found(loaded) == {("figures", "LZ003", "changed")}
    if loaded.engine.dialect.name == "sqlite":  # SQLite stores any text in a date column
        tamper(loaded.engine, "UPDATE figures SET period_end = 'not a date' WHERE id = 'LZ004'")
        assert _found(loaded) == {("figures", "LZ003", "changed"),
                                  ("figures", "LZ004", "changed")}


def test_rows_deleted_through_the_ledger_are_no_breach(loaded: Ledger) -> None:
    with loaded.transaction("alice") as writer:
        writer.add(_source("SDEL"))
    with loaded.transaction("alice") as writer:
        writer.delete(writer.session.get_one(Source, "SDEL"))
    assert loaded.verify_audit() == []
    with loaded.session() as session, session.begin():  # back, behind the log's back
        session.add(_source("SDEL"))
    assert _found(loaded) == {("sources", "SDEL", "changed")}
    with loaded.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Source).where(
            Source.id == "SDEL")) == 1
