"""The report opened in real headless Chromium (Debian's chromium and chromedriver)."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import missing

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        missing("Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,2000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def test_headline_table_renders(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    from liuzhi.ledger import Ledger, bundled
    from liuzhi.publish import report

    ledger = Ledger(f"sqlite:///{tmp_path / 'l.sqlite'}")
    bundled.load(ledger, actor="test")
    report.write(ledger, tmp_path / "out", pdf=False, validate=False)
    ledger.close()

    browser.get((tmp_path / "out" / "report.html").as_uri())
    headline = browser.find_element(By.ID, "headline")
    assert headline.is_displayed()
    assert headline.size["height"] > 100 and headline.size["width"] > 400
    rows = headline.find_elements(By.CSS_SELECTOR, "tbody tr")
    # the ladder, simplest first, named in words; rung 3 appears when it is installed (it
    # passes its convergence check on these figures), else the page says why
    from liuzhi.estimate import bayes

    shown = [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows]
    for row, name in zip(shown, ("Population share (the 2019/2021 NGO method)",
                                 "Case ratio", "Mixed model")):
        assert name in row
    if bayes.available():
        assert len(shown) == 4 and "Hierarchical Bayesian model" in shown[3]
        assert "People held on an average day" in browser.page_source
    else:
        assert len(shown) == 3 and "is not shown" in browser.page_source
    # no validation was run for this ledger, so the rule picks no headline and says so
    assert "validation was not run" in browser.find_element(By.ID, "headline-rule").text
    # the official figure stands apart, with its own year, not under the 2025 columns
    assert "38,000 placements in 2024" in browser.find_element(By.ID, "latest-official").text
    assert "38,000" not in headline.text
    chart = browser.find_element(By.CSS_SELECTOR, "figure.chart svg")
    assert chart.size["height"] > 200
    # The chart and the footnote links work offline: following one lands on its source.
    link = headline.find_element(By.CSS_SELECTOR, "sup.fn a")
    target = link.get_attribute("href").split("#")[1]
    assert browser.find_element(By.ID, target).text.startswith("LZ")
    browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
