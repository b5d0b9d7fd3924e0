"""A property-based run against the OpenAPI document (schemathesis): whatever the
generated query, path or body, no operation answers 500. Run logged in as an admin, with
the CSRF token, so the reviewer and admin operations are reached too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from liuzhi.publish import results
from liuzhi.web import create_app
from tests.web.conftest import login, make_site


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    tmp_path: Path = tmp_path_factory.mktemp("openapi")
    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    app = create_app(site.settings, ledger=site.ledger, compute=results.compute)
    with TestClient(app) as client:
        login(client, "admin")
        csrf = client.get("/api/v1/me").json()["csrf"]
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    yield app, {"Cookie": cookie, "X-CSRF-Token": csrf}
    site.ledger.close()


def test_no_server_error(admin_app: tuple[Any, dict[str, str]]) -> None:
    app, headers = admin_app
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.text}")
            elif response.status_code >= 400:
                body = response.json()
                assert body["ok"] is False and body["status"] == response.status_code

        run()
    assert not failures, failures
