"""The overview's per-year chart shows every rung the report has, with its interval, and
the official figures as points labelled official; the numbers are the report's own rows;
the SVG holds no script and no inline style, and a table says the same in text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from liuzhi.estimate.mixed_model import LogRateMixed
from liuzhi.ledger import Ledger
from liuzhi.publish import results, tables
from liuzhi.web import create_app, i18n
from tests.web.conftest import Site

SVG = "{http://www.w3.org/2000/svg}"
computed: list[results.Results] = []


def ladder_compute(ledger: Ledger) -> results.Results:
    """Rungs 0 and 1 and a real fit of rung 2; rung 3 (a minute of sampling) is left to
    the browser test, which serves the report's whole ladder."""
    found = results.compute(ledger)
    mixed = LogRateMixed().fit(found.table)
    found.ladder = results.Ladder({**found.methods, "mixed_model": mixed},
                                  {"hierarchical_bayes": "not fitted in this test"}, None, None)
    for _, cumulative, _ in found.windows:  # the windows' answers, as compute gives a ladder
        first = next(iter(cumulative.values()))
        cumulative["mixed_model"] = mixed.cumulative(first.since, first.until)
    computed.append(found)
    return found


@pytest.fixture(scope="module")
def client(shared_site: Site) -> Iterator[TestClient]:
    app = create_app(shared_site.settings, ledger=shared_site.ledger, compute=ladder_compute)
    with TestClient(app) as test_client:
        assert app.state.web.estimates.wait() is not None
        yield test_client


def _svg(page: str) -> ET.Element:
    found = re.search(r"<svg id=\"chart\".*?</svg>", page, re.S)
    assert found, "no inline chart"
    # Inline SVG in HTML needs no namespace; add it to parse the element as XML.
    return ET.fromstring(found.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/'
                                                          'svg" ', 1))


def _clean(svg: ET.Element) -> None:
    for element in svg.iter():
        assert not element.tag.endswith("script") and not element.tag.endswith("style")
        for name in element.attrib:
            assert name != "style" and not name.startswith("on"), (element.tag, name)
            assert "href" not in name, (element.tag, name)


def test_the_chart_shows_every_rung_and_the_official_points(client: TestClient) -> None:
    page = client.get("/").text
    svg = _svg(page)
    _clean(svg)
    rungs = svg.findall(f".//{SVG}g[@class='rung']")
    assert [(g.get("data-method"), g.get("data-rung")) for g in rungs] == [
        ("population_share", "0"), ("case_ratio", "1"), ("mixed_model", "2")]
    report = computed[-1]
    rows = {(r["method"], r["year"]): r for r in tables.year_rows(report)}
    for group in rungs:
        marks = group.findall(f"{SVG}g[@class='estimate']")
        assert len(marks) == sum(1 for m, _ in rows if m == group.get("data-method"))
        for mark in marks:  # each mark: its interval (a line and two caps) and its point
            assert len(mark.findall(f"{SVG}line")) == 3 and mark.find(f"{SVG}circle") is not None
            row = rows[(group.get("data-method"), int(mark.get("data-year", "")))]
            tip = mark.findtext(f"{SVG}title") or ""
            assert f"{row['count_point']:,} ({row['count_low']:,}–{row['count_high']:,})" in tip
    title = rungs[2].findtext(f"{SVG}title")
    assert title == "Estimate, rung 2: Mixed model of the liuzhi-to-cases ratio"
    official = svg.find(f".//{SVG}g[@class='official']")
    assert official is not None and official.get("data-kind") == "official"
    points = {p.get("data-year"): p.findtext(f"{SVG}title") for p in official}
    points.pop(None, None)  # the group's own title
    assert points == {str(o.year): f"Official figure {o.year}: {o.value:,.0f} ({o.figure_id})"
                      for o in report.official}
    assert {"2023", "2024"} <= set(points)
    legend = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "Estimate, rung 2: Mixed model of the liuzhi-to-cases ratio — 90% probability " \
           "interval" in legend
    assert "Estimate, rung 0: Population share" in legend
    assert "Official national figure (not an estimate)" in legend
    assert "Estimate" not in (official.findtext(f"{SVG}title") or "")


def test_the_chart_has_a_table_and_a_file(client: TestClient) -> None:
    page = client.get("/").text
    table = page[page.index('<table id="chart-table"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr><th scope=\"row\">") == len(computed[-1].years)
    row_2024 = table[table.index('<th scope="row">2024</th>'):]
    assert re.match(r'<th scope="row">2024</th><td class="official">38,000 ', row_2024)
    assert "fitted to the official figure" in row_2024.split("</tr>")[0]
    # The side-by-side table names each rung in words too.
    assert re.search(r'data-method="mixed_model"><td><span class="estimate-label">Estimate</span> '
                     r"rung 2: Mixed model of the liuzhi-to-cases ratio <code>mixed_model</code>",
                     page, re.I)
    response = client.get("/estimates/chart.svg")
    assert response.headers["content-type"].startswith("image/svg+xml")
    standalone = ET.fromstring(response.text)
    _clean(standalone)
    assert len(standalone.findall(f".//{SVG}g[@class='rung']")) == 3


def test_the_chart_speaks_chinese(client: TestClient) -> None:
    client.cookies.set(i18n.COOKIE, "zh")
    try:
        svg = _svg(client.get("/").text)
    finally:
        client.cookies.delete(i18n.COOKIE)
    legend = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "估计值，层级 2：留置与立案之比的混合效应模型" in legend
    assert "官方全国数字（非估计值）" in legend
