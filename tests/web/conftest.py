"""A web app over a real ledger (SQLite, and PostgreSQL when given), with a captured
document, extraction candidates and an account of each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from liuzhi import config, review
from liuzhi.capture import SourceDefaults, capture_path
from liuzhi.ledger import Ledger, accounts
from liuzhi.publish import results
from liuzhi.registries import bundled
from liuzhi.web import create_app
from tests.conftest import POSTGRES_URL, _wipe_postgres, missing

PASSWORD = "correct horse battery"
REPORT = ("<html><head><meta charset='utf-8'><title>江西省纪委监委2019年工作报告</title></head>"
          "<body><h1>江西省纪委监委2019年工作报告</h1><p>2018年，全省纪检监察机关共立案1.2万件，"
          "处分1.1万人，对308人采取留置措施，其中厅处级干部56人。</p>"
          "<p>留置权纠纷案件不在此列。</p></body></html>")


@dataclass
class Site:
    settings: config.Settings
    ledger: Ledger
    capture_id: int
    source_id: str


def make_site(tmp_path: Path, url: str) -> Site:
    settings = config.load(home=tmp_path / "home", database_url=url, actor="archivist",
                           out_dir=tmp_path / "out")
    ledger = Ledger(url)
    bundled.load(ledger, actor="test")  # the figures and the registries
    document = tmp_path / "report.html"
    document.write_text(REPORT, encoding="utf-8")
    captured = capture_path(ledger, settings, document, actor="archivist",
                            defaults=SourceDefaults(issuing_body="江西省纪委监委",
                                                    publisher="江西省纪委监委网站",
                                                    kind="work_report"))
    capture_id, source_id = captured[0].capture_id, captured[0].source_id
    review.extract_captures(ledger, [capture_id], actor="bot")
    for role in accounts.ROLES:
        accounts.add_user(ledger, role, role, PASSWORD)
    return Site(settings, ledger, capture_id, source_id)


@pytest.fixture
def site(tmp_path: Path, database_url: str) -> Iterator[Site]:
    """A site a test may change."""
    made = make_site(tmp_path, database_url)
    yield made
    made.ledger.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_site(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site per module and database, for tests that only read."""
    tmp_path = tmp_path_factory.mktemp("site")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    else:
        if not POSTGRES_URL:
            missing("PostgreSQL (LIUZHI_TEST_DATABASE_URL)")
        _wipe_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    made = make_site(tmp_path, url)
    yield made
    made.ledger.close()


def make_client(site: Site) -> TestClient:
    return TestClient(create_app(site.settings, ledger=site.ledger, compute=results.compute))


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with make_client(site) as test_client:
        yield test_client


@pytest.fixture
def reader(shared_site: Site) -> Iterator[TestClient]:
    """A fresh client (no cookies) over the shared site."""
    with make_client(shared_site) as test_client:
        yield test_client


def login(client: TestClient, name: str, password: str = PASSWORD) -> None:
    csrf = client.get("/api/v1/me").json()["csrf"]
    response = client.post("/login", data={"name": name, "password": password, "csrf": csrf,
                                           "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text
