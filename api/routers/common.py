"""What the routers share: bounded execution of reads under the store lock, pagination, depth
parameters and error responses (the answers themselves come from ``graph.query``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.deps import get_store
from api.errors import PROBLEM, suggestions
from api.schemas import Problem
from api.settings import Settings, get_settings
from graph.query.lineage import MAX_DEPTH
from graph.store.protocol import Store
from ontology.errors import NotFoundError, QueryLimitError

T = TypeVar("T")
MAX_LIMIT = 1000
MAX_OFFSET = 100_000

StoreDep = Annotated[Store, Depends(get_store)]


Responses = dict[int | str, dict[str, Any]]


def problem_response(description: str) -> dict[str, Any]:
    """An error response for the OpenAPI document (its body is a problem+json)."""
    return {"description": description, "model": Problem, "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


NOT_FOUND: Responses = {404: problem_response("Nothing is recorded under this id; `suggestions` lists what was probably meant.")}
INVALID: Responses = {422: problem_response("A parameter is invalid or a query went past its limits.")}
UNAVAILABLE: Responses = {503: problem_response("The store cannot be read right now.")}
READ_ERRORS: Responses = {**INVALID, **UNAVAILABLE}
ID_ERRORS: Responses = {**NOT_FOUND, **INVALID, **UNAVAILABLE}


class RWLock:
    """Many readers or one writer: a write never interleaves with a read of the same store."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def settings_of(request: Request) -> Settings:
    """The settings the app was built with."""
    return getattr(request.app.state, "settings", None) or get_settings()


def lock_of(request: Request) -> RWLock:
    """The app's readers-writer lock over its store."""
    lock = getattr(request.app.state, "rwlock", None)
    if lock is None:
        lock = request.app.state.rwlock = RWLock()
    return lock


async def read(request: Request, store: Store, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """Run a read in a worker thread, under the read lock, abandoned after the query time limit.
    An unknown id gets its suggestions here, where the store is at hand."""
    lock = lock_of(request)

    snapshot = getattr(store, "snapshot", None)  # one committed state per request, whole

    def work() -> T:
        with lock.read(), (snapshot() if snapshot else nullcontext()):
            try:
                return fn(store, *args, **kw)
            except NotFoundError as e:
                if not e.suggestions:
                    e.suggestions = suggestions(store, e.what)
                raise

    limit = settings_of(request).query_time_limit
    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise QueryLimitError(f"the query took longer than {limit:g} s; ask for less (a smaller depth or page)") from None


async def write(request: Request, store: Store, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """Run a write in a worker thread under the write lock (never abandoned half-way)."""
    lock = lock_of(request)

    def work() -> T:
        with lock.write():
            return fn(store, *args, **kw)

    return await run_in_threadpool(work)


class Paging:
    """``limit``/``offset`` parameters, the limit clamped to the server's maximum page size."""

    def __init__(self, request: Request,
                 limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (clamped to the server's maximum).",
                                             openapi_examples={"default": {"value": 50}})] = 50,
                 offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0) -> None:
        self.limit = min(limit, settings_of(request).max_page_size)
        self.offset = offset

    def page(self, items: list[Any], total: int | None) -> dict[str, Any]:
        """The page envelope around items."""
        more = (self.offset + len(items) < total) if total is not None else len(items) == self.limit
        return {"items": items, "total": total, "limit": self.limit, "offset": self.offset,
                "next_offset": self.offset + len(items) if more and items else None}


def depth_param(default: int, description: str = "How many hops to follow.") -> Any:
    """A ``depth`` query parameter bounded by the queries' maximum."""
    return Query(ge=1, le=MAX_DEPTH, description=description, openapi_examples={"default": {"value": default}})


def clamp_depth(request: Request, depth: int) -> int:
    """The depth, no deeper than the server allows."""
    return min(depth, settings_of(request).max_depth)
