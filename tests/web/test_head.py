"""HEAD is answered as GET without the body: same status and headers, no bytes (link
checkers and ``curl -I`` use it; FastAPI's GET routes alone answer it 405)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PATHS = ["/", "/figures", "/figures?sort=value", "/api/v1/figures", "/agreements",
         "/static/site.css", "/nothing-here", "/api/v1/nothing-here"]


@pytest.mark.parametrize("path", PATHS)
def test_head_is_get_without_body(reader: TestClient, path: str) -> None:
    got = reader.get(path)
    head = reader.head(path)
    assert head.status_code == got.status_code
    assert head.content == b""
    for name in ("content-type", "content-security-policy", "x-content-type-options"):
        assert head.headers.get(name) == got.headers.get(name), name
    if "content-length" in got.headers:
        assert head.headers["content-length"] == str(len(got.content))


def test_head_on_a_post_only_route_is_still_refused(reader: TestClient) -> None:
    assert reader.head("/logout").status_code == 405
    assert reader.head("/api/v1/candidates/1/accept").status_code == 405
