"""The registries: the bundled records, what is computed from them, the timeline, and
hostile input refused with one clear error and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from liuzhi.errors import ImportFailed, LedgerError
from liuzhi.ledger import Ledger
from liuzhi.registries import bundled, checks, importing, records, timeline
from liuzhi.registries.models import REGISTRY_MODELS, Case

NINE = {"BY", "LA", "VN", "AR", "AU", "DK", "TH", "PH", "KZ"}


@pytest.fixture
def full(ledger: Ledger) -> Ledger:
    bundled.load(ledger, actor="test")
    return ledger


def counts(ledger: Ledger) -> dict[str, int]:
    with ledger.session() as session:
        return {m.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
                for m in REGISTRY_MODELS}


def test_bundled_registries_load_once_audited(full: Ledger) -> None:
    assert counts(full) == {"parties": 24, "places": 7, "agreements": 19, "statements": 4,
                            "communications": 10, "communication_dates": 2, "cases": 6,
                            "facilities": 2, "registry_candidates": 0}
    again = bundled.load(full, actor="test")
    assert sum(again.inserted.values()) == 0 and sum(again.updated.values()) == 0
    assert full.verify_audit() == []
    assert checks.validate(full) == []


def test_the_mou_and_the_nine_claims(full: Ledger) -> None:
    found = {r.id: r.values for r in records.agreements(full)}
    mou = found["AG001"]
    assert (mou["date"], mou["chinese_party"], mou["counterparty"], mou["text_public"]) == (
        "2019-10-17", "CN-NSC", "UNODC", False)
    claims = {v["counterparty"]: v for v in found.values() if v["record"] == "claim"}
    assert set(claims) == NINE
    assert all(v["source_id"] == "S201" for v in claims.values())
    # Signed by the predecessor, a police force, only an intent, only talks: facts of their own.
    assert found[claims["DK"]["refers_to"]]["chinese_party"] == "CN-MOS"
    assert found[claims["VN"]["refers_to"]]["chinese_party"] == "CN-MOS"
    assert found[claims["AU"]["refers_to"]]["counterparty"] == "AU-AFP"
    assert found[claims["AR"]["refers_to"]]["status"] == "intent_only"
    assert found[claims["LA"]["refers_to"]]["status"] == "talks_only"
    assert claims["TH"]["refers_to"] is None


def test_unanswered_and_days_are_computed(full: Ledger) -> None:
    found = {c.id: c for c in records.communications(full, as_of=dt.date(2021, 6, 29))}
    wgeid = found["CM002"]
    assert wgeid.unanswered and wgeid.days_without_reply == (638, 667)  # from 30 or 1 Sep
    letter = found["CM003"]
    assert letter.answered and letter.replies == ("CM004",) and not letter.unanswered
    assert letter.dates_disagree
    assert [d for d, _, _ in letter.dates] == ["2020-11-02", "2020-11-03"]
    assert [d for d, _, _ in found["CM001"].dates] == ["2019-08-21", "2019-08-23"]
    assert found["CM009"].unanswered and found["CM009"].days_without_reply is None  # undated


def test_timeline_puts_the_mou_beside_the_figures(full: Ledger) -> None:
    built = timeline.build(full, since=dt.date(2019, 10, 1), until=dt.date(2019, 12, 31),
                           as_of=dt.date(2021, 6, 29))
    on_the_day = [(e.kind, e.id) for e in built.events if e.date == "2019-10-17"]
    assert ("agreements", "AG001") in on_the_day and ("figures", "LZ011") in on_the_day
    assert all(e.span[0] <= dt.date(2019, 12, 31) for e in built.events)
    letters = timeline.build(full, kinds=["communications"], as_of=dt.date(2021, 6, 29))
    marks = {e.id: e.marks for e in letters.events}
    assert any(m.startswith("UNANSWERED") for m in marks["CM002"])
    assert any("2020-11-02 (S201); 2020-11-03 (S214)" in m for m in marks["CM003"])
    with pytest.raises(LedgerError, match="not a timeline kind"):
        timeline.build(full, kinds=["letters"])


def test_publishing_a_case_is_an_audited_change(full: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + "K900,Someone,true,,,,,2020,,,,false,,S201,quoted,\n",
                    encoding="utf-8")
    importing.import_path(full, path, actor="test")
    assert "K900" not in [r.id for r in records.cases(full).records]
    with pytest.raises(LedgerError, match="--reason"):
        records.mark_public(full, "K900", reason=" ", actor="reviewer")
    records.mark_public(full, "K900", reason="consent", actor="reviewer")
    assert "K900" in [r.id for r in records.cases(full).records]
    with full.session() as session:
        event = session.execute(sa.text(
            "SELECT actor, action FROM audit_events WHERE entity = 'cases' AND "
            "entity_id = 'K900' ORDER BY id DESC")).first()
    assert tuple(event) == ("reviewer", "update")
    assert full.verify_audit() == []


# Hostile input: one clear error naming file, row, column, value and the fix; nothing written.

HEADER = ("case_id,name,pseudonym,role,employer,ordered_by,place_code,taken,released,outcome,"
          "outcome_date,public,public_reason,source_id,locator,notes\n")
AGREEMENTS = ("agreement_id,record,instrument_type,title,chinese_party,counterparty,date,"
              "date_kind,place,status,text_public,text_url,refers_to,source_id,locator,notes\n")
COMMS = ("communication_id,sender,recipient,date,reference,subject,channel,reply_expected,"
         "in_reply_to,source_id,locator,notes\n")
FACILITIES = ("facility_id,name,place_code,address,latitude,longitude,status,capacity,rooms,"
              "beds,confidence,confidence_reason,first_seen,last_seen,source_id,locator,notes\n")

BAD = {
    "unknown party": ("agreements.csv", AGREEMENTS + "AG900,instrument,memorandum_of_"
                      "understanding,,CN-NSC,XX-NOPE,2020,signed,,signed,,,,S201,q,\n",
                      ["row 2", "column counterparty", "XX-NOPE", "names no party",
                       "add that row first or correct the id"]),
    "reply before its letter": ("comms.csv", COMMS + "CM900,UNODC,SD,2020-11-01,,early,reply,"
                                "false,CM003,S201,q,\n",
                                ["row 2", "column date", "2020-11-01", "CM003, 2020-11-02",
                                 "check both dates"]),
    "release before taking": ("cases.csv", HEADER + "K900,X,true,,,,,2020-05-01,2020-04-30,,,"
                              "true,consent,S201,q,\n",
                              ["row 2", "column released", "2020-04-30", "2020-05-01",
                               "check both dates"]),
    "facility in an unknown county": ("fac.csv", FACILITIES + "FC900,某留置中心,999999,,,,,,,,"
                                      "low,a guess,,,S201,q,\n",
                                      ["row 2", "column place_code", "999999",
                                       "add the county or prefecture to places.csv"]),
    "duplicate record": ("fac.csv", FACILITIES + "FC900,市监察委员会留置专区 (Ezhou city "
                         "supervision commission's liuzhi zone),420700,,,,,,,,low,r,,,S201,q,\n",
                         ["row 2", "column facility_id", "FC900", "repeats facility FC001"]),
    "duplicate id": ("fac.csv", FACILITIES + "FC900,A,420700,,,,,,,,low,r,,,S201,q,\n"
                     "FC900,B,420700,,,,,,,,low,r,,,S201,q,\n",
                     ["row 3", "column facility_id", "FC900", "appears twice"]),
    "private flag missing": ("cases.csv", HEADER + "K900,X,true,,,,,2020,,,,,,S201,q,\n",
                             ["row 2", "column public", "write false to keep the case private"]),
    "public without a reason": ("cases.csv", HEADER + "K900,X,true,,,,,2020,,,,true,,S201,q,\n",
                                ["row 2", "column public_reason", "say why"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_registry_rows_are_refused_whole(full: Ledger, tmp_path: Path, case: str) -> None:
    name, text, expected = BAD[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = counts(full)
    with pytest.raises(ImportFailed) as error:
        importing.import_path(full, path, actor="test")
    message = str(error.value)
    assert message.startswith("Nothing was imported: 1 problem(s) found.")
    assert str(path) in message
    for part in expected:
        assert part in message, (case, part, message)
    assert counts(full) == before


def test_a_package_with_one_bad_registry_row_writes_no_figure(ledger: Ledger,
                                                              tmp_path: Path) -> None:
    source = Path(bundled.core.descriptor()).parent
    for path in source.glob("*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    cases = tmp_path / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace(",350703,", ",359999,"),
                     encoding="utf-8")
    with pytest.raises(ImportFailed, match="359999"):
        importing.import_path(ledger, tmp_path / "datapackage.json", actor="test")
    assert ledger.is_empty() and counts(ledger)["parties"] == 0


def test_private_rows_are_never_quoted_in_errors(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + "K900,SECRET-NAME,true,,,,,SECRET-NAME,,,,false,,S201,q,\n",
                    encoding="utf-8")
    with pytest.raises(ImportFailed) as error:
        importing.import_path(ledger, path, actor="test")
    assert "column taken" in str(error.value) and "SECRET-NAME" not in str(error.value)
    with ledger.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0


def test_validate_finds_what_was_written_around_the_importer(full: Ledger) -> None:
    with full.transaction("test") as writer:  # audited, but past the import's checks
        case = writer.session.get(Case, "K001")
        assert case is not None
        writer.update(case, released="2018-04-01", public_reason="")
    found = {(p.id, p.file) for p in checks.validate(full)}
    assert found == {("release-before-taking", "case K001"),
                     ("public-without-reason", "case K001")}


def test_the_package_schema_holds_the_registry_tables() -> None:
    import json
    from importlib import resources

    from liuzhi.registries.tables import REGISTRY_TABLES

    descriptor = json.loads((resources.files("liuzhi") / "data" / "datapackage.json")
                            .read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    for table in REGISTRY_TABLES:
        fields = {f["name"]: f for f in schemas[table.name]["fields"]}
        assert list(fields) == table.header, table.name
        for column in table.columns:
            enum = fields[column.name].get("constraints", {}).get("enum")
            assert enum == (list(column.terms) if column.terms else None), column.name


def test_an_exported_package_imports_unchanged(full: Ledger, tmp_path: Path) -> None:
    from liuzhi.registries import exporting

    path, private = exporting.export(full, "datapackage", tmp_path / "package")
    assert private == 0
    other = Ledger(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        importing.import_path(other, path, actor="test")
        assert counts(other) == counts(full)
        again = importing.import_path(other, path, actor="test")
        assert sum(again.inserted.values()) + sum(again.updated.values()) == 0
    finally:
        other.close()
