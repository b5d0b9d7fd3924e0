"""The JSON API under /api/v1/: every entity the pages show, the same filters, page
pagination (``page``, ``per_page``) and ``format=csv`` on every list for the whole list
as a CSV download. Errors: ``{"ok": false, "error": ..., "status": ...}``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from liuzhi import review as decisions
from liuzhi.ledger import queries
from liuzhi.ledger.models import User
from liuzhi.web.app import RowId, audience, check_csrf, require, user, web
from liuzhi.web.cache import figure_total
from liuzhi.web.pages import figure_filter
from liuzhi.web.team import verify_results

ERROR = {"description": "An error: {ok: false, error, status}",
         "content": {"application/json": {"example": {"ok": False, "error": "...",
                                                      "status": 400}}}}
router = APIRouter(prefix="/api/v1", responses={400: ERROR, 401: ERROR, 403: ERROR,
                                                404: ERROR})

Text = Annotated[str | None, Query(max_length=64)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE)]
Format = Annotated[Literal["json", "csv"], Query()]
Listing = Callable[[int, int], queries.Page]
Sort = Literal["id", "measure", "region_code", "period_start", "period_end", "value", "kind",
               "qualifier", "source_id"]


def _csv(name: str, listing: Listing) -> StreamingResponse:
    """The whole list, page after page, as one CSV file. The first page is read before the
    response starts, so a bad filter is still answered with an error, not a cut file."""
    first = listing(1, queries.MAX_PER_PAGE)

    def rows() -> Iterator[str]:
        number, header = 1, None
        while True:
            found = first if number == 1 else listing(number, queries.MAX_PER_PAGE)
            for item in found.items:
                flat = {k: v for k, v in item.items() if not isinstance(v, (list, dict))}
                buffer = io.StringIO()
                if header is None:
                    header = list(flat)
                    csv.writer(buffer, lineterminator="\n").writerow(header)
                csv.DictWriter(buffer, header, lineterminator="\n",
                               extrasaction="ignore").writerow(flat)
                yield buffer.getvalue()
            if number >= found.pages:
                break
            number += 1

    return StreamingResponse(rows(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _list(name: str, fmt: str, listing: Listing, page: int, per_page: int) -> Any:
    if fmt == "csv":
        return _csv(name, listing)
    # The rows are JSON types already: skip FastAPI's generic (and slow) encoder.
    return JSONResponse(listing(page, per_page).as_json())


@router.get("/figures", summary="Figures, filtered like the figures page")
def figures(request: Request, measure: Text = None, region: Text = None, period: Text = None,
            kind: Text = None, qualifier: Text = None, source: Text = None,
            sort: Annotated[Sort, Query()] = "id", desc: bool = False,
            page: PageNo = 1, per_page: PerPage = 50, format: Format = "json") -> Any:
    state, who = web(request), audience(request)
    filters = figure_filter(measure, region, period, kind, qualifier, source)
    total = figure_total(request, filters, who)
    return _list("figures", format, lambda p, n: queries.figures(
        state.ledger, filters, sort=sort, descending=desc, page=p, per_page=n, audience=who,
        total=total), page, per_page)


@router.get("/figures/{figure_id}", summary="One figure")
def figure(request: Request, figure_id: str) -> Any:
    return {"ok": True, "item": queries.figure(web(request).ledger, figure_id,
                                               audience=audience(request))}


@router.get("/sources", summary="Sources")
def sources(request: Request, kind: Text = None, page: PageNo = 1, per_page: PerPage = 50,
            format: Format = "json") -> Any:
    state, who = web(request), audience(request)
    return _list("sources", format, lambda p, n: queries.sources(
        state.ledger, kind=kind, page=p, per_page=n, audience=who), page, per_page)


@router.get("/sources/{source_id}", summary="A source, its captures and its figures")
def source(request: Request, source_id: str) -> Any:
    return {"ok": True, "item": queries.source(web(request).ledger, source_id,
                                               audience=audience(request))}


@router.get("/captures", summary="Captures (archived copies), without their text")
def captures(request: Request, source: Text = None, page: PageNo = 1, per_page: PerPage = 50,
             format: Format = "json") -> Any:
    state, who = web(request), audience(request)
    return _list("captures", format, lambda p, n: queries.captures(
        state.ledger, source=source, page=p, per_page=n, audience=who), page, per_page)


@router.get("/captures/{capture_id}", summary="One capture; its file is at "
            "/captures/{id}/download")
def capture(request: Request, capture_id: RowId) -> Any:
    return {"ok": True, "item": queries.capture(web(request).ledger, capture_id,
                                                audience=audience(request))}


@router.get("/regions", summary="Regions")
def regions(request: Request, level: Text = None, parent: Text = None, page: PageNo = 1,
            per_page: PerPage = 100, format: Format = "json") -> Any:
    state, who = web(request), audience(request)
    return _list("regions", format, lambda p, n: queries.regions(
        state.ledger, level=level, parent=parent, page=p, per_page=n, audience=who),
        page, per_page)


@router.get("/regions/{code}", summary="A region, its subdivisions and its figure count")
def region(request: Request, code: str) -> Any:
    return {"ok": True, "item": queries.region(web(request).ledger, code,
                                               audience=audience(request))}


@router.get("/disclosure", summary="What each province disclosed of a measure (the map)")
def disclosure(request: Request, measure: Annotated[str, Query(max_length=64)] = "liuzhi",
               format: Format = "json") -> Any:
    shown = [vars(d) for d in queries.disclosure(web(request).ledger, measure,
                                                 audience=audience(request))]
    listing: Listing = lambda p, n: queries.Page(shown, len(shown), 1, max(1, len(shown)))  # noqa: E731
    return _list("disclosure", format, listing, 1, max(1, len(shown)))


@router.get("/estimates", summary="The estimates the overview shows (report's ladder)")
def estimates(request: Request) -> Any:
    computed = web(request).estimates.get()
    if computed is None:
        return {"ok": True, "ready": False}
    if computed.summary is None:
        return {"ok": False, "ready": True, "error": computed.error, "status": 200}
    return {"ready": True, **computed.summary}


@router.get("/me", summary="Who is logged in, with the CSRF token writes need")
def me(request: Request) -> Any:
    found = user(request)
    return {"ok": True, "user": found.name if found else None,
            "role": found.role if found else None, "csrf": request.state.session.csrf}


@router.get("/candidates", summary="Extraction candidates (reviewers)")
def candidates(request: Request,
               status: Annotated[Literal["pending", "accepted", "rejected"] | None,
                                 Query()] = "pending",
               page: PageNo = 1, per_page: PerPage = 50, format: Format = "json") -> Any:
    require(request, "reviewer")
    state = web(request)
    return _list("candidates", format, lambda p, n: queries.candidates(
        state.ledger, status=status, page=p, per_page=n), page, per_page)


@router.get("/candidates/{candidate_id}", summary="One candidate (reviewers)")
def candidate(request: Request, candidate_id: RowId) -> Any:
    require(request, "reviewer")
    return {"ok": True, "item": queries.candidate(web(request).ledger, candidate_id)}


class Acceptance(BaseModel):
    edits: dict[str, str] = Field(default_factory=dict,
                                  description="FIELD → VALUE, as `liuzhi review --set`")
    as_subset_of: str | None = Field(default=None, max_length=32)
    kind: Literal["official", "ngo_estimate", "derived"] = "official"


class Rejection(BaseModel):
    note: str = Field(default="", max_length=2000)


# The header X-CSRF-Token, by the parameter's name (x_csrf_token; header names are not case
# sensitive): an alias here made pydantic warn while a route was first matched, and a test
# run that turns warnings into errors then failed a request now and then.
CsrfHeader = Annotated[str | None, Header()]


def _reviewer(request: Request) -> User:
    # A dependency, so the role is checked before the body is read or validated.
    return require(request, "reviewer")


Reviewer = Annotated[User, Depends(_reviewer)]


@router.post("/candidates/{candidate_id}/accept", summary="Accept a candidate (reviewers; "
             "X-CSRF-Token from /api/v1/me)")
async def accept(request: Request, candidate_id: RowId, reviewer: Reviewer,
                 body: Annotated[Acceptance, Body()] = Acceptance(),
                 x_csrf_token: CsrfHeader = None) -> Any:
    check_csrf(request, x_csrf_token)
    state = web(request)
    edits = decisions.parse_edits([f"{k}={v}" for k, v in body.edits.items()])
    figure = await run_in_threadpool(
        lambda: decisions.accept(state.ledger, candidate_id, reviewer=reviewer.name,
                                 edits=edits, as_subset_of=body.as_subset_of, kind=body.kind))
    return {"ok": True, "figure": figure.id}


@router.post("/candidates/{candidate_id}/reject", summary="Reject a candidate (reviewers)")
async def reject(request: Request, candidate_id: RowId, reviewer: Reviewer,
                 body: Annotated[Rejection, Body()] = Rejection(),
                 x_csrf_token: CsrfHeader = None) -> Any:
    check_csrf(request, x_csrf_token)
    state = web(request)
    await run_in_threadpool(lambda: decisions.reject(state.ledger, candidate_id,
                                                     reviewer=reviewer.name, note=body.note))
    return {"ok": True}


@router.get("/audit", summary="The audit log, newest first (admins)")
def audit(request: Request, entity: Text = None, actor: Text = None, page: PageNo = 1,
          per_page: PerPage = 50, format: Format = "json") -> Any:
    require(request, "admin")
    state = web(request)
    return _list("audit", format, lambda p, n: queries.audit_events(
        state.ledger, entity=entity, actor=actor, page=p, per_page=n), page, per_page)


@router.get("/verify", summary="The audit chain and the evidence store re-checked (admins)")
def verify(request: Request) -> Any:
    require(request, "admin")
    return verify_results(request)
