"""The Dask path: a LocalCluster with two workers over generated WARC files."""

import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from liuzhi import config
from liuzhi.ledger import Capture, Ledger
from liuzhi.ledger.models import CandidateFigure
from liuzhi.review import corpus

# warcio's record writer leaves a SpooledTemporaryFile for the garbage collector to close;
# that is the test's WARC writing, not the code under test.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*SpooledTemporaryFile:pytest.PytestUnraisableExceptionWarning")

PAGE = ("<html><head><meta charset='utf-8'><title>{province}纪委监委通报</title></head><body>"
        "<article><h1>{province}纪委监委通报2023年全省纪检监察机关监督检查审查调查情况</h1>"
        "<p>2023年，{province}纪检监察机关共立案{cases}件，处分{punished}人，"
        "对{liuzhi}人采取留置措施。</p><p>全省纪检监察机关将持续深化正风肃纪反腐。</p>"
        "<p>本网站由{province}纪委监委主办。</p></article></body></html>")
QUIET = ("<html><head><meta charset='utf-8'></head><body><article><p>乡村振兴工作会议召开，"
         "会议强调要扎实推进各项工作。</p></article></body></html>")


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")),
                http_headers=headers))


@pytest.fixture
def warcs(tmp_path: Path) -> list[Path]:
    files = []
    provinces = ["浙江省", "江西省", "湖北省", "广东省"]
    for n, province in enumerate(provinces):
        path = tmp_path / f"crawl-{n}.warc.gz"
        write_warc(path, [
            (f"https://jjjc.example.gov.cn/{n}/a.html",
             PAGE.format(province=province, cases=1000 + n, punished=900 + n, liuzhi=30 + n)),
            (f"https://jjjc.example.gov.cn/{n}/b.html", QUIET),
        ])
        files.append(path)
    return files


def _counts(ledger: Ledger) -> tuple[int, int]:
    with ledger.session() as session:
        return (session.scalar(sa.select(sa.func.count()).select_from(Capture)) or 0,
                session.scalar(sa.select(sa.func.count()).select_from(CandidateFigure)) or 0)


def test_two_workers_extract_resume_and_never_duplicate(
        warcs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIUZHI_HOME", str(tmp_path / "home"))
    settings = config.load()
    ledger = Ledger(f"sqlite:///{tmp_path / 'l.sqlite'}")
    seen: list[tuple[str, int, int]] = []
    run = corpus.extract_warcs(ledger, settings, warcs, workers=2, actor="crawler",
                               progress=lambda path, done, total: seen.append((path, done, total)))
    assert (run.files, run.records, run.documents) == (4, 8, 4)
    assert [(done, total) for _, done, total in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(path for path, _, _ in seen) == sorted(str(w.resolve()) for w in warcs)
    assert run.new == 12 and run.known == 0
    assert _counts(ledger) == (4, 12)
    with ledger.session() as session:
        liuzhi = sorted(session.scalars(sa.select(CandidateFigure.value).where(
            CandidateFigure.measure == "liuzhi")))
    assert liuzhi == [30, 31, 32, 33]
    assert ledger.verify_audit() == []

    again = corpus.extract_warcs(ledger, settings, warcs, workers=2, actor="crawler")
    assert again.resumed == 4 and again.new == 0

    # An interruption after the ledger writes but before the checkpoint: the files are
    # read again and nothing is written twice.
    done = settings.home / "corpus" / "done.json"
    done.write_text(json.dumps(json.loads(done.read_text())[:1]), encoding="utf-8")
    resumed = corpus.extract_warcs(ledger, settings, warcs, workers=2, actor="crawler")
    assert (resumed.resumed, resumed.new, resumed.known) == (1, 0, 9)
    assert _counts(ledger) == (4, 12)
    ledger.close()


def test_missing_files_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liuzhi.errors import LiuzhiError

    monkeypatch.setenv("LIUZHI_HOME", str(tmp_path / "home"))
    ledger = Ledger(f"sqlite:///{tmp_path / 'l.sqlite'}")
    with pytest.raises(LiuzhiError, match="No such WARC file: .*nope.warc"):
        corpus.extract_warcs(ledger, config.load(), [tmp_path / "nope.warc"], actor="x")
    ledger.close()


def test_capture_and_the_corpus_extractor_store_a_record_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One path from a WARC record to a stored document: `liuzhi capture FILE.warc` and
    `liuzhi extract --warc` record the same capture row for the same record, with the
    WARC-Date in the ledger's one timestamp format."""
    from liuzhi.capture import capture_path

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, date in (("https://jjjc.example.gov.cn/a.html", "2023-12-30T08:00:00Z"),
                          ("https://jjjc.example.gov.cn/b.html", "2024-01-02T03:04:05")):
            page = PAGE.format(province="浙江省", cases=1000, punished=900, liuzhi=30)
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.encode("utf-8")),
                http_headers=StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")],
                    protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": date}))
    rows = []
    for name in ("capture", "corpus"):
        monkeypatch.setenv("LIUZHI_HOME", str(tmp_path / name))
        settings = config.load()
        ledger = Ledger(f"sqlite:///{tmp_path / name}.sqlite")
        if name == "capture":
            capture_path(ledger, settings, path, actor="tester")
        else:
            result = corpus.scan_file(str(path.resolve()), "0" * 64, 10**8,
                                      "2026-01-01T00:00:00.000000Z")
            corpus.write_file(ledger, settings, result, actor="tester", run=corpus.CorpusRun())
        with ledger.session() as session:
            rows.append([{column: getattr(capture, column) for column in
                          Capture.__table__.columns.keys() if column not in ("id", "warc_path")}
                         for capture in session.scalars(sa.select(Capture).order_by(Capture.id))])
        ledger.close()
    assert len(rows[0]) == 2 and rows[0] == rows[1]
    assert [row["captured_at"] for row in rows[0]] == ["2023-12-30T08:00:00.000000Z",
                                                       "2024-01-02T03:04:05.000000Z"]



NOTICE = ("<html><head><meta charset='utf-8'><title>公告</title></head><body><article>"
          "<p>证券代码：600999　公告编号：2024-018</p><h1>关于公司董事长被留置的公告</h1>"
          "<p>本公司于2024年3月5日收到某市监察委员会签发的关于公司董事长兼总经理李明先生被"
          "留置的《留置通知书》。</p><p>目前公司生产经营正常。</p></article></body></html>")
TENDER = ("<html><head><meta charset='utf-8'></head><body><article>"
          "<h1>某县纪委监委留置场所改造项目招标公告</h1><p>项目概况：对现有办公用房进行"
          "装修改造。</p></article></body></html>")


def test_the_corpus_path_proposes_facilities_and_cases_as_extract_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page with only a registry candidate (a case notice, a tender) is captured, and
    its facility or case goes to the registry queue: the same candidates, by fingerprint,
    that `liuzhi extract` proposes for the capture."""
    from liuzhi.registries.models import RegistryCandidate
    from liuzhi.review import registry

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://www.example.com.cn/notice.html", NOTICE),
                      ("https://ggzy.example.gov.cn/tender.html", TENDER),
                      ("https://jjjc.example.gov.cn/quiet.html", QUIET)])
    monkeypatch.setenv("LIUZHI_HOME", str(tmp_path / "home"))
    settings = config.load()
    ledger = Ledger(f"sqlite:///{tmp_path / 'l.sqlite'}")
    result = corpus.scan_file(str(path.resolve()), "0" * 64, 10**8,
                              "2026-01-01T00:00:00.000000Z")
    assert result.records == 3 and len(result.hits) == 2
    run = corpus.CorpusRun()
    corpus.write_file(ledger, settings, result, actor="crawler", run=run)
    assert (run.documents, run.registry_new, run.registry_known) == (2, 2, 0)
    assert "2 new facility or case candidate(s)" in run.summary()
    with ledger.session() as session:
        stored = {(c.kind, json.loads(c.fields)["name"]) for c in
                  session.scalars(sa.select(RegistryCandidate))}
    assert stored == {("case", "李明"), ("facility", "某县纪委监委留置场所改造项目")}
    # What `liuzhi extract` proposes for these captures is what the corpus path stored.
    again = registry.extract_captures(ledger, None, actor="tester")
    assert [(p.new, p.known) for p in again] == [(0, 1), (0, 1)]
    ledger.close()
