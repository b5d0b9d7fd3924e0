"""The estimates as the web overview and ``/api/v1/estimates`` show them: read from the
``Results`` that ``liuzhi report`` renders (same fits, same ladder, same headline rule),
turned into JSON-ready values. Nothing here estimates anything."""

from __future__ import annotations

from typing import Any

from liuzhi.publish import tables
from liuzhi.publish.results import Results


def headline_state(computed: Results) -> str:
    """Why there is or is not a headline: ``headline``, ``no_rung_meets_bar``, ``stale``
    (the saved validation is for other figures), ``not_validated`` or ``no_ladder``."""
    ladder = computed.ladder
    if ladder is None:
        return "no_ladder"
    if ladder.headline:
        return "headline"
    if ladder.validation:
        return "no_rung_meets_bar"
    return "stale" if ladder.stale else "not_validated"


def summary(computed: Results) -> dict[str, Any]:
    ladder = computed.ladder
    methods = ladder.methods if ladder else computed.methods
    latest = computed.years[-1]
    official = computed.official[-1] if computed.official else None
    windows = computed.windows[:2]

    def interval(i: Any, digits: int = 0) -> dict[str, float]:
        return {"point": round(i.point, digits), "low": round(i.low, digits),
                "high": round(i.high, digits)}

    side_by_side = []
    for name, method in methods.items():
        year = method.year(latest)
        side_by_side.append({
            "method": name,
            "headline": bool(ladder and ladder.headline == name),
            "count": interval(year.count), "per_day": interval(year.per_day, 1),
            "interval": "90% probability" if year.intervals else "method's range",
            "cumulative": [interval(cumulative[name].count) for _, cumulative, _ in windows],
        })
    validation = ladder.validation if ladder else None
    as_json = tables.as_json(computed)
    return {
        "ok": True,
        "latest_year": latest,
        "headline": ladder.headline if ladder else None,
        "headline_state": headline_state(computed),
        "official_latest": None if official is None else {
            "year": official.year, "value": official.value, "figure_id": official.figure_id},
        "windows": [label for label, _, _ in windows],
        "side_by_side": side_by_side,
        "unavailable": dict(ladder.unavailable) if ladder else {},
        "per_year": tables.year_rows(computed),
        "cumulative": as_json["cumulative"],
        "leave_one_out": as_json["leave_one_out"],
        "validation": tables.validation_rows(validation["summary"]) if validation else [],
        "verdicts": {rung: {"meets": v["meets"]} for rung, v in
                     (validation or {}).get("verdicts", {}).items()},
        "notes": [tables.SCOPE_NOTE, tables.INTERVAL_NOTE],
    }
