"""One exception hierarchy for the whole library.

    LiuzhiError                 anything this project raises on purpose
    ├── ConfigError             a setting or environment variable is wrong
    ├── UnknownRegion           a name or code that is not in the region table
    ├── LedgerError             the ledger cannot do what was asked
    │   ├── ImportFailed        an import was refused; nothing was written
    │   └── AuditChainBroken    the audit log was edited or cut
    ├── EstimateError           an estimator cannot be fitted or asked
    └── PublishError            a report or export cannot be written

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


class ImportFailed(LedgerError):
    pass


class AuditChainBroken(LedgerError):
    pass


class EstimateError(LiuzhiError):
    pass


class PublishError(LiuzhiError):
    pass
