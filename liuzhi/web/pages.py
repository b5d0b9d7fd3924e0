"""Public pages: no login, nothing private (``app.audience`` decides), every label in
English and Chinese."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from liuzhi.capture.store import ContentStore
from liuzhi.errors import StoreError
from liuzhi.ledger import queries
from liuzhi.web import geo, i18n, ladder_chart
from liuzhi.web.app import RowId, audience, page, web
from liuzhi.web.cache import figure_total

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=64)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    computed = web(request).estimates.get()
    data = computed.chart if computed else None
    return page(request, "overview.html.j2", computed=computed, chart=ladder_chart,
                chart_data=data, chart_svg=ladder_chart.svg(data, request.state.lang)
                if data else "")


@router.get("/estimates/chart.svg")
def chart(request: Request) -> Response:
    computed = web(request).estimates.get()
    if computed is None or computed.chart is None:
        raise HTTPException(404, "The chart is not ready yet; reload in a few seconds.")
    return Response(ladder_chart.svg(computed.chart, request.state.lang, standalone=True),
                    media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})


def figure_filter(measure: str | None, region: str | None, period: str | None,
                  kind: str | None, qualifier: str | None,
                  source: str | None) -> queries.FigureFilter:
    return queries.FigureFilter(measure=measure or None, region=region or None,
                                period=period or None, kind=kind or None,
                                qualifier=qualifier or None, source=source or None)


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, measure: Text = None, region: Text = None, period: Text = None,
            kind: Text = None, qualifier: Text = None, source: Text = None,
            sort: Annotated[str, Query(max_length=32)] = "id", desc: bool = False,
            page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1
            ) -> HTMLResponse:
    state = web(request)
    filters = figure_filter(measure, region, period, kind, qualifier, source)
    found = queries.figures(state.ledger, filters, sort=sort, descending=desc, page=page_no,
                            per_page=50, audience=audience(request),
                            total=figure_total(request, filters, audience(request)))
    choices = queries.figure_choices(state.ledger, audience(request))
    return page(request, "figures.html.j2", found=found, filters=filters, choices=choices,
                sort=sort, desc=desc, sorts=queries.FIGURE_SORTS)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, page_no: Annotated[int, Query(alias="page", ge=1,
                                                            le=1_000_000)] = 1) -> HTMLResponse:
    found = queries.sources(web(request).ledger, page=page_no, audience=audience(request))
    return page(request, "sources.html.j2", found=found)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source(request: Request, source_id: str) -> HTMLResponse:
    found = queries.source(web(request).ledger, source_id, audience=audience(request))
    return page(request, "source.html.j2", source=found)


@router.get("/captures/{capture_id}/download")
def download(request: Request, capture_id: RowId) -> Response:
    """The archived bytes, as a download only: never rendered on this origin."""
    state = web(request)
    relative, _media_type, sha256 = queries.capture_file(state.ledger, capture_id,
                                                         audience=audience(request))
    try:
        path = ContentStore(state.settings.store_dir).path(relative)
    except StoreError as error:
        raise HTTPException(404, str(error)) from None
    if not path.exists():
        raise HTTPException(404, f"The archived file of capture {capture_id} is not in this "
                                 "server's evidence store.")
    name = f"capture-{capture_id}-{sha256[:12]}.bin"
    return FileResponse(path, media_type="application/octet-stream", filename=name,
                        content_disposition_type="attachment",
                        headers={"Content-Security-Policy": "sandbox; default-src 'none'",
                                 "X-Content-SHA256": sha256})


@router.get("/regions", response_class=HTMLResponse)
def regions(request: Request, level: Text = None, parent: Text = None,
            page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1
            ) -> HTMLResponse:
    found = queries.regions(web(request).ledger, level=level, parent=parent, page=page_no,
                            audience=audience(request))
    return page(request, "regions.html.j2", found=found)


@router.get("/regions/{code}", response_class=HTMLResponse)
def region(request: Request, code: str,
           page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1
           ) -> HTMLResponse:
    state = web(request)
    found = queries.region(state.ledger, code, audience=audience(request))
    figures_here = queries.figures(state.ledger, queries.FigureFilter(region=code),
                                   page=page_no, per_page=50, audience=audience(request))
    return page(request, "region.html.j2", region=found, found=figures_here)


@router.get("/map", response_class=HTMLResponse)
def map_(request: Request, measure: Annotated[str, Query(max_length=64)] = "liuzhi"
         ) -> HTMLResponse:
    state = web(request)
    shown = queries.disclosure(state.ledger, measure, audience=audience(request))
    rates = [d.per_100k for d in shown if d.per_100k is not None]
    top = max(rates) if rates else 0.0
    shades = {d.code: _shade(d.per_100k, top) for d in shown}
    measures = queries.figure_choices(state.ledger, audience(request))["measure"]
    return page(request, "map.html.j2", shown=shown, paths=geo.province_paths(), shades=shades,
                measure=measure, measures=measures, width=geo.WIDTH, height=geo.HEIGHT)


def _shade(rate: float | None, top: float) -> str:
    """A class name: ``none`` for silence, ``s1``–``s5`` by rate (square-root scale)."""
    if rate is None:
        return "none"
    if top <= 0:
        return "s1"
    return f"s{min(5, 1 + int(5 * (rate / top) ** 0.5 - 1e-9))}"


@router.get("/methods", response_class=HTMLResponse)
def methods(request: Request) -> HTMLResponse:
    computed = web(request).estimates.get()
    return page(request, "methods.html.j2", computed=computed)


@router.get("/lang/{code}")
def language(code: str, next: Annotated[str, Query(max_length=512)] = "/") -> Response:
    if code not in i18n.LANGUAGES:
        raise HTTPException(404, f"No language {code!r}: use en or zh.")
    target = next if next.startswith("/") and next[1:2] not in ("/", "\\") else "/"
    response = RedirectResponse(quote(target, safe="/?=&%"), status_code=303)
    response.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, httponly=True,
                        samesite="lax")
    return response
