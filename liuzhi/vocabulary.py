"""The controlled vocabulary of the ledger: what a figure can measure, in which unit,
with which qualifier, and of which kind.

Each term is defined once here; the data package schema, the importer, the validator and
the extractor all read these tuples, so a new term is added in one place.
"""

from __future__ import annotations

#: What a figure counts. Chinese terms are the ones official texts use.
MEASURES: dict[str, str] = {
    "liuzhi": "people placed in liuzhi (留置)",
    "rsdl": "people held in residential surveillance at a designated location (指定居所监视居住)",
    "cases_filed": "cases filed for investigation (立案)",
    "punished": "people given Party or administrative sanctions (处分)",
    "transferred_for_prosecution": "people transferred to the procuratorate (移送审查起诉)",
    "prosecuted": "people indicted by the procuratorate (提起公诉)",
    "criminal_liability": "people whose criminal liability was pursued (追究刑事责任)",
    "fugitives_returned": "fugitives returned from abroad (追回外逃人员, Sky Net 天网)",
    "population": "resident population (常住人口)",
    "facilities": "liuzhi facilities built, renovated or expanded",
    "liuzhi_mean_duration": "mean length of a liuzhi placement",
    "liuzhi_per_case_filed": "people placed in liuzhi per case filed",
    "listed_company_liuzhi": "executives of listed companies placed in liuzhi, from company "
                             "announcements (a separate measure, never part of a total)",
    "fourth_form": "people dealt with under the fourth form (第四种形态: serious violations of "
                   "discipline suspected of breaking the law, placed on file for review and "
                   "investigation), in person-times",
}

#: Units a value is counted in.
UNITS: dict[str, str] = {
    "persons": "persons (人)",
    "person_times": "person-times (人次); a person counted again for each placement",
    "cases": "cases (件)",
    "persons_per_day": "persons per day",
    "percent": "percent",
    "days": "days",
    "facilities": "facilities",
}

#: How the published number relates to the true one.
QUALIFIERS: dict[str, str] = {
    "exact": "the number as published, not rounded",
    "approximate": "rounded (e.g. 2.6万) or 约/左右; `precision` gives the rounding unit",
    "at_least": "至少 / 不少于: the true number is this or more",
    "more_than": "超过 / 逾 / 余 / 多: the true number is more than this",
    "nearly": "近 / 将近: the true number is a little below this",
    "at_most": "不超过: the true number is this or less",
    "range": "between value and value_high",
}

#: Who stands behind a figure.
KINDS: dict[str, str] = {
    "official": "a figure released by a Chinese state or Party body",
    "ngo_estimate": "an estimate or compilation published by a non-governmental organisation",
    "derived": "arithmetic on other figures, done by this project",
    "press_tally": "a count journalists or a data provider compiled from public documents "
                   "(company announcements, tender notices)",
}

#: What sort of document a source is.
SOURCE_KINDS: dict[str, str] = {
    "work_report": "a work report (工作报告) of a discipline or supervision commission",
    "special_report": "a special report to a people's congress (专项工作报告)",
    "statistical_bulletin": "a statistical bulletin (通报, 公报)",
    "census_bulletin": "a census bulletin (人口普查公报)",
    "press_conference": "a press conference or official statement",
    "news_report": "a news report or repost",
    "ngo_report": "a report, submission or post by a non-governmental organisation",
    "company_announcement": "a listed company's announcement (公告), e.g. that a director was "
                            "placed in liuzhi (留置通知书)",
    "tender_notice": "a procurement or tender notice (招标公告, 采购公告)",
    "budget": "a budget or final accounts line (预算, 决算)",
    "un_document": "a document of a United Nations body or mechanism",
    "unknown": "not yet known: a source created by capture, waiting for a person to say",
}
