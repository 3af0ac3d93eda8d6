"""Errors as RFC 9457 problem details (``application/problem+json``): the only place errors become HTTP.

Every error the app returns — vankien's own, validation errors, unknown routes, wrong
methods, and (never expected) crashes — has the same body: ``type``, ``title``,
``status``, ``detail``, ``instance``, plus ``suggestions`` on a 404 and ``errors`` on a 422.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph.query.lookup import resolve_text, search
from graph.store.protocol import Store
from ontology.errors import (
    InvalidRequestError,
    NotFoundError,
    QueryLimitError,
    SourceError,
    StoreError,
    StoreLockedError,
    VankienError,
)

PROBLEM = "application/problem+json"
TYPE_BASE = "urn:vankien:problem:"
log = logging.getLogger("vankien.api")

_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
           409: "Conflict", 413: "Content too large", 415: "Unsupported media type", 422: "Unprocessable content",
           500: "Internal server error", 503: "Service unavailable"}
_DOC_ID = re.compile(r"^(?P<type>[a-z]+)-(?P<issuer>[a-z]+)-(?:[a-z0-9-]+-)?(?P<num>\d+)(?:-(?P<rest>[a-z0-9-]+))?$")


def problem(status: int, detail: str, *, kind: str | None = None, title: str | None = None,
            instance: str | None = None, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": f"{TYPE_BASE}{kind}" if kind else "about:blank",
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _query_for(what: str) -> str:
    """Turn an unknown id back into words a person would type: 'doc:ct-tw-39-xii' → '39-CT/TW khóa XII'."""
    prefix, _, slug = what.partition(":")
    if not slug:
        return what
    m = _DOC_ID.match(slug) if prefix == "doc" else None
    if m:
        q = f"{m['type'].upper()} {int(m['num'])}-{m['type'].upper()}/{m['issuer'].upper()}"
        rest = m["rest"] or ""
        if rest.isalpha() and rest.upper().strip("IVXL") == "":
            q += f" khóa {rest.upper()}"
        return q
    return slug.replace("-", " ")


def suggestions(store: Store, what: str, limit: int = 5) -> list[dict[str, Any]]:
    """Entities a person probably meant by an unknown id or reference (never raises)."""
    q = _query_for(what)[:200]
    try:
        found = resolve_text(store, q, limit=limit)
        if not found:
            words = " ".join(w for w in q.split() if "/" not in w)
            found = search(store, words, limit=limit) if words.strip() else []
        return [{"id": s["id"], "kind": s["kind"], "label": s["label"]} for s in found[:limit]]
    except Exception:  # a suggestion is a courtesy: it must never turn a 404 into a 500
        log.debug("no suggestions for %r", what, exc_info=True)
        return []


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFoundError)
    store = getattr(request.app.state, "store", None)
    sugg = exc.suggestions or (await run_in_threadpool(suggestions, store, exc.what) if store is not None else [])
    return problem(404, f"nothing is recorded under {exc.what!r}", kind="not-found", instance=request.url.path,
                   suggestions=sugg)


async def _vankien_error(request: Request, exc: Exception) -> JSONResponse:
    path = request.url.path
    if isinstance(exc, InvalidRequestError | SourceError):
        return problem(422, str(exc), kind="invalid-request", instance=path)
    if isinstance(exc, QueryLimitError):
        return problem(422, str(exc), kind="query-limit", title="Query limit exceeded", instance=path)
    if isinstance(exc, StoreLockedError):
        # the message names the store's file: it stays in the server's log, not in the answer
        log.warning("store busy on %s: %s", path, exc)
        return problem(503, "another process is writing to the store; try again shortly", kind="store-busy",
                       instance=path, headers={"Retry-After": "2"})
    if isinstance(exc, StoreError):
        log.error("store error on %s: %s", path, exc)
        return problem(503, "the store cannot be read right now", kind="store-unavailable", instance=path)
    return problem(400, str(exc), kind="error", instance=path)


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(x) for x in loc)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"location": _loc(e.get("loc", ())), "message": str(e.get("msg", "")), "type": str(e.get("type", ""))}
              for e in exc.errors()]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5]) or "the request is not valid"
    return problem(422, detail, kind="validation", title="Invalid parameters", instance=request.url.path,
                   errors=errors)


def _allowed(request: Request) -> str:
    """Every method some route accepts at this path (Starlette names only the first matching route's)."""
    routes = request.app.router.routes
    methods = [m for m in ("GET", "POST", "PUT", "PATCH", "DELETE")
               if any(r.matches({**request.scope, "method": m})[0] is Match.FULL for r in routes)]
    return ", ".join(methods + (["HEAD"] if "GET" in methods else []))


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Error")
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.url.path!r}; see /docs for the API"
    elif exc.status_code == 405:
        allowed = _allowed(request)
        headers = {**(headers or {}), "Allow": allowed} if allowed else headers
    elif exc.status_code == 400 and detail == "There was an error parsing the body":
        return problem(422, "the body is not valid JSON", kind="validation", title="Invalid parameters",
                       instance=request.url.path, errors=[])
    return problem(exc.status_code, detail, instance=request.url.path, headers=headers)


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(500, "an unexpected error occurred; it has been logged", instance=request.url.path)


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on an app."""
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(VankienError, _vankien_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _crash)
