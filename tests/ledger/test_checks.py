import datetime as dt

from liuzhi.ledger import Figure, Ledger
from liuzhi.ledger.checks import validate


def _figure(figure_id: str, **changes: object) -> Figure:
    values: dict[str, object] = dict(
        id=figure_id, measure="liuzhi", region_code="360000",
        period_start=dt.date(2018, 1, 1), period_end=dt.date(2018, 12, 31), value=10.0,
        qualifier="exact", unit="persons", subset=False, kind="official", source_id="S006",
        locator="x")
    values.update(changes)
    return Figure(**values)


def test_the_bundled_dataset_is_clean(loaded: Ledger) -> None:
    assert validate(loaded) == []


def test_problems_are_found_and_named(loaded: Ledger) -> None:
    with loaded.transaction("test") as writer:
        writer.add(_figure("X1", period_start=dt.date(2019, 1, 1)))
        writer.add(_figure("X2", value=400.0, subset=True, subset_of="LZ007"))
        writer.add(_figure("X3", unit="people"))
        writer.add(_figure("X4", value=308.0))  # the same as LZ007, not marked
        writer.add(_figure("X5", value=309.0, duplicate_of="LZ007"))
        writer.add(_figure("X6", measure="cases_filed", unit="cases", subset=True,
                           subset_of="LZ007", value=1.0))
    found = {(p.id, p.file) for p in validate(loaded)}
    assert found == {
        ("period-order", "figure X1"),
        ("subset-larger", "figure X2"),
        ("unknown-term", "figure X3"),
        ("possible-duplicate", "figure X4"),
        ("duplicate-mismatch", "figure X5"),
        ("subset-mismatch", "figure X6"),
    }
    messages = {p.id: p.message for p in validate(loaded)}
    assert messages["subset-larger"] == (
        "figure X2, column value: this subset (400) is larger than its parent LZ007 (308); "
        "check both values and the subset_of link")
    assert messages["possible-duplicate"].startswith("figure X4: same measure, region, period "
                                                     "and value as LZ007")
