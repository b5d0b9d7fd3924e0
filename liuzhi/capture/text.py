"""The text of a captured document: decoded, extracted, never executed.

Chinese official pages arrive in UTF-8, GBK/GB2312, GB18030 or Big5, and the charset a
page declares is often wrong (a GBK page whose ``<meta charset>`` says utf-8, a server
that says ISO-8859-1 for everything). ``decode`` therefore treats the declaration as a
witness, not a fact:

1. a byte-order mark decides;
2. bytes that are valid UTF-8 are UTF-8 (GBK or Big5 text is practically never valid
   UTF-8 by accident);
3. a declared Chinese charset is used if it decodes cleanly *and* the result looks like
   Chinese: most of its characters are common ones (GB2312 level 1 or Big5's frequently
   used set). Big5 bytes read as GBK decode cleanly into rare characters and kana, so
   this test tells them apart;
4. otherwise the Chinese charset whose decoding looks most like Chinese, then any other
   declared charset that decodes cleanly, then charset-normalizer's guess.

Traditional characters stay traditional: nothing here converts scripts.

HTML is parsed by trafilatura/lxml; scripts, styles and event handlers are data,
never run, and they are left out of the text. When lxml gives up on a page (markup nested
deeper than it parses, about 255 levels) and trafilatura finds no text at all, the
visible text is read with Python's html.parser instead, and the capture says so.
PDF text comes from pypdf; pages are separated by a form feed (U+000C), as pdftotext
does.
"""

from __future__ import annotations

import codecs
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

import charset_normalizer
import pypdf
import trafilatura
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from liuzhi.capture import formats
from liuzhi.errors import BrokenPdf, EncryptedPdf, UnsupportedDocument

TRAFILATURA = f"trafilatura {trafilatura.__version__}"
HTML_PARSER = "html.parser visible text"
PYPDF = f"pypdf {pypdf.__version__}"
PLAIN = "plain"

#: Below this many Chinese characters a decoding gives too little evidence to judge.
_MIN_EVIDENCE = 8
#: Share of common characters a right decoding of Chinese text reaches (real text: ~1.0;
#: Big5 read as GBK: ~0.3).
_LOOKS_RIGHT = 0.9
#: How much of the text to judge; the start of a page is as good as the whole.
_SAMPLE = 20_000
#: How many non-ASCII characters to judge a decoding by.
_JUDGED = 4_000
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")

_GB = "gb18030"  # decodes GB2312 and GBK too, as browsers do
_BIG5 = ("cp950", "big5hkscs")  # Big5 with the Microsoft and then the Hong Kong extensions

_GB_LABELS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "windows-936", "ms936",
              "gb_2312", "gb_2312-80", "csgb2312", "chinese", "iso-ir-58", "euc-cn", "hz-gb-2312"}
_BIG5_LABELS = {"big5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950",
                "x-big5", "ms950"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentText:
    """The text a capture stores (offsets in later stages refer to it) and how it was made."""

    text: str
    encoding: str  # "" for a PDF
    extractor: str
    title: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------- charsets


def charset_from_content_type(content_type: str | None) -> str | None:
    """``text/html; charset=GBK`` → ``"GBK"``."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.I)
    return match.group(1) if match else None


def charset_from_meta(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (meta or XML declaration)."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _family(label: str) -> str | None:
    """A declared label as the codec (or Big5 family) to try; None if unknown."""
    name = label.strip().lower().replace("_", "-")
    if name in _GB_LABELS or name.replace("-", "") in _GB_LABELS:
        return _GB
    if name in _BIG5_LABELS:
        return "big5"
    if name in ("utf-8", "utf8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_strict(data: bytes, family: str) -> tuple[str, str] | None:
    for codec in (_BIG5 if family == "big5" else (family,)):
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return None


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """GB2312 level 1 (3,755 most used simplified characters) and Big5's 5,401
    frequently used characters: built from the codecs, so no word list is shipped."""
    common: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                common.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for code in range(0xA440, 0xC67F):
        try:
            common.add(code.to_bytes(2, "big").decode("big5"))
        except UnicodeDecodeError:
            pass
    return frozenset(common)


def chinese_quality(text: str) -> tuple[int, float]:
    """(Chinese characters seen, share of them that are common) over the first few
    thousand non-ASCII characters of ``text``. Kana, Hangul, private-use, box-drawing,
    Greek, Cyrillic and C1 control characters, which a wrong Chinese decoding produces,
    count against it."""
    common = _common_characters()
    hanzi = good = suspect = 0
    # Judge non-ASCII characters only, wherever they are: a page may open with 50 KB of
    # inline script before its first Chinese word.
    for char in _ASCII_RUN.sub("", text)[:_JUDGED]:
        code = ord(char)
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or code >= 0x20000 \
                or 0xF900 <= code <= 0xFAFF:
            hanzi += 1
            good += char in common
        elif (0x80 <= code <= 0x9F or 0x370 <= code <= 0x4FF or 0x2500 <= code <= 0x257F
              or 0x3040 <= code <= 0x30FF or 0xAC00 <= code <= 0xD7AF
              or 0xE000 <= code <= 0xF8FF or code == 0xFFFD):
            suspect += 1
    seen = hanzi + suspect
    return hanzi, (good / seen if seen else 0.0)


#: Every byte but the C0 controls text never holds (tab, LF, FF, CR and ESC it may).
_NOT_BINARY = bytes(b for b in range(256) if b >= 0x20 or b in (9, 10, 12, 13, 27))


def _binary_evidence(data: bytes) -> str | None:
    sample = data[:8192]
    controls = len(sample.translate(None, _NOT_BINARY))
    if controls > len(sample) / 100:
        return (f"{controls} control bytes such as NUL in its first {len(sample)} bytes, "
                "which text never has")
    return None


def decode(data: bytes, *, declared: Sequence[str | None] = (), where: str) -> Decoded:
    """``data`` as text, with the codec used. ``declared`` are the charsets the server
    and the page claim, strongest first (HTTP header, then meta). Raises
    UnsupportedDocument for binary data or bytes no known encoding reads."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec.removesuffix("-sig"))
            except UnicodeDecodeError:
                break
    evidence = _binary_evidence(data)
    if evidence:
        if where.lower().startswith(("http://", "https://")):
            advice = ("The server may be sending a file of another kind under an HTML or text "
                      "label; open the address in a browser to see what it is, and capture the "
                      "real page or PDF instead.")
        else:
            advice = ("It may be an image, a compressed file or a damaged download given the "
                      f"wrong name. Check what it is (`file {where}`), and capture the real page "
                      "or PDF instead.")
        raise UnsupportedDocument(
            f"{where} is not text: it contains binary data ({evidence}). {advice}")
    try:
        text = data.decode("utf-8")
        return Decoded(text, "ascii" if text.isascii() else "utf-8")
    except UnicodeDecodeError:
        pass

    families = [f for f in dict.fromkeys(_family(label) for label in declared if label) if f]
    judged: dict[str, tuple[str, str, int, float]] = {}  # family → text, codec, hanzi, quality
    for family in dict.fromkeys([*families, _GB, "big5"]):
        decoded = _decode_strict(data, family)
        if decoded is not None:
            judged[family] = (*decoded, *chinese_quality(decoded[0]))

    def looks_right(family: str) -> bool:
        _, _, hanzi, quality = judged[family]
        return hanzi < _MIN_EVIDENCE or quality >= _LOOKS_RIGHT

    for family in families:
        if family in (_GB, "big5") and family in judged and looks_right(family):
            return Decoded(judged[family][0], judged[family][1])
    chinese = [f for f in (_GB, "big5") if f in judged and judged[f][2] >= _MIN_EVIDENCE
               and judged[f][3] >= _LOOKS_RIGHT]
    lie = (f" (it declares {', '.join(label for label in declared if label)}, which does "
           "not fit its bytes)") if families else ""
    if chinese:
        best = max(chinese, key=lambda f: judged[f][3])
        warnings = (f"decoded as {judged[best][1]}{lie}",) if families else ()
        return Decoded(judged[best][0], judged[best][1], warnings)
    for family in families:
        if family in judged and family not in (_GB, "big5"):
            return Decoded(judged[family][0], judged[family][1])
    if "utf-8" in families:  # a UTF-8 page with a few broken sequences (a cut title)
        repaired = data.decode("utf-8", errors="replace")
        bad = repaired.count("\ufffd")
        if bad <= max(3, len(repaired) // 1000):
            return Decoded(repaired, "utf-8", (f"{bad} invalid UTF-8 byte sequence(s) "
                                               "replaced with U+FFFD in the text (the "
                                               "archived bytes are untouched)",))
    match = charset_normalizer.from_bytes(data).best()
    if match is not None:
        decoded = _decode_strict(data, match.encoding)
        if decoded is not None:
            return Decoded(decoded[0], decoded[1], (f"encoding guessed as {decoded[1]}{lie}",))
    raise UnsupportedDocument(
        f"{where} is not text in any encoding Liuzhi Monitor recognises (tried UTF-8, "
        f"GB18030/GBK, Big5{', ' + ', '.join(families) if families else ''} and automatic "
        "detection). Check that it is the page itself and not a damaged download; if you know "
        "its encoding, convert it to UTF-8 (iconv -f ENCODING -t UTF-8) and capture that copy."
    )


# ---------------------------------------------------------------------------- extraction


def clean_title(title: str) -> str:
    """A title fit for a ledger cell: entities resolved, control characters (terminal
    escapes included) removed, whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", html.unescape(title)).split())[:500]


def html_text(data: bytes, *, where: str, content_type: str | None = None) -> DocumentText:
    """The main text of an HTML page (trafilatura), or all of its visible text when
    trafilatura finds no main text. Tables come out one row per line, cells between ``|``."""
    decoded = decode(data, declared=(charset_from_content_type(content_type),
                                     charset_from_meta(data)), where=where)
    # lxml refuses str input that still carries an XML encoding declaration.
    markup = _XML_DECLARATION.sub("", decoded.text, count=1)
    text = trafilatura.extract(
        markup, fast=True, include_comments=False, include_tables=True, include_images=False,
        include_links=False, include_formatting=False, deduplicate=False, output_format="txt",
    )
    extractor = f"{TRAFILATURA} extract"
    if not text:
        text = trafilatura.html2txt(markup)
        extractor = f"{TRAFILATURA} html2txt"
    title_match = _TITLE.search(markup[:200_000])
    title = clean_title(title_match.group(1)) if title_match else ""
    warnings = list(decoded.warnings)
    if not text.strip():
        text = visible_text(markup)
        if text:
            extractor = HTML_PARSER
            warnings.append("trafilatura found no text in this page (lxml stops at markup "
                            "nested very deeply), so its text was read with a plain "
                            "extraction of all visible text (Python's html.parser); it may "
                            "include menus and footers")
    if not text.strip():
        warnings.append("the page has no visible text (it may be built by JavaScript, which "
                        "capture never runs); the archived copy is kept, but no figures can "
                        "be found in it")
    return DocumentText(text or "", decoded.encoding, extractor, title, tuple(warnings))


_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "svg", "math"})
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                     "section", "article", "table", "ul", "ol", "blockquote", "pre", "hr",
                     "header", "footer", "td", "th", "dd", "dt"})


class _VisibleText(HTMLParser):
    """All text outside scripts, styles and the head; blocks on lines of their own. The
    parser keeps no tree, so nesting depth does not matter."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    """The visible text of an HTML page by Python's html.parser: a fallback for pages
    lxml cannot parse. Whitespace is collapsed within lines; empty lines dropped."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def plain_text(data: bytes, *, where: str, content_type: str | None = None) -> DocumentText:
    """A text file as text, with line ends made ``\\n``."""
    decoded = decode(data, declared=(charset_from_content_type(content_type),), where=where)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return DocumentText(text, decoded.encoding, PLAIN, clean_title(first_line)[:200],
                        decoded.warnings)


def pdf_text(data: bytes, *, where: str) -> DocumentText:
    """The text layer of a PDF, pages separated by form feeds. Raises BrokenPdf for a
    truncated or damaged file and EncryptedPdf for one that needs a password."""
    if b"%%EOF" not in data[-2048:]:
        raise BrokenPdf(
            f"{where} is a truncated PDF: it has no end-of-file marker (%%EOF), so the "
            "download or copy stopped part-way. Download it again, check that its size "
            "matches the one the server reports, and capture the complete copy."
        )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedPdf(
                f"{where} is an encrypted PDF that needs a password to open, so its text "
                "cannot be read. Ask the publisher for an unprotected copy; or, if you have "
                "the password, save a decrypted copy (qpdf --password=PASSWORD --decrypt IN.pdf "
                "OUT.pdf), capture that, and note in the source that it was decrypted."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        title = clean_title(str(metadata.get("/Title") or "")) if metadata else ""
    except (FileNotDecryptedError, DependencyError) as error:
        raise EncryptedPdf(
            f"{where} is an encrypted PDF that cannot be opened here ({error}). Save an "
            "unencrypted copy (qpdf --decrypt IN.pdf OUT.pdf), capture that, and note in the "
            "source that it was decrypted."
        ) from error
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError,
            RecursionError, AssertionError) as error:
        raise BrokenPdf(
            f"{where} is a damaged PDF that cannot be read ({type(error).__name__}: {error}). "
            "Download it again, or open it in a PDF reader to check; if the reader can open "
            "it, print it to a new PDF and capture that copy."
        ) from error
    text = "\f".join(page.strip("\n") for page in pages)
    warnings: tuple[str, ...] = ()
    if not text.strip():
        warnings = ("the PDF has no text layer (it is probably scanned); the archived copy is "
                    "kept, but its figures must be read by eye or after OCR",)
    return DocumentText(text, "", PYPDF, title, warnings)


def extract(data: bytes, media_type: str, *, where: str,
            content_type: str | None = None) -> DocumentText:
    """The text of a document of ``media_type`` (HTML, PDF or TEXT from ``formats``)."""
    if media_type == formats.PDF:
        return pdf_text(data, where=where)
    if media_type == formats.HTML:
        return html_text(data, where=where, content_type=content_type)
    if media_type == formats.TEXT:
        return plain_text(data, where=where, content_type=content_type)
    raise ValueError(f"no text extractor for {media_type}")  # pragma: no cover


def language(text: str) -> str:
    """``zh`` when Chinese characters dominate the text, ``en`` when Latin letters do,
    ``und`` otherwise: a first guess for a new source, which a person may correct."""
    sample = text[:_SAMPLE]
    hanzi = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    if hanzi and hanzi * 3 >= latin:  # one Chinese character carries a word's worth
        return "zh"
    return "en" if latin else "und"
