"""The per-year chart: each method's estimate with its range, and the official points.

Drawn with matplotlib as SVG, with text as paths, so the chart needs no font or network
when the report is opened.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from liuzhi.publish.results import Results  # noqa: E402

COLOURS = {"population_share": "#8c6d31", "case_ratio": "#1f5f8b", "mixed_model": "#5e3c99",
           "hierarchical_bayes": "#1b7837"}


def per_year_svg(results: Results) -> str:
    from liuzhi.publish.words import METHOD_NAMES

    figure, axes = plt.subplots(figsize=(8, 4.2))
    # Every rung the report has: the ladder's when it was fitted, else rungs 0 and 1.
    methods = results.ladder.methods if results.ladder else results.methods
    step = 0.6 / max(1, len(methods))
    offset = -step * (len(methods) - 1) / 2
    for name, method in methods.items():
        estimates = method.per_year()
        xs = [e.year + offset for e in estimates]
        points = [e.count.point for e in estimates]
        lows = [e.count.point - e.count.low for e in estimates]
        highs = [e.count.high - e.count.point for e in estimates]
        words = METHOD_NAMES.get(name, {}).get("en", name)
        axes.errorbar(xs, points, yerr=[lows, highs], fmt="o", capsize=3,
                      color=COLOURS.get(name, "#555555"), label=f"Estimate: {words}")
        offset += step
    if results.official:
        axes.scatter([o.year for o in results.official], [o.value for o in results.official],
                     marker="D", s=60, color="#b2182b", zorder=5,
                     label="Official national figure (not an estimate)")
    axes.set_xticks(results.years)
    axes.set_ylabel("people placed in liuzhi")
    axes.set_title("National liuzhi per year: estimates with ranges, official figures")
    axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(frameon=False, fontsize=8, loc="upper left")
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]
