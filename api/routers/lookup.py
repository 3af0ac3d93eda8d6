"""``/resolve`` and ``/search``: find documents and other entities from what people type."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.routers.common import READ_ERRORS, StoreDep, read, settings_of
from api.schemas import ResolveResult, SearchResult
from graph.query.lookup import MAX_QUERY, resolve_text, search
from graph.store.protocol import Store
from ontology.vocab import NodeKind

router = APIRouter(tags=["lookup"])

Q = Query(min_length=1, max_length=MAX_QUERY, description="What a person types, with or without diacritics.",
          openapi_examples={"ct": {"value": "chi thi 39"}, "kl": {"value": "KL 21"},
                            "nq": {"value": "nghị quyết 04 khóa XII"}})


class ResolveCache:
    """Answers of ``resolve_text`` by query, valid while the store's generation is unchanged.

    Reading a typed reference runs the article extractor on it (about a millisecond, most
    of a /resolve request), and the page asks again at every pause in typing."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], tuple[int, list[dict[str, Any]]]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, store: Store, q: str, limit: int) -> list[dict[str, Any]]:
        if not self.size:
            return resolve_text(store, q, limit)  # type: ignore[no-any-return]
        key = (" ".join(q.split()), limit)
        generation = store.generation()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == generation:
                self._items.move_to_end(key)
                return hit[1]
        items = resolve_text(store, q, limit)
        with self._lock:
            self._items[key] = (generation, items)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return items


def _cache(request: Request) -> ResolveCache:
    cache = getattr(request.app.state, "resolve_cache", None)
    if cache is None:
        cache = request.app.state.resolve_cache = ResolveCache(settings_of(request).resolve_cache_size)
    return cache


@router.get("/resolve", response_model=ResolveResult, responses=READ_ERRORS, summary="Resolve a typed reference")
async def resolve(request: Request, store: StoreDep, q: Annotated[str, Q],
                  limit: Annotated[int, Query(ge=1, le=50)] = 10) -> Any:
    """Ranked canonical documents for a reference as typed ("chi thi 05", "KL 21", "39-CT/TW năm 2014")."""
    return {"q": q, "items": await read(request, store, _cache(request), q, limit)}


def _search(store: Store, q: str, limit: int, kinds: list[NodeKind] | None) -> list[dict[str, Any]]:
    return search(store, q, limit=limit, kinds=kinds)  # type: ignore[no-any-return]


@router.get("/search", response_model=SearchResult, responses=READ_ERRORS, summary="Search names and titles")
async def search_nodes(request: Request, store: StoreDep,
                       q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Words of a name or title.",
                                               openapi_examples={"dt": {"value": "dong thap"}})],
                       kind: Annotated[list[NodeKind] | None, Query(description="Only these kinds of nodes.")] = None,
                       limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Any:
    """Nodes whose label, name or title contains the words typed (diacritics and case do not matter)."""
    return {"q": q, "items": await read(request, store, _search, q, limit, kind or None)}
