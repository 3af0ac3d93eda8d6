"""The store interface every backend implements, and the registry of backends by name.

Constructors do no I/O; ``open()`` does. The same contract test suite runs against every
backend (``tests/test_store_contract.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from graph.build.delta import SourceDelta
from ontology.errors import StoreError
from ontology.vocab import NodeKind, RelationType


@dataclass(frozen=True, slots=True)
class Node:
    """A node as readers see it: merged properties."""

    id: str
    kind: NodeKind
    props: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.props.get("label") or self.id)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, **self.props}


@dataclass(frozen=True, slots=True)
class Edge:
    """An edge: its endpoints, type, best confidence and how many evidences carry it."""

    source: str
    type: RelationType
    target: str
    confidence: float
    evidence_count: int

    @property
    def key(self) -> tuple[str, str, str]:
        return self.source, self.type.value, self.target


@dataclass(frozen=True, slots=True)
class Reach:
    """What ``Store.reach`` read: the nodes within some hops of a start, a level at a time.

    ``levels``: level 0 is the start (absent if the store lacks it), level k + 1 the nodes
    that the edges of level k reach and no earlier level holds, each sorted by id. ``edges``:
    for each node of ``levels``, its edges along the followed types (out or in), ordered as
    ``expand`` orders one node's. ``into``: the edges of the ``into`` types into the nodes of
    ``levels``, by node (in level order), type, source. ``nodes``: the nodes of ``levels`` and
    the sources of ``into``. ``complete``: False when a bound left levels unread."""

    levels: tuple[tuple[str, ...], ...]
    edges: dict[str, list[Edge]]
    into: list[Edge]
    nodes: dict[str, Node]
    complete: bool


#: the deepest ``Store.reach`` (a Cypher variable-length bound is a literal: one statement per depth)
MAX_REACH = 8


def check_reach(direction: str, depth: int, max_nodes: int) -> None:
    """A ``Store.reach`` request every backend accepts, or StoreError."""
    if direction not in ("out", "in"):
        raise StoreError(f"direction must be 'out' or 'in', not {direction!r}")
    if not 0 <= depth <= MAX_REACH:
        raise StoreError(f"reach depth must be between 0 and {MAX_REACH}, not {depth}")
    if max_nodes < 1:
        raise StoreError(f"reach max_nodes must be at least 1, not {max_nodes}")


@dataclass
class WriteSummary:
    """What a write changed."""

    sources_added: int = 0
    sources_replaced: int = 0
    sources_unchanged: int = 0
    sources_removed: int = 0
    nodes_added: int = 0
    nodes_updated: int = 0
    nodes_removed: int = 0
    edges_added: int = 0
    edges_updated: int = 0
    edges_removed: int = 0
    merged: dict[str, str] = field(default_factory=dict)

    def add(self, other: WriteSummary) -> None:
        for k, v in vars(other).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
        self.merged.update(other.merged)


@runtime_checkable
class Store(Protocol):
    """What the ingest pipeline, the queries, the API and the exports need of a store."""

    name: str

    def open(self) -> None: ...
    def close(self) -> None: ...

    # ---- writes
    def source_sha(self, source_id: str) -> str | None: ...
    def source_shas(self, source_ids: Sequence[str]) -> dict[str, str]:
        """The content hash of each of these sources the store holds (one lookup for all)."""
        ...
    def write(self, deltas: Sequence[SourceDelta], force: bool = False) -> WriteSummary: ...
    def remove_sources(self, source_ids: Sequence[str]) -> WriteSummary: ...
    def aliases(self) -> dict[str, str]: ...
    def canonical_id(self, node_id: str) -> str: ...
    def add_aliases(self, aliases: dict[str, str]) -> None: ...
    def nodes_by_series(self, series: Sequence[str]) -> dict[str, list[Node]]: ...
    def sources_mentioning(self, node_ids: Sequence[str]) -> list[str]: ...
    def load_delta(self, source_id: str) -> SourceDelta | None:
        """The source's stored delta (None if unknown), possibly with its ``packed`` form:
        a caller that changes its rows must drop that (``replace(d, ..., packed=None)``)."""
        ...

    # ---- reads
    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]: ...
    def find_nodes(self, kind: NodeKind | None = None, where: dict[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]: ...
    def documents_by_lookup(self, keys: Sequence[str], limit: int = 200) -> list[Node]: ...
    def count_nodes(self, kind: NodeKind | None = None, where: dict[str, Any] | None = None) -> int: ...
    def expand(self, ids: Sequence[str], direction: str, types: Iterable[RelationType] | None = None,
               limit: int = 10_000) -> list[Edge]:
        """Edges out of or into ``ids``, ordered by the position of their node in ``ids``,
        then type, then the other end's id (every backend: answers depend on it)."""
        ...
    def reach(self, start: str, direction: str, types: Iterable[RelationType], depth: int,
              max_nodes: int = 2000, max_edges: int = 50_000,
              into: Iterable[RelationType] = ()) -> Reach:
        """The nodes within ``depth`` hops of ``start`` along ``types`` edges out of (``out``)
        or into (``in``) each node, with the edges of every one of them (those of the nodes
        at ``depth`` too), the ``into`` edges into them and their nodes (see ``Reach``): on a
        server one round trip, where a level at a time is ``depth`` + 1. Levels are kept whole
        while their nodes number at most ``max_nodes`` and their edges at most ``max_edges``
        in all; the first that would pass either bound, and those after it, are left out
        (``complete`` False). ``depth`` is 0 to ``MAX_REACH``. A server may visit every node
        within ``depth`` before it cuts: meant for narrow directions (what a plan rests on),
        not for the fan-out below a central resolution."""
        ...
    def evidence(self, keys: Sequence[tuple[str, str, str]], per_edge: int = 5) -> dict[tuple[str, str, str], list[dict[str, Any]]]: ...
    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]: ...
    def iter_edges(self, with_evidence: bool = False) -> Iterator[tuple[Edge, list[dict[str, Any]]]]: ...
    def get_source(self, source_id: str) -> dict[str, Any] | None: ...
    def list_sources(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]: ...
    def mentions_of(self, node_id: str, limit: int = 50) -> list[dict[str, Any]]: ...
    def stats(self) -> dict[str, Any]: ...
    def generation(self) -> int: ...


_REGISTRY: dict[str, Callable[..., Store]] = {}


def register(name: str) -> Callable[[Callable[..., Store]], Callable[..., Store]]:
    """Register a store factory under a name."""
    def deco(factory: Callable[..., Store]) -> Callable[..., Store]:
        _REGISTRY[name] = factory
        return factory
    return deco


#: the module that registers each backend, imported only when that backend is asked for (a
#: one-shot command on the embedded store never loads the Neo4j driver)
BACKENDS = {"embedded": "graph.store.embedded", "neo4j": "graph.store.neo4j_store"}


def create_store(name: str, **options: Any) -> Store:
    """A store by name ('embedded', 'neo4j'), not yet opened."""
    unavailable = ""
    for backend in ([name] if name in BACKENDS else list(BACKENDS)):
        try:
            importlib.import_module(BACKENDS[backend])
        except ImportError as e:
            unavailable = f" (the {backend} store cannot load: {e})"
    if name not in _REGISTRY:
        raise StoreError(f"unknown store {name!r}; known: {sorted(BACKENDS)}{unavailable}")
    return _REGISTRY[name](**options)


def open_store(name: str = "embedded", **options: Any) -> Store:
    """Create and open a store."""
    store = create_store(name, **options)
    store.open()
    return store
