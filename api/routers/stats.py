"""``/stats`` and ``/health``: counts of the store, and whether the server can read it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.routers.common import READ_ERRORS, StoreDep, read
from api.schemas import Health, Stats
from graph.store.protocol import Store

router = APIRouter(tags=["stats"])


def _stats(store: Store) -> dict[str, Any]:
    stats = dict(store.stats())
    stats.pop("location", None)  # the server's file layout is not the public's business
    return stats


@router.get("/stats", response_model=Stats, responses=READ_ERRORS, summary="Counts of the store")
async def stats(request: Request, store: StoreDep) -> Any:
    """Sources, nodes and edges by kind, evidence, unresolved documents, and the store's generation."""
    return await read(request, store, _stats)


def _health(store: Store) -> dict[str, Any]:
    return {"status": "ok", "generation": store.generation()}


@router.get("/health", response_model=Health, responses=READ_ERRORS, summary="Liveness and store access")
async def health(request: Request, store: StoreDep) -> Any:
    """``ok`` and the store's generation (it grows with every write)."""
    return await read(request, store, _health)
