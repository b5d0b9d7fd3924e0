"""The answer cache (``liuzhi.web.cache``), on SQLite and PostgreSQL: a kept answer is sent
again until the ledger changes, a write is in the very next answer, kept answers carry the
security headers, and only anonymous answers are kept or served, so a reviewer's page with
a private record never reaches anyone else."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from liuzhi.errors import LedgerError
from liuzhi.ledger import Ledger, Source, queries
from liuzhi.publish import results
from liuzhi.registries.models import Case
from liuzhi.web import cache, create_app, security
from liuzhi.web.cache import Answers
from tests.web.conftest import Site, login, make_site

CANARY = "CQ8VX2LM"


def _app_clients(site: Site) -> tuple[TestClient, TestClient]:
    """An anonymous reader and a second client (to log in) over one app, one cache."""
    app = create_app(site.settings, ledger=site.ledger, compute=results.compute)
    return TestClient(app), TestClient(app)


def _answers(client: TestClient) -> Answers:
    found: Answers = client.app.state.answers  # type: ignore[attr-defined]
    return found


def test_a_write_is_in_the_next_answer(site: Site) -> None:
    reader, reviewer = _app_clients(site)
    with reader, reviewer:
        kept = _answers(reader)
        first = reader.get("/api/v1/figures?per_page=1")
        total = first.json()["total"]
        hits = kept.hits
        again = reader.get("/api/v1/figures?per_page=1")
        assert kept.hits == hits + 1 and again.content == first.content
        for name in security.HEADERS:  # a kept answer is sent with the security headers
            assert again.headers[name] == security.HEADERS[name]
        assert reader.get("/api/v1/figures?per_page=1", headers={
            "If-None-Match": again.headers["etag"]}).status_code == 304
        page = reader.get("/figures?source=" + site.source_id).text

        # A reviewer accepts a candidate in the browser: the next anonymous answer has it.
        login(reviewer, "reviewer")
        csrf = reviewer.get("/api/v1/me").json()["csrf"]
        pending = queries.candidates(site.ledger).items[0]
        accepted = reviewer.post(f"/api/v1/candidates/{pending['id']}/accept",
                                 headers={"X-CSRF-Token": csrf}, json={})
        assert accepted.status_code == 200, accepted.text
        figure_id = accepted.json()["figure"]
        after = reader.get("/api/v1/figures?per_page=1")
        assert after.json()["total"] == total + 1
        assert after.headers["etag"] != again.headers["etag"]
        assert reader.get("/api/v1/figures?per_page=1", headers={
            "If-None-Match": again.headers["etag"]}).status_code == 200
        assert figure_id not in page
        assert figure_id in reader.get("/figures?source=" + site.source_id).text


def test_a_write_behind_the_ledger_is_seen_on_sqlite(tmp_path: Path) -> None:
    """SQLite's data_version moves with any commit, even one made without the ledger."""
    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    with TestClient(create_app(site.settings, ledger=site.ledger,
                               compute=results.compute)) as reader:
        before = reader.get("/api/v1/figures?sort=value&desc=true&per_page=1").json()
        assert reader.get("/api/v1/figures?sort=value&desc=true&per_page=1").json() == before
        other = sqlite3.connect(site.settings.database_url.removeprefix("sqlite:///"))
        with other:
            other.execute("UPDATE figures SET value = 987654321 WHERE id = ?",
                          (before["items"][0]["id"],))
        other.close()
        after = reader.get("/api/v1/figures?sort=value&desc=true&per_page=1").json()
        assert after["items"][0]["value"] == 987654321
    site.ledger.close()


@pytest.fixture(scope="module")
def private_site(shared_site: Site) -> Iterator[Site]:
    """The module's shared site with a private case holding the canary."""
    with shared_site.ledger.transaction("archivist") as writer:
        writer.add(Source(id="S9841", title="Announcement", publisher="Example Daily",
                          issuing_body="Example Co.", kind="company_announcement",
                          url="https://example.org/a", published="2024-05-20",
                          secondary=True, language="zh"))
        writer.session.flush()
        writer.add(Case(id="K9841", name=CANARY, pseudonym=False, role="role",
                        employer="employer", ordered_by="commission", place_code="360000",
                        taken="2024-05", released="2024-09", outcome="released",
                        outcome_date="2024-10", public=False, public_reason="reason",
                        source_id="S9841", locator="locator", notes="notes"))
    yield shared_site


def test_private_answers_are_never_kept_or_served(private_site: Site,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With the cases list made a cached path, a reviewer's answer (which holds the
    private case) is not kept, and anonymous answers are not served to the reviewer."""
    monkeypatch.setattr(cache, "CACHED_PATHS", cache.CACHED_PATHS | {"/api/v1/cases",
                                                                     "/registries/cases"})
    reader, reviewer = _app_clients(private_site)
    with reader, reviewer:
        kept = _answers(reader)
        login(reviewer, "reviewer")
        for path in ("/api/v1/cases?per_page=500", "/registries/cases", "/figures"):
            assert reviewer.get(path).status_code == 200
            shown = reviewer.get(path)  # not kept above, so not served now
            assert "etag" not in shown.headers
            if "cases" in path:
                assert CANARY in shown.text
            misses = kept.misses
            anonymous = reader.get(path)
            assert kept.misses == misses + 1  # the reviewer's answer was not kept
            assert CANARY not in anonymous.text and CANARY not in str(anonymous.headers)
            again = reader.get(path)
            assert again.headers["etag"] and again.content == anonymous.content
            served = reviewer.get(path)  # the anonymous answer is not the reviewer's
            assert "etag" not in served.headers
            if "cases" in path:
                assert CANARY in served.text
        assert 'class="who"' in reviewer.get("/").text
        assert 'class="who"' not in reader.get("/").text


def test_the_overview_is_made_again_when_the_estimates_change(shared_site: Site) -> None:
    """The overview's key holds the estimates' version: the page kept while they were
    being fitted is not sent once they are done."""
    release = threading.Event()

    def compute(ledger: Ledger) -> results.Results:
        release.wait(60)
        raise LedgerError(f"fitted: {CANARY}")

    app = create_app(shared_site.settings, ledger=shared_site.ledger, compute=compute)
    with TestClient(app) as reader:
        waiting = reader.get("/")
        assert 'id="computing"' in waiting.text
        kept, hits = app.state.answers, app.state.answers.hits
        assert reader.get("/").headers["etag"] == waiting.headers["etag"]
        assert kept.hits == hits + 1
        release.set()
        app.state.web.estimates.wait(60)
        done = reader.get("/")
        assert 'id="computing"' not in done.text and CANARY in done.text


def test_kept_answers_expire_unless_the_state_is_exact(shared_site: Site) -> None:
    """On PostgreSQL (the audit head) nothing is kept past max_age, which bounds a change
    made behind the audit log; SQLite's data_version needs no such bound."""
    kept = Answers(shared_site.ledger, max_age=-1.0)  # expired as soon as kept
    entry = cache.Entry([], b"body", b'"tag"')
    kept.put("state", "key", entry)
    kept.counted("state", "count", lambda: 1)
    exact = shared_site.settings.database_url.startswith("sqlite:///")
    assert kept.state.exact == exact
    assert (kept.get("state", "key") is entry) == exact
    assert kept.counted("state", "count", lambda: 2) == (1 if exact else 2)
    assert kept.get("other state", "key") is None
