"""How each ledger table is written as CSV: column names, types and what is required.

The bundled data package, ``liuzhi import`` and ``liuzhi export`` all use these columns;
a test holds ``liuzhi/data/datapackage.json`` to the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from liuzhi import vocabulary
from liuzhi.ledger.models import Base, Figure, Region, Source


@dataclass(frozen=True)
class Column:
    name: str  # in the CSV
    attribute: str  # on the model
    type: str  # string | date | number | integer | boolean | partial_date
    required: bool = False
    terms: tuple[str, ...] = ()  # allowed values, when the column is a vocabulary term
    references: str = ""  # table whose key this column names


@dataclass(frozen=True)
class Table:
    name: str
    model: type[Base]
    key: str  # CSV column holding the primary key
    columns: tuple[Column, ...]

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


REGIONS = Table("regions", Region, "code", (
    Column("code", "code", "string", required=True),
    Column("iso_code", "iso_code", "string"),
    Column("name_zh", "name_zh", "string", required=True),
    Column("short_zh", "short_zh", "string"),
    Column("abbr_zh", "abbr_zh", "string"),
    Column("name_en", "name_en", "string", required=True),
    Column("level", "level", "string", required=True,
           terms=("national", "province", "prefecture", "county", "group")),
    Column("parent", "parent", "string", references="regions"),
    Column("population_2020", "population_2020", "integer"),
    Column("population_figure", "population_figure", "string"),
    Column("members", "members", "string"),
))

SOURCES = Table("sources", Source, "source_id", (
    Column("source_id", "id", "string", required=True),
    Column("title", "title", "string"),
    Column("publisher", "publisher", "string", required=True),
    Column("issuing_body", "issuing_body", "string", required=True),
    Column("kind", "kind", "string", required=True, terms=tuple(vocabulary.SOURCE_KINDS)),
    Column("url", "url", "string", required=True),
    Column("published", "published", "partial_date"),
    Column("secondary", "secondary", "boolean", required=True),
    Column("language", "language", "string", required=True),
    Column("notes", "notes", "string"),
))

FIGURES = Table("figures", Figure, "figure_id", (
    Column("figure_id", "id", "string", required=True),
    Column("measure", "measure", "string", required=True, terms=tuple(vocabulary.MEASURES)),
    Column("region_code", "region_code", "string", required=True, references="regions"),
    Column("period_start", "period_start", "date", required=True),
    Column("period_end", "period_end", "date", required=True),
    Column("value", "value", "number", required=True),
    Column("value_high", "value_high", "number"),
    Column("qualifier", "qualifier", "string", required=True,
           terms=tuple(vocabulary.QUALIFIERS)),
    Column("unit", "unit", "string", required=True, terms=tuple(vocabulary.UNITS)),
    Column("precision", "precision", "number"),
    Column("subset", "subset", "boolean"),
    Column("subset_of", "subset_of", "string", references="figures"),
    Column("duplicate_of", "duplicate_of", "string", references="figures"),
    Column("scope", "scope", "string"),
    Column("kind", "kind", "string", required=True, terms=tuple(vocabulary.KINDS)),
    Column("source_id", "source_id", "string", required=True, references="sources"),
    Column("locator", "locator", "string"),
    Column("notes", "notes", "string"),
))

#: In the order an import must write them: what is referred to comes first.
TABLES: tuple[Table, ...] = (REGIONS, SOURCES, FIGURES)
