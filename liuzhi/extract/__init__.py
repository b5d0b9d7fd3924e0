"""Figure extraction: from the text of an official Chinese document to candidate figures.

    >>> from liuzhi.extract import extract
    >>> [(c.measure, c.value, c.unit) for c in extract("2023年，全省共留置312人。")]
    [('liuzhi', 312, 'persons')]

One concern per module: ``script`` (traditional/full-width folding), ``numerals``
(numbers, qualifiers, units), ``measures`` (trigger words and what blocks them),
``periods`` (dates and periods), ``places`` (regions), ``layout`` (tables read by their
layout: cells, headers, totals and parts), ``tables`` (counts listed a period a line under
a title), ``reflow`` (text pulled out of a PDF, its wrapped lines joined), ``candidates``
(the Candidate record and ``extract``), ``evaluate`` (precision and recall on the labelled
corpus).
"""

from liuzhi.extract.candidates import Candidate, extract, to_json_lines

__all__ = ["Candidate", "extract", "to_json_lines"]
