"""Find documents from what people type: "nghi quyet 04 khoa XII", "Chỉ thị 05",
"39-CT/TW năm 2014", "KL 21" — without diacritics or case mattering.

The text is read by the same extractor as the articles (so every form it knows works
here), resolved like a reference in a text without a date, and matched against the
store: the resolved document first, then others with the same type and number.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from graph.queries import summary
from graph.store import Node, Store
from loaders.context import prepare
from loaders.documents import attach_preceding, find_mentions
from loaders.resolve import resolve as resolve_mentions
from loaders.sources import Source
from ontology.errors import InvalidRequestError
from ontology.text import fold_key
from ontology.vocab import NodeKind

MAX_QUERY = 300


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[tuple[str, str], ...]:
    """(canonical id, lookup key) of every reference in the query text (pure: the extractor
    and the reference data only, so answers are kept)."""
    src = Source(id="src:query", key="query", path="query", text=text,
                 sha256=hashlib.sha256(text.encode()).hexdigest())
    ctx = prepare(src)
    mentions = attach_preceding(ctx, find_mentions(ctx))
    if not mentions:
        return ()
    resolved = resolve_mentions(ctx, mentions)
    out = []
    for x, doc_id in zip(mentions, resolved.by_mention, strict=True):
        number = x.number
        if number is None:
            doc = next((d for d in resolved.documents if d.id == doc_id), None)
            number = int(doc.number) if doc and doc.number and doc.number.isdigit() else None
        out.append((doc_id, f"{x.kind.value}|{number}" if number is not None else ""))
    return tuple(out)


def resolve_text(store: Store, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Ranked canonical documents for a free-text reference."""
    text = " ".join(text.split())
    if not text:
        raise InvalidRequestError("the query is empty")
    if len(text) > MAX_QUERY:
        raise InvalidRequestError(f"the query is longer than {MAX_QUERY} characters")
    parsed = _parse(text)
    scored: dict[str, tuple[float, Node, str]] = {}
    exact_ids = [store.canonical_id(i) for i, _ in parsed]
    for nid, node in store.get_nodes(exact_ids).items():
        scored[nid] = (1.0, node, "exact")
    keys = [k for _, k in parsed if k]
    for node in store.documents_by_lookup(keys):
        if node.id in scored:
            continue
        same_symbol = any(node.id.rsplit("-", 1)[0] == i.rsplit("-", 1)[0] for i in exact_ids)
        scored[node.id] = (0.7 if same_symbol else 0.5, node, "same number")
    if not scored:
        for node in search(store, text, limit=limit, kinds=[NodeKind.DOCUMENT], raw=True):
            scored[node.id] = (0.3, node, "name")
    ranked = sorted(scored.values(), key=lambda t: (-t[0], -(t[1].props.get("year") or 0), t[1].label))
    return [{**summary(n), "score": s, "match": why} for s, n, why in ranked[:limit]]


def search(store: Store, q: str, limit: int = 20, kinds: list[NodeKind] | None = None,
           raw: bool = False) -> list[Any]:
    """Nodes whose label, name or title contains the words of ``q`` (diacritics-insensitive)."""
    key = fold_key(q)
    if not key:
        raise InvalidRequestError("the query is empty")
    if len(key) > MAX_QUERY:
        raise InvalidRequestError(f"the query is longer than {MAX_QUERY} characters")
    found: list[Node] = []
    for kind in kinds or [None]:  # type: ignore[list-item]
        found += store.find_nodes(kind=kind, where={"q": key}, limit=limit)
    found.sort(key=lambda n: (not fold_key(n.label).startswith(key), len(n.label), n.id))
    found = found[:limit]
    return found if raw else [summary(n) for n in found]
