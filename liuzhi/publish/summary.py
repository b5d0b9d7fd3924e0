"""The report's first paragraph, in plain words, generated from the results.

It says what officials released, where the methods agree and where they disagree, how the
2021 NGO figures ("16 to 76 a day", "at least 28,983") compare, and why there is or is not
a headline. Every number in it comes from the same results the tables show.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from liuzhi.estimate import calendar
from liuzhi.publish.results import Results
from liuzhi.publish.words import Words
from liuzhi.regions import NATIONAL


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _seed_range(table: pd.DataFrame) -> tuple[float, float] | None:
    """The NGO's per-day range (the 2019/2021 'minimum average of 16 to 76')."""
    rows = table[(table["kind"] == "ngo_estimate") & (table["measure"] == "liuzhi")
                 & (table["region_code"] == NATIONAL) & (table["unit"] == "persons_per_day")
                 & table["value_high"].notna()]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return float(row["value"]), float(row["value_high"])


def paragraph(results: Results, t: Words) -> list[str]:
    """The sentences of the first paragraph, in ``t``'s language."""
    zh = t.lang == "zh"
    out: list[str] = []
    official = results.official
    methods = results.ladder.methods if results.ladder else results.methods
    if official:
        parts = [(o.year, o.value, o.value / calendar.days(*calendar.year_bounds(o.year)))
                 for o in official]
        if zh:
            listed = "，".join(f"{y}年{_n(v)}人（日均约{d:.0f}人）" for y, v, d in parts)
            out.append(f"官方只公布了{len(parts)}个全国留置总数：{listed}。其余年份只有估计。")
        else:
            listed = " and ".join(f"{_n(v)} in {y} (about {d:.0f} a day)" for y, v, d in parts)
            out.append(f"Officials have released {len(parts)} national liuzhi totals: {listed}. "
                       "For every other year there are only estimates.")
    latest = results.years[-1]
    points = {name: m.year(latest).count.point for name, m in methods.items()}
    if len(points) > 1:
        ordered = sorted(points.items(), key=lambda item: item[1])
        low_name, low = ordered[0]
        rest = [v for _, v in ordered[1:]]
        close = [n for n, v in ordered[1:] if max(rest) <= 1.15 * min(rest)]
        if len(close) == len(rest) and low < 0.5 * min(rest):
            per_day = [v / calendar.days_in_scope(latest) for v in rest]
            if zh:
                out.append(f"对{latest}年，除{t.method(low_name)}外的{len(rest)}种方法结果接近："
                           f"{_n(min(rest))}至{_n(max(rest))}人（日均{min(per_day):.0f}至"
                           f"{max(per_day):.0f}人）；{t.method(low_name)}只给出{_n(low)}人，"
                           "低于官方公布的每一个全国数字，因为它只依据2017–2018年的两个地区数字。")
            else:
                out.append(f"For {latest}, {len(rest)} of the {len(points)} methods agree "
                           f"closely: {_n(min(rest))} to {_n(max(rest))} placements "
                           f"({min(per_day):.0f} to {max(per_day):.0f} a day). "
                           f"{t.method(low_name)} gives {_n(low)}, below every official "
                           "national figure, because it rests on two regional counts from "
                           "2017–2018.")
        else:
            if zh:
                out.append(f"对{latest}年，各方法的点估计从{_n(ordered[0][1])}到"
                           f"{_n(ordered[-1][1])}人不等。")
            else:
                out.append(f"For {latest}, the methods' central estimates range from "
                           f"{_n(ordered[0][1])} to {_n(ordered[-1][1])}.")
    out += _seed_sentences(results, t)
    out.append(_headline_sentence(results, t))
    return out


def _seed_sentences(results: Results, t: Words) -> list[str]:
    zh = t.lang == "zh"
    out = []
    seed = _seed_range(results.table)
    official = results.official
    if seed and official:
        per_day = [o.value / calendar.days(*calendar.year_bounds(o.year)) for o in official]
        if zh:
            out.append(f"非政府组织保护卫士（Safeguard Defenders）2019年和2021年估计“每天至少平均"
                       f"{seed[0]:.0f}至{seed[1]:.0f}人”被留置；官方后来公布的数字合日均"
                       f"{min(per_day):.0f}至{max(per_day):.0f}人，接近或高于该范围的上限。")
        else:
            out.append(f"Safeguard Defenders, an NGO, estimated in 2019 and 2021 that “a minimum "
                       f"average of {seed[0]:.0f} to {seed[1]:.0f}” people a day were placed in "
                       f"liuzhi; the official figures released since come to "
                       f"{min(per_day):.0f} to {max(per_day):.0f} a day, near or above the top "
                       "of that range.")
    for label, cumulative, refs in results.windows:
        for ref in refs:
            if ref.qualifier != "at_least":
                continue
            values = sorted(c.count.point for c in cumulative.values())
            first = next(iter(cumulative.values()))
            label = t.window(first.since, first.until)
            if zh:
                out.append(f"该组织对{label}给出“至少{_n(ref.value)}人”；本报告各方法对同一时段给出"
                           f"{_n(values[0])}至{_n(values[-1])}人。")
            else:
                out.append(f"Its “at least {_n(ref.value)}” for {label} compares with "
                           f"{_n(values[0])} to {_n(values[-1])} from the methods here for the "
                           "same window.")
            return out
    return out


def _failed(verdict: dict[str, Any], t: Words) -> str:
    failed = [t.criterion(k) for k, c in verdict["checks"].items() if not c["ok"]]
    return ("、" if t.lang == "zh" else "; ").join(failed)


def _headline_sentence(results: Results, t: Words) -> str:
    zh = t.lang == "zh"
    ladder = results.ladder
    if ladder is None or not ladder.validation:
        return t("headline_unvalidated")
    if ladder.headline:
        return t("headline_yes", name=t.method(ladder.headline))
    verdicts = ladder.validation["verdicts"]
    failures = [(rung, _failed(verdict, t)) for rung, verdict in verdicts.items()
                if rung != "population_share" and _failed(verdict, t)]
    if zh:
        listed = "；".join(f"{t.method(rung)}未通过：{why}" for rung, why in failures)
        return f"没有任何方法通过全部预先登记的检验，因此本报告不给出单一主要数字。{listed}。"
    listed = "; ".join(f"the {t.method(rung)} failed: {why}" for rung, why in failures)
    return (f"No method passed every test registered in advance, so this report gives no "
            f"single headline number: {listed}.")
