"""`liuzhi capture`, `liuzhi verify` (on the store) and `liuzhi bundle`, through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import bagit
import httpx
import pytest
from typer.testing import CliRunner

from liuzhi.capture import fetch
from liuzhi.cli import app
from tests.capture import documents
from tests.capture.conftest import DATA, Site

runner = CliRunner()
URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Site:
    """Every client the CLI makes talks to this offline site."""
    site = Site()
    monkeypatch.setattr(fetch, "make_client", lambda limits, transport=None: httpx.Client(
        transport=httpx.MockTransport(site.handle)))
    return site


def test_capture_files_and_a_failure(home: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    code, out, err = run("capture", str(DATA / "tongbao-gbk.html"), str(tmp_path / "empty.html"),
                         "--publisher", "江南省纪委监委", "--kind", "statistical_bulletin")
    assert code == 1
    assert "tongbao-gbk.html: capture #1, source C" in out and "(new source)" in out
    assert "1 captured, 0 already captured, 1 failed." in out
    assert f"Error: {tmp_path / 'empty.html'} is empty (0 bytes)" in " ".join(err.split())
    code, out, _ = run("capture", str(DATA / "tongbao-gbk.html"))
    assert code == 0 and "already captured as capture #1" in out and "--again" in out


def test_capture_a_folder(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("tongbao-utf8.html", "tongbao-big5.html", "report-utf8.txt"):
        shutil.copy(DATA / name, folder / name)
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    code, out, _ = run("capture", str(folder))
    assert code == 0 and "3 captured, 0 already captured, 0 failed." in out
    assert "Left out 1 file(s)" in out


def test_links_that_leave_a_folder_are_skipped_and_named(home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "secrets").mkdir(parents=True)
    (outside / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (outside / "secrets" / "key.txt").write_text("do not archive\n", encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(DATA / "tongbao-utf8.html", folder / "a.html")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "copy.txt").symlink_to(outside / "passwd.txt")
    (folder / "dir").symlink_to(outside / "secrets", target_is_directory=True)
    (folder / "same.html").symlink_to(folder / "a.html")  # stays inside: captured
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    code, out, _ = run("capture", str(folder))
    flat = " ".join(out.split())
    assert code == 0 and "1 captured, 1 already captured, 0 failed." in flat
    for name, target in (("passwd.txt", "/etc/passwd"), ("copy.txt", str(outside)),
                         ("dir", str(outside / "secrets")),
                         ("dangling.txt", str(tmp_path / "gone.txt"))):
        assert f"Skipped {folder / name}: a link that leads out of the folder (to {target}" \
            in flat
    assert "root:x:0" not in out
    store = home / "store"
    archived = b"".join(f.read_bytes() for f in store.rglob("*") if f.is_file())
    assert b"root:" not in archived and b"do not archive" not in archived


def test_capture_a_url_again_reports_the_change(home: Path, site: Site) -> None:
    page = documents.simplified_page()
    site.serve(URL, page.encode())
    code, out, _ = run("capture", URL)
    assert code == 0 and "capture #1" in out
    code, out, _ = run("capture", URL)
    assert code == 0 and "already captured" in out
    code, out, _ = run("capture", "--again", URL)
    assert code == 0 and "unchanged since capture #1" in out
    site.serve(URL, page.replace("612人", "621人").encode())
    code, out, _ = run("capture", "--again", URL)
    assert code == 0 and "changed since capture #2" in " ".join(out.split())


def test_capture_refuses_with_one_paragraph(home: Path, site: Site) -> None:
    site.redirect(URL, URL + "?a")
    site.redirect(URL + "?a", URL)
    code, _, err = run("capture", URL)
    assert code == 1 and "redirects in a loop" in err and "Traceback" not in err
    code, _, err = run("capture", str(DATA / "tongbao-utf8.html"), "--max-bytes", "1KB")
    assert code == 1 and "over the capture limit of 1 KB" in " ".join(err.split())
    code, _, err = run("capture", str(DATA / "tongbao-utf8.html"), "--kind", "blog")
    assert code == 1 and "--kind 'blog' is not a source kind" in err


def test_names_are_printed_not_interpreted(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "通报[bold red]x.html"
    shutil.copy(DATA / "tongbao-utf8.html", path)
    code, out, _ = run("capture", str(path))
    assert code == 0 and "通报[bold red]x.html" in out


def test_verify_finds_an_altered_capture(home: Path) -> None:
    run("capture", str(DATA / "tongbao-utf8.html"))
    code, out, _ = run("verify")
    assert code == 0 and "Evidence store intact" in out and "Audit chain intact" in out
    stored = next(p for p in (home / "store").rglob("*")
                  if p.is_file() and p.relative_to(home / "store").parts[0] != "tmp")
    stored.chmod(0o644)
    stored.write_bytes(b"<html>altered</html>")
    code, out, _ = run("verify")
    assert code == 1 and "capture #1" in out and "was altered" in " ".join(out.split())
    stored.unlink()
    code, out, _ = run("verify")
    assert code == 1 and "is missing" in " ".join(out.split())


def test_bundle(home: Path, tmp_path: Path) -> None:
    code, out, _ = run("capture", str(DATA / "tongbao-big5.html"))
    source_id = out.split("source ")[1].split()[0]
    code, out, _ = run("bundle", source_id, "-o", str(tmp_path / "bag"))
    assert code == 0 and "1 capture(s) of 1 source(s)" in out
    bagit.Bag(str(tmp_path / "bag")).validate()
    code, _, err = run("bundle", "S999", "-o", str(tmp_path / "bag2"))
    assert code == 1 and "There is no source S999" in err
