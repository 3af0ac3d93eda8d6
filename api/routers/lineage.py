"""Lineage of a document: what carries it out, what it rests on, coverage by province, timeline, and the graph the page draws."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.routers.common import ID_ERRORS, StoreDep, clamp_depth, depth_param, read
from api.routers.documents import DOC_ID
from api.routers.meetings import MEETING_ID
from api.schemas import Coverage, Implementations, IsoDay, Lineage, Timeline, Trace
from graph.query import lineage as queries

router = APIRouter(tags=["lineage"])


@router.get("/documents/{doc_id}/implementations", response_model=Implementations, responses=ID_ERRORS,
            summary="What carries a document out")
async def implementations(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID],
                          depth: Annotated[int, depth_param(3)] = 3) -> Any:
    """Meetings and documents that implement, guide, review or discuss the document, directly and transitively,
    each with the hop that reaches it and its evidence sentence; grouped by province and year."""
    return await read(request, store, queries.implementations, doc_id, clamp_depth(request, depth))


@router.get("/documents/{doc_id}/trace", response_model=Trace, responses=ID_ERRORS,
            summary="What a plan rests on, up to the central documents")
async def trace(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID],
                depth: Annotated[int, depth_param(6)] = 6,
                max_paths: Annotated[int, Query(ge=1, le=queries.MAX_PATHS)] = 50) -> Any:
    """Every path from the document up through what it implements, to the documents nothing further is recorded
    above (central resolutions, conclusions …); paths reaching central documents first."""
    return await read(request, store, queries.trace, doc_id, clamp_depth(request, depth), max_paths)


@router.get("/meetings/{meeting_id}/trace", response_model=Trace, responses=ID_ERRORS,
            summary="What a meeting carried out, up to the central documents")
async def trace_meeting(request: Request, store: StoreDep, meeting_id: Annotated[str, MEETING_ID],
                        depth: Annotated[int, depth_param(6)] = 6,
                        max_paths: Annotated[int, Query(ge=1, le=queries.MAX_PATHS)] = 50) -> Any:
    """The same as a document's trace, from a meeting."""
    return await read(request, store, queries.trace, meeting_id, clamp_depth(request, depth), max_paths)


@router.get("/documents/{doc_id}/coverage", response_model=Coverage, responses=ID_ERRORS,
            summary="Provinces with and without an implementation")
async def coverage(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID],
                   depth: Annotated[int, depth_param(3)] = 3,
                   at: Annotated[IsoDay | None, Query(description="Count the units in force on this day, YYYY-MM-DD "
                                                   "(default: the document's date).",
                                                      openapi_examples={"d": {"value": "2024-01-01"}})] = None) -> Any:
    """Which provinces (63 before 1-7-2025, 34 after) have a recorded implementation of the document."""
    return await read(request, store, queries.coverage, doc_id, clamp_depth(request, depth), at)


@router.get("/documents/{doc_id}/timeline", response_model=Timeline, responses=ID_ERRORS,
            summary="A document's life, by date")
async def timeline(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID],
                   depth: Annotated[int, depth_param(2)] = 2) -> Any:
    """The document, the meetings and documents about it, and what amended or replaced it, in date order."""
    return await read(request, store, queries.timeline, doc_id, clamp_depth(request, depth))


@router.get("/documents/{doc_id}/lineage", response_model=Lineage, responses=ID_ERRORS,
            summary="The lineage graph: ancestors above, implementations below")
async def lineage(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID],
                  up: Annotated[int, depth_param(4, "Hops upward, toward central documents.")] = 4,
                  down: Annotated[int, depth_param(3, "Hops downward, toward plans and meetings.")] = 3) -> Any:
    """One graph for the lineage page: the document at layer 0, what it rests on at negative layers, what carries
    it out at positive layers, every edge with its evidence, and the province × year matrix of implementations."""
    return await read(request, store, queries.lineage_graph, doc_id, clamp_depth(request, up), clamp_depth(request, down))
