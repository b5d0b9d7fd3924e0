"""Precision and recall of the extractor on the labelled passages, per measure.

    python -m liuzhi.extract.evaluate [--corpus FILE ...] [--quiet]

Each corpus file is scored and reported on its own (by default the development corpus
``passages.yaml``, the held-out ``heldout.yaml``, the later-written ``unseen.yaml`` and the
real-page rounds ``realpages.yaml`` to ``realpages12.yaml`` that meet every target, one a
round), so that a score on text the rules were tuned on is never mixed with one on text
they were not. ``realpages6.yaml`` (tables, short of the targets for fugitives returned
and prosecutions) and the ``final20*.yaml`` files, one a round, kept aside, are only
scored when named.

Matching. A candidate *matches* an expected figure when measure, value, value_high and
unit are equal (the value). Each expected figure is matched by at most one candidate and
each candidate by at most one figure; pairs that also agree on the period, then on the
subset link, are preferred. Precision and recall per measure are reported at three levels:

* ``value``: the pair above;
* ``+period``: the value, and period_start and period_end equal;
* ``+subset``: that, and the subset link right: a figure labelled ``subset_of: K`` (the
  0-based index of its parent in the passage's ``expected`` list) must point at the
  candidate matched to figure K; an older-style ``subset: true`` must be linked to some
  figure; a figure without either must not be linked.

Besides, on matched pairs: period, subset, qualifier, region, scope (a figure labelled
with a ``scope`` must carry one; the corpus writes scopes as free English descriptions,
so only their presence is compared) and ``inferred`` agreement. Every miss and every false
positive is listed, and every matched pair whose period or subset is wrong.

Targets: precision >= 0.97 and recall >= 0.95 for ``liuzhi``; >= 0.9 for every other
measure that the corpus contains, at the value level (the issue's definition) and, for
the older files, at the ``+period`` level as well (``Report.failures(level=...)``). The
exit status is 1 when a value-level target is missed in any file.

The module imports nothing from the extractor but ``candidates.extract``, and reads
candidate attributes added later (``inferred``, ``reason``) with defaults, so that it can
score an older extractor too.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liuzhi.extract.candidates import extract

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "extract"
DEFAULT_CORPUS = CORPUS_DIR / "passages.yaml"
#: The files scored when none is named: development, held-out, written afterwards, and
#: the real-page styles (four rounds). The final20*.yaml files are not among them (each
#: scored once, by name).
DEFAULT_CORPORA = (DEFAULT_CORPUS, CORPUS_DIR / "heldout.yaml", CORPUS_DIR / "unseen.yaml",
                   CORPUS_DIR / "realpages.yaml", CORPUS_DIR / "realpages2.yaml",
                   CORPUS_DIR / "realpages3.yaml", CORPUS_DIR / "realpages4.yaml",
                   CORPUS_DIR / "realpages5.yaml", CORPUS_DIR / "realpages7.yaml",
                   CORPUS_DIR / "realpages8.yaml", CORPUS_DIR / "realpages9.yaml",
                   CORPUS_DIR / "realpages10.yaml", CORPUS_DIR / "realpages11.yaml",
                   CORPUS_DIR / "realpages12.yaml")

#: (precision, recall) targets per measure; measures not listed use OTHER_TARGET.
TARGETS: dict[str, tuple[float, float]] = {"liuzhi": (0.97, 0.95)}
OTHER_TARGET = (0.9, 0.9)
LEVELS = ("value", "period", "subset")

Extractor = Callable[..., Sequence[Any]]


@dataclass(frozen=True)
class Expected:
    measure: str
    value: int
    value_high: int | None
    unit: str
    qualifier: str | None
    region_code: str | None
    period_start: str | None
    period_end: str | None
    subset: bool
    subset_of: int | None = None
    scope: str | None = None
    inferred: bool = False

    @property
    def key(self) -> tuple[object, ...]:
        return (self.measure, self.value, self.value_high, self.unit,
                self.period_start, self.period_end)

    @property
    def value_key(self) -> tuple[object, ...]:
        return (self.measure, self.value, self.value_high, self.unit)


@dataclass
class Passage:
    id: str
    text: str
    document_date: str | None
    issuer: str | None
    expected: list[Expected]
    style: str | None = None


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def load(path: Path) -> list[Passage]:
    """The passages of a YAML corpus file."""
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    passages = []
    for record in records:
        expected = []
        for figure in record.get("expected") or []:
            period = figure.get("period") or [None, None]
            subset_of = figure.get("subset_of")
            expected.append(Expected(
                measure=figure["measure"],
                value=int(figure["value"]),
                value_high=figure.get("value_high"),
                unit=figure["unit"],
                qualifier=figure.get("qualifier"),
                region_code=None if figure.get("region") is None else str(figure["region"]),
                period_start=_iso(period[0]),
                period_end=_iso(period[1]) if len(period) > 1 else None,
                subset=bool(figure.get("subset", False)) or subset_of is not None,
                subset_of=None if subset_of is None else int(subset_of),
                scope=figure.get("scope"),
                inferred=bool(figure.get("inferred", False)),
            ))
        passages.append(Passage(
            id=str(record["id"]),
            text=record["text"],
            document_date=_iso(record.get("document_date")),
            issuer=record.get("issuer"),
            expected=expected,
            style=record.get("style"),
        ))
    return passages


def candidate_key(candidate: Any) -> tuple[object, ...]:
    return (candidate.measure, candidate.value, candidate.value_high, candidate.unit,
            candidate.period_start, candidate.period_end)


def _is_subset(candidate: Any) -> bool:
    """A part of another figure in the text, linked to it. A figure scoped to a campaign
    or a sector without its total in the text (``partial``) is not one: the corpus gives
    those a ``scope`` and no ``subset_of``, and the scope check reports them."""
    return candidate.subset_of is not None


def _value_key(candidate: Any) -> tuple[object, ...]:
    return (candidate.measure, candidate.value, candidate.value_high, candidate.unit)


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def _scores() -> dict[str, Score]:
    return defaultdict(Score)


@dataclass
class Report:
    #: value level, the headline (kept under this name for callers)
    scores: dict[str, Score] = field(default_factory=_scores)
    period_scores: dict[str, Score] = field(default_factory=_scores)
    subset_scores: dict[str, Score] = field(default_factory=_scores)
    misses: list[tuple[str, Expected]] = field(default_factory=list)
    false_hits: list[tuple[str, Any]] = field(default_factory=list)
    attribute_checks: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    disagreements: list[str] = field(default_factory=list)
    passages: int = 0

    def level(self, name: str) -> dict[str, Score]:
        return {"value": self.scores, "period": self.period_scores,
                "subset": self.subset_scores}[name]

    def failures(self, level: str = "value") -> list[str]:
        """Measures whose targets are not met at ``level``, with the numbers."""
        failed = []
        for measure, score in sorted(self.level(level).items()):
            if measure not in TARGETS and not score.true_positives + score.false_negatives:
                continue  # not a measure the corpus contains: its false positives are listed
            p_target, r_target = TARGETS.get(measure, OTHER_TARGET)
            if score.precision < p_target or score.recall < r_target:
                failed.append(f"{measure} ({level}): precision {score.precision:.3f} "
                              f"(target {p_target}), recall {score.recall:.3f} "
                              f"(target {r_target})")
        return failed

    def table(self) -> str:
        header = f"{'measure':<28}{'expected':>9}{'found':>7}"
        for name in LEVELS:
            label = name if name == "value" else "+" + name
            header += f"{label + ' P':>11}{'R':>7}"
        lines = [header]
        totals = {name: Score() for name in LEVELS}
        for measure in sorted(self.scores):
            value = self.scores[measure]
            row = (f"{measure:<28}{value.true_positives + value.false_negatives:>9}"
                   f"{value.true_positives + value.false_positives:>7}")
            for name in LEVELS:
                score = self.level(name)[measure]
                row += f"{score.precision:>11.3f}{score.recall:>7.3f}"
                total = totals[name]
                total.true_positives += score.true_positives
                total.false_positives += score.false_positives
                total.false_negatives += score.false_negatives
            lines.append(row)
        value = totals["value"]
        row = (f"{'all':<28}{value.true_positives + value.false_negatives:>9}"
               f"{value.true_positives + value.false_positives:>7}")
        for name in LEVELS:
            row += f"{totals[name].precision:>11.3f}{totals[name].recall:>7.3f}"
        lines.append(row)
        for name, checks in sorted(self.attribute_checks.items()):
            lines.append(f"attribute {name:<12} {sum(checks)}/{len(checks)} matched pairs agree")
        return "\n".join(lines)


def _pair(expected: list[Expected], found: Sequence[Any]) -> dict[int, int]:
    """Expected index → candidate index: value matches, preferring those whose period
    also agrees, then those whose subset flag also agrees."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    tests: list[Callable[[Expected, Any], bool]] = [
        lambda e, c: e.key == candidate_key(c) and e.subset == _is_subset(c),
        lambda e, c: e.key == candidate_key(c),
        lambda e, c: e.value_key == _value_key(c),
    ]
    for test in tests:
        for i, e in enumerate(expected):
            if i in pairs:
                continue
            for j, c in enumerate(found):
                if j not in used and test(e, c):
                    pairs[i] = j
                    used.add(j)
                    break
    return pairs


def _subset_right(i: int, passage: Passage, found: Sequence[Any], pairs: dict[int, int]) -> bool:
    e = passage.expected[i]
    c = found[pairs[i]]
    if e.subset_of is not None:
        parent = pairs.get(e.subset_of)
        return parent is not None and c.subset_of == parent
    return e.subset == _is_subset(c)


def evaluate(passages: Iterable[Passage], extractor: Extractor | None = None) -> Report:
    """Score ``extractor`` (by default this package's ``extract``) on ``passages``."""
    run = extractor or extract
    report = Report()
    for passage in passages:
        report.passages += 1
        found = list(run(passage.text, document_date=passage.document_date,
                         issuer=passage.issuer))
        pairs = _pair(passage.expected, found)
        matched = set(pairs.values())
        period_ok: dict[int, bool] = {}
        subset_ok: dict[int, bool] = {}
        for i, j in sorted(pairs.items()):
            e, c = passage.expected[i], found[j]
            period_ok[i] = (e.period_start, e.period_end) == (c.period_start, c.period_end)
            subset_ok[i] = _subset_right(i, passage, found, pairs)
            checks: dict[str, tuple[object, object]] = {
                "period": ([e.period_start, e.period_end], [c.period_start, c.period_end]),
                "subset": (True, subset_ok[i]),
                "qualifier": (e.qualifier, c.qualifier),
                "region": (e.region_code, c.region_code),
                "inferred": (e.inferred, bool(getattr(c, "inferred", False))),
            }
            if e.scope is not None:
                checks["scope"] = (e.scope, getattr(c, "scope", None) or None)
            for name, (wanted, got) in checks.items():
                if wanted is None:
                    continue
                agree = bool(got) if name == "scope" else wanted == got
                report.attribute_checks[name].append(agree)
                if not agree:
                    if name == "subset":
                        wanted = (f"subset of #{e.subset_of}" if e.subset_of is not None
                                  else "a subset" if e.subset else "not a subset")
                        got = (f"subset of «{found[c.subset_of].evidence}»"
                               if c.subset_of is not None
                               else f"partial ({c.scope})" if _is_subset(c) else "not a subset")
                    report.disagreements.append(
                        f"{passage.id}: {name} expected {wanted!r}, got {got!r} "
                        f"for {_describe_candidate(c)}")
        for i, e in enumerate(passage.expected):
            for name in LEVELS:
                hit = i in pairs and (name == "value" or period_ok[i]) and (
                    name != "subset" or subset_ok[i])
                score = report.level(name)[e.measure]
                if hit:
                    score.true_positives += 1
                else:
                    score.false_negatives += 1
            if i not in pairs:
                report.misses.append((passage.id, e))
        for j, c in enumerate(found):
            if j in matched:
                continue
            for name in LEVELS:
                report.level(name)[c.measure].false_positives += 1
            report.false_hits.append((passage.id, c))
        # a value match with a wrong period or link is also a false positive at that level
        for i, j in pairs.items():
            measure = found[j].measure
            if not period_ok[i]:
                report.period_scores[measure].false_positives += 1
            if not (period_ok[i] and subset_ok[i]):
                report.subset_scores[measure].false_positives += 1
    return report


def _describe_expected(e: Expected) -> str:
    high = f"-{e.value_high}" if e.value_high is not None else ""
    subset = (f" subset_of #{e.subset_of}" if e.subset_of is not None
              else " subset" if e.subset else "")
    scope = f" scope {e.scope}" if e.scope else ""
    inferred = " inferred" if e.inferred else ""
    return (f"{e.measure} {e.value}{high} {e.unit} [{e.period_start} .. {e.period_end}]"
            f"{subset}{scope}{inferred}")


def _describe_candidate(c: Any) -> str:
    high = f"-{c.value_high}" if c.value_high is not None else ""
    return (f"{c.measure} {c.value}{high} {c.unit} [{c.period_start} .. {c.period_end}] "
            f"«{c.evidence}»")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="YAML corpus file, scored on its own; repeat for several "
                             f"(default: {', '.join(p.name for p in DEFAULT_CORPORA)} "
                             f"in {CORPUS_DIR})")
    parser.add_argument("--quiet", action="store_true", help="only the tables")
    args = parser.parse_args(argv)
    paths = args.corpus or [p for p in DEFAULT_CORPORA if p.exists()]
    failed_files = []
    for index, path in enumerate(paths):
        if index:
            print()
        print(f"== {path.name}")
        if not _report_file(path, args.quiet):
            failed_files.append(path.name)
    if len(paths) > 1:
        print("\ntargets not met in: " + ", ".join(failed_files) if failed_files
              else "\nall targets met in every file")
    return 1 if failed_files else 0


def _report_file(path: Path, quiet: bool) -> bool:
    """Print the scores of one corpus file; True when it meets the value-level targets."""
    passages = load(path)
    report = evaluate(passages)
    print(f"{report.passages} passages, "
          f"{sum(len(p.expected) for p in passages)} expected figures, "
          f"{sum(1 for p in passages if not p.expected)} negative passages")
    print(report.table())
    if not quiet:
        print(f"\nmisses ({len(report.misses)}):")
        for passage_id, expected in report.misses:
            print(f"  {passage_id}: {_describe_expected(expected)}")
        print(f"\nfalse positives ({len(report.false_hits)}):")
        for passage_id, candidate in report.false_hits:
            print(f"  {passage_id}: {_describe_candidate(candidate)}")
        print(f"\nmatched figures with a wrong attribute ({len(report.disagreements)}):")
        for line in report.disagreements:
            print(f"  {line}")
    failed = report.failures()
    if failed:
        print("\ntargets not met:\n  " + "\n  ".join(failed))
        return False
    print("\nall targets met")
    return True


if __name__ == "__main__":
    sys.exit(main())
