"""``python -m liuzhi.extract --text FILE``: candidates as JSON lines, ledger untouched.

The ``liuzhi extract`` CLI command is meant to be a thin layer over the same call.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from liuzhi.extract.candidates import extract, to_json_lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m liuzhi.extract",
                                     description="Print candidate figures as JSON lines.")
    parser.add_argument("--text", type=Path, required=True, help="UTF-8 text file ('-' for stdin)")
    parser.add_argument("--date", help="document date, ISO (resolves 今年, 去年, 一年来)")
    parser.add_argument("--issuer", help="issuing body, e.g. 浙江省纪委监委")
    args = parser.parse_args(argv)
    text = sys.stdin.read() if str(args.text) == "-" else args.text.read_text(encoding="utf-8")
    sys.stdout.write(to_json_lines(extract(text, document_date=args.date, issuer=args.issuer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
