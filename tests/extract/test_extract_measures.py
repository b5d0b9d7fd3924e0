"""Trigger words and the contexts that block them (liuzhi.extract.measures), seen
through ``extract`` so that each rule is tested where it acts."""

from __future__ import annotations

import pytest

from liuzhi.extract import extract
from liuzhi.extract.measures import find_triggers
from liuzhi.extract.script import fold


def measures_of(text: str) -> list[tuple[str, int, str]]:
    return [(c.measure, c.value, c.unit) for c in extract(text, document_date="2024-01-20")]


def test_several_measures_in_one_sentence():
    assert measures_of("立案1.2万件，处分1.1万人，留置312人") == [
        ("cases_filed", 12000, "cases"),
        ("punished", 11000, "persons"),
        ("liuzhi", 312, "persons"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对1,234人采取留置措施。", [("liuzhi", 1234, "persons")]),
        ("共有521名公职人员被采取留置措施。", [("liuzhi", 521, "persons")]),
        ("运用留置措施602人次。", [("liuzhi", 602, "person_times")]),
        ("办理留置案件264件。", [("liuzhi", 264, "cases")]),
        ("对42人采取指定居所监视居住措施。", [("rsdl", 42, "persons")]),
        ("移送检察机关审查起诉1,056人。", [("transferred_for_prosecution", 1056, "persons")]),
        ("已提起公诉1.5万人。", [("prosecuted", 15000, "persons")]),
        ("依法追究刑事责任的1,105人。", [("criminal_liability", 1105, "persons")]),
        ("追回外逃人员1,624人。", [("fugitives_returned", 1624, "persons")]),
        ("立案审查调查县处级干部300人。", [("cases_filed", 300, "persons")]),
    ],
)
def test_triggers(text, expected):
    assert measures_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "承运人对涉案12件货物享有留置权。",
        "保管人对其中300件家电行使留置权。",
        "对其中37人依照人民警察法第九条的规定留置盘问。",
        "对286名有违法犯罪嫌疑的人员实施留置盘问。",
        "某派出所去年因此留置32人。",
        "采用留置送达方式送达法律文书1,356件。",
        "留置观察患者216人。",
        "全年留置导尿管患者共计812人。",
        "留置时间不得超过三个月。",
        "依据监察法第二十二条，可以将其留置。",
        "全省留置人数同比增长12.5%。",
        "比上年增加留置25人。",
        "建成留置场所88个，可同时容纳被留置人员1,200人。",
        "配备留置看护人员2,300名。",
        "依法解除留置12人，变更留置措施3人，延长留置期限5人。",
        "共评查留置案件312件。",
        "组织留置安全培训1,200人次。",
        "至少有3人在留置期间死亡。",
        "向有关部门移送问题线索46件。",
        "不起诉647人，退回补充调查1,021人次。",
        "对被留置的犯罪嫌疑人依法先行拘留1.6万人。",
        "公司其他7名董事均正常履职，公司董事长被留置。",
    ],
)
def test_negatives(text):
    assert measures_of(text) == []


def test_release_then_transfer_keeps_the_transfer():
    assert measures_of("解除留置后移送检察机关审查起诉18人。") == [
        ("transferred_for_prosecution", 18, "persons")
    ]


def test_blockers_win_over_the_trigger_they_contain():
    folded = fold("解除留置留置权")
    found = [(t.measure, folded[t.start:t.end]) for t in find_triggers(folded)]
    assert found == [(None, "解除留置"), (None, "留置权")]


def test_traditional_characters():
    assert measures_of("對1,126人採取留置措施，給予黨紀政務處分3.3萬人。") == [
        ("liuzhi", 1126, "persons"),
        ("punished", 33000, "persons"),
    ]


def test_first_character_guard_loses_nothing():
    import re
    from pathlib import Path

    from liuzhi.extract import evaluate, measures

    data = Path(__file__).resolve().parents[1] / "data" / "extract"
    texts = [p.text for name in ("passages.yaml", "heldout.yaml", "unseen.yaml",
                                 "realpages.yaml", "realpages2.yaml", "realpages3.yaml",
                                 "realpages4.yaml", "realpages5.yaml")
             for p in evaluate.load(data / name)]
    texts += ["国家工作人员", "工作人员3人", "不起诉", "审查起诉", "人民警察法", "继续盘问"]
    unguarded = re.compile(measures.UNGUARDED_TRIGGER)
    for text in texts:
        folded = fold(text)
        assert [(m.span(), m.lastgroup) for m in measures.TRIGGER.finditer(folded)] == [
            (m.span(), m.lastgroup) for m in unguarded.finditer(folded)
        ]


def test_period_guard_loses_nothing():
    import re
    from pathlib import Path

    from liuzhi.extract import evaluate, periods

    data = Path(__file__).resolve().parents[1] / "data" / "extract"
    texts = [p.text for name in ("passages.yaml", "heldout.yaml", "unseen.yaml",
                                 "realpages.yaml", "realpages2.yaml", "realpages3.yaml",
                                 "realpages4.yaml", "realpages5.yaml")
             for p in evaluate.load(data / name)]
    texts += ["党的十八大以来", "二十大以来", "二〇二三年", "2023年1-6月", "1至9月份", "第3季度",
              "12月15日", "天网2023", "三年来", "5年以来", "上半年", "年内", "2018年至2023年"]
    # the same pattern guarded by its first characters alone
    first_only = re.compile(f"(?=[{periods._FIRST}])"
                            + periods.PERIOD.pattern.removeprefix(periods.PERIOD_GUARD))
    for text in texts:
        folded = fold(text)
        guarded = [(m.span(), m.groupdict()) for m in periods.PERIOD.finditer(folded)]
        plain = [(m.span(), m.groupdict()) for m in first_only.finditer(folded)]
        # empty matches are skipped by the reader
        assert [g for g in guarded if g[0][0] != g[0][1]] == [
            p for p in plain if p[0][0] != p[0][1]]


@pytest.mark.parametrize(
    "text",
    [
        # capacity: what facilities can take is not a count of people held
        "全省已建成留置场所102个，可同时满足600人留置需要。",
        "新建留置中心可供300人同时使用。",
        "全市留置能力提升至150人。",
        # staff described by the work they do, and staff nouns
        "其中从事留置案件审理工作的320名。",
        "承担留置看护任务的干警120名。",
        "负责留置工作的监察官86名。",
        "审理留置案件212件。",
    ],
)
def test_capacity_and_staff_are_not_placements(text):
    assert measures_of(text) == []


def test_a_placement_count_next_to_a_capacity_is_kept():
    assert measures_of("2023年全省留置312人，留置场所可同时满足600人留置需要。") == [
        ("liuzhi", 312, "persons"),
    ]


def test_the_prefilter_lets_every_trigger_through() -> None:
    """extract reads only the sentences that hold a prefilter word: every trigger phrase,
    in every spelling that folds to it (處分, 勸返, 天網, 追迴…), must hold one."""
    import itertools
    import re

    from liuzhi.extract import candidates, measures, script

    # the triggers that are patterns, written out
    spelled = {r"追究(?:其)?刑事责任": ["追究刑事责任", "追究其刑事责任"],
               r"(?<![审不])起诉": ["起诉"],
               r"(?<!后被)追回|(?<=后被)追回(?!的?人员)": ["追回"]}
    variants: dict[str, set[str]] = {}
    for code, simplified in script._FOLD_ALL.items():
        variants.setdefault(simplified, set()).add(chr(code))
    for words in measures.TRIGGERS.values():
        for word in words:
            examples = spelled.get(word, [word])
            assert examples == [word] or word in spelled, word
            assert re.escape(word) == word or word in spelled, f"spell out {word} above"
            for example in examples:
                assert measures.TRIGGER.fullmatch(example), example
                for letters in itertools.product(
                        *[[c, *sorted(variants.get(c, ()))] for c in example]):
                    text = "".join(letters)
                    assert candidates._PREFILTER.search(text), text


def test_a_sentence_whose_only_trigger_is_sky_net_is_read():
    # 天网 was a trigger the prefilter did not let through: such a sentence was never read
    assert measures_of("“天網2023”行動共抓獲外逃人員1,200人。") == [
        ("fugitives_returned", 1200, "persons")]
