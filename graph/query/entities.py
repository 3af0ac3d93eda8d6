"""What the graph says about one entity — a document, a meeting, a person, a body — and the
lists of them: its merged properties, the partial references merged into it, its relations
both ways with their evidence, and where it is named (with the text around)."""

from __future__ import annotations

from typing import Any

from graph.query import in_force
from graph.query.lineage import require, summary
from graph.query.sources import public as public_source
from graph.store.protocol import Node, Store
from ontology import reference
from ontology.errors import NotFoundError
from ontology.vocab import DocKind, NodeKind

SNIPPET = 80


def entity(store: Store, node_id: str, kind: NodeKind) -> Node:
    """The node of that kind (through merge aliases), or NotFoundError."""
    node = require(store, node_id)
    if node.kind is not kind:
        raise NotFoundError(node_id)
    return node


def relations(store: Store, node: Node, limit: int = 200, evidence_per_edge: int = 2) -> list[dict[str, Any]]:
    """The edges at a node, both ways, with the node at the other end and the evidence."""
    edges = [("out", e) for e in store.expand([node.id], "out", limit=limit)]
    edges += [("in", e) for e in store.expand([node.id], "in", limit=limit)]
    edges = edges[:limit]
    others = store.get_nodes([e.target if d == "out" else e.source for d, e in edges])
    evidence = store.evidence([e.key for _, e in edges], per_edge=evidence_per_edge)
    out: list[dict[str, Any]] = []
    for d, e in edges:
        other = others.get(e.target if d == "out" else e.source)
        if other is not None:
            out.append({"type": e.type.value, "direction": d, "node": summary(other), "confidence": e.confidence,
                        "evidence": evidence.get(e.key, [])})
    out.sort(key=lambda r: (r["type"], r["direction"], r["node"]["label"]))
    return out


def mentions(store: Store, node_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Where a node is named, each with the text just before and after."""
    rows = store.mentions_of(node_id, limit=limit)
    texts: dict[str, str] = {}
    for sid in dict.fromkeys(r["source"] for r in rows):
        src = store.get_source(sid)
        texts[sid] = str(src.get("text") or "") if src else ""
    out = []
    for r in rows:
        text = texts.get(r["source"], "")
        start, end = int(r["start"]), int(r["end"])
        out.append({**r, "text": r.get("text") or text[start:end],
                    "before": text[max(0, start - SNIPPET):start], "after": text[end:end + SNIPPET]})
    return out


def aliases_of(store: Store, node: Node) -> list[str]:
    """The partial ids merged into a node."""
    return sorted(p for p, c in store.aliases().items() if c == node.id and p != node.id)


def public(node: Node) -> dict[str, Any]:
    """A node as the API shows it (its merged properties, with id and kind)."""
    return node.as_dict()


def filters(**values: Any) -> dict[str, Any]:
    """The ``where`` of a list from its query parameters: those given (a blank one is not),
    a province as typed ('dong thap') by its recorded name ('Đồng Tháp')."""
    where: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "province":
            found = reference.province_by_name(value)
            value = found.name if found else value
        where[key] = value
    return where


def list_nodes(store: Store, kind: NodeKind, where: dict[str, Any], limit: int, offset: int
               ) -> tuple[list[dict[str, Any]], int]:
    """One page of the nodes of a kind that match ``where``, and how many match."""
    nodes = store.find_nodes(kind, where=where, limit=limit, offset=offset)
    return [public(n) for n in nodes], store.count_nodes(kind, where=where)


SOURCES_SHOWN = 50


def document_detail(store: Store, doc_id: str) -> dict[str, Any]:
    """The document with what the graph says about it (NotFoundError if there is none): whether
    it is still in force, its aliases, relations, mentions, the first sources that name it, and
    the words a header shows for its type and issuer."""
    node = entity(store, doc_id, NodeKind.DOCUMENT)
    named_in = store.sources_mentioning([node.id])
    shown = [s for s in (store.get_source(sid) for sid in named_in[:SOURCES_SHOWN]) if s]
    return {"document": public(node), "in_force": in_force.of(store, node.id), "aliases": aliases_of(store, node),
            "relations": relations(store, node), "mentions": mentions(store, node.id),
            "sources": [public_source(s) for s in shown], "source_count": len(named_in), **_names(store, node)}


def _names(store: Store, node: Node) -> dict[str, str | None]:
    """The words for the document's type and the name of its issuer, for a header."""
    kind = node.props.get("doc_kind")
    issuer = node.props.get("issuer")
    body = store.get_nodes([str(issuer)]).get(str(issuer)) if issuer else None
    return {"kind_label": reference.type_by_kind(DocKind(kind)).label if kind in set(DocKind) else None,
            "issuer_label": body.label if body else None}


def meeting_detail(store: Store, meeting_id: str) -> dict[str, Any]:
    """The meeting with what the graph says about it (NotFoundError if there is none)."""
    node = entity(store, meeting_id, NodeKind.MEETING)
    return {"meeting": public(node), "relations": relations(store, node), "mentions": mentions(store, node.id)}


def person_detail(store: Store, person_id: str) -> dict[str, Any]:
    """The person with what the graph says about it (NotFoundError if there is none)."""
    node = entity(store, person_id, NodeKind.PERSON)
    return {"person": public(node), "relations": relations(store, node), "mentions": mentions(store, node.id)}


def body_detail(store: Store, body_id: str) -> dict[str, Any]:
    """The body with what the graph says about it (NotFoundError if there is none)."""
    node = entity(store, body_id, NodeKind.BODY)
    return {"body": public(node), "relations": relations(store, node)}
