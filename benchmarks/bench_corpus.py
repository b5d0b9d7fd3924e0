"""Dask speed-up of ``liuzhi extract --warc`` from 1 to 2 workers.

    python benchmarks/bench_corpus.py [--files 8] [--pages 400]

Generates gzip WARC files of government-style pages written here (a tenth of them with
figures), then runs the corpus extractor into a fresh SQLite ledger with 1 worker and
again with 2, and prints pages per second and the speed-up.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from liuzhi import config
from liuzhi.ledger import Ledger
from liuzhi.review import corpus

FILLER = ["会议强调，要坚持以人民为中心的发展思想，扎实推进乡村振兴各项工作。",
          "全市上下要统一思想、提高认识，切实把各项决策部署落到实处。",
          "该区持续优化营商环境，新增市场主体1.2万户，同比增长8.5%。",
          "严格规范使用留置措施，落实安全责任，确保依规依纪依法。"]


def page(rng: random.Random, n: int) -> str:
    body = "".join(f"<p>{rng.choice(FILLER)}</p>" for _ in range(rng.randint(20, 60)))
    if n % 10 == 0:
        body += (f"<p>{2018 + n % 6}年，全省纪检监察机关共立案{rng.randint(1000, 9000)}件，"
                 f"处分{rng.randint(900, 8000)}人，对{rng.randint(20, 600)}人采取留置措施。</p>")
    return f"<html><head><meta charset='utf-8'></head><body><article>{body}</article></body></html>"


def make_warcs(folder: Path, files: int, pages: int) -> list[Path]:
    rng = random.Random(7)
    paths = []
    for f in range(files):
        path = folder / f"crawl-{f}.warc.gz"
        with path.open("wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for n in range(pages):
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://www.example.gov.cn/{f}/{n}.html", "response",
                    payload=io.BytesIO(page(rng, n).encode("utf-8")), http_headers=headers))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warcs = make_warcs(folder, args.files, args.pages)
        size = sum(p.stat().st_size for p in warcs) / 1e6
        total = args.files * args.pages
        print(f"{args.files} WARC files, {total:,} pages, {size:.1f} MB compressed")
        timings = {}
        for workers in (1, 2):
            home = folder / f"home{workers}"
            settings = config.load(home=home)
            ledger = Ledger(f"sqlite:///{home / 'ledger.sqlite'}")
            started = time.perf_counter()
            run = corpus.extract_warcs(ledger, settings, warcs, workers=workers, actor="bench")
            timings[workers] = time.perf_counter() - started
            ledger.close()
            print(f"{workers} worker(s): {timings[workers]:.1f} s, {total / timings[workers]:,.0f} "
                  f"pages/s, {run.new:,} candidates")
        print(f"speed-up 1 → 2 workers: {timings[1] / timings[2]:.2f}x "
              "(includes cluster start-up and the ledger writes on the driver)")


if __name__ == "__main__":
    main()
