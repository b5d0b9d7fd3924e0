"""Encodings (UTF-8, GBK, GB18030, Big5, lying charsets) and text from HTML, PDF and text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuzhi.capture import formats, text
from liuzhi.errors import BrokenPdf, EncryptedPdf, UnsupportedDocument
from tests.capture import documents
from tests.capture.conftest import DATA

SIMPLIFIED = "全省纪检监察机关对涉嫌职务犯罪的被调查人采取留置措施612人"
TRADITIONAL = "全省紀檢監察機關對涉嫌職務犯罪的被調查人採取留置措施612人"


@pytest.mark.parametrize(("name", "encoding", "phrase"), [
    ("tongbao-utf8.html", "utf-8", SIMPLIFIED),
    ("tongbao-gbk.html", "gb18030", SIMPLIFIED),
    ("tongbao-gbk-meta-says-utf8.html", "gb18030", SIMPLIFIED),
    ("tongbao-gb18030.html", "gb18030", "刘䶮、吉𠮷二人"),
    ("tongbao-big5.html", "cp950", TRADITIONAL),
])
def test_pages_in_every_encoding_decode_to_the_same_text(name: str, encoding: str,
                                                        phrase: str) -> None:
    data = (DATA / name).read_bytes()
    result = text.html_text(data, where=name)
    assert result.encoding == encoding
    assert phrase in result.text
    assert "\ufffd" not in result.text
    assert result.title.startswith("江南省紀委監委通報" if "big5" in name else "江南省纪委监委通报")


def test_a_lying_meta_charset_is_overruled_and_said_so() -> None:
    result = text.html_text((DATA / "tongbao-gbk-meta-says-utf8.html").read_bytes(), where="x")
    assert result.encoding == "gb18030"
    assert any("declares utf-8" in w for w in result.warnings)


def test_traditional_characters_stay_traditional() -> None:
    result = text.html_text((DATA / "tongbao-big5.html").read_bytes(), where="x")
    assert "採取留置措施" in result.text and "处分" not in result.text
    assert "處分9,102人" in result.text


@pytest.mark.parametrize(("page", "encode", "declared", "expected"), [
    # Big5 bytes read as GBK decode cleanly, into rare characters and kana: not accepted.
    (documents.traditional_page(meta="gbk"), "big5", None, "cp950"),
    (documents.traditional_page(meta=None), "big5", None, "cp950"),
    (documents.simplified_page(meta=None), "gbk", None, "gb18030"),
    # A server that labels everything ISO-8859-1.
    (documents.simplified_page(meta=None), "gbk", "text/html; charset=ISO-8859-1", "gb18030"),
    # UTF-8 bytes win over a GBK declaration.
    (documents.simplified_page(meta="gbk"), "utf-8", None, "utf-8"),
    (documents.simplified_page(meta="gb2312"), "gb18030", "text/html; charset=gbk", "gb18030"),
])
def test_declared_charsets_are_witnesses_not_facts(page: str, encode: str, declared: str | None,
                                                   expected: str) -> None:
    result = text.html_text(page.encode(encode), where="x", content_type=declared)
    assert result.encoding == expected
    assert "留置措施612人" in result.text and "\ufffd" not in result.text


def test_byte_order_marks_decide() -> None:
    page = documents.simplified_page(meta="gbk")
    assert text.decode("\ufeff".encode() + page.encode(), where="x").encoding == "utf-8"
    assert text.decode(page.encode("utf-16"), where="x").text == page


def test_a_european_page_keeps_its_single_byte_charset() -> None:
    page = "<html><head><title>Rapport</title></head><body><p>Déjà vu, façade, über.</p></body>"
    decoded = text.decode(page.encode("cp1252"), declared=["windows-1252"], where="x")
    assert decoded.text == page and decoded.encoding == "cp1252"


def test_a_few_broken_bytes_in_a_utf8_page_are_replaced_and_reported() -> None:
    data = documents.simplified_page().encode() + b"\xe5\x8f"  # a cut-off character
    decoded = text.decode(data, declared=["utf-8"], where="x")
    assert decoded.encoding == "utf-8" and decoded.text.endswith("\ufffd")
    assert "replaced with U+FFFD" in decoded.warnings[0]


COMMON = sorted(text._common_characters())


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(COMMON), min_size=12, max_size=80),
       st.sampled_from(["utf-8", "gb18030", "big5"]))
def test_chinese_text_round_trips_through_each_encoding(sample: str, encoding: str) -> None:
    try:
        data = sample.encode(encoding)
    except UnicodeEncodeError:  # a simplified character Big5 lacks
        return
    assert text.decode(data, where="x").text == sample


def test_script_style_and_handlers_are_left_out_of_the_text() -> None:
    page = documents.simplified_page(extra_head=documents.SCRIPT_PAGE_EXTRA_HEAD,
                                     extra_body=documents.SCRIPT_PAGE_EXTRA_BODY)
    result = text.html_text(page.encode(), where="x")
    assert SIMPLIFIED in result.text
    for leaked in ("脚本写入的秘密文字", "999999", "样式表里的文字", "alert", "运行了", "beacon"):
        assert leaked not in result.text


def test_tables_keep_rows_on_one_line() -> None:
    result = text.html_text((DATA / "tongbao-utf8.html").read_bytes(), where="x")
    assert "| 留置 | 612人 |" in result.text


def test_a_page_with_no_main_text_falls_back_to_all_visible_text() -> None:
    result = text.html_text("<html><body><span>留置612人</span></body></html>".encode(),
                            where="x")
    assert "留置612人" in result.text


def test_a_page_built_by_javascript_is_kept_with_a_note() -> None:
    page = "<html><body><div id=app></div><script>render('留置612人')</script></body></html>"
    result = text.html_text(page.encode(), where="x")
    assert result.text.strip() == "" and "JavaScript" in result.warnings[0]


@pytest.mark.parametrize("depth", [300, 5000])
def test_a_deeply_nested_page_falls_back_to_a_plain_extraction_and_says_so(depth: int) -> None:
    # lxml stops at about 255 levels, and trafilatura then finds nothing at all.
    page = ("<html><head><meta charset='utf-8'><title>通报</title><script>var x = '脚本';"
            "</script></head><body>" + "<div>" * depth
            + "<p>2023年，全省对30人采取<b>留置</b>措施。</p><p>第二段。</p>"
            + "</div>" * depth + "</body></html>")
    result = text.html_text(page.encode(), where="x")
    assert result.text == "2023年，全省对30人采取留置措施。\n第二段。"
    assert result.extractor == text.HTML_PARSER and result.title == "通报"
    assert len(result.warnings) == 1 and "html.parser" in result.warnings[0]
    assert "JavaScript" not in result.warnings[0]


def test_plain_text_line_ends_are_normalised() -> None:
    result = text.plain_text((DATA / "report-utf8.txt").read_bytes(), where="x")
    assert "\r" not in result.text and SIMPLIFIED in result.text
    assert result.title == "江南省纪委监委2023年工作报告（摘要）"


def test_pdf_text_has_one_form_feed_between_pages(report_pdf: bytes) -> None:
    result = text.pdf_text(report_pdf, where="x")
    assert result.text.count("\f") == 1
    assert SIMPLIFIED in result.text.replace("\n", "")
    assert result.title == documents.TITLE and result.extractor.startswith("pypdf")


def test_a_pdf_with_only_an_owner_password_opens(report_pdf: bytes) -> None:
    locked = documents.encrypted_pdf(report_pdf, user_password="")
    assert SIMPLIFIED in text.pdf_text(locked, where="x").text.replace("\n", "")


def test_a_pdf_that_needs_a_password_is_refused(report_pdf: bytes) -> None:
    locked = documents.encrypted_pdf(report_pdf, user_password="secret")
    with pytest.raises(EncryptedPdf, match="needs a password"):
        text.pdf_text(locked, where="report.pdf")


def test_a_truncated_pdf_is_refused(report_pdf: bytes) -> None:
    with pytest.raises(BrokenPdf, match="truncated PDF"):
        text.pdf_text(report_pdf[: len(report_pdf) // 2], where="report.pdf")


def test_a_damaged_pdf_is_refused() -> None:
    with pytest.raises(BrokenPdf, match="damaged PDF"):
        text.pdf_text(b"%PDF-1.7\n" + documents.garbage(2000) + b"\n%%EOF\n", where="r.pdf")


@pytest.mark.parametrize(("data", "name", "declared", "expected"), [
    (b"%PDF-1.7 ...", "x.bin", None, formats.PDF),
    (b"<html><body>x</body></html>", "notice", None, formats.HTML),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "x", None, formats.HTML),
    ("第一行\n第二行".encode(), "notice", None, formats.TEXT),
    (b"plain words", "a.html", None, formats.HTML),
    (b"<p>x</p>", "a.txt", None, formats.TEXT),
    (b"<html>", "download", "text/html", formats.HTML),
    (b"WARC/1.1\r\n", "crawl.warc", None, formats.WARC),
])
def test_the_bytes_decide_the_format(data: bytes, name: str, declared: str | None,
                                     expected: str) -> None:
    assert formats.sniff(data, where="x", name=name, declared=declared) == expected


@pytest.mark.parametrize(("data", "name", "error", "message"), [
    (b"\x89PNG\r\n\x1a\n....", "page.html", UnsupportedDocument, "PNG image"),
    (b"PK\x03\x04....", "report.docx", UnsupportedDocument, "Word"),
    (b"<!DOCTYPE html><html>login</html>", "report.pdf", BrokenPdf, "named as a PDF"),
    (b"\x1f\x8b\x08\x00....", "page.html.gz", UnsupportedDocument, "gzip-compressed"),
    (b"not a warc", "crawl.warc.gz", UnsupportedDocument, "WARC record header"),
])
def test_other_formats_are_refused_by_name(data: bytes, name: str, error: type[Exception],
                                           message: str) -> None:
    with pytest.raises(error, match=message):
        formats.sniff(data, where=name, name=name)


def test_binary_garbage_is_not_text() -> None:
    with pytest.raises(UnsupportedDocument, match="contains binary data"):
        text.html_text(documents.garbage(), where="page.html")


def test_language_guess() -> None:
    assert text.language(documents.SIMPLIFIED_PARAGRAPHS[0]) == "zh"
    assert text.language("A report on liuzhi detention, 2023.") == "en"
    assert text.language("2023 — 612") == "und"


def test_a_lying_charset_is_caught_behind_a_long_inline_script() -> None:
    script = "<script>" + "".join(f"function f{i}(a){{return a+{i};}}\n" for i in range(3000)) \
        + "</script>"
    page = documents.simplified_page(meta="utf-8", extra_head=script)
    assert len(page) > 60_000
    result = text.html_text(page.encode("gbk"), where="x")
    assert result.encoding == "gb18030" and SIMPLIFIED in result.text
