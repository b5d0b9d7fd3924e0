"""Extraction throughput against the floor of a bare scan for 留置, and Dask 1 → 2 workers.

    python benchmarks/bench_extract.py [--mb 20] [--dense-mb 3] [--seed 7] [--repeat 3]
                                       [--mix crawl|sparse|dense|all] [--dask-mb 8] [--no-dask]

Generates a corpus of documents from templates written here (no third-party text):
work reports, special reports, press releases, anniversary articles, procuratorate and
Sky Net statistics, traditional-character reposts, company announcements, and the texts
that use 留置 in other senses (civil-law liens, police questioning, service of documents,
hospital news), plus ordinary government news without any figure. Three mixes:

* ``sparse``: about 2% of documents mention 留置 at all, as in a crawl of government
  sites; a few more name other measures (立案, 处分) without it;
* ``crawl``: the older, richer mix (about a third of pages hold a figure);
* ``dense``: every document mentions 留置 and holds figures, the worst case.

Prints MB/s (UTF-8 megabytes of text) for ``extract`` over every document and for the
bare scan ``doc.count("留置")`` over the same documents, and the ratio of their times, in
wall time and in this process's CPU time (the steadier of the two when other work shares
the cores); then the prefilter's share, the time per document it lets through, and the
floor: the time to make the ``Candidate`` records ``extract`` returns and nothing else,
which no rule can win back while the records are Python objects.
Goals (issue 13): sparse <= 5x, dense <= 20x.

Then the Dask ratio: 8 MB of the dense mix split into 16 chunks (a second of work or less
is too short to time the cluster steadily), extracted on a local cluster of 1 and then
2 single-threaded worker processes (started before the clock; chunks scattered before it
too), wall time from submit to gather, and the CPU time each worker
spent in ``extract``: when the CPU seconds per worker halve but the wall time does not,
the machine is busy (or the driver serial), not the extraction. Also printed: the wall
time not spent in ``extract`` by the busiest worker (scheduling, transfers, waiting for a
core) and the speed-up in the busiest worker's CPU time, what the wall ratio would be with
a core free for each worker. Goal: >= 1.7x on an idle machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable

from liuzhi.extract import Candidate, extract, measures

PROVINCES = ["浙江省", "江苏省", "广东省", "山东省", "河南省", "四川省", "湖北省", "湖南省",
             "福建省", "安徽省", "河北省", "陕西省", "云南省", "贵州省", "甘肃省", "辽宁省"]
CITIES = ["杭州市", "温州市", "宁波市", "绍兴市", "台州市", "嘉兴市", "金华市", "衢州市"]
TRADITIONAL = str.maketrans("纪监审调处党干厅级万余对采务", "紀監審調處黨幹廳級萬餘對採務")


def _n(rng: random.Random, low: int, high: int) -> str:
    value = rng.randint(low, high)
    return f"{value:,}" if rng.random() < 0.5 else str(value)


def _wan(rng: random.Random) -> str:
    return f"{rng.randint(10, 99) / 10:.1f}万"


def work_report(rng: random.Random) -> str:
    year = rng.randint(2018, 2023)
    province = rng.choice(PROVINCES)
    parts = [
        f"{province}{year}年纪检监察工作报告（摘要）",
        f"一、{year}年工作回顾",
        "过去一年，全省各级纪检监察机关坚持严的主基调不动摇，一体推进不敢腐、不能腐、不想腐。",
        f"全省纪检监察机关共立案审查调查{_wan(rng)}件，给予党纪政务处分{_wan(rng)}人，"
        f"其中厅局级干部{rng.randint(20, 120)}人、县处级干部{rng.randint(200, 900)}人；"
        f"依法对{_n(rng, 300, 2000)}人采取留置措施，移送检察机关审查起诉{_n(rng, 250, 1800)}人。",
        "坚持受贿行贿一起查，加大对行贿行为的惩治力度，营造风清气正的政治生态。",
        f"深化追逃追赃，追回外逃人员{rng.randint(5, 80)}人，"
        f"追回赃款{rng.randint(1, 30)}.{rng.randint(0, 9)}亿元。",
        "二、新一年主要任务",
        "持续深化政治监督，推动党中央重大决策部署落地见效。严格规范使用留置措施，"
        "落实安全责任，确保依规依纪依法。加强纪检监察干部队伍建设，锻造忠诚干净担当的铁军。",
    ]
    parts += [rng.choice(FILLER) for _ in range(rng.randint(4, 10))]
    return "\n".join(parts)


def press_release(rng: random.Random) -> str:
    city = rng.choice(CITIES)
    months = rng.randint(3, 11)
    return "\n".join([
        f"{city}纪委监委通报{months}月份全市纪检监察工作情况",
        f"今年1至{months}月，全市纪检监察机关共处置问题线索{_n(rng, 1000, 9000)}件，"
        f"立案{_n(rng, 300, 3000)}件，党纪政务处分{_n(rng, 200, 2500)}人，"
        f"留置{rng.randint(5, 90)}人。",
        rng.choice(FILLER),
        rng.choice(FILLER),
    ])


def traditional_repost(rng: random.Random) -> str:
    text = (f"據{rng.choice(PROVINCES)}紀委監委公佈，{rng.randint(2018, 2023)}年"
            f"全省紀檢監察機關共立案審查調查{_wan(rng)}件，給予黨紀政務處分{_wan(rng)}人，"
            f"對{_n(rng, 300, 2000)}人採取留置措施，"
            f"其中廳級幹部{rng.randint(10, 60)}人。")
    return text + "\n" + rng.choice(FILLER).translate(TRADITIONAL)


def statistics_release(rng: random.Random) -> str:
    year = rng.randint(2018, 2023)
    return "\n".join([
        f"{year}年，全国检察机关受理各级监委移送职务犯罪{_wan(rng)}人，已起诉{_wan(rng)}人，"
        f"不起诉{rng.randint(300, 900)}人，退回补充调查{_n(rng, 800, 2000)}人次。",
        f"“天网{year}”行动共追回外逃人员{_n(rng, 1000, 2500)}人，其中党员和国家工作人员"
        f"{rng.randint(100, 900)}人，追回赃款{rng.randint(10, 60)}.{rng.randint(0, 9)}亿元。",
        rng.choice(FILLER),
    ])


def company_announcement(rng: random.Random) -> str:
    return "\n".join([
        f"证券代码：{rng.randint(600000, 605000)}　"
        f"公告编号：{rng.randint(2019, 2023)}-0{rng.randint(10, 99)}",
        "关于公司董事长被留置的公告",
        "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏。",
        f"公司于近日收到某市监察委员会签发的《留置通知书》，公司董事长因涉嫌严重职务违法被立案调查并实施留置。"
        f"截至本公告披露日，公司其他{rng.randint(5, 12)}名董事均正常履职，"
        f"公司现有员工{_n(rng, 500, 20000)}人。",
    ])


def other_senses(rng: random.Random) -> str:
    return rng.choice([
        "本院认为，债权人可以留置已经合法占有的债务人的动产。"
        f"原告对涉案{rng.randint(2, 90)}件货物享有留置权。",
        f"今年一季度，全市公安机关依法盘查可疑人员{_n(rng, 1000, 20000)}人次，"
        f"对其中{rng.randint(5, 90)}人留置盘问。",
        f"本院执行局采用留置送达方式送达法律文书{_n(rng, 300, 3000)}件，送达成功率显著提高。",
        f"护理部开展静脉留置针规范化操作培训，全院共有护士{rng.randint(100, 900)}名参加。",
    ]) + "\n" + rng.choice(FILLER)


FILLER = [
    "会议强调，要坚持以人民为中心的发展思想，统筹发展和安全，推动经济社会高质量发展。",
    "今年以来，市政府围绕稳增长、促改革、调结构、惠民生、防风险，扎实推进各项工作。",
    "全市完成地区生产总值同比增长5.6%，城乡居民人均可支配收入稳步提高。",
    "市委常委会召开会议，传达学习中央和省委有关会议精神，研究部署下一阶段重点工作。",
    "要加强基层治理体系和治理能力建设，持续深化“最多跑一次”改革，优化营商环境。",
    "会议指出，要坚持问题导向，聚焦群众急难愁盼问题，办好民生实事。",
    "市生态环境局组织开展大气污染防治专项行动，全市空气质量优良天数比例达到90.4%。",
    "全市新增城镇就业3.2万人，城镇调查失业率控制在5%以内，社会大局和谐稳定。",
    "区教育局召开新学期工作部署会，要求各学校严格落实安全责任，确保师生平安。",
    "该县持续推进乡村振兴，建成高标准农田12.5万亩，农业综合生产能力稳步提升。",
]


def government_news(rng: random.Random) -> str:
    return "\n".join(rng.choice(FILLER) for _ in range(rng.randint(6, 16)))


def discipline_news(rng: random.Random) -> str:
    """Discipline news that names other measures but not 留置."""
    return "\n".join([
        f"{rng.choice(CITIES)}纪委监委通报{rng.randint(2, 9)}起违反中央八项规定精神问题",
        f"今年以来，全市共查处享乐主义、奢靡之风问题{rng.randint(20, 200)}个，"
        f"给予党纪政务处分{rng.randint(20, 300)}人。",
        rng.choice(FILLER),
        rng.choice(FILLER),
    ])


Mix = list[tuple[Callable[[random.Random], str], float]]

CRAWL_MIX: Mix = [  # (generator, weight): most government pages hold no figure
    (government_news, 70), (work_report, 5), (press_release, 8), (traditional_repost, 2),
    (statistics_release, 3), (company_announcement, 4), (other_senses, 8),
]
SPARSE_MIX: Mix = [  # about 2% of documents mention 留置
    (government_news, 92), (discipline_news, 6), (work_report, 0.5), (press_release, 0.8),
    (traditional_repost, 0.2), (company_announcement, 0.3), (other_senses, 0.2),
]
DENSE_MIX: Mix = [  # every document mentions 留置
    (work_report, 30), (press_release, 50), (traditional_repost, 20),
]


def corpus(megabytes: float, seed: int, mix: str) -> list[str]:
    rng = random.Random(seed)
    table = {"crawl": CRAWL_MIX, "sparse": SPARSE_MIX, "dense": DENSE_MIX}[mix]
    generators = [g for g, _ in table]
    weights = [w for _, w in table]
    documents: list[str] = []
    size = 0
    target = megabytes * 1_000_000
    while size < target:
        doc = rng.choices(generators, weights)[0](rng)
        documents.append(doc)
        size += len(doc.encode("utf-8"))
    return documents


def _time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    return _times(fn, repeat)[0]


def _times(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The best wall time and the best CPU time of this process over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def _extract_chunk(documents: list[str]) -> tuple[int, float, int]:
    """Runs on a worker: (worker process id, CPU seconds in extract, candidates)."""
    started = time.process_time()
    found = sum(len(extract(d, document_date="2024-01-20")) for d in documents)
    return os.getpid(), time.process_time() - started, found


def dask_ratio(documents: list[str], chunks: int) -> None:
    from dask.distributed import Client, LocalCluster

    parts = [documents[i::chunks] for i in range(chunks)]
    walls = {}
    busiest: dict[int, float] = {}  # CPU seconds of the busiest worker
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            client.run(lambda: extract("2023年，全省留置312人。"))  # imports warm
            scattered = client.scatter(parts)
            started = time.perf_counter()
            results = client.gather(client.map(_extract_chunk, scattered, pure=False))
            walls[workers] = time.perf_counter() - started
        cpu: dict[int, float] = defaultdict(float)
        for pid, seconds, _ in results:
            cpu[pid] += seconds
        per_worker = ", ".join(f"{seconds:.2f}" for seconds in sorted(cpu.values()))
        busiest[workers] = max(cpu.values())
        print(f"[dask] {workers} worker(s): wall {walls[workers]:.2f} s, CPU s per worker "
              f"[{per_worker}], {sum(r[2] for r in results):,} candidates; wall not spent in "
              f"extract by the busiest worker {walls[workers] - busiest[workers]:.2f} s")
    print(f"[dask] speed-up 1 -> 2 workers  {walls[1] / walls[2]:5.2f} x  (goal >= 1.7 on an "
          f"idle machine; {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    # What the wall ratio would be with a core free for each worker: the busiest worker's
    # CPU seconds, 1 against 2 workers (an uneven split of the work shows as a low figure;
    # a serial part in the driver, as wall time not spent in extract).
    print(f"[dask] speed-up in CPU of the busiest worker  {busiest[1] / busiest[2]:5.2f} x")


#: Shapes that once made a rule quadratic in the text's length: each is timed at two sizes,
#: and the time should grow with the size, not with its square.
WORST_SHAPES = {
    "period lines under one title": ("表1 全市留置人数\n", "2019年：58人\n"),
    "这一数字 in every sentence": ("", "这一数字显示留置5人。"),
    "a breakdown in every sentence": ("", "分行业看，留置5人。"),
    "one figure told again and again": ("", "全省留置12人。"),
    "a table of many rows": ("全市留置人数\n年度 | 留置人数 | 立案\n", "2020年 | 12 | 30\n"),
    "a table one cell a line": ("全市留置人数\n年度\n留置人数\n", "2020年\n12\n"),
    "many small tables": ("", "全市留置人数\n年度 | 留置\n2023 | 12\n2024 | 15\n\n"),
    "a table its title counts": ("全市留置人员分领域统计\n领域 | 人数\n", "领域 | 12\n"),
    "a count in every note": ("年度 | 留置人数 | 备注\n", "2020 | 120 | 其中厅局级5人\n"),
    "a group named in every sentence": ("全省留置500人，其中市管干部30人。",
                                        "市管干部中，有2人曾任职。"),
    "a group named by its count again and again": ("", "全省留置5人，7人里又有2人曾任职。"),
    "one sentence of many parts": ("在被留置人员中，", "局级干部14人，"),
}


def worst_shapes() -> None:
    for name, (head, unit) in WORST_SHAPES.items():
        times = []
        for count in (2_000, 8_000):
            text = head + unit * count
            start = time.perf_counter()
            extract(text, document_date="2025-01-01")
            times.append(time.perf_counter() - start)
        print(f"[worst shapes] {name}: {times[0]:.2f} s at 2,000, {times[1]:.2f} s at 8,000 "
              f"({times[1] / max(times[0], 1e-9):.1f}x for 4x the text)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the sparse and crawl mixes")
    parser.add_argument("--dense-mb", type=float, default=3.0, help="size of the dense mix")
    parser.add_argument("--dask-mb", type=float, default=8.0, help="dense MB for the Dask ratio")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mix", choices=["crawl", "sparse", "dense", "all"], default="all")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    mixes = ["sparse", "crawl", "dense"] if args.mix == "all" else [args.mix]
    goals = {"sparse": 5.0, "dense": 20.0}
    ratios: dict[str, float] = {}
    cpu_ratios: dict[str, float] = {}
    for mix in mixes:
        documents = corpus(args.dense_mb if mix == "dense" else args.mb, args.seed, mix)
        megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1_000_000
        found = sum(len(extract(d, document_date="2024-01-20")) for d in documents)
        mentioning = sum(1 for d in documents if "留置" in d)

        def run_extract() -> None:
            for d in documents:
                extract(d, document_date="2024-01-20")

        def run_scan() -> None:
            for d in documents:
                d.count("留置")

        t_extract, cpu_extract = _times(run_extract, args.repeat)
        t_scan, cpu_scan = _times(run_scan, args.repeat)
        ratios[mix] = t_extract / t_scan
        cpu_ratios[mix] = cpu_extract / cpu_scan
        prefilter = re.compile("|".join(measures.PREFILTER_WORDS))  # as extract's first step
        t_prefilter = _time(lambda: [prefilter.search(d) for d in documents], args.repeat)
        goal = f"  (goal <= {goals[mix]:g})" if mix in goals else ""
        print(f"[{mix}] {len(documents):,} documents ({mentioning / len(documents):.1%} mention "
              f"留置), {megabytes:.1f} MB, {found:,} candidates")
        print(f"[{mix}] extract    {megabytes / t_extract:10.1f} MB/s  ({t_extract:.3f} s)")
        print(f"[{mix}] bare scan  {megabytes / t_scan:10.1f} MB/s  ({t_scan:.3f} s)")
        print(f"[{mix}] ratio      {ratios[mix]:10.1f} x{goal}")
        print(f"[{mix}] ratio, CPU {cpu_ratios[mix]:10.1f} x  (CPU time of this process: "
              "steadier than wall time when other work shares the cores)")
        print(f"[{mix}] prefilter alone {t_prefilter / t_scan:5.1f} x  (the compiled scan that "
              "skips documents without a trigger word; the rest is per-sentence work)")
        # The documents the prefilter lets through (留置, or another measure's trigger:
        # 立案, 处分…) are read sentence by sentence; their share sets the rest of the ratio.
        passed = [d for d in documents if prefilter.search(d)]
        t_passed = _time(lambda: [extract(d, document_date="2024-01-20") for d in passed],
                         args.repeat)
        print(f"[{mix}] past the prefilter: {len(passed):,} documents "
              f"({len(passed) / len(documents):.1%}), {t_passed / max(1, len(passed)) * 1e6:.0f} "
              f"µs each, {t_passed / t_scan:.1f} x of the bare scan")
        # The floor of any extractor written in Python: making the records it returns,
        # and nothing else, already costs this much of the bare scan.
        names = [f.name for f in dataclasses.fields(Candidate)]
        made = [tuple(getattr(c, n) for n in names)
                for d in documents for c in extract(d, document_date="2024-01-20")]
        t_made = _time(lambda: [Candidate(*values) for values in made], args.repeat)
        print(f"[{mix}] floor: making the {len(made):,} records extract returns, and nothing "
              f"else, {t_made / t_scan:.1f} x of the bare scan")
    if not args.no_dask:
        dask_ratio(corpus(args.dask_mb, args.seed + 1, "dense"), chunks=16)
    worst_shapes()
    print("ratios: " + ", ".join(f"{mix} {ratio:.1f}x" for mix, ratio in ratios.items())
          + "; CPU: " + ", ".join(f"{mix} {ratio:.1f}x" for mix, ratio in cpu_ratios.items())
          + f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
