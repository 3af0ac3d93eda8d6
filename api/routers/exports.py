"""``/exports``: the whole graph, or a document's neighbourhood, as GraphML (Gephi, yEd) or CSV
tables (``graph.export.tables``; the neighbourhood is ``graph.query.neighbourhood``'s)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api.routers.common import ID_ERRORS, StoreDep, clamp_depth, lock_of, problem_response, read, settings_of
from graph.export.tables import FORMATS, edges_csv, graphml, nodes_csv, part, whole
from graph.query.lineage import MAX_DEPTH
from graph.store.protocol import Node, Store

router = APIRouter(prefix="/exports", tags=["exports"])

DOCUMENT = Query(min_length=1, max_length=300, pattern=r"\S", description="Export only this document's neighbourhood: an id, an IRI or a "
                                             "reference ('Kết luận 21-KL/TW').",
                 openapi_examples={"ct39": {"value": "doc:ct-tw-39-xi"}})
DEPTH = Query(ge=0, le=MAX_DEPTH, description="Hops around the document, both ways (no deeper than the server's "
                                              "VANKIEN_MAX_DEPTH). A neighbourhood of more nodes than the server's "
                                              "VANKIEN_MAX_EXPORT_NODES is refused (422), never cut short.")
EVIDENCE = Query(description="Include each edge's first evidence sentence (the whole graph streams about "
                             "10× faster without).")
BOM = Query(description="Start with a UTF-8 byte order mark, so that Excel on Windows reads the diacritics right.")


async def _parts(request: Request, store: Store, document: str | None, depth: int,
                 evidence: bool) -> tuple[Iterable[Node], Iterable[Any]]:
    if document is None:
        return whole(store, evidence, lock_of(request).read)
    return await read(request, store, part, document, clamp_depth(request, depth),
                      settings_of(request).max_export_nodes, evidence)


def _stream(body: Iterator[str], fmt: str) -> StreamingResponse:
    media, name = FORMATS[fmt]
    return StreamingResponse((s.encode("utf-8") for s in body), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _responses(media: str, example: str) -> dict[int | str, dict[str, Any]]:
    return {**ID_ERRORS, 200: {"description": "The export.", "content": {media: {"example": example}}},
            422: problem_response("A parameter is invalid, or the neighbourhood has more nodes than the server "
                                  "exports (VANKIEN_MAX_EXPORT_NODES): ask for a smaller depth.")}


@router.get("/graph.graphml", response_class=StreamingResponse, summary="GraphML of the graph or a neighbourhood",
            responses=_responses("application/graphml+xml", '<graphml …><graph edgedefault="directed"><node id="doc:ct-tw-39-xi">…'))
async def export_graphml(request: Request, store: StoreDep, document: Annotated[str | None, DOCUMENT] = None,
                         depth: Annotated[int, DEPTH] = 1, evidence: Annotated[bool, EVIDENCE] = True) -> StreamingResponse:
    """The whole graph (streamed), or the nodes within ``depth`` hops of ``document`` and every edge among them:
    node and edge attributes include kind, label, year, province, relation, confidence and the first evidence
    sentence. The same as `vankien export --format graphml`."""
    nodes, edges = await _parts(request, store, document, depth, evidence)
    return _stream(graphml(nodes, edges), "graphml")


@router.get("/nodes.csv", response_class=StreamingResponse, summary="Nodes as CSV",
            responses=_responses("text/csv", "Id,Label,kind,…\ndoc:ct-tw-39-xi,Chỉ thị 39-CT/TW (2014),Document,…\n"))
async def export_nodes(request: Request, store: StoreDep, document: Annotated[str | None, DOCUMENT] = None,
                       depth: Annotated[int, DEPTH] = 1, bom: Annotated[bool, BOM] = False) -> StreamingResponse:
    """The nodes of the whole graph or of a neighbourhood, one row each (Gephi's node table). The same as
    `vankien export --format nodes-csv`."""
    nodes, _ = await _parts(request, store, document, depth, False)
    return _stream(nodes_csv(nodes, bom), "nodes-csv")


@router.get("/edges.csv", response_class=StreamingResponse, summary="Edges as CSV",
            responses=_responses("text/csv", "Source,Target,Type,Label,…\ndoc:kh-tu-dong-thap-126-2015-2020,"
                                             "doc:ct-tw-39-xi,Directed,IMPLEMENTS,…\n"))
async def export_edges(request: Request, store: StoreDep, document: Annotated[str | None, DOCUMENT] = None,
                       depth: Annotated[int, DEPTH] = 1, evidence: Annotated[bool, EVIDENCE] = True,
                       bom: Annotated[bool, BOM] = False) -> StreamingResponse:
    """The edges of the whole graph or of a neighbourhood, with the first evidence sentence (Gephi's edge table).
    The same as `vankien export --format edges-csv`."""
    _, edges = await _parts(request, store, document, depth, evidence)
    return _stream(edges_csv(edges, bom), "edges-csv")
