"""Evidence capture: archive every source document so each figure can be proven later.

    store.py     content-addressed store of original bytes (by SHA-256)
    formats.py   what a document is (HTML, PDF, text, WARC) by its bytes
    fetch.py     fetching URLs: redirects, timeouts, size limits, injectable transport
    warc.py      writing WARC 1.1 records for URL captures; reading WARC files
    text.py      encodings (UTF-8, GBK, GB18030, Big5, lying charsets) and text extraction
    compare.py   how a re-capture differs from the capture before
    archive.py   the orchestration: read → identify → extract → store → ledger
    verify.py    re-hashing the store against the ledger
    bundle.py    BagIt evidence bundles for hand-over
"""

from liuzhi.capture.archive import (
    Batch,
    CaptureResult,
    SourceDefaults,
    capture_many,
    capture_path,
    source_id_for,
)
from liuzhi.capture.bundle import BundleResult, write_bundle
from liuzhi.capture.compare import Change
from liuzhi.capture.limits import Limits
from liuzhi.capture.verify import StoreProblem, check_store, unreferenced_files

__all__ = [
    "Batch",
    "BundleResult",
    "CaptureResult",
    "Change",
    "Limits",
    "SourceDefaults",
    "StoreProblem",
    "capture_many",
    "capture_path",
    "check_store",
    "source_id_for",
    "unreferenced_files",
    "write_bundle",
]
