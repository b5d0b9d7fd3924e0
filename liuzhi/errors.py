"""One exception hierarchy for the whole library.

    LiuzhiError                 anything this project raises on purpose
    ├── ConfigError             a setting or environment variable is wrong
    ├── UnknownRegion           a name or code that is not in the region table
    ├── LedgerError             the ledger cannot do what was asked
    │   ├── LedgerBusy          another command kept the ledger locked too long; nothing written
    │   ├── ImportFailed        an import was refused; nothing was written
    │   ├── NotFound            no row has the id or code asked for
    │   └── AuditChainBroken    the audit log was edited or cut
    ├── EstimateError           an estimator cannot be fitted or asked
    │   ├── BayesUnavailable    the Bayesian rung needs `pip install 'liuzhi[bayes]'`
    │   └── ConvergenceFailed   a Bayesian fit failed its convergence check: not published
    └── PublishError            a report or export cannot be written
        └── OutputRefused       an output path would overwrite the ledger, the evidence
                                store or an existing file; nothing was written

Every message is a paragraph a researcher can act on: what is wrong, where, and the fix.
The CLI prints it without a traceback.
"""

from __future__ import annotations


class LiuzhiError(Exception):
    """Base class: a problem the user can understand and fix."""


class ConfigError(LiuzhiError):
    pass


class UnknownRegion(LiuzhiError, LookupError):
    pass


class LedgerError(LiuzhiError):
    pass


class LedgerBusy(LedgerError):
    """Another writer held the ledger longer than this command would wait; nothing was
    written."""


class ImportFailed(LedgerError):
    pass


class AuditChainBroken(LedgerError):
    pass


class NotFound(LedgerError, LookupError):
    """No row has the id or code asked for (the web answers 404)."""


class EstimateError(LiuzhiError):
    pass


class BayesUnavailable(EstimateError, ImportError):
    """PyMC or nutpie is not installed (the optional ``bayes`` extra)."""


class ConvergenceFailed(EstimateError):
    """A Bayesian fit failed its convergence check; its estimates must not be published."""


class PublishError(LiuzhiError):
    pass


class OutputRefused(PublishError):
    """An output path names the ledger, the evidence store, a folder where a file belongs
    (or the reverse), or an existing file without --force; nothing was written."""


# Evidence capture (liuzhi/capture/). Every CaptureError means nothing was written: the
# store and the ledger are as they were before the capture began.
#
#   LiuzhiError
#   ├── CaptureError            a document cannot be captured
#   │   ├── EmptyDocument       zero bytes
#   │   ├── DocumentTooLarge    over the size limit (on disk, downloaded or decompressed)
#   │   ├── UnsupportedDocument not HTML, PDF, text or WARC, or binary data in a text file
#   │   ├── BrokenPdf           truncated, damaged or not a PDF at all
#   │   ├── EncryptedPdf        needs a password
#   │   ├── BrokenWarc          not a readable WARC file, or nothing in it to capture
#   │   ├── FetchFailed         a URL could not be fetched
#   │   │   ├── FetchTimeout    the server was too slow
#   │   │   └── RedirectLoop    the redirects go round in a circle or never end
#   │   └── StoreError          the evidence store cannot be written, or a stored copy is altered
#   └── BundleError             an evidence bundle cannot be written


class CaptureError(LiuzhiError):
    """A document cannot be captured; nothing was written."""


class EmptyDocument(CaptureError):
    pass


class DocumentTooLarge(CaptureError):
    pass


class UnsupportedDocument(CaptureError):
    pass


class BrokenPdf(CaptureError):
    pass


class EncryptedPdf(CaptureError):
    pass


class BrokenWarc(CaptureError):
    pass


class FetchFailed(CaptureError):
    pass


class FetchTimeout(FetchFailed):
    pass


class RedirectLoop(FetchFailed):
    pass


class StoreError(CaptureError):
    pass


class BundleError(LiuzhiError):
    pass
