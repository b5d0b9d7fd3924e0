"""An import's keys in bounded memory (issue 10): past a limit they move to a temporary
SQLite file, and the import finds the same duplicates and writes the same rows in the
same order as when every key stays in memory, on SQLite and PostgreSQL."""

from pathlib import Path

import pytest

from liuzhi.errors import ImportFailed
from liuzhi.ledger import Figure, Ledger, keyset
from liuzhi.ledger.importing import import_path
from liuzhi.ledger.keyset import KeySet

from .test_importing import _figure_row, _state, _write


def test_keys_move_to_disk_past_the_limit_and_are_still_found() -> None:
    keys = KeySet(limit=3)
    assert [keys.add_new(k) for k in ["a", "b", "c"]] == [True, True, True]
    assert not keys.on_disk()
    assert keys.add_new("d") and keys.on_disk()
    assert not keys.add_new("a")  # on disk now
    assert keys.add_new("e") and not keys.add_new("e")  # in memory, waiting for disk
    assert all(k in keys for k in "abcde") and "f" not in keys and 7 not in keys
    assert len(keys) == 5


def test_an_import_past_the_limit_finds_duplicates_and_orders_parents(
        loaded: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyset, "MEMORY_KEYS", 4)
    before = _state(loaded)
    rows = [_figure_row(f"K{i}") for i in range(10)] + [_figure_row("K2")]
    with pytest.raises(ImportFailed, match=r"row 12, column figure_id.*K2"):
        import_path(loaded, _write(tmp_path, rows, "dup.csv"), actor="a")
    assert _state(loaded) == before

    # A subset whose total comes later in the file, on both sides of the limit.
    rows = ([_figure_row("S1", value="5", subset="true", subset_of="T9")]
            + [_figure_row(f"T{i}", value="30") for i in range(10)]
            + [_figure_row("S2", value="6", subset="true", subset_of="T0")])
    result = import_path(loaded, _write(tmp_path, rows, "parents.csv"), actor="a")
    assert result.inserted["figures"] == 12
    with loaded.session() as session:
        assert session.get(Figure, "S1").subset_of == "T9"
        assert session.get(Figure, "S2").subset_of == "T0"
