"""The website in real headless Chromium (Debian's chromium and chromedriver), served by
uvicorn on loopback: log in, review a candidate and find it on the public figures page;
switch language; a <script> in a document stays text; the map renders; the overview
shows the report's ladder."""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from liuzhi.ledger import Capture, Figure, Source
from liuzhi.web import create_app
from tests.publish.test_browser import browser  # noqa: F401, F811 - the shared Chromium fixture
from tests.web.conftest import PASSWORD, Site, make_site

pytestmark = pytest.mark.browser

XSS = "全省留置<script>window.pwned=1</script>42人"


def _add_hostile_source(site: Site) -> None:
    text = f"前言。2020年{XSS}。结语。"
    digest = hashlib.sha256(text.encode()).hexdigest()
    with site.ledger.transaction("archivist") as writer:
        writer.add(Source(id="XSS1", title="<b>bold</b> title", publisher="p",
                          issuing_body="<img src=x onerror=alert(1)>", kind="news_report",
                          url="https://example.org/x", published="2021-01-01", secondary=True,
                          language="zh"))
        capture = writer.add(Capture(source_id="XSS1", sha256=digest, media_type="text/plain",
                                     size=len(text.encode()), captured_at="2026-11-28T00:00:00Z",
                                     method="file", location="x.txt", store_path="none",
                                     text=text, text_sha256=digest))
        writer.session.flush()
        start = text.index(XSS)
        writer.add(Figure(id="XSS-F1", measure="liuzhi", region_code="360000",
                          period_start=dt.date(2020, 1, 1),
                          period_end=dt.date(2020, 12, 31), value=42,
                          qualifier="exact", unit="persons", kind="official", source_id="XSS1",
                          capture_id=capture.id, locator=XSS, locator_start=start,
                          locator_end=start + len(XSS)))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site]]:
    tmp_path = tmp_path_factory.mktemp("web")
    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    _add_hostile_source(site)
    app = create_app(site.settings, ledger=site.ledger)  # the report's ladder, as served
    app.state.web.estimates.get()  # start fitting now
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", site
    server.should_exit = True
    thread.join(timeout=10)
    site.ledger.close()


def _login(driver, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    form = driver.find_element(By.ID, "login-form")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "password").send_keys(PASSWORD)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The click returns before the redirect's page has loaded on a busy machine: wait for
    # the logged-in page (the name in its header) rather than read the login page.
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".who"))


# First, so the estimates it waits for are those the fixture started fitting (a review
# changes the ledger and starts another fit).
def test_overview_shows_the_ladder(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    computed = None
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        browser.get(base + "/")
        if not browser.find_elements(By.ID, "computing"):
            computed = True
            break
        time.sleep(1)
    assert computed, "the estimates were not ready within 4 minutes"
    methods = [r.get_attribute("data-method") for r in
               browser.find_elements(By.CSS_SELECTOR, "#side-by-side tbody tr[data-method]")]
    assert methods[:3] == ["population_share", "case_ratio", "mixed_model"]
    assert "No headline estimate" in browser.find_element(By.ID, "headline-rule").text
    assert "38,000" in browser.find_element(By.CSS_SELECTOR, "#side-by-side tr.official").text
    chart = browser.find_element(By.ID, "chart")
    assert chart.size["width"] > 500 and chart.size["height"] > 300


# Second, still before any review changes the ledger: the chart of the same estimates.
def test_chart_shows_every_rung_and_runs_no_script(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.delete_all_cookies()
    browser.get(base + "/")
    assert not browser.find_elements(By.ID, "computing")
    fitted = [r.get_attribute("data-method") for r in
              browser.find_elements(By.CSS_SELECTOR, "#side-by-side tbody tr[data-method]")]
    unavailable = browser.find_elements(By.CSS_SELECTOR, "ul.unavailable li")
    assert len(fitted) + len(unavailable) == 4 and "mixed_model" in fitted
    rungs = browser.find_elements(By.CSS_SELECTOR, "#chart g.rung")
    assert [g.get_attribute("data-method") for g in rungs] == fitted
    for group in rungs:  # drawn: each rung's marks take room on the page, in its colour
        box = browser.execute_script("var b = arguments[0].getBBox(); return [b.width, b.height]",
                                     group)
        assert box[0] > 300 and box[1] > 10, group.get_attribute("data-method")
        marks = group.find_elements(By.CSS_SELECTOR, "g.estimate")
        assert len(marks) >= 8 and all(m.find_element(By.TAG_NAME, "circle").is_displayed()
                                       for m in marks)
    legend = browser.find_element(By.CSS_SELECTOR, "#chart g.legend").text
    assert "Estimate, rung 2: Mixed model of the liuzhi-to-cases ratio — 90% probability " \
           "interval" in legend
    if "hierarchical_bayes" in fitted:
        assert "Estimate, rung 3: Hierarchical Bayesian model of all 31 provinces" in legend
    assert "Official national figure (not an estimate)" in legend
    diamonds = browser.find_elements(By.CSS_SELECTOR, "#chart g.official path[data-year]")
    assert {d.get_attribute("data-year") for d in diamonds} == {"2023", "2024"}
    fill = browser.execute_script("return getComputedStyle(arguments[0]).fill", diamonds[0])
    assert fill == "rgb(178, 24, 43)"
    # The text alternative: the same numbers in a table, opened without any script.
    browser.find_element(By.CSS_SELECTOR, "#chart-text summary").click()
    table = browser.find_element(By.ID, "chart-table")
    assert table.is_displayed() and "38,000" in table.text
    heads = table.find_elements(By.CSS_SELECTOR, "thead th[data-method]")
    assert [h.get_attribute("data-method") for h in heads] == fitted
    # No script on the page: none in the document, none fetched.
    assert browser.execute_script("return document.scripts.length") == 0
    assert "<script" not in browser.page_source
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.initiatorType)")
    assert "script" not in fetched and set(fetched) <= {"link", "css", "img", "other"}


def test_review_a_candidate_and_see_it_public(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By

    base, site = server
    _login(browser, base, "reviewer")
    assert "reviewer" in browser.find_element(By.CSS_SELECTOR, ".who").text
    browser.get(f"{base}/review")
    rows = browser.find_elements(By.CSS_SELECTOR, "#candidates tbody tr")
    target = next(r for r in rows if r.find_elements(By.TAG_NAME, "td")[1].text == "liuzhi")
    target.find_element(By.CSS_SELECTOR, "a").click()
    number = browser.find_element(By.CSS_SELECTOR, "#candidate-sentence mark.number")
    assert number.text == "308" and number.is_displayed()
    scope = browser.find_element(By.CSS_SELECTOR, "#accept-form input[name=scope]")
    scope.clear()
    scope.send_keys("all cadres")
    browser.find_element(By.ID, "accept").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda d: "/figures" in d.current_url)
    browser.delete_all_cookies()  # now as an anonymous reader
    browser.get(f"{base}/figures?measure=liuzhi&region=360000&period=2018")
    row = browser.find_element(By.CSS_SELECTOR, "tr[id^=figure-F0]")
    assert "308" in row.text
    row.find_element(By.CSS_SELECTOR, "a.source-link").click()
    assert site.source_id in browser.current_url
    assert "308人" in browser.find_element(By.CSS_SELECTOR, "#source-figures mark.evidence").text


def test_language_switch_is_remembered(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.delete_all_cookies()
    browser.get(f"{base}/figures")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Figures"
    browser.find_element(By.ID, "lang-switch").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "数据"
    browser.get(f"{base}/map")
    assert browser.find_element(By.CSS_SELECTOR, "nav a[href='/sources']").text == "来源"
    browser.find_element(By.ID, "lang-switch").click()
    assert browser.find_element(By.CSS_SELECTOR, "nav a[href='/sources']").text == "Sources"


def test_script_in_a_document_stays_text(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(f"{base}/sources/XSS1")
    evidence = browser.find_element(By.CSS_SELECTOR, "#figure-XSS-F1 mark.evidence")
    assert evidence.text == XSS
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_element(By.TAG_NAME, "h1").text == "<b>bold</b> title"
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main b")
    browser.get(f"{base}/figures?source=XSS1")
    assert browser.find_element(By.CSS_SELECTOR, "#figure-XSS-F1").is_displayed()


def test_map_renders(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(f"{base}/map")
    svg = browser.find_element(By.ID, "province-map")
    assert svg.size["width"] > 500 and svg.size["height"] > 300
    provinces = browser.find_elements(By.CSS_SELECTOR, "#province-map path.province")
    assert len(provinces) == 31
    silent = browser.find_element(By.CSS_SELECTOR, "path.province.none")
    fill = browser.execute_script("return getComputedStyle(arguments[0]).fill", silent)
    assert fill == "rgb(200, 200, 200)"
    shaded = browser.find_elements(By.CSS_SELECTOR, "path.province:not(.none)")
    assert shaded and all(p.size["width"] > 0 for p in shaded)
    assert browser.find_element(By.ID, "silent").text


def test_timeline_shows_the_unodc_nsc_mou(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def wait_for(part: str) -> None:  # a click returns before the next page has loaded
        WebDriverWait(browser, 20).until(lambda d: part in d.current_url
                                         and d.execute_script("return document.readyState")
                                         == "complete")

    base, _ = server
    browser.delete_all_cookies()
    # Not from the overview: a visit there would start a fresh fit of the estimates that
    # could still be running when the test session ends.
    browser.get(f"{base}/registries")
    browser.find_element(By.CSS_SELECTOR, "nav a[href='/timeline']").click()
    wait_for("/timeline")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Timeline"
    form = browser.find_element(By.ID, "timeline-filters")
    Select(form.find_element(By.NAME, "kind")).select_by_value("agreements")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for("kind=agreements")
    row = browser.find_element(By.CSS_SELECTOR, "tr.event[data-id='AG001']")
    assert row.is_displayed()
    assert row.find_element(By.CSS_SELECTOR, "td.date").text == "2019-10-17"
    title = row.find_element(By.CSS_SELECTOR, "td.title").text
    assert "National Commission of Supervision" in title
    assert "United Nations Office on Drugs and Crime" in title
    assert "text not public" in row.text
    row.find_element(By.CSS_SELECTOR, "a[href='/registries/agreements/AG001']").click()
    wait_for("/registries/agreements/AG001")
    assert "2019-10-17" in browser.find_element(By.ID, "agreement").text
    assert browser.find_element(By.CSS_SELECTOR, "#footnotes li.footnote q.locator").text
