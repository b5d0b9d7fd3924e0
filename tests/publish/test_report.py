import csv
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from liuzhi.ledger import Figure, Ledger
from liuzhi.publish import report, results


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from liuzhi.ledger import bundled

    folder = tmp_path_factory.mktemp("report")
    ledger = Ledger(f"sqlite:///{folder / 'ledger.sqlite'}",
                    signing_key=folder / "keys" / "ledger-ed25519.pem")
    bundled.load(ledger, actor="test")
    report.write(ledger, folder / "out")
    ledger.close()
    return folder / "out"


def test_the_report_carries_the_ledgers_signed_head(written: Path) -> None:
    from liuzhi.ledger import publication

    html = (written / "report.html").read_text(encoding="utf-8")
    head = publication.read_head(written / "report.html")
    assert head.size == 34 + 46 + 109 and publication.check_signature(head)
    assert head.public_key in html and head.root_hash in html  # printed for readers
    assert publication.read_head(written / "ledger-head.json") == head


def test_all_four_files_are_written(written: Path) -> None:
    for name in ("report.html", "report.pdf", "estimates.csv", "estimates.json"):
        assert (written / name).stat().st_size > 1000, name


def test_html_is_self_contained(written: Path) -> None:
    html = (written / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r'(src|href)="(?!#)', html), "every link must stay inside the page"
    assert "<link" not in html
    assert "<svg" in html  # the chart is inline


def test_every_estimate_is_labelled_and_every_footnote_resolves(written: Path) -> None:
    html = (written / "report.html").read_text(encoding="utf-8")
    cited = set(re.findall(r'href="#fn-(\d+)"', html))
    defined = set(re.findall(r'<li id="fn-(\d+)"', html))
    assert cited == defined and len(defined) > 10
    assert "National totals cover the 31 mainland provincial units." in html
    assert html.count('class="estimate-label"') >= 8
    # The official figures carry their sources, and secondary pages are marked.
    assert "safeguarddefenders.com/en/blog/liuzhi-use-partys-secret-detention-system-soars" in html
    assert "(secondary)" in html


def test_numbers_match_the_estimates_files(written: Path) -> None:
    with (written / "estimates.csv").open(encoding="utf-8") as handle:
        rows = {(r["method"], r["year"]): r for r in csv.DictReader(handle)}
    html = (written / "report.html").read_text(encoding="utf-8")
    for (method, year), row in rows.items():
        assert row["kind"] == "estimate"
        assert f"{int(row['count_point']):,}" in html, (method, year)
    assert rows[("case_ratio", "2024")]["official_value"] == "38000"
    data = json.loads((written / "estimates.json").read_text(encoding="utf-8"))
    window = next(w for w in data["cumulative"] if w["since"] == "2019-10-17"
                  and w["until"] == "2021-06-29" and w["method"] == "case_ratio")
    assert window["references"][0]["value"] == 28983
    assert {b["held_out"] for b in data["leave_one_out"]} == {"LZ001", "LZ003"}


def test_pdf_has_the_same_content_with_chinese_text(written: Path) -> None:
    text = "".join(page.extract_text() for page in PdfReader(written / "report.pdf").pages)
    assert "How many people are placed in liuzhi" in text
    assert "留置" in text
    assert "中央纪委国家监委" in text
    assert "Leave-one-out" in text


def test_text_from_sources_is_escaped(tmp_path: Path) -> None:
    from liuzhi.ledger import bundled

    ledger = Ledger(f"sqlite:///{tmp_path / 'l.sqlite'}")
    bundled.load(ledger, actor="test")
    with ledger.transaction("test") as writer:
        figure = writer.session.get(Figure, "LZ007")
        assert figure is not None
        writer.update(figure, locator='<script>alert("x")</script><img src=x onerror=alert(1)>')
    html, _ = report.render_html(results.compute(ledger))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    ledger.close()


def test_a_saved_validation_is_shown_with_its_post_hoc_changes(tmp_path: Path) -> None:
    from liuzhi.estimate import validation
    from liuzhi.estimate.base import as_table
    from liuzhi.ledger import bundled

    ledger = Ledger(f"sqlite:///{tmp_path / 'l.sqlite'}")
    bundled.load(ledger, actor="test")
    table = ledger.figure_table()
    # the shape `liuzhi validate-models` writes; its numbers are not what is tested here
    saved = {"fingerprint": validation.fingerprint(as_table(table)),
             "exposure": "punished", "exposure_rule": "ranks first in both splits",
             "headline": None, "synthetic": True, "seconds": 300,
             "verdicts": {"case_ratio": {"meets": False, "checks": {
                 "B1": {"ok": True, "detail": "skill <b>0.21</b>"}}}},
             "sensitivity": [{"exposure": "punished", "delta": -0.3, "year": 2025,
                              "low": 30000.0, "point": 42000.0, "high": 57000.0, "note": ""}],
             "post_hoc": list(validation.POST_HOC), "summary": []}
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    html, _ = report.render_html(results.compute(ledger, validation_file=path, ladder=True))
    text = re.sub(r"<[^>]+>", " ", html)
    assert "No estimator meets the pre-registered acceptance bar" in text
    assert "(post hoc): 2026-11-29, rung 3, how it is sampled" in text
    assert re.search(r"punished\s+-0\.3\s+2025\s+42,000\s+\(30,000–57,000\)", text)
    assert "skill &lt;b&gt;0.21&lt;/b&gt;" in html  # text in a saved file is escaped too
    # the same figures with one changed: the saved validation no longer applies
    with ledger.transaction("test") as writer:
        figure = writer.session.get(Figure, "LZ007")
        assert figure is not None
        writer.update(figure, value=309)
    html, _ = report.render_html(results.compute(ledger, validation_file=path, ladder=True))
    assert "the saved validation was run on different figures" in html
    ledger.close()
