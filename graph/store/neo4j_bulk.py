"""The whole Neo4j state of a set of sources at once, for first loads of big corpora:
the rows ``sync neo4j`` creates into an empty namespace and ``export --format neo4j-csv``
writes for ``neo4j-admin database import full``.

Built from the sources' stored deltas with the row builders of ``graph.neo4j_rows`` (the
same ones an incremental write uses), so a bulk load holds what writing every source one
batch after another would: a node's kind is the one the first source (in id order) gives
it, its properties the merge of every claim (``merge_weighted`` over distinct claims, as
the embedded store merges) and ``vk_sources`` the sources that claim it, an edge's evidences those of every source, its confidence the
best of them and ``evidence_count`` their number.

One pass over the deltas, and the source texts kept out of memory: ``collect`` gathers the
nodes and edges, and each source's row (metadata, text, packed delta and claim lists) goes
out as soon as it is made — to ``emit``, a batch at a time (``sync``'s load writes them while
the pass goes on: a source does not depend on the nodes, and a load cut short is marked and
done again), or else to a temporary file (``marshal``, read back in order by
``BulkGraph.source_batches``; the CSV export). Reading every delta a second time, as the
first version did, was a fifth of a sync's client CPU.
"""

from __future__ import annotations

import gc
import json
import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import IO, Any

from graph.build.delta import SourceDelta, merge_weighted, pack
from graph.store import cypher
from graph.store import neo4j_rows as rows
from ontology.errors import StoreError
from ontology.vocab import NodeKind, RelationType

EVIDENCE_FIELDS = cypher.EVIDENCE_FIELDS
_EV_KEYS = tuple(f"ev_{f}" for f in EVIDENCE_FIELDS)
_CONFIDENCE = EVIDENCE_FIELDS.index("confidence")
_TEXT = EVIDENCE_FIELDS.index("text")


@dataclass
class BulkGraph:
    """Nodes (kind and distinct claims) and edges (evidence columns) of many sources."""

    kinds: dict[str, NodeKind] = field(default_factory=dict)
    claims: dict[str, dict[str, list[Any]]] = field(default_factory=dict)  # node → claim JSON → [count, first source]
    claimed_by: dict[str, list[str]] = field(default_factory=dict)  # node → the sources that claim it, in order
    edges: dict[tuple[str, RelationType, str], tuple[list[Any], ...]] = field(default_factory=dict)  # evidence columns
    sources: int = 0
    namespace: str = ""
    emit: Callable[[list[dict[str, Any]]], None] | None = None  # takes the source rows, else spooled
    emit_size: int = 500
    pending: list[dict[str, Any]] = field(default_factory=list)
    spooled: int = 0
    spool: IO[bytes] = field(default_factory=lambda: tempfile.TemporaryFile(prefix="vankien-bulk-"))  # noqa: SIM115 (closed by close())

    def add(self, d: SourceDelta) -> None:
        """Take in one source's delta (sources must come in id order, as sync writes them)."""
        self.sources += 1
        if d.packed is None:  # its claims as JSON once, for the claim lists and the packed delta
            d = replace(d, packed=pack(d))
        kinds, lists = rows.claims_of(d)
        if self.emit is not None:
            self.pending.append(source_row(self.namespace, d, lists))
            if len(self.pending) >= self.emit_size:
                self.flush()
        else:
            frame = marshal.dumps(source_row(self.namespace, d, lists))
            self.spool.write(len(frame).to_bytes(4, "little"))
            self.spool.write(frame)
            self.spooled += 1
        sid = d.id
        for nid, props in zip(lists["c_node"] or (), lists["c_props"] or (), strict=True):
            self.kinds.setdefault(nid, kinds[nid])
            self.claimed_by.setdefault(nid, []).append(sid)
            seen = self.claims.setdefault(nid, {})
            entry = seen.get(props)
            if entry is None:
                seen[props] = [1, sid]
            else:
                entry[0] += 1
                entry[1] = min(entry[1], sid)
        for key, items in _evidences(d).items():
            cols = self.edges.get(key)
            if cols is None:
                cols = self.edges[key] = tuple([] for _ in EVIDENCE_FIELDS)
            for item in items:
                for col, value in zip(cols, item, strict=True):
                    col.append(value)

    def flush(self) -> None:
        """Hand the source rows made since the last flush to ``emit``."""
        if self.pending and self.emit is not None:
            part, self.pending = self.pending, []
            self.emit(part)

    def check(self) -> None:
        """Every edge ends at a node some source states."""
        missing = sorted({x for s, _, t in self.edges for x in (s, t) if x not in self.kinds})
        if missing:
            raise StoreError(f"edges end at nodes that no source states: {missing[:10]}")

    def node_rows(self, ns: str) -> dict[NodeKind, list[dict[str, Any]]]:
        """The properties of each node, by kind (ns, id, kind, the merged claims and the
        sources that claim it, as ``graph.neo4j_rows.node_properties`` makes them for an
        incremental write)."""
        out: dict[NodeKind, list[dict[str, Any]]] = {}
        for nid in sorted(self.claims):
            merged = merge_weighted((json.loads(p), n, first) for p, (n, first) in self.claims[nid].items())
            kind = self.kinds[nid]
            out.setdefault(kind, []).append(rows.node_properties(ns, nid, kind.value, merged, self.claimed_by[nid]))
        return out

    def edge_rows(self) -> dict[RelationType, list[dict[str, Any]]]:
        """``{src, tgt, confidence, evidence_count, ev_*}`` per edge, by type: its evidences, the
        best confidence and their number; ``ev_text`` None (no property) when every sentence
        is its source's text at its offsets (``neo4j_rows.quote``), as for nearly every edge."""
        out: dict[RelationType, list[dict[str, Any]]] = {}
        for (src, rtype, tgt), cols in sorted(self.edges.items()):
            row = {"src": src, "tgt": tgt, "confidence": max(cols[_CONFIDENCE]), "evidence_count": len(cols[0])}
            row.update(zip(_EV_KEYS, cols, strict=True))
            if not any(cols[_TEXT]):
                row["ev_text"] = None
            out.setdefault(rtype, []).append(row)
        return out


    def source_batches(self, size: int) -> Iterator[list[dict[str, Any]]]:
        """The rows of ``size`` sources at a time (their ``VkSource`` properties, claim lists
        included), in the order they came (read back from the spool, which is closed after;
        none when they went to ``emit``)."""
        self.spool.seek(0)
        read = self.spool.read
        try:
            for start in range(0, self.spooled, size):
                yield [marshal.loads(read(int.from_bytes(read(4), "little")))
                       for _ in range(min(size, self.spooled - start))]
        finally:
            self.close()

    def close(self) -> None:
        """Drop the spool (its file is deleted)."""
        self.spool.close()

    def __enter__(self) -> BulkGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def collect(deltas: Iterable[SourceDelta], namespace: str,
            emit: Callable[[list[dict[str, Any]]], None] | None = None, batch: int = 500) -> BulkGraph:
    """The one pass: the nodes and edges of every delta, and its source row handed to
    ``emit`` (``batch`` rows at a time, in order) or else spooled."""
    graph = BulkGraph(namespace=namespace, emit=emit, emit_size=max(1, batch))
    try:
        with no_gc():
            for d in deltas:
                graph.add(d)
            graph.flush()
        graph.check()
    except BaseException:
        graph.close()
        raise
    return graph


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a block (back as it was after). A bulk load holds
    millions of small objects (evidence columns, claims) and makes millions more, none of them
    in cycles; each full collection walked all of them: a third of ``collect``'s CPU and two
    thirds of reading the spool back went to it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _evidences(d: SourceDelta) -> dict[tuple[str, RelationType, str], Iterable[tuple[Any, ...]]]:
    """The evidences of one source per edge, as tuples in ``EVIDENCE_FIELDS`` order,
    deduplicated per (start, rule) — the last one wins, in the place of the first — as
    ``graph.neo4j_rows.edge_rows`` makes them for an incremental write."""
    edges: dict[tuple[str, RelationType, str], dict[tuple[int, str], tuple[Any, ...]]] = {}
    sid = d.id
    own = rows.source_text(d)
    quote = rows.quote
    for e in d.edges:
        ev = e.evidence
        start, end, rule = int(ev["start"]), int(ev["end"]), str(ev.get("rule") or "")
        rtype = e.type if type(e.type) is RelationType else RelationType(e.type)
        edges.setdefault((e.source, rtype, e.target), {})[(start, rule)] = (
            sid, start, end, quote(own, start, end, str(ev.get("text") or "")), rule, float(ev.get("confidence") or 0.0))
    return {key: evs.values() for key, evs in edges.items()}


def source_row(ns: str, d: SourceDelta, claims: dict[str, Any]) -> dict[str, Any]:
    """The properties of a source's ``VkSource`` node (its metadata, text, delta and the claim
    lists ``claims``, as ``graph.neo4j_rows.claims_of`` makes them)."""
    props = rows.source_props(d, claims)
    return {**{k: v for k, v in props.items() if v is not None}, "ns": ns, "id": d.id}
