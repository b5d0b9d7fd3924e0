"""The bundled data package: it validates, and the figures keep the promises the README makes."""

from __future__ import annotations

import csv
import json
from datetime import date
from importlib import resources

import frictionless
import pytest

from liuzhi.vocabulary import KINDS, MEASURES, QUALIFIERS, SOURCE_KINDS, UNITS

DATA = resources.files("liuzhi") / "data"

#: Issuing bodies that are non-governmental organisations.
NGOS = {"Safeguard Defenders"}

#: Research rows deliberately left out of the package (see liuzhi/data/README.md).
LEFT_OUT = {"OT001", "OT003", "OT006", "OT007", "OT008", "OT009", "LA016", "PU015"}

PROVINCIAL_POPULATION = 1_409_778_724


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, str]]:
    return {row["figure_id"]: row for row in read("figures.csv")}


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, str]]:
    return {row["source_id"]: row for row in read("sources.csv")}


@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read("regions.csv")}


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def bodies(source: dict[str, str]) -> set[str]:
    return {body.strip() for body in source["issuing_body"].split(";")}


def fields(descriptor: dict, resource: str) -> dict[str, dict]:
    (res,) = [r for r in descriptor["resources"] if r["name"] == resource]
    return {field["name"]: field for field in res["schema"]["fields"]}


# The package as a whole


def test_package_validates_with_frictionless() -> None:
    with resources.as_file(DATA / "datapackage.json") as path:
        report = frictionless.Package(str(path)).validate()
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors
    assert errors == []
    assert [task.name for task in report.tasks] == [
        "figures", "sources", "regions", "parties", "places", "agreements", "statements",
        "communications", "communication_dates", "cases", "facilities"]


def test_package_is_datapackage_v2(descriptor: dict) -> None:
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "liuzhi-monitor-figures"
    assert descriptor["licenses"]


def test_enums_match_the_vocabulary(descriptor: dict) -> None:
    figure_fields = fields(descriptor, "figures")
    assert figure_fields["measure"]["constraints"]["enum"] == list(MEASURES)
    assert figure_fields["unit"]["constraints"]["enum"] == list(UNITS)
    assert figure_fields["qualifier"]["constraints"]["enum"] == list(QUALIFIERS)
    assert figure_fields["kind"]["constraints"]["enum"] == list(KINDS)
    assert fields(descriptor, "sources")["kind"]["constraints"]["enum"] == list(SOURCE_KINDS)


def test_csv_headers_match_the_schemas(descriptor: dict) -> None:
    for resource in descriptor["resources"]:
        with (DATA / resource["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["name"]


def test_data_files_do_not_point_outside_the_project() -> None:
    for name in ("figures.csv", "sources.csv", "regions.csv", "datapackage.json", "README.md"):
        text = (DATA / name).read_text(encoding="utf-8")
        assert "../shared" not in text and "/work/" not in text, name


# Population


def test_province_populations_sum_to_the_31_province_total(regions: dict) -> None:
    provinces = [r for r in regions.values() if r["level"] == "province"]
    assert len(provinces) == 31
    assert sum(int(r["population_2020"]) for r in provinces) == PROVINCIAL_POPULATION


def test_region_populations_equal_their_population_figures(regions: dict, figures: dict) -> None:
    for code, region in regions.items():
        if not region["population_figure"]:
            continue
        figure = figures[region["population_figure"]]
        assert figure["measure"] == "population", code
        assert figure["region_code"] == code
        assert figure["period_start"] == figure["period_end"] == "2020-11-01"
        assert int(figure["value"]) == int(region["population_2020"]), code


def test_national_population_is_provinces_plus_military(figures: dict) -> None:
    assert int(figures["PO001"]["value"]) == PROVINCIAL_POPULATION + int(figures["PO033"]["value"])
    military = figures["PO033"]
    assert (military["region_code"], military["subset"], military["subset_of"]) == ("000000", "true", "PO001")


def test_group_population_is_the_sum_of_its_members(regions: dict) -> None:
    for region in regions.values():
        if region["level"] == "group":
            members = region["members"].split(";")
            assert sum(int(regions[m]["population_2020"]) for m in members) == int(region["population_2020"])


# Sources


def test_every_figure_has_a_source_with_url_and_a_locator(figures: dict, sources: dict) -> None:
    for figure_id, figure in figures.items():
        source = sources[figure["source_id"]]
        assert source["url"].startswith(("http://", "https://")), figure_id
        assert figure["locator"].strip(), figure_id


def test_sources_are_one_per_url_numbered_in_order_of_first_use(figures: dict, sources: dict) -> None:
    urls = [s["url"] for s in sources.values()]
    assert len(urls) == len(set(urls))
    # S001–S199 are numbered by first use in figures.csv; S201 on belong to the registries.
    core = [s for s in sources if s < "S200"]
    first_use = [s for s in dict.fromkeys(f["source_id"] for f in figures.values()) if s < "S200"]
    assert first_use == core == [f"S{i:03d}" for i in range(1, len(core) + 1)]
    registry = [s for s in sources if s >= "S200"]
    assert registry == [f"S{i:03d}" for i in range(201, 201 + len(registry))]


def test_only_the_issuing_bodys_own_page_is_primary(sources: dict) -> None:
    for source_id, source in sources.items():
        if source["secondary"] == "false":
            assert source["publisher"] in bodies(source), source_id


# Kinds


def test_ngo_estimates_come_from_ngos(figures: dict, sources: dict) -> None:
    estimates = {fid for fid, f in figures.items() if f["kind"] == "ngo_estimate"}
    assert estimates == {"LZ010", "LZ011", "LZ012", "LZ013", "OT004", "OT005"}
    for figure_id in estimates:
        assert bodies(sources[figures[figure_id]["source_id"]]) & NGOS, figure_id


def test_official_figures_come_from_state_or_party_bodies(figures: dict, sources: dict) -> None:
    for figure_id, figure in figures.items():
        if figure["kind"] == "official":
            assert bodies(sources[figure["source_id"]]) - NGOS, figure_id


# Relations between figures


def test_subset_of_and_duplicate_of_point_at_existing_figures(figures: dict) -> None:
    for figure_id, figure in figures.items():
        for relation in ("subset_of", "duplicate_of"):
            target = figure[relation]
            if target:
                assert target in figures and target != figure_id, (figure_id, relation)
        if figure["subset_of"]:
            assert figure["subset"] == "true", figure_id


def test_duplicates_match_their_target(figures: dict) -> None:
    duplicates = {fid: f["duplicate_of"] for fid, f in figures.items() if f["duplicate_of"]}
    assert duplicates == {"LZ002": "LZ001", "LZ004": "LZ003", "LZ014": "LZ003"}
    keys = ("measure", "region_code", "period_start", "period_end", "value", "value_high", "unit")
    for figure_id, target in duplicates.items():
        assert figures[target]["duplicate_of"] == "", "a duplicate must point at the original"
        for key in keys:
            assert figures[figure_id][key] == figures[target][key], (figure_id, key)


def test_subsets_are_not_larger_than_their_parent(figures: dict) -> None:
    for figure_id, figure in figures.items():
        if figure["subset_of"]:
            parent = figures[figure["subset_of"]]
            assert parent["measure"] == figure["measure"]
            assert float(figure["value"]) < float(parent["value"]), figure_id


# Qualifiers, periods, values


def test_qualifier_precision_and_range_are_consistent(figures: dict) -> None:
    for figure_id, figure in figures.items():
        if figure["qualifier"] == "range":
            assert figure["value_high"] and float(figure["value_high"]) > float(figure["value"]), figure_id
        else:
            assert figure["value_high"] == "", figure_id
        if figure["qualifier"] == "approximate":
            assert figure["precision"], figure_id
        else:
            assert figure["precision"] == "", figure_id


def test_periods_are_ordered(figures: dict) -> None:
    for figure_id, figure in figures.items():
        start = date.fromisoformat(figure["period_start"])
        end = date.fromisoformat(figure["period_end"])
        assert start <= end, figure_id


def test_left_out_rows_are_absent_and_documented(figures: dict) -> None:
    assert not LEFT_OUT & set(figures)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for figure_id in LEFT_OUT:
        assert figure_id in readme, figure_id


def find(figures: dict, **criteria: str) -> list[dict[str, str]]:
    return [f for f in figures.values() if all(f[k] == v for k, v in criteria.items())]


def test_national_liuzhi_2023_and_2024(figures: dict) -> None:
    for year, value in (("2023", "26000"), ("2024", "38000")):
        (original,) = find(figures, measure="liuzhi", region_code="000000", period_start=f"{year}-01-01",
                           period_end=f"{year}-12-31", duplicate_of="")
        assert (original["value"], original["qualifier"], original["precision"]) == (value, "approximate", "1000")
        assert original["kind"] == "official" and original["subset"] == "false"


def test_jiangxi_2018_and_its_subset(figures: dict) -> None:
    total = figures["LZ007"]
    assert (total["measure"], total["region_code"], total["value"], total["qualifier"]) == (
        "liuzhi", "360000", "308", "exact")
    assert (total["period_start"], total["period_end"], total["subset"]) == ("2018-01-01", "2018-12-31", "false")
    part = figures["LZ008"]
    assert (part["value"], part["subset"], part["subset_of"], part["region_code"]) == ("56", "true", "LZ007", "360000")
    inner_mongolia = figures["LZ009"]
    assert (inner_mongolia["value"], inner_mongolia["subset"], inner_mongolia["subset_of"]) == ("27", "true", "")


def test_pilots_hangzhou_and_ngo_estimates(figures: dict) -> None:
    pilots = figures["LZ005"]
    assert (pilots["region_code"], pilots["value"], pilots["period_start"], pilots["period_end"]) == (
        "G-PILOT-2017", "183", "2017-01-01", "2017-08-31")
    hangzhou = figures["LZ006"]
    assert (hangzhou["region_code"], hangzhou["value"], hangzhou["period_start"]) == ("330100", "31", "2017-03-17")
    estimate = figures["LZ011"]
    assert (estimate["value"], estimate["qualifier"], estimate["kind"]) == ("28983", "at_least", "ngo_estimate")
    for figure_id in ("LZ010", "LZ013"):
        per_day = figures[figure_id]
        assert (per_day["value"], per_day["value_high"], per_day["qualifier"], per_day["unit"]) == (
            "16", "76", "range", "persons_per_day")

