"""Signed tree heads, and the proof that today's ledger extends a published one.

The tamper tests play someone who holds the database (and its owner's rights): each
rewrites history and recomputes the hash chain, so ``verify_audit`` alone finds nothing,
and each must be caught against a head published before the rewrite."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from frictionless import Package

from liuzhi import config
from liuzhi.errors import LedgerError
from liuzhi.ledger import AuditEvent, Ledger, bundled, publication
from liuzhi.ledger.audit import GENESIS, canonical, event_hash
from liuzhi.ledger.importing import import_path
from liuzhi.ledger.models import Capture, to_record
from tests.ledger.tampering import as_owner

Events = list[dict[str, Any]]


@pytest.fixture
def signed(database_url: str, tmp_path: Path) -> Ledger:
    """The bundled dataset in a ledger with a signing key under a LIUZHI_HOME."""
    ledger = Ledger(database_url, signing_key=tmp_path / "home" / "keys" / "ledger-ed25519.pem")
    bundled.load(ledger, actor="test")
    yield ledger  # type: ignore[misc]
    ledger.close()


def _publish(ledger: Ledger, folder: Path, name: str = "ledger-head.json") -> Path:
    return publication.write_head(ledger, folder / name)


def _figures_csv(folder: Path, *rows: tuple[str, str, str]) -> Path:
    header = ("figure_id,measure,region_code,period_start,period_end,value,value_high,"
              "qualifier,unit,precision,subset,subset_of,duplicate_of,scope,kind,source_id,"
              "locator,notes")
    lines = [f"{fid},liuzhi,{region},2023-01-01,2023-12-31,{value},,exact,persons,,false,,,,"
             f"official,S001,留置{value}人," for fid, region, value in rows]
    path = folder / "more.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def _rewrite(ledger: Ledger, edit: Callable[[Events], Events], *statements: str) -> None:
    """Apply ``edit`` to the whole log, then write it back with every hash recomputed (and
    ``statements`` run on the tables), as a careful forger would."""
    columns = [c.key for c in AuditEvent.__table__.columns if c.key != "id"]
    with as_owner(ledger.engine) as connection:
        rows = connection.execute(sa.select(AuditEvent.__table__).order_by(AuditEvent.id))
        events = edit([{k: row._mapping[k] for k in columns} for row in rows])
        previous = GENESIS
        for event in events:
            event["prev_hash"] = previous
            event["hash"] = previous = event_hash(AuditEvent(**event))
        connection.execute(sa.delete(AuditEvent.__table__))
        connection.execute(sa.insert(AuditEvent.__table__),
                           [{"id": i, **e} for i, e in enumerate(events, start=1)])
        for sql in statements:
            connection.execute(sa.text(sql))


def _assert_caught(ledger: Ledger, published: Path, words: str) -> None:
    assert ledger.verify_audit() == []  # the chain and the rows agree: only the head knows
    check = publication.check_against(ledger, published)
    assert not check.ok and words in check.message, check.message


# ---------------------------------------------------------------------------- heads


def test_the_key_is_made_on_first_need_private_and_reused(signed: Ledger) -> None:
    assert signed.signing_key is not None and not signed.signing_key.exists()
    first = publication.signed_head(signed)
    assert stat.S_IMODE(signed.signing_key.stat().st_mode) == 0o600
    assert publication.signed_head(signed).public_key == first.public_key


def test_a_key_others_can_read_is_refused(signed: Ledger) -> None:
    publication.signed_head(signed)
    assert signed.signing_key is not None
    signed.signing_key.chmod(0o644)
    with pytest.raises(LedgerError, match="can be read by other users.*chmod 600"):
        publication.signed_head(signed)


def test_settings_place_the_key_in_home_or_where_told(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIUZHI_LEDGER_KEY", raising=False)
    monkeypatch.delenv("LIUZHI_CONFIG", raising=False)
    assert config.load(home=tmp_path).ledger_key == tmp_path / "keys" / "ledger-ed25519.pem"
    monkeypatch.setenv("LIUZHI_LEDGER_KEY", str(tmp_path / "elsewhere.pem"))
    assert config.load(home=tmp_path).ledger_key == tmp_path / "elsewhere.pem"


def test_the_head_is_rfc6962s_tree_head_signed_with_ed25519(signed: Ledger) -> None:
    head = publication.signed_head(signed)
    with signed.session() as session:
        events = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    # One leaf per audit event: the bundled regions, sources, figures and registry records.
    assert head.size == events > 34 + 46 + 109
    # Checked with nothing but the cryptography library and RFC 6962's struct layout.
    milliseconds = int(head.signed_bytes()[2:10].hex(), 16)
    message = (bytes([0, 1]) + milliseconds.to_bytes(8, "big") + head.size.to_bytes(8, "big")
               + bytes.fromhex(head.root_hash))
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(head.public_key))
    key.verify(base64.b64decode(head.signature), message)  # raises if wrong
    assert publication.check_signature(head)


def test_a_head_edited_after_signing_proves_nothing(signed: Ledger, tmp_path: Path) -> None:
    path = _publish(signed, tmp_path)
    data = json.loads(path.read_text())
    data["size"] -= 1
    path.write_text(json.dumps(data))
    check = publication.check_against(signed, path)
    assert not check.ok and "does not carry a valid signature" in check.message


def test_a_ledger_that_grew_extends_its_published_head(signed: Ledger, tmp_path: Path) -> None:
    published = _publish(signed, tmp_path)
    import_path(signed, _figures_csv(tmp_path, ("N1", "330000", "12"), ("N2", "110000", "7")),
                actor="alice")
    check = publication.check_against(signed, published)
    assert check.ok, check.message
    before = json.loads(published.read_text("utf-8"))["size"]
    assert check.size == before + 2 and check.same_key is True
    assert "extends the head published" in check.message and check.breaches == ()


def test_a_head_signed_by_another_key_is_named(signed: Ledger, tmp_path: Path) -> None:
    publication.signed_head(signed)  # this ledger's key exists
    other = Ledger(signed.url, signing_key=tmp_path / "other.pem")
    published = _publish(other, tmp_path)
    other.close()
    check = publication.check_against(signed, published)
    assert check.ok and check.same_key is False


@pytest.mark.parametrize("reader", ["json", "report", "not-a-head", "folder"])
def test_heads_are_read_from_what_was_published(signed: Ledger, tmp_path: Path,
                                                reader: str) -> None:
    head = publication.signed_head(signed)
    path = tmp_path / "published"
    if reader == "json":
        path.write_text(json.dumps({"name": "x", "ledger_head": head.as_json()}))
    elif reader == "report":
        html, _ = publication.with_head("<html><body><p>report</p></body></html>", signed)
        path.write_text(html)
    elif reader == "not-a-head":
        path.write_text('{"size": "many"}')
    else:
        path.mkdir()
    if reader in ("json", "report"):
        assert publication.read_head(path).size == head.size
    else:
        with pytest.raises(LedgerError, match="(no readable ledger head|cannot be read)"):
            publication.read_head(path)


# ---------------------------------------------------------------------------- tampering


def test_a_forged_update_with_a_made_up_actor_is_caught(signed: Ledger, tmp_path: Path) -> None:
    published = _publish(signed, tmp_path)

    def forge(events: Events) -> Events:
        index = next(i for i, e in enumerate(events) if e["entity_id"] == "LZ003")
        insert = events[index]
        after = json.loads(insert["after"])
        after["value"] = 3800.0
        forged = {**insert, "actor": "ccdi-liaison", "action": "update",
                  "before": insert["after"],
                  "after": json.dumps(after, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":"))}
        return events[:index + 1] + [forged] + events[index + 1:]

    _rewrite(signed, forge, "UPDATE figures SET value = 3800 WHERE id = 'LZ003'")
    size = json.loads(published.read_text("utf-8"))["size"]
    _assert_caught(signed, published, f"first {size} events are not the ones that were published")


def test_a_rewritten_insert_is_caught(signed: Ledger, tmp_path: Path) -> None:
    published = _publish(signed, tmp_path)

    def rewrite(events: Events) -> Events:
        for event in events:
            if event["entity_id"] == "LZ007":
                event["after"] = event["after"].replace('"value":308.0', '"value":30.0')
        return events

    _rewrite(signed, rewrite, "UPDATE figures SET value = 30 WHERE id = 'LZ007'")
    _assert_caught(signed, published, "History before the published head was rewritten")


def test_a_deleted_national_figure_and_its_events_are_caught(signed: Ledger,
                                                             tmp_path: Path) -> None:
    with signed.session() as session:
        national = session.scalar(sa.text(
            "SELECT f.id FROM figures f JOIN regions r ON r.code = f.region_code "
            "WHERE r.level = 'national' AND NOT EXISTS (SELECT 1 FROM figures g WHERE "
            "g.subset_of = f.id OR g.duplicate_of = f.id) ORDER BY f.id LIMIT 1"))
    published = _publish(signed, tmp_path)
    _rewrite(signed,
             lambda events: [e for e in events
                             if not (e["entity"] == "figures" and e["entity_id"] == national)],
             f"DELETE FROM figures WHERE id = '{national}'")
    _assert_caught(signed, published, "1 event(s) up to the published head were deleted")
    # Make the log as long as before with a new figure: the proof still fails.
    import_path(signed, _figures_csv(tmp_path, ("N1", "000000", "26000")), actor="mallory")
    check = publication.check_against(signed, published)
    assert not check.ok and "are not the ones that were published" in check.message


def test_the_newest_events_removed_are_caught(signed: Ledger, tmp_path: Path) -> None:
    first = _publish(signed, tmp_path, "first.json")
    import_path(signed, _figures_csv(tmp_path, ("N1", "330000", "12"), ("N2", "110000", "7")),
                actor="alice")
    second = _publish(signed, tmp_path, "second.json")
    with as_owner(signed.engine) as connection:
        connection.execute(sa.text("DELETE FROM audit_events WHERE entity_id IN ('N1', 'N2')"))
        connection.execute(sa.text("DELETE FROM figures WHERE id IN ('N1', 'N2')"))
    _assert_caught(signed, second, "2 event(s) up to the published head were deleted")
    # What was never published is not protected: the first head still holds.
    assert publication.check_against(signed, first).ok


def test_a_swapped_evidence_file_and_its_capture_row_are_caught(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liuzhi.capture import capture_path, check_store
    from liuzhi.capture.store import ContentStore

    for name in ("LIUZHI_MAX_CAPTURE_BYTES", "LIUZHI_FETCH_TIMEOUT", "LIUZHI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    settings = config.load(home=tmp_path / "home", database_url=database_url, actor="tester")
    ledger = Ledger.open(settings)
    document = tmp_path / "report.txt"
    document.write_text("2023年全省纪检监察机关采取留置措施308人。", encoding="utf-8")
    capture_path(ledger, settings, document, actor="tester")
    published = _publish(ledger, tmp_path)

    text = "2023年全省纪检监察机关采取留置措施30人。"
    stored = ContentStore(settings.store_dir).put(text.encode())
    with ledger.session() as session:
        record = to_record(session.scalars(sa.select(Capture)).one())
    record.update(sha256=stored.sha256, store_path=stored.relative, size=len(text.encode()),
                  text=text, text_sha256=hashlib.sha256(text.encode()).hexdigest())

    def swap(events: Events) -> Events:
        for event in events:
            if event["entity"] == "captures":
                event["after"] = canonical(record)
        return events

    _rewrite(ledger, swap)
    with ledger.engine.begin() as connection:
        connection.execute(sa.update(Capture.__table__).values(record))
    assert check_store(ledger, settings) == []  # the store agrees with the forged row
    _assert_caught(ledger, published, "are not the ones that were published")
    ledger.close()


# ---------------------------------------------------------------------------- the CLI


def test_exports_carry_the_head_and_verify_against_checks_it(home: Path, tmp_path: Path,
                                                             database_url: str) -> None:
    from tests.test_cli import run

    assert run("init")[0] == 0
    code, out, _ = run("export", "-f", "datapackage", "-o", str(tmp_path / "pkg"))
    assert code == 0 and "ledger-head.json (the ledger's signed head)" in out
    descriptor = tmp_path / "pkg" / "datapackage.json"
    size = json.loads(descriptor.read_text("utf-8"))["ledger_head"]["size"]
    ledger = Ledger(database_url)
    try:
        with ledger.session() as session:  # one leaf per audit event
            assert size == session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    finally:
        ledger.close()
    assert Package(str(descriptor)).validate().valid  # still a valid data package
    assert stat.S_IMODE((home / "keys" / "ledger-ed25519.pem").stat().st_mode) == 0o600
    assert run("export", "-f", "csv", "-o", str(tmp_path / "f.csv"))[0] == 0
    assert json.loads((tmp_path / "f.ledger-head.json").read_text())["size"] == size
    assert run("export", "-f", "json", "-o", str(tmp_path / "l.json"))[0] == 0
    assert json.loads((tmp_path / "l.json").read_text("utf-8"))["ledger_head"]["size"] == size

    code, out, _ = run("import", str(descriptor))  # the head is no obstacle to re-import
    figures = len((tmp_path / "pkg" / "figures.csv").read_text("utf-8").splitlines()) - 1
    assert code == 0 and f"{figures} unchanged" in out, out
    code, out, _ = run("verify", "--against", str(descriptor))
    assert code == 0 and "consistency proved" in out, out

    ledger = Ledger(database_url)
    _rewrite(ledger, lambda events: events[:5] + events[6:])  # one event gone, chain redone
    ledger.close()
    code, out, _ = run("verify", "--against", str(tmp_path / "f.ledger-head.json"))
    assert code == 1 and "1 event(s) up to the published head were deleted" in out, out

    code, _, err = run("verify", "--against", str(tmp_path / "missing.json"))
    assert code == 1 and "missing.json cannot be read" in err
