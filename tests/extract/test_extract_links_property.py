"""Whatever the text, the links between candidates are sound: a part points at another
candidate of the same list, is smaller than its whole in the same unit, and no chain of
parts goes round in a circle. Texts are built from fragments of the shapes the rules
handle (totals, 其中, 含上述, breakdowns, captions, table lines, corrections)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from liuzhi.extract import extract

FRAGMENTS = [
    "上半年全市留置56人。", "其中，处级干部100人。", "其中处级干部56人，（含上述56人）。",
    "分地区看，苏州9人，其中处级干部56人。", "今年以来，全市共留置45人，其中女性3人。",
    "三季度全省留置125人\n", "图表说明：2025年7—9月全省月度留置人数。",
    "7月41人，8月38人，9月46人，三季度合计125人。",
    "表1  2019—2023年全市留置人数\n", "2019年：58人\n", "合计：329人\n",
    "“今年1至10月，全市共留置57人”有误，“57人”应为“75人”。",
    "去年同期，这两个数字分别为83人和15人。",
    "在这142人中，涉及国企领域的有23人。", "另有8人被带走调查。", "2024年全国留置3.8万人。",
    "浙江省留置1600余人。", "较上年的149人增加27人，被留置人员中，县处级干部38人。",
    "分季度看，一季度被留置的干部为15人，二季度达25人。", "31名被留置人员平均年龄49岁。",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
       st.sampled_from([None, "2025-10-20", "2026-01-10"]))
def test_links_are_sound(parts: list[str], date: str | None) -> None:
    found = extract("".join(parts), document_date=date)
    for i, candidate in enumerate(found):
        whole = candidate.subset_of
        if whole is None:
            continue
        assert 0 <= whole < len(found) and whole != i
        if found[whole].unit == candidate.unit and candidate.value_high is None:
            assert candidate.value < found[whole].value
        seen = {i}
        while whole is not None:
            assert whole not in seen, "parts go round in a circle"
            seen.add(whole)
            whole = found[whole].subset_of
        if candidate.period_start and candidate.period_end:
            assert candidate.period_start <= candidate.period_end
