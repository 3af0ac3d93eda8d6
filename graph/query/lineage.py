"""Lineage questions, answered the same way over any store (only ``Store`` methods are used).

- ``implementations``: what carries a document out — meetings and documents that
  implement, guide, review or discuss it, directly and transitively — each hop with its
  evidence, grouped by province and year.
- ``trace``: every path from a plan or a meeting up to the central documents it rests on.
- ``coverage``: provinces with and without a recorded implementation (63 before the
  2025 merger, 34 after).
- ``timeline``: the document and what happened to it, by date.
- ``lineage_graph``: ancestors and implementations of a node as one layered graph, with
  the province × year matrix (the lineage page draws it).

Every answer marks the documents a recorded document replaces or repeals (``in_force``
False, ``superseded_by``), and lists them under ``superseded``: a lineage through a
document no longer in force says so.

Every traversal is bounded in depth, in nodes visited and in paths returned: cycles and
wide fan-outs end with ``truncated: true``, never with a hang.

On a server every store call is a round trip, so each query makes few: ``trace`` three at
any depth (``Store.reach`` reads all its levels at once), ``implementations`` one per level
(``_downward``: a downward ``reach`` would have the server visit the whole fan-out below a
central document before cutting it to ``MAX_NODES``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from graph.query import in_force
from graph.query.examples import mark_examples
from graph.query.marks import mark_hops
from graph.store.protocol import Edge, Node, Store
from ontology import reference
from ontology.errors import InvalidRequestError, NotFoundError
from ontology.vocab import NodeKind, Prop, RelationType

UNKNOWN = "(không rõ)"
CENTRAL = "Trung ương"
SOURCES_COUNTED = 200
MAX_DEPTH = 6
MAX_NODES = 2000
MAX_PATHS = 200
PAGE = 500
DOWN = (RelationType.IMPLEMENTS, RelationType.GUIDES, RelationType.REVIEWS, RelationType.DISCUSSES,
        RelationType.BASED_ON)
UP = (RelationType.IMPLEMENTS, RelationType.GUIDES, RelationType.REVIEWS, RelationType.DISCUSSES,
      RelationType.BASED_ON, RelationType.AMENDS)
HISTORY = (RelationType.IMPLEMENTS, RelationType.GUIDES, RelationType.REVIEWS, RelationType.DISCUSSES,
           RelationType.BASED_ON, RelationType.AMENDS, RelationType.REPLACES, RelationType.REPEALS)


def _check_depth(depth: int) -> int:
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidRequestError(f"depth must be between 1 and {MAX_DEPTH}, not {depth}")
    return depth


def is_central(node: Node) -> bool:
    """Whether a node is a document of a central series (…/TW, …/BTCTW, a plenum, a congress)."""
    if node.kind is not NodeKind.DOCUMENT:
        return False
    p = node.props
    if p.get(Prop.CONGRESS) or (p.get("plenum") and p.get("term")):
        return True
    symbol = str(p.get("symbol") or "")
    if p.get("system") == "state" or "/" not in symbol:
        return False
    issuer = reference.issuer_for_code(symbol.split("/", 1)[1])
    return bool(issuer and issuer.central)


def summary(node: Node) -> dict[str, Any]:
    """The fields a lineage answer shows for a node."""
    p = node.props
    when = p.get("issued") or p.get("date")
    return {
        "id": node.id, "kind": node.kind.value, "label": node.label,
        "date": when, "year": p.get("year") or (int(str(when)[:4]) if when else None),
        "province": p.get("province"), "central": is_central(node),
        "resolved": p.get("resolved", True) if node.kind is NodeKind.DOCUMENT else True,
    }


def require(store: Store, node_id: str) -> Node:
    """The node, through a merge alias if it has one, or NotFoundError."""
    node_id = store.canonical_id(node_id)
    node = store.get_nodes([node_id]).get(node_id)
    if node is None:
        raise NotFoundError(node_id)
    return node


def _hop(edge: Edge, evidence: dict[tuple[str, str, str], list[dict[str, Any]]]) -> dict[str, Any]:
    return {"source": edge.source, "type": edge.type.value, "target": edge.target,
            "confidence": edge.confidence, "evidence": evidence.get(edge.key, [])}


def implementations(store: Store, doc_id: str, depth: int = 3, limit: int = MAX_NODES,
                    evidence_per_hop: int = 3, offset: int = 0, page: int = PAGE) -> dict[str, Any]:
    """Meetings and documents that carry a document out, direct and transitive. All of them
    are counted and grouped by province and year; ``page`` of them from ``offset`` (nearest
    first) are returned with their evidence.

    On a server each store call is a round trip, so they are few (``_downward``): one
    ``expand`` per level, which also reads what replaces or repeals the level's nodes; one
    more for the nodes of the last level shown, if any; one ``get_nodes`` for the document,
    what implements it and what supersedes them; one ``evidence`` for the hops shown, if any."""
    if offset < 0 or page < 1:
        raise InvalidRequestError("offset must be ≥ 0 and page ≥ 1")
    _check_depth(depth)
    root_id = store.canonical_id(doc_id)
    items, ends, read, truncated = _downward(store, root_id, depth, limit)
    shown = items[offset:offset + page]
    unread = [n for n in dict.fromkeys([root_id, *(e.source for e, _ in shown)]) if n not in read]
    if unread:
        ends += store.expand(unread, "in", in_force.ENDS_FORCE)
    nodes = store.get_nodes([root_id, *(e.source for e, _ in items), *(e.source for e in ends)])
    root = nodes.get(root_id)
    if root is None:
        raise NotFoundError(root_id)
    evidence = store.evidence([e.key for e, _ in shown], per_edge=evidence_per_hop) if shown else {}
    out_items: list[dict[str, Any]] = []
    by_province: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for n, (e, level) in enumerate(items):
        node = nodes.get(e.source)
        if node is None:
            continue
        s = summary(node)
        if offset <= n < offset + page:
            out_items.append({"node": s, "depth": level, "via": _hop(e, evidence)})
        by_province[s["province"] or UNKNOWN][str(s["year"] or UNKNOWN)].append(node.id)
    document = summary(root)
    superseded = in_force.mark_found(in_force.supersessions(ends, nodes), [document, *(i["node"] for i in out_items)])
    return {
        "document": document,
        "depth": depth,
        "count": len(items),
        "offset": offset,
        "items": out_items,
        "by_province": {p: dict(sorted(y.items())) for p, y in sorted(by_province.items())},
        "superseded": superseded,
        "truncated": truncated,
    }


_DOWN_AND_ENDS = (*DOWN, *in_force.ENDS_FORCE)


def _downward(store: Store, root: str, depth: int,
              limit: int) -> tuple[list[tuple[Edge, int]], list[Edge], set[str], bool]:
    """What implements ``root`` up to ``depth`` levels down, nearest first: (each first edge
    into a new node, with its level), up to ``limit`` of them; the edges that end the force of
    the nodes expanded; those nodes; whether ``limit`` cut it short. One ``expand`` per level
    for both kinds of edge; a level whose edges reach the call's limit is read again without
    the force-ending ones (the answer is then that of the implementing edges alone)."""
    seen = {root}
    frontier = [root]
    items: list[tuple[Edge, int]] = []
    ends: list[Edge] = []
    read: set[str] = set()
    for level in range(1, depth + 1):
        edges = store.expand(frontier, "in", _DOWN_AND_ENDS, limit=limit + 1)
        if len(edges) > limit:
            edges = store.expand(frontier, "in", DOWN, limit=limit + 1)
        else:
            ends += [e for e in edges if e.type in in_force.ENDS_FORCE]
            edges = [e for e in edges if e.type in DOWN]
            read.update(frontier)
        nxt = []
        for e in edges:
            if e.source in seen:
                continue
            seen.add(e.source)
            items.append((e, level))
            nxt.append(e.source)
            if len(items) >= limit:
                return items, ends, read, True
        if not nxt:
            break
        frontier = nxt
    return items, ends, read, False


_REACH_NODES = MAX_NODES  # nodes a trace reads with its levels at most
_LEVEL_LIMIT = 50_000  # edges a trace reads with its levels at most


def trace(store: Store, node_id: str, depth: int = MAX_DEPTH, max_paths: int = MAX_PATHS,
          evidence_per_hop: int = 3) -> dict[str, Any]:
    """Every path from a plan or meeting up through what it implements, to the documents
    nothing further is recorded above (central conclusions, resolutions …).

    On a server each store call is a round trip, so they are three at any depth: the alias,
    one ``reach`` (the upward edges of every node within ``depth`` hops — those at ``depth``
    too: a trace asks whether a path goes on —, what replaces or repeals each, and their
    nodes), and the evidence of the hops, if any. Past ``reach``'s bounds (``_REACH_NODES``
    nodes, ``_LEVEL_LIMIT`` edges) a node's edges, nodes and marks are read on their own."""
    _check_depth(depth)
    start_id = store.canonical_id(node_id)
    up = store.reach(start_id, "out", UP, depth, max_nodes=_REACH_NODES, max_edges=_LEVEL_LIMIT,
                     into=in_force.ENDS_FORCE)
    start = up.nodes.get(start_id)
    if start is None and not up.complete:  # its own edges passed the bounds
        start = store.get_nodes([start_id]).get(start_id)
    if start is None:
        raise NotFoundError(start_id)
    paths: list[list[Edge]] = []
    truncated = False
    up_cache = dict(up.edges)
    visits = 0

    def ups(nid: str) -> list[Edge]:
        if nid not in up_cache:
            up_cache[nid] = store.expand([nid], "out", UP)
        return up_cache[nid]

    stack: list[tuple[str, list[Edge]]] = [(start.id, [])]
    while stack:
        nid, path = stack.pop()
        visits += 1
        if visits > MAX_NODES or len(paths) >= max_paths:
            truncated = True
            break
        on_path = {start.id} | {e.target for e in path}
        nexts = [e for e in ups(nid) if e.target not in on_path]
        if not nexts or len(path) >= depth:
            if path:
                paths.append(path)
            if nexts and len(path) >= depth:
                truncated = True
            continue
        for e in sorted(nexts, key=lambda e: (e.type.value, e.target), reverse=True):
            stack.append((e.target, [*path, e]))
    keys = {e.key for p in paths for e in p}
    evidence = store.evidence(sorted(keys), per_edge=evidence_per_hop) if keys else {}
    wanted = sorted({start.id} | {e.target for p in paths for e in p})
    unread = [n for n in wanted if n not in up.edges]  # past reach's bounds only
    nodes = {**up.nodes, **(store.get_nodes(unread) if unread else {})}
    summaries = {k: summary(nodes[k]) for k in wanted if k in nodes}
    central = sorted({e.target for p in paths for e in p if summaries.get(e.target, {}).get("central")})
    paths.sort(key=lambda p: (-sum(summaries.get(e.target, {}).get("central", False) for e in p), len(p)))
    found = in_force.supersessions(up.into, up.nodes)
    if unread:
        found.update(in_force.superseded(store, unread))
    superseded = in_force.mark_found(found, [summaries[k] for k in sorted(summaries)])
    return {
        "start": summaries[start.id],
        "paths": [[_hop(e, evidence) for e in p] for p in paths],
        "nodes": summaries,
        "central": central,
        "superseded": superseded,
        "truncated": truncated,
    }


def coverage(store: Store, doc_id: str, depth: int = 3, at: date | None = None) -> dict[str, Any]:
    """Which provinces have a recorded implementation of a document, and which do not.
    The list of units is the one in force on ``at`` (default: the document's date): 63
    before 1-7-2025, 34 after; provinces named before the merger count for their new unit."""
    impl = implementations(store, doc_id, depth)
    when = at
    if when is None and impl["document"]["date"]:
        when = date.fromisoformat(str(impl["document"]["date"])[:10])
    units = reference.provinces_at(when)
    after = when is not None and when >= reference.MERGER_EFFECTIVE
    covered: dict[str, list[str]] = defaultdict(list)
    for item in impl["items"]:
        prov = item["node"]["province"]
        if not prov:
            continue
        p = reference.province_by_name(prov)
        name = (p.merged_into if after else p.name) if p else prov
        if name in units:
            covered[name].append(item["node"]["id"])
    return {
        "document": impl["document"],
        "as_of": when.isoformat() if when else None,
        "units": len(units),
        "covered": {k: covered[k] for k in units if k in covered},
        "missing": [u for u in units if u not in covered],
        "truncated": impl["truncated"],
    }


def timeline(store: Store, doc_id: str, depth: int = 2) -> dict[str, Any]:
    """The document, and the meetings and documents about it, by date (``implementations``'
    store calls, then one ``expand`` for what amends, replaces or repeals it, and, if anything
    does, its nodes and evidence)."""
    impl = implementations(store, doc_id, depth)
    root_id = impl["document"]["id"]
    changes = store.expand([root_id], "in", (RelationType.AMENDS, RelationType.REPLACES, RelationType.REPEALS))
    extra = store.get_nodes([e.source for e in changes]) if changes else {}
    evidence = store.evidence([e.key for e in changes]) if changes else {}
    events: list[dict[str, Any]] = [{"node": impl["document"], "relation": "ISSUED", "via": None}]
    events += [{"node": i["node"], "relation": i["via"]["type"], "via": i["via"]} for i in impl["items"]]
    events += [{"node": summary(extra[e.source]), "relation": e.type.value, "via": _hop(e, evidence)}
               for e in changes if e.source in extra]
    events.sort(key=lambda ev: (str(ev["node"]["date"] or ev["node"]["year"] or "9999"), ev["node"]["label"]))
    return {"document": impl["document"], "events": events, "superseded": impl["superseded"],
            "truncated": impl["truncated"]}


def _central_row(by_province: dict[str, dict[str, list[str]]],
                 nodes: dict[str, dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """The matrix's cells, with the central documents of no province in a row of their own ("Trung ương")."""
    cells = {p: {y: list(ids) for y, ids in years.items()} for p, years in by_province.items()}
    unknown = cells.pop(UNKNOWN, {})
    for year, ids in unknown.items():
        for nid in ids:
            row = CENTRAL if nodes.get(nid, {}).get("central") else UNKNOWN
            cells.setdefault(row, {}).setdefault(year, []).append(nid)
    return {p: dict(sorted(y.items())) for p, y in cells.items()}


def _source_counts(store: Store, keys: list[tuple[str, str, str]]) -> list[int]:
    """How many distinct sources state each edge (up to ``SOURCES_COUNTED``)."""
    evidence = store.evidence(keys, per_edge=SOURCES_COUNTED)
    return [len({ev["source"] for ev in evidence.get(k, [])}) for k in keys]


def lineage_graph(store: Store, node_id: str, up: int, down: int) -> dict[str, Any]:
    """Ancestors (negative layers) and implementations (positive layers) of a node as one graph."""
    tr = trace(store, node_id, depth=up, max_paths=MAX_PATHS)
    impl = implementations(store, tr["start"]["id"], depth=down)
    root = tr["start"]
    layers: dict[str, int] = {root["id"]: 0}
    nodes: dict[str, dict[str, Any]] = {root["id"]: root}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for path in tr["paths"]:
        for i, hop in enumerate(path, 1):
            target = hop["target"]
            if target != root["id"]:
                layers[target] = min(layers.get(target, 0), -i)
                nodes[target] = tr["nodes"].get(target) or {"id": target, "kind": "Document", "label": target}
            edges.setdefault((hop["source"], hop["type"], target), hop)
    for item in impl["items"]:
        nid = item["node"]["id"]
        if nid not in layers:
            layers[nid] = item["depth"]
            nodes[nid] = item["node"]
        hop = item["via"]
        edges.setdefault((hop["source"], hop["type"], hop["target"]), hop)
    cells = _central_row(impl["by_province"], nodes)
    rows = sorted(cells, key=lambda p: (p != CENTRAL, p == UNKNOWN, p))
    columns = sorted({y for years in cells.values() for y in years}, key=lambda y: (y == UNKNOWN, y))
    hops = [{**h, "sources": n} for h, n in zip(edges.values(), _source_counts(store, list(edges)), strict=True)]
    mark_examples(store, hops)
    mark_hops(store, hops)
    return {
        "document": impl["document"],
        "nodes": [{**nodes[n], "layer": layer} for n, layer in sorted(layers.items(), key=lambda kv: (kv[1], kv[0]))],
        "edges": hops,
        "matrix": {"rows": rows, "columns": columns, "cells": cells},
        "truncated": bool(tr["truncated"] or impl["truncated"]),
    }
