"""What a number counts: trigger words for each measure, and the contexts that block them.

A *trigger* is a phrase that names a measure (留置 → ``liuzhi``, 立案 → ``cases_filed``).
A *blocker* is a phrase that looks like a trigger or sits between a trigger and a number
but means something else; it is matched like a trigger with measure None, and a number
whose nearest phrase is a blocker is not reported. Blockers are listed first so that, at
the same position, the longer blocking phrase wins (解除留置 before 留置).

What blocks 留置, and why:

* 留置权, 留置物, 留置财产, 留置货物, 留置的动产: the lien of property law.
* 留置盘问, 留置盘查, 盘问: the police's holding for questioning (People's Police Law art. 9).
* 留置送达: service of documents by leaving them at the addressee's home.
* 留置针, 留置导管/尿管/胃管/引流, 留置观察: medical.
* 留置时间/期限/期间/期满: durations and events during a placement, not placements.
* 留置场所/中心/点/室/专区/看护/保障/设施: facilities and the staff who guard them;
  留置需要/需求/能力/容量: what facilities can take.
* 解除/撤销/变更/延长留置: an act on an existing placement, not a new one.

Between a trigger and its number, words that change what is counted also block:
changes (同比增加 25 人), reviews, trials and training (评查 312 件, 审理留置案件 212 件,
培训 120 人), staff counts
(监察官, 干警; 从事/承担…工作的 320 名), capacity (可同时满足 600 人留置需要).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Phrases that look like triggers or sit near them but never introduce a count.
BLOCKERS: tuple[str, ...] = (
    # 留置 outside the supervision commissions, and acts on an existing placement
    r"(?:解除|撤销|变更|延长|依法解除)留置",
    r"留置(?:权|物|财产|货物|的动产|动产|债务人|盘问|盘查|送达|针|导管|尿管|胃管|导尿|引流|观察"
    r"|时间|期限|期间|期满|场所|中心|点|室|专区|看护|保障|设施|费|需要|需求|能力|容量"
    r"|管理|日数|天数|例数)",
    r"(?:继续)?盘问|人民警察法|静脉|护理|(?:导尿|尿|胃|导|引流)管留置",
    # money recovered, not people (追回医保基金, 追回赃款)
    r"追回[^，,。；;\d]{0,4}(?:基金|资金|赃款|款项|损失|税款)(?![和及与][^，,。；;\d]{0,6}人员)",
    # staff, facilities and other counts that are not people held or cases
    r"(?<!国家)工作人员|看护人员|医护人员|干部职工|纪检监察干部|编制|警力|监察官|检察官|法官|干警"
    r"|患者|病人",
    # acts that count something else
    r"不予立案|立案率|不起诉|先行拘留|逮捕|取保候审|退回补充调查|移送(?:问题)?线索|移交|"
    r"审核|审批|核查|复查|谈话函询|回访",
    # people who are not the ones held: holders, investors, staff leaving (300名股东…留置)
    r"股东|股民|投资者|失业|离职|裁员|下岗",
)

#: Blockers that drop a number wherever they stand before it in its clause, even with a
#: trigger nearer (可容纳被留置人员1,200人; 比上年增加留置25人; 评查留置案件312件;
#: 派出所去年因此留置32人; 留置客户货物58件; 每日新增留置约50人).
SEGMENT_BLOCKERS: tuple[str, ...] = (
    r"容纳|床位|评查|抽查|督查|审理|审结|培训|演练|考核",
    # capacity: what a facility can take is not how many were held (可同时满足600人留置需要)
    r"可同时|同时满足|满足|可供|承载|容量",
    # staff described by the work they do (从事留置案件审理工作的320名)
    r"从事|承担|配备|配置",
    # the police: 留置 in a police text is holding for questioning
    r"派出所|民警|警方|公安机关",
    # property law: 留置 of goods is a lien whatever words stand between
    r"货物|动产|财产|运费|债务人|债权人|承运人|仓储",
    # rates are not counts (每日新增留置约50人)
    r"每日|每天|日均|平均每|人均",
    r"增加|增长|减少|下降|上升|提高|降低|增幅|降幅|多出|持平"
    r"|[比较](?:上年|去年|前年|上一年|上月|同期)(?:同期)?[多少]",  # 比上年同期多24人
    # what happened to a company or its staff after its head was held (停业, 23人失业)
    r"失业|离职|辞职|裁员|下岗|停业|停产|关停|歇业|破产|退市|停牌",
    # a company's staff counted by size, not people held (公司现有员工2,000人)
    r"员工|职工|从业人员",
)

#: Trigger phrases for each measure. Longer phrases first within a measure.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "rsdl": (r"指定居所监视居住",),
    "liuzhi": (r"留置",),
    "cases_filed": (r"立案",),
    "punished": (r"处分",),
    "criminal_liability": (r"追究(?:其)?刑事责任",),
    "transferred_for_prosecution": (r"审查起诉", r"移送"),
    "prosecuted": (r"提起公诉", r"(?<![审不])起诉", r"公诉"),
    # 外逃后被追回人员: people described by a return, counted for another act
    "fugitives_returned": (r"(?<!后被)追回|(?<=后被)追回(?!的?人员)", r"劝返", r"遣返", r"引渡",
                           r"缉捕", r"天网"),
    "population": (r"常住人口", r"户籍人口"),
}

#: Words that say a count is of people held, when 留置 itself is only said nearby (a
#: heading, the sentence before): 被带走, 在指定地点接受调查, 此类案例. A number they
#: introduce is proposed as liuzhi *inferred from context*, with a lower confidence.
CONTEXT_WORDS: tuple[str, ...] = (
    "带走", "接受调查", "协助调查", "配合调查", "指定地点", "失联", "此类", "这类", "同类",
    "类似案",
)
CONTEXT = re.compile("|".join(CONTEXT_WORDS))
#: The same words in traditional characters too, to choose sentences before folding.
CONTEXT_RAW = re.compile("|".join(sorted(set(CONTEXT_WORDS) | {
    "帶走", "接受調查", "協助調查", "配合調查", "指定地點", "失聯", "此類", "這類", "同類",
    "類似案"})))

#: A campaign or a sector that makes a figure part of a larger total even when that total
#: is not given (自2018年1月开展扫黑除恶专项斗争以来…留置61人; 粮食购销领域…留置88人).
CAMPAIGN = re.compile(
    r"[^，,。；;：:\n“”\"]{0,20}?(?:专项斗争|专项整治|专项行动|集中整治|专项治理|专项清理"
    r"|整治行动|专项巡视|专项巡察|领域(?:腐败|问题|突出)[^，,。；;]{0,12}?(?:整治|治理))"
)

#: A sentence that opens like this speaks of the figure just before (其中…; 这27人中…;
#: 上述人员中…): its counts are parts of that figure.
SUBSET_OPENING = re.compile(
    r"^[\s　,，]*(?:其中|其余|另有|在?(?:这|上述|以上|前述|此)[^，,。；;！？]{0,12}中)"
)

#: A sentence that opens by saying how the figure just given breaks down (身份方面，分行业看，
#: 结构上，从留置数量看，按级别分，分季度看，): its counts are parts of that figure. The ways a
#: figure is split are named, so that 工作方面 or 分阶段看 are not read as breakdowns.
BREAKDOWN_DIMENSIONS = (
    "身份|行业|行業|领域|領域|级别|級別|层级|層級|职级|職級|职务|職務|地区|地區|地域|区域|區域|"
    "性别|性別|年龄|年齡|类别|類別|类型|類型|机构|機構|对象|對象|单位|單位|板块|板塊|季度|月份|"
    "月度|年度|年份|时间|時間|结构|結構|分布|构成|構成|数量|數量|人数|人數|来源|來源|企业|企業|"
    "节奏|節奏")
#: …, after a section's label if there is one (结构特征：从企业性质看，).
BREAKDOWN_OPENING = re.compile(
    r"^[\s　]*(?:[^，,。；;：:！？\d\s]{2,6}[：:])?"
    r"(?:[从從按分][^，,。；;：:！？\d]{0,6}?)?(?:" + BREAKDOWN_DIMENSIONS + r")"
    r"[^，,。；;：:！？\d]{0,4}?(?:来看|來看|看|分|上|(?<!一)方面)[，,：:]")

#: Any of these in a text means it may hold a figure; used to skip text cheaply. Every
#: trigger above, as written in simplified or traditional characters (a test folds them
#: back), holds one of them: a sentence without one is never read.
PREFILTER_WORDS: tuple[str, ...] = (
    "留置", "立案", "处分", "處分", "移送", "起诉", "起訴", "公诉", "公訴", "追回", "追迴",
    "劝返", "勸返", "遣返", "引渡", "缉捕", "緝捕", "刑事责任", "刑事責任", "指定居所",
    "常住人口", "户籍人口", "戶籍人口", "天网", "天網",
)

_patterns: list[str] = []
_measure_of_group: dict[str, str | None] = {}
_segment_groups: set[str] = set()
for _i, _blocker in enumerate(SEGMENT_BLOCKERS):
    _patterns.append(f"(?P<s{_i}>{_blocker})")
    _measure_of_group[f"s{_i}"] = None
    _segment_groups.add(f"s{_i}")
for _i, _blocker in enumerate(BLOCKERS):
    _patterns.append(f"(?P<b{_i}>{_blocker})")
    _measure_of_group[f"b{_i}"] = None
for _measure, _words in TRIGGERS.items():
    for _j, _word in enumerate(_words):
        _name = f"{_measure}_{_j}"
        _patterns.append(f"(?P<{_name}>{_word})")
        _measure_of_group[_name] = _measure
#: The first character of every blocker and trigger. The lookahead lets the regex
#: engine skip other positions without trying each alternative (tests check that the
#: guarded pattern finds exactly what the unguarded one does on the corpus).
FIRST_CHARACTERS = (
    "解撤变延依留继盘人静护工看医干纪编警不立先退移审核复谈容床评抽督培演考派民公"
    "增减下上提降多持指处追起劝遣引缉天常户货动财运债承仓每日平可同满从检法监"
    "失离辞裁停关歇破退股投员职从比较逮取配患病导尿胃回"
)
UNGUARDED_TRIGGER = "|".join(_patterns)
#: Every phrase is two characters or more, and its second character is written in the
#: patterns: a second class in the lookahead skips the common first characters (人, 上,
#: 工, 日, 同) followed by anything else before the branches are tried.
_PATTERN_CHARACTERS = "".join(sorted({c for c in UNGUARDED_TRIGGER if "\u4e00" <= c <= "\u9fff"}))
TRIGGER = re.compile(
    f"(?=[{FIRST_CHARACTERS}][{_PATTERN_CHARACTERS}])(?:{UNGUARDED_TRIGGER})")

#: The police among the blockers: for 指定居所监视居住 they are the ones who order it.
POLICE = re.compile(r"派出所|民警|警方|公安机关")
#: The change words among the blockers: after a number they speak of its change, not of
#: what it counts.
CHANGE = re.compile(r"增加|增长|减少|下降|上升|提高|降低|增幅|降幅|多出|持平"
                    r"|[比较](?:上年|去年|前年|上一年|上月|同期)(?:同期)?[多少]")

#: Words in a clause without a trigger that tie its number to the figure before it:
#: a subgroup (其中厅级干部12人) or the same figure in another unit (立案1.2万件、涉及1.3万人).
SUBSET_MARK = re.compile(r"其中|内含|包括|含")
SUBGROUP = re.compile(
    r"(?:省部|厅局|地厅|厅|局|县处|处|乡科|科)级|干部|党员|公职人员|国家工作人员|监察对象"
    r"|一把手|红通|人员|村|社区|国企|企业|男性|女性|中管|省管|市管|县管|区管"
)
CONTINUATION = re.compile(r"^[、，,;；\s]*[和及]?(?:共|共计|合计|涉及(?:案件)?|涉案|计)?$")
#: What may stand around a period in a clause that gives the figure before for another
#: period (去年同期为341人, 2022年为612人).
PERIOD_CONTINUATION = re.compile(
    r"^[、，,;；\s]*(?:[及和与])?(?:而|则)?(?:总数|人数|数量|数字|这一数字)?(?:分别)?"
    r"(?:已|均|明显|远|仅|只|才)?(?:超过|高于|多于|少于|低于|不及|接近|较|比)?"
    r"(?:累计|共计|合计|总计)?(?:达到|达|为|是|有|共|计|在)?(?:的)?$")
#: Verbs of another act: a count after one of them in its clause is not the figure before
#: continued (…累计留置4870人，查处厅局级干部312人).
OTHER_ACT = re.compile(
    r"查处|查办|问责|通报|约谈|处理|审结|办结|结案|提醒|诫勉|退休|辞职|辞去|履职")
#: An act on a placement already made: a count in a clause that names one is of people
#: released or held longer, not placed (8名此前被留置的高管解除留置).
ACT_ON_PLACEMENT = re.compile(r"(?:解除|撤销|变更|延长|依法解除)留置")
#: A clause that ends like this hands its trigger to the next clause's number
#: (在被留置人员中，局级干部14人).
DANGLING_END = ("中", "里", "的", "人数", "件数")  # …留置人数（2023年上半年为15人）
#: Clause boundaries: a trigger in another clause does not reach a number.
#: A full-width space between words parts the phrases of a headline (留置　另兩人遭…).
BOUNDARY = re.compile(r"[，,；;。！？!?\n、（）()　]")


@dataclass(frozen=True)
class Trigger:
    """A trigger (``measure`` set) or a blocker (``measure`` None) at [start, end).

    ``segment`` marks a blocker that acts anywhere before a number in its clause.
    """

    measure: str | None
    start: int
    end: int
    segment: bool = False


def find_triggers(folded: str) -> Iterator[Trigger]:
    """Triggers and blockers in ``folded`` text, in order."""
    for match in TRIGGER.finditer(folded):
        group = match.lastgroup
        assert group is not None
        yield Trigger(_measure_of_group[group], match.start(), match.end(),
                      group in _segment_groups)
