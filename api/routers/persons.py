"""``/persons``: persons named in the sources, and one person with posts and meetings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from api.entity_schemas import PersonDetail, PersonPage
from api.routers.common import ID_ERRORS, READ_ERRORS, Paging, StoreDep, read
from graph.query import entities
from ontology.vocab import NodeKind

router = APIRouter(prefix="/persons", tags=["persons"])

PERSON_ID = Path(max_length=300, description="A person id.", openapi_examples={"p": {"value": "person:bui-van-cuong"}})


@router.get("", response_model=PersonPage, responses=READ_ERRORS, summary="List persons")
async def list_persons(
    request: Request, store: StoreDep, paging: Annotated[Paging, Depends()],
    q: Annotated[str | None, Query(max_length=200, description="Words of the name, with or without diacritics.",
                                   openapi_examples={"w": {"value": "bui van"}})] = None,
) -> Any:
    """Persons, filtered by words of the name, in id order."""
    where = entities.filters(q=q)
    items, total = await read(request, store, entities.list_nodes, NodeKind.PERSON, where, paging.limit, paging.offset)
    return paging.page(items, total)


@router.get("/{person_id}", response_model=PersonDetail, responses=ID_ERRORS, summary="One person")
async def get_person(request: Request, store: StoreDep, person_id: Annotated[str, PERSON_ID]) -> Any:
    """A person: posts held and meetings chaired or attended, with evidence, and where the name appears."""
    return await read(request, store, entities.person_detail, person_id)
