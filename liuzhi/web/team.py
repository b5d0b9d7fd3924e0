"""Pages behind a login: signing in and out, reviewing candidates (reviewers), the audit
log and ``verify`` (admins). Every POST checks the session's CSRF token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from liuzhi import review as decisions
from liuzhi.capture import check_store
from liuzhi.ledger import accounts, queries
from liuzhi.web.app import RowId, check_csrf, page, require, web

router = APIRouter(include_in_schema=False)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str) -> str:
    """Only a path on this site: never ``//host`` or ``/\\host``, which browsers follow
    off-site."""
    return target if target.startswith("/") and target[1:2] not in ("/", "\\") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=512)] = "/"
               ) -> HTMLResponse:
    return page(request, "login.html.j2", next=_safe_next(next), failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, _field(form, "csrf"))
    state = web(request)
    name, password = _field(form, "name"), _field(form, "password")
    # A locked name or address is answered as a wrong password is: the same words, the
    # same status, so the answer tells neither which accounts exist nor that one is locked.
    attempt = await run_in_threadpool(state.limiter.begin, name, _client(request))
    found = None
    if attempt is not None:
        found = await run_in_threadpool(accounts.authenticate, state.ledger, name, password)
    if attempt is None or found is None:
        return page(request, "login.html.j2", status=401, next=_safe_next(_field(form, "next")),
                    failed=True)
    await run_in_threadpool(state.limiter.succeeded, attempt)
    session = request.state.session
    session.user, session.changed = found.name, True
    session.renew()  # a fresh CSRF token for a new login
    return RedirectResponse(_safe_next(_field(form, "next") or "/"), status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, _field(form, "csrf"))
    session = request.state.session
    session.user, session.changed = None, True
    return RedirectResponse("/", status_code=303)


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.get("/review", response_class=HTMLResponse)
def review_list(request: Request,
                page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1
                ) -> HTMLResponse:
    require(request, "reviewer")
    found = queries.candidates(web(request).ledger, page=page_no)
    return page(request, "review.html.j2", found=found)


@router.get("/review/{candidate_id}", response_class=HTMLResponse)
def review_one(request: Request, candidate_id: RowId) -> HTMLResponse:
    require(request, "reviewer")
    found = queries.candidate(web(request).ledger, candidate_id)
    return page(request, "candidate.html.j2", c=found, editable=decisions.EDITABLE,
                kinds=("official", "ngo_estimate", "derived"))


def form_edits(form: Any, candidate: dict[str, Any]) -> list[str]:
    """``FIELD=VALUE`` for each editable field the reviewer changed."""
    pairs = []
    for name in decisions.EDITABLE:
        raw = _field(form, name).strip()
        before = candidate.get(name)
        shown = "" if before is None else _plain(before)
        if raw != shown and raw:
            pairs.append(f"{name}={raw}")
    return pairs


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@router.post("/review/{candidate_id}/accept")
async def accept(request: Request, candidate_id: RowId) -> Response:
    reviewer = require(request, "reviewer")
    form = await request.form()
    check_csrf(request, _field(form, "csrf"))
    state = web(request)
    candidate = await run_in_threadpool(queries.candidate, state.ledger, candidate_id)
    edits = decisions.parse_edits(form_edits(form, candidate))
    kind = _field(form, "kind") or "official"
    figure = await run_in_threadpool(
        lambda: decisions.accept(state.ledger, candidate_id, reviewer=reviewer.name,
                                 edits=edits, as_subset_of=_field(form, "as_subset_of") or None,
                                 kind=kind))
    return RedirectResponse(f"/figures?source={candidate['source_id']}&decided={figure.id}",
                            status_code=303)


@router.post("/review/{candidate_id}/reject")
async def reject(request: Request, candidate_id: RowId) -> Response:
    reviewer = require(request, "reviewer")
    form = await request.form()
    check_csrf(request, _field(form, "csrf"))
    state = web(request)
    await run_in_threadpool(lambda: decisions.reject(state.ledger, candidate_id,
                                                     reviewer=reviewer.name,
                                                     note=_field(form, "note")))
    return RedirectResponse("/review", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit(request: Request, entity: Annotated[str | None, Query(max_length=32)] = None,
          actor: Annotated[str | None, Query(max_length=128)] = None,
          page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1) -> HTMLResponse:
    require(request, "admin")
    found = queries.audit_events(web(request).ledger, entity=entity or None,
                                 actor=actor or None, page=page_no)
    return page(request, "audit.html.j2", found=found)


def verify_results(request: Request) -> dict[str, Any]:
    state = web(request)
    breaches = state.ledger.verify_audit()
    problems = check_store(state.ledger, state.settings)
    return {"ok": True, "breaches": [b.message for b in breaches],
            "store_problems": [p.message for p in problems],
            "intact": not breaches and not problems}


@router.get("/admin/verify", response_class=HTMLResponse)
def verify(request: Request) -> HTMLResponse:
    require(request, "admin")
    return page(request, "verify.html.j2", result=verify_results(request))
