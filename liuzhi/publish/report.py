"""``liuzhi report``: a self-contained HTML report, the same as PDF, and the estimates as
CSV and JSON.

Every number carries a numbered footnote: an official figure to its source (issuing
body, publisher, date, URL, the phrase it was found in); an estimate to every figure it
used. Text from sources is escaped by the template engine, never inserted raw.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from liuzhi import vocabulary
from liuzhi.errors import PublishError
from liuzhi.ledger import Ledger, publication
from liuzhi.publish import chart, results, tables


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

    def entries(self) -> list[dict[str, Any]]:
        rows = self.table.set_index("id")
        return [{"number": n, "id": fid, **_describe(rows.loc[fid])}
                for fid, n in sorted(self.numbers.items(), key=lambda item: item[1])]


def _describe(row: pd.Series) -> dict[str, Any]:
    value = f"{row['value']:,.0f}" if float(row["value"]).is_integer() else f"{row['value']:,}"
    if pd.notna(row["value_high"]):
        value += f"–{row['value_high']:,.0f}"
    return {
        "what": f"{vocabulary.MEASURES[row['measure']]}, {row['region_name']}, "
                f"{row['period_start']} to {row['period_end']}: {value} "
                f"{row['unit'].replace('_', ' ')} ({row['qualifier'].replace('_', ' ')}"
                f"{', ' + row['kind'].replace('_', ' ') if row['kind'] != 'official' else ''})",
        "scope": row["scope"],
        "issuing_body": row["issuing_body"],
        "publisher": row["publisher"],
        "secondary": bool(row["secondary"]),
        "published": row["published"] or "date not given",
        "url": row["source_url"],
        "locator": row["locator"],
    }


def render_html(computed: results.Results,
                registry: Any = None) -> tuple[str, list[dict[str, Any]]]:
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
    html = env.get_template("report.html.j2").render(
        r=computed,
        cite=notes.cite,
        names=list(computed.methods),
        latest=computed.years[-1],
        rows=rows,
        svg=chart.per_year_svg(computed),
        today=dt.date.today().isoformat(),
        scope_note=tables.SCOPE_NOTE,
        interval_note=tables.INTERVAL_NOTE,
        footnotes=notes,
        validation_rows=validation_rows,
        registry=registry,  # liuzhi/registries/report.py: cooperation and timeline
    )
    return html, rows


def write(ledger: Ledger, out_dir: Path, *, pdf: bool = True,
          console: Console | None = None) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("Fitting the estimators and the leave-one-out checks", total=4)
        computed = results.compute(ledger, validation_file=out_dir / "validation.json",
                                   ladder=True)
        progress.update(task, advance=1, description="Rendering the HTML report")
        from liuzhi.registries import report as registry_report

        html, rows = render_html(computed, registry_report.build(ledger))
        html, head = publication.with_head(html, ledger)  # the ledger's signed head
        (out_dir / "report.html").write_text(html, encoding="utf-8")
        written.append(out_dir / "report.html")
        if head is not None:
            written.append(out_dir / publication.HEAD_FILE)
            written[-1].write_text(json.dumps(head.as_json(), indent=1) + "\n",
                                   encoding="utf-8")
        progress.update(task, advance=1, description="Writing estimates.csv and estimates.json")
        with (out_dir / "estimates.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        (out_dir / "estimates.json").write_text(
            json.dumps(tables.as_json(computed), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        written += [out_dir / "estimates.csv", out_dir / "estimates.json"]
        progress.update(task, advance=1, description="Rendering the PDF (fonts, layout)")
        if pdf:
            written.append(_pdf(html, out_dir / "report.pdf"))
        progress.update(task, advance=1)
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
