"""Small documents in the style of Chinese official releases, written for these tests.

The body (江南省, a province that does not exist, and its figures) is invented, so no
test fixture can be mistaken for a real source. Pages are long enough (a few hundred
characters of body text) for trafilatura to find the main text as it does on real pages.
"""

from __future__ import annotations

import io
from typing import Any

SIMPLIFIED_PARAGRAPHS = [
    "2023年，全省各级纪检监察机关坚持严的基调，持续深化正风肃纪反腐，一体推进不敢腐、不能腐、"
    "不想腐，为奋力谱写中国式现代化江南篇章提供坚强保障。",
    "全年共接收信访举报32,517件次，处置问题线索18,406件，谈话函询4,215件次，立案审查调查9,873件，"
    "处分9,102人，其中厅局级干部41人、县处级干部376人。",
    "全省纪检监察机关对涉嫌职务犯罪的被调查人采取留置措施612人，移送检察机关审查起诉598人。"
    "留置措施依规依纪依法使用，全程接受监督。",
    "运用监督执纪“四种形态”批评教育帮助和处理31,045人次，其中第一种形态22,310人次，占71.9%。",
    "追回外逃人员27人，其中“红通人员”2人，追回赃款1.36亿元。",
    "下一步，全省纪检监察机关将坚定不移推进全面从严治党，以永远在路上的坚韧和执着，把党风廉政建设"
    "和反腐败斗争不断引向深入。",
]

TRADITIONAL_PARAGRAPHS = [
    "2023年，全省各級紀檢監察機關堅持嚴的基調，持續深化正風肅紀反腐，一體推進不敢腐、不能腐、"
    "不想腐。",
    "全年共接收信訪舉報32,517件次，處置問題線索18,406件，立案審查調查9,873件，處分9,102人，"
    "其中廳局級幹部41人、縣處級幹部376人。",
    "全省紀檢監察機關對涉嫌職務犯罪的被調查人採取留置措施612人，移送檢察機關審查起訴598人。",
    "運用監督執紀「四種形態」批評教育幫助和處理31,045人次，其中第一種形態22,310人次，佔71.9%。",
    "追回外逃人員27人，追回贓款1.36億元。下一步將堅定不移推進全面從嚴治黨，把黨風廉政建設和"
    "反腐敗鬥爭不斷引向深入。",
]

#: Characters only GB18030 encodes (four-byte sequences): 䶮 (CJK Ext. A, in names),
#: 𠮷 (CJK Ext. B).
GB18030_ONLY = "通报中涉及的刘䶮、吉𠮷二人均已依法处理。"

TITLE = "江南省纪委监委通报2023年全省纪检监察机关监督检查审查调查情况"
TRADITIONAL_TITLE = "江南省紀委監委通報2023年全省紀檢監察機關監督檢查審查調查情況"


_CHROME: dict[str, dict[str, Any]] = {
    "simplified": {
        "nav": ["首页", "要闻", "审查调查", "党纪法规",
                "监督曝光", "巡视巡察", "廉政文化", "信访举报"],
        "rows": [("立案审查调查", "9,873件"), ("处分", "9,102人"), ("留置", "612人")],
        "head": ("项目", "数量"),
        "info": "发布时间：2024-01-22 09:30 来源：江南省纪委监委网站",
        "footer": "主办：中共江南省纪律检查委员会 江南省监察委员会 地址：江南省南江市人民路1号",
    },
    "traditional": {
        "nav": ["首頁", "要聞", "審查調查", "黨紀法規",
                "監督曝光", "巡視巡察", "廉政文化", "信訪舉報"],
        "rows": [("立案審查調查", "9,873件"), ("處分", "9,102人"), ("留置", "612人")],
        "head": ("項目", "數量"),
        "info": "發佈時間：2024-01-22 09:30 來源：江南省紀委監委網站",
        "footer": "主辦：中共江南省紀律檢查委員會 江南省監察委員會 地址：江南省南江市人民路1號",
    },
}


def page(paragraphs: list[str], *, title: str = TITLE, meta: str | None = "utf-8",
         extra_head: str = "", extra_body: str = "", table: bool = True,
         script: str = "simplified") -> str:
    """A release page as provincial discipline inspection sites lay them out: a nav bar,
    the article with a table of figures, a footer."""
    chrome = _CHROME[script]
    charset = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' \
        if meta else ""
    nav = "".join(f'<li><a href="/col{i}/">{name}</a></li>'
                  for i, name in enumerate(chrome["nav"]))
    rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in chrome["rows"])
    head = "".join(f"<th>{h}</th>" for h in chrome["head"])
    body = "\n".join(f'<p style="text-indent:2em">{p}</p>' for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head>{charset}<title>{title}</title>{extra_head}</head>
<body><div class="header"><ul class="nav">{nav}</ul></div>
<div class="main"><div class="article">
<div class="info">{chrome["info"]}</div>
<div class="TRS_Editor">
{body}
{f"<table border=1><tr>{head}</tr>{rows}</table>" if table else ""}
{extra_body}
</div></div></div>
<div class="footer">{chrome["footer"]}</div>
</body></html>"""


def simplified_page(meta: str | None = "utf-8", **options: object) -> str:
    return page(SIMPLIFIED_PARAGRAPHS, meta=meta, **options)  # type: ignore[arg-type]


def traditional_page(meta: str | None = "big5") -> str:
    return page(TRADITIONAL_PARAGRAPHS, title=TRADITIONAL_TITLE, meta=meta,
                script="traditional")


def gb18030_page() -> str:
    return page([*SIMPLIFIED_PARAGRAPHS, GB18030_ONLY], meta="gb18030")


SCRIPT_PAGE_EXTRA_HEAD = """<script>document.write("脚本写入的秘密文字");
fetch("https://tracker.example.net/beacon?leak=1");</script>
<style>.TRS_Editor p { color: red } /* 样式表里的文字 */</style>
<link rel="stylesheet" href="https://cdn.example.net/site.css">"""

SCRIPT_PAGE_EXTRA_BODY = """<script type="text/javascript">
var hidden = "内联脚本中的数字999999人";</script>
<img src="https://cdn.example.net/x.png" onerror="alert('运行了')">
<iframe src="https://tracker.example.net/frame"></iframe>
<noscript>请启用JavaScript</noscript>"""


def report_text() -> str:
    """A plain-text work report excerpt."""
    return ("江南省纪委监委2023年工作报告（摘要）\r\n\r\n"
            + "\r\n".join(SIMPLIFIED_PARAGRAPHS) + "\r\n")


def pdf(paragraphs: list[str] | None = None, *, title: str = TITLE, pages: int = 2) -> bytes:
    """A real PDF with CJK text (WeasyPrint, Noto CJK fonts)."""
    import weasyprint

    paragraphs = paragraphs if paragraphs is not None else SIMPLIFIED_PARAGRAPHS
    per_page = max(1, -(-len(paragraphs) // pages)) if paragraphs else 1
    chunks = [paragraphs[i:i + per_page] for i in range(0, len(paragraphs), per_page)] or [[]]
    html = "".join(
        f'<section style="page-break-after: always">{"".join(f"<p>{p}</p>" for p in chunk)}'
        "</section>" for chunk in chunks)
    return weasyprint.HTML(string=f"<html><head><meta charset='utf-8'><title>{title}</title>"
                                  f"</head><body><h1>{title}</h1>{html}</body></html>").write_pdf()


def encrypted_pdf(source: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def garbage(size: int = 4096, *, seed: int = 7) -> bytes:
    """Deterministic random bytes: what a broken download or a mislabelled binary holds."""
    import random

    return random.Random(seed).randbytes(size)
