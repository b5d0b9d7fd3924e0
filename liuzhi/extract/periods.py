"""The period a figure covers, from the way official texts name time.

Mentions understood (the year may be Arabic, Chinese ``二〇二三``, or relative to the
document date: 今年, 本年, 去年, 上年, 前年):

==========================  =================================================
``2023年``, ``2023年度``     the calendar year
``2018年至2022年``           1 January 2018 to 31 December 2022
``2018年3月至2022年6月``     1 March 2018 to 30 June 2022
``天网2023``                 the year of the Sky Net operation, unless the sentence
                              already named a part of that year (今年1至11月，“天网2025”)
``上半年`` / ``下半年``       January–June / July–December of the year in context
``第一季度``, ``前三季度``    the quarter(s); also 第一季, 首季, 首三季 (Hong Kong usage)
``1至9月``, ``1—9月``        January 1 to the end of September; also ``前10月``,
                              ``前10个月``
``6月``, ``6月份``           that month; ``11月上半月`` its 1st to 15th
``全年``                     the year in context
``2018年以来``               from 1 January 2018 to the document date (end None if the
                              date is unknown); also 今年以来, 年初以来, 年内, and events:
                              党的十八大/十九大/二十大以来, 监察法实施以来, 国家监委成立以来
``截至6月底``                until 30 June; the start is 1 January of that year (year to
                              date) unless the sentence says 累计 (then unknown, None) or
                              names a start (``2018年以来，截至2023年6月底``)
``截至目前``                 until the document date
``本月以来``                 from the first of the document's month to its date
``一年来``, ``过去一年``      the report year: the year before the document date when the
                              document is from January–June, else the document's year;
                              also 报告期内 (an annual report's period)
``五年来``, ``过去五年``      the five report years ending with the report year
``自2019年3月开展…以来``     a start, words (a campaign) and 以来/起 in one clause: from
                              the start to the document date; without 自, the words must
                              say that something began (2023年7月集中整治开展以来,
                              2022年3月部署开展…专项整治以来)
``年内``                     after a year named earlier than the document's (a yearbook
                              on 2024 printed in 2025): that year
==========================  =================================================

A start that opens a sentence (2019年1月以来，…推进追逃工作。) or is told alone
(专项治理自2023年9月启动。) is where the next sentence's 截至 counts from.

Without a document date, 今年/去年/前年 count from the latest year the text has named
(2025年以来……去年 → 2024): the text is at least as late as any year it names. With no
date and no year named they stay unknown, and so does 今年以来 (the text may be later
than any year it names); the figure they date is of unknown period, not the one carried.
Once 今年以来 is named beside the latest year as another one (2024年15人，今年以来19人),
今年 and 去年 stay unknown for the rest of the text.

A mention preceded by 比/较/与/同 or followed by 同比 is a comparison (比2022年增长) and
is ignored; so is one followed by 同期 after 比/较/与 (比去年同期增长), and 上年同一季度.
Otherwise ``去年同期``
(also 上年同期, 2022年同期) is the period in context moved to that year, counted back from
the period spoken of (今年1至8月…，去年同期为341人 → January–August of last year; a
bulletin of January 2026 on 2025: 上年同期 → 2024); it is an aside: it dates the figures
after it in its sentence but is not carried to the next one, and the year it names is the
context of that sentence only (较2024年的55名…。下半年 is still the year spoken of). A
mention that names a day (``2024年1月15日``) dates an event, not a period, unless it
follows 截至.

A figure takes the last period mentioned before it in its sentence; otherwise the period
carried from the text before (a heading or an earlier sentence); otherwise None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

#: Events that official texts count from (…以来). Dates of the opening session or entry
#: into force.
EVENTS: dict[str, dt.date] = {
    "十八大": dt.date(2012, 11, 8),
    "十九大": dt.date(2017, 10, 18),
    "二十大": dt.date(2022, 10, 16),
    "监察法": dt.date(2018, 3, 20),
    "国家监委": dt.date(2018, 3, 23),
    "国家监察委员会": dt.date(2018, 3, 23),
    "监察体制改革": dt.date(2018, 3, 20),
    "监察体制改革试点": dt.date(2016, 12, 25),
}

_CN_SMALL = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_CN_SMALL.update({"〇": 0, "○": 0, "两": 2})
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"

# Every mention starts with one of these characters and ends with one of the next; the
# two assertions let the regex engine skip other positions in C, without building an
# (empty) match object at each character, which made this scan the extractor's slowest.
_FIRST = "0-9〇零○一二三四五六七八九十今本去上前当全下第过目现发党监国年天首报"
_LAST = "年度底末月份季来网0-9前在时日内间计"

#: A mention that starts with a numeral reaches one of these within four numerals
#: (2023年, 12月, 1-6月, 3季度, 十八大): checking it first spares the engine trying every
#: branch at each digit of a count (1,208人), which most digits in these texts are.
_NUMERAL = "0-9〇零○一二三四五六七八九十"
_AFTER_NUMERAL = r"年月季至到\-—~大"
_OTHER_FIRST = "今本去上前当全下第过目现发党监国年天首报"
assert _FIRST == _NUMERAL + _OTHER_FIRST  # the same first characters, split in two

PERIOD_GUARD = rf"(?=[{_OTHER_FIRST}]|[{_NUMERAL}]{{1,4}}[{_AFTER_NUMERAL}])"
PERIOD = re.compile(
    PERIOD_GUARD +
    r"(?:"
    r"(?:党的)?(?P<event>十八大|十九大|二十大|监察法|国家监委|国家监察委员会|监察体制改革试点|监察体制改革)"
    r"[^，。；\n]{0,8}?以来"
    r"|(?P<now>目前|现在|发稿时|本公告披露日)"
    r"|(?P<report>过去一年|过去的一年|一年来|报告期内)"
    r"|(?<![\d零一二三四五六七八九十〇])(?P<nyears>[二三四五六七八九十]|\d)年(?:来|以来|间|合计|累计)"
    r"|(?P<mtd>本月以来|本月初以来|当月以来)"
    r"|(?P<ytd>今年以来|年初以来|本年度以来|(?<![\d〇零一二三四五六七八九十])年内)"
    rf"|(?P<ym1>(?:19|20)\d\d)年(?P<mm1>{_MONTH})月(?:份)?[至到\-—~](?P<ym2>(?:19|20)\d\d)年(?P<mm2>{_MONTH})月(?:底|末|份)?"
    r"|(?P<y1>(?:19|20)\d\d)年?[至到\-—~](?P<y2>(?:19|20)\d\d)年"
    r"|天网(?P<skynet>20\d\d)"
    # a span from day to day; the lookahead keeps the engine from trying it at every digit
    r"|(?=(?:\d{4}年)?\d{1,2}月\d{1,2}日[至到\-—~])"
    rf"(?:(?P<dy1>(?:19|20)\d\d)年)?(?P<dm1>{_MONTH})月(?P<dd1>[1-3]?\d)日[至到\-—~]"
    rf"(?:(?P<dy2>(?:19|20)\d\d)年)?(?P<dm2>{_MONTH})月(?P<dd2>[1-3]?\d)日"
    r"|(?:(?P<year>(?:19|20)\d\d|[〇零○一二三四五六七八九]{4})年度?"
    r"|(?P<rel>今年|本年|去年|上年|上一年|前一年|前年|当年|全年))?"
    r"(?:(?P<yend>底|末)"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<quarters>前三季度|首三季度?|首季度?|[第]?[一二三四1-4]季度|第[一二三四1-4]季)"
    rf"|(?P<m1>{_MONTH})月?[至到\-—~](?P<m2>{_MONTH})月份?"
    rf"|[前首](?P<mfirst>{_MONTH})个?月"
    rf"|(?P<month>{_MONTH})月(?:份)?(?:(?P<mend>底|末)|(?P<mhalf>上半月|下半月))?"
    r"(?:(?P<day>[1-3]?\d)日)?"
    r")?"
    r"(?P<since>以来)?"
    r")"
    rf"(?<=[{_LAST}])"
)
#: How many years before the one spoken of each relative year is, in 去年同期.
_YEARS_BACK = {"去年": 1, "上年": 1, "上一年": 1, "前一年": 1, "前年": 2}
#: Written just before a mention: it is an end (截至6月底) or a comparison (比2022年).
_UNTIL = ("截至", "截止到", "截止", "到", "至")
_COMPARISON = "比较与同"
#: After a compared period, the value it had: 较上年的33名, 超过去年全年的35起.
_STATES_VALUE = re.compile(r"(?:全年)?的\s?(?:约|近|逾|超过)?[\d一二两三四五六七八九十百千]")
#: A year named later in the sentence, for 截至12月15日，2025年… without a document date.
_LATER_YEAR = re.compile(r"((?:19|20)\d\d)年")
#: After 自<date>: up to a clause of words (开展扫黑除恶专项斗争) and 以来 or 起.
_SINCE_TAIL = re.compile(r"[^，,。；;！？!?\n]{0,30}?(?:以来|起)")
#: What a start told alone (专项治理自2023年9月启动。) must be the start of: a campaign,
#: not a building work (改造工程自2023年9月开始施工).
_CAMPAIGN = re.compile(r"专项|整治|治理|行动|斗争")
#: What a sentence that opens with a start must speak of to lend it to the next one: a
#: campaign, or the work itself.
_WORK_SINCE = re.compile(_CAMPAIGN.pattern + r"|追逃|追赃|反腐|纪检|监察|审查调查|留置|巡视|巡察")
#: What parts the items of a list (5月、6月; 县处级干部、乡科级干部和其他人员).
LIST_SEPARATOR = re.compile(r"[、和及与]")
#: Months listed and then counted together: 5月、6月两个月 is May to June.
_MONTHS_TOGETHER = re.compile(r"(?:这|此)?[两二三四五六]个?月")
#: After a day: something began then (9月1日启动…专项整治).
_BEGAN_ON = re.compile(r"(?:正式)?(?:启动|开展|开始|部署)")
#: Without 自/从, the words before 以来 must say that something began then (2023年7月集中
#: 整治开展以来), not merely follow a date.
_BEGAN_SINCE = re.compile(
    r"[^，,。；;！？!?\n]{0,20}?(?:开展|启动|部署|实施|推开|成立|组建|挂牌|开始|换届)以来"
    # 2022年3月我省部署开展粮食购销领域腐败问题专项整治以来: the verb, then the campaign
    r"|[^，,。；;！？!?\n]{0,8}?(?:开展|启动|部署|实施|推开)[^，,。；;！？!?\n]{0,24}?"
    r"(?:整治|治理|行动|斗争)以来")


@dataclass(frozen=True)
class Period:
    """Start and end dates (inclusive); either may be unknown (None)."""

    start: dt.date | None
    end: dt.date | None

    def iso(self) -> tuple[str | None, str | None]:
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
        )


UNKNOWN = Period(None, None)


@dataclass(frozen=True)
class Mention:
    """A period mention at [start, end) of the folded text.

    ``kind`` is ``span`` (a closed period), ``since`` (open end), ``until`` (an end, start
    to be decided by the sentence), ``year`` (sets the context year only), ``aside``
    (a closed period for the figures after it in its sentence only: 去年同期) or
    ``operation`` (天网2025: its year, unless the sentence already named a part of it).
    """

    start: int
    end: int
    kind: str
    period: Period
    year: int | None


def _small(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_SMALL[text[1]] if len(text) > 1 else 0)
    return _CN_SMALL[text]


def _year(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str(_CN_SMALL[c]) for c in text))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def in_year(day: dt.date, year: int, end: bool = False) -> dt.date:
    """The same day of the month in another year (29 February → 28 February); as the
    ``end`` of a span, a month's last day is that month's last day (1—2月 of 2025 a year
    before ends on 29 February 2024)."""
    last = calendar.monthrange(year, day.month)[1]
    if end and day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, day.month, last)
    return dt.date(year, day.month, min(day.day, last))


def _report_year(document_date: dt.date) -> int:
    return document_date.year - 1 if document_date.month <= 6 else document_date.year


def _opens_sentence(folded: str, position: int) -> bool:
    """Nothing but spaces between the last sentence or line end and ``position``."""
    start = max(folded.rfind("\n", 0, position), folded.rfind("。", 0, position)) + 1
    return not folded[start:position].strip()


class PeriodTracker:
    """Reads period mentions in document order and answers the period of each figure.

    ``context_year`` is the year that a month or half-year without a year refers to: the
    last year mentioned, else the document's year.
    """

    def __init__(self, document_date: dt.date | None = None) -> None:
        self.document_date = document_date
        self.context_year: int | None = None
        self.carried: Period = UNKNOWN
        #: the latest year named so far: what 今年/去年 count from without a document date
        self.anchor_year: int | None = None
        #: this year was named beside that year as another one (2024年15人，今年以来19人)
        self.anchor_passed = False
        #: the last sentence a figure was dated in, and where it says 以来 (-1: nowhere)
        self._since_in: tuple[str, int] = ("", -1)
        #: the last year written out (2024年), and those written in the sentence being read
        self.written_year: int | None = None
        self.written_here: set[int] = set()
        #: the year of a figure just told in passing for an earlier time (前年全年，这一数字
        #: 仅为29人。当年…): what 当年 in the next sentence means
        self.passing_year: int | None = None
        #: the context year before a comparison of this sentence (较2024年的55名): the year
        #: compared with is the context of the rest of the sentence only (去年全年的25位)
        self.year_before_aside: tuple[int | None] | None = None
        #: the day something began (专项治理自2023年9月启动。), for the sentence after it:
        #: 截至今年3月底，…留置61人 counts from then
        self.began: dt.date | None = None
        self.began_here = False

    # -- mentions -------------------------------------------------------------------
    def mentions(self, folded: str) -> list[Mention]:
        """Period mentions in ``folded``, resolved against the context so far.

        Updates the context year as it goes (a sentence's year applies to its months).
        """
        found: list[Mention] = []
        self.written_here = set()
        for match in PERIOD.finditer(folded):
            if match.end() == match.start():
                continue
            year_before = self.context_year
            if folded.startswith("同期", match.end()):
                mention = self._same_period(match, folded, found)
            else:
                mention = self._resolve(match, folded)
            if mention is not None and mention.kind == "aside" and self.year_before_aside is None:
                self.year_before_aside = (year_before,)
            if mention is not None:
                since = self._since_event(mention, folded)
                if since is not mention:
                    self.context_year = year_before  # a start is not the year spoken of
                elif (mention.kind in ("span", "year") and mention.start
                      and folded[mention.start - 1] in "自从"
                      and _BEGAN_ON.match(folded, mention.end)
                      and _CAMPAIGN.search(folded, 0, mention.start)):
                    self.began, self.began_here = mention.period.start, True
                elif (mention.kind == "since" and mention.year is not None
                      and mention.period.start is not None
                      and _opens_sentence(folded, mention.start)
                      and _WORK_SINCE.search(folded, mention.end)):
                    # 2019年1月以来，…统筹推进追逃工作。截至2024年9月底，共追回246人: the
                    # sentence after counts from that start too (not 2019年以来，经济增长。)
                    self.began, self.began_here = mention.period.start, True
                found.append(since)
            year_text, ym2, y2, skynet = match.group("year", "ym2", "y2", "skynet")
            named = year_text or ym2 or y2 or skynet
            if year_text is not None and mention is not None and mention.kind == "span":
                # the year spoken of, written out (not 较2024年的47人, not 2018年以来)
                self.written_year = _year(year_text)
                self.written_here.add(self.written_year)
            if named is not None:
                year = _year(named)
                if self.anchor_year is None or year > self.anchor_year:
                    self.anchor_year = year
        return found

    def _since_event(self, mention: Mention, folded: str) -> Mention:
        """自2019年3月开展专项整治以来: a start, then words and 以来 in the same clause."""
        if mention.kind not in ("span", "year"):
            return mention
        if mention.start and folded[mention.start - 1] in "自从":
            tail = _SINCE_TAIL.match(folded, mention.end)
        else:
            tail = _BEGAN_SINCE.match(folded, mention.end)
        if tail is None:
            return mention
        start = mention.period.start
        if start is None:
            return mention
        return Mention(mention.start, tail.end(), "since", Period(start, self.document_date),
                       mention.year)

    def _same_period(self, match: re.Match[str], folded: str,
                     found: list[Mention]) -> Mention | None:
        """去年同期: the period in context, moved to the year named."""
        start, end = match.span()
        bare_year = (match.group("year") or match.group("rel")) and not any(
            match.group(name)
            for name in ("yend", "half", "quarters", "m1", "mfirst", "month", "since"))
        if not bare_year or (start and folded[start - 1] in _COMPARISON
                             and not _STATES_VALUE.match(folded, end + len("同期"))):
            return None
        if match.group("rel") in ("今年", "本年", "当年", "全年"):
            return None
        # the period spoken of, not another aside (去年同期…，前年同期则为: two years before it)
        reference = self._fold_mentions([m for m in found if m.kind != "aside"],
                                        folded) or self.carried
        year = self._year_for(match)
        back = _YEARS_BACK.get(match.group("rel") or "")
        if back and reference.start is not None and reference.end is not None:
            # the same span that many years before the one spoken of: a bulletin of January
            # 2026 on 2025 compares with 2024 (上年同期), whatever the document's own year
            year = reference.start.year - back
        if (year is None or reference.start is None or reference.end is None
                or reference.start.year != reference.end.year):
            # 去年同期为351人 still gives the figure before for another period, even
            # when that period cannot be told
            return Mention(start, end + len("同期"), "aside", UNKNOWN, None)
        period = Period(in_year(reference.start, year), in_year(reference.end, year, end=True))
        return Mention(start, end + len("同期"), "aside", period, None)

    def _year_for(self, match: re.Match[str]) -> int | None:
        doc = self.document_date
        if match.group("year"):
            return _year(match.group("year"))
        rel = match.group("rel")
        now = doc.year if doc else None if self.anchor_passed else self.anchor_year
        if rel == "本年" and match.string.startswith("度", match.end()) and self.context_year:
            return self.context_year  # 主要数据（2020年）…本年度: the year the text is about
        if rel in ("今年", "本年"):
            return now
        if rel == "当年" and self.passing_year is not None:
            return self.passing_year
        if rel in ("前一年", "上年", "上一年") and (rel == "前一年" or self.context_year
                                                 and doc and self.context_year < doc.year):
            # the year before the one spoken of: a January bulletin on 2025 (上年为11人)
            base = self.context_year if self.context_year is not None else now
            return base - 1 if base else None
        if rel in ("去年", "上年", "上一年"):
            return now - 1 if now else None
        if rel == "前年":
            return now - 2 if now else None
        return self.context_year if self.context_year is not None else (doc.year if doc else None)

    def _resolve(self, match: re.Match[str], folded: str) -> Mention | None:
        group = match.group
        doc = self.document_date
        start, end = match.span()
        has_time = any(group("event", "now", "report", "nyears", "mtd", "ytd", "ym1", "y1", "dm1",
                             "skynet", "year", "rel", "yend", "half", "quarters", "m1", "month",
                             "mfirst"))
        if not has_time:
            return None
        aside = False
        # 上年同期, 上年同一季度: the same span in another year, a comparison
        if (start and folded[start - 1] in _COMPARISON) or folded.startswith(
                ("同期", "同比", "同一"), end):
            compared = start and folded[start - 1] in _COMPARISON
            if not (compared and _STATES_VALUE.match(folded, end)):
                return None
            aside = True  # 较上年的33名: the value for that period, this figure only
            if (group("rel") in ("去年", "上年", "上一年", "前一年")
                    and self.context_year is not None
                    and not any(group(n) for n in ("half", "quarters", "m1", "mfirst", "month"))):
                # compared with the year before the one spoken of (2023年…较上年 → 2022)
                year = self.context_year - 1
                return Mention(start, end, "aside", _year_span(year), year)
        before = folded[max(0, start - 3):start]
        until_word = next((w for w in _UNTIL if before.endswith(w)), None)
        # "到" only counts as 截至 when followed by a month or a year's end
        until = until_word is not None
        since = bool(group("since"))
        if group("event"):
            event = EVENTS[group("event")]
            return Mention(start, end, "since", Period(event, doc), None)
        if group("now"):
            if not until:
                return None
            return Mention(start, end, "until", Period(None, doc), None)
        if group("report"):
            if doc is None:
                return None
            year = _report_year(doc)
            self.context_year = year  # 过去一年…全年共留置: the report year's 全年
            return Mention(start, end, "span", _year_span(year), year)
        if group("nyears"):
            if doc is None:
                return None
            last = _report_year(doc)
            first = last - _small(group("nyears")) + 1
            return Mention(start, end, "span", Period(dt.date(first, 1, 1), dt.date(last, 12, 31)),
                           last)
        if group("mtd"):
            if doc is None:
                return None
            return Mention(start, end, "since", Period(doc.replace(day=1), doc), doc.year)
        if group("ytd"):
            if (group("ytd") == "年内" and self.context_year is not None
                    and self.context_year == self.written_year
                    and (doc is None or self.context_year < doc.year)):
                # 2024年，…。年内，全省留置1,487人: within the year the text is about (a
                # yearbook published the year after)
                return Mention(start, end, "span", _year_span(self.context_year),
                               self.context_year)
            if doc is None:
                # this year's, but which year is not known: not the period carried from
                # before (2023年以来…。今年以来…8名干部: the repost's year is not told)
                if self.anchor_year is not None and self.anchor_year in self.written_here:
                    # 2024年15人，今年以来19人: this year comes after the latest year named,
                    # so 今年 and 去年 later in the text are not known either
                    self.anchor_passed = True
                return Mention(start, end, "span", UNKNOWN, None)
            self.context_year = doc.year  # 今年以来截至2月25日: this year's February
            return Mention(start, end, "since", Period(dt.date(doc.year, 1, 1), doc), doc.year)

        if group("dm1"):
            return self._day_span(match)
        if group("ym1"):
            y1, m1 = int(group("ym1")), _small(group("mm1"))
            y2, m2 = int(group("ym2")), _small(group("mm2"))
            if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
                return None
            self.context_year = y2
            return Mention(start, end, "span", Period(dt.date(y1, m1, 1), _month_end(y2, m2)), y2)
        if group("y1"):
            first, last = int(group("y1")), int(group("y2"))
            if first > last:
                return None
            self.context_year = last
            return Mention(start, end, "span", Period(dt.date(first, 1, 1), dt.date(last, 12, 31)),
                           last)
        if group("skynet"):
            year = int(group("skynet"))
            self.context_year = year
            return Mention(start, end, "operation", _year_span(year), year)
        explicit_year = bool(group("year")
                             or (group("rel") and group("rel") not in ("当年", "全年")))
        context = self._year_for(match)
        if context is None and until and group("month") and not group("rel"):
            later = _LATER_YEAR.search(folded, end)
            context = int(later.group(1)) if later else None
        if context is None:
            if group("rel") in ("今年", "本年", "去年", "上年", "上一年", "前一年", "前年"):
                # a year named but not known (no date, no year before): the figure's period
                # is unknown, not the one carried from before (前年这一数字是31名)
                return Mention(start, end, "span", UNKNOWN, None)
            return None
        year = context
        if explicit_year and year is not None and not since:
            self.context_year = year  # 2018年以来 starts a span; it is not the year spoken of
        if year is None:
            return None
        if group("half"):
            first_half = group("half") == "上半年"
            period = Period(dt.date(year, 1 if first_half else 7, 1),
                            dt.date(year, 6, 30) if first_half else dt.date(year, 12, 31))
        elif group("quarters"):
            text = group("quarters")
            if text.startswith(("前三", "首三")):
                period = Period(dt.date(year, 1, 1), dt.date(year, 9, 30))
            elif text.startswith("首"):
                period = Period(dt.date(year, 1, 1), dt.date(year, 3, 31))
            else:
                q = _small(text.strip("第季度"))
                period = Period(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        elif group("mfirst"):
            last_month = _small(group("mfirst"))
            if not 1 <= last_month <= 12:
                return None
            period = Period(dt.date(year, 1, 1), _month_end(year, last_month))
        elif group("m1"):
            m1, m2 = _small(group("m1")), _small(group("m2"))
            if not 1 <= m1 <= m2 <= 12:
                return None
            period = Period(dt.date(year, m1, 1), _month_end(year, m2))
        elif group("month"):
            month = _small(group("month"))
            if not 1 <= month <= 12:
                return None
            if group("day"):
                day = int(group("day"))
                if not 1 <= day <= calendar.monthrange(year, month)[1]:
                    return None
                began = dt.date(year, month, day)
                if not until and _BEGAN_ON.match(folded, end) and doc is not None:
                    # 9月1日启动…专项整治: what the text counts runs from that day; a day
                    # after the document's, with no year said, is of the year before
                    if began > doc and not group("year") and not group("rel"):
                        began = in_year(began, began.year - 1)
                    if began <= doc:
                        return Mention(start, end, "since", Period(began, doc), year)
                if not until:
                    return Mention(start, end, "year", UNKNOWN, year)  # a date: an event
                return Mention(start, end, "until", Period(None, dt.date(year, month, day)), year)
            period = Period(dt.date(year, month, 1), _month_end(year, month))
            if group("mhalf") == "上半月":
                period = Period(period.start, dt.date(year, month, 15))
            elif group("mhalf"):
                period = Period(dt.date(year, month, 16), period.end)
        else:
            if not explicit_year and group("rel") != "全年" and not group("yend") and not (
                    group("rel") == "当年" and self.passing_year is not None):
                return None
            period = _year_span(year)
        if until:
            if until_word in ("到", "至") and not (group("month") or group("yend")):
                return None
            return Mention(start, end, "until", Period(None, period.end), year)
        if since:
            return Mention(start, end, "since", Period(period.start, doc), year)
        if group("yend"):
            return Mention(start, end, "year", UNKNOWN, year)
        return Mention(start, end, "aside" if aside else "span", period, year)

    def _day_span(self, match: re.Match[str]) -> Mention | None:
        """2022年10月16日至2023年7月31日, 1月1日至6月30日 (the year in context)."""
        group = match.group
        first = int(group("dy1")) if group("dy1") else self.context_year or (
            self.document_date.year if self.document_date else None)
        last = int(group("dy2")) if group("dy2") else first
        if first is None or last is None:
            return None
        try:
            start = dt.date(first, _small(group("dm1")), int(group("dd1")))
            end = dt.date(last, _small(group("dm2")), int(group("dd2")))
        except ValueError:
            return None  # 2月30日
        if start > end:
            return None
        self.context_year = last
        return Mention(match.start(), match.end(), "span", Period(start, end), last)

    # -- applying mentions ----------------------------------------------------------
    def period_before(self, mentions: list[Mention], position: int, sentence: str) -> Period:
        """The period of a figure at ``position`` of a sentence with these ``mentions``."""
        current = self._fold_mentions([m for m in mentions if m.start < position], sentence,
                                      self.began)
        if sentence is not self._since_in[0]:  # looked up once a sentence, not once a figure
            self._since_in = (sentence, sentence.find("以来"))
        since_at = self._since_in[1]
        if current is None and 0 <= since_at <= position - 2 and not any(
                m.start < position for m in mentions):
            # 集中整治开展以来，…留置76人: since a start the text does not date, not the
            # period of the sentence before
            return Period(None, self.document_date)
        return current if current is not None else self.carried

    def close_sentence(self, mentions: list[Mention], sentence: str) -> None:
        """Carry the sentence's period to the sentences after it."""
        current = self._fold_mentions([m for m in mentions if m.kind != "aside"], sentence,
                                      self.began)
        if self.began_here:
            self.began_here = False  # for the next sentence only
        else:
            self.began = None
        if current is not None:
            self.carried = current
        if self.year_before_aside is not None:
            self.context_year = self.year_before_aside[0]
            self.year_before_aside = None

    @staticmethod
    def _fold_mentions(mentions: list[Mention], sentence: str,
                       began: dt.date | None = None) -> Period | None:
        """One period from a sentence's mentions: the last one, except that a start
        (2018年以来, 今年以来) and an end (截至6月底) combine in either order; an end alone
        counts from ``began``, a start told in the sentence before, if any."""
        current: Period | None = None
        until: Period | None = None
        previous: Mention | None = None
        for mention in mentions:
            if mention.kind == "year":
                continue
            if (previous is not None and current is previous.period and current.start
                    and mention.period.end and LIST_SEPARATOR.fullmatch(sentence, previous.end,
                                                                 mention.start)
                    and _MONTHS_TOGETHER.match(sentence, mention.end)):
                # 5月、6月两个月: the months together, not the last alone
                current = Period(current.start, mention.period.end)
                previous = mention
                continue
            previous = mention
            if (mention.kind == "operation" and current is not None and current.start
                    and current.start.year == mention.year):
                continue  # 今年1至11月，“天网2025”行动…: the operation's name, not its span
            if mention.kind == "until":
                until = mention.period
                if current is not None and current.start is not None:
                    current = Period(current.start, until.end)
                elif began is not None and until.end is not None and began <= until.end:
                    current = Period(began, until.end)  # …自2023年9月启动。截至今年3月底
                elif "累计" in sentence or until.end is None:
                    current = Period(None, until.end)
                else:
                    current = Period(dt.date(until.end.year, 1, 1), until.end)
            elif mention.kind == "since" and until is not None:
                current = Period(mention.period.start, until.end)
            elif (until is not None and until.end is not None and mention.period.start
                  and mention.period.end
                  and mention.period.start <= until.end <= mention.period.end):
                current = Period(mention.period.start, until.end)  # 截至6月底，今年…
            else:
                current = mention.period
                until = None
        if current is not None and current.start and current.end and current.start > current.end:
            return UNKNOWN  # a span that ends before it starts says nothing sure
        return current
