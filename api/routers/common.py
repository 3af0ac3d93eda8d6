"""What the routers share: bounded execution of reads, pagination, and an entity's relations and mentions."""

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
from graph.query.lineage import MAX_DEPTH, require, summary
from graph.store.protocol import Node, Store
from ontology import reference
from ontology.errors import NotFoundError, QueryLimitError
from ontology.vocab import NodeKind

T = TypeVar("T")
MAX_LIMIT = 1000
MAX_OFFSET = 100_000
SNIPPET = 80

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


def entity(store: Store, node_id: str, kind: NodeKind) -> Node:
    """The node of that kind (through merge aliases), or NotFoundError."""
    node = require(store, node_id)
    if node.kind is not kind:
        raise NotFoundError(node_id)
    return node


def relations(store: Store, node: Node, limit: int = 200, evidence_per_edge: int = 2) -> list[dict[str, Any]]:
    """The edges at a node, both ways, with the node at the other end and the evidence."""
    edges = [("out", e) for e in store.expand([node.id], "out", limit=limit)]
    edges += [("in", e) for e in store.expand([node.id], "in", limit=limit)]
    edges = edges[:limit]
    others = store.get_nodes([e.target if d == "out" else e.source for d, e in edges])
    evidence = store.evidence([e.key for _, e in edges], per_edge=evidence_per_edge)
    out: list[dict[str, Any]] = []
    for d, e in edges:
        other = others.get(e.target if d == "out" else e.source)
        if other is not None:
            out.append({"type": e.type.value, "direction": d, "node": summary(other), "confidence": e.confidence,
                        "evidence": evidence.get(e.key, [])})
    out.sort(key=lambda r: (r["type"], r["direction"], r["node"]["label"]))
    return out


def mentions(store: Store, node_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Where a node is named, each with the text just before and after."""
    rows = store.mentions_of(node_id, limit=limit)
    texts: dict[str, str] = {}
    for sid in dict.fromkeys(r["source"] for r in rows):
        src = store.get_source(sid)
        texts[sid] = str(src.get("text") or "") if src else ""
    out = []
    for r in rows:
        text = texts.get(r["source"], "")
        start, end = int(r["start"]), int(r["end"])
        out.append({**r, "text": r.get("text") or text[start:end],
                    "before": text[max(0, start - SNIPPET):start], "after": text[end:end + SNIPPET]})
    return out


def aliases_of(store: Store, node: Node) -> list[str]:
    """The partial ids merged into a node."""
    return sorted(p for p, c in store.aliases().items() if c == node.id and p != node.id)


def public(node: Node) -> dict[str, Any]:
    """A node as the API shows it (its merged properties, with id and kind)."""
    return node.as_dict()


def filters(**values: Any) -> dict[str, Any]:
    """The ``where`` of a list from its query parameters: those given (a blank one is not),
    a province as typed ('dong thap') by its recorded name ('Đồng Tháp')."""
    where: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "province":
            found = reference.province_by_name(value)
            value = found.name if found else value
        where[key] = value
    return where


def list_nodes(store: Store, kind: NodeKind, where: dict[str, Any], limit: int, offset: int
               ) -> tuple[list[dict[str, Any]], int]:
    """One page of the nodes of a kind that match ``where``, and how many match."""
    nodes = store.find_nodes(kind, where=where, limit=limit, offset=offset)
    return [public(n) for n in nodes], store.count_nodes(kind, where=where)
