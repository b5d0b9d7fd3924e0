"""The web front end: ``create_app(settings)`` builds the FastAPI application.

Routes are thin: they read the request, call one library function (``liuzhi.ledger.queries``
for reading, ``liuzhi.review`` for decisions, ``liuzhi.ledger.accounts`` for logins) and
render. Every error, on a page or in the API, is answered in one shape: JSON
``{"ok": false, "error": ..., "status": ...}`` under /api/, the same words on an HTML page
elsewhere; an unexpected error says nothing of its cause to the client.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any

import jinja2
from fastapi import FastAPI, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from liuzhi import config, vocabulary
from liuzhi.errors import LiuzhiError, NotFound
from liuzhi.ledger import Ledger, queries
from liuzhi.ledger import accounts as accounts_lib
from liuzhi.ledger.models import User
from liuzhi.publish import results
from liuzhi.web import i18n, logins, security
from liuzhi.web.estimates import Compute, EstimateCache

log = logging.getLogger("liuzhi.web")

#: A row id in a path: within a 32-bit integer, as the database keeps it.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
HERE = FilePath(__file__).parent


@dataclass
class Web:
    """What every route needs, held once per application."""

    settings: config.Settings
    ledger: Ledger
    sessions: security.Sessions
    limiter: logins.LoginLimiter
    estimates: EstimateCache
    templates: jinja2.Environment


def default_compute(settings: config.Settings) -> Compute:
    """The same computation as ``liuzhi report`` (``results.for_report``): the ladder, with
    the validation saved in the output folder deciding the headline, and the fits of rungs
    2 and 3 the report stored in the home's cache (or stored here for the report)."""
    def compute(ledger: Ledger) -> results.Results:
        return results.for_report(ledger, settings.out_dir, cache=settings.home / "cache")
    return compute


def create_app(settings: config.Settings, *, ledger: Ledger | None = None,
               compute: Compute | None = None) -> FastAPI:
    """The application. Raises ConfigError in team mode without LIUZHI_WEB_SECRET."""
    key = security.signing_key(settings.web_secret, team=settings.web_team,
                               workers=settings.web_workers)
    ledger = ledger or Ledger.open(settings)
    app = FastAPI(title="Liuzhi Monitor", version="1",
                  description="Sourced figures on China's liuzhi (留置) detention system.",
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             auto_reload=False)
    env.globals["vocabulary"] = vocabulary
    env.filters["number"] = _number
    app.state.web = Web(settings, ledger, security.Sessions(key), logins.LoginLimiter(ledger),
                        EstimateCache(ledger, compute or default_compute(settings)), env)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from liuzhi.web import cache

    cache.install(app, ledger)  # first, so the sessions middleware wraps it
    _install_middleware(app)
    _install_errors(app)
    from liuzhi.web import api, pages, registries, team

    app.include_router(api.router)
    app.include_router(registries.api)
    app.include_router(pages.router)
    app.include_router(registries.pages)
    app.include_router(team.router)
    for router in EXTRA_ROUTERS:
        app.include_router(router)
    return app


#: Routers other parts of the project add (the registries' pages, once they land), and the
#: navigation entries that go with them: (path, label key).
EXTRA_ROUTERS: list[Any] = []
EXTRA_NAV: list[tuple[str, str]] = []


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    number = float(value)
    if digits == 0 and not number.is_integer():
        return f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{number:,.{digits}f}"


def web(request: Request) -> Web:
    found: Web = request.app.state.web
    return found


class SessionsAndHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): reads the session cookie and
    the language into ``request.state``, and adds the security headers and, when the
    session changed, the cookie to the response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = web(request)
        session = state.sessions.load(request.cookies.get(security.COOKIE))
        request.state.session = session
        request.state.user = None
        request.state.lang = i18n.choose(request.cookies.get(i18n.COOKIE))
        if session.user:
            request.state.user = await run_in_threadpool(accounts_lib.get_user, state.ledger,
                                                         session.user)
        secure = scope.get("scheme") == "https"  # request.url would parse the whole URL

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security.HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if session.changed:
                    cookie = Response()
                    cookie.set_cookie(security.COOKIE, state.sessions.dump(session),
                                      max_age=security.MAX_AGE, httponly=True,
                                      samesite="lax", secure=secure, path="/")
                    headers.append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """HEAD answered as GET without the body (RFC 9110 §9.3.2): link checkers and ``curl -I``
    send HEAD, and FastAPI's GET routes would answer it 405. Outermost, so the answer's
    headers (security, cache, length) are exactly those of the GET."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def _install_middleware(app: FastAPI) -> None:
    app.add_middleware(SessionsAndHeaders)
    app.add_middleware(HeadAsGet)  # added last: outermost


def _message(status: int) -> str:
    return {400: "The request is not valid.", 401: "Log in first.",
            403: "Your account may not do this.", 404: "Nothing is at this address.",
            405: "This address does not take that method.",
            429: "Too many attempts; wait and try again."}.get(status, "The request failed.")


def error_response(request: Request, status: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """The one error shape: JSON under /api/, an HTML page with the same words elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"ok": False, "error": message, "status": status},
                            status_code=status, headers=headers)
    try:
        page = render(request, "error.html.j2", status=status, message=message)
        return HTMLResponse(page, status_code=status, headers=headers)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return Response(message, status_code=status, media_type="text/plain", headers=headers)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) and error.detail != \
            _default_phrase(error.status_code) else _message(error.status_code)
        return error_response(request, error.status_code, detail,
                              dict(error.headers) if error.headers else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg', '')}"
            for e in error.errors())
        return error_response(request, 400, f"The request is not valid: {problems}.")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(LiuzhiError)
    async def refused(request: Request, error: LiuzhiError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        # Starlette answers an unhandled error outside every middleware (in
        # ServerErrorMiddleware), so this response gets the security headers here.
        return error_response(request, 500, "Something went wrong on the server; the error "
                              "was logged.", headers=dict(security.HEADERS))


def _default_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# ------------------------------------------------------------------ helpers for routes

def user(request: Request) -> User | None:
    found: User | None = request.state.user
    return found


def audience(request: Request) -> queries.Audience:
    """Reviewers and admins may see private records; anonymous readers and viewers not."""
    found = user(request)
    return queries.TEAM if found and accounts_lib.rank(found.role) >= 2 else queries.PUBLIC


def require(request: Request, role: str) -> User:
    """The logged-in user if their role is ``role`` or above; else 401 or 403."""
    found = user(request)
    if found is None:
        raise StarletteHTTPException(401, "Log in first: this needs the role "
                                          f"{role} or above.")
    if accounts_lib.rank(found.role) < accounts_lib.rank(role):
        raise StarletteHTTPException(403, f"Your account ({found.role}) may not do this: it "
                                          f"needs the role {role} or above.")
    return found


def check_csrf(request: Request, token: str | None) -> None:
    if not security.csrf_ok(request.state.session, token):
        raise StarletteHTTPException(403, "The form's security token is missing or stale; "
                                          "reload the page and try again.")


def render(request: Request, template: str, **context: Any) -> str:
    lang: str = request.state.lang
    found = user(request)

    def t(key: str) -> str:
        return i18n.label(key, lang)

    def query(**changes: Any) -> str:
        params = dict(request.query_params)
        params.update({k: str(v) for k, v in changes.items() if v is not None})
        for k, v in changes.items():
            if v is None:
                params.pop(k, None)
        from urllib.parse import urlencode

        return "?" + urlencode(params)

    return web(request).templates.get_template(template).render(
        request=request, t=t, lang=lang, user=found, rank=accounts_lib.rank(
            found.role if found else None),
        session=request.state.session, path=request.url.path, query=query,
        extra_nav=EXTRA_NAV, **context)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(request, template, **context), status_code=status)
