"""Every label of the web pages in English and Chinese. Text from documents and from the
ledger is shown as it is, never translated. The reader's choice is kept in a cookie."""

from __future__ import annotations

LANGUAGES = ("en", "zh")
COOKIE = "lang"

LABELS: dict[str, tuple[str, str]] = {
    "site": ("Liuzhi Monitor", "留置监测"),
    "tagline": ("Sourced figures on China's liuzhi (留置) detention system",
                "关于中国留置制度的有出处数据"),
    "overview": ("Overview", "概览"),
    "figures": ("Figures", "数据"),
    "sources": ("Sources", "来源"),
    "regions": ("Regions", "地区"),
    "map": ("Map", "地图"),
    "methods": ("Methods", "方法"),
    "registries": ("Registries", "登记册"),
    "review": ("Review", "审核"),
    "audit": ("Audit log", "审计日志"),
    "verify": ("Verify", "校验"),
    "login": ("Log in", "登录"),
    "logout": ("Log out", "退出"),
    "user": ("User", "用户"),
    "password": ("Password", "密码"),
    "language": ("中文", "English"),
    "estimates": ("National estimates", "全国估计"),
    "headline": ("Headline estimate", "主要估计"),
    "no_headline": ("No headline estimate", "没有主要估计"),
    "state_headline": ("the simplest estimator that meets the acceptance bar registered in "
                       "VALIDATION.md before the national backtest was run.",
                       "在全国回测之前于 VALIDATION.md 中预先登记的接受标准下，"
                       "达标的最简单估计方法。"),
    "state_no_rung_meets_bar": ("No estimator meets the pre-registered acceptance bar "
                                "(VALIDATION.md): the methods are shown side by side, each with "
                                "its own interval.",
                                "没有任何估计方法达到预先登记的接受标准（VALIDATION.md）：各方法并列显示，各自附区间。"),
    "state_stale": ("The saved validation was run on different figures; run "
                    "`liuzhi validate-models` again. The methods are shown side by side.",
                    "已保存的验证基于不同的数据；请重新运行 `liuzhi validate-models`。"
                    "各方法并列显示。"),
    "state_not_validated": ("The pre-registered validation has not been run on these figures "
                            "(`liuzhi validate-models`): the methods are shown side by side.",
                            "尚未在这些数据上运行预先登记的验证（`liuzhi validate-models`）："
                            "各方法并列显示。"),
    "state_no_ladder": ("Only the first two methods were fitted.", "仅拟合了前两种方法。"),
    "computing": ("The estimates are being computed; reload this page in a few seconds.",
                  "正在计算估计值，请稍后刷新本页。"),
    "estimate_failed": ("The estimates could not be computed:", "无法计算估计值："),
    "method": ("Method", "方法"),
    "count": ("National count", "全国人数"),
    "per_day": ("Per day", "每日"),
    "interval": ("Interval", "区间"),
    "official": ("Official", "官方"),
    "official_latest": ("Latest official national figure", "最新官方全国数字"),
    "estimate": ("estimate", "估计"),
    "unavailable": ("Not shown", "未显示"),
    "per_year": ("Per year", "按年"),
    "year": ("Year", "年份"),
    "chart": ("Per-year estimates with intervals, and official figures",
              "按年估计（含区间）与官方数字"),
    "measure": ("Measure", "指标"),
    "region": ("Region", "地区"),
    "period": ("Period", "期间"),
    "kind": ("Kind", "类型"),
    "qualifier": ("Qualifier", "限定"),
    "value": ("Value", "数值"),
    "unit": ("Unit", "单位"),
    "source": ("Source", "来源"),
    "any": ("any", "全部"),
    "filter": ("Filter", "筛选"),
    "download_csv": ("Download CSV", "下载 CSV"),
    "page": ("Page", "第"),
    "of": ("of", "/"),
    "previous": ("Previous", "上一页"),
    "next": ("Next", "下一页"),
    "results": ("results", "条结果"),
    "title": ("Title", "标题"),
    "publisher": ("Publisher", "发布者"),
    "issuing_body": ("Issuing body", "发布机关"),
    "published": ("Published", "发布日期"),
    "url": ("Address", "网址"),
    "secondary": ("Secondary source", "二手来源"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "captures": ("Captures", "存档"),
    "captured_at": ("Captured at", "存档时间"),
    "sha256": ("SHA-256", "SHA-256"),
    "media_type": ("Media type", "媒体类型"),
    "size": ("Size (bytes)", "大小（字节）"),
    "download": ("Download the archived file", "下载存档文件"),
    "evidence": ("Evidence", "证据"),
    "no_captures": ("No capture of this source is stored.", "未存储此来源的存档。"),
    "population": ("Population (2020 census)", "人口（2020 年人口普查）"),
    "level": ("Level", "级别"),
    "parent": ("Part of", "上级"),
    "children": ("Subdivisions", "下级"),
    "figure_count": ("Figures", "数据条数"),
    "map_title": ("What each province disclosed", "各省披露情况"),
    "map_legend": ("Newest province-wide official figure per 100,000 residents (2020 census); "
                   "grey: the province disclosed nothing of this measure.",
                   "每十万常住人口对应的最新全省官方数字（2020 年人口普查）；"
                   "灰色：该省未披露此指标。"),
    "per_100k": ("per 100,000", "每十万人"),
    "disclosed_nothing": ("disclosed nothing", "未披露"),
    "provinces_silent": ("Provinces that disclosed nothing", "未披露的省份"),
    "validation": ("Validation", "验证"),
    "validation_none": ("The pre-registered validation has not been run (`liuzhi "
                        "validate-models`).",
                        "尚未运行预先登记的验证（`liuzhi validate-models`）。"),
    "methods_intro": ("Four methods answer the same questions (national count per year, per "
                      "day, cumulative between two dates); a pre-registered protocol "
                      "(VALIDATION.md) decides which one, if any, is the headline.",
                      "四种方法回答同样的问题（每年全国人数、每日人数、两日期之间的累计）；由预先登记的方案（VALIDATION.md）决定以哪种方法为主要估计。"),
    "method_population_share": (
        "each provincial or city count ÷ that region's share of the population ÷ its days; "
        "the median and the range across the regions used.",
        "各省或城市的人数 ÷ 该地区人口占比 ÷ 期间天数；取所用地区的中位数及范围。"),
    "method_case_ratio": (
        "liuzhi per case filed (立案) where both are published, times the national cases "
        "filed; the range runs from the lowest to the highest ratio seen.",
        "在两者均有公布之处计算每件立案对应的留置人数，乘以全国立案数；范围为所见最低至最高比率。"),
    "method_mixed_model": (
        "a mixed model on log(liuzhi ÷ cases filed) with region and year effects.",
        "对 log(留置人数 ÷ 立案数) 建立含地区与年份效应的混合模型。"),
    "method_hierarchical_bayes": (
        "a negative-binomial model of every province-year, each figure through its own "
        "likelihood, the national totals as anchors.",
        "对每个省份—年份建立负二项模型，每个数字以其自身似然进入，全国总数作为锚点。"),
    "leave_one_out": ("Leave-one-out: each official national figure held out and predicted",
                      "留一法：逐一留出每个官方全国数字并加以预测"),
    "held_out": ("Held out", "留出"),
    "predicted": ("Predicted", "预测"),
    "in_range": ("In range", "在范围内"),
    "scope_note": ("National totals cover the 31 mainland provincial units.",
                   "全国总数涵盖中国大陆 31 个省级单位。"),
    "registries_hook": ("The registries (facilities, cases, agreements, communications) are not "
                        "in this ledger yet.", "登记册（设施、案件、协议、通信）尚未收入本账本。"),
    "candidates": ("Candidates waiting for review", "待审核的候选数据"),
    "no_candidates": ("No candidate is waiting.", "没有待审核的候选数据。"),
    "accept": ("Accept", "接受"),
    "reject": ("Reject", "拒绝"),
    "note": ("Note", "备注"),
    "edit_then_accept": ("Correct any field, then accept", "可先修改字段，再接受"),
    "decided": ("Decision recorded.", "已记录决定。"),
    "error": ("Error", "错误"),
    "not_found": ("Not found", "未找到"),
    "actor": ("Who", "操作者"),
    "action": ("Action", "操作"),
    "entity": ("Entity", "实体"),
    "at": ("When", "时间"),
    "chain_intact": ("Audit chain intact; every row matches its last audited state.",
                     "审计链完整；每一行都与其最后审计状态一致。"),
    "store_intact": ("Evidence store intact: every captured file matches its SHA-256.",
                     "证据存储完整：每个存档文件都与其 SHA-256 一致。"),
    "breaches": ("Breaches", "违规"),
    "signed_in_as": ("Signed in as", "当前用户"),
    "all_sources": ("All sources", "全部来源"),
    "all_regions": ("All regions", "全部地区"),
}


def label(key: str, lang: str) -> str:
    en, zh = LABELS[key]
    return zh if lang == "zh" else en


def choose(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else "en"
