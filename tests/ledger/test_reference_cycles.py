"""A row may not close a circle of references through rows already in the ledger (issue
10): the import is refused with one paragraph naming the rows, and nothing is written,
on SQLite and PostgreSQL. Circles within one file are tested in test_hostile_input."""

from pathlib import Path

import pytest

from liuzhi.errors import ImportFailed
from liuzhi.ledger import Figure, Ledger
from liuzhi.ledger.importing import import_path

from .test_importing import _figure_row, _state, _write


def test_a_circle_through_the_ledger_is_refused(loaded: Ledger, tmp_path: Path) -> None:
    # In the ledger: C is a subset of B, B of A.
    chain = [_figure_row("A", value="30"),
             _figure_row("B", value="20", subset="true", subset_of="A"),
             _figure_row("C", value="10", subset="true", subset_of="B")]
    import_path(loaded, _write(tmp_path, chain, "chain.csv"), actor="a")
    before = _state(loaded)

    # A made a subset of C: A → C → B → A, through two rows the file does not hold.
    path = _write(tmp_path, [_figure_row("X1"), _figure_row("A", value="30", subset="true",
                                                            subset_of="C")])
    with pytest.raises(ImportFailed) as failure:
        import_path(loaded, path, actor="mallory")
    message = str(failure.value)
    assert message.startswith("Nothing was imported: 1 problem(s) found.")
    assert (f"{path}, row 3, column subset_of: subset_of C goes round in a circle through "
            "rows already in the ledger (A → C → B → A; in the ledger: C, B)") in message
    assert "change this subset_of or the ledger's row first" in message
    assert _state(loaded) == before

    # A circle of the file's own rows is the file's circle, said once.
    rows = [_figure_row("D", value="5", subset="true", subset_of="A"),
            _figure_row("A", value="30", subset="true", subset_of="D")]
    with pytest.raises(ImportFailed, match=r"1 problem\(s\)[\s\S]*subset_of A goes round "
                       r"in a circle \(D → A → D\); "):
        import_path(loaded, _write(tmp_path, rows), actor="mallory")
    # Two rows of the file on a circle through two of the ledger's: said once.
    rows = [_figure_row("D", value="5", subset="true", subset_of="C"),
            _figure_row("A", value="30", subset="true", subset_of="D")]
    with pytest.raises(ImportFailed, match=r"1 problem\(s\)[\s\S]*row 2, column subset_of: "
                       r"subset_of C goes round in a circle through rows already in the "
                       r"ledger \(D → C → B → A → D; in the ledger: C, B\)"):
        import_path(loaded, _write(tmp_path, rows), actor="mallory")
    assert _state(loaded) == before


def test_a_file_that_breaks_the_ledger_chain_is_no_circle(loaded: Ledger,
                                                          tmp_path: Path) -> None:
    chain = [_figure_row("A", value="30"),
             _figure_row("B", value="20", subset="true", subset_of="A")]
    import_path(loaded, _write(tmp_path, chain, "chain.csv"), actor="a")
    # B no longer a subset of A, so A may become a subset of B: the file's rows replace
    # the ledger's.
    rows = [_figure_row("A", value="10", subset="true", subset_of="B"),
            _figure_row("B", value="20")]
    assert import_path(loaded, _write(tmp_path, rows), actor="a").updated == {"figures": 2}
    with loaded.session() as session:
        assert session.get(Figure, "A").subset_of == "B"  # type: ignore[union-attr]
        assert session.get(Figure, "B").subset_of is None  # type: ignore[union-attr]
