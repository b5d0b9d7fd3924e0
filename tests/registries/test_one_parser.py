"""Registry files go through the ledger's one streaming CSV parser: the ledger's files
through the registries' entry point are read as before, and the registries gain the
parser's checks (circles of references, also through the ledger's rows; text that
neither database would hold), with private case rows never quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from liuzhi.errors import ImportFailed
from liuzhi.ledger import Ledger
from liuzhi.registries import importing

from .test_registries import AGREEMENTS, HEADER, counts

REGIONS = ("code,iso_code,name_zh,short_zh,abbr_zh,name_en,level,parent,population_2020,"
           "population_figure,members\n")
PLACES = "code,name_zh,name_en,level,region_code,parent\n"


def test_regions_and_places_files_are_told_apart(loaded: Ledger, tmp_path: Path) -> None:
    # Both headers start with code: each file goes to the table whose columns it has.
    regions = tmp_path / "regions.csv"
    regions.write_text(REGIONS + "990000,,某省,,,Someprovince,province,,1,,\n",
                       encoding="utf-8")
    assert importing.import_path(loaded, regions, actor="a").inserted == {"regions": 1}
    places = tmp_path / "places.csv"
    places.write_text(PLACES + "990100,某市,Somecity,prefecture,990000,\n", encoding="utf-8")
    assert importing.import_path(loaded, places, actor="a").inserted == {"places": 1}


def test_agreements_may_not_refer_round_in_a_circle(loaded: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "agreements.csv"
    path.write_text(AGREEMENTS + "AG900,instrument,talks,,,,2020,,,,,,,S001,q,\n"
                    "AG901,claim,unspecified,,,,2021,,,,,,AG900,S001,q,\n", encoding="utf-8")
    importing.import_path(loaded, path, actor="a")
    before = counts(loaded)
    path.write_text(AGREEMENTS + "AG900,instrument,talks,,,,2020,,,,,,AG901,S001,q,\n",
                    encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"row 2, column refers_to: refers_to AG901 goes "
                       r"round in a circle through rows already in the ledger \(AG900 → "
                       r"AG901 → AG900; in the ledger: AG901\)"):
        importing.import_path(loaded, path, actor="a")
    path.write_text(AGREEMENTS + "AG902,instrument,talks,,,,2020,,,,,,AG903,S001,q,\n"
                    "AG903,claim,unspecified,,,,2021,,,,,,AG902,S001,q,\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"row 2, column refers_to: refers_to AG903 goes "
                       r"round in a circle \(AG902 → AG903 → AG902\)"):
        importing.import_path(loaded, path, actor="a")
    assert counts(loaded) == before


@pytest.mark.parametrize("row, expected", [
    ("K900,SECRET-NAME,true,,,,,2020-05-01,2020-04-30,,,false,,S001,q,\n",
     "column released: released (withheld: private case) is before taken (withheld: "
     "private case)"),
    ("K900,SECRET-NAME,true,,,,,2020-05-01,,,,false,,S404,q,\n",
     "column source_id: source_id (withheld: private case) names no source"),
    ("K900,SECRET-NAME,true,,,,990000,2020-05-01,,,,false,,S001,q,\n",
     "column place_code: place_code (withheld: private case) is neither a place"),
    ("K900,SECRET\x07NAME,true,,,,,2020-05-01,,,,false,,S001,q,\n",
     "column name: name contains a control character (U+0007 at character 7)"),
])
def test_a_private_row_is_never_quoted(ledger: Ledger, tmp_path: Path, row: str,
                                       expected: str) -> None:
    (tmp_path / "sources.csv").write_text(
        "source_id,title,publisher,issuing_body,kind,url,published,secondary,language,"
        "notes\nS001,,P,I,news_report,https://example.org/,2020,true,zh,\n", encoding="utf-8")
    importing.import_path(ledger, tmp_path / "sources.csv", actor="a")
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        importing.import_path(ledger, path, actor="a")
    message = str(failure.value)
    assert expected in message and "1 problem(s)" in message
    for private in ("SECRET", "2020-05-01", "2020-04-30", "S404", "990000"):
        assert private not in message
    assert counts(ledger)["cases"] == 0
