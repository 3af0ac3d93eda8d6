"""The articles a graph was read from: each as normalised text, with the evidence sentences and
mentions it contributed as spans (offsets into that text)."""

from __future__ import annotations

from typing import Any

from graph.query.examples import source_is_example
from graph.store.protocol import Store
from ontology.errors import NotFoundError

PUBLIC = ("id", "key", "url", "title", "published", "sha256", "ingested")


def public(src: dict[str, Any]) -> dict[str, Any]:
    """A source as the public sees it (its text and the path it was read from left out), and
    whether it is one of the project's examples."""
    return {**{k: (str(src[k]) if src.get(k) is not None else None) for k in PUBLIC},
            "example": source_is_example(src)}


def page(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of sources, in id order."""
    return [public(s) for s in store.list_sources(limit=limit, offset=offset)]


def spans_of(store: Store, source_id: str) -> list[dict[str, Any]]:
    """The evidence sentences and mentions a source contributed, in text order."""
    delta = store.load_delta(source_id)
    if delta is None:
        return []
    spans = [{"kind": "evidence", "start": e.evidence["start"], "end": e.evidence["end"],
              "text": e.evidence.get("text") or "", "node": e.source, "type": e.type.value, "target": e.target,
              "rule": e.evidence.get("rule")} for e in delta.edges]
    spans += [{"kind": "mention", "start": m.start, "end": m.end, "text": m.text, "node": m.node} for m in delta.mentions]
    spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"], s.get("type") or "", s["node"] or ""))
    return spans


def detail(store: Store, source_id: str) -> dict[str, Any]:
    """A source's normalised text and every evidence sentence and mention in it (NotFoundError if unknown)."""
    src = store.get_source(source_id)
    if src is None:
        raise NotFoundError(source_id)
    return {**public(src), "text": str(src.get("text") or ""), "spans": spans_of(store, source_id)}
