"""Registry candidates from Chinese official text: liuzhi facilities from tender notices
and budget lines, and cases from listed companies' announcements of a 《留置通知书》.

A pure function of the text, like the figure extractor. It proposes; a person decides
(liuzhi/registries/review.py). Nothing is inferred that the sentence does not say: a
place stays a name until the reviewer gives its code, a notice's date stays the
notice's date, and a case found this way is private until someone marks it public.

    >>> [c.kind for c in extract("某县纪委监委留置场所改造项目招标公告。")]
    ['facility']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

FACILITY_TERMS = ("留置场所", "留置中心", "留置室", "留置专区", "办案点")
_FACILITY = re.compile("|".join(FACILITY_TERMS))
# Building, renovating or expanding; and the documents that announce it.
_WORKS = re.compile(r"新建|建设|改建|扩建|改扩建|改造|装修|修缮|维修|迁建|提升|升级|建造|"
                    r"规划调配|设置|配置")
_TENDER = re.compile(r"招标|采购|比选|询价|中标|成交|预算|决算|项目|工程")
_PLANNED = re.compile(r"招标|采购|比选|询价|预算|拟|计划|规划")
_BUILDING = re.compile(r"施工|在建|开工|中标|成交")
_IN_USE = re.compile(r"投入使用|启用|挂牌|建成|竣工")
_ROOMS = re.compile(r"(\d+)\s*间(?:留置室|羁押室|留置房间|留置用房)"
                    r"|(?:留置室|羁押室|留置房间|留置用房)(\d+)\s*间")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:自治县|县|区|市|旗|州)")
# A name's start: where the clause before it ends.
_CLAUSE = re.compile(r"[，,、：:；;“”\"《》（）()\s]")

_NOTICE = re.compile(r"《?留置通知书》?|实施留置|被留置|采取留置|留置措施")
_LIFTED = re.compile(r"解除(?:对[\u4e00-\u9fff]{2,4}(?:先生|女士)?的)?留置")
_ROLE = (r"实际控制人|控股股东|董事长|副董事长|总经理|副总经理|总裁|副总裁|董事会秘书|"
         r"财务总监|董事|监事会主席|监事|高级管理人员")
_PERSON = re.compile(rf"((?:(?:{_ROLE})[、及兼和]?)+)([\u4e00-\u9fff]{{2,3}}?)(?:先生|女士)")
_BODY = re.compile(r"监察委员会")
_BODY_CUT = ("收到由", "收到", "由", "被", "经", "获悉", "接到", "的", "对", "公司")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COMPANY = re.compile(r"[\u4e00-\u9fff（）()]{2,30}?股份有限公司")
_STOCK = re.compile(r"证券代码[:：]\s*(\d{6})")

_SENTENCE = re.compile(r"[^。！？!?\n；;]+[。！？!?；;]?")


@dataclass(frozen=True)
class RecordCandidate:
    """A proposed registry record: its kind, the values found, and where in the text."""

    kind: str  # facility | case
    fields: dict[str, Any]
    start: int  # the trigger (facility term, or the person's name)
    end: int
    evidence_start: int  # the sentence it was found in
    evidence_end: int
    evidence: str
    confidence: float = 0.5
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "fields": self.fields, "start": self.start,
                           "end": self.end, "evidence": self.evidence,
                           "confidence": self.confidence}, ensure_ascii=False)


def extract(text: str) -> list[RecordCandidate]:
    """Facility and case candidates in ``text``, in the order they appear."""
    if "留置" not in text and "办案点" not in text:
        return []  # every facility term and notice phrase holds one: most pages, one scan
    company = _COMPANY.search(text)
    stock = _STOCK.search(text)
    employer = company.group(0) if company else ""
    if employer and stock:
        employer += f" ({stock.group(1)})"
    found: list[RecordCandidate] = []
    for sentence in _SENTENCE.finditer(text):
        body = sentence.group(0)
        found += _facilities(body, sentence.start())
        found += _cases(body, sentence.start(), employer)
    return found


def _facilities(sentence: str, offset: int) -> list[RecordCandidate]:
    term = _FACILITY.search(sentence)
    if term is None or not (_WORKS.search(sentence) or _TENDER.search(sentence)):
        return []
    # The name runs from the start of its clause to the end of the words about the works.
    before = [m.end() for m in _CLAUSE.finditer(sentence, 0, term.start())]
    start = before[-1] if before else 0
    tail = re.compile(r"(?:[\u4e00-\u9fff]{0,6}?(?:建设|改造|扩建|改扩建|装修|修缮|维修|提升|"
                      r"迁建|新建))?(?:项目|工程)?").match(sentence, term.end())
    end = tail.end() if tail else term.end()
    name = sentence[start:end]
    place = _PLACE.search(sentence[start:term.start()]) or _PLACE.search(sentence)
    rooms = _ROOMS.search(sentence)
    status = ("in_use" if _IN_USE.search(sentence) else "under_construction"
              if _BUILDING.search(sentence) else "planned" if _PLANNED.search(sentence) else "")
    fields = {"name": name, "place_name": place.group(0) if place else "", "status": status,
              "rooms": int(rooms.group(1) or rooms.group(2)) if rooms else None,
              "capacity": rooms.group(0) if rooms else "",
              "date": _iso(_DATE.search(sentence))}
    confidence = 0.8 if _TENDER.search(sentence) and _WORKS.search(sentence) else 0.5
    return [RecordCandidate("facility", fields, offset + term.start(), offset + term.end(),
                            offset, offset + len(sentence), sentence, confidence)]


def _cases(sentence: str, offset: int, employer: str) -> list[RecordCandidate]:
    if not _NOTICE.search(sentence):
        return []
    person = _PERSON.search(sentence)
    if person is None:
        return []
    body = _body(sentence)
    lifted = _LIFTED.search(sentence)
    date = _iso(_DATE.search(sentence))
    fields = {"name": person.group(2), "role": person.group(1), "employer": employer,
              "ordered_by": body, "taken": "", "released": date if lifted else "",
              "outcome": "released" if lifted else "",
              "notice_date": "" if lifted else date}
    return [RecordCandidate("case", fields, offset + person.start(2), offset + person.end(2),
                            offset, offset + len(sentence), sentence,
                            0.8 if body else 0.6)]


def _body(sentence: str) -> str:
    match = _BODY.search(sentence)
    if match is None:
        return ""
    prefix = sentence[max(0, match.start() - 14):match.start()]
    for marker in _BODY_CUT:
        if marker in prefix:
            prefix = prefix[prefix.rindex(marker) + len(marker):]
    prefix = re.sub(r"^[^\u4e00-\u9fff]+", "", prefix)
    return prefix + "监察委员会"


def _iso(match: re.Match[str] | None) -> str:
    if match is None:
        return ""
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"
