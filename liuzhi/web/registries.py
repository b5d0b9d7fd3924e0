"""The registries on the web: an index, a page per registry (agreements, communications,
cases, facilities), one per record, the timeline, and the same lists under /api/v1/.

Routes are thin: each calls one function of ``liuzhi.registries.browse`` with the
asker's ``Audience`` (``app.audience``), so a private case reaches reviewers and admins
only, and a private case's id is "not found" (404) for everyone else.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from liuzhi.registries import browse
from liuzhi.web.api import ERROR, Format, Listing, PageNo, PerPage, Text, _list
from liuzhi.web.app import audience, page, web

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["registries"],
                responses={400: ERROR, 404: ERROR})

RecordId = Annotated[str, Path(max_length=64)]
Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
Kinds = Annotated[str | None, Query(max_length=128, description=(
    "one of figures, agreements, communications, cases, facilities, or several with commas"))]
Flag = Annotated[Literal["", "true", "false"] | None, Query()]
HtmlPage = Annotated[int, Query(alias="page", ge=1, le=1_000_000)]


def _flag(value: str | None) -> bool | None:
    return None if not value else value == "true"


def _marked(response: Any, who: Any) -> Any:
    """A list a reviewer or admin receives may hold private cases: say so on the response
    (as the CLI's exports do), so a downloaded file is not passed on unknowingly."""
    if who.private:
        response.headers["X-Liuzhi-Private-Records"] = "may be included"
    return response


# ------------------------------------------------------------------------------- pages

@pages.get("/registries", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    found = browse.counts(web(request).ledger, audience=audience(request))
    return page(request, "registries.html.j2", counts=found)


@pages.get("/registries/agreements", response_class=HTMLResponse)
def agreements_page(request: Request, record: Text = None, status: Text = None,
                    type: Text = None, party: Text = None, page_no: HtmlPage = 1
                    ) -> HTMLResponse:
    found = browse.agreements(web(request).ledger, record=record or None,
                              status=status or None, instrument_type=type or None,
                              party=party or None, page=page_no, per_page=50)
    return page(request, "agreements.html.j2", found=found)


@pages.get("/registries/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: RecordId) -> HTMLResponse:
    return page(request, "agreement.html.j2",
                item=browse.agreement(web(request).ledger, agreement_id))


@pages.get("/registries/communications", response_class=HTMLResponse)
def communications_page(request: Request, party: Text = None, channel: Text = None,
                        unanswered: Flag = None, page_no: HtmlPage = 1) -> HTMLResponse:
    found = browse.communications(web(request).ledger, party=party or None,
                                  channel=channel or None, unanswered=_flag(unanswered),
                                  page=page_no, per_page=50)
    return page(request, "communications.html.j2", found=found)


@pages.get("/registries/communications/{communication_id}", response_class=HTMLResponse)
def communication_page(request: Request, communication_id: RecordId) -> HTMLResponse:
    item = browse.communication(web(request).ledger, communication_id)
    return page(request, "communication.html.j2", item=item)


@pages.get("/registries/cases", response_class=HTMLResponse)
def cases_page(request: Request, outcome: Text = None, page_no: HtmlPage = 1) -> HTMLResponse:
    found = browse.cases(web(request).ledger, outcome=outcome or None,
                         audience=audience(request), page=page_no, per_page=50)
    return page(request, "cases.html.j2", found=found)


@pages.get("/registries/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: RecordId) -> HTMLResponse:
    item = browse.case(web(request).ledger, case_id, audience=audience(request))
    return page(request, "case.html.j2", item=item)


@pages.get("/registries/facilities", response_class=HTMLResponse)
def facilities_page(request: Request, status: Text = None, region: Text = None,
                    confidence: Text = None, page_no: HtmlPage = 1) -> HTMLResponse:
    found = browse.facilities(web(request).ledger, status=status or None,
                              region=region or None, confidence=confidence or None,
                              page=page_no, per_page=50)
    return page(request, "facilities.html.j2", found=found)


@pages.get("/registries/facilities/{facility_id}", response_class=HTMLResponse)
def facility_page(request: Request, facility_id: RecordId) -> HTMLResponse:
    item = browse.facility(web(request).ledger, facility_id)
    return page(request, "facility.html.j2", item=item)


@pages.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, since: Day = None, until: Day = None, kind: Kinds = None,
                  page_no: HtmlPage = 1) -> HTMLResponse:
    found = browse.timeline_page(web(request).ledger, since=browse.day(since, "since"),
                                 until=browse.day(until, "until"), kind=browse.kinds(kind),
                                 audience=audience(request), page=page_no, per_page=200)
    return page(request, "timeline.html.j2", found=found, since=since or "",
                until=until or "", kind=kind or "")


# ---------------------------------------------------------------------------- the API

def _one(item: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "item": item}


@api.get("/agreements", summary="Agreements: instruments found and claims as reported")
def agreements(request: Request, record: Annotated[Literal["instrument", "claim"] | None,
                                                   Query()] = None,
               status: Text = None, type: Text = None, party: Text = None, page: PageNo = 1,
               per_page: PerPage = 50, format: Format = "json") -> Any:
    ledger = web(request).ledger
    listing: Listing = lambda p, n: browse.agreements(  # noqa: E731
        ledger, record=record, status=status or None, instrument_type=type or None,
        party=party or None, page=p, per_page=n)
    return _list("agreements", format, listing, page, per_page)


@api.get("/agreements/{agreement_id}", summary="One agreement, what each party said of it, "
         "its instrument and the claims that refer to it")
def agreement(request: Request, agreement_id: RecordId) -> Any:
    return _one(browse.agreement(web(request).ledger, agreement_id))


@api.get("/communications", summary="Communications, with unanswered ones and days "
         "without reply computed, and every source's date")
def communications(request: Request, party: Text = None, channel: Text = None,
                   unanswered: bool | None = None, page: PageNo = 1, per_page: PerPage = 50,
                   format: Format = "json") -> Any:
    ledger = web(request).ledger
    listing: Listing = lambda p, n: browse.communications(  # noqa: E731
        ledger, party=party or None, channel=channel or None, unanswered=unanswered,
        page=p, per_page=n)
    return _list("communications", format, listing, page, per_page)


@api.get("/communications/{communication_id}", summary="One communication and its replies")
def communication(request: Request, communication_id: RecordId) -> Any:
    return _one(browse.communication(web(request).ledger, communication_id))


@api.get("/cases", summary="Cases: public ones; private ones too for reviewers and admins")
def cases(request: Request, outcome: Text = None, page: PageNo = 1, per_page: PerPage = 50,
          format: Format = "json") -> Any:
    ledger, who = web(request).ledger, audience(request)
    listing: Listing = lambda p, n: browse.cases(  # noqa: E731
        ledger, outcome=outcome or None, audience=who, page=p, per_page=n)
    return _marked(_list("cases", format, listing, page, per_page), who)


@api.get("/cases/{case_id}", summary="One case (a private one for reviewers and admins only)")
def case(request: Request, case_id: RecordId) -> Any:
    return _one(browse.case(web(request).ledger, case_id, audience=audience(request)))


@api.get("/facilities", summary="Facilities built or used for liuzhi")
def facilities(request: Request, status: Text = None, region: Text = None,
               confidence: Text = None, page: PageNo = 1, per_page: PerPage = 50,
               format: Format = "json") -> Any:
    ledger = web(request).ledger
    listing: Listing = lambda p, n: browse.facilities(  # noqa: E731
        ledger, status=status or None, region=region or None, confidence=confidence or None,
        page=p, per_page=n)
    return _list("facilities", format, listing, page, per_page)


@api.get("/facilities/{facility_id}", summary="One facility")
def facility(request: Request, facility_id: RecordId) -> Any:
    return _one(browse.facility(web(request).ledger, facility_id))


@api.get("/timeline", summary="Figures' periods, agreements, communications, cases and "
         "facilities in date order (undated events last)")
def timeline(request: Request, since: Day = None, until: Day = None, kind: Kinds = None,
             page: PageNo = 1, per_page: PerPage = 100, format: Format = "json") -> Any:
    ledger, who = web(request).ledger, audience(request)
    first, last = browse.day(since, "since"), browse.day(until, "until")
    chosen = browse.kinds(kind)
    listing: Listing = lambda p, n: browse.timeline_page(  # noqa: E731
        ledger, since=first, until=last, kind=chosen, audience=who, page=p, per_page=n)
    return _marked(_list("timeline", format, listing, page, per_page), who)

