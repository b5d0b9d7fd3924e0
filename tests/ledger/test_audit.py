import datetime as dt

import pytest
import sqlalchemy as sa

from liuzhi.ledger import AuditEvent, Figure, Ledger, Region, Source
from tests.ledger.tampering import tamper


def _region(code: str = "330000") -> Region:
    return Region(code=code, name_zh="浙江省", name_en="Zhejiang", level="province")


def _events(ledger: Ledger) -> list[AuditEvent]:
    with ledger.session() as session:
        return list(session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


def test_every_write_is_an_event_with_actor_and_before_after(ledger: Ledger) -> None:
    with ledger.transaction("alice") as writer:
        writer.add(_region())
    with ledger.transaction("bob") as writer:
        region = writer.session.get(Region, "330000")
        writer.update(region, name_en="Zhejiang Province")
        writer.update(region, name_en="Zhejiang Province")  # no change: no event
    with ledger.transaction("carol") as writer:
        writer.delete(writer.session.get(Region, "330000"))
    events = _events(ledger)
    assert [(e.actor, e.action) for e in events] == [
        ("alice", "insert"), ("bob", "update"), ("carol", "delete")]
    assert events[0].before == "" and '"name_en":"Zhejiang"' in events[0].after
    assert '"name_en":"Zhejiang"' in events[1].before
    assert '"name_en":"Zhejiang Province"' in events[1].after
    assert events[2].after == ""
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert ledger.verify_audit() == []


def test_a_failed_transaction_leaves_neither_rows_nor_events(ledger: Ledger) -> None:
    with pytest.raises(RuntimeError), ledger.transaction("alice") as writer:
        writer.add(_region())
        raise RuntimeError("crash mid-import")
    assert ledger.counts()["regions"] == 0
    assert _events(ledger) == []


def test_the_clock_is_injectable(database_url: str) -> None:
    fixed = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    ledger = Ledger(database_url, clock=lambda: fixed)
    with ledger.transaction("alice") as writer:
        writer.add(_region())
    assert _events(ledger)[0].at == "2026-01-02T03:04:05.000000Z"
    ledger.close()


def _tamper(ledger: Ledger, sql: str) -> None:
    tamper(ledger.engine, sql)


def test_verify_detects_an_edited_event(loaded: Ledger) -> None:
    assert loaded.verify_audit() == []
    _tamper(loaded, "UPDATE audit_events SET actor = 'mallory' WHERE id = 5")
    messages = [b.message for b in loaded.verify_audit()]
    assert messages == ["event 5 was edited after it was written"]


def test_verify_detects_a_deleted_event(loaded: Ledger) -> None:
    _tamper(loaded, "DELETE FROM audit_events WHERE id = 7")
    messages = [b.message for b in loaded.verify_audit()]
    assert "event 8 does not follow the event before it: an event was deleted or inserted" \
        in messages


def test_verify_detects_a_row_edited_behind_the_log(loaded: Ledger) -> None:
    _tamper(loaded, "UPDATE figures SET value = 99999 WHERE id = 'LZ003'")
    messages = [b.message for b in loaded.verify_audit()]
    assert messages == ["figures LZ003 differs from its last audited state: it was changed "
                        "without going through the ledger"]


def test_verify_detects_a_row_written_behind_the_log(loaded: Ledger) -> None:
    with loaded.session() as session, session.begin():
        session.add(Source(id="SX", publisher="p", issuing_body="i", kind="news_report",
                           url="https://example.org", secondary=True, language="en"))
    assert [b.entity_id for b in loaded.verify_audit()] == ["SX"]


def test_verify_detects_a_deleted_row(loaded: Ledger) -> None:
    _tamper(loaded, "DELETE FROM figures WHERE id = 'LZ002'")
    assert [b.entity_id for b in loaded.verify_audit()] == ["LZ002"]


def test_figures_keep_their_types(loaded: Ledger) -> None:
    with loaded.session() as session:
        figure = session.get(Figure, "LZ007")
        assert figure is not None
        assert figure.value == 308
        assert figure.period_start == dt.date(2018, 1, 1)
        assert figure.subset is False
        assert session.get(Figure, "LZ008").subset_of == "LZ007"  # type: ignore[union-attr]


def test_concurrent_writers_keep_one_chain(ledger: Ledger) -> None:
    """Two writers at once must not both chain onto the same last event."""
    import threading

    def write(prefix: str) -> None:
        for i in range(15):
            with ledger.transaction(prefix) as writer:
                writer.add(Region(code=f"{prefix}{i:02d}", name_zh="测试", name_en="test",
                                  level="county"))

    threads = [threading.Thread(target=write, args=(p,)) for p in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ledger.counts()["regions"] == 30
    assert ledger.verify_audit() == []


def test_the_audit_log_refuses_update_delete_and_truncate(loaded: Ledger) -> None:
    """Migration 0004's triggers, on the real server and on SQLite."""
    statements = ["UPDATE audit_events SET actor = 'mallory' WHERE id = 5",
                  "DELETE FROM audit_events WHERE id = 7"]
    if loaded.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_events")
    before = len(_events(loaded))
    for sql in statements:
        with pytest.raises(sa.exc.DBAPIError, match="audit_events is append-only"):
            _raw(loaded, sql)
    assert len(_events(loaded)) == before
    assert loaded.verify_audit() == []
    with loaded.transaction("alice") as writer:  # appending still works
        writer.add(_region("990000"))
    assert len(_events(loaded)) == before + 1


def _raw(ledger: Ledger, sql: str) -> None:
    with ledger.engine.begin() as connection:
        connection.execute(sa.text(sql))


def test_migration_0004_goes_down_and_up_again(ledger: Ledger) -> None:
    from alembic import command

    from liuzhi.ledger.database import _alembic_config

    def run(step: str, revision: str) -> None:
        with ledger.engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            getattr(command, step)(config, revision)

    with ledger.transaction("alice") as writer:
        writer.add(_region())
    run("downgrade", "0003")
    _raw(ledger, "UPDATE audit_events SET actor = 'mallory'")  # no trigger now
    run("upgrade", "0004")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        _raw(ledger, "DELETE FROM audit_events")
