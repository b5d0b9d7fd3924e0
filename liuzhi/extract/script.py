"""Length-preserving normalisation of Chinese text for matching.

Every rule in the extractor matches against ``fold(text)``, never against the text itself,
so that traditional characters (Big5-style reposts from Hong Kong and Taiwan) and
full-width digits match the same patterns as simplified text and ASCII digits.

The fold is a one-to-one character map, so an offset into the folded text is the same
offset into the original: candidates can slice the original text at the offsets found.
OpenCC's phrase rules change lengths, so only its character table is used: every CJK
character that OpenCC's ``t2s`` turns into one other character, each converted alone, is
mapped (about 3,500), so that recall on traditional text does not depend on which
characters a rule happens to list. The short table below is kept and wins where the two
differ (it was written for the patterns).
"""

from __future__ import annotations

import re

import opencc

from liuzhi.regions import simplify as _simplify_region_names

_TRADITIONAL = (
    "萬億兩貳參陸餘約過將達於與個數處紀監審調員職務黨幹廳級縣區財檢關機實現為後會報條項長變護點設場責規違還決導據歷計統經濟屆動證門聯內採對盤問權針觀間來網歸體訴訟懲罰擬錄書產貨債遞勸緝聽預範圍舉線組織構傳總並當幾佔穩壓層鄉鎮屬劃撥準辦質擔負輕緊視專談話義詢協議貪賄擴類們續號訊戶醫療雙開單紅離嚴稱較無滿時這費訓練評複況戰從隊側輔銷駐顯著歲倫"
)
_SIMPLIFIED = (
    "万亿两贰叁陆余约过将达于与个数处纪监审调员职务党干厅级县区财检关机实现为后会报条项长变护点设场责规违还决导据历计统经济届动证门联内采对盘问权针观间来网归体诉讼惩罚拟录书产货债递劝缉听预范围举线组织构传总并当几占稳压层乡镇属划拨准办质担负轻紧视专谈话义询协议贪贿扩类们续号讯户医疗双开单红离严称较无满时这费训练评复况战从队侧辅销驻显着岁伦"
)
assert len(_TRADITIONAL) == len(_SIMPLIFIED)



def _opencc_characters() -> dict[str, str]:
    """Traditional → simplified, one character each, from OpenCC's t2s conversion of
    every CJK unified ideograph on its own line (so that no phrase rule applies)."""
    characters = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(characters)).split("\n")
    if len(converted) != len(characters):
        return {}
    return {t: s for t, s in zip(characters, converted, strict=True) if t != s and len(s) == 1}


_MAP: dict[str, str] = _opencc_characters()
_MAP.update(zip(_TRADITIONAL + "０１２３４５６７８９，．％～－",
                _SIMPLIFIED + "0123456789,.%~-", strict=True))
_FOLD = str.maketrans(_MAP)


def _composed() -> dict[int, str]:
    """The two character maps (this module's, then the region names') as one table, so
    that a text is translated once; built by running both over every BMP character."""
    every = "".join(map(chr, range(0x10000)))
    mapped = _simplify_region_names(every.translate(_FOLD))
    return {ord(a): b for a, b in zip(every, mapped, strict=True) if a != b}


_FOLD_ALL = _composed()
#: Any character the fold changes but the full-width comma: most simplified text has
#: none, and its only change is then the comma, made by a replace in C instead of a
#: dictionary look-up per character (translate).
_COMMA = "，"
assert _FOLD_ALL[ord(_COMMA)] == ","
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD_ALL)
                                     if chr(c) != _COMMA) + "]")


def fold(text: str) -> str:
    """Simplified characters and ASCII digits, one character for one character."""
    if _FOLDABLE.search(text) is None:
        return text.replace(_COMMA, ",")
    return text.translate(_FOLD_ALL)
