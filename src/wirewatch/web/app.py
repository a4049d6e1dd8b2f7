"""The web application: the REST API under ``/api`` and the HTML pages, over one store.

``create_app(Settings(db=...))`` builds it; ``wirewatch serve`` runs it with uvicorn. Every
response carries a strict Content-Security-Policy (scripts and styles from this server only,
no inline code), and every error of the API is one JSON envelope::

    {"error": {"status": 404, "code": "not_found", "message": "no story with id 'st-x'"}}
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import NotFound, WirewatchError
from ..store import Store, open_store

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)

#: Sent with every response: nothing but this server's own scripts, styles and images may load,
#: no inline script or style, no framing, forms post back here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid_request",
               500: "internal_error", 503: "unavailable"}


@dataclass(frozen=True)
class Settings:
    """How the server is configured (``wirewatch serve`` options or environment variables).

    ``write_token``: needed (as ``Authorization: Bearer TOKEN``) to add articles over the API;
    without one, adding over the API is switched off. ``read_token``: when set, reading the API
    needs it too (the HTML pages are for the local user and stay open). ``cors_origins``: origins
    allowed to call the API from a browser; none by default. ``allow_private_fetch``: articles
    added by URL may come from private addresses (intranets, tests).
    """

    db: str
    write_token: str | None = None
    read_token: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    #: Articles added by URL may come from private, loopback and link-local addresses (off by default:
    #: a client must not make the server fetch from the operator's own network).
    allow_private_fetch: bool = False

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        origins = tuple(o.strip() for o in os.environ.get("WIREWATCH_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(db=db or os.environ.get("WIREWATCH_DB") or "wirewatch.db",
                   write_token=os.environ.get("WIREWATCH_TOKEN") or None,
                   read_token=os.environ.get("WIREWATCH_READ_TOKEN") or None, cors_origins=origins)


class Stores:
    """One store connection per server thread (SQLite connections are not shared across threads)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        #: Held by requests that write (adding and processing articles), one at a time.
        self.write_lock = threading.Lock()
        self._writer: Any = None

    def writer(self) -> Any:
        """The one ``Wirewatch`` (own connection, pipeline loaded once) that writes; use under ``write_lock``."""
        if self._writer is None:
            from ..app import Wirewatch

            self._writer = Wirewatch(open_store(self.location))
        return self._writer

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.location)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            for store in self._all:
                try:
                    store.close()
                except Exception:  # closing at shutdown: a connection another thread still holds
                    pass
            self._all.clear()


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "code": ERROR_CODES.get(status, "error"), "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/") or \
        request.url.path == "/openapi.json"


def token_ok(request: Request, expected: str | None) -> bool:
    """Whether the request carries ``expected`` as a bearer token (or ``X-Wirewatch-Token``)."""
    if expected is None:
        return True
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-wirewatch-token")
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application over the store named in ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env()
    open_store(settings.db).close()  # fail now, with a clear message, if the store cannot be opened
    stores = Stores(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        title="wirewatch API", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Articles, events (per article and canonical, with their reports), stories, actors, "
                    "timelines, disputed figures and search over one wirewatch store. Every fact carries its "
                    "evidence: article id, outlet, publication date and the character offsets of the "
                    "evidence sentence. Every error is one JSON envelope {\"error\": {status, code, message}}.",
    )
    app.state.settings = settings
    app.state.stores = stores

    _install_error_handlers(app)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if _is_api(request) and request.scope.get("query_string"):
            # An empty parameter (a form field left blank) means "not given", not "the empty string".
            pairs = [p for p in request.scope["query_string"].split(b"&") if p and not p.endswith(b"=")]
            request.scope["query_string"] = b"&".join(pairs)
        if _is_api(request) and request.method != "OPTIONS" and not token_ok(request, settings.read_token):
            response: Response = JSONResponse(error_body(401, "this server needs a read token: send "
                                                              "'Authorization: Bearer TOKEN'"), status_code=401)
        else:
            try:
                response = await call_next(request)
            except Exception as exc:  # a fault: logged, answered with the envelope (and the headers below)
                log.exception("error while answering %s %s", request.method, request.url.path)
                response = _fault(request, exc)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if _is_api(request):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-Wirewatch-Token"])

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _install_error_handlers(app: FastAPI) -> None:
    from .pages import render_error

    def respond(request: Request, status: int, message: str, details: Any = None) -> Response:
        if _is_api(request):
            return JSONResponse(error_body(status, message, details), status_code=status)
        return render_error(request, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such address: {request.url.path}"
        response = respond(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(p) for p in err.get("loc", ())), "problem": err.get("msg", "")}
                   for err in exc.errors()]
        first = details[0] if details else {"where": "request", "problem": "invalid"}
        return respond(request, 422, f"invalid {first['where']}: {first['problem']}", details)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return respond(request, 404, str(exc))

    @app.exception_handler(WirewatchError)
    async def refused(request: Request, exc: WirewatchError) -> Response:
        return respond(request, 400, str(exc))



def _fault(request: Request, exc: Exception) -> Response:
    message = f"unexpected {type(exc).__name__}; see the server log"
    if _is_api(request):
        return JSONResponse(error_body(500, message), status_code=500)
    from .pages import render_error

    return render_error(request, 500, message)
