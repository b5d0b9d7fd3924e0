"""The Chinese report's words for what used to stay English: region names, footnotes and
the registries' labels (fast: no estimator runs)."""

import dataclasses
import datetime as dt
import html as entities
import json
import re
from collections.abc import Iterator
from typing import Any

import jinja2
import numpy as np
import pandas as pd
import pytest

from liuzhi import vocabulary
from liuzhi.publish import report, words


def _row(**changes: object) -> pd.Series:
    row = {"value": 38000.0, "value_high": float("nan"), "measure": "liuzhi",
           "region_name": "China (mainland, 31 provincial units)",
           "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
           "unit": "persons", "qualifier": "approximate", "kind": "official", "scope": "",
           "issuing_body": "中央纪委国家监委 (CCDI/NSC)", "publisher": "Safeguard Defenders",
           "secondary": True, "published": "2025", "source_url": "https://example.org/a",
           "locator": "留置3.8万人"}
    return pd.Series({**row, **changes})


def test_region_names_are_chinese_in_the_chinese_report() -> None:
    zh, en = words.Words("zh"), words.Words("en")
    assert zh.region("Jiangxi") == "江西省" and zh.region("Hangzhou") == "杭州市"
    assert en.region("Jiangxi") == "Jiangxi"
    assert zh.region("Atlantis") == "Atlantis"  # unknown names stay as they are


def test_footnotes_speak_the_report_s_language() -> None:
    en = report._describe(_row())["what"]
    assert en == ("people placed in liuzhi (留置), China (mainland, 31 provincial units), "
                  "2024-01-01 to 2024-12-31: 38,000 persons (approximate)")
    zh = report._describe(_row(region_name="Guangdong", measure="fourth_form",
                               unit="person_times", qualifier="exact", value=3754.0,
                               kind="press_tally"), "zh")["what"]
    assert zh == "运用第四种形态（严重违纪涉嫌违法立案审查调查）处理人次，广东省，" \
                 "2024-01-01至2024-12-31：3,754人次（确数，媒体统计）"
    # every measure, unit, qualifier and kind of the vocabulary has Chinese words
    assert set(words.MEASURE_ZH) == set(vocabulary.MEASURES)
    assert set(words.UNIT_ZH) == set(vocabulary.UNITS)
    assert set(words.QUALIFIER_ZH) == set(vocabulary.QUALIFIERS)
    assert set(words.KIND_ZH) == set(vocabulary.KINDS)


def test_the_registries_labels_come_from_the_words() -> None:
    env = jinja2.Environment(loader=jinja2.PackageLoader("liuzhi.publish", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    source = env.loader.get_source(env, "registries.html.j2")[0]  # type: ignore[union-attr]
    for english in ("Cooperation: agreements", "Correspondence</h3>", "Timeline</h2>",
                    "not given", "unanswered</strong>", "no reply expected"):
        assert english not in source, english
    assert words.TEXT["reg_timeline"]["zh"] == "时间线"


# --------------------------------------------------------------- sentences from the library

def _validation(table: pd.DataFrame) -> dict[str, Any]:
    """A validation.json as ``validation.run`` writes it, its sentences made by the real
    exposure rule and acceptance bar from a few hand-made scores and predictions."""
    from liuzhi.estimate import validation
    from liuzhi.estimate.base import as_table

    rng = np.random.default_rng(0)
    targets = [f"national {y}" for y in (2018, 2023, 2024)]
    scores = pd.DataFrame(
        [{"data": "real", "split": split, "estimator": f"hierarchical_bayes[{e}]",
          "target": target, "crps_log": base + 0.01 * i}
         for split in ("loyo", "lopo") for i, target in enumerate(targets)
         for e, base in (("cases_filed", 0.3), ("punished", 0.29), ("population", 0.5))])
    exposure, rule, phrase = validation.exposure_rule(scores)
    predictions = [validation.Prediction("real", "backtest", label, f"national {year}", "g",
                                         truth, rng.normal(truth * shift, 2000, 400))
                   for label, shift in (("population_share", 0.3), ("case_ratio", 1.0),
                                        ("hierarchical_bayes[cases_filed]", 1.02))
                   for year, truth in ((2023, 26000.0), (2024, 38000.0))]
    summary = pd.DataFrame([{"data": "synthetic-mcar", "split": "lopo", "estimator": rung,
                             "skill": 0.21, "skill_low": 0.13, "skill_high": 0.29,
                             "coverage90": 0.92, "coverage50": 0.5}
                            for rung in ("case_ratio", "mixed_model")])
    verdicts = validation.judge(predictions, summary, as_table(table), exposure)
    return json.loads(json.dumps({
        "fingerprint": validation.fingerprint(as_table(table)), "exposure": exposure,
        "exposure_rule": rule, "exposure_phrase": phrase, "verdicts": verdicts,
        "headline": None, "synthetic": True, "seconds": 300.0,
        "sensitivity": [{"exposure": "cases_filed", "delta": "free", "year": 2025,
                         "low": 30000.0, "point": 42000.0, "high": 57000.0, "note": ""},
                        {"exposure": "population", "delta": "free",
                         "note": "HierarchicalBayes did not converge"}],
        "post_hoc": list(validation.POST_HOC),
        "amendments": [dataclasses.asdict(a) for a in validation.AMENDMENTS],
        "summary": [{"data": "real", "split": "backtest", "estimator": "mixed_model",
                     "n": 2, "missing": 2, "crps_log": None, "coverage50": None,
                     "coverage90": None, "interval_score90_rel": None, "skill": None,
                     "skill_low": None, "skill_high": None}]}, ensure_ascii=False))


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The bundled ledger's report in English and Chinese, with a saved validation."""
    from liuzhi.ledger import Ledger
    from liuzhi.registries import bundled, timeline

    folder = tmp_path_factory.mktemp("zh")
    ledger = Ledger(f"sqlite:///{folder / 'ledger.sqlite'}",
                    signing_key=folder / "keys" / "ledger-ed25519.pem")
    bundled.load(ledger, actor="test")  # the figures and the registries, as `liuzhi init`
    saved = _validation(ledger.figure_table())
    out = folder / "out"
    out.mkdir()
    (out / "validation.json").write_text(json.dumps(saved, ensure_ascii=False), "utf-8")
    for lang in ("en", "zh"):
        report.write(ledger, out, validate=False, pdf=False, lang=lang, cache=folder / "cache")
    found = {"saved": saved, "ledger": ledger, "events": timeline.build(ledger).events,
             "en": (out / "report.html").read_text(encoding="utf-8"),
             "zh": (out / "report.zh.html").read_text(encoding="utf-8")}
    yield found
    ledger.close()


def test_the_english_phrases_are_the_library_s_own_sentences(both: dict[str, Any]) -> None:
    from liuzhi.estimate import METHODS, bayes
    from liuzhi.estimate.mixed_model import LogRateMixed

    en, zh = words.Words("en"), words.Words("zh")
    saved = both["saved"]
    # the exposure rule and every check of the acceptance bar, read back from JSON
    assert en.phrase(saved["exposure_phrase"]) == saved["exposure_rule"]
    details = [c for v in saved["verdicts"].values() for c in v["checks"].values()]
    assert {c["phrase"][0] for c in details} >= {"check_baseline", "check_skill",
                                                 "check_coverage", "check_list", "check_b4"}
    for check in details:
        assert en.phrase(check["phrase"]) == check["detail"]
        assert not re.search(r"[A-Za-z]{4,}", _latin_free(zh.phrase(check["phrase"])))
    assert "立案数，即默认值" in zh.phrase(saved["exposure_phrase"])
    # every rung's basis (rung 3's anchored years and convergence from a plain object)
    table = both["ledger"].figure_table()
    fitted = [factory(()).fit(table) for factory in METHODS.values()]
    fitted.append(LogRateMixed().fit(table))
    for method in fitted:
        for year in method.per_year():
            assert en.phrase(year.phrase) == year.basis, (method.name, year.year)
            assert not re.search(r"[A-Za-z]{4,}", _latin_free(zh.phrase(year.phrase)))
    convergence = bayes.Convergence(1.0023, 796.4, 1, 2)
    assert en.phrase(convergence.phrase()) == convergence.describe()
    assert zh.phrase(convergence.phrase()) == ("R-hat 1.002（≤ 1.01），有效样本量（bulk ESS）796"
                                               "（≥ 400），发散转移1次（允许2次）")
    # the timeline: every event's title and marks
    for event in both["events"]:
        assert en.phrase(event.phrase) == event.title, event.id
        assert [en.phrase(p) for p in event.mark_phrases] == list(event.marks), event.id


def _latin_free(text: str) -> str:
    """``text`` without what may stay Latin in Chinese: method codes and their terms."""
    for allowed in ("R-hat", "bulk ESS", "CRPS", "PIT", "LOYO", "LOPO", "log1p", "VALIDATION.md"):
        text = text.replace(allowed, "")
    return text


#: Latin words the Chinese report may carry besides the ledger's own text: the project's
#: name, method codes in parentheses, file and command names, and technical terms.
ALLOWED_LATIN = {"Liuzhi", "Monitor", "VALIDATION", "CRPS", "log1p", "LOYO", "LOPO", "bulk",
                 "Merkle", "SHA-256", "Ed25519", "Amendments", "R-hat", "IS90"}


def _free_text(ledger: Any) -> list[str]:
    """Text the report quotes from the ledger as the sources or the project's records wrote
    it: names, titles, subjects, scopes, locators, publishers, and the amendments (quoted)."""
    from liuzhi.estimate import validation
    from liuzhi.registries import records

    table = ledger.figure_table()
    texts = [str(v) for col in ("issuing_body", "publisher", "scope", "locator",
                                "region_name", "source_title")
             if col in table for v in table[col].dropna()]
    sources = records.source_table(ledger)
    texts += [str(v) for s in sources.values() for v in s.values() if isinstance(v, str)]
    texts += [str(p.get(k) or "") for p in records.parties(ledger).values()
              for k in ("name_en", "name_zh")]
    for comm in records.communications(ledger):
        texts += [str(comm.values.get(k) or "") for k in ("subject", "reference")]
    for case in records.cases(ledger).records:
        v = case.values
        texts.append(f"{v['name']}" + (f", {v['role']}" if v["role"] else ""))
    for kind in ("facilities",):
        texts += [str(r.values.get("name") or "") for r in records.listing(ledger, kind)[0]]
    texts += [t for a in validation.AMENDMENTS for t in (a.what, a.touched)]
    texts.append("HierarchicalBayes did not converge")  # a stored error, marked as English
    return sorted({t for t in texts if t}, key=len, reverse=True)


def test_the_chinese_report_has_no_english_label_text(both: dict[str, Any]) -> None:
    page = both["zh"]
    page = re.sub(r"<style.*?</style>|<svg.*?</svg>|<pre id=\"ledger-head\">.*?</pre>", "",
                  page, flags=re.S)
    # addresses, hashes, keys and commands (in <code>) are identifiers, not words
    page = re.sub(r'<span class="url">.*?</span>|<code>.*?</code>', "", page, flags=re.S)
    text = entities.unescape(re.sub(r"<[^>]+>", "\n", page))
    for quoted in _free_text(both["ledger"]):
        text = text.replace(quoted, "\n")
    text = re.sub(r"“[^”]*”", "", text)  # a source's own words, quoted
    text = re.sub(r"(?<![A-Za-z0-9])[A-Z]{1,3}\d{2,4}(?![A-Za-z0-9])", "", text)  # ids
    english = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", text)
               if w not in ALLOWED_LATIN]
    assert english == [], english[:40]
    # the English report keeps its own words for the same parts
    assert "Touched: the exposure choice" in both["en"] and "修订原文（英文）" in page
    assert "claim reported:" in both["en"] and "所报道的声称" in page


def test_both_languages_carry_the_same_numbers(both: dict[str, Any]) -> None:
    def numbers(page: str) -> set[str]:
        # the signed head is signed anew for each file (its time differs), the rest not
        page = re.sub(r"<style.*?</style>|<svg.*?</svg>|<section class=\"ledger-head\">.*?"
                      r"</section>|<span class=\"url\">.*?</span>|<head>.*?</head>", "", page,
                      flags=re.S)
        text = entities.unescape(re.sub(r"<[^>]+>", " ", page))
        return set(re.findall(r"[−+-]?\d+(?:,\d{3})*(?:\.\d+)?%?", text))

    en, zh = numbers(both["en"]), numbers(both["zh"])
    assert en - zh == set() and zh - en == set(), (sorted(en - zh)[:30], sorted(zh - en)[:30])
