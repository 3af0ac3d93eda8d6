"""``/bodies``: Party and State bodies, and one body with its documents, meetings and hierarchy."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from api.entity_schemas import BodyDetail, BodyPage
from api.routers.common import ID_ERRORS, READ_ERRORS, Paging, StoreDep, read
from graph.query import entities
from ontology.vocab import BodyKind, NodeKind

router = APIRouter(prefix="/bodies", tags=["bodies"])

BODY_ID = Path(max_length=300, description="A body id.", openapi_examples={"tu": {"value": "body:tinh-uy-dong-thap"}})


@router.get("", response_model=BodyPage, responses=READ_ERRORS, summary="List bodies")
async def list_bodies(
    request: Request, store: StoreDep, paging: Annotated[Paging, Depends()],
    kind: Annotated[BodyKind | None, Query(openapi_examples={"pc": {"value": "provincial_committee"}})] = None,
    province: Annotated[str | None, Query(max_length=100, openapi_examples={"dt": {"value": "Đồng Tháp"}})] = None,
    q: Annotated[str | None, Query(max_length=200, openapi_examples={"w": {"value": "tinh uy"}})] = None,
) -> Any:
    """Bodies, filtered by kind, province and words of the name, in id order."""
    where = entities.filters(body_kind=kind.value if kind else None, province=province, q=q)
    items, total = await read(request, store, entities.list_nodes, NodeKind.BODY, where, paging.limit, paging.offset)
    return paging.page(items, total)


@router.get("/{body_id}", response_model=BodyDetail, responses=ID_ERRORS, summary="One body")
async def get_body(request: Request, store: StoreDep, body_id: Annotated[str, BODY_ID]) -> Any:
    """A body: what it issued and organised, what it is part of, and its posts."""
    return await read(request, store, entities.body_detail, body_id)
