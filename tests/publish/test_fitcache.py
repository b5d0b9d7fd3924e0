"""The fit cache of rungs 2 and 3 (liuzhi/publish/fitcache.py): a report on unchanged
figures reads the stored fits instead of refitting; a change of figures, of the protocol's
amendments, of the exposure, the seed or the models' code makes another key; a corrupt or
foreign entry is ignored and rebuilt. No Bayesian fit here: the entries hold rung 0 and 1
estimators (fitted for real, in milliseconds) under the names of rungs 2 and 3."""

from pathlib import Path

import pandas as pd
import pytest

from liuzhi.errors import ConvergenceFailed
from liuzhi.estimate import bayes, validation
from liuzhi.estimate.case_ratio import CaseRatio
from liuzhi.estimate.mixed_model import LogRateMixed
from liuzhi.estimate.population_share import PopulationShare
from liuzhi.publish import fitcache, results


def _fits(table: pd.DataFrame, entry: str) -> fitcache.Fits:
    return fitcache.Fits(entry, {"mixed_model": CaseRatio().fit(table),
                                 "hierarchical_bayes": PopulationShare().fit(table)},
                         {"note": "kept as stored"})


def test_a_stored_entry_is_read_back(bundled_table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = fitcache.key(bundled_table, exposure="cases_filed", seed=0)
    path = fitcache.save(tmp_path / "cache", _fits(bundled_table, entry))
    assert path is not None and path.parent == tmp_path / "cache"
    found = fitcache.load(tmp_path / "cache", entry)
    assert found is not None and found.unavailable == {"note": "kept as stored"}
    assert found.methods["mixed_model"].per_year()[-1] == \
        CaseRatio().fit(bundled_table).per_year()[-1]
    assert fitcache.load(tmp_path / "nothing here", entry) is None


def test_the_key_changes_with_figures_protocol_exposure_seed_and_model(  # type: ignore[no-untyped-def]
        bundled_table, monkeypatch: pytest.MonkeyPatch) -> None:
    base = fitcache.key(bundled_table, exposure="cases_filed", seed=0)
    assert fitcache.key(bundled_table.copy(), exposure="cases_filed", seed=0) == base
    changed = bundled_table.copy()
    row = changed.index[changed["id"] == "LZ007"][0]
    changed.loc[row, "value"] = changed.loc[row, "value"] + 1
    keys = {fitcache.key(changed, exposure="cases_filed", seed=0),
            fitcache.key(bundled_table, exposure="punished", seed=0),
            fitcache.key(bundled_table, exposure="cases_filed", seed=1)}
    # a figure of a measure no model reads does not change the fits
    other = bundled_table.copy()
    listed = other.index[other["measure"] == "listed_company_liuzhi"]
    if len(listed):
        other.loc[listed[0], "value"] = other.loc[listed[0], "value"] + 1
        assert fitcache.key(other, exposure="cases_filed", seed=0) == base
    # a new amendment to the protocol
    extra = validation.Amendment("A99", "2026-12-01", "a test change.", "everything.")
    monkeypatch.setattr(validation, "AMENDMENTS", (*validation.AMENDMENTS, extra))
    keys.add(fitcache.key(bundled_table, exposure="cases_filed", seed=0))
    monkeypatch.undo()
    # new code of the models
    monkeypatch.setattr(fitcache, "MODEL_MODULES", (*fitcache.MODEL_MODULES, "scoring"))
    keys.add(fitcache.key(bundled_table, exposure="cases_filed", seed=0))
    assert len(keys) == 5 and base not in keys


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "other key", "empty"])
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(  # type: ignore[no-untyped-def]
        bundled_table, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    entry = fitcache.key(bundled_table, exposure="cases_filed", seed=0)
    path = fitcache.save(folder, _fits(bundled_table, entry))
    assert path is not None
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a cache entry at all")
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":
        path.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
    elif damage == "other key":  # a well-formed entry under the wrong name
        other = fitcache.save(folder, _fits(bundled_table, "0" * 24))
        assert other is not None
        path.write_bytes(other.read_bytes())
    else:
        path.write_bytes(b"")
    assert fitcache.load(folder, entry) is None
    # the report step then fits and stores a sound entry in its place. (Rung 3 stands
    # for a fit that failed its check, which is kept as such: no sampler in this test.)
    def failed(self, data):  # type: ignore[no-untyped-def]
        raise ConvergenceFailed("did not converge (test)")

    monkeypatch.setattr(bayes.HierarchicalBayes, "fit", failed)
    computed = results.compute(bundled_table, ladder=True, cache=folder)
    assert computed.ladder is not None and not computed.ladder.cached
    found = fitcache.load(folder, entry)
    assert found is not None and isinstance(found.methods["mixed_model"], LogRateMixed)
    assert found.unavailable == {"hierarchical_bayes": "did not converge (test)"}
    assert results.compute(bundled_table, ladder=True, cache=folder).ladder.cached  # type: ignore[union-attr]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_the_report_reads_stored_fits_instead_of_fitting(  # type: ignore[no-untyped-def]
        bundled_table, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    entry = fitcache.key(bundled_table, exposure="cases_filed", seed=0)
    assert fitcache.save(folder, _fits(bundled_table, entry)) is not None

    def refuse(self, data):  # type: ignore[no-untyped-def]
        raise AssertionError("refitted although the fits are stored")

    monkeypatch.setattr(LogRateMixed, "fit", refuse)
    monkeypatch.setattr(bayes.HierarchicalBayes, "fit", refuse)
    computed = results.compute(bundled_table, ladder=True, cache=folder)
    assert computed.ladder is not None and computed.ladder.cached
    assert isinstance(computed.ladder.methods["hierarchical_bayes"], PopulationShare)
    assert computed.ladder.unavailable == {"note": "kept as stored"}
