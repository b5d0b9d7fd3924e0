"""Who may do what: every write route refused to anonymous readers and viewers, CSRF on
every form, one error shape, security headers, team mode's key. The login rate limit is
tested in test_login_limit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from liuzhi import config
from liuzhi.errors import ConfigError
from liuzhi.ledger import AuditEvent
from liuzhi.web import create_app, security
from tests.web.conftest import PASSWORD, Site, login, make_client


def _all_routes(routes: list[Any]) -> list[Route]:
    found = []
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI keeps included routers whole
            found += _all_routes(route.original_router.routes)
        elif isinstance(route, Route):
            found.append(route)
    return found


def _write_routes(client: TestClient) -> list[str]:
    routes = [r for r in _all_routes(client.app.routes)  # type: ignore[attr-defined]
              if r.methods and r.methods - {"GET", "HEAD"}]
    paths = sorted({re.sub(r"\{[^}]+\}", "1", r.path) for r in routes})
    assert {"/login", "/logout", "/review/1/accept", "/review/1/reject",
            "/api/v1/candidates/1/accept", "/api/v1/candidates/1/reject"} <= set(paths)
    return paths


def _events(site: Site) -> int:
    import sqlalchemy as sa

    with site.ledger.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_readers_can_write_nothing(shared_site: Site, who: str) -> None:
    with make_client(shared_site) as client:
        if who == "viewer":
            login(client, "viewer")
        csrf = client.get("/api/v1/me").json()["csrf"]
        before = _events(shared_site)
        for path in _write_routes(client):
            if path in ("/login", "/logout"):
                continue  # anyone may try to log in or out; neither writes to the ledger
            response = client.post(path, data={"csrf": csrf}, headers={"X-CSRF-Token": csrf},
                                   follow_redirects=False)
            assert response.status_code == (401 if who == "anonymous" else 403), path
        for path in ("/review", "/api/v1/candidates", "/admin/audit", "/api/v1/audit",
                     "/admin/verify", "/api/v1/verify"):
            assert client.get(path).status_code in (401, 403), path
        assert _events(shared_site) == before


def test_reviewer_is_not_admin(reader: TestClient) -> None:
    login(reader, "reviewer")
    assert reader.get("/review").status_code == 200
    assert reader.get("/admin/audit").status_code == 403
    assert reader.get("/api/v1/verify").json() == {
        "ok": False, "status": 403,
        "error": "Your account (reviewer) may not do this: it needs the role admin or above."}


def test_admin_sees_audit_and_verify(reader: TestClient) -> None:
    login(reader, "admin")
    audit = reader.get("/api/v1/audit", params={"actor": "bot"}).json()
    assert audit["total"] > 0 and {e["actor"] for e in audit["items"]} == {"bot"}
    assert reader.get("/api/v1/verify").json()["intact"] is True
    assert 'id="chain-ok"' in reader.get("/admin/verify").text
    assert "<table id=\"audit\">" in reader.get("/admin/audit").text


def test_every_form_needs_its_csrf_token(reader: TestClient) -> None:
    reader.get("/")
    refused = reader.post("/login", data={"name": "admin", "password": PASSWORD,
                                          "csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403 and reader.get("/api/v1/me").json()["user"] is None
    login(reader, "reviewer")
    for path in ("/review/1/reject", "/review/1/accept", "/logout"):
        assert reader.post(path, data={}, follow_redirects=False).status_code == 403, path
    assert reader.post("/api/v1/candidates/1/reject", json={}).status_code == 403
    assert reader.get("/api/v1/me").json()["user"] == "reviewer"


def test_session_cookie_and_security_headers(reader: TestClient) -> None:
    assert "set-cookie" not in reader.get("/").headers  # no form, no session needed
    response = reader.get("/login")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "http://" not in response.text.replace("http://www.w3.org", "")
    assert "https://" not in response.text


ROUTES = ["/api/v1/nothing", "/api/v1/figures?page=0", "/api/v1/figures?sort=evil",
          "/api/v1/figures?period=last", "/api/v1/figures?per_page=100000",
          "/api/v1/figures/NOPE", "/api/v1/sources/NOPE", "/api/v1/captures/999999",
          "/api/v1/captures/abc", "/api/v1/regions/999999", "/api/v1/candidates",
          "/api/v1/candidates/1", "/api/v1/audit", "/api/v1/verify",
          "/api/v1/figures?format=xml"]


def test_one_error_shape(reader: TestClient) -> None:
    for path in ROUTES:
        response = reader.get(path)
        body = response.json()
        assert set(body) == {"ok", "error", "status"}, path
        assert body["ok"] is False and body["status"] == response.status_code >= 400, path
        assert isinstance(body["error"], str) and body["error"], path
    posted = reader.post("/api/v1/figures")
    assert posted.json() == {"ok": False, "status": 405,
                             "error": "This address does not take that method."}
    page = reader.get("/sources/NOPE")
    assert page.status_code == 404 and "No source has the id" in page.text


def test_team_mode_needs_a_secret(shared_site: Site) -> None:
    import dataclasses

    team = dataclasses.replace(shared_site.settings, web_team=True)
    with pytest.raises(ConfigError, match="LIUZHI_WEB_SECRET"):
        create_app(team, ledger=shared_site.ledger)
    with pytest.raises(ConfigError, match="at least 32"):
        create_app(dataclasses.replace(team, web_secret="short"), ledger=shared_site.ledger)
    secret = "s" * 40
    one, two = (TestClient(create_app(dataclasses.replace(team, web_secret=secret),
                                      ledger=shared_site.ledger)) for _ in range(2))
    login(one, "viewer")
    # a second worker with the same key accepts the first one's session
    two.cookies.update(one.cookies)
    assert two.get("/api/v1/me").json()["user"] == "viewer"
    assert security.signing_key(None, team=False, workers=1) != security.signing_key(
        None, team=False, workers=1)
    assert config.BY_NAME["web_secret"].in_file is False
