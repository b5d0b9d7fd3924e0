"""The ``liuzhi`` command: a thin layer that parses options, calls the library, prints.

Errors the user can fix (LiuzhiError) are printed as one paragraph without a traceback,
and the command exits with status 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from liuzhi import config, outputs, regions
from liuzhi.errors import LiuzhiError
from liuzhi.ledger import Ledger, checks, publication
from liuzhi.ledger import exporting as ledger_exporting
from liuzhi.registries import bundled, exporting, importing
from liuzhi.registries import checks as registry_checks

app = typer.Typer(
    help="Liuzhi Monitor: sourced figures on China's liuzhi (留置) detention system, "
    "national estimates with intervals, and reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

Home = Annotated[Path | None, typer.Option(help="Data folder (default: LIUZHI_HOME or the "
                                                "per-user data directory).")]
Force = Annotated[bool, typer.Option("--force", help="Replace existing plain files at the "
                                     "output path (never the ledger or the evidence store).")]


def command(name: str | None = None, *, group: typer.Typer | None = None
            ) -> Callable[[F], F]:
    """Register a subcommand (of ``group``, else of ``liuzhi``) that reports LiuzhiError as
    a paragraph, not a traceback."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except LiuzhiError as error:
                # The message may quote a document: print it as text, never as markup.
                err.print("[bold red]Error:[/] " + escape(str(error)), soft_wrap=True)
                raise typer.Exit(1) from None
            except sa.exc.DBAPIError as error:
                # The last line of defence: the checks before each write should have caught
                # the problem; the transaction was rolled back, so nothing changed.
                err.print("[bold red]Error:[/] " + escape(
                    f"the database refused the operation ({str(error.orig).strip()}). The "
                    "change was rolled back; the ledger is as it was. If the input looks "
                    "right, report this with the command you ran."), soft_wrap=True)
                raise typer.Exit(1) from None
            except OSError as error:
                # A file the operating system refused midway (disk full, a folder vanished):
                # still one paragraph, not a traceback.
                where = f" {error.filename}" if error.filename else ""
                err.print("[bold red]Error:[/] " + escape(
                    f"could not read or write{where}: {error.strerror or error}. Check the "
                    "path, its permissions and the free disk space, then run the command "
                    "again."), soft_wrap=True)
                raise typer.Exit(1) from None
            finally:
                while _opened:
                    _opened.pop().close()

        (group or app).command(name)(run)
        return fn

    return register


#: Ledgers opened by the running command, closed when it ends.
_opened: list[Ledger] = []


def _ledger(home: Path | None, *, seed: bool = False) -> tuple[config.Settings, Ledger]:
    settings = config.load(home=home)
    ledger = Ledger.open(settings)
    ledger.waiting = _waiting
    _opened.append(ledger)
    if seed and ledger.is_empty():
        err.print("The ledger is empty: loading the bundled dataset first.")
        result = bundled.load(ledger, actor=settings.actor)
        err.print(result.summary())
    return settings, ledger


def _waiting(seconds: float) -> None:
    """Said once per command: another writer holds the SQLite ledger."""
    if not getattr(_waiting, "said", False):
        _waiting.said = True  # type: ignore[attr-defined]
        err.print(f"Waiting for another command to finish writing to the ledger "
                  f"({seconds:.0f} s so far)…")


@command()
def init(home: Home = None) -> None:
    """Create the ledger (or migrate it) and load the bundled dataset into it."""
    settings, ledger = _ledger(home)
    result = bundled.load(ledger, actor=settings.actor)
    out.print(f"Ledger at {ledger.engine.url.render_as_string(hide_password=True)}")
    out.print(result.summary())


@command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A figures, sources, regions or registry CSV "
                                              "file, or a datapackage.json.")],
    home: Home = None,
) -> None:
    """Import figures, sources, regions or registry records; all rows or none."""
    settings, ledger = _ledger(home)
    result = importing.import_path(ledger, file, actor=settings.actor)
    out.print(f"Imported {file}: {result.summary()}")



@command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="csv, json, parquet or "
                                                              "datapackage.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (a folder for "
                                                "datapackage); default out/<name>.")] = None,
    force: Force = False,
    include_private: Annotated[bool, typer.Option(
        "--include-private", help="Include private cases (the export says it holds them).")]
        = False,
    home: Home = None,
) -> None:
    """Export the ledger as CSV, JSON, Parquet or a Frictionless data package."""
    settings, ledger = _ledger(home)
    dest = output or settings.out_dir / ledger_exporting.DEFAULT_NAMES.get(format, "export")
    if format == "datapackage":
        outputs.check_folder(dest, settings, names=exporting.PACKAGE_FILES, force=force)
    elif format in ledger_exporting.FORMATS:
        outputs.check_file(dest, settings, force=force,
                           example=ledger_exporting.DEFAULT_NAMES[format])
    path, private = exporting.export(ledger, format, dest, include_private=include_private)
    if private:
        out.print(f"[bold red]PRIVATE RECORDS INCLUDED:[/] {private} private case(s) are in "
                  f"{escape(str(path))}. Do not publish it.", soft_wrap=True)
    out.print(f"Wrote {escape(str(path))}")
    out.print(f"Wrote {escape(str(ledger_exporting.head_path(format, path)))} (the ledger's "
              "signed head)", soft_wrap=True)


@command()
def validate(home: Home = None) -> None:
    """Check the ledger: periods in order, known units, subsets within their parent, duplicates."""
    _, ledger = _ledger(home)
    problems = checks.validate(ledger) + registry_checks.validate(ledger)
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        out.print(f"[{style}]{problem.severity}[/] " + escape(problem.message), soft_wrap=True)
    errors = sum(p.severity == "error" for p in problems)
    out.print(f"{len(problems)} finding(s): {errors} error(s), "
              f"{len(problems) - errors} warning(s).")
    if errors:
        raise typer.Exit(1)


@command()
def verify(
    against: Annotated[Path | None, typer.Option(
        "--against", help="A published ledger-head.json, datapackage.json or report.html: "
        "also prove that today's ledger extends the signed head in it.")] = None,
    home: Home = None,
) -> None:
    """Re-check the audit chain, the audited state of every row, and every captured file in
    the evidence store (re-hashed); with --against, prove the ledger extends a published
    head. Non-zero exit on a breach."""
    settings, ledger = _ledger(home)
    proof = publication.check_against(ledger, against) if against else None
    breaches = list(proof.breaches) if proof else ledger.verify_audit()
    for breach in breaches:
        out.print("[red]breach[/] " + escape(breach.message), soft_wrap=True)
    if breaches:
        out.print(f"{len(breaches)} breach(es): the ledger or its audit log was altered "
                  "outside Liuzhi Monitor. Restore from a backup or investigate before use.")
    else:
        out.print("Audit chain intact; every row matches its last audited state.")
    if proof:
        _print_proof(proof)
    if _verify_evidence(settings, ledger) or breaches or (proof and not proof.ok):
        raise typer.Exit(1)


def _print_proof(proof: publication.ConsistencyCheck) -> None:
    label = "[green]published head:[/]" if proof.ok else "[red]breach[/]"
    out.print(f"{label} " + escape(proof.message), soft_wrap=True)
    if proof.same_key is False:
        out.print("[yellow]note[/] the published head was signed by key "
                  f"{proof.published.key_fingerprint[:16]}…, not by this ledger's key: "
                  "check that the file was published by whoever you think.", soft_wrap=True)


@command("regions")
def regions_(
    name: Annotated[str | None, typer.Argument(help="A name or code to look up.")] = None,
) -> None:
    """List the regions, or look one up by any of its names (浙江省, 浙江, 浙, Zhejiang)."""
    found = [regions.lookup(name)] if name else list(regions.all_regions())
    table = Table("code", "ISO", "中文", "English", "level", "population 2020")
    for region in found:
        table.add_row(region.code, region.iso_code, region.name_zh, region.name_en, region.level,
                      f"{region.population_2020:,}")
    out.print(table)



def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # not 2023-W01-1, ２０２３
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LiuzhiError(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2019-10-17.") from None


@command()
def estimate(
    since: Annotated[str | None, typer.Option(
        help="Start of a cumulative window, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="End of the window, YYYY-MM-DD "
                                              "(default: end of the last estimated year).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    home: Home = None,
) -> None:
    """National estimates per year, per day and cumulative, by every method side by side."""
    from liuzhi import cli_render
    from liuzhi.publish import results, tables

    _, ledger = _ledger(home, seed=True)
    start = _date(since)
    windows = None if start is None else [(start, _date(until))]
    computed = results.compute(ledger, windows)
    if as_json:
        json.dump(tables.as_json(computed), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    cli_render.print_all(computed, out)


@command()
def report(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the report "
                                                "(default: out/).")] = None,
    pdf: Annotated[bool, typer.Option(help="Also write report.pdf.")] = True,
    force: Force = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en (report.html) "
                                      "or zh (report.zh.html); the numbers are the same.")] = "en",
    validate: Annotated[bool, typer.Option(help="Run the pre-registered validation first when "
                                           "the figures changed since the stored one.")] = True,
    home: Home = None,
) -> None:
    """Write out/report.html (self-contained), out/report.pdf, out/estimates.csv and .json,
    with the validation they depend on (run when the figures changed, reused otherwise)."""
    from liuzhi import cli_render
    from liuzhi.publish import report as publish_report

    if lang not in ("en", "zh"):
        raise LiuzhiError(f"--lang {lang!r} is not a language of the report; use en or zh.")
    settings = config.load(home=home)
    stem = "report" if lang == "en" else f"report.{lang}"
    folder = outputs.check_folder(
        output or settings.out_dir, settings, force=force,
        names=[f"{stem}.html", "estimates.csv", "estimates.json", publication.HEAD_FILE,
               *([f"{stem}.pdf"] * pdf)])
    settings, ledger = _ledger(home, seed=True)
    with cli_render.Progress(err) as progress:
        written = publish_report.write(ledger, folder, pdf=pdf, lang=lang,
                                       validate=validate, progress=progress,
                                       cache=settings.home / "cache")
    for path in written:
        out.print(f"Wrote {path}")


@command("extract")
def extract_(
    targets: Annotated[list[str] | None, typer.Argument(
        help="Capture ids to extract from (or WARC files with --warc).")] = None,
    text: Annotated[Path | None, typer.Option(
        "--text", help="Print the candidates in this text file ('-' for standard input) as "
        "JSON lines, without touching the ledger.")] = None,
    date: Annotated[str | None, typer.Option(
        help="The document's date, YYYY-MM-DD (resolves 今年, 去年).")] = None,
    issuer: Annotated[str | None, typer.Option(
        help="The issuing body, e.g. 浙江省纪委监委 (gives the region when the text names "
        "none).")] = None,
    all_captures: Annotated[bool, typer.Option(
        "--all", help="Extract from every capture.")] = False,
    warc: Annotated[bool, typer.Option(
        "--warc",
        help="TARGETS are WARC files: extract from every response record on Dask.")] = False,
    workers: Annotated[int, typer.Option(help="Dask workers for --warc.")] = 2,
    scheduler: Annotated[str | None, typer.Option(
        help="Address of a running Dask scheduler for --warc (default: a local cluster).")] = None,
    home: Home = None,
) -> None:
    """Find candidate figures: in a text (JSON lines), in captures, or in WARC files."""
    from liuzhi import extract as extractor
    from liuzhi import review

    document_date = _date(date)
    if text is not None:
        content = sys.stdin.read() if str(text) == "-" else _read_text(text)
        sys.stdout.write(extractor.to_json_lines(
            extractor.extract(content, document_date=document_date, issuer=issuer)))
        return
    settings, ledger = _ledger(home)
    if warc:
        from liuzhi.review import corpus

        files = [Path(t) for t in targets or []]
        if not files:
            raise LiuzhiError("Give the WARC files to read: liuzhi extract --warc FILE...")
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("Extracting from WARC files"), BarColumn(),
                      MofNCompleteColumn(), console=err, transient=True) as bar:
            task = bar.add_task("files", total=len(files))
            run = corpus.extract_warcs(
                ledger, settings, files, workers=workers, scheduler=scheduler,
                actor=settings.actor,
                progress=lambda _file, done, total: bar.update(task, completed=done,
                                                               total=total))
        out.print(run.summary())
        return
    if not targets and not all_captures:
        raise LiuzhiError("Say what to extract from: capture ids, --all, --text FILE or "
                          "--warc FILE...")
    ids = None if all_captures else [_capture_id(t) for t in targets or []]
    proposed = review.extract_captures(ledger, ids, actor=settings.actor,
                                       document_date_override=document_date)
    new = sum(p.new for p in proposed)
    known = sum(p.known for p in proposed)
    out.print(f"{len(proposed)} capture(s): {new} new candidate(s), {known} already proposed "
              "or decided. Review them with `liuzhi review`.")


def _read_text(path: Path) -> str:
    from liuzhi.inputs import TooLarge, read_plain_file

    try:
        data = read_plain_file(path, limit=64 * 2**20)
    except TooLarge as error:
        raise LiuzhiError(f"{error} Give the text of one document.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LiuzhiError(f"{path} cannot be read as UTF-8 text ({error}). Capture the "
                          "document first (`liuzhi capture FILE`), which detects its "
                          "encoding, then extract from the capture.") from error


def _capture_id(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,18}", value):  # isdigit() also takes ² and ٣
        raise LiuzhiError(f"{value!r} is not a capture id (a whole number). Use --warc for "
                          "WARC files and --text for a text file.")
    return int(value)


@command()
def review(
    accept: Annotated[int | None, typer.Option(help="Accept this candidate id.")] = None,
    reject: Annotated[int | None, typer.Option(help="Reject this candidate id.")] = None,
    as_subset_of: Annotated[str | None, typer.Option(
        help="With --accept: the figure id it is a subset of.")] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="With --accept: correct a field first, FIELD=VALUE (repeatable).")] = None,
    kind: Annotated[str, typer.Option(help="With --accept: the figure's kind.")] = "official",
    note: Annotated[str, typer.Option(help="With --reject: why.")] = "",
    list_: Annotated[bool, typer.Option("--list", help="List pending candidates.")] = False,
    home: Home = None,
) -> None:
    """Decide on candidates: interactively (accept / edit / reject / skip), or by id."""
    from liuzhi import review as queue
    from liuzhi.review import terminal

    settings, ledger = _ledger(home)
    reviewer = settings.actor
    if accept is not None:
        figure = queue.accept(ledger, accept, reviewer=reviewer,
                              edits=queue.parse_edits(set_ or []), as_subset_of=as_subset_of,
                              kind=kind)
        out.print(f"Accepted candidate {accept} as figure {figure.id}.")
    elif reject is not None:
        queue.reject(ledger, reject, reviewer=reviewer, note=note)
        out.print(f"Rejected candidate {reject}.")
    elif list_:
        terminal.list_pending(ledger, out)
    else:
        terminal.interactive(ledger, reviewer=reviewer, console=out)


# ---------------------------------------------------------------------------- capture


def _verify_evidence(settings: config.Settings, ledger: Ledger) -> int:
    """Print ``liuzhi verify``'s findings on the evidence store; the number of problems."""
    from rich.markup import escape

    from liuzhi.capture import check_store, unreferenced_files

    problems = check_store(ledger, settings)
    for problem in problems:
        out.print(f"[red]evidence[/] {escape(problem.message)}", soft_wrap=True)
    if problems:
        out.print(f"{len(problems)} evidence problem(s): stored documents are missing or were "
                  "altered. Restore the store folder from a backup, or capture the sources again; "
                  "do not rely on the affected captures.", soft_wrap=True)
    else:
        out.print("Evidence store intact: every captured document, text and WARC file matches "
                  "its SHA-256.", soft_wrap=True)
    debris = unreferenced_files(ledger, settings)
    if debris:
        out.print(f"{len(debris)} file(s) in {escape(str(settings.store_dir))} belong to no "
                  "capture (left by an interrupted capture). They are harmless.", soft_wrap=True)
    return len(problems)


@command()
def capture(
    paths_or_urls: Annotated[list[str], typer.Argument(
        help="HTML, PDF, text or WARC files, folders (walked for those), or http(s) URLs.",
        show_default=False)],
    again: Annotated[bool, typer.Option(
        "--again", help="Take a new capture even if this URL or file was captured before, and "
                        "say what changed since the last capture.")] = False,
    max_bytes: Annotated[str | None, typer.Option(
        help="Largest document to take in, e.g. 500MB (default: LIUZHI_MAX_CAPTURE_BYTES or "
             "200MB). Applies to files, downloads and decompressed WARC files.")] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds to wait for a server (default: LIUZHI_FETCH_TIMEOUT or 30).")] = None,
    source: Annotated[str | None, typer.Option(
        help="Attach the captures to this existing source id instead of matching by URL.")]
        = None,
    publisher: Annotated[str, typer.Option(
        help="For a source capture creates: who published it. Capture cannot tell, so the "
             "default is 'unknown'.")] = "unknown",
    issuer: Annotated[str, typer.Option(
        help="For a source capture creates: the body that issued the figures (default "
             "'unknown').")] = "unknown",
    kind: Annotated[str, typer.Option(
        help="For a source capture creates: work_report, statistical_bulletin, news_report, "
             "ngo_report, ... (default 'unknown').")] = "unknown",
    official: Annotated[bool, typer.Option(
        "--official/--secondary", help="For a source capture creates: published by the issuing "
                                       "body itself, or a third-party copy (default: "
                                       "--secondary, since capture cannot tell).")] = False,
    language: Annotated[str | None, typer.Option(
        help="For a source capture creates: its language (default: guessed from the text).")]
        = None,
    home: Home = None,
) -> None:
    """Archive documents as evidence: original bytes by SHA-256, text, WARC for URLs."""
    from rich.markup import escape
    from rich.progress import Progress

    from liuzhi import vocabulary
    from liuzhi.capture import SourceDefaults, capture_many, limits

    if kind != "unknown" and kind not in vocabulary.SOURCE_KINDS:
        raise LiuzhiError(f"--kind {kind!r} is not a source kind; use one of: "
                          f"{', '.join(vocabulary.SOURCE_KINDS)} (or leave it out).")
    settings, ledger = _ledger(home)
    chosen = limits.load(max_bytes=max_bytes, timeout=timeout)
    defaults = SourceDefaults(publisher=publisher, issuing_body=issuer, kind=kind,
                              secondary=not official, language=language)
    with Progress(console=err, transient=True,
                  disable=len(paths_or_urls) < 2 and not Path(paths_or_urls[0]).is_dir()
                  ) as progress:
        task = progress.add_task("Capturing", total=None)

        def advance(item: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total,
                            description=f"Capturing {escape(Path(item).name or item)[:40]}")

        batch = capture_many(ledger, settings, paths_or_urls, actor=settings.actor,
                             again=again, limits=chosen, defaults=defaults, source_id=source,
                             progress=advance)
    for result in batch.results:
        out.print(escape(result.summary()), soft_wrap=True)
        if result.change is not None and result.status == "captured":
            out.print(f"  {escape(result.change.summary())}", soft_wrap=True)
        for warning in result.warnings:
            out.print(f"  [yellow]note[/] {escape(warning)}", soft_wrap=True)
    for _item, error in batch.failures:
        err.print(f"[bold red]Error:[/] {escape(str(error))}", soft_wrap=True)
    for link, target in batch.outside:
        out.print(f"Skipped {escape(str(link))}: a link that leads out of the folder (to "
                  f"{escape(target)}), so it was not archived.", soft_wrap=True)
    if batch.ignored:
        out.print(f"Left out {len(batch.ignored)} file(s) that are not HTML, PDF, text or WARC "
                  f"(e.g. {escape(str(batch.ignored[0]))}).", soft_wrap=True)
    already = len(batch.results) - batch.captured
    out.print(f"{batch.captured} captured, {already} already captured, "
              f"{len(batch.failures)} failed.")
    if batch.failures:
        raise typer.Exit(1)


@command()
def bundle(
    source_ids: Annotated[list[str], typer.Argument(help="Source ids whose captures to bundle.",
                                                    show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="A new (or empty) folder for "
                                         "the bag.", show_default=False)],
    home: Home = None,
) -> None:
    """Write an evidence bundle: a BagIt bag (SHA-256 manifest) of the sources' captures, with
    original files, WARC records, extracted text and metadata per capture."""
    from liuzhi.capture import write_bundle

    settings, ledger = _ledger(home)
    outputs.check_folder(output, settings)
    result = write_bundle(ledger, settings, source_ids, output, actor=settings.actor)
    out.print(f"Wrote {result.path}: {result.captures} capture(s) of {result.sources} "
              f"source(s), {result.payload_files} files, BagIt with manifest-sha256. Check it "
              f"with: bagit.py --validate {result.path}", soft_wrap=True)


# ---------------------------------------------------------------------------- validation


@command("validate-models")
def validate_models(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for "
                                                "validation.csv and validation.json "
                                                "(default: out/).")] = None,
    synthetic: Annotated[bool, typer.Option(help="Also run the protocol on synthetic "
                                            "panels (needed for the acceptance bar).")] = True,
    force: Force = False,
    home: Home = None,
) -> None:
    """Run the pre-registered validation (VALIDATION.md): national backtest, leave-one-year-
    out and leave-one-province-out on the ledger, and the same on synthetic panels; print
    the scores per estimator and the headline the rule picks."""
    from liuzhi import cli_render
    from liuzhi.estimate import validation

    settings = config.load(home=home)
    folder = outputs.check_folder(output or settings.out_dir, settings, force=force,
                                  names=("validation.csv", "validation_predictions.csv",
                                         "validation.json"))
    settings, ledger = _ledger(home, seed=True)
    result = validation.run(ledger, folder, with_synthetic=synthetic,
                            log=lambda line: err.print(line, soft_wrap=True, markup=False))
    cli_render.print_validation(result, out)


# ---------------------------------------------------------------------------- registries

import liuzhi.registry_commands  # noqa: E402,F401  (registers agreements … timeline)

# ------------------------------------------------------------------------------ web

users_app = typer.Typer(help="Accounts of the web app (`liuzhi serve`).", no_args_is_help=True)
app.add_typer(users_app, name="users")


@command("add", group=users_app)
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option(help="viewer, reviewer or admin.")] = "viewer",
    home: Home = None,
) -> None:
    """Add an account; the password is prompted for, or read from standard input."""
    from liuzhi.ledger import accounts

    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    settings, ledger = _ledger(home)
    user = accounts.add_user(ledger, name, role, password)
    out.print(f"Added {escape(user.name)} ({user.role}).")


@command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (LIUZHI_WEB_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (LIUZHI_WEB_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(help="uvicorn workers (LIUZHI_WEB_WORKERS); "
                                                "more than one needs LIUZHI_WEB_SECRET.")] = None,
    home: Home = None,
) -> None:
    """Serve the website and the JSON API (uvicorn). Loads the bundled data into an empty
    ledger first."""
    import dataclasses
    import os

    import uvicorn

    from liuzhi.web import security

    settings = config.load(home=home)
    settings = dataclasses.replace(settings, web_host=host or settings.web_host,
                                   web_port=port or settings.web_port,
                                   web_workers=workers or settings.web_workers)
    security.signing_key(settings.web_secret, team=settings.web_team,
                         workers=settings.web_workers)  # refuse early, with one paragraph
    _ledger(home, seed=True)
    while _opened:
        _opened.pop().close()
    if home is not None:
        os.environ["LIUZHI_HOME"] = str(home)  # the workers build their own settings
    err.print(f"Serving on http://{settings.web_host}:{settings.web_port}/ "
              f"({settings.web_workers} worker(s))")
    uvicorn.run("liuzhi.web.serve:app", factory=True, host=settings.web_host,
                port=settings.web_port, workers=settings.web_workers,
                proxy_headers=True, log_level="warning",
                # a worker busy fitting the estimates may answer its health check late
                timeout_worker_healthcheck=30)
