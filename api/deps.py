"""Dependencies shared by the routers: the store the app was built with."""

from __future__ import annotations

from fastapi import Request

from graph.store.protocol import Store


async def get_store(request: Request) -> Store:
    """The store of the running app (set by the app factory on ``app.state.store``); async
    because it does no I/O (a sync dependency would cost a threadpool hop per request)."""
    return request.app.state.store  # type: ignore[no-any-return]
