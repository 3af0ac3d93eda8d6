"""The graph, or one node's neighbourhood, as GraphML (Gephi, yEd) or as CSV tables of nodes
and of edges (Gephi's node and edge tables; a spreadsheet opens them). Written as they stream.

CSV may start with a UTF-8 byte order mark (``bom=True``): Excel on Windows reads a CSV
without one in the system's code page and mangles the diacritics.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.query.lookup import resolve_document
from graph.query.neighbourhood import MAX_NODES, check_depth, neighbourhood
from graph.store.protocol import Edge, Node, Store
from ontology.errors import InvalidRequestError

#: format → (media type, file name)
FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("application/graphml+xml", "vankien.graphml"),
    "nodes-csv": ("text/csv; charset=utf-8", "vankien-nodes.csv"),
    "edges-csv": ("text/csv; charset=utf-8", "vankien-edges.csv"),
}
NODE_COLUMNS = ("kind", "label", "date", "year", "province", "doc_kind", "symbol", "number", "term", "issuer", "title")
NODE_TYPES = {"year": "int"}
EDGE_COLUMNS = ("relation", "confidence", "evidence_count", "evidence", "evidence_source", "evidence_start",
                "evidence_end")
EDGE_TYPES = {"confidence": "double", "evidence_count": "int", "evidence_start": "int", "evidence_end": "int"}
BOM = "\ufeff"
CHUNK = 500
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

EdgeRows = Iterable[tuple[Edge, list[dict[str, Any]]]]


# ------------------------------------------------------------------ what to export


def part(store: Store, document: str, depth: int, max_nodes: int = MAX_NODES,
         with_evidence: bool = True) -> tuple[list[Node], list[tuple[Edge, list[dict[str, Any]]]]]:
    """The nodes of the neighbourhood (``graph.query.neighbourhood``) of ``document`` (an id,
    an IRI or a reference, as ``graph.query.lookup.resolve_document`` reads it) and its edges,
    each with its first evidence (or none)."""
    check_depth(depth)
    hood = neighbourhood(store, resolve_document(store, document), depth, max_nodes)
    nodes = store.get_nodes(list(hood.node_ids))
    evidence = store.evidence([e.key for e in hood.edges], per_edge=1) if with_evidence else {}
    return [nodes[n] for n in hood.node_ids if n in nodes], [(e, evidence.get(e.key, [])) for e in hood.edges]


def whole(store: Store, with_evidence: bool = True,
          guard: Callable[[], AbstractContextManager[Any]] = nullcontext) -> tuple[Iterator[Node], Iterator[tuple[Edge, list[dict[str, Any]]]]]:
    """Every node and every edge, streamed; the edges' first evidence is read ``CHUNK`` edges
    at a time, each read inside ``guard()`` (the API's read lock)."""

    def with_first(batch: list[Edge]) -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        if not with_evidence:
            yield from ((e, []) for e in batch)
            return
        with guard():
            ev = store.evidence([e.key for e in batch], per_edge=1)
        for e in batch:
            yield e, ev.get(e.key, [])

    def edges() -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        batch: list[Edge] = []
        for e, _ in store.iter_edges(with_evidence=False):
            batch.append(e)
            if len(batch) >= CHUNK:
                yield from with_first(batch)
                batch = []
        yield from with_first(batch)

    return store.iter_nodes(), edges()


# ------------------------------------------------------------------ rows


def node_row(node: Node) -> dict[str, Any]:
    """A node's columns."""
    p = node.props
    row = {k: p.get(k) for k in NODE_COLUMNS}
    row.update(kind=node.kind.value, label=node.label, date=p.get("issued") or p.get("date"))
    return row


def edge_row(edge: Edge, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """An edge's columns, with its first evidence."""
    ev = evidence[0] if evidence else {}
    return {"relation": edge.type.value, "confidence": edge.confidence, "evidence_count": edge.evidence_count or None,
            "evidence": ev.get("text"), "evidence_source": ev.get("source"), "evidence_start": ev.get("start"),
            "evidence_end": ev.get("end")}


# ------------------------------------------------------------------ GraphML


def _x(value: object) -> str:
    return escape(_BAD_XML.sub("", str(value)))


def graphml(nodes: Iterable[Node], edges: EdgeRows) -> Iterator[str]:
    """GraphML, written as it streams."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    for k in NODE_COLUMNS:
        yield f'<key id="n_{k}" for="node" attr.name="{k}" attr.type="{NODE_TYPES.get(k, "string")}"/>\n'
    for k in ("label", *EDGE_COLUMNS):
        yield f'<key id="e_{k}" for="edge" attr.name="{k}" attr.type="{EDGE_TYPES.get(k, "string")}"/>\n'
    yield '<graph id="vankien" edgedefault="directed">\n'
    for node in nodes:
        data = "".join(f'<data key="n_{k}">{_x(v)}</data>' for k, v in node_row(node).items() if v not in (None, ""))
        yield f"<node id={quoteattr(_BAD_XML.sub('', node.id))}>{data}</node>\n"
    for i, (edge, evidence) in enumerate(edges):
        row = {"label": edge.type.value, **edge_row(edge, evidence)}
        data = "".join(f'<data key="e_{k}">{_x(v)}</data>' for k, v in row.items() if v not in (None, ""))
        yield (f"<edge id=\"e{i}\" source={quoteattr(_BAD_XML.sub('', edge.source))} "
               f"target={quoteattr(_BAD_XML.sub('', edge.target))}>{data}</edge>\n")
    yield "</graph>\n</graphml>\n"


# ------------------------------------------------------------------ CSV


def _csv(header: list[str], rows: Iterable[list[Any]], bom: bool) -> Iterator[str]:
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        if buf.tell() > 65_536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def nodes_csv(nodes: Iterable[Node], bom: bool = False) -> Iterator[str]:
    """Nodes as CSV, with Gephi's ``Id`` and ``Label`` columns first."""
    cols = [c for c in NODE_COLUMNS if c != "label"]
    rows = ([n.id, n.label, *[node_row(n)[c] for c in cols]] for n in nodes)
    return _csv(["Id", "Label", *cols], rows, bom)


def edges_csv(edges: EdgeRows, bom: bool = False) -> Iterator[str]:
    """Edges as CSV, with Gephi's ``Source``, ``Target``, ``Type`` and ``Label`` columns first."""
    rows = ([e.source, e.target, "Directed", e.type.value, *edge_row(e, ev).values()] for e, ev in edges)
    return _csv(["Source", "Target", "Type", "Label", *EDGE_COLUMNS], rows, bom)


def check_format(fmt: str) -> str:
    """The format name, or InvalidRequestError listing the known ones."""
    if fmt not in FORMATS:
        raise InvalidRequestError(f"unknown table format {fmt!r}; known: {', '.join(FORMATS)}")
    return fmt


def write_table(fmt: str, nodes: Iterable[Node], edges: EdgeRows, bom: bool = False) -> Iterator[str]:
    """The export in one of ``FORMATS`` (``bom`` only for the CSV ones)."""
    if check_format(fmt) == "graphml":
        if bom:
            raise InvalidRequestError("a byte order mark is for CSV, not GraphML")
        return graphml(nodes, edges)
    return nodes_csv(nodes, bom) if fmt == "nodes-csv" else edges_csv(edges, bom)
