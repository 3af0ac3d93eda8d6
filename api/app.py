"""The FastAPI app factory: routers, errors as problem+json, limits, CORS, the page — over any store."""

from __future__ import annotations

import gc
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.routers.common import RWLock
from api.routers.docs import ASSETS as DOCS_ASSETS
from api.routers.docs import ASSETS_URL as DOCS_ASSETS_URL
from api.routers.page import STATIC
from api.schemas import Problem
from api.settings import Settings, get_settings, open_store
from graph.store.protocol import Store

ROUTERS = ("documents", "lineage", "meetings", "bodies", "persons", "sources", "writes", "lookup", "stats", "exports",
           "rdf", "provinces", "docs", "page")

DESCRIPTION = """Vietnamese Communist Party documents (văn kiện), the meetings and plans that carry them out,
the bodies and persons involved — every relation with the sentence that states it.

Errors are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details (`application/problem+json`);
an unknown id answers 404 with `suggestions`. Reads are public; writes need the bearer token.
The lineage page is at [`/`](/)."""


# The page and the source view load their scripts and styles from /static only; nothing
# inline, nothing from elsewhere. /docs and /redoc load theirs from this server too (no CDN),
# but Swagger UI and ReDoc style their elements inline, and ReDoc's search runs in a worker
# it builds from a blob: their policy allows those two, and still nothing from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")
_DOCS = ("/docs", "/redoc")


class SecurityHeaders:
    """A Content-Security-Policy on every HTML answer (the documentation pages' own one on
    ``/docs`` and ``/redoc``), and ``nosniff`` on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = (DOCS_CSP if scope["path"] in _DOCS else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                html = any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers)
                headers.append((b"x-content-type-options", b"nosniff"))
                if html:
                    headers.append((b"content-security-policy", policy))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether or not they declare their length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await errors.problem(400, "Content-Length is not a number")(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await errors.problem(413, f"the request body is larger than {self.max_bytes} bytes", kind="too-large",
                             instance=scope["path"])(scope, receive, send)


def _warm(store: Store) -> None:
    """Load what the first query would (the embedded store's in-memory graph), then take the
    objects loaded so far out of the garbage collector's sight: with the graph of a large
    store (about a million objects for 100,000 articles) every full collection paused the
    worker for a third of a second."""
    build = getattr(store, "graph", None)
    if callable(build):
        build()
    gc.collect()
    gc.freeze()


def _version() -> str:
    try:
        return version("vankien")
    except PackageNotFoundError:
        return "0.0.0"


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The app. With no ``store``, the configured one is opened when the app starts and closed when it stops."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if getattr(app.state, "store", None) is None:
            opened = app.state.store = open_store(settings, create=True)
            await run_in_threadpool(_warm, opened)
        try:
            yield
        finally:
            if opened is not None:
                opened.close()
                app.state.store = None

    app = FastAPI(title="vankien", version=_version(), description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  openapi_tags=[{"name": n} for n in ("documents", "lineage", "meetings", "bodies", "persons", "sources",
                                                      "lookup", "stats", "exports", "writes")])
    app.state.settings = settings
    app.state.store = store
    app.state.rwlock = RWLock()
    errors.install(app)
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"api.routers.{name}").router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount(DOCS_ASSETS_URL, StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    _problem_openapi(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization", "Content-Type"],
                           expose_headers=["Location"], max_age=600)
    return app


def _problem_openapi(app: FastAPI) -> None:
    """Make the OpenAPI document say what the app does: every 4xx/5xx answer, of every router, is problem+json."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = plain()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        defs = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(defs.pop("$defs", {}))
        components["Problem"] = defs
        ref = {"$ref": "#/components/schemas/Problem"}
        for operations in schema.get("paths", {}).values():
            for op in operations.values():
                for code, response in op.get("responses", {}).items():
                    if code[:1] in ("4", "5"):
                        response["content"] = {errors.PROBLEM: {"schema": ref}}
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

