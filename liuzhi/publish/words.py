# ruff: noqa: E501  (a Chinese character counts as two columns; sentences stay whole)
"""The report's words in English and Chinese: method names in words, labels and notes.

Numbers are never here: the template and ``summary`` put the same numbers into either
language. A key missing in one language is an error at import (``_check``), so the two
reports cannot drift apart silently.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")

#: Each rung in words, as readers meet it (the identifier stays in files and tables).
METHOD_NAMES: dict[str, dict[str, str]] = {
    "population_share": {
        "en": "Population share (the 2019/2021 NGO method)",
        "zh": "人口比例法（2019年、2021年非政府组织报告所用方法）"},
    "case_ratio": {
        "en": "Case ratio (liuzhi per case filed × national cases filed)",
        "zh": "立案比例法（每件立案的留置人数 × 全国立案数）"},
    "mixed_model": {
        "en": "Mixed model of the liuzhi-to-cases ratio",
        "zh": "留置与立案之比的混合效应模型"},
    "hierarchical_bayes": {
        "en": "Hierarchical Bayesian model of all 31 provinces",
        "zh": "覆盖31个省级单位的分层贝叶斯模型"},
}

EXPOSURE_NAMES: dict[str, dict[str, str]] = {
    "cases_filed": {"en": "cases filed", "zh": "立案数"},
    "punished": {"en": "people punished", "zh": "处分人数"},
    "population": {"en": "population", "zh": "人口"},
    "fourth_form": {"en": "fourth form (第四种形态)", "zh": "第四种形态处理人次"},
}

#: Footnote words in Chinese for the ledger's vocabulary (``liuzhi/vocabulary.py``); the
#: English footnote keeps the vocabulary's own words.
MEASURE_ZH: dict[str, str] = {
    "liuzhi": "被留置人数",
    "rsdl": "被指定居所监视居住人数",
    "cases_filed": "立案数",
    "punished": "处分人数",
    "transferred_for_prosecution": "移送审查起诉人数",
    "prosecuted": "提起公诉人数",
    "criminal_liability": "被追究刑事责任人数",
    "fugitives_returned": "追回外逃人员数（天网）",
    "population": "常住人口",
    "facilities": "新建、改建或扩建的留置场所数",
    "liuzhi_mean_duration": "平均留置时长",
    "liuzhi_per_case_filed": "每件立案的留置人数",
    "listed_company_liuzhi": "据公司公告被留置的上市公司高管人数（单独指标，不计入任何总数）",
    "fourth_form": "运用第四种形态（严重违纪涉嫌违法立案审查调查）处理人次",
}
UNIT_ZH: dict[str, str] = {
    "persons": "人", "person_times": "人次", "cases": "件", "persons_per_day": "人/日",
    "percent": "%", "days": "天", "facilities": "处",
}
QUALIFIER_ZH: dict[str, str] = {
    "exact": "确数", "approximate": "约数", "at_least": "至少", "more_than": "超过",
    "nearly": "将近", "at_most": "至多", "range": "区间",
}
KIND_ZH: dict[str, str] = {
    "official": "官方", "ngo_estimate": "非政府组织估计", "derived": "本项目推算",
    "press_tally": "媒体统计",
}

#: The acceptance bar's criteria in words (VALIDATION.md §6).
CRITERIA: dict[str, dict[str, str]] = {
    "B1": {"en": "better than population share on simulated provinces",
           "zh": "在模拟省份上优于人口比例法"},
    "B2": {"en": "honest interval widths on simulated provinces",
           "zh": "在模拟省份上区间覆盖率合格"},
    "B3": {"en": "predicting the withheld 2023 and 2024 national figures",
           "zh": "预测被隐去的2023年、2024年全国数字"},
    "B4": {"en": "forecasting 2024 at least as well as carrying 2023's ratio forward",
           "zh": "对2024年的预测不逊于沿用2023年比例"},
}

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "How many people are placed in liuzhi (留置)?",
              "zh": "有多少人被留置？"},
    "lede": {
        "en": "National estimates of placements in liuzhi, the detention of China's "
              "supervision commissions, from the figures in the Liuzhi Monitor ledger. "
              "Generated {today}. National totals cover the 31 mainland provincial units. "
              "Numbers marked “estimate” are this project's estimates, by the method named; "
              "official figures are in red.",
        "zh": "根据“留置监察”（Liuzhi Monitor）数据库中的数字，估计全国被监察委员会采取留置措施的"
              "人数。生成日期：{today}。全国合计指中国大陆31个省级单位。标有“估计”的数字是本项目"
              "按所注方法作出的估计；官方数字以红色显示。"},
    "summary": {"en": "In brief", "zh": "摘要"},
    "estimate": {"en": "estimate", "zh": "估计"},
    "official": {"en": "official", "zh": "官方"},
    "headline_numbers": {"en": "Headline numbers", "zh": "主要数字"},
    "latest_official": {
        "en": "Latest official national figure: {value} placements in {year} ({per_day} a day).",
        "zh": "最新官方全国数字：{year}年留置{value}人（日均{per_day}人）。"},
    "headline_yes": {
        "en": "Headline estimate: {name}, the simplest method that meets the acceptance bar "
              "registered in VALIDATION.md before the national backtest was run.",
        "zh": "主要估计：{name}，即满足在全国回测前于VALIDATION.md中预先登记的验收标准的最简单方法。"},
    "headline_no": {
        "en": "No method meets the pre-registered acceptance bar (VALIDATION.md), so this "
              "report publishes no headline estimate: the methods are shown side by side, "
              "each with its own interval.",
        "zh": "没有任何方法达到预先登记的验收标准（VALIDATION.md），因此本报告不发布单一主要估计："
              "各方法并列展示，各自附有区间。"},
    "headline_unvalidated": {
        "en": "No headline estimate: the pre-registered validation was not run on these "
              "figures (the report was written with --no-validate).",
        "zh": "无主要估计：预先登记的验证尚未在这些数字上运行（报告以 --no-validate 生成）。"},
    "method": {"en": "Method", "zh": "方法"},
    "year": {"en": "Year", "zh": "年份"},
    "count_in": {"en": "national count, {year}", "zh": "{year}年全国人数"},
    "per_day_in": {"en": "per day, {year}", "zh": "{year}年日均"},
    "per_day": {"en": "per day", "zh": "日均"},
    "interval_note": {
        "en": "The population share and case ratio methods give ranges (lowest to highest "
              "regional rate; lowest to highest observed ratio), not probability intervals; "
              "the mixed model and the Bayesian model give 90% probability intervals.",
        "zh": "人口比例法与立案比例法给出的是范围（地区比率或观测比例的最低至最高值），而非概率区间；"
              "混合效应模型与贝叶斯模型给出90%概率区间。"},
    "days_note": {
        "en": "Per day divides a count by the days on which liuzhi could exist: {rule}.",
        "zh": "日均数以可能存在留置的天数相除：试点省份（北京、山西、浙江）自2017年3月17日"
              "（首例留置）起算，其他地区自2018年3月20日（《监察法》施行）起算。"},
    "per_year": {"en": "Per year", "zh": "逐年"},
    "chart_caption": {
        "en": "Points: each method's estimate; bars: its range. Diamonds: official national "
              "figures.",
        "zh": "圆点：各方法的估计；竖线：其范围。菱形：官方全国数字。"},
    "cumulative": {"en": "Cumulative", "zh": "累计"},
    "window": {"en": "Window", "zh": "时段"},
    "days": {"en": "days", "zh": "天数"},
    "published_reference": {"en": "Published reference", "zh": "已发表的参照数"},
    "ngo_estimate": {"en": "NGO estimate", "zh": "非政府组织估计"},
    "listed": {"en": "Listed-company executives placed in liuzhi (a separate measure)",
               "zh": "被留置的上市公司高管（单独的指标）"},
    "listed_intro": {
        "en": "Newspapers' tallies of listed companies' announcements that an executive was "
              "placed in liuzhi. They are incomplete (at least this many), cover only people "
              "whose company had to announce it, and are never part of any total above.",
        "zh": "报纸根据上市公司公告统计的高管被留置人数。统计不完整（至少为此数），只涵盖其公司须"
              "公告者，从不计入上文任何总数。"},
    "listed_indicator": {
        "en": "Tried as an indicator for {year} (VALIDATION.md A8, post hoc): {value} "
              "placements nationally, the official {calibration_year} figure scaled by the "
              "tallies' count per day. It is not one of this report's estimates and never part "
              "of a total.",
        "zh": "作为{year}年的参考指标试用（VALIDATION.md 修订A8，事后增加）：以{calibration_year}年"
              "官方数字按上述统计的日均人数换算，全国约{value}人。这不是本报告的估计，也从不计入"
              "任何总数。"},
    "listed_unscored": {
        "en": "Not scored: there is no official national figure for {year} yet.",
        "zh": "尚未评分：{year}年的全国官方数字尚未公布。"},
    "listed_scored": {
        "en": "Scored against the official {year} figure ({truth}): absolute log1p error {error}.",
        "zh": "已与{year}年官方数字（{truth}人）比较：log1p绝对误差{error}。"},
    "listed_untested": {
        "en": "{calibration_year} is the only earlier year with both a tally in persons and an "
              "official national figure, so the indicator has no year to be tested on.",
        "zh": "{calibration_year}年是此前唯一同时有按人数统计和全国官方数字的年份，因此该指标没有"
              "可供检验的年份。"},
    "missing": {"en": "{n} missing", "zh": "缺失{n}项"},
    # the registries' sections (templates/registries.html.j2)
    "reg_cooperation": {"en": "Cooperation: agreements and correspondence",
                        "zh": "合作：协议与往来函件"},
    "reg_cooperation_intro": {
        "en": "Instruments found between Chinese supervision bodies and other states' bodies "
              "or UN offices, and the claims of agreements as reported, each linked to the "
              "instrument actually found. The Chinese signatory, the counterparty and the "
              "status are recorded as the sources give them; empty where no source says.",
        "zh": "已找到的中国监察机关与他国机构或联合国机构之间的文书，以及所报道的协议声称，每项声称"
              "均链接到实际找到的文书。中方签署机构、对方机构和状态按来源所载记录；来源未载者留空。"},
    "reg_id": {"en": "Id", "zh": "编号"},
    "reg_record": {"en": "Record", "zh": "记录"},
    "reg_type": {"en": "Type", "zh": "类型"},
    "reg_chinese_party": {"en": "Chinese party", "zh": "中方"},
    "reg_counterparty": {"en": "Counterparty", "zh": "对方"},
    "reg_date": {"en": "Date", "zh": "日期"},
    "reg_status": {"en": "Status", "zh": "状态"},
    "reg_text_not_public": {"en": "text not public", "zh": "文本未公开"},
    "reg_correspondence": {"en": "Correspondence", "zh": "往来函件"},
    "reg_correspondence_intro": {
        "en": "Whether a letter was answered is computed from the replies recorded; days "
              "without reply are counted to {as_of}. Where sources disagree on a date, each "
              "source's date is given.",
        "zh": "函件是否获得答复，依据已记录的回复计算；未获答复的天数计至{as_of}。来源所载日期不一"
              "时，分别列出各来源的日期。"},
    "reg_from": {"en": "From", "zh": "发件方"},
    "reg_to": {"en": "To", "zh": "收件方"},
    "reg_subject": {"en": "Subject", "zh": "事由"},
    "reg_reply": {"en": "Reply", "zh": "答复"},
    "reg_not_given": {"en": "not given", "zh": "未载明"},
    "reg_not_named": {"en": "not named", "zh": "未具名"},
    "reg_disagree": {"en": "sources disagree", "zh": "来源不一致"},
    "reg_unanswered": {"en": "unanswered", "zh": "未获答复"},
    "reg_days": {"en": "days", "zh": "天"},
    "reg_answered": {"en": "answered", "zh": "已答复"},
    "reg_reply_to": {"en": "reply to", "zh": "答复"},
    "reg_no_reply_expected": {"en": "no reply expected", "zh": "无需答复"},
    "reg_timeline": {"en": "Timeline", "zh": "时间线"},
    "reg_timeline_intro": {
        "en": "Liuzhi counts and the facility tally beside the agreements, correspondence, "
              "public cases and facilities, in date order. Partial dates stay partial "
              "(2019-10 is a month). {undated} undated record(s) are not placed.",
        "zh": "留置人数与留置场所统计，连同协议、往来函件、公开案例和场所，按日期排列。不完整的日期"
              "保持原样（2019-10表示一个月份）。{undated}条无日期记录未列入。"},
    "reg_until": {"en": "To", "zh": "至"},
    "reg_kind": {"en": "Kind", "zh": "类别"},
    "reg_what": {"en": "What", "zh": "内容"},
    "reg_notes": {"en": "Notes", "zh": "备注"},
    "reg_sources": {"en": "Sources of the cooperation and timeline sections",
                    "zh": "合作与时间线部分的来源"},
    "period": {"en": "Period", "zh": "时段"},
    "tallied_by": {"en": "Tallied by", "zh": "统计者"},
    "at_least": {"en": "at least {value}", "zh": "至少{value}人"},
    "methods_compared": {"en": "Methods compared", "zh": "方法比较"},
    "ps_intro": {
        "en": "{name}: each regional count ÷ the region's share of the population ÷ the "
              "days on which liuzhi could exist there; the median of the regional rates, "
              "and their lowest and highest as the range. Regional rates used:",
        "zh": "{name}：各地区留置人数 ÷ 该地区人口占比 ÷ 当地可能存在留置的天数；取各地区比率的"
              "中位数，并以最低、最高值为范围。所用地区比率："},
    "figure": {"en": "Figure", "zh": "数字"},
    "region": {"en": "Region", "zh": "地区"},
    "count": {"en": "count", "zh": "人数"},
    "population_2020": {"en": "population 2020", "zh": "2020年人口"},
    "national_rate": {"en": "national rate per day", "zh": "折算全国日均"},
    "ps_inputs": {
        "en": "Inputs: every official count in persons for a province, a city or a group of "
              "provinces that is not a subset. Two figures that overlap in region and period "
              "are not independent regions: the one for the larger region is kept.",
        "zh": "输入：所有以人数计、非子集的省级、市级或省份组合的官方数字。地域与时段重叠的两个数字"
              "并非相互独立的地区：保留地域较大者。"},
    "ps_dropped": {
        "en": "Left out: {id}, {region}: it lies within {within} ({within_id}) in an "
              "overlapping period, so it is not an independent region.",
        "zh": "未采用：{id}（{region}）：其地域位于{within}（{within_id}）之内且时段重叠，"
              "不是独立地区。"},
    "ps_population": {
        "en": "Population shares use the sum of the 31 provinces' 2020 census populations "
              "(the national census total also counts 2,000,000 active military who belong "
              "to no province); a group of provinces uses its members' census figures. "
              "Median {median} a day, range {low}–{high}.",
        "zh": "人口占比以31个省级单位2020年人口普查数之和为分母（全国总数另含不属于任何省份的"
              "2,000,000名现役军人）；省份组合使用其各成员省份的普查数。中位数日均{median}人，范围"
              "{low}–{high}。"},
    "cr_intro": {
        "en": "{name}: liuzhi ÷ cases filed wherever both are known, pooled (Σ liuzhi ÷ Σ "
              "cases filed), × national cases filed each year. Ratios learned:",
        "zh": "{name}：在同时已知留置人数和立案数的地区与时段，合并计算比例（留置总数 ÷ 立案总数），"
              "再乘以每年全国立案数。所学得的比例："},
    "liuzhi_figure": {"en": "Liuzhi figure", "zh": "留置数字"},
    "cases_figure": {"en": "Cases filed figure", "zh": "立案数字"},
    "cases_same_days": {"en": "cases filed (same days)", "zh": "立案数（同期）"},
    "ratio": {"en": "ratio", "zh": "比例"},
    "weight": {"en": "weight in the pooled ratio", "zh": "在合并比例中的权重"},
    "cr_range": {
        "en": "Pooled ratio {point}; range {low}–{high}. The range runs from the lowest to "
              "the highest ratio observed, so one small place can set an end: the low end is "
              "{low_region} ({low_weight} of the pooled cases filed), {low_share} of the "
              "point. It shows how much the ratio has varied where it is known, not a "
              "probability.",
        "zh": "合并比例{point}；范围{low}–{high}。范围取观测到的最低至最高比例，因此一个小地方即可"
              "决定一端：下限来自{low_region}（占合并立案数的{low_weight}），为点估计的{low_share}。"
              "它显示的是比例在已知地区之间的差异，而非概率。"},
    "in_sample": {
        "en": "this year's official figure is one of the ratios the method learned, so the "
              "estimate reproduces it rather than predicting it",
        "zh": "该年官方数字本身就是该方法所学比例之一，因此估计值是复现而非预测"},
    "in_sample_short": {"en": "in-sample", "zh": "样本内"},
    "projected": {"en": "Projected years:", "zh": "按比例推算的年份："},
    "loo": {"en": "Leave-one-out check", "zh": "留一检验"},
    "loo_intro": {
        "en": "Each official national figure is withheld in turn (with every other report of "
              "the same figure), the methods are fitted on the rest, and the withheld year is "
              "predicted.",
        "zh": "依次隐去每个官方全国数字（连同同一数字的其他报道），用其余数据拟合各方法，再预测被隐去的年份。"},
    "held_out": {"en": "Held out", "zh": "隐去"},
    "prediction": {"en": "prediction (range)", "zh": "预测（范围）"},
    "error": {"en": "error", "zh": "误差"},
    "within_range": {"en": "official within range", "zh": "官方数在范围内"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "ladder": {"en": "The estimator ladder", "zh": "估计方法阶梯"},
    "ladder_intro": {
        "en": "Four methods, simplest first. The population share and case ratio methods "
              "give ranges; the mixed model and the Bayesian model give probability intervals "
              "(median with its 90% interval, and the 50% and 80% intervals). A year with an "
              "official national figure is shown as that official figure: the two models are "
              "fitted to it and return it within its rounding, so it is not their estimate. "
              "The two models leave out the 2017 pilot figures (VALIDATION.md §2).",
        "zh": "四种方法，由简至繁。人口比例法与立案比例法给出范围；混合效应模型与贝叶斯模型给出概率"
              "区间（中位数及其90%区间，另列50%和80%区间）。有官方全国数字的年份显示为该官方数字："
              "两个模型以其为拟合依据，在其取整范围内复现它，因此这不是模型的估计。两个模型不使用"
              "2017年试点数字（VALIDATION.md 第2节）。"},
    "not_shown": {"en": "{name} is not shown: {why}", "zh": "{name}未显示：{why}"},
    "untested": {
        "en": "{name} could not be backtested on any real split: with a national figure "
              "withheld too few figures remain to fit it. Its probability intervals are what "
              "the model implies, untested against any withheld figure.",
        "zh": "{name}无法在任何真实数据划分上回测：隐去一个全国数字后，剩余数字太少，无法拟合。其概率"
              "区间仅为模型推导的结果，未经任何隐去数字的检验。"},
    "exposure_used": {
        "en": "{name} uses the exposure {exposure}: {why}.",
        "zh": "{name}采用的暴露量为{exposure}：{why}。"},
    "exposure_default": {
        "en": "the default, as no validation was run", "zh": "未运行验证，采用默认值"},
    "exposure_chosen": {
        "en": "the one the validation chose ({rule})", "zh": "即验证所选定者（{rule}）"},
    "convergence": {"en": "Convergence: {what}{again}.", "zh": "收敛诊断：{what}{again}。"},
    "second_try": {"en": ", on the registered second try", "zh": "（经登记的第二次抽样）"},
    "held": {
        "en": "People held on an average day (an assumption, not an estimate: placements per "
              "day × an assumed mean stay). With 43 days, the one published mean stay "
              "(Hangzhou 2017), in {year}: {value}. With 183 days, the legal maximum of six "
              "months (three, extended once by three) that governed placements until 31 May "
              "2025, in {old_year}, the last whole year under it: {old_value}. From 1 June "
              "2025 the revised Supervision Law allows up to 8 months (16 with one reset), so "
              "no maximum scenario is given for {year}.",
        "zh": "平均每日在押人数（假设而非估计：日均留置人数 × 假定的平均留置时长）。按唯一公开的平均"
              "时长43天（杭州2017年）计，{year}年：{value}。按183天，即2025年5月31日前适用的法定上限"
              "六个月（三个月，可延长一次三个月）计，{old_year}年（该规定适用的最后完整年度）："
              "{old_value}。自2025年6月1日起，修改后的《监察法》允许最长8个月（重新计算一次后最长16个月），"
              "因此{year}年不给出上限情景。"},
    "validation": {"en": "Validation", "zh": "验证"},
    "validation_intro": {
        "en": "Protocol registered in VALIDATION.md before the national backtest was run: "
              "each official national figure withheld in turn and predicted; "
              "leave-one-year-out and leave-one-province-out on the ledger; the same on "
              "simulated panels with known truth. CRPS on the log1p scale (lower is better); "
              "coverage of the 50% and 90% intervals; interval score of the 90% interval ÷ "
              "truth; skill = 1 − CRPS ÷ CRPS of population share, with a 90% bootstrap "
              "interval.",
        "zh": "在全国回测前于VALIDATION.md中登记的协议：依次隐去并预测每个官方全国数字；在数据库上做"
              "逐年留出和逐省留出；在已知真值的模拟数据上做同样检验。CRPS取log1p尺度（越低越好）；"
              "50%和90%区间覆盖率；90%区间评分 ÷ 真值；技巧分 = 1 − CRPS ÷ 人口比例法的CRPS，附90%"
              "自助法区间。"},
    "data": {"en": "Data", "zh": "数据"},
    "split": {"en": "Split", "zh": "划分"},
    "bar": {"en": "Acceptance bar (VALIDATION.md §6)", "zh": "验收标准（VALIDATION.md 第6节）"},
    "meets": {"en": "Meets it", "zh": "是否达标"},
    "pass": {"en": "pass", "zh": "通过"},
    "fail": {"en": "fail", "zh": "未通过"},
    "run_time": {"en": "Validation run time {seconds} s.", "zh": "验证运行时间{seconds}秒。"},
    "post_hoc": {
        "en": "Changed after VALIDATION.md was first committed (post hoc), each an "
              "amendment in its “Amendments” section, with the results it touched:",
        "zh": "VALIDATION.md首次提交后的改动（事后修改），均列于其“Amendments”一节，并注明所影响的结果："},
    "sensitivity": {"en": "Sensitivity", "zh": "敏感性分析"},
    "sensitivity_intro": {
        "en": "The Bayesian model with its selection term δ (how far unpublished "
              "province-years differ from published ones) fixed at −0.3, 0 and +0.3 or left "
              "free, and with each exposure.",
        "zh": "贝叶斯模型的选择项δ（未公布的省份年度与已公布者相差多少）固定为−0.3、0、+0.3或自由估计，"
              "以及采用各暴露量时的结果。"},
    "exposure": {"en": "Exposure", "zh": "暴露量"},
    "interval90": {"en": "estimate (90% interval)", "zh": "估计（90%区间）"},
    "sources": {"en": "Sources", "zh": "来源"},
    "sources_intro": {
        "en": "Each footnote is one figure in the ledger, with the body that issued that "
              "figure and the page it was taken from. “Secondary” marks a page that reports "
              "another body's figure (an NGO or newspaper quoting the CCDI).",
        "zh": "每条脚注对应数据库中的一个数字，注明发布该数字的机构及其出处页面。“转引”表示该页面转述"
              "其他机构的数字（如非政府组织或报纸引用中央纪委国家监委）。"},
    "issued_by": {"en": "Issued by {issuer}; published by {publisher}",
                  "zh": "发布机构：{issuer}；刊载：{publisher}"},
    "secondary": {"en": "secondary", "zh": "转引"},
    "scope": {"en": "Scope", "zh": "范围"},
    "date_not_given": {"en": "date not given", "zh": "日期不详"},
    "official_within_rounding": {"en": "official figure", "zh": "官方数字"},
    "crps_log": {"en": "CRPS (log)", "zh": "CRPS（log1p尺度）"},
    "is90_truth": {"en": "IS90 ÷ truth", "zh": "IS90 ÷ 真值"},
    "skill": {"en": "skill", "zh": "技巧分"},
    "amendment": {"en": "{key} ({date}): {what} Touched: {touched}",
                  "zh": "{key}（{date}）。修订原文（英文）：{what} 所影响的结果（英文）：{touched}"},
    "amendments_quoted": {
        "en": "The amendments are quoted from VALIDATION.md.",
        "zh": "以下修订内容引自VALIDATION.md，保留英文原文。"},
    "english_original": {"en": "{text}", "zh": "（英文原文）{text}"},
    "sensitivity_failed": {
        "en": "{note}",
        "zh": "该拟合未能发布（未通过收敛检验或无法拟合）。英文原文：{note}"},
    "sentence_end": {"en": ". ", "zh": "。"},
    "full_stop": {"en": ".", "zh": "。"},
    "colon": {"en": ": ", "zh": "："},
    "ledger_head": {"en": "Ledger head", "zh": "数据库签名头"},
    "ledger_head_text": {
        "en": "This report was made from a ledger whose audit log held {size} events, Merkle "
              "tree root <code>{root}</code> (RFC 6962, SHA-256), signed {timestamp} with the "
              "Ed25519 public key <code>{public_key}</code>. Anyone holding that ledger can prove it "
              "still contains this history: <code>liuzhi verify --against report.html</code>.",
        "zh": "本报告依据的数据库审计日志共有{size}条事件，Merkle树根为<code>{root}</code>"
              "（RFC 6962，SHA-256），于{timestamp}以Ed25519公钥<code>{public_key}</code>签名。持有该数据库者"
              "均可证明其仍包含这段历史：<code>liuzhi verify --against report.zh.html</code>。"},
}


#: Sentences the library composes from parameters (``Words.phrase``): the estimators'
#: bases, convergence diagnostics, the exposure rule, the acceptance bar's details and the
#: timeline's events. The English is the library's own sentence, word for word (a test
#: renders both and compares), so the English report does not change.
PHRASES: dict[str, dict[str, str]] = {
    # what each rung's yearly number rests on (YearEstimate.phrase)
    "basis_population_share": {
        "en": "median of {n} regional rates per day ({ids}), range min–max, × days in scope",
        "zh": "{n}个地区日均比率（{ids}）的中位数，范围取最低至最高值，× 可能存在留置的天数"},
    "basis_case_ratio": {
        "en": "ratio {point} (range {low}–{high}) × {exposure}",
        "zh": "比例{point}（范围{low}–{high}）× {exposure}"},
    "exposure_national_cases": {
        "en": "{year} national cases filed ({id})",
        "zh": "{year}年全国立案数（{id}）"},
    "exposure_national_cases_projected": {
        "en": "{year} national cases filed, projected pro rata from {months} ({id})",
        "zh": "{year}年全国立案数，按{months}的数字按比例推算全年（{id}）"},
    "basis_mixed_model": {
        "en": "mixed model on {cells} log rates (σ_region {sigma_region}, σ_year {sigma_year}, "
              "σ_cell {sigma_cell}), {how}, × {year} national {exposure}{projected}; "
              "4,000-draw simulation",
        "zh": "基于{cells}个对数比率的混合效应模型（σ_地区 {sigma_region}，σ_年份 {sigma_year}，"
              "σ_单元 {sigma_cell}），{how}，× {year}年全国{exposure}{projected}；4,000次模拟"},
    "how_national": {"en": "national region effect", "zh": "全国地区效应"},
    "how_sum": {"en": "sum of the 31 provinces", "zh": "31个省级单位之和"},
    "projected_pro_rata": {"en": " (national exposure projected pro rata)",
                           "zh": "（全国暴露量按比例推算）"},
    "projected_part": {"en": " (national exposure projected from part of the year)",
                       "zh": "（全国暴露量由部分年份的数字推算）"},
    "basis_bayes_anchor": {
        "en": "official national figure {id}, within its rounding",
        "zh": "官方全国数字{id}，在其取整范围内"},
    "basis_bayes": {
        "en": "posterior predictive sum of 31 provinces and the central level; exposure "
              "{exposure}{projected}; {provincial} provincial figures, {anchors} national "
              "anchors; {draws} draws",
        "zh": "31个省级单位与中央一级的后验预测之和；暴露量{exposure}{projected}；{provincial}个"
              "省级数字，{anchors}个全国锚定数字；{draws}次抽样"},
    # the acceptance bar's details (validation.json "checks" → "phrase")
    "check_baseline": {"en": "the baseline", "zh": "基准方法本身"},
    "check_no_synthetic": {"en": "no synthetic scores", "zh": "无模拟数据评分"},
    "check_skill": {"en": "skill {skill} [{low}, {high}]", "zh": "技巧分{skill} [{low}, {high}]"},
    "check_coverage": {"en": "coverage 90% {c90}, 50% {c50}",
                       "zh": "90%区间覆盖率{c90}，50%区间覆盖率{c50}"},
    "check_b3_none": {"en": "{year}: no prediction", "zh": "{year}年：无预测"},
    "check_b3": {
        "en": "{year}: in 80% {inside}, PIT {pit}, {narrow} rung 0's range",
        "zh": "{year}年：在80%区间内：{inside}，PIT {pit}，{narrow}第0级（人口比例法）的范围"},
    "check_list": {"en": "{items}", "zh": "{items}"},
    "check_b4_none": {"en": "no prediction", "zh": "无预测"},
    "check_b4": {
        "en": "in 90% {inside}, CRPS {crps} vs {carry} carrying the 2023 ratio forward "
              "({carried})",
        "zh": "在90%区间内：{inside}，CRPS {crps}，沿用2023年比例（{carried}）为{carry}"},
    # the exposure rule (VALIDATION.md A4, A5: validation.choose_exposure)
    "exposure_held": {"en": "held-out targets scored: LOYO {loyo}, LOPO {lopo}",
                      "zh": "已评分的留出目标：逐年留出（LOYO）{loyo}个，逐省留出（LOPO）{lopo}个"},
    "exposure_rule_default": {
        "en": "cases filed, the default: no other exposure beats it and every other exposure "
              "in both LOYO and LOPO on at least {min_targets} held-out targets by the margin "
              "(A5; {held})",
        "zh": "立案数，即默认值：没有其他暴露量在逐年留出（LOYO）和逐省留出（LOPO）中都以至少"
              "{min_targets}个留出目标、超过规定差额胜过它和其他所有暴露量（修订A5；{held}）"},
    "exposure_rule_beats": {
        "en": "{exposure} beats every other exposure in LOYO and LOPO (A5; {held}): {why}",
        "zh": "{exposure}在逐年留出（LOYO）和逐省留出（LOPO）中胜过其他所有暴露量（修订A5；{held}）："
              "{why}"},
    "exposure_against": {"en": "{split} against {rival}: {detail}",
                         "zh": "{split}中对{rival}：{detail}"},
    "exposure_too_few": {
        "en": "{n} common held-out target{plural} (at least {min_targets} needed)",
        "zh": "共同留出目标{n}个（至少需要{min_targets}个）"},
    "exposure_margin": {
        "en": "{n} targets, mean {mean} lower against a margin of {margin}",
        "zh": "{n}个目标，平均低{mean}，规定差额为{margin}"},
    # rung 3's convergence diagnostics (bayes.Convergence)
    "convergence_detail": {
        "en": "R-hat {rhat} (≤ {max_rhat}), bulk ESS {ess} (≥ {min_ess}), {divergences} "
              "divergent transitions ({allowed} allowed)",
        "zh": "R-hat {rhat}（≤ {max_rhat}），有效样本量（bulk ESS）{ess}（≥ {min_ess}），"
              "发散转移{divergences}次（允许{allowed}次）"},
    # the timeline's events (registries.timeline.Event.phrase and .mark_phrases)
    "ev_figure": {"en": "{measure}, {region}: {value} {unit} ({qualifier})",
                  "zh": "{measure}，{region}：{value}{unit}（{qualifier}）"},
    "ev_claim": {"en": "claim reported: {a} has an agreement with {b}",
                 "zh": "所报道的声称：{a}与{b}订有协议"},
    "ev_instrument": {"en": "{instrument_type}: {a} – {b}",
                      "zh": "{instrument_type}：{a} – {b}"},
    "ev_communication": {"en": "{a} → {b}: {subject}", "zh": "{a} → {b}：{subject}"},
    "ev_taken": {"en": "placed in liuzhi: {who}", "zh": "被留置：{who}"},
    "ev_released": {"en": "released: {who}", "zh": "解除留置：{who}"},
    "ev_outcome": {"en": "{outcome}: {who}", "zh": "{outcome}：{who}"},
    "ev_facility": {"en": "facility: {name} ({place_code})",
                    "zh": "留置场所：{name}（{place_code}）"},
    "mark_status": {"en": "status {status}", "zh": "状态：{status}"},
    "mark_text_not_public": {"en": "text not public", "zh": "文本未公开"},
    "mark_found": {"en": "instrument found: {id}", "zh": "已找到的文书：{id}"},
    "mark_dates": {"en": "sources disagree on the date: {dates}",
                   "zh": "来源所载日期不一：{dates}"},
    "mark_unanswered_unknown": {"en": "UNANSWERED (date unknown)",
                                "zh": "未获答复（日期不详）"},
    "mark_unanswered": {"en": "UNANSWERED: {days} days without reply",
                        "zh": "未获答复：{days}天无答复"},
    "mark_answered": {"en": "answered by {ids}", "zh": "已获答复（{ids}）"},
    "mark_reply_to": {"en": "reply to {id}", "zh": "答复{id}"},
    "mark_private": {"en": "PRIVATE", "zh": "非公开"},
    "mark_facility_status": {"en": "{facility_status}", "zh": "{facility_status}"},
    "mark_confidence": {"en": "confidence {confidence}", "zh": "可信度：{confidence}"},
}

#: Chinese words for the enumerated values the ledger and registries store (the English
#: report shows the code with spaces for underscores, as before).
TERMS_ZH: dict[str, dict[str, str]] = {
    "record": {"instrument": "文书", "claim": "声称"},
    "instrument_type": {
        "memorandum_of_understanding": "谅解备忘录", "memorandum_of_cooperation": "合作备忘录",
        "cooperation_agreement": "合作协议", "extradition_treaty": "引渡条约",
        "judicial_assistance_treaty": "司法协助条约", "declaration": "合作宣言",
        "intent_to_sign": "签署意向", "talks": "会谈", "draft": "草案",
        "unspecified": "未具体说明"},
    "status": {"signed": "已签署", "not_renewed": "不再续签", "intent_only": "仅有意向",
               "talks_only": "仅有会谈", "draft": "起草中", "claimed": "仅为声称"},
    "outcome": {"released": "解除留置", "measure_changed": "解除留置并变更为其他措施",
                "transferred_for_prosecution": "移送审查起诉", "sentenced": "被判刑",
                "died_in_custody": "留置期间死亡", "died_after_release": "解除留置后死亡"},
    "facility_status": {"planned": "规划或已列预算", "under_construction": "在建或改建中",
                        "in_use": "使用中"},
    "confidence": {"high": "高", "medium": "中", "low": "低"},
    "timeline_kind": {"figures": "数字", "agreements": "协议", "communications": "往来函件",
                      "cases": "案例", "facilities": "留置场所"},
    "data": {"real": "真实数据", "synthetic-mcar": "模拟数据（随机缺失）",
             "synthetic-informative": "模拟数据（信息性缺失）",
             "synthetic-informative-anchored": "模拟数据（信息性缺失，有全国锚定）"},
    "split": {"backtest": "全国回测", "loyo": "逐年留出", "lopo": "逐省留出", "national": "全国",
              "LOYO": "逐年留出（LOYO）", "LOPO": "逐省留出（LOPO）"},
    "unit": UNIT_ZH,
    "qualifier": QUALIFIER_ZH,
    "yes_no": {"yes": "是", "no": "否"},
    "narrow": {"beats": "优于", "does not beat": "不优于"},
    "delta": {"free": "自由估计"},
    "months": {"Jan": "1月", "Feb": "2月", "Mar": "3月", "Apr": "4月", "May": "5月",
               "Jun": "6月", "Jul": "7月", "Aug": "8月", "Sep": "9月", "Oct": "10月",
               "Nov": "11月", "Dec": "12月"},
}

#: Parameters of a phrase that are codes: rendered through TERMS_ZH (or the ledger's
#: vocabulary) in Chinese, with underscores as spaces in English.
_CODE_PARAMS = ("record", "instrument_type", "status", "outcome", "facility_status",
                "confidence", "data", "split")


def _check() -> None:
    for table in (METHOD_NAMES, EXPOSURE_NAMES, CRITERIA, TEXT, PHRASES):
        for key, entry in table.items():
            missing = [lang for lang in LANGUAGES if not entry.get(lang)]
            if missing:
                raise KeyError(f"words: {key!r} has no text for {', '.join(missing)}")


_check()


#: Codes shown with spaces for underscores in English (the timeline's own rendering).
_EN_SPACED = ("instrument_type", "status", "outcome", "facility_status", "unit", "qualifier")


def _is_phrase(value: Any) -> bool:
    """A ``(key, parameters)`` pair (a list once read back from JSON)."""
    return (isinstance(value, (list, tuple)) and len(value) == 2
            and isinstance(value[0], str) and value[0] in PHRASES and isinstance(value[1], dict))


def _vocabulary_measure(code: str) -> str:
    from liuzhi import vocabulary

    return vocabulary.MEASURES.get(code, code)


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


class Words:
    """The words of one language, for templates: ``t("key", value=...)``."""

    def __init__(self, lang: str) -> None:
        if not isinstance(lang, str) or lang not in LANGUAGES:
            from liuzhi.errors import PublishError

            shown = repr(lang)[:40] if isinstance(lang, str) else type(lang).__name__
            raise PublishError(f"The report has no language {shown}; use one of "
                               f"{', '.join(LANGUAGES)} (--lang en or --lang zh).")
        self.lang = lang

    def __call__(self, key: str, /, **values: Any) -> str:
        return TEXT[key][self.lang].format(**values)

    def method(self, name: str) -> str:
        base = name.split("[")[0]
        return METHOD_NAMES[base][self.lang] if base in METHOD_NAMES else name

    def exposure(self, name: str) -> str:
        return EXPOSURE_NAMES.get(name, {}).get(self.lang, name)

    def date(self, day: Any) -> str:
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"

    def window(self, since: Any, until: Any) -> str:
        joiner = "至" if self.lang == "zh" else " – "
        return f"{self.date(since)}{joiner}{self.date(until)}"

    def term(self, group: str, code: Any) -> str:
        """An enumerated value (a record type, status, kind...) in words: the Chinese label,
        or in English the code with spaces, as the report always showed it."""
        code = "" if code is None else str(code)
        if self.lang == "en":
            return code.replace("_", " ")
        return TERMS_ZH.get(group, {}).get(code, code)

    def phrase(self, phrase: Any) -> str:
        """A sentence the library composed as ``(key, parameters)`` (``PHRASES``), in this
        language. Parameters that are codes become words; a parameter that is itself a
        phrase, or a list of them, is rendered first; ``NAME_zh`` replaces ``NAME`` in
        Chinese (a party's Chinese name, when the ledger has one)."""
        if not phrase:
            return ""
        key, params = phrase
        values = dict(params)
        zh = self.lang == "zh"
        out: dict[str, Any] = {}
        for name, value in values.items():
            if name.endswith("_zh"):
                continue
            if zh and values.get(f"{name}_zh"):
                value = values[f"{name}_zh"]
            if _is_phrase(value):
                value = self.phrase(value)
            elif isinstance(value, (list, tuple)):
                value = ("；" if zh else "; ").join(self.phrase(v) for v in value)
            elif name in _CODE_PARAMS or name in _EN_SPACED:
                value = (self.term(name, value) if zh
                         else str(value).replace("_", " ") if name in _EN_SPACED else value)
            elif name == "measure":
                value = (MEASURE_ZH.get(value, value) if zh
                         else _vocabulary_measure(str(value)))
            elif zh and name == "region":
                value = self.region(str(value))
            elif zh and name in ("exposure", "rival"):
                value = self.exposure(str(value))
            elif zh and name in ("inside", "narrow", "delta"):
                value = TERMS_ZH["yes_no" if name == "inside" else name].get(value, value)
            elif zh and name == "months":
                for abbr, month in TERMS_ZH["months"].items():
                    value = str(value).replace(abbr, month)
                value = str(value).replace("–", "至")
            out[name] = value
        return PHRASES[key][self.lang].format(**out)

    def stored(self, phrase: Any, english: Any) -> str:
        """A sentence a stored result (validation.json) carries: from its key and
        parameters when it has them, else its English text, marked as such in Chinese."""
        if phrase and _is_phrase(phrase):
            return self.phrase(phrase)
        return self("english_original", text=english) if english else ""

    def name(self, english: str, chinese: str = "") -> str:
        """A party's name: its Chinese name in the Chinese report where the registry has
        one, else the English name as the source gives it."""
        if self.lang == "en":
            return english
        return chinese or (self("reg_not_named") if english in ("", "not named") else english)

    def event_title(self, event: dict[str, Any]) -> str:
        """A timeline event's title: the English as built, or its phrase in Chinese."""
        if self.lang == "en" or not event.get("phrase"):
            return str(event["title"])
        return self.phrase(event["phrase"])

    def event_marks(self, event: dict[str, Any]) -> str:
        if self.lang == "en" or len(event.get("mark_phrases") or ()) != len(event["marks"]):
            return "; ".join(event["marks"])
        return "；".join(self.phrase(p) for p in event["mark_phrases"])

    def criterion(self, key: str) -> str:
        return CRITERIA.get(key, {}).get(self.lang, key)

    def region(self, name: str) -> str:
        """A region's name in this language (the English name or code is looked up; a
        name the region table does not know stays as it is)."""
        if self.lang == "en":
            return name
        from liuzhi.errors import UnknownRegion
        from liuzhi.regions import lookup

        try:
            return lookup(name).name_zh
        except UnknownRegion:
            return name
