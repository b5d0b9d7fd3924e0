"""The privacy canary on the web, on SQLite and PostgreSQL: a private case with a unique
string in every text field is requested through EVERY route of the app (pages, API lists
and details, CSV downloads, the timeline, 404s for its id, error pages) as an anonymous
reader and as a viewer; the string appears in no body and no header. Reviewers see it,
marked private, with its text escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from liuzhi.ledger import Source
from liuzhi.registries.models import Case
from tests.web.conftest import Site, login, make_client

CANARY = "CNRY7Q4Z"
HOSTILE = f"{CANARY}<script>window.pwned=1</script>"
CASE_ID = "K9731"  # the id itself is no secret: routes may echo an id they were asked for
OTHER_ID = "K9732"  # exists nowhere


@pytest.fixture(scope="module")
def canary_site(shared_site: Site) -> Iterator[Site]:
    with shared_site.ledger.transaction("archivist") as writer:
        writer.add(Source(id="S9731", title="Company announcement", publisher="Example Daily",
                          issuing_body="Example Co.", kind="company_announcement",
                          url="https://example.org/announcement", published="2024-05-20",
                          secondary=True, language="zh"))
        writer.session.flush()
        writer.add(Case(id=CASE_ID, name=HOSTILE, pseudonym=False, role=f"{CANARY} role",
                        employer=f"{CANARY} employer", ordered_by=f"{CANARY} commission",
                        place_code=CANARY, taken="2024-05", released="2024-09",
                        outcome=f"{CANARY}_outcome", outcome_date="2024-10",
                        public=False, public_reason=f"{CANARY} reason", source_id="S9731",
                        locator=f"{CANARY} locator", notes=f"{CANARY} notes"))
    yield shared_site


def _routes(routes: list[Any]) -> list[Route]:
    found = []
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI keeps included routers whole
            found += _routes(route.original_router.routes)
        elif isinstance(route, Route):
            found.append(route)
    return found


def _requests(client: TestClient) -> list[str]:
    """Every GET route with each path parameter set to the canary's id, to an id that
    does not exist and to 1; every list also as CSV and with the widest page; error
    pages besides."""
    routes = [r for r in _routes(client.app.routes)  # type: ignore[attr-defined]
              if r.methods and "GET" in r.methods]
    paths: set[str] = set()
    for route in routes:
        if "{" not in route.path:
            paths.add(route.path)
            if route.path.startswith("/api/v1/"):
                paths.add(route.path + "?format=csv")
                paths.add(route.path + "?per_page=500")
            continue
        for value in (CASE_ID, OTHER_ID, "1"):
            paths.add(re.sub(r"\{[^}]+\}", value, route.path))
    assert {"/registries/cases", "/api/v1/cases", "/timeline", "/api/v1/timeline",
            f"/registries/cases/{CASE_ID}", f"/api/v1/cases/{CASE_ID}",
            "/registries/agreements", "/api/v1/facilities?format=csv"} <= paths
    return sorted(paths) + [
        "/timeline?kind=cases", "/timeline?kind=cases&since=2024-01-01&until=2024-12-31",
        "/api/v1/timeline?kind=cases&format=csv", "/api/v1/timeline?kind=cases,figures",
        "/api/v1/cases?outcome=" + f"{CANARY}_outcome", "/registries/cases?outcome=",
        "/api/v1/timeline?since=2024-13-01", "/timeline?since=bad", "/api/v1/cases?page=0",
        "/api/v1/cases?per_page=100000", f"/registries/cases/{CASE_ID}/x",
        f"/nowhere/{CASE_ID}", "/api/v1/cases?format=xml", "/api/v1/openapi.json"]


def _exposed(response: Any) -> bool:
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return CANARY in response.text or CANARY.lower() in response.text.lower() \
        or CANARY in headers


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_private_case_never_reaches_readers(canary_site: Site, who: str) -> None:
    with make_client(canary_site) as client:
        if who == "viewer":
            login(client, "viewer")
        requested = _requests(client)
        assert len(requested) > 60
        statuses: dict[str, int] = {}
        for path in requested:
            response = client.get(path, follow_redirects=False)
            statuses[path] = response.status_code
            assert response.status_code < 500, path
            assert not _exposed(response), f"{who} saw the canary at {path}"
            assert "x-liuzhi-private-records" not in response.headers, path
        # The private case's id is "not found", in the same words as an id that is not
        # there (no 403 that would say it exists).
        for base in ("/api/v1/cases/", "/registries/cases/"):
            hidden, absent = client.get(base + CASE_ID), client.get(base + OTHER_ID)
            assert hidden.status_code == absent.status_code == 404
            assert hidden.text.replace(CASE_ID, "X") == absent.text.replace(OTHER_ID, "X")
        assert client.get(f"/api/v1/cases/{CASE_ID}").json() == {
            "ok": False, "status": 404, "error": "No case is shown at this id."}
        # The readers did see public records through the same routes.
        assert statuses["/registries/cases"] == 200
        assert "Chen Yong" in client.get("/registries/cases").text
        assert client.get("/api/v1/cases").json()["total"] >= 1


def test_reviewer_sees_the_private_case_marked(canary_site: Site) -> None:
    with make_client(canary_site) as client:
        login(client, "reviewer")
        listing = client.get("/registries/cases")
        row = re.search(rf'<tr id="case-{CASE_ID}" class="private">.*?</tr>', listing.text)
        assert row and "PRIVATE" in row.group(0) and CANARY in row.group(0)
        assert "&lt;script&gt;" in listing.text and "<script>window" not in listing.text
        items = client.get("/api/v1/cases").json()["items"]
        mine = next(i for i in items if i["id"] == CASE_ID)
        assert mine["private"] is True and mine["name"] == HOSTILE
        assert client.get(f"/api/v1/cases/{CASE_ID}").json()["item"]["private"] is True
        detail = client.get(f"/registries/cases/{CASE_ID}")
        assert detail.status_code == 200 and "private-mark" in detail.text
        timeline = client.get("/api/v1/timeline", params={"kind": "cases"}).json()["items"]
        events = [e for e in timeline if e["id"] == CASE_ID]
        assert [e["date"] for e in events] == ["2024-05", "2024-09", "2024-10"]
        assert all(e["private"] for e in events)
        exported = client.get("/api/v1/cases", params={"format": "csv"})
        assert CANARY in exported.text
        assert exported.headers["x-liuzhi-private-records"] == "may be included"
