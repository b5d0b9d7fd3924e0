"""Data problems as catalogued records: a type id, a message template and a location.

The importer, ``liuzhi validate``, the report and (later) the web app all show the same
text for the same problem, because they all build it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: id → (severity, template). Templates name the offending value and say the fix.
CATALOGUE: dict[str, tuple[str, str]] = {
    "not-utf8": ("error", "the file is not UTF-8 text ({detail}); convert it first, e.g. "
                 "`iconv -f GB18030 -t UTF-8 IN > OUT`, then import OUT"),
    "not-csv": ("error", "the file cannot be read as CSV ({detail}); check the quoting and "
                "that every row has the same number of columns as the header"),
    "too-large": ("error", "the file is {detail}, over the {limit} import limit; split it "
                  "into smaller files"),
    "unknown-table": ("error", "the header ({detail}) matches no ledger table; a figures file "
                      "starts with figure_id, a sources file with source_id, a regions file "
                      "with code"),
    "missing-column": ("error", "the column {column} is missing; add it to the header (it may "
                       "be left empty where it is optional)"),
    "missing-value": ("error", "{column} is empty; every row needs a {column}"),
    "not-a-date": ("error", "{column} {value} is not a date; use YYYY-MM-DD"),
    "not-a-number": ("error", "{column} {value} is not a number; write digits only, with a "
                     "dot for decimals and no separators or 万 (26000, not 26,000 or 2.6万)"),
    "not-an-integer": ("error", "{column} {value} is not a whole number; write digits only"),
    "not-finite": ("error", "{column} {value} is too large to be a number (beyond 1.8e308); "
                   "write the number as published"),
    "out-of-domain": ("error", "{column} {value} is outside its domain: {detail}; correct "
                      "the value"),
    "too-long": ("error", "{column} is {detail}; shorten it (an id is a short code; long "
                 "text belongs in notes)"),
    "control-character": ("error", "{column} contains a control character ({detail}); remove "
                          "it (NUL bytes and escape codes are never part of a figure)"),
    "binary-file": ("error", "the file is {detail}, not a CSV text file; {fix}"),
    "not-a-boolean": ("error", "{column} {value} is not true or false; write true or false"),
    "bad-partial-date": ("error", "{column} {value} is not a date; use YYYY, YYYY-MM or "
                         "YYYY-MM-DD"),
    "unknown-term": ("error", "{column} {value} is not a known {column}; use one of: {detail}"),
    "unknown-reference": ("error", "{column} {value} names no {detail}; add that row first "
                          "or correct the id"),
    "reference-cycle": ("error", "{column} {value} goes round in a circle ({detail}); a row "
                        "cannot be its own ancestor, break the circle"),
    "ledger-cycle": ("error", "{column} {value} goes round in a circle through rows "
                     "already in the ledger ({detail}; in the ledger: {stored}); a row cannot "
                     "be its own ancestor, change this {column} or the ledger's row first"),
    "duplicate-key": ("error", "{column} {value} appears twice in this file; every row needs "
                      "its own id"),
    "period-order": ("error", "period_start {value} is after period_end {detail}; swap them"),
    "range-order": ("error", "value_high {detail} is below value {value}; a range runs from "
                    "value up to value_high"),
    "range-without-high": ("error", "qualifier is range but value_high is empty; give the "
                           "upper end or change the qualifier"),
    "subset-larger": ("error", "this subset ({value}) is larger than its parent {detail}; "
                      "check both values and the subset_of link"),
    "subset-mismatch": ("warning", "this subset and its parent {detail} differ in measure or "
                        "unit; a subset counts part of the same thing"),
    "duplicate-mismatch": ("error", "duplicate_of {detail} differs in measure, region, "
                           "period or value; a duplicate repeats the same figure"),
    "possible-duplicate": ("warning", "same measure, region, period and value as {detail}, "
                           "but not marked duplicate_of; mark one as the duplicate, or note "
                           "why both stand"),
    # Registries (liuzhi/registries/).
    "unknown-place": ("error", "{column} {value} is neither a place in places.csv nor a "
                      "region; add the county or prefecture to places.csv (GB/T 2260 code) "
                      "or correct the code"),
    "reply-before-letter": ("error", "this reply is dated {value}, before the communication "
                            "it answers ({detail}); check both dates and in_reply_to"),
    "release-before-taking": ("error", "released {value} is before taken {detail}; check "
                              "both dates"),
    "private-flag-missing": ("error", "public is empty; write false to keep the case private "
                             "(the default), or true with a public_reason saying why it may "
                             "be shown"),
    "public-without-reason": ("error", "public is true but public_reason is empty; say why "
                              "the case may be shown (already widely reported, consent), or "
                              "write false"),
    "duplicate-record": ("error", "this row repeats {detail} ({value}) under another id; "
                         "keep one row, or change what distinguishes them"),
    "kind-source-mismatch": ("warning", "an ngo_estimate figure whose source does not name "
                             "an NGO ({detail}); check kind"),
}


@dataclass(frozen=True)
class Problem:
    id: str
    file: str = ""
    row: int | None = None
    column: str = ""
    value: Any = ""
    detail: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return CATALOGUE[self.id][0]

    @property
    def where(self) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        template = CATALOGUE[self.id][1]
        text = template.format(column=self.column, value=self.value, detail=self.detail,
                               **self.extra)
        return f"{self.where}: {text}" if self.where else text

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "file": self.file, "row": self.row,
                "column": self.column, "value": str(self.value), "message": self.message}
