"""``/exports``: the whole graph, or a document's neighbourhood, as GraphML (Gephi, yEd) or CSV tables."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api.routers.common import ID_ERRORS, StoreDep, lock_of, read, settings_of
from graph.query.lineage import require
from graph.store.protocol import Edge, Node, Store

router = APIRouter(prefix="/exports", tags=["exports"])

NODE_COLUMNS = ("kind", "label", "date", "year", "province", "doc_kind", "symbol", "number", "term", "issuer", "title")
NODE_TYPES = {"year": "int"}
EDGE_COLUMNS = ("relation", "confidence", "evidence_count", "evidence", "evidence_source", "evidence_start",
                "evidence_end")
EDGE_TYPES = {"confidence": "double", "evidence_count": "int", "evidence_start": "int", "evidence_end": "int"}
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHUNK = 500

DOCUMENT = Query(max_length=300, description="Export only this node's neighbourhood (any node id).",
                 openapi_examples={"ct39": {"value": "doc:ct-tw-39-xi"}})
DEPTH = Query(ge=1, le=3, description="Hops around the node, both ways.")
EVIDENCE = Query(description="Include each edge's first evidence sentence (the whole graph streams about "
                             "10× faster without).")


def _node_row(node: Node) -> dict[str, Any]:
    p = node.props
    row = {k: p.get(k) for k in NODE_COLUMNS}
    row.update(kind=node.kind.value, label=node.label, date=p.get("issued") or p.get("date"))
    return row


def _edge_row(edge: Edge, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    ev = evidence[0] if evidence else {}
    return {"relation": edge.type.value, "confidence": edge.confidence, "evidence_count": edge.evidence_count or None,
            "evidence": ev.get("text"), "evidence_source": ev.get("source"), "evidence_start": ev.get("start"),
            "evidence_end": ev.get("end")}


def neighbourhood(store: Store, node_id: str, depth: int, max_nodes: int,
                  with_evidence: bool = True) -> tuple[list[Node], list[tuple[Edge, list[dict[str, Any]]]]]:
    """Nodes within ``depth`` hops of a node (both ways, every relation) and the edges among them."""
    root = require(store, node_id)
    seen = {root.id}
    frontier = [root.id]
    edges: dict[tuple[str, str, str], Edge] = {}
    for _ in range(depth):
        found = store.expand(frontier, "out", limit=max_nodes) + store.expand(frontier, "in", limit=max_nodes)
        nxt = []
        for e in found:
            for nid in (e.source, e.target):
                if nid not in seen and len(seen) < max_nodes:
                    seen.add(nid)
                    nxt.append(nid)
            if e.source in seen and e.target in seen:
                edges[e.key] = e
        if not nxt:
            break
        frontier = nxt
    nodes = store.get_nodes(sorted(seen))
    evidence = store.evidence(sorted(edges), per_edge=1) if with_evidence else {}
    return [nodes[n] for n in sorted(nodes)], [(edges[k], evidence.get(k, [])) for k in sorted(edges)]


def _whole(store: Store, request: Request, with_evidence: bool) -> tuple[Iterator[Node], Iterator[tuple[Edge, list[dict[str, Any]]]]]:
    lock = lock_of(request)

    def edges() -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        batch: list[Edge] = []
        for e, _ in store.iter_edges(with_evidence=False):
            batch.append(e)
            if len(batch) >= CHUNK:
                yield from _with_evidence(batch)
                batch = []
        yield from _with_evidence(batch)

    def _with_evidence(batch: list[Edge]) -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        if not with_evidence:
            yield from ((e, []) for e in batch)
            return
        with lock.read():
            ev = store.evidence([e.key for e in batch], per_edge=1)
        for e in batch:
            yield e, ev.get(e.key, [])

    return store.iter_nodes(), edges()


def _x(value: object) -> str:
    return escape(_BAD_XML.sub("", str(value)))


def graphml(nodes: Iterable[Node], edges: Iterable[tuple[Edge, list[dict[str, Any]]]]) -> Iterator[str]:
    """GraphML, written as it streams."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    for k in NODE_COLUMNS:
        yield f'<key id="n_{k}" for="node" attr.name="{k}" attr.type="{NODE_TYPES.get(k, "string")}"/>\n'
    for k in ("label", *EDGE_COLUMNS):
        yield f'<key id="e_{k}" for="edge" attr.name="{k}" attr.type="{EDGE_TYPES.get(k, "string")}"/>\n'
    yield '<graph id="vankien" edgedefault="directed">\n'
    for node in nodes:
        data = "".join(f'<data key="n_{k}">{_x(v)}</data>' for k, v in _node_row(node).items() if v not in (None, ""))
        yield f"<node id={quoteattr(_BAD_XML.sub('', node.id))}>{data}</node>\n"
    for i, (edge, evidence) in enumerate(edges):
        row = {"label": edge.type.value, **_edge_row(edge, evidence)}
        data = "".join(f'<data key="e_{k}">{_x(v)}</data>' for k, v in row.items() if v not in (None, ""))
        yield (f"<edge id=\"e{i}\" source={quoteattr(_BAD_XML.sub('', edge.source))} "
               f"target={quoteattr(_BAD_XML.sub('', edge.target))}>{data}</edge>\n")
    yield "</graph>\n</graphml>\n"


def _csv(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        if buf.tell() > 65_536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def nodes_csv(nodes: Iterable[Node]) -> Iterator[str]:
    """Nodes as CSV, with Gephi's ``Id`` and ``Label`` columns first."""
    cols = [c for c in NODE_COLUMNS if c != "label"]
    rows = ([n.id, n.label, *[_node_row(n)[c] for c in cols]] for n in nodes)
    return _csv(["Id", "Label", *cols], rows)


def edges_csv(edges: Iterable[tuple[Edge, list[dict[str, Any]]]]) -> Iterator[str]:
    """Edges as CSV, with Gephi's ``Source``, ``Target``, ``Type`` and ``Label`` columns first."""
    rows = ([e.source, e.target, "Directed", e.type.value, *_edge_row(e, ev).values()] for e, ev in edges)
    return _csv(["Source", "Target", "Type", "Label", *EDGE_COLUMNS], rows)


async def _parts(request: Request, store: Store, document: str | None, depth: int,
                 evidence: bool) -> tuple[Iterable[Node], Iterable[Any]]:
    if document is None:
        return _whole(store, request, evidence)
    return await read(request, store, neighbourhood, document, depth, settings_of(request).max_export_nodes, evidence)


def _stream(body: Iterator[str], media: str, name: str) -> StreamingResponse:
    return StreamingResponse((s.encode("utf-8") for s in body), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _responses(media: str, example: str) -> dict[int | str, dict[str, Any]]:
    return {**ID_ERRORS, 200: {"description": "The export.", "content": {media: {"example": example}}}}


@router.get("/graph.graphml", response_class=StreamingResponse, summary="GraphML of the graph or a neighbourhood",
            responses=_responses("application/graphml+xml", '<graphml …><graph edgedefault="directed"><node id="doc:ct-tw-39-xi">…'))
async def export_graphml(request: Request, store: StoreDep, document: Annotated[str | None, DOCUMENT] = None,
                         depth: Annotated[int, DEPTH] = 1, evidence: Annotated[bool, EVIDENCE] = True) -> StreamingResponse:
    """The whole graph (streamed), or the nodes within ``depth`` hops of ``document``: node and edge attributes
    include kind, label, year, province, relation, confidence and the first evidence sentence."""
    nodes, edges = await _parts(request, store, document, depth, evidence)
    return _stream(graphml(nodes, edges), "application/graphml+xml", "vankien.graphml")


@router.get("/nodes.csv", response_class=StreamingResponse, summary="Nodes as CSV",
            responses=_responses("text/csv", "Id,Label,kind,…\ndoc:ct-tw-39-xi,Chỉ thị 39-CT/TW (2014),Document,…\n"))
async def export_nodes(request: Request, store: StoreDep, document: Annotated[str | None, DOCUMENT] = None,
                       depth: Annotated[int, DEPTH] = 1) -> StreamingResponse:
    """The nodes of the whole graph or of a neighbourhood, one row each (Gephi's node table)."""
    nodes, _ = await _parts(request, store, document, depth, False)
    return _stream(nodes_csv(nodes), "text/csv; charset=utf-8", "vankien-nodes.csv")


@router.get("/edges.csv", response_class=StreamingResponse, summary="Edges as CSV",
            responses=_responses("text/csv", "Source,Target,Type,Label,…\ndoc:kh-tu-dong-thap-126-2015-2020,"
                                             "doc:ct-tw-39-xi,Directed,IMPLEMENTS,…\n"))
async def export_edges(request: Request, store: StoreDep, document: Annotated[str | None, DOCUMENT] = None,
                       depth: Annotated[int, DEPTH] = 1, evidence: Annotated[bool, EVIDENCE] = True) -> StreamingResponse:
    """The edges of the whole graph or of a neighbourhood, with the first evidence sentence (Gephi's edge table)."""
    _, edges = await _parts(request, store, document, depth, evidence)
    return _stream(edges_csv(edges), "text/csv; charset=utf-8", "vankien-edges.csv")
