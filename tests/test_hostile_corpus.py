"""A hostile corpus through every command (issue 10, item 4): malformed, binary, special
and misleading files and arguments. Each must end in a clear message or a clean result:
never a traceback, never a hang, and never a change to the ledger or the evidence store.

The commands run in-process through the real CLI; a timer interrupts any call that takes
longer than HANG_SECONDS, so a command blocked on a pipe fails the test instead of
stalling it. The corpus runs on SQLite and on PostgreSQL (LIUZHI_TEST_DATABASE_URL): the
two databases must refuse the same input alike.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import signal
import traceback
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from liuzhi.cli import app
from tests.conftest import POSTGRES_URL, _wipe_postgres, missing

HANG_SECONDS = 20
runner = CliRunner()

FIGURES = ("figure_id,measure,region_code,period_start,period_end,value,value_high,qualifier,"
           "unit,precision,subset,subset_of,duplicate_of,scope,kind,source_id,locator,notes")
SOURCES = "source_id,title,publisher,issuing_body,kind,url,published,secondary,language,notes"
REGIONS = ("code,iso_code,name_zh,short_zh,abbr_zh,name_en,level,parent,population_2020,"
           "population_figure,members")


def figure(**changes: str) -> str:
    row = {"figure_id": "T1", "measure": "liuzhi", "region_code": "330000",
           "period_start": "2023-01-01", "period_end": "2023-12-31", "value": "100",
           "value_high": "", "qualifier": "exact", "unit": "persons", "precision": "",
           "subset": "false", "subset_of": "", "duplicate_of": "", "scope": "",
           "kind": "official", "source_id": "S001", "locator": "留置100人", "notes": ""}
    row.update(changes)
    return ",".join(row[k] for k in FIGURES.split(","))


def figures_csv(*rows: str) -> bytes:
    return ("\n".join([FIGURES, *rows]) + "\n").encode("utf-8")


def package(resources: object) -> bytes:
    return json.dumps({"name": "x", "resources": resources}).encode("utf-8")


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("figures.csv", figures_csv(figure()))
    return buffer.getvalue()


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


#: name -> bytes of a file given to `liuzhi import` (and to other commands that read files).
FILES: dict[str, bytes] = {
    "empty.csv": b"",
    "bom-only.csv": b"\xef\xbb\xbf",
    "header-only.csv": FIGURES.encode(),
    "blank-lines.csv": b"\n\n\n",
    "commas.csv": b",,,,\n,,,,\n",
    "zip.csv": zipped(),
    "workbook.xlsx": zipped(),
    "gzip.csv": gzip.compress(figures_csv(figure())),
    "pdf.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "xls.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
    "sqlite.csv": b"SQLite format 3\x00" + bytes(200),
    "png.csv": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "random.csv": hashlib.sha512(b"liuzhi").digest() * 64,
    "gb18030.csv": figures_csv(figure(locator="江西对308人采取留置措施")).decode().encode(
        "gb18030"),
    "utf16.csv": figures_csv(figure()).decode().encode("utf-16"),
    "ragged.csv": figures_csv(figure() + ",extra,columns"),
    "unclosed-quote.csv": figures_csv(figure(locator='"never closed')),
    "huge-field.csv": figures_csv(figure(notes='"' + "x" * 200_000 + '"')),
    "many-columns.csv": (",".join(f"c{i}" for i in range(20_000)) + "\n").encode(),
    "duplicate-header.csv": (FIGURES + ",figure_id\n" + figure() + ",T2\n").encode(),
    "cr-only.csv": figures_csv(figure()).replace(b"\n", b"\r"),
    "nul-cell.csv": figures_csv(figure(locator="a\x00b")),
    "escape-codes.csv": figures_csv(figure(scope="\x1b[2J\x1b[31mred")),
    "value-nan.csv": figures_csv(figure(value="nan")),
    "value-inf.csv": figures_csv(figure(value="inf")),
    "value-huge.csv": figures_csv(figure(value="1e309")),
    "value-negative.csv": figures_csv(figure(value="-5")),
    "value-fraction.csv": figures_csv(figure(value="0.5")),
    "value-superscript.csv": figures_csv(figure(value="²")),
    "value-arabic.csv": figures_csv(figure(value="١٠٠")),
    "value-fullwidth.csv": figures_csv(figure(value="１００")),
    "value-underscore.csv": figures_csv(figure(value="1_000")),
    "week-date.csv": figures_csv(figure(period_start="2023-W01-1")),
    "arabic-date.csv": figures_csv(figure(period_start="٢٠٢٣-٠١-٠١")),
    "year-zero.csv": figures_csv(figure(period_start="0000-01-01")),
    "long-id.csv": figures_csv(figure(figure_id="T" * 5000)),
    "formula.csv": figures_csv(figure(figure_id="=1+1", locator="=HYPERLINK(\"x\")")),
    "subset-cycle.csv": figures_csv(figure(figure_id="T1", subset="true", subset_of="T2"),
                                    figure(figure_id="T2", subset="true", subset_of="T1")),
    "self-subset.csv": figures_csv(figure(subset="true", subset_of="T1")),
    "population-superscript.csv": (REGIONS + "\n990000,,某,,,X,province,000000,²,,\n").encode(),
    "population-nan.csv": (REGIONS + "\n990000,,某,,,X,province,000000,nan,,\n").encode(),
    "population-huge.csv": (REGIONS + "\n990000,,某,,,X,province,000000,"
                            + "9" * 30 + ",,\n").encode(),
    "region-parent-cycle.csv": (REGIONS + "\n990000,,某,,,X,province,990001,1,,\n"
                                "990001,,某,,,Y,province,990000,1,,\n").encode(),
    "source-bad-kind.csv": (SOURCES + "\nS900,,P,I,blog,https://e.org,2024,true,zh,\n").encode(),
    "source-week.csv": (SOURCES + "\nS900,,P,I,news_report,https://e.org,2024-W01,true,zh,\n"
                        ).encode(),
    "deep.json": nested(100_000),
    "deep-package.json": package([{"name": "figures", "path": "f.csv",
                                   "schema": json.loads(nested(60))}]),
    "not-json.json": b"{resources: [",
    "null.json": b"null",
    "list.json": b"[]",
    "string-resources.json": package("figures.csv"),
    "escape-package.json": package([{"name": "figures", "path": "../../../../../etc/passwd"}]),
    "absolute-package.json": package([{"name": "figures", "path": "/etc/passwd"}]),
    "dev-zero-package.json": package([{"name": "figures", "path": "/dev/zero"}]),
    "number-path.json": package([{"name": "figures", "path": 5}]),
    "list-path.json": package([{"name": "figures", "path": ["figures.csv", "b.csv"]}]),
    "folder-path.json": package([{"name": "figures", "path": "."}]),
    "url-path.json": package([{"name": "figures", "path": "https://example.org/f.csv"}]),
    "resource-not-object.json": package([5, "x", None]),
    "no-name.json": package([{"path": "f.csv"}]),
    "latin1.json": '{"resources": [], "title": "café"}'.encode("latin-1"),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The files, special files and a ledger (the bundled data, on SQLite or PostgreSQL)
    to aim them at."""
    url = ""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            missing("PostgreSQL (LIUZHI_TEST_DATABASE_URL)")
        _wipe_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    root = tmp_path_factory.mktemp("corpus")
    env = {"LIUZHI_HOME": str(root / "home"), "LIUZHI_ACTOR": "mallory",
           "LIUZHI_OUT": str(root / "out"), "LIUZHI_DATABASE_URL": url, "LIUZHI_CONFIG": ""}
    saved = {k: os.environ.get(k) for k in env}
    for key, value in env.items():
        if value:
            os.environ[key] = value
        else:
            os.environ.pop(key, None)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert _invoke(["init"]).exit_code == 0
        files = root / "files"
        files.mkdir()
        for name, data in FILES.items():
            (files / name).write_bytes(data)
        os.mkfifo(files / "fifo.csv")
        os.mkfifo(files / "fifo.json")
        (files / "folder.csv").mkdir()
        (files / "loop.csv").symlink_to(files / "loop.csv")
        (files / "dangling.csv").symlink_to(files / "nowhere.csv")
        (files / "existing.txt").write_text("do not overwrite me", encoding="utf-8")
        store = root / "home" / "store"
        store.mkdir(parents=True, exist_ok=True)
        ledger = root / "home" / "ledger.sqlite"
        if url:  # a SQLite file still stands where {ledger} points, as a hostile input
            ledger.write_bytes(FILES["sqlite.csv"])
        places = {"files": str(files), "home": str(root / "home"), "store": str(store),
                  "ledger": str(ledger), "root": str(root), "url": url}
        yield places
    finally:
        if url in _POSTGRES:
            _POSTGRES.pop(url)[0].dispose()
        os.chdir(cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


#: Argument lists; {files}, {home}, {store}, {ledger} and {root} are filled in.
ARGUMENTS: list[list[str]] = [
    *[["import", f"{{files}}/{name}"] for name in FILES],
    ["import", "{files}/fifo.csv"], ["import", "{files}/fifo.json"],
    ["import", "{files}/folder.csv"], ["import", "{files}"], ["import", "{files}/loop.csv"],
    ["import", "{files}/dangling.csv"], ["import", "/dev/null"], ["import", "/dev/zero"],
    ["import", "/proc/self/status"], ["import", "{ledger}"], ["import", "{files}/nothing.csv"],
    ["import", ""], ["import", "-"],
    ["export", "-f", "csv", "-o", "{ledger}"], ["export", "-f", "csv", "-o", "{ledger}-wal"],
    ["export", "-f", "json", "-o", "{files}/existing.txt"],
    ["export", "-f", "csv", "-o", "{files}/folder.csv"],
    ["export", "-f", "csv", "-o", "{files}/fifo.csv", "--force"],
    ["export", "-f", "csv", "-o", "/dev/null", "--force"],
    ["export", "-f", "csv", "-o", "{store}/x.csv"],
    ["export", "-f", "datapackage", "-o", "{files}/existing.txt"],
    ["export", "-f", "datapackage", "-o", "{store}"],
    ["export", "-f", "parquet", "-o", "{files}/existing.txt/x.parquet"],
    ["export", "-f", "xlsx"], ["export", "-f", ""],
    ["export", "-o", "/proc/forbidden.csv"],
    ["report", "--no-pdf", "-o", "{files}/existing.txt"],
    ["report", "--no-pdf", "-o", "{store}"], ["report", "--no-pdf", "-o", "{home}/store/a"],
    ["report", "--no-pdf", "-o", "{files}/existing.txt/sub"],
    ["validate-models", "-o", "{files}/existing.txt"], ["validate-models", "-o", "{store}"],
    ["bundle", "S001", "-o", "{store}/bag"], ["bundle", "S001", "-o", "{files}/existing.txt"],
    ["bundle", "NOPE", "-o", "{root}/bag"], ["bundle", "../../etc", "-o", "{root}/bag2"],
    ["bundle", "S" * 5000, "-o", "{root}/bag3"],
    ["validate", "--home", "{files}/existing.txt"], ["verify", "--home", "{files}/existing.txt"],
    ["init", "--home", "{files}/existing.txt"],
    ["import", "{files}/empty.csv", "--home", "{ledger}"],
    ["estimate", "--since", "2023-W01-1"], ["estimate", "--since", "٢٠١٩-١٠-١٧"],
    ["estimate", "--since", "２０１９-１０-１７"], ["estimate", "--since", "2019-02-30"],
    ["estimate", "--since", "x" * 10_000],
    ["estimate", "--since", "2021-01-01", "--until", "2019-01-01"],
    ["estimate", "--until", "2020-01-01"],
    ["extract", "--text", "{files}/fifo.csv"], ["extract", "--text", "/dev/zero"],
    ["extract", "--text", "{files}/folder.csv"], ["extract", "--text", "{files}/zip.csv"],
    ["extract", "--text", "{files}/nothing.txt"],
    ["extract", "--text", "{files}/escape-codes.csv", "--date", "2023-W01-1"],
    ["extract", "²"], ["extract", "٣"], ["extract", "9" * 40], ["extract", "-1"],
    ["extract", "--warc", "{files}/fifo.csv"],
    ["extract"],
    ["review", "--accept", "999999"], ["review", "--reject", "-1"],
    ["review", "--accept", "1", "--set", "nonsense"],
    ["review", "--accept", "1", "--set", "value=nan"], ["review"],
    ["regions", "\x1b[31mred"], ["regions", "x" * 10_000], ["regions", ""],
    ["capture", "{files}/nothing.html"], ["capture", "--kind", "blog", "{files}/pdf.csv"],
    ["capture", "--max-bytes", "lots", "{files}/pdf.csv"],
    ["capture", "--timeout", "-1", "{files}/pdf.csv"],
    ["capture", "--source", "S" * 5000, "{files}/pdf.csv"],
    ["capture", "--language", "x" * 500, "{files}/gb18030.csv"],
    ["capture", "{files}/zip.csv"], ["capture", "{files}/empty.csv"],
    ["capture", "javascript:alert(1)"], ["capture", "http://"],
]


#: The commands that may change the ledger when they succeed.
WRITERS = {"import", "init", "review", "capture", "extract"}


def _fill(args: list[str], places: dict[str, str]) -> list[str]:
    return [arg.format(**places) if "{" in arg and "}" in arg and len(arg) < 200 else arg
            for arg in args]


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang(f"no answer within {HANG_SECONDS} s")


def _invoke(args: list[str]):  # type: ignore[no-untyped-def]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        return runner.invoke(app, args, input="")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _snapshot(places: dict[str, str]) -> tuple[bytes, list[str], str]:
    """The ledger (by hash), the store's files and a file no command may touch."""
    home = Path(places["home"])
    ledger = _ledger_digest(places["url"]) if places["url"] else hashlib.sha256(
        Path(places["ledger"]).read_bytes()).hexdigest().encode()
    store = sorted(str(p) for p in (home / "store").rglob("*"))
    return ledger, store, (Path(places["files"]) / "existing.txt").read_text(encoding="utf-8")


_POSTGRES: dict[str, tuple[sa.Engine, str]] = {}


def _ledger_digest(url: str) -> bytes:
    """A PostgreSQL ledger's tables and every row of each, by hash (the database has no one
    file), hashed by the server in one query."""
    if url not in _POSTGRES:
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            names = sorted(sa.inspect(connection).get_table_names())
        query = " UNION ALL ".join([
            "SELECT 'tables', string_agg(table_name, ',' ORDER BY table_name) "
            "FROM information_schema.tables WHERE table_schema = 'public'",
            *(f"SELECT '{name}', md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), "
              f"'')) FROM \"{name}\" t" for name in names)])
        _POSTGRES[url] = engine, query
    engine, query = _POSTGRES[url]
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(query).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest().encode()


def test_the_corpus_is_large_enough() -> None:
    assert len(FILES) >= 50 and len(ARGUMENTS) >= 120


@pytest.mark.parametrize("args", ARGUMENTS, ids=lambda a: " ".join(a)[:60])
def test_no_traceback_and_no_hang(corpus: dict[str, str], args: list[str]) -> None:
    args = _fill(args, corpus)
    before = _snapshot(corpus)
    result = _invoke(args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    after = _snapshot(corpus)
    assert after[2] == before[2], "an existing file was overwritten"
    if args[0] != "capture":  # capture writes the store when it succeeds
        assert after[1] == before[1], "the evidence store was changed"
    if result.exit_code != 0:
        assert "Error:" in result.stderr, output
    if result.exit_code != 0 and args[0] != "capture" or args[0] not in WRITERS:
        # A refused command changes nothing, and only the writers change the ledger.
        assert after[0] == before[0], "the ledger was changed"


@pytest.mark.parametrize("args, expected", [
    (["estimate", "--since", "2023-W01-1"], "'2023-W01-1' is not a date; use YYYY-MM-DD"),
    (["estimate", "--since", "٢٠١٩-١٠-١٧"], "is not a date; use YYYY-MM-DD"),
    (["extract", "--text", "-", "--date", "２０１９-１０-１７"], "is not a date"),
    (["extract", "²"], "'²' is not a capture id"),
    (["extract", "--text", "{files}/fifo.csv"], "is not a plain file"),
    (["extract", "--text", "{files}/folder.csv"], "is a folder"),
])
def test_loose_dates_and_digits_are_refused_by_the_commands(
        corpus: dict[str, str], args: list[str], expected: str) -> None:
    result = _invoke(_fill(args, corpus))
    assert result.exit_code == 1 and expected in result.stderr, result.stderr
