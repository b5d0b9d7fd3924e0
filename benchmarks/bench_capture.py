"""Capture throughput on a folder of generated government pages.

    python benchmarks/bench_capture.py [--pages 1000] [--seed 7] [--keep DIR]

Generates pages in the layout of provincial discipline inspection sites (head with inline
CSS and scripts, navigation, a release of 2–12 KB of text written from templates here,
related-news lists, footer), 30–80 KB each; most in UTF-8, some in GBK (with a gb2312 or a
lying utf-8 meta charset) and some in Big5. Captures the whole folder into a fresh
LIUZHI_HOME with a SQLite ledger, as ``liuzhi capture DIR`` does, then re-hashes the store
as ``liuzhi verify`` does.

Prints documents per second and MB/s (of page bytes) for capture, the share of that time
spent extracting text, and captures per second for verify.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from liuzhi import config
from liuzhi.capture import capture_many, check_store, text
from liuzhi.capture.formats import HTML
from liuzhi.ledger import Ledger

PROVINCES = ["江南省", "岭东省", "河西省", "塞北省", "海滨省", "天山省"]
MEASURES = [
    ("立案审查调查", "件"), ("处分", "人"), ("留置", "人"), ("移送检察机关审查起诉", "人"),
    ("谈话函询", "件次"), ("处置问题线索", "件"), ("追回外逃人员", "人"),
]
SENTENCES = [
    "全省各级纪检监察机关坚持严的基调，持续深化正风肃纪反腐，一体推进不敢腐、不能腐、不想腐。",
    "坚持受贿行贿一起查，加大对行贿行为的惩治力度，营造风清气正的政治生态。",
    "严格规范使用留置措施，落实安全责任，确保依规依纪依法，全程接受监督。",
    "深化运用监督执纪“四种形态”，抓早抓小、防微杜渐，让红脸出汗成为常态。",
    "聚焦群众身边的不正之风和腐败问题，开展专项整治，推动解决群众急难愁盼问题。",
    "加强纪检监察干部队伍建设，锻造忠诚干净担当、敢于善于斗争的纪检监察铁军。",
    "推动巡视巡察上下联动，发现问题、形成震慑，推动改革、促进发展的作用充分发挥。",
]
TRADITIONAL = str.maketrans("纪监审调处党干厅级万余对采务坚严续深风肃腐体进敢惩贿营态规范责确监督执种态让脸为开专项众题决难愁盼队伍设锻诚净当铁军视巡动现问题形成震摄发挥谈询线索检查诉逃员", "紀監審調處黨幹廳級萬餘對採務堅嚴續深風肅腐體進敢懲賄營態規範責確監督執種態讓臉為開專項眾題決難愁盼隊伍設鍛誠淨當鐵軍視巡動現問題形成震懾發揮談詢線索檢查訴逃員")

CSS = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 4099 % 0xFFFFFF:06x};}}"
              for i in range(120))
SCRIPT = ("var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
          "hm.src='https://stats.example.net/hm.js';var s=document.getElementsByTagName"
          "('script')[0];s.parentNode.insertBefore(hm,s);})();\n"
          + "".join(f"function f{i}(a,b){{return a*{i}+b-{i % 13};}}\n" for i in range(80)))


def release(rng: random.Random, province: str) -> tuple[str, list[str]]:
    year = rng.randint(2018, 2024)
    title = f"{province}纪委监委通报{year}年全省纪检监察机关监督检查审查调查情况"
    paragraphs = []
    for _ in range(rng.randint(8, 40)):
        measure, unit = rng.choice(MEASURES)
        paragraphs.append(
            f"{year}年{rng.randint(1, 12)}月，全省纪检监察机关{measure}"
            f"{rng.randint(50, 40000):,}{unit}，"
            f"同比增长{rng.randint(1, 40)}.{rng.randint(0, 9)}%。" + rng.choice(SENTENCES)
            + rng.choice(SENTENCES))
    return title, paragraphs


def page(rng: random.Random, target: int, *, meta: str, traditional: bool) -> str:
    province = rng.choice(PROVINCES)
    title, paragraphs = release(rng, province)
    if traditional:
        title = title.translate(TRADITIONAL)
        paragraphs = [p.translate(TRADITIONAL) for p in paragraphs]
    nav = "".join(f'<li class="c{i}"><a href="/col{i}/">栏目{i}</a></li>' for i in range(40))
    body = "\n".join(f'<p style="text-indent:2em;">{p}</p>' for p in paragraphs)
    head = (f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">'
            f"<title>{title}</title><style>{CSS}</style><script>{SCRIPT}</script>")
    start = (f"<!DOCTYPE html><html><head>{head}</head><body><div class=header><ul>{nav}</ul>"
             f"</div><div class=main><div class=article><h1>{title}</h1><div class=info>发布时间："
             f"2024-01-{rng.randint(10, 28)} 来源：{province}纪委监委网站</div>"
             f"<div class=TRS_Editor>{body}</div></div><div class=related><h3>相关新闻</h3><ul>")
    end = (f"</ul></div></div><div class=footer>主办：中共{province}纪律检查委员会 "
           f"{province}监察委员会</div></body></html>")
    links = []
    size = len(start.encode()) + len(end.encode())
    while size < target:
        other, _ = release(rng, rng.choice(PROVINCES))
        page, day = rng.randint(10**6, 10**7), rng.randint(10, 28)
        link = f'<li><a href="/xwzx/{page}.html">{other}</a><span>2024-01-{day}</span></li>'
        links.append(link)
        size += len(link.encode())
    return start + "".join(links) + end


def generate(folder: Path, pages: int, seed: int) -> int:
    rng = random.Random(seed)
    total = 0
    for n in range(pages):
        kind = rng.random()
        target = rng.randint(30_000, 80_000)
        if kind < 0.70:
            data = page(rng, target, meta="utf-8", traditional=False).encode("utf-8")
        elif kind < 0.85:
            data = page(rng, target, meta="gb2312", traditional=False).encode("gbk")
        elif kind < 0.95:
            data = page(rng, target, meta="utf-8", traditional=False).encode("gbk")  # a lie
        else:
            data = page(rng, target, meta="big5", traditional=True).encode("big5", "replace")
        (folder / f"t{n:05d}.html").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        pages = root / "pages"
        pages.mkdir(parents=True, exist_ok=True)
        size = generate(pages, args.pages, args.seed)
        settings = config.load(home=root / "home", database_url=f"sqlite:///{root}/home/l.sqlite",
                               actor="bench")
        ledger = Ledger(settings.database_url)
        print(f"{args.pages} pages, {size / 1e6:.1f} MB ({size / args.pages / 1e3:.0f} KB mean)")

        started = time.perf_counter()
        batch = capture_many(ledger, settings, [str(pages)], actor="bench")
        elapsed = time.perf_counter() - started
        assert batch.captured == args.pages and not batch.failures, batch.failures[:3]
        print(f"capture: {elapsed:.1f} s, {args.pages / elapsed:.1f} documents/s, "
              f"{size / 1e6 / elapsed:.2f} MB/s")

        files = sorted(pages.iterdir())
        started = time.perf_counter()
        for path in files:
            text.extract(path.read_bytes(), HTML, where=str(path))
        extracting = time.perf_counter() - started
        print(f"  of which text (decode + trafilatura): {extracting:.1f} s "
              f"({extracting / elapsed:.0%})")

        started = time.perf_counter()
        problems = check_store(ledger, settings)
        verifying = time.perf_counter() - started
        assert problems == []
        print(f"verify: {verifying:.1f} s, {args.pages / verifying:.0f} captures/s")
        ledger.close()


if __name__ == "__main__":
    main()
