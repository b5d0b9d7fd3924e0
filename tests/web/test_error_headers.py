"""Every response carries the security headers, errors included: an unhandled exception
(answered by Starlette outside the middleware), 404, 405, a refused query, static files.
A 500 says nothing of its cause: no traceback, no exception text, no private value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from liuzhi import config
from liuzhi.ledger import Ledger
from liuzhi.web import create_app

CANARY = "private-canary-7f3a9"


def _raise() -> None:
    raise RuntimeError(f"the database said: password={CANARY}")


async def _raise_async() -> None:
    raise KeyError(CANARY)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp_path = tmp_path_factory.mktemp("errors")
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    settings = config.load(home=tmp_path / "home", database_url=url, out_dir=tmp_path / "out")
    ledger = Ledger(url)
    app: FastAPI = create_app(settings, ledger=ledger)
    for path in ("/boom", "/api/v1/boom"):
        app.add_api_route(path, _raise)  # run in the thread pool
        app.add_api_route(path + "-async", _raise_async)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    ledger.close()


def _secured(response: Response) -> None:
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def _silent(response: Response) -> None:
    for leak in (CANARY, "Traceback", "RuntimeError", "KeyError", ".py", "password"):
        assert leak not in response.text, leak


@pytest.mark.parametrize("path", ["/boom", "/boom-async"])
def test_an_unhandled_error_on_a_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 500
    _secured(response)
    _silent(response)
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="error-message">Something went wrong on the server' in response.text
    assert "<script" not in response.text


@pytest.mark.parametrize("path", ["/api/v1/boom", "/api/v1/boom-async"])
def test_an_unhandled_error_in_the_api(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 500
    _secured(response)
    _silent(response)
    assert response.json() == {"ok": False, "status": 500, "error": "Something went wrong on "
                               "the server; the error was logged."}


def test_every_other_answer_has_the_headers(client: TestClient) -> None:
    css = Path(__file__).parents[2] / "liuzhi" / "web" / "static" / "site.css"
    answers = {
        ("GET", "/nothing-here"): 404, ("GET", "/api/v1/nothing-here"): 404,
        ("POST", "/figures"): 405, ("POST", "/api/v1/figures"): 405,
        ("GET", "/figures?page=0"): 400, ("GET", "/api/v1/figures?page=0"): 400,
        ("GET", "/static/site.css"): 200, ("GET", "/static/nothing.css"): 404,
        ("GET", "/"): 200, ("GET", "/api/v1/openapi.json"): 200,
        ("HEAD", "/static/site.css"): 200,
    }
    for (method, path), status in answers.items():
        response = client.request(method, path)
        assert response.status_code == status, path
        _secured(response)
        if path.startswith("/api/") and status >= 400:
            body = response.json()
            assert set(body) == {"ok", "error", "status"} and body["status"] == status, path
    assert client.get("/static/site.css").content == css.read_bytes()
