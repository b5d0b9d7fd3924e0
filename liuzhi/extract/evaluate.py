"""Precision and recall of the extractor on the labelled passages, per measure.

    python -m liuzhi.extract.evaluate [--corpus FILE ...] [--quiet]

Each corpus file is scored and reported on its own (by default the development corpus
``passages.yaml``, the held-out ``heldout.yaml`` and the later-written ``unseen.yaml``), so
that a score on text the rules were tuned on is never mixed with one on text they were not.

Matching rule: a predicted candidate matches an expected figure when measure, value,
value_high, unit, period_start and period_end are all equal. Each expected figure is
matched by at most one candidate (greedy, in text order). Qualifier, region and subset
are compared on matched pairs and reported as attribute accuracy; they do not decide a
match.

Targets: precision >= 0.97 and recall >= 0.95 for ``liuzhi``; >= 0.9 for every other
measure that the corpus contains. The exit status is 1 when a target is missed in any file.

The corpus is YAML (see ``tests/data/extract/README.md``); PyYAML comes with frictionless.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from liuzhi.extract.candidates import Candidate, extract

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "extract"
DEFAULT_CORPUS = CORPUS_DIR / "passages.yaml"
#: The files scored when none is named: development, held-out, and written afterwards.
DEFAULT_CORPORA = (DEFAULT_CORPUS, CORPUS_DIR / "heldout.yaml", CORPUS_DIR / "unseen.yaml")

#: (precision, recall) targets per measure; measures not listed use OTHER_TARGET.
TARGETS: dict[str, tuple[float, float]] = {"liuzhi": (0.97, 0.95)}
OTHER_TARGET = (0.9, 0.9)


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

    @property
    def key(self) -> tuple[object, ...]:
        return (self.measure, self.value, self.value_high, self.unit,
                self.period_start, self.period_end)


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
            expected.append(Expected(
                measure=figure["measure"],
                value=int(figure["value"]),
                value_high=figure.get("value_high"),
                unit=figure["unit"],
                qualifier=figure.get("qualifier"),
                region_code=figure.get("region"),
                period_start=_iso(period[0]),
                period_end=_iso(period[1]),
                subset=bool(figure.get("subset", False)),
            ))
        passages.append(Passage(
            id=record["id"],
            text=record["text"],
            document_date=_iso(record.get("document_date")),
            issuer=record.get("issuer"),
            expected=expected,
            style=record.get("style"),
        ))
    return passages


def candidate_key(candidate: Candidate) -> tuple[object, ...]:
    return (candidate.measure, candidate.value, candidate.value_high, candidate.unit,
            candidate.period_start, candidate.period_end)


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


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[tuple[str, Expected]] = field(default_factory=list)
    false_hits: list[tuple[str, Candidate]] = field(default_factory=list)
    attribute_checks: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    disagreements: list[str] = field(default_factory=list)
    passages: int = 0

    def failures(self) -> list[str]:
        """Measures whose targets are not met, with the numbers."""
        failed = []
        for measure, score in sorted(self.scores.items()):
            p_target, r_target = TARGETS.get(measure, OTHER_TARGET)
            if score.precision < p_target or score.recall < r_target:
                failed.append(f"{measure}: precision {score.precision:.3f} (target {p_target}), "
                              f"recall {score.recall:.3f} (target {r_target})")
        return failed

    def table(self) -> str:
        lines = [f"{'measure':<30}{'expected':>9}{'found':>7}{'tp':>5}{'precision':>11}{'recall':>8}"]
        total = Score()
        for measure, score in sorted(self.scores.items()):
            lines.append(
                f"{measure:<30}{score.true_positives + score.false_negatives:>9}"
                f"{score.true_positives + score.false_positives:>7}{score.true_positives:>5}"
                f"{score.precision:>11.3f}{score.recall:>8.3f}"
            )
            total.true_positives += score.true_positives
            total.false_positives += score.false_positives
            total.false_negatives += score.false_negatives
        lines.append(
            f"{'all':<30}{total.true_positives + total.false_negatives:>9}"
            f"{total.true_positives + total.false_positives:>7}{total.true_positives:>5}"
            f"{total.precision:>11.3f}{total.recall:>8.3f}"
        )
        for name, checks in sorted(self.attribute_checks.items()):
            lines.append(f"attribute {name:<20} {sum(checks)}/{len(checks)} matched pairs agree")
        return "\n".join(lines)


def evaluate(passages: Iterable[Passage]) -> Report:
    """Score the extractor on ``passages``."""
    report = Report()
    for passage in passages:
        report.passages += 1
        found = extract(passage.text, document_date=passage.document_date, issuer=passage.issuer)
        unmatched = list(passage.expected)
        for candidate in found:
            key = candidate_key(candidate)
            match = next((e for e in unmatched if e.key == key), None)
            score = report.scores[candidate.measure]
            if match is None:
                score.false_positives += 1
                report.false_hits.append((passage.id, candidate))
                continue
            unmatched.remove(match)
            score.true_positives += 1
            checks = {
                "qualifier": (match.qualifier, candidate.qualifier),
                "region": (match.region_code, candidate.region_code),
                "subset": (match.subset, candidate.subset_of is not None),
            }
            for name, (wanted, got) in checks.items():
                if wanted is None:
                    continue
                report.attribute_checks[name].append(wanted == got)
                if wanted != got:
                    report.disagreements.append(
                        f"{passage.id}: {name} expected {wanted!r}, got {got!r} "
                        f"for {_describe_candidate(candidate)}")
        for expected in unmatched:
            report.scores[expected.measure].false_negatives += 1
            report.misses.append((passage.id, expected))
    return report


def _describe_expected(e: Expected) -> str:
    high = f"-{e.value_high}" if e.value_high is not None else ""
    return f"{e.measure} {e.value}{high} {e.unit} [{e.period_start} .. {e.period_end}]"


def _describe_candidate(c: Candidate) -> str:
    high = f"-{c.value_high}" if c.value_high is not None else ""
    return (f"{c.measure} {c.value}{high} {c.unit} [{c.period_start} .. {c.period_end}] "
            f"«{c.evidence}»")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="YAML corpus file, scored on its own; repeat for several "
                             f"(default: {', '.join(p.name for p in DEFAULT_CORPORA)} in {CORPUS_DIR})")
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
    """Print the scores of one corpus file; True when it meets the targets."""
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
        print(f"\nfalse hits ({len(report.false_hits)}):")
        for passage_id, candidate in report.false_hits:
            print(f"  {passage_id}: {_describe_candidate(candidate)}")
        print(f"\nattribute disagreements on matched figures ({len(report.disagreements)}):")
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
