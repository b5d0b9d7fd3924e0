"""Evidence bundles: valid BagIt bags with originals, WARCs, text and metadata."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bagit
import pytest

from liuzhi.capture import capture_path, write_bundle
from liuzhi.config import Settings
from liuzhi.errors import BundleError
from liuzhi.ledger import Ledger
from liuzhi.ledger.models import Capture
from tests.capture import documents
from tests.capture.conftest import DATA, Site

URL = "https://www.jnsjw.example.gov.cn/scdc/202401/t20240122_1.html"


@pytest.fixture
def captured(ledger: Ledger, settings: Settings, site: Site, tmp_path: Path,
             report_pdf: bytes) -> tuple[str, str]:
    """Two sources: a page captured twice by URL, and a PDF file."""
    site.serve(URL, documents.simplified_page().encode())
    client = site.client()
    capture_path(ledger, settings, URL, actor="tester", client=client)
    site.serve(URL, documents.simplified_page().replace("612人", "621人").encode())
    [page] = capture_path(ledger, settings, URL, actor="tester", client=client, again=True)
    (tmp_path / "report.pdf").write_bytes(report_pdf)
    [pdf] = capture_path(ledger, settings, tmp_path / "report.pdf", actor="tester")
    return page.source_id, pdf.source_id


def test_a_bundle_is_a_valid_bag_of_everything(ledger: Ledger, settings: Settings,
                                               tmp_path: Path,
                                               captured: tuple[str, str]) -> None:
    page_source, pdf_source = captured
    result = write_bundle(ledger, settings, [page_source, pdf_source], tmp_path / "bundle",
                          actor="tester")
    assert (result.sources, result.captures) == (2, 3)
    bag = bagit.Bag(str(tmp_path / "bundle"))
    bag.validate()
    assert set(bag.algorithms) == {"sha256"}
    data = tmp_path / "bundle" / "data"
    manifest = {path: digests["sha256"] for path, digests in bag.entries.items()}
    index = json.loads((data / "bundle.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in index["sources"]] == [page_source, pdf_source]
    with ledger.session() as session:
        for capture in session.query(Capture):
            folder = data / capture.source_id / f"capture-{capture.id}"
            original = next(folder.glob("original.*"))
            assert manifest[f"data/{original.relative_to(data)}"] == capture.sha256
            assert (folder / "text.txt").read_text(encoding="utf-8") == capture.text
            metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
            assert metadata["capture"]["sha256"] == capture.sha256
            assert "text" not in metadata["capture"]
            assert [e["action"] for e in metadata["audit"]] == ["insert"]
            if capture.method == "url":
                warc_file = data / metadata["files"]["warc"]
                assert hashlib.sha256(warc_file.read_bytes()).hexdigest() == \
                    capture.warc_path.rsplit("/", 1)[-1]
            else:
                assert original.suffix == ".pdf" and "warc" not in metadata["files"]
    source = json.loads((data / page_source / "source.json").read_text(encoding="utf-8"))
    assert source["url"] == URL and source["audit"][0]["actor"] == "tester"
    assert "Contact-Name" in bag.info and not list(tmp_path.glob(".bundle.partial-*"))


def test_bundle_refusals(ledger: Ledger, settings: Settings, tmp_path: Path,
                         captured: tuple[str, str]) -> None:
    page_source, _ = captured
    with pytest.raises(BundleError, match="There is no source S999"):
        write_bundle(ledger, settings, ["S999"], tmp_path / "b1")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(BundleError, match="already exists and is not an empty folder"):
        write_bundle(ledger, settings, [page_source], tmp_path / "full")
    capture_path(ledger, settings, DATA / "tongbao-utf8.html", actor="tester")
    with ledger.session() as session:
        stored = settings.store_dir / session.query(Capture).filter_by(
            source_id=page_source).first().store_path  # type: ignore[union-attr]
    stored.chmod(0o644)
    stored.write_bytes(b"tampered")
    with pytest.raises(BundleError, match="was altered"):
        write_bundle(ledger, settings, [page_source], tmp_path / "b2")
    assert not (tmp_path / "b2").exists() and not list(tmp_path.glob(".b2.partial-*"))


def test_a_source_without_captures_has_nothing_to_bundle(ledger: Ledger, settings: Settings,
                                                         tmp_path: Path) -> None:
    from liuzhi.ledger.models import Source

    with ledger.transaction("tester") as writer:
        writer.add(Source(id="S900", title="", publisher="x", issuing_body="x",
                          kind="news_report", url=URL, secondary=True, language="zh"))
    with pytest.raises(BundleError, match="S900 has no captures"):
        write_bundle(ledger, settings, ["S900"], tmp_path / "b")
    empty = tmp_path / "empty"
    empty.mkdir()
    capture_path(ledger, settings, URL, actor="tester",
                 client=_serving(documents.simplified_page().encode()))
    write_bundle(ledger, settings, ["S900"], empty)  # an empty folder is fine
    bagit.Bag(str(empty)).validate()


def _serving(body: bytes):  # type: ignore[no-untyped-def]
    site = Site()
    site.serve(URL, body)
    return site.client()
