"""`liuzhi users add` and `liuzhi serve`'s refusals, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from liuzhi import config
from liuzhi.cli import app
from liuzhi.ledger import Ledger, accounts

runner = CliRunner()


def test_users_add_reads_the_password_from_stdin(home: Path) -> None:
    added = runner.invoke(app, ["users", "add", "ana", "--role", "reviewer"],
                          input="a long passphrase\n")
    assert added.exit_code == 0, added.output
    assert "Added ana (reviewer)" in added.output
    ledger = Ledger(config.load().database_url)
    try:
        user = accounts.authenticate(ledger, "ana", "a long passphrase")
        assert user is not None and user.role == "reviewer"
        assert user.password_hash.startswith("$argon2id$")
        assert accounts.authenticate(ledger, "ana", "a wrong passphrase") is None
    finally:
        ledger.close()
    again = runner.invoke(app, ["users", "add", "ana", "--role", "admin"],
                          input="another passphrase\n")
    assert again.exit_code == 1 and "exists already" in again.output
    for args, words in ((["users", "add", "bo", "--role", "king"], "not one of viewer"),
                        (["users", "add", "bo"], "too short")):
        refused = runner.invoke(app, args, input="short\n")
        assert refused.exit_code == 1 and words in refused.output
        assert "Traceback" not in refused.output


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_serve_refuses_team_mode_without_a_secret(home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIUZHI_WEB_TEAM", "true")
    monkeypatch.delenv("LIUZHI_WEB_SECRET", raising=False)
    refused = runner.invoke(app, ["serve", "--port", "1"])
    assert refused.exit_code == 1 and "LIUZHI_WEB_SECRET" in refused.output
    monkeypatch.delenv("LIUZHI_WEB_TEAM")
    refused = runner.invoke(app, ["serve", "--workers", "2", "--port", "1"])
    assert refused.exit_code == 1 and "LIUZHI_WEB_SECRET" in refused.output
