"""The neighbourhood of a node: the nodes within ``depth`` hops of it (either direction, any
relation) and every relation among them. One traversal for every export of a part of the
graph (RDF, GraphML, CSV; API and CLI alike).

Bounded in depth (0 to ``MAX_DEPTH``) and in size: a neighbourhood of more than
``max_nodes`` nodes, or more than ``EDGES_PER_NODE × max_nodes`` relations, is refused with a
``QueryLimitError`` naming the bound — never cut short silently, since an export that looks
whole must be whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.query.lineage import MAX_DEPTH, require
from graph.store.protocol import Edge, Store
from ontology.errors import InvalidRequestError, QueryLimitError

#: nodes a neighbourhood may hold unless the caller says otherwise (the API passes its own bound)
MAX_NODES = 20_000
#: relations a neighbourhood may hold, per node it may hold
EDGES_PER_NODE = 20


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The root's id (canonical), the ids within ``depth`` hops (sorted, the root among them)
    and the relations among them (sorted by key)."""

    root: str
    depth: int
    node_ids: tuple[str, ...]
    edges: tuple[Edge, ...]


def check_depth(depth: int) -> int:
    """The depth, or InvalidRequestError outside 0 to ``MAX_DEPTH``."""
    if not 0 <= depth <= MAX_DEPTH:
        raise InvalidRequestError(f"depth must be between 0 and {MAX_DEPTH}, not {depth}")
    return depth


def neighbourhood(store: Store, node_id: str, depth: int, max_nodes: int = MAX_NODES) -> Neighbourhood:
    """The nodes within ``depth`` hops of ``node_id`` (through a merge alias if it has one) and
    every relation among them; NotFoundError for an unknown node, QueryLimitError past the bounds."""
    check_depth(depth)
    root = require(store, node_id).id
    max_edges = EDGES_PER_NODE * max_nodes

    def expand(ids: list[str], direction: str) -> list[Edge]:
        found = store.expand(ids, direction, limit=max_edges + 1)
        if len(found) > max_edges:
            raise QueryLimitError(f"the neighbourhood of {root} at depth {depth} has more than {max_edges} "
                                  "relations: ask for a smaller depth or the whole graph")
        return found

    seen, frontier = {root}, [root]
    for _ in range(depth):
        found = expand(frontier, "out") + expand(frontier, "in")
        frontier = sorted({n for e in found for n in (e.source, e.target)} - seen)
        seen.update(frontier)
        if len(seen) > max_nodes:
            raise QueryLimitError(f"the neighbourhood of {root} at depth {depth} has more than {max_nodes} "
                                  "nodes: ask for a smaller depth or the whole graph")
        if not frontier:
            break
    ids = sorted(seen)
    edges = sorted((e for e in expand(ids, "out") if e.target in seen), key=lambda e: e.key)
    return Neighbourhood(root, depth, tuple(ids), tuple(edges))
