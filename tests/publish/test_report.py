import csv
import html as entities
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
    # the validation is tested end to end in tests/estimate/test_validation.py (it runs
    # there once, with one synthetic panel); here the report is written without it
    report.write(ledger, folder / "out", validate=False)
    report.write(ledger, folder / "out", validate=False, lang="zh")
    ledger.close()
    return folder / "out"


def test_the_report_carries_the_ledgers_signed_head(written: Path) -> None:
    from liuzhi.ledger import publication

    html = (written / "report.html").read_text(encoding="utf-8")
    head = publication.read_head(written / "report.html")
    assert head.size > 0 and publication.check_signature(head)
    assert head.public_key in html and head.root_hash in html  # printed for readers
    # ledger-head.json is the head of the last report written (here the Chinese one, signed
    # again a moment later): the same tree, signed at another time
    beside = publication.read_head(written / "ledger-head.json")
    assert (beside.size, beside.root_hash) == (head.size, head.root_hash)
    assert publication.check_signature(beside)


def _text(page: str) -> str:
    """The page's text: tags, the chart and entities removed, spaces collapsed."""
    return entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(
        r"<svg.*?</svg>", "", page, flags=re.S))))


def test_all_four_files_are_written(written: Path) -> None:
    for name in ("report.html", "report.pdf", "estimates.csv", "estimates.json",
                 "report.zh.html", "report.zh.pdf"):
        assert (written / name).stat().st_size > 1000, name


def test_the_report_opens_with_a_plain_summary_in_either_language(written: Path) -> None:
    en = _text((written / "report.html").read_text(encoding="utf-8"))
    summary = en[en.index("In brief"):en.index("Headline numbers")]
    assert "Officials have released 2 national liuzhi totals: 26,000 in 2023" in summary
    assert "38,000 in 2024 (about 104 a day)" in summary
    assert "“a minimum average of 16 to 76”" in summary and "“at least 28,983”" in summary
    assert "Population share (the 2019/2021 NGO method) gives" in summary
    assert "validation was not run" in summary  # why there is no headline
    zh = _text((written / "report.zh.html").read_text(encoding="utf-8"))
    assert "2023年26,000人" in zh and "2024年38,000人" in zh and "至少28,983人" in zh
    assert "人口比例法" in zh and "分层贝叶斯模型" in zh
    # same numbers in both: every estimate's point in the English report is in the Chinese
    points = set(re.findall(r"\d{1,3}(?:,\d{3})+", en[en.index("Headline numbers"):]))
    assert points <= set(re.findall(r"\d{1,3}(?:,\d{3})+", zh))
    # methods are named in words, not identifiers, wherever a reader sees them
    assert "population_share" not in en and "hierarchical_bayes" not in en


def test_an_unknown_language_is_refused_before_any_work(tmp_path: Path) -> None:
    from liuzhi.errors import PublishError

    with pytest.raises(PublishError, match="no language 'fr'.*--lang en or --lang zh"):
        report.write(None, tmp_path / "out", lang="fr")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_the_headline_table_holds_only_the_year_its_columns_name(written: Path) -> None:
    html = (written / "report.html").read_text(encoding="utf-8")
    table = _text(html[html.index('<table id="headline">'):])
    table = table[:table.index("The population share and case ratio methods give")]
    assert "national count, 2025" in table and "38,000" not in table
    assert "Official" not in table
    assert ("Latest official national figure: 38,000 placements in 2024 (103.8 a day)"
            in _text(html))


def test_one_rule_for_days_is_stated_and_applied(written: Path) -> None:
    text = _text((written / "report.html").read_text(encoding="utf-8"))
    assert ("from 17 March 2017 (the first liuzhi) in the 2017 pilot provinces Beijing, "
            "Shanxi and Zhejiang, and from 20 March 2018 (the Supervision Law) elsewhere") in text
    rates = text[text.index("Regional rates used"):text.index("Inputs:")]
    assert re.search(r"LZ005 \d+ Beijing, Shanxi and Zhejiang \(2017 pilot\) 183 168 ", rates)
    assert re.search(r"LZ007 \d+ Jiangxi 308 287 ", rates)


def test_population_share_says_which_inputs_and_cites_the_pilot_populations(written: Path) -> None:
    html = (written / "report.html").read_text(encoding="utf-8")
    text = _text(html)
    assert ("Left out: LZ006, Hangzhou: it lies within Beijing, Shanxi and Zhejiang (2017 "
            "pilot) (LZ005) in an overlapping period, so it is not an independent region") in text
    footnoted = set(re.findall(r"<strong>(PO\d+)</strong>", html))
    assert {"PO002", "PO005", "PO012", "PO015"} <= footnoted


def test_case_ratio_marks_in_sample_years_and_explains_its_range(written: Path) -> None:
    text = _text((written / "report.html").read_text(encoding="utf-8"))
    per_year = text[text.index("Per year"):text.index("Cumulative")]
    assert per_year.count("in-sample") == 3  # 2023, 2024 and the note under the table
    assert "the low end is Hangzhou 2017 (0.12% of the pooled cases filed), 39% of the point" \
        in text
    with (written / "estimates.csv").open(encoding="utf-8") as handle:
        rows = {(r["method"], r["year"]): r for r in csv.DictReader(handle)}
    assert rows[("case_ratio", "2024")]["in_sample"] == "True"
    assert rows[("case_ratio", "2025")]["in_sample"] == "False"


def test_official_years_are_shown_as_official_by_the_models(written: Path) -> None:
    html = (written / "report.html").read_text(encoding="utf-8")
    ladder = _text(html[html.index('<table id="ladder">'):])
    row_2024 = ladder[ladder.index(" 2024 "):ladder.index(" 2025 ")]
    assert row_2024.count("official figure 38,000") == 2  # mixed model and Bayesian model
    with (written / "estimates.csv").open(encoding="utf-8") as handle:
        rows = {(r["method"], r["year"]): r for r in csv.DictReader(handle)}
    assert rows[("hierarchical_bayes", "2024")]["interval"] == "official figure (fitted to it)"
    assert rows[("hierarchical_bayes", "2025")]["interval"] == "90% probability"


def test_the_183_day_scenario_applies_only_before_the_june_2025_change(written: Path) -> None:
    text = _text((written / "report.html").read_text(encoding="utf-8"))
    held = text[text.index("People held on an average day"):]
    assert re.search(r"With 43 days, .* in 2025: [\d,]+ \([\d,]+–[\d,]+\)", held)
    assert re.search(r"until 31 May 2025, in 2024, the last whole year under it: [\d,]+", held)
    assert "no maximum scenario is given for 2025" in held


def test_each_figure_names_its_own_issuing_body(written: Path) -> None:
    assert report.issuer("中央纪委国家监委 (CCDI/NSC); Safeguard Defenders",
                         "Safeguard Defenders", "official") == "中央纪委国家监委 (CCDI/NSC)"
    assert report.issuer("中央纪委国家监委 (CCDI/NSC); Safeguard Defenders",
                         "Safeguard Defenders", "ngo_estimate") == "Safeguard Defenders"
    text = _text((written / "report.html").read_text(encoding="utf-8"))
    assert re.search(r"LZ003 — .*? Issued by 中央纪委国家监委 \(CCDI/NSC\); published by "
                     r"Safeguard Defenders \(secondary\)", text)
    assert "(CCDI/NSC); Safeguard Defenders; published" not in text


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
    page = (written / "report.html").read_text(encoding="utf-8")
    for (method, year), row in rows.items():
        assert row["kind"] == "estimate"
        if row["interval"].startswith("official figure"):  # shown as the official figure
            assert f"official figure {int(row['official_value']):,}" in _text(page)
            continue
        assert f"{int(row['count_point']):,}" in page, (method, year)
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
    zh = "".join(page.extract_text() for page in PdfReader(written / "report.zh.pdf").pages)
    assert "有多少人被留置" in zh and "留一检验" in zh


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
                 "B1": {"ok": True, "detail": "skill <b>0.21</b>"}}},
                 "hierarchical_bayes": {"meets": False, "checks": {
                     "B1": {"ok": False, "detail": "skill 0.11"},
                     "B3": {"ok": True, "detail": "in 80%"}}}},
             "sensitivity": [{"exposure": "punished", "delta": -0.3, "year": 2025,
                              "low": 30000.0, "point": 42000.0, "high": 57000.0, "note": ""}],
             "post_hoc": list(validation.POST_HOC),
             "summary": [{"data": "real", "split": "backtest", "estimator": "mixed_model",
                          "n": 2, "missing": 2, "crps_log": None, "coverage50": None,
                          "coverage90": None, "interval_score90_rel": None, "skill": None,
                          "skill_low": None, "skill_high": None}]}
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    computed = results.compute(ledger, validation_file=path, ladder=True)
    html, _ = report.render_html(computed)
    text = _text(html)
    assert "No method meets the pre-registered acceptance bar" in text
    # every amendment in the post hoc box, with what it touched
    assert "(post hoc), each an amendment" in text
    for key in ("A1", "A2", "A3", "A4"):
        assert f"{key} (2026-11-29):" in text
    assert "Touched: the exposure choice, rung 3's verdicts" in text
    assert "A5 (2026-11-30): post hoc, after A4's ten-seed check" in text
    assert re.search(r"people punished -0\.3 2025 42,000 \(30,000–57,000\)", text)
    # the report's Bayesian rung uses the exposure the validation chose, and says so
    ladder = computed.ladder
    assert ladder is not None and ladder.methods["hierarchical_bayes"].exposure == "punished"
    assert ("uses the exposure people punished: the one the validation chose (ranks first in "
            "both splits)") in text
    # a rung the validation could not backtest says so beside its numbers
    assert ("Mixed model of the liuzhi-to-cases ratio could not be backtested on any real "
            "split") in text
    assert ("gives no single headline number: the Hierarchical Bayesian model of all 31 "
            "provinces failed: better than population share on simulated provinces.") in text
    assert "skill &lt;b&gt;0.21&lt;/b&gt;" in html  # text in a saved file is escaped too
    # the same figures with one changed: the saved validation no longer applies
    with ledger.transaction("test") as writer:
        figure = writer.session.get(Figure, "LZ007")
        assert figure is not None
        writer.update(figure, value=309)
    computed = results.compute(ledger, validation_file=path, ladder=True)
    assert computed.ladder is not None and computed.ladder.stale
    assert computed.ladder.validation is None
    ledger.close()


def test_listed_company_executives_are_a_separate_measure(written: Path) -> None:
    page = (written / "report.html").read_text(encoding="utf-8")
    text = _text(page[page.index('<section id="listed-companies">'):])
    text = text[:text.index("Methods compared")]
    assert "never part of any total above" in text
    assert re.search(r"1 January 2024 – 15 December 2024 at least 51 \d+ 第一财经", text)
    assert re.search(r"1 January 2025 – 30 September 2025 at least 39 \d+ 凤凰网风财讯", text)
    # tried as an indicator (VALIDATION.md A8), shown apart and marked as never scored
    assert re.search(r"Tried as an indicator for 2025 \(VALIDATION.md A8, post hoc\): "
                     r"37,255 placements nationally", text)
    assert "Not scored: there is no official national figure for 2025 yet." in text
    assert "has no year to be tested on" in text
    zh = _text((written / "report.zh.html").read_text(encoding="utf-8"))
    assert "作为2025年的参考指标试用" in zh and "尚未评分" in zh
    # the series enters no estimate: no method cites it
    with (written / "estimates.csv").open(encoding="utf-8") as handle:
        assert not any("LC00" in row["figures"] for row in csv.DictReader(handle))


def test_the_chinese_report_names_regions_footnotes_and_registries_in_chinese(
        written: Path) -> None:
    zh_page = (written / "report.zh.html").read_text(encoding="utf-8")
    zh = _text(zh_page)
    en = _text((written / "report.html").read_text(encoding="utf-8"))
    # a footnote: the vocabulary's words and the region in Chinese, the source's own text kept
    assert "被留置人数，江西省，2018-01-01至2018-12-31：308人（确数）" in zh
    assert "people placed in liuzhi (留置), Jiangxi, 2018-01-01 to 2018-12-31: 308 persons" in en
    # the report's own footnotes (the last list; the registries' timeline titles are theirs)
    footnotes = _text(zh_page[zh_page.rindex('<ol class="footnotes">'):])
    assert "被留置人数" in footnotes
    assert "people placed in liuzhi" not in footnotes and ", Jiangxi," not in footnotes
    # the registries' sections
    assert "合作：协议与往来函件" in zh and "时间线" in zh
    assert "Cooperation: agreements and correspondence" in en
    assert "Cooperation: agreements" not in zh and "Sources of the cooperation" not in zh
