"""Is a document still in force? Read from the REPLACES and REPEALS edges into it.

A document that another one replaces ("Quy định này thay thế Quy định số 105-QĐ/TW") or
repeals ("bãi bỏ …") is no longer in force from the date of the later one. Nothing here
says a document *is* in force: the graph only knows what its sources say, so a document
with no such edge is "not known to be superseded" (``in_force`` is None), never True.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.store.protocol import Edge, Node, Store
from ontology.vocab import NodeKind, RelationType

#: the relations that end another document's force, in the order they are reported
ENDS_FORCE = (RelationType.REPEALS, RelationType.REPLACES)


@dataclass(frozen=True, slots=True)
class Supersession:
    """One document ending another's force: which, how, and since when (its date)."""

    by: str
    label: str
    relation: RelationType
    since: str | None
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.by, "label": self.label, "relation": self.relation.value, "since": self.since,
                "confidence": self.confidence}


def _since(node: Node) -> str | None:
    p = node.props
    when = p.get("issued") or p.get("date")
    if when:
        return str(when)[:10]
    return str(p["year"]) if p.get("year") else None


def superseded(store: Store, ids: Iterable[str]) -> dict[str, list[Supersession]]:
    """For each of ``ids`` that a recorded document replaces or repeals, what ends its force,
    earliest first (undated last). Ids with no such edge are absent."""
    targets: Sequence[str] = list(dict.fromkeys(ids))
    if not targets:
        return {}
    edges = store.expand(targets, "in", ENDS_FORCE)
    return supersessions(edges, store.get_nodes(list({e.source for e in edges})))


def supersessions(edges: Iterable[Edge], nodes: Mapping[str, Node]) -> dict[str, list[Supersession]]:
    """``superseded`` from edges already read: the ``ENDS_FORCE`` edges into some documents
    (other types are ignored) and ``nodes``, which hold their sources (a caller that reads
    these edges with others, and these nodes with others, saves the round trips)."""
    out: dict[str, list[Supersession]] = {}
    for e in edges:
        node = nodes.get(e.source)
        if e.type not in ENDS_FORCE or node is None or node.kind is not NodeKind.DOCUMENT:
            continue
        out.setdefault(e.target, []).append(Supersession(node.id, node.label, e.type, _since(node), e.confidence))
    for items in out.values():
        items.sort(key=lambda s: (s.since is None, s.since or "", s.relation.value, s.by))
    return out


def status(items: Sequence[Supersession]) -> dict[str, Any]:
    """The in-force answer for one document: ``in_force`` False with what ended it and since
    when (the earliest), or None when nothing recorded ends it."""
    if not items:
        return {"in_force": None, "since": None, "superseded_by": []}
    return {"in_force": False, "since": items[0].since, "superseded_by": [s.as_dict() for s in items]}


def of(store: Store, doc_id: str) -> dict[str, Any]:
    """The in-force answer for one document id (see ``status``)."""
    return status(superseded(store, [doc_id]).get(doc_id, []))


def mark(store: Store, summaries: Iterable[dict[str, Any]]) -> list[str]:
    """Add ``superseded_by`` (and ``in_force``: False) to the document summaries that a
    recorded document replaces or repeals; return their ids, in the order given."""
    rows = [s for s in summaries if s.get("kind") == NodeKind.DOCUMENT.value]
    return mark_found(superseded(store, (s["id"] for s in rows)), rows)


def mark_found(found: Mapping[str, Sequence[Supersession]], summaries: Iterable[dict[str, Any]]) -> list[str]:
    """``mark`` with what ends each document's force already known (``found`` holds at
    least every document of ``summaries`` that something ends)."""
    marked: list[str] = []
    for s in summaries:
        if s.get("kind") != NodeKind.DOCUMENT.value:
            continue
        items = found.get(s["id"])
        if items:
            s["in_force"] = False
            s["superseded_by"] = [i.as_dict() for i in items]
            if s["id"] not in marked:
                marked.append(s["id"])
    return marked
