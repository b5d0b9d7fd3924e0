"""Review: candidates proposed by the extractor, and a person's decisions on them."""

from liuzhi.review.decisions import EDITABLE, accept, parse_edits, reject
from liuzhi.review.queue import Proposed, extract_captures, pending, propose

__all__ = ["EDITABLE", "Proposed", "accept", "extract_captures", "parse_edits", "pending",
           "propose", "reject"]
