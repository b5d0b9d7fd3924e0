"""What kind of document a run of bytes is: HTML, PDF, plain text or WARC.

The bytes decide, not the name: a ``.pdf`` that holds a login page is refused as a PDF,
a PNG named ``.html`` is refused as HTML. The file name or the server's Content-Type
only break the tie between HTML and plain text, which look alike as bytes.
"""

from __future__ import annotations

import re
import zlib

from liuzhi.errors import BrokenPdf, EmptyDocument, UnsupportedDocument

HTML = "text/html"
PDF = "application/pdf"
TEXT = "text/plain"
WARC = "application/warc"

#: The media types capture accepts, and the file name endings it picks up in a folder.
EXTENSIONS: dict[str, str] = {
    ".html": HTML, ".htm": HTML, ".shtml": HTML, ".xhtml": HTML,
    ".txt": TEXT, ".text": TEXT,
    ".pdf": PDF,
    ".warc": WARC, ".warc.gz": WARC,
}

#: Formats people try to capture that are none of the four, by their first bytes.
_OTHER_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image", "screenshots are not evidence of the text; capture "
                                        "the page itself"),
    (b"\xff\xd8\xff", "JPEG image", "capture the page or PDF the image comes from"),
    (b"GIF8", "GIF image", "capture the page or PDF the image comes from"),
    (b"PK\x03\x04", "ZIP archive (or a Word/Excel .docx/.xlsx file)",
     "unpack it, or save the document as PDF, and capture that"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (.doc/.xls) file",
     "save it as PDF and capture that"),
    (b"Rar!", "RAR archive", "unpack it and capture the documents inside"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive", "unpack it and capture the documents inside"),
    (b"\x7fELF", "program (ELF executable)", "this is not a document"),
)

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<\?xml"
                         rb"[^>]*>\s*<(?:!doctype\s+)?html|<!--|<div|<p[\s>]|<table)",
                         re.IGNORECASE)


def media_type_for_name(name: str) -> str | None:
    lower = name.lower()
    for ending in sorted(EXTENSIONS, key=len, reverse=True):
        if lower.endswith(ending):
            return EXTENSIONS[ending]
    return None


def _strip_bom(data: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            return data[len(bom):]
    return data


def _is_gzipped_warc(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(wbits=31).decompress(data[:4096], 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def sniff(data: bytes, *, where: str, name: str = "", declared: str | None = None) -> str:
    """The media type of ``data`` (one of HTML, PDF, TEXT, WARC), or a CaptureError.

    ``name`` is the file name or URL path, ``declared`` the HTTP Content-Type (without
    parameters). Raises EmptyDocument, BrokenPdf (named or served as a PDF but not one) or
    UnsupportedDocument (an image, archive, program or other format).
    """
    if not data:
        raise EmptyDocument(
            f"{where} is empty (0 bytes), so there is nothing to archive. Check that the "
            "download or copy finished, then capture the file again."
        )
    by_name = media_type_for_name(name)
    if data[:1024].find(b"%PDF-") != -1:
        return PDF
    if data.startswith(b"WARC/") or (data.startswith(b"\x1f\x8b") and _is_gzipped_warc(data)):
        return WARC
    for magic, kind, advice in _OTHER_MAGIC:
        if data.startswith(magic):
            raise UnsupportedDocument(
                f"{where} is a {kind}, not a document capture accepts (HTML, PDF, plain text "
                f"or WARC): {advice}."
            )
    if data.startswith(b"\x1f\x8b"):
        raise UnsupportedDocument(
            f"{where} is gzip-compressed and is not a WARC file. Decompress it (gunzip) and "
            "capture the file inside."
        )
    if by_name == PDF or declared == PDF:
        start = data[:40].decode("ascii", "replace").strip()
        raise BrokenPdf(
            f"{where} is {'named' if by_name == PDF else 'served'} as a PDF but is not one: it "
            f"starts with {start[:30]!r} instead of %PDF-. The download probably saved an "
            "error or login page; open the link in a browser, save the PDF again and capture "
            "that copy."
        )
    if by_name == WARC or declared == WARC:
        raise UnsupportedDocument(
            f"{where} is named as a WARC file but does not start with a WARC record header "
            "(WARC/1.0 or WARC/1.1). Check that the file is complete and not a different "
            "format; a gzip-compressed WARC must end in .warc.gz."
        )
    if declared in (HTML, "application/xhtml+xml"):
        return HTML
    if declared == TEXT:
        return HTML if _HTML_START.match(_strip_bom(data)[:2048]) else TEXT
    if by_name in (HTML, TEXT):
        return by_name
    return HTML if _HTML_START.match(_strip_bom(data)[:2048]) else TEXT
