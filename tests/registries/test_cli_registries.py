"""The registry commands through the real CLI entry point."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from liuzhi.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    text = re.sub(r"[\u2500-\u257f]", " ", result.stdout + result.stderr)  # table borders
    return result.exit_code, " ".join(text.split())


def test_timeline_on_a_fresh_home_shows_the_mou_beside_the_figures(home: Path) -> None:
    code, text = run("timeline", "--since", "2019-10-01", "--until", "2019-10-31")
    assert code == 0
    assert "2019-10-17 agreements AG001" in text
    assert "2019-10-17 2021-06-29 figures LZ011" in text  # Safeguard Defenders' 28,983
    code, text = run("timeline", "--kind", "communications", "--until", "2021-06-29")
    assert code == 0 and "UNANSWERED: 638–667 days without reply" in text  # the WGEID letter
    assert "sources disagree on the date: 2020-11-02 (S201); 2020-11-03 (S214)" in text
    code, text = run("timeline", "--kind", "letters")
    assert code == 1 and "not a timeline kind" in text and "Traceback" not in text
    code, text = run("timeline", "--since", "2021-01-01", "--until", "2020-01-01")
    assert code == 1 and "swap them" in text


def test_lists_and_shows(home: Path) -> None:
    code, text = run("agreements")
    assert code == 0 and "AG001" in text and "19 agreements." in text
    code, text = run("agreements", "AG005")
    assert code == 0 and "not_renewed" in text and "AU-AFP" in text
    code, text = run("communications", "CM003", "--as-of", "2021-06-29")
    assert code == 0 and "sources disagree on the date" in text
    assert "answered: yes, by CM004" in text
    code, text = run("facilities", "FC001")
    assert code == 0 and "9间羁押室" in text and "420700" in text
    code, text = run("cases")
    assert code == 0 and "Chen Yong" in text and "6 cases." in text
    code, text = run("cases", "K999")
    assert code == 1 and "No case has the id 'K999'" in text
