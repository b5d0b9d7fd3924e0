"""The JSON API and the public pages over a real ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import hashlib
import io

from fastapi.testclient import TestClient

from tests.web.conftest import REPORT, Site


def test_figures_filter_sort_and_page(reader: TestClient) -> None:
    everything = reader.get("/api/v1/figures", params={"per_page": 500}).json()
    assert everything["ok"] and everything["total"] == len(everything["items"]) > 20
    liuzhi = reader.get("/api/v1/figures", params={"measure": "liuzhi", "sort": "value",
                                                   "desc": "true"}).json()
    values = [f["value"] for f in liuzhi["items"]]
    assert values == sorted(values, reverse=True) and {f["measure"] for f in liuzhi["items"]} \
        == {"liuzhi"}
    national_2023 = reader.get("/api/v1/figures", params={"measure": "liuzhi", "region":
                                                          "000000", "period": "2023",
                                                          "kind": "official"}).json()
    assert 26000 in [f["value"] for f in national_2023["items"]]
    assert all(f["period_start"] <= "2023-12-31" and f["period_end"] >= "2023-01-01"
               for f in national_2023["items"])
    first, second = (reader.get("/api/v1/figures", params={"per_page": 5, "page": n}).json()
                     for n in (1, 2))
    assert first["pages"] == -(-everything["total"] // 5)
    assert {f["id"] for f in first["items"]}.isdisjoint(f["id"] for f in second["items"])
    one = reader.get(f"/api/v1/figures/{first['items'][0]['id']}").json()["item"]
    assert one == first["items"][0]


def test_csv_download_holds_the_whole_filtered_list(reader: TestClient) -> None:
    response = reader.get("/api/v1/figures", params={"measure": "cases_filed",
                                                     "format": "csv", "per_page": 2})
    assert response.headers["content-disposition"] == 'attachment; filename="figures.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    total = reader.get("/api/v1/figures", params={"measure": "cases_filed"}).json()["total"]
    assert len(rows) == total > 2 and {r["measure"] for r in rows} == {"cases_filed"}
    for name in ("sources", "regions", "captures", "disclosure"):
        listed = reader.get(f"/api/v1/{name}", params={"format": "csv"})
        assert listed.status_code == 200 and listed.text.count("\n") >= 2, name


def test_source_page_captures_download_and_evidence(reader: TestClient, shared_site: Site) -> None:
    item = reader.get(f"/api/v1/sources/{shared_site.source_id}").json()["item"]
    (capture,) = item["captures"]
    data = REPORT.encode("utf-8")
    assert capture["sha256"] == hashlib.sha256(data).hexdigest()
    download = reader.get(f"/captures/{capture['id']}/download")
    assert download.content == data
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-type"] == "application/octet-stream"
    html = reader.get(f"/sources/{shared_site.source_id}").text
    assert capture["sha256"] in html and capture["captured_at"] in html
    assert f'href="/captures/{capture["id"]}/download"' in html


def test_bundled_figure_page_and_region(reader: TestClient) -> None:
    figure = reader.get("/api/v1/figures", params={"measure": "liuzhi", "region": "000000",
                                                   "period": "2023"}).json()["items"][0]
    html = reader.get(f"/sources/{figure['source_id']}").text
    assert f'id="figure-{figure["id"]}"' in html and "<mark class=\"evidence\">" in html
    zhejiang = reader.get("/api/v1/regions/330000").json()["item"]
    assert zhejiang["name_en"] == "Zhejiang" and any(c["code"] == "330100"
                                                    for c in zhejiang["children"])
    page = reader.get("/regions/330000").text
    assert "浙江省" in page and "/regions/330100" in page


def test_disclosure_names_silent_provinces(reader: TestClient) -> None:
    shown = reader.get("/api/v1/disclosure").json()["items"]
    assert len(shown) == 31
    silent = [d for d in shown if d["figures"] == 0]
    rated = [d for d in shown if d["per_100k"] is not None]
    assert silent and rated
    for d in rated:
        assert abs(d["per_100k"] - d["latest"]["value"] / d["population"] * 1e5) < 1e-2
    html = reader.get("/map").text
    assert html.count('class="province ') == 31
    for d in silent:
        assert f'id="province-{d["code"]}" class="province none"' in html


def test_estimates_are_the_reports(reader: TestClient) -> None:
    from liuzhi.publish import results, tables

    state = reader.app.state.web  # type: ignore[attr-defined]
    state.estimates.wait()
    shown = reader.get("/api/v1/estimates").json()
    expected = tables.year_rows(results.compute(state.ledger))
    assert shown["per_year"] == expected
    assert shown["headline"] is None and shown["headline_state"] == "no_ladder"
    page = reader.get("/").text
    assert 'id="side-by-side"' in page and "population_share" in page


def test_language_switch_is_remembered(reader: TestClient) -> None:
    response = reader.get("/lang/zh", params={"next": "/figures"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/figures"
    assert "<h1>数据</h1>" in reader.get("/figures").text
    reader.get("/lang/en")
    assert "<h1>Figures</h1>" in reader.get("/figures").text
    for off_site in ("//evil.example", "/\\evil.example", "https://evil.example"):
        assert reader.get("/lang/en", params={"next": off_site},
                          follow_redirects=False).headers["location"] == "/"


def test_methods_page_shows_the_backtests(reader: TestClient) -> None:
    reader.app.state.web.estimates.wait()  # type: ignore[attr-defined]
    html = reader.get("/methods").text
    assert 'id="validation-none"' in html  # validate-models was not run for this ledger
    loo = html[html.index('id="leave-one-out"'):]
    assert "population_share" in loo and "case_ratio" in loo
    shown = reader.get("/api/v1/estimates").json()["leave_one_out"]
    assert shown and all(f"{row['truth']:,.0f}" in loo for row in shown)
