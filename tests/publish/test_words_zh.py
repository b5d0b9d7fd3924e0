"""The Chinese report's words for what used to stay English: region names, footnotes and
the registries' labels (fast: no estimator runs)."""

import datetime as dt

import jinja2
import pandas as pd

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
