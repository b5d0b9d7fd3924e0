"""Candidate figures: the extractor's output, and ``extract`` that ties the rules together.

``extract(text, document_date=..., issuer=...)`` is a pure function. It

1. skips the text unless it holds a trigger word (``measures.PREFILTER_WORDS``);
2. cuts the sentences that hold one (ending in 。！？ or a line break);
3. in each, finds counted quantities (``numerals``) and trigger phrases (``measures``);
4. gives each quantity the measure of the nearest trigger in its clause, looking left
   first (留置312人) and then right (对312人采取留置措施); a blocker there drops it;
5. a quantity without a trigger inherits the measure of the figure before it in the
   sentence when the words between say how: 其中 (a subset: 其中厅级干部12人), a
   subgroup noun after a subset (、处级干部85人), a bare continuation (、涉及1.3万人), or
   only another period, in the same unit (去年同期为341人);
6. dates it (``periods``) and places it (``places``) from the last mention before it in
   the sentence, else from the text before (a heading), else the issuer;
7. a table, however its lines are cut into cells (``layout``: bars, tabs, spaces, CSV,
   one cell a line), is read as a grid: each value cell takes the measure, unit, period
   and place its row, its column or the table's title names, and a total is the whole of
   the cells it adds up; a period line under a title (2019—2023年全市留置人数 /
   2019年：58人 / 合计：329人, ``tables``) gives it the title's measure and its own period,
   and the lines above a 合计 line are its parts;
8. a count that describes part of the figure before it is a subset of it: a clause
   that opens with the count and gives no period of its own (…63名高管被留置，17名收到了
   《留置通知书》), a count followed by 为/是 (12人为厅级干部), a subgroup noun with a
   smaller count (留置逾千人　厅级干部21人), the counts of a sentence that opens with 其中,
   其余 or 这27人中 or says how the figure breaks down (身份方面，分行业看，从留置数量看，),
   the lines indented under a 其中 line, a count after a clause ending in 中 (在被留置人员
   中，…23人), and a figure told before that a later one includes (含上述3人); a campaign or
   sector named before the number (…专项斗争以来，留置61人) makes it ``partial`` with that
   ``scope``, and a sector within a total already given (在国企领域留置217人) a part of it;
   这一数字 with another period (去年全年，这一数字为21名) is that period's figure;
9. a count with no trigger of its own, introduced by words such as 被带走, 接受调查 or 此类
   案例, is proposed as liuzhi ``inferred`` from context when 留置 is said in the same
   sentence or just before (a heading), with a lower confidence; within the period of a
   liuzhi total already given, it is part of that total unless told as more (此外，还有);
10. the same figure mentioned again in the document (headline, lead, body) is one
    candidate, every mention kept in ``mentions``; a campaign named in one mention only
    (the headline) is kept.

A part usually follows its whole; when it comes first (a table's years above its 合计),
``subset_of`` points forward.

Each candidate carries a ``confidence`` (0–1) and the ``reason`` for it.

Offsets are ``str`` indices into the text passed in: ``text[c.start:c.end]`` is the number
as written and ``text[c.evidence_start:c.evidence_end] == c.evidence``.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace

from liuzhi.extract import layout, measures, numerals, places, reflow, tables
from liuzhi.extract.periods import LIST_SEPARATOR, UNKNOWN, Mention, Period, PeriodTracker, in_year
from liuzhi.extract.places import Place, PlaceTracker
from liuzhi.extract.script import fold

#: How far (characters) a trigger may sit from its number, to the left and to the right.
LEFT_REACH = 30
RIGHT_REACH = 20
#: How far after a count a 被 may stand and still mark it as the one held (…五名…董事或高级
#: 管理人员被…实施留置): a noun phrase, not the next clause.
PASSIVE_REACH = 30
#: How many figures told before a table that names no measure may be the one its total
#: breaks down.
_TOLD_REACH = 5
#: The longest line above the line over a table that may still be its title.
_TITLE_LENGTH = 40
#: Lines above a table that are not its title: its unit, a note, a repost's credits.
_NOT_TITLES = ("单位", "注", "来源", "作者", "编者按", "责任编辑", "原标题", "原创")
#: How far before a corrected count its wrong value may stand (“57人”应为“75人”).
CORRECTION_REACH = 24

_PREFILTER = re.compile("|".join(measures.PREFILTER_WORDS))
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_SCOPE_TRIM = "，,、；;：:（）() 　其中对共有为的计含包括涉及"
#: A span named before the dates that give it (较前一周（12月1日至12月5日）的3名), and the
#: brackets around them.
_BRACKETED_LENGTH = 24
_SPAN_AND_BRACKETS = re.compile(r"(?:前一|上一?|上个)(?:周|月)|[（()）]")
#: A sentence that opens by naming a group counted before (市管干部中，…有4人), and how
#: many figures back that group is looked for.
_NAMED_GROUP = re.compile(r"[\s　]*([^，,。；;：:\d\s]{2,12})(?:之中|当中|中)[，,]")
_GROUP_REACH = 40
#: A sentence that opens by naming a group by its count (今年的19人中，有11人…).
_COUNTED_GROUP = re.compile(r"[\s　]*[^，,。；;\d]{0,6}\d+[名人位][^，,。；;\d]{0,6}?中[，,有]")
#: A day that ends a year, for reading the spans of a table in a text of unknown date.
_ANY_YEAR_END = dt.date(2001, 12, 31)
#: How long the first of the people listed after a trigger's 的 may be (医院院长).
_LISTED_NOUN = 6
#: The header of a column of notes, where a row may give a part of its count in words.
_NOTE_HEAD = re.compile(r"备注|说明|附注")
#: After a trigger: it names the count itself (留置人数).
_COUNT_NOUNS = {"人数": "persons", "件数": "cases"}
#: A word that sums, before a count: not part of what the count counts (前三季度合计47人).
_SUM_WORD = re.compile(r"(?:合计|合計|共计|共計|累计|累計|总计|總計)\s*$")
#: A sentence that opens with a count and no subject (17名收到了…): it may go on about the
#: figure just before.
_COUNT_OPENING = re.compile(r"^[\s　]*(?:\d+|[一二两三四五六七八九十百]+)[名人位]")
#: A clause that opens so goes on about the trigger of the clause before (…被留置的公告，
#: 涉及高管30人).
_INVOLVING = ("涉及", "涉案", "共涉及", "合计涉及")
#: Before a sentence's first count: it lists the parts of the last figure (其中, 其余).
_PARTS_BEFORE = re.compile(r"其中|其余")
#: Words that open the parts of a figure stated earlier (其中…9位, 其余19位, 63名高管中有17名).
_PART_WORDS = re.compile(r"其中|其余|其餘|中有")
#: A count followed by these refers to a group already counted: 63名高管中有17名….
_GROUP_REFERENCE = re.compile(
    r"[^，,。；;\d]{0,8}?(?:之中|当中|中|里)(?:[又还也]?有|包括|包含|[,，]"
    r"|[^，,。；;\d]{1,16}?的有)")
#: The first character of a sentence that may open with parts or a count (checked before
#: folding, which costs more).
_OPENING_HINT = re.compile(r"[,，其另这這上以前此在\d０-９一二两兩三四五六七八九十百]")
#: After a count: it names what part of the figure before it is (12人为厅级干部).
_PART_AFTER = re.compile(r"(?:为|是|系|属于|属|担任|任)")
#: Joining words between two triggers after one count (对2人立案审查并采取留置措施).
_JOINED = re.compile(r"^[^，,。；;]{0,8}?(?:并|和|及|同时|以及)")
#: The noun between a count and a passive verb before its trigger (名上市公司高管被实施留置).
_COUNTED = re.compile(r"([^，,。；;、被遭由经对的了《》“”\d]{2,12}?)(?:已被|均被|先后被|被|遭)")
_SCOPE_AFTER = re.compile(r"(?:为|是|系|属于|担任|任)?([^，,。；;、和及与（(]{2,12})")
_CAMPAIGN_HINT = re.compile(r"斗争|整治|行动|治理|清理|巡视|巡察")
_CAMPAIGN_VERB = re.compile(r"开展|部署|推进|实施|启动|组织")
_CAMPAIGN_KIND = re.compile(r"(?:专项|集中)?(?:斗争|整治|行动|治理|清理|巡视|巡察)$")
#: Words that lead a campaign or sector phrase, not part of its name.
_CAMPAIGN_LEAD = re.compile(r"^(?:[自从在对]|\d{4}年(?:\d{1,2}月)?|以来|全省|全市|全区|全国|深入|"
                            r"持续|扎实|认真|开展|部署|推进|组织|统筹|聚焦)+")


@dataclass
class Candidate:
    """One figure proposed for review.

    ``subset_of`` is the index, in the same result list, of the figure this one is part
    of (其中厅级干部12人 → the 312 people placed in liuzhi); ``scope`` names the subgroup.
    ``precision`` is the rounding unit of an approximate value (2.6万 → 1000).
    """

    measure: str
    value: int
    value_high: int | None
    unit: str
    qualifier: str
    precision: int | None
    region_code: str | None
    region_name: str | None
    period_start: str | None
    period_end: str | None
    subset_of: int | None
    scope: str | None
    confidence: float
    start: int
    end: int
    evidence_start: int
    evidence_end: int
    evidence: str
    #: why the figure was proposed, and so how far to trust it
    reason: str = ""
    #: liuzhi only said nearby (a heading, the sentence before), not of this number
    inferred: bool = False
    #: part of a larger total not given here (a campaign, a sector): see ``scope``
    partial: bool = False
    #: (evidence_start, evidence_end) of every mention of this figure in the text
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def to_json(self) -> str:
        """One JSON object on one line, Chinese kept as written."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def to_json_lines(candidates: Iterable[Candidate]) -> str:
    """JSON lines, one candidate a line, each line ending in a newline."""
    return "".join(c.to_json() + "\n" for c in candidates)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def extract(
    text: str,
    *,
    document_date: dt.date | str | None = None,
    issuer: str | None = None,
) -> list[Candidate]:
    """Candidate figures in ``text``, in the order they appear.

    ``document_date`` (a date or ISO string) resolves 今年, 去年, 今年以来 and 一年来;
    ``issuer`` (``浙江省纪委监委``) gives the region when the text names none and says
    what 全省/全市 refer to. Without them those figures carry None for period or region.
    Text pulled out of a PDF, broken into lines where the page ran out, is read as its
    paragraphs (``reflow``); the offsets of every figure are those of the text as given.
    """
    if _PREFILTER.search(text) is None:
        return []  # most documents of a crawl: one scan in C, nothing built
    if not reflow.is_wrapped(text):
        return _extract(text, _as_date(document_date), issuer)
    joined = reflow.reflow(text)
    return [_as_written(c, joined, text)
            for c in _extract(joined.text, _as_date(document_date), issuer)]


def _as_written(candidate: Candidate, joined: reflow.Reflowed, text: str) -> Candidate:
    """A figure found in the joined text, with the offsets and words of the text as given."""
    start, end = joined.original(candidate.evidence_start), joined.original_end(
        candidate.evidence_end)
    return replace(
        candidate, start=joined.original(candidate.start),
        end=joined.original_end(candidate.end), evidence_start=start, evidence_end=end,
        evidence=text[start:end],
        mentions=[(joined.original(a), joined.original_end(b)) for a, b in candidate.mentions])


def _extract(text: str, document_date: dt.date | None, issuer: str | None) -> list[Candidate]:
    hits = [m.start() for m in _PREFILTER.finditer(text)]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    chosen = {bisect.bisect_right(ends, hit) for hit in hits}
    if "留置" in text:
        chosen.update(bisect.bisect_right(ends, m.start())
                      for m in measures.CONTEXT_RAW.finditer(text))
    chosen.update(bisect.bisect_right(ends, m.start()) for m in _PART_WORDS.finditer(text))
    # tables are read whole, from their first line: what they count may be named in a
    # heading above a paragraph, far from their rows
    document = _Document(text, document_date, issuer)
    blocks = layout.blocks(text, document.folded)  # folded once, for the tables too
    chosen.update(bisect.bisect_right(ends, block.start) for block in blocks)
    # the text after a table may go on about its rows (市管干部中，…有4人)
    after_tables = {bisect.bisect_right(ends, block.end - 1) for block in blocks}
    walked = 0  # the sentences after a chosen one are walked once, whoever chose them
    for i in sorted(chosen | after_tables):
        j = max(i + 1, walked)
        parts = i < len(ends) and _PARTS_BEFORE.search(text, ends[i - 1] if i else 0,
                                                        ends[i]) is not None
        while j < len(ends):
            sentence = text[ends[j - 1]:ends[j]]
            if not sentence.strip():
                j += 1
                continue
            if parts and sentence.lstrip("\n").startswith(_INDENT):
                chosen.add(j)  # 其中：…39人 and the indented lines under it
                j += 1
                continue
            speaker = _SPEAKER.match(sentence)
            head = sentence[speaker.end() if speaker else 0:][:24].lstrip()
            if (measures.BREAKDOWN_OPENING.match(head)
                    or _PERIOD_COUNT_OPENING.match(head)
                    or _NAMED_GROUP.match(head) or _COUNTED_GROUP.match(head)
                    or layout.UNIT_LINE.search(head) and len(head.strip()) < 24
                    or _LABEL_COUNT_LINE.fullmatch(sentence.strip())
                    or ("数" in sentence or "數" in sentence)
                    and _FIGURE_ANAPHOR.search(fold(sentence))
                    or ("：" in sentence or ":" in sentence)
                    and tables.period_line(fold(sentence.rstrip("\r\n")))):
                chosen.add(j)
                j += 1
                continue
            if not _OPENING_HINT.match(head):
                break
            head = fold(head)
            if not (measures.SUBSET_OPENING.match(head) or _COUNT_OPENING.match(head)):
                break
            chosen.add(j)
            j += 1
        walked = max(walked, j)
    spans = [(ends[i - 1] if i else 0, ends[i]) for i in sorted(chosen) if i < len(ends)]
    found = document.run(spans, blocks)
    return _sound_links(_merge_mentions(found, document.own_period, document.sentence_starts,
                                        text.find("\n")))


def _sound_links(found: list[Candidate]) -> list[Candidate]:
    """Every part smaller than its whole (in one unit) and no circle of parts: a rule that
    linked otherwise read two figures wrong, and the link is dropped, not the figures."""
    for i, candidate in enumerate(found):
        whole = candidate.subset_of
        if whole is None:
            continue
        if not 0 <= whole < len(found) or whole == i or (
                found[whole].unit == candidate.unit and candidate.value_high is None
                and found[whole].value <= candidate.value):
            candidate.subset_of = None
    for i, candidate in enumerate(found):
        seen = {i}
        k = candidate.subset_of
        while k is not None:
            if k in seen:
                candidate.subset_of = None  # the link that closes a circle
                break
            seen.add(k)
            k = found[k].subset_of
    return found


_ANAPHORS = ("此类", "这类", "同类", "类似案")
#: A sector named before a trigger: 在国企领域留置217人 counts part of the province's total.
_SECTOR = re.compile(r"在([^，,。；;、在]{1,10}?(?:领域|系统|行业|領域|系統|行業))"
                     r"|([^，,。；;、在]{2,10}?(?:领域|領域))")
#: Words that add people to those counted before, rather than single some out.
_ADDITION = re.compile(r"此外|另外|另有|还有|同时还")
#: Just before a part: it is a figure told earlier (其中包括上述3人).
_INCLUDES_EARLIER = re.compile(r"(?:含|包括|包含)上述$")
#: Words that name the figure just given, and give it again (去年全年，这一数字为21名): the
#: verb after them is required, so that 该数据来源于… is not read as one.
_FIGURE_WORDS = (r"这一数字|这个数字|该数字|此数字|这一数据|该数据"
                 r"|这两个数字|这两项数据|这两个数据|上述数字")
_FIGURE_ANAPHOR = re.compile(
    rf"(?:{_FIGURE_WORDS})(?=[^，,。；;]{{0,3}}?(?:为|是|达|在|增至|降至|分别))")
#: The anaphor names several figures, given again 分别 in order (这两个数字分别为83人和15人).
_FIGURES_ANAPHOR = re.compile(r"这两个数字|这两项数据|这两个数据|上述数字")
#: A line of a correction notice that quotes the wrong text (原文：…; 更正为：… follows).
_WRONG_ORIGINAL = ("原文：", "原文:", "原文为", "原稿：", "原句：")
#: After a count in 件 and before 留置: things, not cases (326件五金制品留置).
_COUNTED_THINGS = re.compile(r"[^，,。；;案]{2,}$")
#: The rest of a phrase up to its colon (上升态势：).
_TO_COLON = re.compile(r"[^，,。；;：:]{0,6}[：:]")
#: Between two counts given 分别 (…2.5万人和2.8万人).
_AND = re.compile(r"[和及与、]")
#: Between a trigger and a count: the count is of some among those placed (被留置者中有七人).
_AMONG = re.compile(r"(?:的)?(?:人员|者|对象|人)中(?:有|[,，])?$")
#: A sentence that opens with a period and its count (7月41人，…; 2023年上半年1.2万人).
_PERIOD_COUNT_OPENING = re.compile(
    r"[\s　]*(?:\d{4}年)?(?:\d{1,2}月份?|[一二三四1-4]季度|上半年|下半年|全年|年度|前三季度)?"
    r"(?:[为為共]|[共合累总總][计計])?\d[\d,.]*[万萬]?[人名件]")
#: A speaker's label that opens a line of a broadcast script (【解说】, 【记者 李明】).
_SPEAKER = re.compile(r"[\s　]*【[^】\n]{1,12}】")
#: A line that gives a labelled count and nothing else (省管干部：23人).
_LABEL_COUNT_LINE = re.compile(
    r"([^：:\d\n]{2,14})[：:]\s*(\d[\d,]*(?:\.\d+)?[万萬]?)(人次|人|名|件)")
_DIGIT = re.compile(r"[\d０-９]")
#: What may end a caption after the count it names.
_TITLE_END = "。：: \n\r"
#: A count that adds up those before it.
_TOTAL_WORD = re.compile(r"合计|共计|总计|累计")
#: Quoted words: a correction quotes the words it says were wrong.
_QUOTED = re.compile(r"“[^”]{1,80}”|\"[^\"]{1,80}\"|「[^」]{1,80}」")
#: A text that corrects an earlier one.
_CORRECTION = re.compile(r"更正|勘误|有误|之误")
#: After a quoted figure: the quote was wrong (提到“留置32人”，…这一表述有误).
_REFUTED_AFTER = re.compile(r"有误|错误|不实|不准确|应为|应更正为|更正为|之误")
#: Before a trigger: what follows is denied (共立案32人，而不是留置32人).
_DENIED = re.compile(r"(?:而不是|并非|而非|不是)[^，,。；;]{0,6}$")
#: A count that corrects the one before it: “57人”应为“75人”.
_CORRECTS = re.compile(r"[“\"]?[\d,，.万]+[人名件起][”\"]?(?:应为|应更正为|更正为)[“\"]?$")
#: A line indented under another (a table's parts: 其中：…39人 / 　　　…28人).
_INDENT = ("　", "  ", "\t")


def _listed_nouns_end(folded: str, position: int, boundaries: list[int],
                      inside: list[tuple[int, int]]) -> int:
    """The end of a run of clauses joined by 、 from ``position`` that hold no count."""
    end = position
    while folded.startswith("、", end):
        b = bisect.bisect_right(boundaries, end)
        following = boundaries[b] if b < len(boundaries) else len(folded)
        if any(end < s < following for s, _ in inside):
            break
        end = following
    return end


def _ACT_ON_PLACEMENT_IN(folded: str, boundaries: list[int], q: numerals.Quantity) -> bool:
    """The clause of ``q`` names an act on a placement already made (解除留置)."""
    b = bisect.bisect_left(boundaries, q.span_start)
    start = boundaries[b - 1] + 1 if b else 0
    end = boundaries[b] if b < len(boundaries) else len(folded)
    return measures.ACT_ON_PLACEMENT.search(folded, start, end) is not None


def _scope_after(raw: str, folded: str, start: int, end: int) -> str | None:
    """The noun after a count that names its part: 4名副总经理和… → 副总经理."""
    match = _SCOPE_AFTER.match(folded, start, end)
    return raw[match.start(1):match.end(1)] if match else None


def _same_figure(a: Candidate, b: Candidate, b_own_period: bool = True) -> bool:
    # ``partial`` is not compared: a headline names the campaign (医药领域腐败集中整治：26人
    # 被留置) that the body calls only 集中整治; the merged figure keeps the campaign.
    if (a.measure, a.value, a.value_high, a.unit, a.subset_of) != (
            b.measure, b.value, b.value_high, b.unit, b.subset_of):
        return False
    if a.subset_of is not None and not _scopes_agree(a.scope, b.scope):
        return False
    if a.region_code and b.region_code and a.region_code != b.region_code:
        return False
    return not b_own_period or _periods_agree(a, b)


def _scopes_agree(a: str | None, b: str | None) -> bool:
    """Two parts of one figure with the same count name the same group: unnamed, or with
    two characters in common (a headline's 9人为院长副院长, the body's 医院院长、副院长9人),
    not 厅级干部12人 beside 县处级干部12人."""
    if not a or not b or a == b:
        return True
    rank_a, rank_b = measures.SUBGROUP.search(a), measures.SUBGROUP.search(b)
    if rank_a and rank_b and rank_a.group() != rank_b.group():
        return False
    return any(a[i:i + 2] in b for i in range(len(a) - 1))


def _periods_agree(a: Candidate, b: Candidate) -> bool:
    """Equal, one unknown, or the same start and one end within the other (a headline's
    2024年 and the body's 截至12月15日，2024年: one count cannot be both)."""
    periods = ((a.period_start, a.period_end), (b.period_start, b.period_end))
    if periods[0] == periods[1] or (None, None) in periods:
        return True
    return a.period_start is not None and a.period_start == b.period_start


def _narrower(a: Candidate, b: Candidate) -> Candidate:
    """Of two mentions of one figure, the one whose period says more."""
    if not (a.period_start or a.period_end):
        return b
    if not (b.period_start or b.period_end):
        return a
    if a.period_end is None:
        return b
    if b.period_end is None:
        return a
    return a if a.period_end <= b.period_end else b


def _consistent(rounded: Candidate, exact: Candidate) -> bool:
    """逾千人次 in a headline and 1,286人次 in the body: the rounded value says the same."""
    step = rounded.precision
    if step is None or exact.qualifier != "exact" or rounded.value_high is not None:
        return False
    if rounded.qualifier in ("more_than", "at_least"):
        return rounded.value <= exact.value < rounded.value + step
    if rounded.qualifier == "nearly":
        return rounded.value - step < exact.value <= rounded.value
    if rounded.qualifier == "approximate":
        return abs(exact.value - rounded.value) * 2 <= step
    return False


def _merge_mentions(found: list[Candidate], own_period: list[bool] | None = None,
                    sentence_starts: list[int] | None = None, headline_end: int = -1
                    ) -> list[Candidate]:
    """One candidate per distinct figure: a headline, a lead and a body that repeat the
    same count are one figure; each mention is kept. A later mention whose period was
    only carried from the text before (no time named in its sentence) is the same
    figure whatever that period. The kept record is the most confident mention (the
    first on a tie), with the period that says most and the place any mention gives. A
    rounded mention (逾千人次) of an exact figure stated elsewhere (1,286人次) joins it.
    A part given before its whole (a table's years above its 合计 line) merges as a whole
    would, and is linked once the whole is placed."""
    kept: list[Candidate] = []
    kept_own: list[bool] = []
    moved: dict[int, int] = {}
    forward: list[tuple[int, int]] = []  # (kept index, index in found of its whole)
    forward_whole: dict[int, int] = {}  # the same, by kept index
    late: list[tuple[int, int]] = []  # (kept index, kept index of its whole)
    #: the sentences each kept figure was read in: two counts of one sentence are two figures
    kept_sentences: list[set[int]] = []
    #: the kept figures by what _same_figure compares first (a merge keeps these fields)
    by_key: dict[tuple[object, ...], list[int]] = {}
    #: how many kept figures of each key were read in each sentence
    in_sentence: Counter[tuple[tuple[object, ...], int]] = Counter()
    for i, candidate in enumerate(found):
        own = own_period[i] if own_period is not None and i < len(own_period) else True
        whole_after = None
        if candidate.subset_of is not None and candidate.subset_of > i:
            whole_after, candidate.subset_of = candidate.subset_of, None
        elif candidate.subset_of is not None:
            candidate.subset_of = moved.get(candidate.subset_of)
        mention = (candidate.evidence_start, candidate.evidence_end)
        key = (candidate.measure, candidate.value, candidate.value_high, candidate.unit,
               candidate.subset_of)
        sentence = sentence_starts[i] if sentence_starts is not None else -1 - i
        same = by_key.get(key)
        # every kept figure with this key was read in this sentence (a table's equal
        # cells): none can be this one, and the search is skipped
        target = None if same is None or in_sentence[key, sentence] == len(same) else next(
            (k for k in same if sentence not in kept_sentences[k]
             and _same_figure(kept[k], candidate, own and kept_own[k])), None)
        if whole_after is not None:
            forward.append((len(kept) if target is None else target, whole_after))
            forward_whole.setdefault(len(kept) if target is None else target, whole_after)
        if target is None and candidate.subset_of is not None:
            # a table's 厅局级 14 above its 合计 174, then 留置的174人中，厅局级干部14人: the
            # part told again, of the same whole
            target = next((k for k in by_key.get(key[:-1] + (None,), [])
                           if moved.get(forward_whole.get(k, -1)) == candidate.subset_of
                           and sentence not in kept_sentences[k]
                           and _same_figure(kept[k], replace(candidate, subset_of=None),
                                            own and kept_own[k])), None)
        if target is None and candidate.subset_of is not None:
            # 三季度全省留置125人 (headline), then 其中三季度留置125人: the figure told
            # alone first, in the headline, is the part
            target = next((k for k in by_key.get(key[:-1] + (None,), [])
                           if kept[k].evidence_start < headline_end
                           and candidate.period_start and candidate.period_end
                           and (kept[k].period_start, kept[k].period_end)
                           == (candidate.period_start, candidate.period_end)
                           and _same_figure(kept[k], replace(candidate, subset_of=None))),
                          None)
            if target is not None:
                late.append((target, candidate.subset_of))
        if target is None:
            moved[i] = len(kept)
            candidate.mentions = sorted({mention, *candidate.mentions})
            by_key.setdefault(key, []).append(len(kept))
            in_sentence[key, sentence] += 1
            kept.append(candidate)
            kept_own.append(own)
            kept_sentences.append({sentence})
            continue
        moved[i] = target
        if sentence not in kept_sentences[target]:
            target_key = (kept[target].measure, kept[target].value, kept[target].value_high,
                          kept[target].unit, kept[target].subset_of)
            in_sentence[target_key, sentence] += 1
        kept_sentences[target].add(sentence)
        kept[target] = _joined_mentions(kept[target], candidate, kept_own[target], own)
        kept_own[target] = kept_own[target] or own
    for target, whole in forward:
        kept[target].subset_of = moved.get(whole)
    for target, kept_whole in late:
        kept[target].subset_of = kept_whole
    # rounded mentions of an exact figure
    merged: list[Candidate] = []
    index: dict[int, int] = {}
    for k, candidate in enumerate(kept):
        # only a rounded figure (a precision, no range, not a part) can join another
        exact = None if (candidate.precision is None or candidate.value_high is not None
                         or candidate.subset_of is not None) else next(
            (j for j, other in enumerate(kept) if j != k and other.subset_of is None
             and (other.measure, other.unit, other.partial) == (
                 candidate.measure, candidate.unit, candidate.partial)
             and _periods_agree(other, candidate) and _consistent(candidate, other)
             and (not other.region_code or not candidate.region_code
                  or other.region_code == candidate.region_code)),
            None)
        if exact is None:
            index[k] = len(merged)
            merged.append(candidate)
        else:
            index[k] = -1 - exact  # resolved below
    for k, candidate in enumerate(kept):
        if index[k] < 0:
            target = index[-1 - index[k]]
            merged[target] = _joined_mentions(merged[target], candidate, True, False,
                                              keep_first=True)
            index[k] = target
    for candidate in merged:
        if candidate.subset_of is not None:
            candidate.subset_of = index.get(candidate.subset_of)
        candidate.mentions = sorted(set(candidate.mentions))
    return merged


def _joined_mentions(other: Candidate, candidate: Candidate, other_own: bool,
                     own: bool, keep_first: bool = False) -> Candidate:
    """``other`` with ``candidate`` as one more mention. The record kept is the more
    confident mention (``other`` on a tie, and always when ``keep_first``: the exact
    figure a rounded mention joins)."""
    # sorted once, at the end of the merge: a figure told a thousand times stays cheap
    mentions = [*other.mentions, *candidate.mentions,
                (candidate.evidence_start, candidate.evidence_end)]
    best = candidate if candidate.confidence > other.confidence and not keep_first else other
    if own and other_own or (other.period_start and other.period_start == candidate.period_start):
        # a carried period that only ends sooner says more (今年以来 in the headline,
        # 今年以来截至6月12日 in the sentence before the body's mention)
        known = _narrower(other, candidate)
    else:
        known = other if other_own or not own else candidate
        if not (known.period_start or known.period_end):
            known = candidate if known is other else other
    placed = other if other.region_code else candidate
    scoped = other if other.partial or not candidate.partial else candidate
    return replace(
        best, mentions=mentions, period_start=known.period_start,
        period_end=known.period_end, region_code=placed.region_code,
        region_name=placed.region_name, subset_of=other.subset_of,
        partial=scoped.partial, scope=scoped.scope if scoped.partial else best.scope,
        confidence=min(0.99, max(best.confidence, other.confidence) + 0.02),
        reason=best.reason.split("; mentioned")[0] + f"; mentioned {len(mentions)} times")


def _holds(outer: str, inner: str) -> bool:
    """GB/T 2260 codes: the region ``outer`` holds ``inner`` (a province its cities, a city
    its counties, the nation everything), and is not the same region."""
    if outer == inner:
        return False
    if outer == "000000":
        return True
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    return outer.endswith("00") and inner[:4] == outer[:4]


def _iso_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _years_of(period: Period, count: int) -> list[Period]:
    """The calendar years of a span of exactly ``count`` whole years, else none."""
    if period.start is None or period.end is None or (period.start.month, period.start.day) != (
            1, 1) or (period.end.month, period.end.day) != (12, 31):
        return []
    years = range(period.start.year, period.end.year + 1)
    if len(years) != count:
        return []
    return [Period(dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in years]


def _table_figure(measure: str, number: numerals.Number, unit: str, period: Period,
                  place: Place | None, raw: str, offset: int, span: tuple[int, int],
                  evidence: tuple[int, int], reason: str) -> Candidate:
    """A figure read from a table: its label gives the measure, its place the period."""
    period_start, period_end = period.iso()
    return Candidate(
        measure=measure, value=number.value, value_high=number.value_high, unit=unit,
        qualifier="range" if number.value_high is not None
        else "approximate" if number.precision is not None else "exact",
        precision=number.precision,
        region_code=place.code if place else None,
        region_name=place.name if place else None,
        period_start=period_start, period_end=period_end, subset_of=None, scope=None,
        confidence=0.8, start=offset + span[0], end=offset + span[1],
        evidence_start=offset + evidence[0], evidence_end=offset + evidence[1],
        evidence=raw[evidence[0]:evidence[1]], reason=reason)


def _spans_part(whole: Candidate, part: Candidate) -> bool:
    """``whole`` counts what ``part`` counts, over a longer span that holds the part's (both
    known), in the part's region (or one not known)."""
    return (whole.measure == part.measure and whole.unit == part.unit
            and whole.value > part.value
            and None not in (whole.period_start, whole.period_end, part.period_start,
                             part.period_end)
            and (whole.period_start or "") <= (part.period_start or "")
            and (part.period_end or "") <= (whole.period_end or "")
            and (whole.period_start, whole.period_end) != (part.period_start, part.period_end)
            and (not whole.region_code or not part.region_code
                 or whole.region_code == part.region_code))


def _in_order(raw: str, folded: str, quantities: list[numerals.Quantity],
              place_mentions: list[tuple[int, Place]]
              ) -> dict[int, Place | str | measures.Trigger]:
    """河南、湖南、四川三省较多，分别有9人、7人和7人; 县处级干部、乡科级干部和其他人员分别为
    8人、21人、17人; 立案和留置分别为30件、8人: each count after 分别 the place, the group or
    the act named in its rank in the list just before it (in 分别's clause, or the clause
    before when 分别 opens its own), when the list has as many names as there are counts."""
    each = folded.find("分别")
    if each < 0:
        return {}
    after = [k for k, q in enumerate(quantities) if q.span_start > each]
    if len(after) < 2:
        return {}
    start = _clause_start(folded, each)
    if not folded[start:each].strip():  # …三省较多，分别有: the list is the clause before
        start = _clause_start(folded, start - 1)
    words = raw[start:each]
    places = [place for at, place in place_mentions if start <= at < each]
    if places:
        if len(places) == len(after) and len(set(places)) == len(places):
            return dict(zip(after, places, strict=True))
        return {}
    acts = list(measures.find_triggers(folded[start:each]))
    if acts:
        if len(acts) != len(after) or len({t.measure for t in acts}) != len(acts) or any(
                t.measure is None for t in acts):
            return {}
        return {k: measures.Trigger(t.measure, start + t.start, start + t.end, t.segment)
                for k, t in zip(after, acts, strict=True)}
    groups = [g.strip("，,；;：:（）() 　").removeprefix("其中")
              for g in LIST_SEPARATOR.split(words)]
    groups = [g for g in groups if g]
    if len(groups) != len(after) or not all(
            2 <= len(g) <= 12 and not _DIGIT.search(g) for g in groups):
        return {}
    return dict(zip(after, groups, strict=True))


def _clause_start(folded: str, position: int) -> int:
    return max(folded.rfind(mark, 0, position) for mark in "，,；;：:。") + 1


def _only_a_period(folded: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """The period mention, when folded[start:end] says nothing but when: 去年同期为341人,
    2022年为612人, 较上年的33名 (the figure before, for another period); else None."""
    if start > 0 and folded[start - 1] in "）)":
        # 较前一周（12月1日至12月5日）的3名: the dates in brackets, cut off as a clause
        opening = max(folded.rfind("（", 0, start), folded.rfind("(", 0, start))
        if opening >= 0 and opening >= start - 1 - _BRACKETED_LENGTH:
            start = opening
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if not inside:
        return None
    rest, position = "", start
    for m in inside:
        rest += folded[position:m.start]
        position = m.end
    rest += folded[position:end]
    rest = _SPAN_AND_BRACKETS.sub("", rest)
    return inside[-1] if measures.PERIOD_CONTINUATION.match(rest) else None


def _only_a_place(folded: str, start: int, end: int,
                  place_mentions: list[tuple[int, Place]]) -> bool:
    """folded[start:end] says nothing but where: 江苏省留置987人，河南省则为1100余人 (the
    figure before, for another place)."""
    rest, position = "", start
    for at, _place in place_mentions:
        if start <= at < end:
            match = places.PLACE.match(folded, at)
            if match is None or match.end() > end:
                return False
            rest += folded[position:at]
            position = match.end()
    if position == start:
        return False
    rest += folded[position:end]
    return measures.PERIOD_CONTINUATION.match(rest) is not None


class _Document:
    """The state of one extraction: what has been read so far and what was found."""

    def __init__(self, text: str, document_date: dt.date | None, issuer: str | None) -> None:
        self.text = text
        self.periods = PeriodTracker(document_date)
        self.places = PlaceTracker(issuer)
        self.found: list[Candidate] = []
        self.read_up_to = 0
        self.previous_sentence_end = -1
        self.previous_sentence_last: int | None = None
        #: end of the last sentence that said 留置 (of people held), for inferred figures
        self.liuzhi_said_at = -1
        self.liuzhi_sentence_end = -1
        #: for each figure found: whether a period was named before it in its sentence
        self.own_period: list[bool] = []
        #: for each figure found: the offset of its sentence
        self.sentence_starts: list[int] = []
        #: the triggers of the sentence being read, once found
        self.sentence_triggers: list[measures.Trigger] | None = None
        #: the figures given for another period than their sentence's (去年同期为19人)
        self.other_period: set[int] = set()
        #: the last sentence read listed parts (其中…): indented lines under it go on
        self.previous_listed_parts = False
        #: the figures of the period lines just read (2019年：58人), for their 合计 line,
        #: and the title above them
        self.period_lines: list[int] = []
        self.period_title: str | None = None
        #: the figure a breakdown heading splits (按干部层级划分：), and where it ends
        self.heading_whole: int | None = None
        self.heading_end = -1
        #: the measure and text of a caption naming a count, and where it ends (-1: none)
        self.titled: tuple[str, str] = ("", "")
        self.titled_end = -1
        #: the text corrects an earlier one (更正, 勘误): what it quotes as 原文 was wrong
        self.correction_notice = _CORRECTION.search(text) is not None
        self._folded: str | None = None

    def run(self, spans: list[tuple[int, int]],
            blocks: list[layout.Block] | None = None) -> list[Candidate]:
        at = {block.start: block for block in blocks or []}
        skip_until = -1
        for start, end in spans:
            if start < skip_until:
                continue  # a row of a table read as a whole
            if start > self.read_up_to:
                self._read_context(self.read_up_to, start)
            block = at.get(start)
            if block is not None and self._read_table(block):
                skip_until = self.read_up_to = block.end
                continue
            self._read_sentence(start, end)
            self.read_up_to = end
        self._parts_in_their_wholes_period()
        return self.found

    def _parts_in_their_wholes_period(self) -> None:
        """A part whose sentence names no time falls within its whole: 23名被留置高管中，
        董事长有9名 after a sentence about the second quarter is of the half-year."""
        for k, part in enumerate(self.found):
            whole = self.found[part.subset_of] if part.subset_of is not None else None
            if (whole is None or self.own_period[k] or k in self.other_period
                    or part.subset_of in self.other_period  # 较2023年的150人: not this period
                    or (whole.period_start, whole.period_end) == (None, None)):
                continue
            self.found[k] = replace(part, period_start=whole.period_start,
                                    period_end=whole.period_end)

    def _read_table(self, block: layout.Block) -> bool:
        """A table read by its layout (``layout``): each value cell the measure of its row,
        its column or the title, for the period and place they name; totals are the wholes
        of the cells they add up. False, reading nothing, when no cell can be told."""
        folded = self.folded()
        table = layout.table(block, folded)
        if table is None:
            return False
        if table.title:  # 表1　2023年各市留置人数, cut into cells: its period and place
            self.periods.close_sentence(self.periods.mentions(table.title), table.title)
            self.places.close_sentence(self.places.mentions(table.title))
        title = layout.title_measure(table.title or fold(self._title_above(block.start)))
        said = layout.UNIT_LINE.findall(table.title)
        unit, scale = layout.unit_near(folded, block.start, block.end)
        if said:
            unit = numerals.UNIT_NAMES[said[-1]]
        cells = table.cells(folded, title, unit, scale)
        for told in self.found[:-_TOLD_REACH - 1:-1] if not cells and title is None else []:
            # 涉及46人。…按职务划分： / 职务 | 人数 … 合计 | 46: a table that breaks down a
            # figure just told, as its total says, counts what that figure counts
            trial = table.cells(folded, told.measure, unit, scale)
            if any(cell.value.number.value == told.value and cell.unit == told.unit
                   and (table.rows[cell.row].total or table.columns[cell.column].total)
                   for cell in trial):
                cells = trial
                break
        if not cells:
            return False
        header = " | ".join(head for head in table.heads if head)
        figures: dict[tuple[int, int], int] = {}  # (row, column) → index in found
        first = len(self.found)
        for cell in cells:
            row = table.rows[cell.row]
            candidate = _table_figure(
                cell.measure, cell.value.number, cell.unit,
                self._cell_period(table, cell.row, cell.column),
                self._cell_place(row.text, table.heads[cell.column]), self.text, 0,
                (cell.start, cell.end), (cell.line_start, cell.line_end),
                f"table “{header}”, row “{row.text}”")
            # the cells of a table are one statement: two equal counts in it are two
            # figures, never mentions of one
            figures[cell.row, cell.column] = self._keep(
                replace(candidate, qualifier=cell.value.qualifier,
                        scope=table.scope(cell.row, cell.column)), block.start, True)
        self._link_table(table, figures, table.wholes(cells))
        self._parts_of_told(list(figures.values()), first)
        self._read_notes(table, figures, block.start)
        return True

    def _read_notes(self, table: layout.Table, figures: dict[tuple[int, int], int],
                    table_start: int) -> None:
        """Counts written into a 备注 cell (含疫情防控领域留置43人, 其中厅局级19人)."""
        folded = self.folded()
        notes = [c for c, head in enumerate(table.heads) if _NOTE_HEAD.search(head)]
        if not notes:
            return
        rows: dict[int, list[int]] = defaultdict(list)
        for (r, _), k in figures.items():
            rows[r].append(k)
        for c in notes:
            for r, cells in enumerate(table.body):
                start, end = cells[c]
                note = folded[start:end]
                if not _DIGIT.search(note) or "分别" in note or copy.copy(
                        self.periods).mentions(note):
                    continue  # 上年同期100人, 留置、立案分别为10人、30件: not this row's part
                triggers = list(measures.find_triggers(note))
                if rows[r] and not any(t.measure is None for t in triggers):
                    for q in numerals.find_quantities(note):
                        self._read_note_count(note, (start, end), q, triggers, rows[r],
                                              table_start)

    def _read_note_count(self, note: str, span: tuple[int, int], q: numerals.Quantity,
                         triggers: list[measures.Trigger], row: list[int],
                         table_start: int) -> None:
        """One count of a note: a part of the figure of its row that counts the measure the
        note names (else the one figure of the row in its unit), or, when the note names a
        measure the row does not count (另有174人被移送检察机关), a figure of that measure."""
        before = [t for t in triggers if t.end <= q.span_start]
        after = [t for t in triggers if t.start >= q.span_end]
        named = before[-1] if before else after[0] if after else None
        another = note[:q.span_start].rstrip("有").endswith("另")  # 另有174人: not a part
        wholes = [] if another else [
            k for k in row if self.found[k].unit == q.unit and self.found[k].value > q.value
            and (named is None or self.found[k].measure == named.measure)]
        whole: int | None
        if len(wholes) == 1:
            whole = wholes[0]
        elif named is not None and not wholes and all(
                self.found[k].measure != named.measure for k in row):
            whole = None
        else:
            return
        model = self.found[whole if whole is not None else row[0]]
        words = note[:named.start if before and named else q.span_start]
        scope = _SUM_WORD.sub("", words.split("、")[-1]).strip(_SCOPE_TRIM)
        start, end = span
        self._keep(replace(
            model, measure=named.measure if named and named.measure else model.measure,
            value=q.value, value_high=q.value_high, unit=q.unit, qualifier=q.qualifier,
            precision=q.precision, start=start + q.start, end=start + q.end,
            evidence_start=start, evidence_end=end, evidence=self.text[start:end],
            subset_of=whole, scope=(scope or None) if whole is not None else None,
            confidence=0.75, mentions=[], reason=f"a count in the note on «{model.evidence}»"),
            table_start, True)

    def _parts_of_told(self, figures: list[int], first: int) -> None:
        """Cells that nothing in their table holds, each for a span within the period of a
        figure told just before the table (2024年全年共41人… 分季度看（表1）: its quarters),
        are parts of that figure, when together they come to no more than it."""
        told = [j for j in range(first - 1, max(-1, first - 1 - _TOLD_REACH), -1)
                if self.found[j].subset_of is None and j not in self.other_period]
        wholes = {self.found[k].subset_of for k in figures}
        parts: dict[int, list[int]] = defaultdict(list)
        for k in figures:
            part = self.found[k]
            if part.subset_of is not None or k in wholes or not (
                    part.period_start and part.period_end):
                continue
            whole = next((j for j in told if _spans_part(self.found[j], part)), None)
            if whole is not None:
                parts[whole].append(k)
        for whole, ks in parts.items():
            total = self.found[whole]
            if sum(self.found[k].value for k in ks) <= total.value:
                for k in ks:
                    self.found[k] = replace(self.found[k], subset_of=whole, reason=(
                        self.found[k].reason + f"; part of «{total.evidence}»"))

    def folded(self) -> str:
        """The whole text folded, once."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def _title_above(self, offset: int) -> str:
        """The title of the table at ``offset``: the nearest heading above it (a short
        line), or the sentence that leads into it (…情况如下：); unit lines and paragraphs
        that do neither are passed over, up to three lines."""
        end = offset - 1
        lines = 0
        while end > 0 and lines < 3:
            start = self.text.rfind("\n", 0, end) + 1
            line = self.text[start:end].strip()
            end = start - 1
            if not line or layout.UNIT_LINE.match(line) or line.startswith(_NOT_TITLES):
                continue
            lines += 1
            if len(line) <= _TITLE_LENGTH and "。" not in line:
                return line  # a heading, whatever it names
            last = line[line.rstrip("。").rfind("。") + 1:]
            if last.endswith(("：", ":")):
                return last  # 研究人员按留置时长对其分组：
        return ""

    def _cell_period(self, table: layout.Table, r: int, c: int,
                     periods: PeriodTracker | None = None) -> Period:
        """The period of a cell: its row's and its column's words, the one that names a year
        read first (2024年 then 一季度), against the period of the text before the table (or
        against ``periods``)."""
        periods = periods or self.periods
        row, column = table.rows[r], table.columns[c]
        if column.same_span_before and c > 1:
            before = self._cell_period(table, r, c - 1, periods)
            if before.start is None or before.end is None:
                return UNKNOWN
            return Period(in_year(before.start, before.start.year - 1),
                          in_year(before.end, before.end.year - 1, end=True))
        if column.this_month and periods.document_date is not None:
            day = periods.document_date
            return Period(day.replace(day=1), day)
        texts = [t.text + ("年" if layout.is_bare_year(t.text) else "")
                 for t in (column, row)
                 if t.text and (not t.total or layout.PERIOD_WORD.search(t.text))]
        texts.sort(key=lambda t: not layout.has_year(t))
        sentence = "，".join(texts)
        tracker = copy.copy(periods)
        return tracker.period_before(tracker.mentions(sentence), len(sentence), sentence)

    def _cell_place(self, label: str, head: str) -> Place | None:
        """The place a row or column names, else the text's. A row labelled with a city
        the region table does not have keeps its name, without a code."""
        for text in (label, head):
            mentions = copy.copy(self.places).mentions(text)
            if mentions:
                return mentions[-1][1]
            if places.PLACE_LABEL.fullmatch(text):
                return Place(None, text, "local")
        return self.places.place_before([], 0)

    def _cell_within(self, table: layout.Table, cell: tuple[int, int],
                     whole_cell: tuple[int, int], part: Candidate, total: Candidate) -> bool:
        """The part's period falls within the total's; in a text whose year is not known,
        as they would in any year (10月 within 1—10月累计, not 上年同期)."""
        if (total.period_start and total.period_end and part.period_start
                and part.period_end):
            return total.period_start <= part.period_start <= part.period_end <= (
                total.period_end)
        if any((total.period_start, total.period_end, part.period_start, part.period_end)):
            return False
        any_year = PeriodTracker(_ANY_YEAR_END)
        inner = self._cell_period(table, *cell, any_year)
        outer = self._cell_period(table, *whole_cell, any_year)
        if inner.start is None or inner.end is None or outer.start is None or outer.end is None:
            return False
        return outer.start <= inner.start and inner.end <= outer.end

    def _link_table(self, table: layout.Table, figures: dict[tuple[int, int], int],
                    wholes: dict[tuple[int, int], list[tuple[int, int]]]) -> None:
        """Each figure of a table to the figure of the cell it is part of, when they count
        the same measure in the same unit and, for a total that names its period, the part
        falls within it; a total that names none (合计) then spans its parts' periods."""
        parts: dict[int, list[int]] = defaultdict(list)
        for (r, c), k in figures.items():
            part = self.found[k]
            for whole_cell in wholes.get((r, c), []):
                whole = figures.get(whole_cell)
                if whole is None:
                    continue
                total = self.found[whole]
                if part.measure != total.measure or part.unit != total.unit:
                    continue
                if table.names_period(*whole_cell) and not self._cell_within(
                        table, (r, c), whole_cell, part, total):
                    continue  # 上年同期 beside 1-9月累计: another span, not a part
                self.found[k] = replace(part, subset_of=whole,
                                        reason=part.reason + f"; part of «{total.evidence}»")
                parts[whole].append(k)
                break
        for (r, c), k in figures.items():
            if parts[k] and not table.names_period(r, c):
                starts = [d for p in parts[k] if (d := self.found[p].period_start)]
                ends = [d for p in parts[k] if (d := self.found[p].period_end)]
                if len(starts) == len(ends) == len(parts[k]):
                    self.found[k] = replace(self.found[k], period_start=min(starts),
                                            period_end=max(ends))

    def _read_context(self, start: int, end: int) -> None:
        """Text without figures still says where and when (a heading, an opening line)."""
        folded = fold(self.text[start:end])
        period_mentions = self.periods.mentions(folded)
        self.periods.close_sentence(period_mentions, folded)
        self.places.close_sentence(self.places.mentions(folded))

    def _read_sentence(self, offset: int, end: int) -> None:
        if self.text.startswith(_WRONG_ORIGINAL, self.text.rfind("\n", 0, offset) + 1) and (
                self.correction_notice):
            # 原文："…留置486人…" in a correction notice: the figures it quotes are wrong (in an
            # update, 原文 was true at its own date)
            self._read_context(offset, end)
            return
        found_before = len(self.found)
        raw = self.text[offset:end]
        folded = fold(raw)
        context = (self.periods.context_year, self.periods.carried)
        period_mentions = self.periods.mentions(folded)
        place_mentions = self.places.mentions(folded)
        at_line_start = offset == 0 or self.text[offset - 1] == "\n"
        line = tables.period_line(folded.rstrip("\r\n")) if at_line_start else None
        self.sentence_triggers = None
        if line is None:
            self.period_lines = []
        if line is not None and self._read_period_line(offset, raw, line, place_mentions):
            self.previous_sentence_last = None
        elif self._read_labelled_part(offset, raw, folded, period_mentions):
            pass
        else:
            quantities = list(numerals.find_quantities(folded))
            if quantities:
                self._read_figures(offset, raw, folded, quantities, period_mentions, place_mentions)
        self.periods.close_sentence(period_mentions, folded)
        self.periods.passing_year = None
        told = range(found_before, len(self.found))
        years = {(self.found[k].period_start or "")[:4] for k in told}
        year = int(years.pop()) if len(years) == 1 and years != {""} else None
        if (year is not None and context[0] is not None and year < context[0]
                and all(k in self.other_period for k in told)):
            # 前年全年，这一数字仅为32人。: a figure for an earlier time, told in passing; the
            # text goes on in its own time (仅7月至9月 is this year's), but 当年 is that year
            self.periods.passing_year = year
            self.periods.context_year, self.periods.carried = context
        self.places.close_sentence(place_mentions)
        self._remember_title(offset, raw, folded, found_before)
        if "留置" in folded:
            triggers = self.sentence_triggers
            if triggers is None:
                triggers = list(measures.find_triggers(folded))
            if (any(t.measure == "liuzhi" for t in triggers)
                    and not any(t.segment and not measures.CHANGE.fullmatch(folded, t.start, t.end)
                                for t in triggers)):
                self.liuzhi_said_at = offset
                self.liuzhi_sentence_end = offset + len(raw)

    @staticmethod
    def _counts_listed(folded: str, quantities: list[numerals.Quantity],
                       period_mentions: list[Mention], boundaries: list[int],
                       ) -> dict[int, tuple[int, int, Period | None]]:
        """Counts listed with nothing but 、/和 between them (38名、44名和59名…被留置): for
        each but the last, the right limit and reach of the last, and, when 分别 gives the
        list one period each (2023年、2024年和2025年…分别有), its period."""
        listed: dict[int, tuple[int, int, Period | None]] = {}
        index = 0
        while index < len(quantities):
            last = index
            while last + 1 < len(quantities) and _AND.fullmatch(
                    folded, quantities[last].span_end, quantities[last + 1].span_start):
                last += 1
            if last > index:
                end_q = quantities[last]
                b = bisect.bisect_left(boundaries, end_q.span_end)
                right = boundaries[b] if b < len(boundaries) else len(folded)
                run = list(range(index, last + 1))
                spans = [m for m in period_mentions if m.kind == "span"
                         and m.end <= quantities[index].span_start]
                respectively = bool(spans) and "分别" in folded[
                    spans[-1].end:quantities[index].span_start]
                named = [m.period for m in spans[-len(run):]] if (
                    respectively and len(spans) >= len(run)) else []
                if respectively and not named:
                    named = _years_of(spans[-1].period, len(run))  # 2019年至2023年…分别为…
                for position, k in enumerate(run):
                    listed[k] = (right, end_q.span_end, named[position] if named else None)
            index = last + 1
        return listed

    def _find_trigger(self, q: numerals.Quantity, folded: str,
                      triggers: list[measures.Trigger], boundaries: list[int],
                      period_mentions: list[Mention], clause: tuple[int, int],
                      limits: tuple[int, int, int], last_in_clause: bool,
                      quantities: list[numerals.Quantity],
                      ) -> tuple[measures.Trigger | None, float, bool, bool]:
        """The trigger of a count, the confidence it gives, whether it stands after the
        count, and whether it was handed on by the clause before: on the left within
        reach; else on the right; else in the next clause when it opens with 被; else
        in the clause before when that ends so as to hand it on."""
        clause_start, clause_end = clause
        left_limit, right_limit, reach_from = limits
        trigger = self._trigger_left(triggers, left_limit, q.span_start)
        if (trigger is not None and trigger.segment
                and self._levels_after(trigger, q, folded, period_mentions)):
            trigger = self._trigger_left([t for t in triggers if not t.segment],
                                         left_limit, trigger.start)
        if trigger is not None:
            return trigger, 0.85 if q.span_start - trigger.end > 8 else 0.95, False, False
        # …五名H股上市國企的董事或高級管理人員被內地監委實施留置: the passive marks the
        # count as the one held, however long the noun before 被
        passive = folded.find("被", q.span_end, min(right_limit, q.span_end + PASSIVE_REACH))
        if passive >= 0:
            reach_from = max(reach_from, passive)
        trigger = self._trigger_right(triggers, q.span_end, right_limit, folded, reach_from)
        if trigger is not None:
            return trigger, 0.85, True, False
        if folded.startswith(("被", "遭"), clause_end + 1) and last_in_clause:
            trigger = self._passive_next(triggers, boundaries, clause_end + 1, folded)
            if trigger is not None:
                return trigger, 0.75, True, False
        if clause_start > 0:
            trigger = self._dangling(folded, triggers, boundaries, clause_start, quantities,
                                     q.unit)
            if trigger is not None:
                return trigger, 0.75, False, True
        return None, 0.75, True, False

    def _remember_title(self, offset: int, raw: str, folded: str, found_before: int) -> None:
        """A sentence that names a count and gives none (图表说明：…全省月度留置人数。
        我们统计了…被留置的情况。) titles the counts of the sentence after it."""
        self.titled_end = -1
        if len(self.found) != found_before:
            return
        end = folded.rstrip(_TITLE_END)
        if not (end.endswith(("人数", "件数")) or end.endswith("情况") and "统计" in end):
            return
        kinds = {t.measure for t in measures.find_triggers(folded)}
        measure = kinds.pop() if len(kinds) == 1 else None
        if measure is not None:
            self.titled = (measure, raw.strip())
            self.titled_end = offset + len(raw)

    def _liuzhi_nearby(self, offset: int) -> bool:
        """留置 was said in this sentence or in the one just before (a heading): nothing but
        one line break or spaces between them."""
        if self.liuzhi_said_at == offset:
            return True
        if self.liuzhi_sentence_end < 0 or self.liuzhi_sentence_end > offset:
            return False
        return not self.text[self.liuzhi_sentence_end:offset].strip()

    def _read_figures(self, offset, raw, folded, quantities, period_mentions, place_mentions):  # type: ignore[no-untyped-def]
        triggers = list(measures.find_triggers(folded))
        self.sentence_triggers = triggers
        inside = [(q.span_start, q.span_end) for q in quantities]
        # only the quantities that hold a boundary character (1,208人) can hide one
        hiding = [(s, e) for s, e in inside if measures.BOUNDARY.search(folded, s, e)]
        boundaries = [m.start() for m in measures.BOUNDARY.finditer(folded)]
        if hiding:
            boundaries = [b for b in boundaries if not any(s <= b < e for s, e in hiding)]
        segments = [t for t in triggers if t.segment]
        blockers = [t for t in triggers if t.measure is None]
        said_here = not segments and any(t.measure == "liuzhi" for t in triggers)
        # an act on a placement made (解除留置) is rare: its clause looked up only if named
        acts = measures.ACT_ON_PLACEMENT.search(folded) is not None
        context_ok = said_here or self._liuzhi_nearby(offset)
        # The figure before, in this sentence, or the last of the sentence just before
        # when this one opens with 其中 (其余, 这27人中) or with a bare count.
        previous: int | None = None
        speaker = _SPEAKER.match(folded)  # 【解说】在这142人中…: the sentence opens after it
        at = speaker.end() if speaker else 0
        breakdown = measures.BREAKDOWN_OPENING.match(folded[at:])
        indented_part = self.previous_listed_parts and raw.lstrip("\n").startswith(_INDENT)
        listing = measures.SUBSET_OPENING.match(folded[at:]) is not None or indented_part
        opening = (listing or _COUNT_OPENING.match(folded[at:]) or breakdown
                   or _FIGURE_ANAPHOR.search(folded))
        # 去年同期，这两个数字分别为83人和15人: the figures of the sentence before, in order
        templates: list[int] = []
        copies: dict[int, int] = {}
        if (self.previous_sentence_last is not None
                and 0 <= self.previous_sentence_end <= offset
                and opening and self._follows_figure(offset, breakdown is not None)):
            previous = self.previous_sentence_last
            # 分行业看，…6位; 其中，實控人佔13人: the parts of the sentence's main figure, not
            # of the one given for another period after it; 从留置数量看: of that measure's
            named = [t.measure for t in triggers
                     if breakdown is not None and t.end <= at + breakdown.end() and t.measure]
            if "分别" in folded and _FIGURES_ANAPHOR.search(folded):
                last = self.previous_sentence_last
                templates = [k for k in range(last + 1)
                             if self.sentence_starts[k] == self.sentence_starts[last]
                             and k not in self.other_period]
            previous = self._main_figure(previous, named[-1] if named else None,
                                         whole=breakdown is not None)
        elif self.previous_sentence_last is not None and _PARTS_BEFORE.search(
                folded, 0, quantities[0].span_start):
            # 从身份分布看，其中31名为…: the parts of the last figure, a paragraph later
            previous = self.previous_sentence_last
        group_parent: int | None = None
        named_group = _NAMED_GROUP.match(folded, at)
        if named_group is not None:
            # 市管干部中，担任过“一把手”的有4人: a part of the figure that counted that group
            group_parent = self._last_figure(
                lambda c, _k: c.scope == named_group.group(1), reach=_GROUP_REACH)
        # quoted words said to be wrong (“…留置57人”有误，“57人”应为“75人”)
        refuted = [(m.start(), m.end()) for m in _QUOTED.finditer(folded)
                   if _REFUTED_AFTER.search(folded, m.end())] if self.correction_notice else []
        # words that few sentences hold, looked for once (their patterns run only then)
        denies = "不是" in folded or "并非" in folded or "而非" in folded
        recalls = "上述" in folded
        corrected: str | None = None  # the measure of the refuted figure, for its correction
        respectively: list[Mention] = []  # the periods of 分别为 still to give out
        titled = self.titled if self.titled_end >= 0 and not self.text[
            self.titled_end:offset].strip() else None
        under_title = False  # a count of this sentence was the title's: the next may be too
        listed: list[int] = []  # the counts given period by period, for a 合计 after them
        previous_end = 0
        first_in_sentence = len(self.found)
        listed_with = (self._counts_listed(folded, quantities, period_mentions, boundaries)
                       if len(quantities) > 1 else {})
        in_order = _in_order(raw, folded, quantities, place_mentions)
        # the campaigns the sentence names, found once (most sentences name none)
        campaigns = (list(measures.CAMPAIGN.finditer(folded))
                     if _CAMPAIGN_HINT.search(folded) else [])
        for index, q in enumerate(quantities):
            released = acts and _ACT_ON_PLACEMENT_IN(folded, boundaries, q)
            reference = _GROUP_REFERENCE.match(folded, q.span_end)
            if reference is not None:
                # 63名高管中有17名…: 63 names a group already counted; what follows is part of it
                earlier = self._last_figure(
                    lambda c, _k: c.value == q.value and c.unit == q.unit, reach=_GROUP_REACH)
                if earlier is not None:
                    group_parent = earlier
                    previous_end = q.span_end
                    continue
            b = bisect.bisect_left(boundaries, q.span_start)
            clause_start = boundaries[b - 1] + 1 if b else 0
            clause_end = boundaries[b] if b < len(boundaries) else len(folded)
            left_limit = max(clause_start, previous_end)
            right_limit = clause_end
            reach_from = q.span_end
            if folded.startswith("、", clause_end):
                # 47名董事长、实际控制人被留置: nouns listed after the count, then the trigger,
                # within reach of the last noun listed
                right_limit = _listed_nouns_end(folded, clause_end, boundaries, inside)
                reach_from = max(reach_from, folded.rfind("、", clause_end, right_limit) + 1)
            if index + 1 < len(quantities):
                right_limit = min(right_limit, quantities[index + 1].span_start)
            if index in listed_with:
                # 38名、44名和59名…被…留置: the counts listed share the trigger after the last
                right_limit, reach_from = listed_with[index][:2]
            previous_end = q.span_end

            found_trigger = self._find_trigger(
                q, folded, triggers, boundaries, period_mentions,
                (clause_start, clause_end), (left_limit, right_limit, reach_from),
                index + 1 == len(quantities) or quantities[index + 1].span_start > clause_end,
                quantities)
            trigger, confidence, after, dangling = found_trigger
            listed_act = in_order.get(index)
            if isinstance(listed_act, measures.Trigger):
                # 立案和留置分别为30件、8人: the act of the same rank in the list
                trigger, after, dangling = listed_act, False, False

            between_start = (self.found[previous].end - offset
                             if previous is not None and previous >= first_in_sentence else 0)
            between = folded[max(0, between_start):q.span_start]
            clause = folded[left_limit:q.span_start]
            parent: int | None = None
            aside: Mention | None = None
            another_period = another_place = False
            inferred = False
            joined: list[str] = []
            measure: str | None
            if trigger is not None:
                if trigger.measure is None or any(
                    t.start >= left_limit and t.end <= q.span_start
                    and not self._levels_after(t, q, folded, period_mentions)
                    for t in segments
                ):
                    continue
                measure = trigger.measure
                word = raw[trigger.start:trigger.end]
                if dangling:
                    reason = f"“{word}” in the clause before hands on to it"
                elif after:
                    reason = f"“{word}” after the number"
                else:
                    reason = f"“{word}” {q.span_start - trigger.end} characters before the number"
                if group_parent is not None and self._smaller(group_parent, q, measure):
                    parent = group_parent
                    confidence = 0.8
                if previous is not None and parent is None:
                    parent = self._parent(previous, measure, between, clause)
                    if parent is None and after and self._opens_part(
                            previous, q, measure, folded, clause_start, period_mentions,
                            place_mentions):
                        parent = self._root(previous)
                        confidence = 0.8
                if after:
                    joined = self._joined(triggers, trigger, q.span_end, right_limit, folded)
                evidence_start = min(trigger.start, q.span_start)
                evidence_end = max(trigger.end, q.span_end)
            else:
                if self._named_again(q, raw, folded):
                    continue  # 其中，8名县处级干部均涉及…: the group counted before, again
                blocked = any(
                    t.start >= left_limit and t.end <= q.span_start for t in blockers
                ) or any(clause_start <= t.start < q.span_start for t in segments)
                measure = None
                reason = ""
                word_span: tuple[int, int] | None = None
                last_here = len(self.found) - 1 if len(self.found) > first_in_sentence else None
                if group_parent is not None and not (
                        last_here is not None and last_here != group_parent
                        and measures.SUBSET_MARK.search(
                            folded, self.found[last_here].end - offset, q.span_start)):
                    # 在这142人中: the group named beats the figure before, but not 其中
                    # right after a figure of this sentence (…有24人，其中15人)
                    previous = group_parent
                if previous is not None and not blocked and not measures.OTHER_ACT.search(clause):
                    before = self.found[previous]
                    measure = before.measure
                    if q.unit == before.unit:
                        aside = _only_a_period(folded, left_limit, q.span_start, period_mentions)
                        if aside is not None and "分别" in clause:
                            # 2021年及2022年分别为2.5万人和2.8万人: the periods in order
                            named = [m for m in period_mentions
                                     if left_limit <= m.start and m.end <= q.span_start]
                            aside, respectively = named[0], named[1:]
                        elif aside is None and respectively and _AND.fullmatch(clause):
                            aside = respectively.pop(0)
                        if (aside is None and _FIGURE_ANAPHOR.search(clause)
                                and measures.PERIOD_CONTINUATION.match(
                                    _FIGURE_ANAPHOR.sub("", clause))
                                and any(m.start < q.start for m in period_mentions)):
                            # 去年全年，这一数字为21名: named in the clause before
                            another_period = True
                        if (aside is None and not another_period and before.subset_of is None
                                and _only_a_place(folded, left_limit, q.span_start,
                                                  place_mentions)):
                            another_place = True
                    if aside is None and not another_period and not another_place:
                        # the group named (42名当事人中, 市管干部中), else the figure before;
                        # but 其中 right after a figure opens that figure's parts
                        grouped = group_parent is not None and self._smaller(
                            group_parent, q, measure)
                        parent = (group_parent if grouped and (
                                      group_parent == previous
                                      or not measures.SUBSET_MARK.search(between))
                                  else self._parent(previous, measure, between, clause))
                        if parent is None and grouped:
                            parent = group_parent
                        if parent is None and self._part_after(q, folded, clause_end, previous):
                            parent = self._root(previous)
                        whole = self._root(self._main_figure(previous, None, whole=False))
                        if parent is None and self._smaller(whole, q, measure) and (
                                breakdown is not None
                                or measures.SUBGROUP.search(clause)
                                or measures.SUBGROUP.match(folded, q.span_end)):
                            # 留置逾一千二百人　廳級幹部二十一人; 分行业看，建筑装饰行业6位; not
                            # of a figure for another period (较上年的149人，…县处级干部38人)
                            parent = whole
                        if parent is None and not (measures.SUBGROUP.search(clause)
                                                   or measures.CONTINUATION.match(clause)):
                            measure = None
                    if measure is not None:
                        confidence = 0.8 if parent is not None else 0.7
                        reason = ("part of the figure before" if parent is not None
                                  else "the figure before, for another period"
                                  if aside or another_period
                                  else "the figure before, for another place" if another_place
                                  else "continues the figure before")
                evidence_start = left_limit
                if (measure is None and corrected is not None
                        and _CORRECTS.search(folded, max(0, q.span_start - CORRECTION_REACH),
                                             q.span_start)):
                    measure, confidence = corrected, 0.8
                    reason = "the corrected figure"
                if templates and trigger is None and len(copies) < len(templates):
                    template = self.found[templates[len(copies)]]
                    if template.unit == q.unit:
                        # each count the figure of the same rank before, for this period
                        measure, confidence, parent = template.measure, 0.75, None
                        if template.subset_of is not None:
                            parent = copies.get(template.subset_of)
                        reason = f"«{template.evidence}» for another period"
                        another_period, aside = True, None
                    copies[templates[len(copies)]] = len(self.found)
                if (measure is None and not blocked and previous is None
                        and (clause_start == 0 or under_title)
                        and titled is not None
                        and _only_a_period(folded, left_limit, q.span_start, period_mentions)):
                    # 图注：…月度留置人数。7月41人，8月38人: counts under a caption that names them
                    measure, confidence = titled[0], 0.75
                    reason = f"a count under “{titled[1]}”"
                    under_title = True
                if measure is None and not blocked and previous is None and clause_start > 0:
                    # 留置人数略有上升，去年同期为2.3万人: the count its sentence named, for
                    # the period this clause names
                    named = [t for t in triggers if t.measure and t.end <= clause_start
                             and _COUNT_NOUNS.get(folded[t.end:t.end + 2]) == q.unit]
                    if len({t.measure for t in named}) == 1 and _only_a_period(
                            folded, left_limit, q.span_start, period_mentions):
                        measure, confidence = named[-1].measure, 0.75
                        reason = (f"“{raw[named[-1].start:named[-1].end + 2]}” named before, "
                                  "for this period")
                        another_period = True
                if measure is None:
                    word_span = None if blocked or not context_ok else self._context_word(
                        folded, clause_start, q, clause_end)
                    if word_span is None:
                        continue
                    word = raw[word_span[0]:word_span[1]]
                    if folded[word_span[0]:word_span[1]] in _ANAPHORS and any(
                            t.measure == "liuzhi" and t.end <= word_span[0] for t in triggers):
                        # 公告实控人被留置，此类案例已达39起: 此类 points at 留置 in its sentence
                        measure, confidence = "liuzhi", 0.75
                        reason = f"“{word}” refers to 留置 earlier in the sentence"
                    else:
                        measure, inferred, confidence = "liuzhi", True, 0.55
                        reason = (f"inferred: “{word}”, with 留置 said "
                                  + ("in the same sentence" if said_here else "just before"))
                    evidence_start = min(word_span[0], q.span_start)
                while evidence_start < q.span_start and folded[evidence_start] in "，,、；; 　":
                    evidence_start += 1
                evidence_end = q.span_end
                if word_span is not None:
                    evidence_end = max(q.span_end, word_span[1])

            if (measure == "liuzhi" and q.unit == "cases" and after and trigger is not None
                    and _COUNTED_THINGS.match(folded, q.span_end, trigger.start)):
                continue  # 326件五金制品留置在仓库: goods held, not cases
            if refuted and any(s <= q.span_start < e for s, e in refuted) or (
                    denies and trigger is not None
                    and _DENIED.search(folded, left_limit, trigger.start)):
                # 而不是留置32人, “留置57人”有误: said only to be denied
                corrected = measure
                continue
            if measure == "liuzhi" and released:
                continue  # 8名此前被留置的高管解除留置: people released, not placed
            period = (aside.period if aside is not None and aside.kind != "aside"
                      and aside.period.start is not None
                      else self.periods.period_before(period_mentions, q.start, folded))
            if index in listed_with and listed_with[index][2] is not None:
                period = listed_with[index][2]  # 2023年、2024年和2025年…分别有38名、44名和59名
            own_period = any(m.start < q.start for m in period_mentions)
            own_clause = [m for m in period_mentions if left_limit <= m.start < q.span_start]
            if aside is not None or parent is not None and own_clause:
                # 2022年为612人 dates that figure only: the clauses after it are back
                # in the sentence's own period (…，立案3.1万件 is still 2023); so does every
                # mention of its clause (去年全年为18人), and a part's own period (其中三季度
                # 立案468件；共对43人… is still 前三季度)
                for m in [m for m in period_mentions if m in own_clause or m is aside]:
                    period_mentions.remove(m)
            named_place = in_order.get(index)
            place = (named_place if isinstance(named_place, Place)
                     else self.places.place_before(place_mentions, q.start))
            scope = None
            partial = False
            if parent is not None or (trigger is None and not inferred):
                scope = (None if another_period  # 这一数字为48人: the same group, named before
                         else _SUM_WORD.sub("", raw[left_limit:q.span_start]).strip(_SCOPE_TRIM)
                         or None)
                if parent is not None and (scope is None or len(scope) < 2
                                           or scope[-1] in "和及与或"):
                    scope = _scope_after(raw, folded, q.span_end, right_limit) or scope
                named = in_order.get(index)  # 河南、湖南…分别有9人、7人: the place or group
                if isinstance(named, Place):
                    scope = named.name
                elif isinstance(named, str):
                    scope = named
            elif trigger is not None and after and not dangling:
                # 63名上市公司高管被留置: what the count counts, for the reviewer
                counted = _COUNTED.match(folded, q.span_end, trigger.start)
                if counted is not None:
                    scope = raw[counted.start(1):counted.end(1)]
            if parent is None and aside is None:
                campaign = self._campaign(raw, campaigns, q.span_start)
                if campaign is not None:
                    scope, partial = campaign, True
                    confidence -= 0.05
                    reason += f"; within {campaign}"
            if parent is None and trigger is not None and aside is None and not partial:
                parent = self._subgroup_of(q, measure, trigger, folded, period, left_limit)
                if parent is not None and scope is None:
                    sector = _SECTOR.search(raw, left_limit, trigger.start)
                    scope = sector.group(sector.lastindex or 1) if sector else None
            if (parent is None and trigger is not None and aside is None and not partial
                    and place is not None and place.code):
                # 2024年全省留置612人…廣州市留置92人: a place within the total's region
                parent = self._region_whole(q, measure, period, place.code)
            if (parent is None and trigger is not None and aside is None and not partial
                    and (breakdown is not None and previous is not None
                         or dangling and folded[:clause_start - 1].endswith("中")
                         or not after and _AMONG.match(folded, trigger.end, q.span_start))):
                # 从留置数量看，…“一把手”被留置的有19人; 在被留置人员中，…人员23人
                parent = self._whole_before(q, measure, period, within=breakdown is not None)
            added = (_ADDITION.search(folded, clause_start, q.span_start)
                     if parent is not None else None)
            if added and not (added.group() == "另有" and (
                    _PART_AFTER.match(folded, q.span_end, clause_end)
                    or _PARTS_BEFORE.search(folded, 0, q.span_start))):
                # 另有8人被带走调查: more people, not some of those counted (but 另有3名为
                # 独立董事, or 另有 in a list after 其中, names a part)
                parent = None
                if reason.startswith("part of the figure before"):
                    reason = "told in addition to the figure before"
            if (parent is not None and self.found[parent].value == q.value
                    and self.found[parent].unit == q.unit and q.value_high is None):
                parent = None  # 27名被留置人员… after 27人被留置: the figure again, not a part
            if parent is None and inferred and not _ADDITION.search(folded, 0, q.span_start):
                # 8人被留置…此后…7人相继被带走: those taken away in that time are among them
                # (not when told as more: 此外，同期还有6名…被带走)
                parent = (self._whole_before(q, "liuzhi", period, within=True)
                          if period.start is not None and period.end is not None else None)
            if parent is not None:
                reason += f"; part of «{self.found[parent].evidence}»"
            if parent is not None and recalls and _INCLUDES_EARLIER.search(
                    folded, max(0, q.span_start - len("包括上述")), q.span_start):
                earlier = self._same_count_before(parent, measure, q)
                if earlier is not None:
                    # …3名国企高管被留置…（含上述3人）: the figure told first is part of this one
                    told = self.found[earlier]
                    self.found[earlier] = replace(
                        told, subset_of=parent,
                        mentions=[*told.mentions, (offset + evidence_start, offset + evidence_end)],
                        reason=told.reason + f"; part of «{self.found[parent].evidence}»")
                    continue
            period_start, period_end = period.iso()
            candidate = Candidate(
                measure=measure,
                value=q.value,
                value_high=q.value_high,
                unit=q.unit,
                qualifier=q.qualifier,
                precision=q.precision,
                region_code=place.code if place else None,
                region_name=place.name if place else None,
                period_start=period_start,
                period_end=period_end,
                subset_of=parent,
                scope=scope,
                confidence=round(confidence, 2),
                start=offset + q.start,
                end=offset + q.end,
                evidence_start=offset + evidence_start,
                evidence_end=offset + evidence_end,
                evidence=raw[evidence_start:evidence_end],
                reason=reason,
                inferred=inferred,
                partial=partial,
            )
            previous = self._keep(candidate, offset, own_period)
            if breakdown is not None and aside is not None and parent is None:
                whole = self._whole_before(q, measure, period, within=True, before=previous)
                if whole is not None:
                    # 分季度看，一季度…12人，二季度达16人: parts of the half-year's 28
                    candidate.subset_of = whole
                    candidate.reason = f"part of «{self.found[whole].evidence}» by period"
                    aside = None
            if aside is not None or another_period or another_place:
                self.other_period.add(previous)
            if reason.startswith(("a count under", "the figure before, for another period")):
                if _TOTAL_WORD.search(clause):
                    self._total_of(listed, previous)  # 7月41人，…，三季度合计125人
                listed.append(previous)
            for other in joined:
                self._keep(replace(
                    candidate, measure=other, subset_of=None, confidence=0.8,
                    reason=f"{reason}; the count of “{raw[trigger.start:trigger.end]}” "  # type: ignore[union-attr]
                           "is joined to this one by 并/和",
                    evidence_end=offset + right_limit,
                    evidence=raw[evidence_start:right_limit].rstrip("，,。；;")),
                    offset, own_period)
        self.previous_listed_parts = listing and len(self.found) > first_in_sentence
        if len(self.found) > first_in_sentence:
            self.previous_sentence_last = len(self.found) - 1
            while (self.previous_sentence_last > first_in_sentence
                   and self.found[self.previous_sentence_last].confidence == 0.8
                   and "is joined" in self.found[self.previous_sentence_last].reason):
                self.previous_sentence_last -= 1
            self.previous_sentence_end = offset + len(raw)

    def _smaller(self, parent: int, q: numerals.Quantity, measure: str) -> bool:
        root = self.found[parent]
        return root.measure == measure and root.unit == q.unit and q.value < root.value

    def _subgroup_of(self, q: numerals.Quantity, measure: str, trigger: measures.Trigger,
                     folded: str, period: Period, clause_start: int) -> int | None:
        """36名厅级干部被留置 after 留置1320人 for the same period: a subgroup (a rank, a
        kind of cadre) of the total stated before is part of it; so is a sector named
        before the trigger (在国企领域留置217人)."""
        words = folded[min(trigger.end, q.span_end):max(trigger.start, q.span_start)]
        if not (measures.SUBGROUP.search(words)
                or trigger.start < q.span_start
                and _SECTOR.search(folded, clause_start, trigger.start)):
            return None
        start, end = period.iso()
        if start is None and end is None:
            return None
        k = self._last_figure(lambda c, _k: (
            c.measure == measure and c.unit == q.unit and c.subset_of is None
            and not c.partial and (c.period_start, c.period_end) == (start, end)))
        return k if k is not None and self.found[k].value > q.value else None

    def _region_whole(self, q: numerals.Quantity, measure: str, period: Period,
                      code: str) -> int | None:
        """The last whole figure of ``measure`` for the same period, larger, whose region
        holds the region ``code`` (a province's total for a city's count)."""
        start, end = period.iso()
        if start is None or end is None:
            return None
        k = self._last_figure(lambda c, k: (
            c.measure == measure and c.subset_of is None and k not in self.other_period
            and (c.period_start, c.period_end) == (start, end) and c.unit == q.unit
            and bool(c.region_code) and _holds(c.region_code or "", code)))
        return k if k is not None and self.found[k].value > q.value else None

    def _total_of(self, parts: list[int], total: int) -> None:
        """Link the counts listed before a 合计 to it, where its period holds theirs."""
        whole = self.found[total]
        for k in parts:
            part = self.found[k]
            if (part.subset_of is None and part.measure == whole.measure
                    and part.unit == whole.unit and part.value < whole.value
                    and whole.period_start and whole.period_end and part.period_start
                    and part.period_end and whole.period_start <= part.period_start
                    and part.period_end <= whole.period_end):
                self.found[k] = replace(part, subset_of=total,
                                        reason=part.reason + f"; part of «{whole.evidence}»")

    def _same_count_before(self, whole: int, measure: str, q: numerals.Quantity) -> int | None:
        """A whole figure told before ``whole`` with the count of ``q`` (上述3人)."""
        return self._last_figure(lambda c, k: (
            c.measure == measure and c.value == q.value and c.unit == q.unit
            and c.subset_of is None and k not in self.other_period), before=whole)

    def _last_figure(self, wanted: Callable[[Candidate, int], bool],
                     before: int | None = None, reach: int | None = None) -> int | None:
        """The index of the last figure found (before ``before``, among the last ``reach``)
        that is ``wanted``."""
        end = len(self.found) if before is None else before
        for k in range(end - 1, -1 if reach is None else max(-1, end - 1 - reach), -1):
            if wanted(self.found[k], k):
                return k
        return None

    def _named_again(self, q: numerals.Quantity, raw: str, folded: str) -> bool:
        """The count names, after it, the group of a part just given with the same count,
        and no whole was given since (县处级干部、乡科级干部…分别为8人、21人。其中，8名县处级
        干部均…)."""
        noun = _scope_after(raw, folded, q.span_end, len(folded))
        if noun is None:
            return False
        for k in range(len(self.found) - 1, max(-1, len(self.found) - 1 - _GROUP_REACH), -1):
            told = self.found[k]
            if told.subset_of is None:
                return False  # a whole given since (二季度，全市留置50人): a new part
            if (told.value == q.value and told.unit == q.unit and len(told.scope or "") >= 2
                    and noun.startswith(told.scope or "")):
                return True
        return False

    def _follows_figure(self, offset: int, breakdown: bool) -> bool:
        """The sentence at ``offset`` comes right after the last sentence that gave a figure,
        or, when it says how a figure breaks down (从企业性质看，), one sentence later: the
        one between gave none (涉及上市公司49家，市值约3,100亿元。)."""
        between = self.text[self.previous_sentence_end:offset]
        if not between.strip():
            return True
        return breakdown and sum(between.count(end) for end in "。！？!?") <= 1

    def _main_figure(self, last: int, measure: str | None, whole: bool) -> int:
        """The figure a sentence ending with ``last`` is about: the last one of its sentence
        given for that sentence's own period (not 去年同期为19人), of ``measure`` if named,
        and not a part if ``whole``."""
        k = last
        while k >= 0 and self.sentence_starts[k] == self.sentence_starts[last]:
            c = self.found[k]
            if (k not in self.other_period and (c.subset_of is None or not whole)
                    and (measure is None or c.measure == measure)):
                return k
            k -= 1
        return last

    def _whole_before(self, q: numerals.Quantity, measure: str, period: Period,
                      within: bool = False, before: int | None = None) -> int | None:
        """The last whole figure of ``measure`` before, larger and for the same period (or,
        ``within``, for a period that holds this one: 分季度看，一季度…12人)."""
        start, end = period.iso()
        k = self._last_figure(lambda c, k: (
            c.measure == measure and c.subset_of is None and k not in self.other_period),
            before=before)
        if k is None:
            return None
        c = self.found[k]
        same = (c.period_start, c.period_end) == (start, end)
        # a whole since a day not yet ended (2023年以来, undated) holds what came after
        holds = (within and start is not None and end is not None
                 and c.period_start is not None and c.period_start <= start
                 and (c.period_end is None or end <= c.period_end))
        return k if c.unit == q.unit and c.value > q.value and (same or holds) else None

    @staticmethod
    def _passive_next(triggers: list[measures.Trigger], boundaries: list[int], start: int,
                      folded: str) -> measures.Trigger | None:
        """The trigger of the clause at ``start`` (opening with 被): the count before it is
        its subject (…前副總裁因涉嫌行賄，被…指定居所監視居住). A blocker first stops it,
        except the police, who are the ones to order 指定居所监视居住."""
        b = bisect.bisect_right(boundaries, start)
        end = boundaries[b] if b < len(boundaries) else len(folded)
        police = False
        for t in triggers:
            if t.start < start:
                continue
            if t.start >= end:
                return None
            if t.measure is not None:
                return None if police and t.measure == "liuzhi" else t
            if not t.segment:
                return None
            police = True
        return None

    def _root(self, previous: int) -> int:
        before = self.found[previous]
        return before.subset_of if before.subset_of is not None else previous

    def _opens_part(self, previous: int, q: numerals.Quantity, measure: str, folded: str,
                    clause_start: int, period_mentions: list[Mention],
                    place_mentions: list[tuple[int, Place]]) -> bool:
        """A count that opens its clause, with no period or place of its own, after a
        larger figure of the same measure: …63名高管被留置，17名收到了《留置通知书》."""
        root = self.found[self._root(previous)]
        if root.measure != measure or root.unit != q.unit or q.value >= root.value:
            return False
        if folded[clause_start:q.span_start].strip(" 　,，"):
            return False
        if any(m.start >= clause_start and m.start < q.span_end for m in period_mentions):
            return False
        return not any(clause_start <= position < q.span_end for position, _ in place_mentions)

    def _part_after(self, q: numerals.Quantity, folded: str, clause_end: int,
                    previous: int) -> bool:
        """12人为厅级干部: a smaller count of the same unit that says what part it is."""
        root = self.found[self._root(previous)]
        if root.unit != q.unit or q.value >= root.value:
            return False
        return _PART_AFTER.match(folded, q.span_end, clause_end) is not None

    @staticmethod
    def _joined(triggers, trigger, position, right_limit, folded):  # type: ignore[no-untyped-def]
        """Other measures after the first trigger, joined to it (立案审查并采取留置措施)."""
        found: list[str] = []
        last = trigger
        for t in triggers:
            if t.start < last.end:
                continue
            if t.start >= right_limit or t.start - position > RIGHT_REACH + 12:
                break
            if t.measure is None:
                break
            if t.measure != trigger.measure and t.measure not in found and _JOINED.match(
                    folded[last.end:t.start]):
                found.append(t.measure)
                last = t
        return found

    @staticmethod
    def _context_word(folded: str, clause_start: int, q: numerals.Quantity,
                      clause_end: int) -> tuple[int, int] | None:
        """A word that says the count is of people held (被带走, 此类案例), in its clause."""
        if q.unit == "person_times":
            return None
        for m in measures.CONTEXT.finditer(folded, clause_start, clause_end):
            if m.end() <= q.span_start or m.start() - q.span_end <= RIGHT_REACH:
                return m.start(), m.end()
        return None

    @staticmethod
    def _campaign(raw: str, campaigns: list[re.Match[str]], position: int) -> str | None:
        """The campaign or sector named before ``position`` in the sentence, if any, of the
        ``campaigns`` it names."""
        last = None
        for m in campaigns:
            if m.end() > position:
                break
            last = m
        if last is None:
            return None
        text = raw[last.start():last.end()].strip(_SCOPE_TRIM)
        folded_text = fold(text)
        verb = None
        for verb in _CAMPAIGN_VERB.finditer(folded_text):
            pass
        if verb is not None:
            folded_text = folded_text[verb.end():]
        name = _CAMPAIGN_LEAD.sub("", folded_text)
        topic = _CAMPAIGN_KIND.sub("", name)
        # 开展集中整治 with nothing named is how every work report speaks, not a campaign
        return text[len(text) - len(name):] if len(topic) >= 2 else None

    def _read_labelled_part(self, offset: int, raw: str, folded: str,
                            period_mentions: list[Mention]) -> bool:
        """按干部层级划分： then 省管干部：23人 a line: each a part of the figure the
        heading splits. The heading itself is remembered here."""
        heading, self.heading_whole = self.heading_whole, None
        if (measures.BREAKDOWN_OPENING.match(folded.strip()) and not _DIGIT.search(folded)
                and self.previous_sentence_last is not None
                and not self.text[self.previous_sentence_end:offset].strip()):
            self.heading_whole = self._main_figure(self.previous_sentence_last, None, True)
            self.heading_end = offset + len(raw)
            return False
        match = _LABEL_COUNT_LINE.fullmatch(raw.strip())
        if heading is None or match is None or self.text[self.heading_end:offset].strip():
            return False
        number = numerals.parse_number(match.group(2))
        whole = self.found[heading]
        unit = numerals.UNIT_NAMES[match.group(3)]
        if number is None or unit != whole.unit or not number.value < whole.value:
            return False
        start = raw.index(match.group(0))
        label_end = start + len(match.group(1))
        number_start = raw.index(match.group(2), label_end)
        period = Period(_iso_date(whole.period_start), _iso_date(whole.period_end))
        self._keep(replace(
            _table_figure(whole.measure, number, unit, period, None, raw, offset,
                          (number_start, number_start + len(match.group(2))),
                          (start, start + len(match.group(0))),
                          f"part of «{whole.evidence}», listed under its breakdown"),
            region_code=whole.region_code, region_name=whole.region_name,
            subset_of=heading, scope=match.group(1).strip()), offset, False)
        self.heading_whole, self.heading_end = heading, offset + len(raw)  # the next line too
        return True

    def _keep(self, candidate: Candidate, offset: int, own_period: bool) -> int:
        """Add a figure found in the sentence at ``offset``, and whether a period was named
        for it there; its index."""
        self.found.append(candidate)
        self.own_period.append(own_period)
        self.sentence_starts.append(offset)
        return len(self.found) - 1

    def _read_period_line(self, offset: int, raw: str, line: tables.PeriodLine,
                          place_mentions: list[tuple[int, Place]]) -> bool:
        """2019年：58人 under a title that names the measure (2019—2023年全市留置人数); a
        合计 line is the title's period and the lines above it are its parts. False when
        no title names a measure."""
        if not self.period_lines:  # the first line of a run: its title, looked up once
            self.period_title = tables.title_above(self.text, offset, fold)
        title = self.period_title
        named = list(measures.find_triggers(title)) if title else []
        if not named or any(t.measure is None for t in named):
            return False
        measure = named[-1].measure
        assert measure is not None
        label = title if line.total else raw[line.label_start:line.label_end]
        # read on a copy: the title was read once already, and a label is not a sentence
        mentions = copy.copy(self.periods).mentions(fold(label or ""))
        period = mentions[-1].period if mentions else UNKNOWN
        place = self.places.place_before(place_mentions, line.start)
        period_start, period_end = period.iso()
        number = line.number
        index = self._keep(_table_figure(
            measure, number, line.unit, period, place, raw, offset, (line.start, line.end),
            (line.label_start, line.unit_end), f"a line of the table “{title}”"),
            offset, bool(mentions))
        if not line.total:
            self.period_lines.append(index)
            return True
        for k in self.period_lines:  # parts listed before their whole: a link forward
            part = self.found[k]
            if (part.measure == measure and part.unit == line.unit
                    and part.value < number.value and part.period_start and period_start
                    and period_start <= part.period_start and part.period_end
                    and period_end and part.period_end <= period_end):
                self.found[k] = replace(part, subset_of=index,
                                        reason=part.reason + f"; part of «{raw.strip()}»")
        self.period_lines = []
        return True

    @staticmethod
    def _levels_after(change: measures.Trigger, q: numerals.Quantity, folded: str,
                      period_mentions: list[Mention]) -> bool:
        """留置人数呈上升态势：2020年为1.87万人: after a change and a colon, each count given
        for a period is a level, not the change."""
        if not measures.CHANGE.fullmatch(folded, change.start, change.end):
            return False
        colon = _TO_COLON.match(folded, change.end, q.span_start)
        return colon is not None and _only_a_period(
            folded, colon.end(), q.span_start, period_mentions) is not None

    @staticmethod
    def _trigger_left(triggers, left_limit, position):  # type: ignore[no-untyped-def]
        best = None
        for t in triggers:
            if t.start >= position:
                break
            if t.start >= left_limit and t.end <= position and position - t.end <= LEFT_REACH:
                best = t
        return best

    @staticmethod
    def _dangling(folded, triggers, boundaries, clause_start, quantities,  # type: ignore[no-untyped-def]
                  unit):
        """A trigger in the clause before, when that clause has no number and ends so as
        to hand it on (在被留置人员中，局级干部14人), or names the first of the people listed
        before the count (被立案调查的医院院长、党委书记超过300人)."""
        end = clause_start - 1
        listed = folded[end] == "、" and not folded[clause_start:clause_start + 1].isdigit()
        if not (listed or folded.endswith(measures.DANGLING_END, 0, end)
                or folded.startswith(_INVOLVING, clause_start)):
            return None
        b = bisect.bisect_left(boundaries, end)
        start = boundaries[b - 1] + 1 if b else 0
        first = bisect.bisect_left([q.span_start for q in quantities], start) if len(
            quantities) > 1 else 0
        if first < len(quantities) and start <= quantities[first].span_start < end:
            return None
        inside = [t for t in triggers if start <= t.start and t.end <= end]
        if not inside or any(t.measure is None for t in inside):
            return None
        if listed:
            # 留置、立案 lists acts, and 被留置的干部开展谈心谈话、家属走访 what was done:
            # only people, named in a few characters after 的
            of = folded.find("的", inside[-1].end, end)
            if of < 0 or end - of - 1 > _LISTED_NOUN or unit != "persons":
                return None
        return inside[-1]

    @staticmethod
    def _trigger_right(triggers, position, right_limit, folded="",  # type: ignore[no-untyped-def]
                       reach_from=None):
        reach_from = position if reach_from is None else reach_from
        for t in triggers:
            if t.start >= position and t.segment and measures.CHANGE.fullmatch(
                    folded, t.start, t.end):
                continue  # 较上年的33名增长超四成: the change is of the figure, said after it
            if t.start >= position:
                if t.start < right_limit and t.start - reach_from <= RIGHT_REACH:
                    if t.segment and measures.POLICE.fullmatch(folded, t.start, t.end):
                        # …1,200人曾被公安机关指定居所监视居住: the police order that measure
                        after = next((u for u in triggers if u.start >= t.end), None)
                        if (after is not None and after.measure == "rsdl"
                                and after.start < right_limit):
                            return after
                    return t
                return None
        return None

    def _parent(self, previous: int, measure: str, between: str, clause: str) -> int | None:
        """The figure this one is a subset of, or None."""
        before = self.found[previous]
        root = before.subset_of if before.subset_of is not None else previous
        if measures.SUBSET_MARK.search(between):
            # 其中 right after a figure: that figure (36名厅级干部被留置，其中7人…), or the
            # last one of the same measure in its sentence (…立案3104件，处分2788人。其中，
            # 立案审查调查省管干部9人)
            k = previous
            # …留置152人（上年为126人），其中处级干部19人: not of the figure for another time
            while k >= 0 and (self.found[k].measure != measure or k in self.other_period):
                if self.found[k].start < self.sentence_starts[previous]:
                    return None
                k -= 1
            if k < 0 or self.found[k].start < self.sentence_starts[previous]:
                return None
            if self.found[k].subset_of is not None and before.subset_of is not None \
                    and k == previous and between.count("其中") == 0:
                return self.found[k].subset_of
            return k
        if self.found[root].measure != measure:
            return None
        if before.subset_of is not None and (
            measures.SUBGROUP.search(clause) or before.measure == measure
        ):
            return root  # the parts after 其中 run on: 其中浙江省留置…，江苏省留置…
        return None
