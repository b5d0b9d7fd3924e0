"""The registries' pages and API over the bundled data (SQLite and PostgreSQL): claims
linked to the instruments found, unanswered letters and their waiting days computed,
disagreeing dates both shown, every record footnoted, the timeline's filters, CSV and
pagination, the OpenAPI document and the one error shape."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from fastapi.testclient import TestClient


def _row(html: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}"[^>]*>.*?</tr>', html, re.S)
    assert found, row_id
    return found.group(0)


def _footnote(html: str, number: int) -> str:
    found = re.search(rf'<li id="fn-{number}" class="footnote">.*?</li>', html, re.S)
    assert found, number
    return found.group(0)


def test_agreements_claims_and_instruments(reader: TestClient) -> None:
    claims = reader.get("/api/v1/agreements", params={"record": "claim"}).json()
    assert claims["total"] == 9 and {c["record"] for c in claims["items"]} == {"claim"}
    philippines = next(c for c in claims["items"] if c["id"] == "AG018")
    assert philippines["refers_to"] == "AG003" and philippines["chinese_party"] == "CN-NSC"
    mou = reader.get("/api/v1/agreements/AG001").json()["item"]
    assert (mou["record"], mou["date"], mou["text_public"]) == ("instrument", "2019-10-17",
                                                                False)
    assert (mou["chinese_party"], mou["counterparty"]) == ("CN-NSC", "UNODC")
    assert mou["source_url"].startswith("https://") and mou["locator"]
    assert {s["party_id"] for s in mou["statements"]} == {"UNODC", "CN-NSC"}
    # a claim's page names the instrument found; the instrument's page lists the claim
    claim_page = reader.get("/registries/agreements/AG016").text
    assert 'id="instrument"><a href="/registries/agreements/AG008">' in claim_page
    assert "Ministry of Supervision" in claim_page  # the predecessor signed it
    assert 'href="/registries/agreements/AG016"' in reader.get(
        "/registries/agreements/AG008").text
    listing = reader.get("/registries/agreements").text
    row = _row(listing, "agreement-AG001")
    assert "2019-10-17" in row and "UNODC" in row and ">no<" in row
    assert '<sup class="fn"><a href="#fn-1">[1]</a></sup>' in row
    note = _footnote(listing, 1)
    assert mou["source_url"] in note and mou["locator"] in note
    assert reader.get("/registries/agreements?record=claim").text.count(
        'class="claim"') == 9


def test_communications_unanswered_and_disagreeing_dates(reader: TestClient) -> None:
    items = {c["id"]: c for c in reader.get("/api/v1/communications").json()["items"]}
    letter = items["CM002"]  # WGEID, September 2019, never answered
    today = dt.date.today()
    assert letter["unanswered"] is True and letter["answered"] is False
    assert letter["days_without_reply_min"] == (today - dt.date(2019, 9, 30)).days
    assert letter["days_without_reply_max"] == (today - dt.date(2019, 9, 1)).days
    assert items["CM007"]["answered"] and items["CM007"]["replies"] == "CM008"
    assert items["CM008"]["in_reply_to"] == "CM007" and not items["CM008"]["unanswered"]
    assert items["CM001"]["dates_disagree"] and items["CM001"]["dates_text"] == (
        "2019-08-21 (S213); 2019-08-23 (S214)")
    unanswered = reader.get("/api/v1/communications", params={"unanswered": "true"}).json()
    assert unanswered["items"] and all(c["unanswered"] for c in unanswered["items"])
    page = reader.get("/registries/communications").text
    row = _row(page, "communication-CM003")
    assert "2020-11-02" in row and "2020-11-03" in row
    assert "UNANSWERED" in _row(page, "communication-CM002")
    assert f"{letter['days_without_reply_min']:,}" in _row(page, "communication-CM002")
    detail = reader.get("/registries/communications/CM001").text
    assert "Sources disagree on the date" in detail
    assert "On 21 August, Safeguard Defenders filed" in detail  # each date's locator
    assert "filed by Safeguard Defenders 23 August 2019" in detail
    assert "UNANSWERED" in reader.get("/registries/communications?unanswered=true").text


def test_cases_and_facilities(reader: TestClient) -> None:
    cases = reader.get("/api/v1/cases").json()
    chen = next(c for c in cases["items"] if c["id"] == "K001")
    assert chen["taken"] == "2018-04-09" and chen["outcome"] == "died_in_custody"
    assert all(c["private"] is False for c in cases["items"])
    page = reader.get("/registries/cases").text
    assert "Chen Yong" in _row(page, "case-K001") and "PRIVATE" not in page
    facility = reader.get("/api/v1/facilities/FC001").json()["item"]
    assert facility["rooms"] == 9 and facility["region_code"] == "420000"
    hubei = reader.get("/api/v1/facilities", params={"region": "420000"}).json()
    assert [f["id"] for f in hubei["items"]] == ["FC001"]
    detail = reader.get("/registries/facilities/FC001").text
    assert "规划调配9间羁押室、7间讯问室" in _footnote(detail, 1)
    index = reader.get("/registries").text
    assert 'href="/registries/agreements"' in index and 'href="/timeline"' in index
    reader.cookies.set("lang", "zh")
    assert "<h1>登记册</h1>" in reader.get("/registries").text


def test_timeline_filters_csv_and_pages(reader: TestClient) -> None:
    day = reader.get("/api/v1/timeline", params={"since": "2019-10-17",
                                                 "until": "2019-10-17"}).json()
    mou = next(e for e in day["items"] if e["id"] == "AG001")
    assert mou["date"] == "2019-10-17" and "United Nations Office on Drugs" in mou["title"]
    assert mou["locator"] and mou["source_url"].startswith("https://")
    only = reader.get("/api/v1/timeline", params={"kind": "agreements,communications"}).json()
    assert {e["kind"] for e in only["items"]} == {"agreements", "communications"}
    dated = [e["date"] for e in only["items"] if e["date"]]
    assert dated == sorted(dated, key=lambda d: (d + "-01-01")[:10])  # earliest day first
    disagree = next(e for e in only["items"] if e["id"] == "CM001")
    assert "2019-08-21 (S213); 2019-08-23 (S214)" in disagree["marks_text"]
    first, second = (reader.get("/api/v1/timeline", params={"per_page": 5, "page": n}).json()
                     for n in (1, 2))
    assert first["total"] == second["total"] > 10 and first["pages"] > 1
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    exported = reader.get("/api/v1/timeline", params={"format": "csv", "kind": "agreements"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert 'filename="timeline.csv"' in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 19 and {"date", "kind", "id", "title", "source_url", "locator"} <= \
        set(rows[0])
    page = reader.get("/timeline", params={"since": "2019-10-01", "until": "2019-10-31",
                                           "kind": "agreements"}).text
    assert 'data-date="2019-10-17" data-kind="agreements" data-id="AG001"' in page
    assert set(re.findall(r'data-date="([^"]*)"', page)) == {"2019-10-17", "2019-10"}


def test_registry_errors_and_openapi(reader: TestClient) -> None:
    for path in ("/api/v1/timeline?since=2019-13-01", "/api/v1/timeline?kind=letters",
                 "/api/v1/agreements/NOPE", "/api/v1/communications/NOPE",
                 "/api/v1/facilities/NOPE", "/api/v1/cases/NOPE", "/api/v1/cases?page=0",
                 "/api/v1/agreements?record=rumour", "/api/v1/facilities?format=xml"):
        response = reader.get(path)
        body = response.json()
        assert set(body) == {"ok", "error", "status"} and body["ok"] is False, path
        assert body["status"] == response.status_code in (400, 404), path
    assert "not a date: write it as YYYY-MM-DD" in reader.get(
        "/api/v1/timeline?since=2019-13-01").json()["error"]
    bad = reader.get("/timeline?since=yesterday")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    paths = reader.get("/api/v1/openapi.json").json()["paths"]
    for name in ("agreements", "communications", "cases", "facilities"):
        assert f"/api/v1/{name}" in paths and any(p.startswith(f"/api/v1/{name}/{{")
                                                  for p in paths)
    assert {p["name"] for p in paths["/api/v1/timeline"]["get"]["parameters"]} >= {
        "since", "until", "kind", "page", "per_page", "format"}
