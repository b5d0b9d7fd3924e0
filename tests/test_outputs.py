"""No command writes over the ledger, the evidence store or an existing file (issue 10,
item 1). ``--force`` replaces plain files only."""

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from liuzhi import config
from liuzhi.cli import app
from liuzhi.errors import OutputRefused
from liuzhi.outputs import check_file, check_folder

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sqlite_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("LIUZHI_HOME", str(home))
    monkeypatch.delenv("LIUZHI_DATABASE_URL", raising=False)
    monkeypatch.delenv("LIUZHI_CONFIG", raising=False)
    monkeypatch.setenv("LIUZHI_ACTOR", "tester")
    monkeypatch.chdir(tmp_path)
    assert run("init")[0] == 0
    (home / "store" / "sha256").mkdir(parents=True, exist_ok=True)
    return home


def test_export_onto_the_ledger_is_refused(sqlite_home: Path) -> None:
    ledger = sqlite_home / "ledger.sqlite"
    before = ledger.read_bytes()
    for extra in ((), ("--force",)):
        code, _, err = run("export", "-f", "csv", "-o", str(ledger), *extra)
        assert code == 1
        assert "is the ledger database" in err and "nothing was written" in err
    for sidecar in ("ledger.sqlite-wal", "ledger.sqlite-journal"):
        code, _, err = run("export", "-f", "json", "-o", str(sqlite_home / sidecar), "--force")
        assert code == 1 and "ledger database" in err
    assert ledger.read_bytes() == before
    assert run("verify")[0] == 0


def test_a_link_to_the_ledger_is_the_ledger(sqlite_home: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.csv"
    link.symlink_to(sqlite_home / "ledger.sqlite")
    hard = tmp_path / "hard.csv"
    os.link(sqlite_home / "ledger.sqlite", hard)
    for target in (link, hard):
        code, _, err = run("export", "-f", "csv", "-o", str(target), "--force")
        assert code == 1 and "ledger database" in err


def test_an_existing_file_needs_force(sqlite_home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    code, _, err = run("export", "-f", "csv", "-o", str(mine))
    assert code == 1 and "already exists" in err and "--force" in err
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    code, out, _ = run("export", "-f", "csv", "-o", str(mine), "--force")
    assert code == 0 and mine.read_text(encoding="utf-8").startswith("figure_id,")


def test_force_is_for_plain_files_only(sqlite_home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run("export", "-f", "csv", "-o", str(fifo), "--force")
    assert code == 1 and "not a plain file" in err
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run("export", "-f", "csv", "-o", str(folder), "--force")
    assert code == 1 and "is a folder" in err and "give a file name" in err


def test_nothing_is_written_into_the_store(sqlite_home: Path) -> None:
    store = sqlite_home / "store"
    before = sorted(store.rglob("*"))
    for args in (("export", "-f", "csv", "-o", str(store / "x.csv")),
                 ("export", "-f", "datapackage", "-o", str(store / "pkg")),
                 ("report", "--no-pdf", "-o", str(store / "sha256")),
                 ("validate-models", "-o", str(store)),
                 ("bundle", "S001", "-o", str(store / "bag"))):
        code, _, err = run(*args)
        assert code == 1, args
        assert "evidence store" in err, (args, err)
    assert sorted(store.rglob("*")) == before


def test_report_into_a_file_or_over_its_files(sqlite_home: Path, tmp_path: Path) -> None:
    existing = tmp_path / "report.txt"
    existing.write_text("keep me", encoding="utf-8")
    code, _, err = run("report", "--no-pdf", "-o", str(existing))
    assert code == 1 and "is a file, not a folder" in err
    assert existing.read_text(encoding="utf-8") == "keep me"
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "estimates.csv").write_text("mine", encoding="utf-8")
    code, _, err = run("report", "--no-pdf", "-o", str(folder))
    assert code == 1 and "estimates.csv already exists" in err and "--force" in err
    assert (folder / "estimates.csv").read_text(encoding="utf-8") == "mine"
    assert not (folder / "report.html").exists()


def test_validate_models_into_a_file_is_refused(sqlite_home: Path, tmp_path: Path) -> None:
    existing = tmp_path / "v.json"
    existing.write_text("{}", encoding="utf-8")
    code, _, err = run("validate-models", "-o", str(existing))
    assert code == 1 and "is a file, not a folder" in err


def test_a_data_package_keeps_files_it_would_replace(sqlite_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "figures.csv").write_text("hand-made", encoding="utf-8")
    code, _, err = run("export", "-f", "datapackage", "-o", str(folder))
    assert code == 1 and "figures.csv already exists" in err
    assert (folder / "figures.csv").read_text(encoding="utf-8") == "hand-made"
    assert not (folder / "datapackage.json").exists()


def test_home_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIUZHI_DATABASE_URL", raising=False)
    monkeypatch.delenv("LIUZHI_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = run("validate", "--home", str(not_a_folder))
    assert code == 1 and "is a file, not a folder" in err and "--home" in err
    assert not_a_folder.read_text(encoding="utf-8") == "x"


def test_unwritable_output_folder(sqlite_home: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    code, _, err = run("export", "-f", "csv", "-o", str(blocker / "f.csv"))
    assert code == 1 and "cannot be written" in err and "is a file" in err
    monkeypatch.setenv("LIUZHI_OUT", str(blocker / "out"))
    code, _, err = run("report", "--no-pdf")
    assert code == 1 and "cannot be written" in err
    code, _, err = run("export", "-f", "csv", "-o", "/proc/liuzhi-test.csv")
    assert code == 1 and "cannot be written" in err
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"


def test_the_library_guard(tmp_path: Path) -> None:
    settings = config.Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'l.sqlite'}",
                               actor="t", out_dir=tmp_path / "out")
    (tmp_path / "l.sqlite").write_bytes(b"")
    with pytest.raises(OutputRefused, match="ledger database"):
        check_file(tmp_path / "out" / ".." / "l.sqlite", settings, force=True)
    with pytest.raises(OutputRefused, match="evidence store"):
        check_folder(tmp_path / "store" / "a" / "b", settings)
    assert check_file(tmp_path / "new.csv", settings) == tmp_path / "new.csv"
