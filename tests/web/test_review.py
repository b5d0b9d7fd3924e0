"""Reviewing in the browser's forms and through the API: the same library calls as
`liuzhi review`, each decision audited under the logged-in name."""

from __future__ import annotations

import json

import sqlalchemy as sa
from fastapi.testclient import TestClient

from liuzhi.ledger import AuditEvent, Figure
from tests.web.conftest import Site, login


def _pending(client: TestClient, measure: str = "liuzhi") -> list[dict]:  # type: ignore[type-arg]
    items = client.get("/api/v1/candidates").json()["items"]
    return [c for c in items if c["measure"] == measure]


def test_reviewer_accepts_with_an_edit_in_the_form(client: TestClient, site: Site) -> None:
    login(client, "reviewer")
    parent = _pending(client)[0]
    page = client.get(f"/review/{parent['id']}").text
    assert '<mark class="number">308</mark>' in page
    csrf = client.get("/api/v1/me").json()["csrf"]
    form = {"csrf": csrf, "scope": "whole province", "value": "308", "kind": "official"}
    response = client.post(f"/review/{parent['id']}/accept", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    public = TestClient(client.app)
    listed = public.get("/api/v1/figures", params={"source": site.source_id}).json()["items"]
    (figure,) = listed
    assert (figure["value"], figure["scope"], figure["capture_id"]) == (308, "whole province",
                                                                        site.capture_id)
    assert f'id="figure-{figure["id"]}"' in public.get(
        "/figures", params={"source": site.source_id}).text
    with site.ledger.session() as session:
        events = session.scalars(sa.select(AuditEvent).where(sa.or_(
            sa.and_(AuditEvent.entity == "figures", AuditEvent.entity_id == figure["id"]),
            sa.and_(AuditEvent.entity == "candidates", AuditEvent.action == "update",
                    AuditEvent.entity_id == str(parent["id"]))))).all()
    assert len(events) >= 2 and {e.actor for e in events} == {"reviewer"}
    again = client.post(f"/review/{parent['id']}/accept", data=form)
    assert again.status_code == 400 and "already accepted" in again.text


def test_api_accept_and_reject(client: TestClient, site: Site) -> None:
    login(client, "admin")
    csrf = client.get("/api/v1/me").json()["csrf"]
    first, second = _pending(client)[:2]
    bad = client.post(f"/api/v1/candidates/{first['id']}/accept", json={"edits": {"colour": "x"}},
                      headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 400 and "colour" in bad.json()["error"]
    accepted = client.post(f"/api/v1/candidates/{first['id']}/accept", json={},
                           headers={"X-CSRF-Token": csrf}).json()
    assert accepted["ok"] is True
    rejected = client.post(f"/api/v1/candidates/{second['id']}/reject",
                           json={"note": "duplicate"}, headers={"X-CSRF-Token": csrf})
    assert rejected.json() == {"ok": True}
    with site.ledger.session() as session:
        assert session.get(Figure, accepted["figure"]) is not None
        event = session.scalars(sa.select(AuditEvent).where(
            AuditEvent.entity == "candidates", AuditEvent.entity_id == str(second["id"]))
            .order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.actor == "admin"
    assert json.loads(event.after)["note"] == "duplicate"
    statuses = {c["id"]: c["status"] for c in client.get(
        "/api/v1/candidates", params={"status": "rejected"}).json()["items"]}
    assert statuses == {second["id"]: "rejected"}
