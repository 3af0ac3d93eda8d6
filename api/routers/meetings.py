"""``/meetings``: the list with filters, and one meeting with what it discussed, who chaired and attended."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from api.entity_schemas import MeetingDetail, MeetingPage
from api.routers.common import ID_ERRORS, READ_ERRORS, Paging, StoreDep, read
from graph.query import entities
from ontology.vocab import MeetingKind, NodeKind

router = APIRouter(prefix="/meetings", tags=["meetings"])

MEETING_ID = Path(max_length=300, description="A meeting id.", openapi_examples={
    "tk": {"value": "mtg:2016-12-23-ban-to-chuc-tinh-uy-dong-thap-tong-ket"}})


@router.get("", response_model=MeetingPage, responses=READ_ERRORS, summary="List meetings")
async def list_meetings(
    request: Request, store: StoreDep, paging: Annotated[Paging, Depends()],
    kind: Annotated[MeetingKind | None, Query(description="Kind of meeting.",
                                              openapi_examples={"tk": {"value": "tong_ket"}})] = None,
    year: Annotated[int | None, Query(ge=1930, le=2100, openapi_examples={"y": {"value": 2016}})] = None,
    province: Annotated[str | None, Query(max_length=100, openapi_examples={"dt": {"value": "dong thap"}})] = None,
    q: Annotated[str | None, Query(max_length=200, openapi_examples={"w": {"value": "giao ban"}})] = None,
) -> Any:
    """Meetings, filtered by kind, year, province and words of the name, in id order."""
    where = entities.filters(meeting_kind=kind.value if kind else None, year=year, province=province, q=q)
    items, total = await read(request, store, entities.list_nodes, NodeKind.MEETING, where, paging.limit, paging.offset)
    return paging.page(items, total)


@router.get("/{meeting_id}", response_model=MeetingDetail, responses=ID_ERRORS, summary="One meeting")
async def get_meeting(request: Request, store: StoreDep, meeting_id: Annotated[str, MEETING_ID]) -> Any:
    """A meeting: the documents it discussed or carried out, its organiser, chair and participants, with evidence."""
    return await read(request, store, entities.meeting_detail, meeting_id)
