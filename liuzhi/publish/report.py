"""``liuzhi report``: a self-contained HTML report (English or Chinese), the same as PDF,
and the estimates as CSV and JSON. The report contains the pre-registered validation: it
is run when the figures that enter the models have changed since the stored one.

Every number carries a numbered footnote: an official figure to its source (issuing
body, publisher, date, URL, the phrase it was found in); an estimate to every figure it
used. Text from sources is escaped by the template engine, never inserted raw.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from liuzhi import vocabulary
from liuzhi.errors import PublishError
from liuzhi.ledger import Ledger, publication
from liuzhi.publish import chart, results, summary, tables, words


@dataclass
class Footnotes:
    """Figures cited so far, numbered in order of first citation."""

    table: pd.DataFrame
    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, *figure_ids: str) -> list[int]:
        cited = []
        for figure_id in figure_ids:
            if figure_id not in self.numbers:
                self.numbers[figure_id] = len(self.numbers) + 1
            cited.append(self.numbers[figure_id])
        return sorted(set(cited))

    def entries(self, lang: str = "en") -> list[dict[str, Any]]:
        rows = self.table.set_index("id")
        return [{"number": n, "id": fid, **_describe(rows.loc[fid], lang)}
                for fid, n in sorted(self.numbers.items(), key=lambda item: item[1])]


def issuer(issuing_body: str, publisher: str, kind: str) -> str:
    """The body that issued this figure. A source may carry figures of several bodies
    (``A; B``): an official figure was issued by the bodies other than the page's publisher
    (an NGO quoting the CCDI publishes, the CCDI issued); an NGO's own estimate by the
    publisher."""
    bodies = [b.strip() for b in str(issuing_body).split(";") if b.strip()]
    if len(bodies) <= 1:
        return str(issuing_body)
    if kind == "official":
        chosen = [b for b in bodies if b != publisher] or bodies
    else:
        chosen = [b for b in bodies if b == publisher] or bodies[-1:]
    return "; ".join(chosen)


def _describe(row: pd.Series, lang: str = "en") -> dict[str, Any]:
    value = f"{row['value']:,.0f}" if float(row["value"]).is_integer() else f"{row['value']:,}"
    if pd.notna(row["value_high"]):
        value += f"–{row['value_high']:,.0f}"
    if lang == "zh":  # the vocabulary's words in Chinese; the source's own text stays as is
        kind = "" if row["kind"] == "official" else "，" + words.KIND_ZH.get(row["kind"],
                                                                           row["kind"])
        what = (f"{words.MEASURE_ZH.get(row['measure'], row['measure'])}，"
                f"{words.Words('zh').region(str(row['region_name']))}，"
                f"{row['period_start']}至{row['period_end']}：{value}"
                f"{words.UNIT_ZH.get(row['unit'], row['unit'])}"
                f"（{words.QUALIFIER_ZH.get(row['qualifier'], row['qualifier'])}"
                f"{kind}）")
    else:
        what = (f"{vocabulary.MEASURES[row['measure']]}, {row['region_name']}, "
                f"{row['period_start']} to {row['period_end']}: {value} "
                f"{row['unit'].replace('_', ' ')} ({row['qualifier'].replace('_', ' ')}"
                f"{', ' + row['kind'].replace('_', ' ') if row['kind'] != 'official' else ''})")
    return {
        "what": what,
        "scope": row["scope"],
        "issuing_body": issuer(row["issuing_body"], row["publisher"], row["kind"]),
        "publisher": row["publisher"],
        "secondary": bool(row["secondary"]),
        "published": row["published"] or "",
        "url": row["source_url"],
        "locator": row["locator"],
    }


@dataclass(frozen=True)
class Section:
    """A section another part of the project adds to the report: a template in
    ``liuzhi/publish/templates`` (or a loader it registers) and its context, computed from
    the results. Sections appear after the validation, before the sources."""

    template: str
    context: Callable[[results.Results], dict[str, Any]]


#: Extra sections, in order. Append to add one (e.g. registries, timeline, ledger head).
SECTIONS: list[Section] = []

#: Rungs whose years with an official national figure return that figure (fitted to it).
FITTED_TO_OFFICIAL = ("mixed_model", "hierarchical_bayes")


def _untested(ladder: results.Ladder | None) -> list[str]:
    """Rungs the validation could not backtest on any real split (every real prediction
    missing)."""
    if ladder is None or not ladder.validation:
        return []
    real = [row for row in ladder.validation.get("summary", []) if row["data"] == "real"]
    out = []
    for name in ladder.methods:
        rows = [row for row in real if row["estimator"].split("[")[0] == name]
        if rows and all(row["missing"] == row["n"] for row in rows):
            out.append(name)
    return out


def _held(computed: results.Results) -> dict[str, Any]:
    """People held on an average day: the latest year at 43 days; the last whole year under
    the six-month maximum at 183 days."""
    from liuzhi.estimate import bayes

    model = computed.ladder.methods.get("hierarchical_bayes") if computed.ladder else None
    if model is None:
        return {}
    latest = computed.years[-1]
    old_year = min(latest, bayes.OLD_MAXIMUM_UNTIL[0] - 1)
    now = model.held_on_average_day(latest)[43.0]  # type: ignore[attr-defined]
    old = model.held_on_average_day(old_year)[bayes.OLD_MAXIMUM_DAYS]  # type: ignore[attr-defined]
    return {"now": f"{now.point:,.0f} ({now.low:,.0f}–{now.high:,.0f})", "old_year": old_year,
            "old": f"{old.point:,.0f} ({old.low:,.0f}–{old.high:,.0f})"}


def render_html(computed: results.Results, lang: str = "en", *,
                registry: Any = None) -> tuple[str, list[dict[str, Any]]]:
    from liuzhi.estimate import calendar

    t = words.Words(lang)
    notes = Footnotes(computed.table)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("liuzhi.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["whole"] = tables.whole
    env.filters["one"] = lambda v: f"{v:,.1f}"
    rows = tables.year_rows(computed)
    ladder = computed.ladder
    validation_rows = (tables.validation_rows(ladder.validation["summary"])
                       if ladder and ladder.validation else [])
    ratio = computed.methods["case_ratio"]
    low = min(ratio.pairs_, key=lambda p: p.ratio)  # type: ignore[attr-defined]
    low_row = computed.table.set_index("id").loc[low.liuzhi_figure]

    def official_for(name: str, year: int) -> Any:
        return computed.official_for(year) if name in FITTED_TO_OFFICIAL else None

    html = env.get_template("report.html.j2").render(
        r=computed,
        t=t,
        cite=notes.cite,
        names=list(computed.methods),
        latest=computed.years[-1],
        rows=rows,
        svg=chart.per_year_svg(computed),
        today=dt.date.today().isoformat(),
        summary=summary.paragraph(computed, t),
        days_rule=calendar.RULE,
        official_days=lambda year: calendar.days(*calendar.year_bounds(year)),
        official_for=official_for,
        in_sample={"case_ratio": getattr(ratio, "in_sample_years_", [])},
        untested=_untested(ladder),
        held=_held(computed),
        cr_cases=sum(p.cases for p in ratio.pairs_),  # type: ignore[attr-defined]
        cr_low=low,
        cr_low_year=low_row["period_start"].year,
        footnotes=notes,
        validation_rows=validation_rows,
        registry=registry,  # liuzhi/registries/report.py: cooperation and timeline
        sections=[{"template": s.template, "context": s.context(computed)} for s in SECTIONS],
        listed=_listed(computed.table),
        listed_indicator=_listed_indicator(computed.table),
    )
    return html, rows


def _listed(table: pd.DataFrame) -> list[Any]:
    """The listed-company series: a separate measure, shown apart, never summed."""
    rows = table[(table["measure"] == "listed_company_liuzhi") & table["duplicate_of"].isna()]
    return list(rows.sort_values(["period_start", "period_end"]).itertuples())


def _listed_indicator(table: pd.DataFrame) -> Any:
    """VALIDATION.md A8: the series tried as an indicator for its latest year (shown apart,
    scored only once that year's official figure exists)."""
    from liuzhi.estimate.indicator import listed_indicator

    return listed_indicator(table)


def _quiet(line: str) -> None:
    """The default progress callback: the library prints nothing."""


def _validation(ledger: Ledger | pd.DataFrame, out_dir: Path,
                progress: Callable[[str], None], **options: Any) -> None:
    """Run the pre-registered validation unless out_dir holds one for these figures (the
    digest of the figures that enter the models, and the amendments, must match)."""
    from liuzhi.estimate import validation

    table = ledger.figure_table() if isinstance(ledger, Ledger) else ledger
    saved = out_dir / "validation.json"
    if saved.exists():
        try:
            stored = json.loads(saved.read_text(encoding="utf-8")).get("fingerprint")
        except (ValueError, AttributeError):
            stored = None
        if stored == validation.fingerprint(table):
            progress("Validation: reusing validation.json (the figures have not changed)")
            return
    progress("Validation: running the pre-registered protocol on these figures "
             "(a few minutes; later reports reuse it)")
    validation.run(table, out_dir, log=lambda line: progress(f"Validation: {line}"), **options)


def write(ledger: Ledger | pd.DataFrame, out_dir: Path, *, pdf: bool = True, lang: str = "en",
          validate: bool = True, progress: Callable[[str], None] = _quiet,
          cache: Path | None = None, **validation_options: Any) -> list[Path]:
    """Write the report (``report.html``, or ``report.zh.html`` in Chinese), its PDF,
    estimates.csv and estimates.json. With ``validate`` the pre-registered validation is
    run first when the figures have changed since the stored one (``validation_options``
    go to ``validation.run``). ``progress`` gets one line per step. ``cache`` is a folder
    where the fits of rungs 2 and 3 are kept for the next report on the same figures."""
    words.Words(lang)  # an unknown language is refused before any work
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if validate:
        _validation(ledger, out_dir, progress, **validation_options)
    written: list[Path] = []
    progress("Fitting the estimators and the leave-one-out checks")
    computed = results.for_report(ledger, out_dir, cache=cache)
    if computed.ladder is not None and computed.ladder.cached:
        progress("Reused the stored fits of rungs 2 and 3 (same figures, protocol and models)")
    progress("Rendering the HTML report")
    from liuzhi.registries import report as registry_report

    # A figure table (tests, validation) has no registries and no history to sign.
    stored = isinstance(ledger, Ledger)
    html, rows = render_html(computed, lang,
                             registry=registry_report.build(ledger) if stored else None)
    html, head = publication.with_head(html, ledger, lang) if stored else (html, None)
    stem = "report" if lang == "en" else f"report.{lang}"
    (out_dir / f"{stem}.html").write_text(html, encoding="utf-8")
    written.append(out_dir / f"{stem}.html")
    if head is not None:
        written.append(out_dir / publication.HEAD_FILE)
        written[-1].write_text(json.dumps(head.as_json(), indent=1) + "\n", encoding="utf-8")
    progress("Writing estimates.csv and estimates.json")
    with (out_dir / "estimates.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (out_dir / "estimates.json").write_text(
        json.dumps(tables.as_json(computed), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    written += [out_dir / "estimates.csv", out_dir / "estimates.json"]
    if pdf:
        progress("Rendering the PDF (fonts, layout)")
        written.append(_pdf(html, out_dir / f"{stem}.pdf"))
    return written


def _pdf(html: str, path: Path) -> Path:
    try:
        import weasyprint
    except OSError as error:  # Pango missing: weasyprint cannot load its libraries
        raise PublishError(
            f"The PDF cannot be made: WeasyPrint could not load its system libraries "
            f"({error}). Install them with `apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "fonts-noto-cjk`, or run `liuzhi report --no-pdf` for the HTML alone."
        ) from error
    weasyprint.HTML(string=html).write_pdf(path)
    return path
