"""The Neo4j store: the same semantics as the embedded store, kept in a Neo4j 5 database.

- The constructor does no I/O; ``open()`` connects, checks the credentials and creates
  the constraints and indexes (``IF NOT EXISTS``).
- Settings come from keyword arguments only (``api.settings`` reads the environment:
  ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``, ``NEO4J_NAMESPACE``).
  A server that cannot be reached is a ``StoreUnavailableError``.
- One database can host several isolated stores: every node carries the store's
  ``namespace`` in ``ns``, which every statement matches on and every uniqueness
  constraint includes. ``wipe()`` deletes one namespace.
- Every ``write`` and ``remove_sources`` is one transaction. The Cypher is in
  ``graph.store.cypher``; the parameter rows are built in ``graph.store.neo4j_rows``.
- ``bulk_load`` fills an empty namespace at once (``graph.store.neo4j_bulk``: whole nodes and
  edges, then sources with their claims, many rows per transaction): ``sync`` uses it for
  a first load. The namespace is marked ``loading`` meanwhile: one cut short is refused by
  writes and loaded again from scratch by the next ``sync``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo

from graph.build.delta import SourceDelta
from graph.store import cypher, neo4j_bulk
from graph.store import neo4j_rows as rows
from graph.store.protocol import Edge, Node, Reach, WriteSummary, check_reach, register
from ontology.errors import StoreError, StoreUnavailableError
from ontology.vocab import NodeKind, RelationType

T = TypeVar("T")
BATCH = 1000
SOURCE_BATCH = 100
BULK_NODES = 10_000  # rows per transaction of a bulk load
BULK_EDGES = 5_000
BULK_SOURCES = 500
BULK_WRITERS = 1  # writer threads of a bulk load (2 was slower here: lock waits on hub nodes, 2 shared cores)
READ_ATTEMPTS = 3
ALL_TYPES = [t.value for t in RelationType]


@register("neo4j")
class Neo4jStore:
    """A store in a Neo4j 5 database, isolated from others in it by a namespace."""

    name = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, *, namespace: str | None = None,
                 connection_timeout: float = 10.0, data_dir: object = None) -> None:
        # data_dir is accepted (and ignored) so callers can pass the same options to any store
        self.uri = uri or "bolt://localhost:7687"
        self.user = user or "neo4j"
        self.password = password
        self.database = database or None
        self.namespace = namespace or "vankien"
        self.connection_timeout = connection_timeout
        self._driver: Driver | None = None

    # ------------------------------------------------------------------ lifecycle
    def _where(self) -> str:
        db = f", database {self.database!r}" if self.database else ""
        return f"Neo4j at {self.uri}{db}"

    def open(self) -> None:
        auth = (self.user, self.password) if self.password is not None else None
        try:
            driver = GraphDatabase.driver(self.uri, auth=auth, connection_timeout=self.connection_timeout,
                                          notifications_min_severity="OFF")  # no "property key does not exist" warnings on stderr
        except (neo.ConfigurationError, ValueError) as e:
            raise StoreError(f"bad Neo4j URI {self.uri!r}: {e} (use bolt://HOST:7687 or neo4j://HOST:7687)") from e
        try:
            driver.verify_connectivity()
        except neo.AuthError as e:
            driver.close()
            raise StoreError(f"{self._where()} refused the credentials of user {self.user!r} "
                             "(set NEO4J_USER and NEO4J_PASSWORD)") from e
        except (neo.ServiceUnavailable, neo.SessionExpired, OSError) as e:
            driver.close()
            raise StoreUnavailableError(f"cannot reach {self._where()}: {_first_line(e)} (is it running? "
                                        "`vankien neo4j start` or `docker compose up -d neo4j`)") from e
        except (neo.Neo4jError, neo.DriverError) as e:
            driver.close()
            raise StoreError(f"cannot open {self._where()}: {e}") from e
        self._driver = driver
        try:
            for statement in cypher.DDL:
                self._auto(statement)
            meta = self._run_write(lambda tx: tx.run(cypher.INIT_META, ns=self.namespace,
                                                      schema=cypher.SCHEMA_VERSION).single())
        except BaseException:
            self.close()
            raise
        if meta is not None and meta["schema"] != cypher.SCHEMA_VERSION:
            self.close()
            raise StoreError(f"namespace {self.namespace!r} of {self._where()} has schema {meta['schema']}; "
                             f"this vankien reads {cypher.SCHEMA_VERSION}{_changes(meta['schema'])} (load the graph "
                             "again into another namespace: NEO4J_NAMESPACE=… vankien sync neo4j)")

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jStore:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            raise StoreError("the store is not open")
        return self._driver

    def _fail(self, e: Exception) -> StoreError:
        if isinstance(e, neo.Neo4jError) and e.code == "Neo.ClientError.Database.DatabaseNotFound":
            return StoreError(f"{self._where()}: no such database (check NEO4J_DATABASE)")
        if isinstance(e, neo.AuthError):
            return StoreError(f"{self._where()} refused the credentials of user {self.user!r}: {e}")
        if isinstance(e, neo.ServiceUnavailable | neo.SessionExpired):
            return StoreUnavailableError(f"lost {self._where()}: {_first_line(e)}")
        return StoreError(f"{self._where()}: {e}")

    def _auto(self, statement: str, **params: Any) -> None:
        try:
            with self.driver.session(database=self.database) as session:
                session.run(statement, params).consume()  # type: ignore[arg-type]
        except (neo.Neo4jError, neo.DriverError) as e:
            raise self._fail(e) from e

    def _run_write(self, work: Callable[[ManagedTransaction], T]) -> T:
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (neo.Neo4jError, neo.DriverError) as e:
            raise self._fail(e) from e

    def _read(self, statement: str, **params: Any) -> list[dict[str, Any]]:
        """One read in an auto-commit transaction: one round trip where a managed one takes
        two (a point read went from ~4.5 to ~2.4 ms); retried on a transient error."""
        for attempt in range(READ_ATTEMPTS):
            try:
                with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                    return session.run(statement, ns=self.namespace, **params).data()  # type: ignore[arg-type]
            except (neo.TransientError, neo.SessionExpired) as e:
                if attempt == READ_ATTEMPTS - 1:
                    raise self._fail(e) from e
            except (neo.Neo4jError, neo.DriverError) as e:
                raise self._fail(e) from e
        raise AssertionError("unreachable")

    def _stream(self, statement: str, **params: Any) -> Iterator[dict[str, Any]]:
        try:
            with self.driver.session(database=self.database) as session:
                for record in session.run(statement, ns=self.namespace, **params):  # type: ignore[arg-type]
                    yield record.data()
        except (neo.Neo4jError, neo.DriverError) as e:
            raise self._fail(e) from e

    def wipe(self, batch: int = 5000) -> None:
        """Delete every node, edge, source, alias and counter of this namespace."""
        def work(tx: ManagedTransaction, statement: str) -> int:
            found = tx.run(statement, ns=self.namespace, batch=batch).single()
            return int(found["deleted"]) if found else 0

        for label in cypher.WIPE_LABELS:
            while self._run_write(partial(work, statement=cypher.wipe(label))):
                pass

    def generation(self) -> int:
        found = self._read(cypher.GENERATION)
        return int(found[0]["generation"]) if found else 0

    # ------------------------------------------------------------------ writes
    def source_sha(self, source_id: str) -> str | None:
        found = self._read(cypher.SOURCE_SHAS, ids=[source_id])
        return found[0]["sha256"] if found else None

    def source_shas(self, source_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in rows.chunks(list(dict.fromkeys(source_ids)), BATCH):
            out.update({r["id"]: r["sha256"] for r in self._read(cypher.SOURCE_SHAS, ids=list(part))
                        if r["sha256"] is not None})
        return out

    def _all(self, tx: ManagedTransaction, statement: str, key: str, values: Sequence[Any],
             size: int = BATCH, **params: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for part in rows.chunks(values, size):
            out += tx.run(statement, {"ns": self.namespace, key: rows.Rows(part), **params}).data()
        return out

    def write(self, deltas: Sequence[SourceDelta], force: bool = False) -> WriteSummary:
        """Replace each source's contribution by its delta, all in one transaction. A source
        whose content is unchanged is skipped unless ``force``."""
        deltas = list(deltas)
        return self._run_write(lambda tx: self._write(tx, deltas, force))

    def _write(self, tx: ManagedTransaction, deltas: list[SourceDelta], force: bool) -> WriteSummary:
        self._check_loaded(tx)
        summary = WriteSummary()
        ids = list(dict.fromkeys(d.id for d in deltas))
        stored = {r["id"]: r["sha256"] for r in self._all(tx, cypher.SOURCE_SHAS, "ids", ids)}
        plan = rows.plan_write(deltas, stored, force)
        summary.sources_added, summary.sources_replaced = plan.added, plan.replaced
        summary.sources_unchanged = plan.unchanged
        if not plan.apply:
            self._bump(tx)
            return summary
        node_ids = list(dict.fromkeys(n.id for d in deltas for n in d.nodes))
        before_nodes = {r["id"] for r in self._all(tx, cypher.EXISTING_NODES, "ids", node_ids)}
        before_edges = self._existing_edges(tx, rows.edge_keys(deltas))
        nodes, edges = self._remove(tx, plan.replace)
        before_nodes |= nodes  # what a replaced source touched existed before this write
        before_edges |= edges
        n, e = self._add(tx, plan.apply)
        nodes |= n
        edges |= e
        self._recompute(tx, nodes, edges, summary, before_nodes, before_edges)
        self._bump(tx)
        return summary

    def _existing_edges(self, tx: ManagedTransaction, keys: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        found = self._all(tx, cypher.EXISTING_EDGES, "rows", rows.key_rows(sorted(keys)))
        return {(r["src"], r["type"], r["tgt"]) for r in found}

    def _remove(self, tx: ManagedTransaction, source_ids: list[str]) -> tuple[set[str], set[tuple[str, str, str]]]:
        """Take sources out of their nodes' ``vk_sources`` and their evidences out of the edges
        (their records, claim lists included, stay: a write replaces them, a removal deletes them)."""
        if not source_ids:
            return set(), set()
        old = {r["id"]: d for r in self._all(tx, cypher.SOURCE_DELTAS, "ids", source_ids, SOURCE_BATCH)
               if (d := rows.stored_delta({**r, "text": None})) is not None}
        nodes = {r["node"] for r in self._all(tx, cypher.DROP_CLAIMS, "ids", source_ids)}
        removal = rows.removal_rows(old)
        self._all(tx, cypher.DROP_EVIDENCE, "rows", removal, from_source=rows.FROM_SOURCE)
        return nodes, {(r["src"], r["type"], r["tgt"]) for r in removal}

    def _add(self, tx: ManagedTransaction, deltas: list[SourceDelta]) -> tuple[set[str], set[tuple[str, str, str]]]:
        self._all(tx, cypher.UPSERT_SOURCES, "rows", rows.source_rows(deltas), SOURCE_BATCH)
        for kind, claim_rows in rows.claim_rows(deltas).items():
            self._all(tx, cypher.upsert_nodes(kind), "rows", claim_rows, kind=kind.value)
        foreign = rows.foreign_endpoints(deltas)
        if foreign:
            exist = {r["id"] for r in self._all(tx, cypher.EXISTING_NODES, "ids", foreign)}
            missing = [x for x in foreign if x not in exist]
            if missing:
                raise StoreError(f"edges end at nodes that no delta states and the store lacks: {missing[:10]}")
        for rtype, edge_rows in rows.edge_rows(deltas).items():
            written = sum(r["written"] for r in self._all(tx, cypher.merge_edges(rtype), "rows", edge_rows,
                                                        from_source=rows.FROM_SOURCE))
            if written != len(edge_rows):
                raise StoreError(f"wrote {written} of {len(edge_rows)} {rtype.value} edges")
        return {n.id for d in deltas for n in d.nodes}, rows.edge_keys(deltas)

    def _recompute(self, tx: ManagedTransaction, nodes: set[str], edges: set[tuple[str, str, str]],
                   summary: WriteSummary, before_nodes: set[str], before_edges: set[tuple[str, str, str]]) -> None:
        """Score, or delete, touched edges; merge the claims of touched nodes (or delete them)."""
        keys = rows.key_rows(sorted(edges))
        summary.edges_removed += len(self._all(tx, cypher.DELETE_EMPTY_EDGES, "rows", keys))
        for r in self._all(tx, cypher.SCORE_EDGES, "rows", keys):
            if (r["src"], r["type"], r["tgt"]) in before_edges:
                summary.edges_updated += 1
            else:
                summary.edges_added += 1
        records = self._all(tx, cypher.NODE_CLAIMS, "ids", sorted(nodes))
        updates, gone = rows.merged_nodes(self.namespace, records)
        self._all(tx, cypher.SET_NODES, "rows", updates)
        self._all(tx, cypher.DELETE_NODES, "ids", gone)
        for u in updates:
            if u["id"] in before_nodes:
                summary.nodes_updated += 1
            else:
                summary.nodes_added += 1
        summary.nodes_removed += len(gone)

    def _bump(self, tx: ManagedTransaction) -> None:
        tx.run(cypher.BUMP_GENERATION, ns=self.namespace, schema=cypher.SCHEMA_VERSION).consume()

    def remove_sources(self, source_ids: Sequence[str]) -> WriteSummary:
        ids = list(dict.fromkeys(source_ids))

        def work(tx: ManagedTransaction) -> WriteSummary:
            self._check_loaded(tx)
            summary = WriteSummary()
            stored = [r["id"] for r in self._all(tx, cypher.SOURCE_SHAS, "ids", ids) if r["sha256"] is not None]
            summary.sources_removed = len(stored)
            nodes, edges = self._remove(tx, stored)
            self._all(tx, cypher.DROP_SOURCES, "ids", stored)
            self._recompute(tx, nodes, edges, summary, nodes, edges)
            self._bump(tx)
            return summary

        return self._run_write(work)

    # ------------------------------------------------------------------ first loads
    def is_empty(self) -> bool:
        """True when the namespace holds no source and no node (a first load may be bulk)."""
        return not self.list_sources(limit=1) and not self.find_nodes(limit=1)

    def load_cut_short(self) -> bool:
        """True when a bulk first load of this namespace was cut short (``kill -9``, a lost
        server): its ``loading`` mark is still on the namespace's ``VkMeta``."""
        found = self._read(cypher.LOADING)
        return bool(found and found[0]["loading"])

    def can_bulk_load(self) -> bool:
        """True when ``bulk_load`` may fill the namespace: it is empty, or holds a load cut short."""
        return self.load_cut_short() or self.is_empty()

    def _check_loaded(self, tx: ManagedTransaction) -> None:
        """Refuse to write into a namespace that holds a first load cut short (the next sync
        wipes it and loads again: what a write put there would go with it)."""
        found = tx.run(cypher.LOADING, ns=self.namespace).single()
        if found and found["loading"]:
            raise StoreError(f"namespace {self.namespace!r} of {self._where()} holds a first load that was cut "
                             "short: run `vankien sync neo4j` again to load it whole before writing to it")

    def bulk_load(self, ids: Sequence[str], load: Callable[[str], SourceDelta | None],
                  progress: Callable[[int, int], None] | None = None, batch: int = BULK_SOURCES,
                  writers: int = BULK_WRITERS) -> WriteSummary:
        """Load the sources ``ids`` (read by ``load``, in id order) into an empty namespace:
        the sources with their claim lists, ``batch`` per transaction, written during the pass
        over the deltas (``progress(done, total)`` as each is handed to a writer, which holds
        at most two in waiting), then whole nodes and edges created once
        (``graph.store.neo4j_bulk``). Transactions go to
        ``writers`` threads, each with its own session, while this one builds the next rows:
        the server works while Python prepares. Not one
        transaction, so the namespace is marked ``loading`` before the first write and the mark
        cleared in the last transaction: were the load cut short (``kill -9``, a lost server),
        writes refuse the namespace and the next ``bulk_load`` (``sync``) wipes what it holds and
        loads again."""
        if self.load_cut_short():
            self.wipe()  # what the load cut short wrote, its mark last
        elif not self.is_empty():
            raise StoreError(f"namespace {self.namespace!r} of {self._where()} is not empty: a bulk load needs an empty one")
        self._run_write(lambda tx: tx.run(cypher.START_LOAD, ns=self.namespace, schema=cypher.SCHEMA_VERSION).consume())
        ids = list(dict.fromkeys(ids))
        with neo4j_bulk.no_gc():
            return self._bulk_load(ids, load, progress, batch, writers)

    def _bulk_load(self, ids: list[str], load: Callable[[str], SourceDelta | None],
                   progress: Callable[[int, int], None] | None, batch: int, writers: int) -> WriteSummary:
        """``bulk_load``'s work, with the cyclic garbage collector off (``neo4j_bulk.no_gc``)."""
        with _Writers(self._run_write, writers) as pool:
            done = 0

            def sources(part: list[dict[str, Any]]) -> None:  # written while the pass goes on
                nonlocal done
                pool.submit(partial(self._create, cypher.CREATE_SOURCES, part))
                done += len(part)
                if progress:
                    progress(done, len(ids))

            graph = neo4j_bulk.collect((d for sid in ids if (d := load(sid)) is not None), self.namespace,
                                       sources, batch)
            graph.close()  # nothing spooled
            summary = WriteSummary(sources_added=graph.sources)
            for kind, node_rows in graph.node_rows(self.namespace).items():
                for part in rows.chunks(node_rows, BULK_NODES):
                    pool.submit(partial(self._create, cypher.create_nodes(kind), part))
                summary.nodes_added += len(node_rows)
            edges = graph.edge_rows()  # built while the nodes are written
            pool.wait()  # edges find their nodes
            for rtype, edge_rows in edges.items():
                for part in rows.chunks(edge_rows, BULK_EDGES):
                    pool.submit(partial(self._create, cypher.create_edges(rtype), part))
                summary.edges_added += len(edge_rows)
        self._run_write(lambda tx: tx.run(cypher.FINISH_LOAD, ns=self.namespace).consume())
        return summary

    def _create(self, statement: str, data: Sequence[dict[str, Any]], tx: ManagedTransaction) -> None:
        found = tx.run(statement, {"ns": self.namespace, "rows": rows.Rows(data)}).data()
        if found and int(found[0]["written"]) != len(data):
            raise StoreError(f"wrote {found[0]['written']} of {len(data)} rows of a bulk load")

    def await_indexes(self) -> None:
        """Wait until every index is online (after a bulk import created them)."""
        self._auto(cypher.AWAIT_INDEXES)

    def aliases(self) -> dict[str, str]:
        return {r["partial"]: r["canonical"] for r in self._read(cypher.ALIASES)}

    def canonical_id(self, node_id: str) -> str:
        """The alias's target, read by the alias key (not every alias: a lineage query starts here)."""
        found = self._read(cypher.CANONICAL_ID, id=node_id)
        return found[0]["canonical"] if found else node_id

    def add_aliases(self, aliases: dict[str, str]) -> None:
        data = [{"partial": k, "canonical": v} for k, v in aliases.items()]
        self._run_write(lambda tx: self._all(tx, cypher.ADD_ALIASES, "rows", data))

    def nodes_by_series(self, series: Sequence[str]) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for part in rows.chunks(list(dict.fromkeys(series)), BATCH):
            for r in self._read(cypher.NODES_BY_SERIES, series=list(part)):
                out.setdefault(r["series"], []).append(_node(r))
        return out

    def sources_mentioning(self, node_ids: Sequence[str]) -> list[str]:
        found: set[str] = set()
        for part in rows.chunks(list(dict.fromkeys(node_ids)), BATCH):
            found |= {r["id"] for r in self._read(cypher.SOURCES_MENTIONING, ids=list(part))}
        return sorted(found)

    def load_delta(self, source_id: str) -> SourceDelta | None:
        found = self._read(cypher.SOURCE_DELTAS, ids=[source_id])
        return rows.stored_delta(found[0]) if found else None

    # ------------------------------------------------------------------ reads
    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for part in rows.chunks(list(dict.fromkeys(ids)), BATCH):
            out.update({r["id"]: _node(r) for r in self._read(cypher.GET_NODES, ids=list(part))})
        return out

    def find_nodes(self, kind: NodeKind | None = None, where: dict[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]:
        q, pairs = rows.where_params(where)
        found = self._read(cypher.find_nodes(kind is not None, False), kind=_kind(kind), **_words(q), where=pairs,
                           limit=int(limit), offset=int(offset))
        return [_node(r) for r in found]

    def documents_by_lookup(self, keys: Sequence[str], limit: int = 200) -> list[Node]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        return [_node(r) for r in self._read(cypher.DOCUMENTS_BY_LOOKUP, keys=keys, limit=int(limit))]

    def count_nodes(self, kind: NodeKind | None = None, where: dict[str, Any] | None = None) -> int:
        q, pairs = rows.where_params(where)
        found = self._read(cypher.find_nodes(kind is not None, True), kind=_kind(kind), **_words(q), where=pairs)
        return int(found[0]["n"]) if found else 0

    def expand(self, ids: Sequence[str], direction: str, types: Iterable[RelationType] | None = None,
               limit: int = 10_000) -> list[Edge]:
        if direction not in ("out", "in"):
            raise StoreError(f"direction must be 'out' or 'in', not {direction!r}")
        allowed = ALL_TYPES if types is None else [RelationType(t).value for t in types]
        if not ids or not allowed or limit <= 0:
            return []
        found = self._read(cypher.expand(direction), ids=list(ids), types=allowed, limit=int(limit))
        return [Edge(r["src"], RelationType(r["type"]), r["tgt"], float(r["confidence"] or 0.0), int(r["n"] or 0))
                for r in found]

    def reach(self, start: str, direction: str, types: Iterable[RelationType], depth: int,
              max_nodes: int = 2000, max_edges: int = 50_000,
              into: Iterable[RelationType] = ()) -> Reach:
        """One statement (``cypher.reach``): the levels by a breadth-first variable-length
        expand, cut to ``max_nodes`` on the server, to ``max_edges`` here."""
        check_reach(direction, depth, max_nodes)
        found = self._read(cypher.reach(direction, depth), id=start, types=[RelationType(t).value for t in types],
                           into=[RelationType(t).value for t in into], max_nodes=int(max_nodes))
        out = direction == "out"
        levels: list[list[str]] = []
        edges: dict[str, list[Edge]] = {}
        ends: dict[str, list[Edge]] = {}
        nodes: dict[str, Node] = {}
        for r in found:
            if r["level"] == len(levels):
                levels.append([])
            nid = r["id"]
            levels[-1].append(nid)
            nodes[nid] = _node(r)
            edges[nid] = [Edge(nid, RelationType(e["type"]), e["other"], float(e["confidence"] or 0.0), int(e["n"] or 0))
                          if out else
                          Edge(e["other"], RelationType(e["type"]), nid, float(e["confidence"] or 0.0), int(e["n"] or 0))
                          for e in r["edges"]]
            ends[nid] = [Edge(e["other"], RelationType(e["type"]), nid, float(e["confidence"] or 0.0), int(e["n"] or 0))
                         for e in r["into"]]
            for e in r["into"]:
                nodes.setdefault(e["other"], _node({"id": e["other"], "kind": e["kind"], "props": e["props"]}))
        kept = total_nodes = total_edges = 0
        for level in levels:
            total_nodes += len(level)
            total_edges += sum(len(edges[n]) for n in level)
            if total_nodes > max_nodes or total_edges > max_edges:
                break
            kept += 1
        complete = kept == len(levels) and not (found and found[0]["cut"])
        if kept < len(levels):
            dropped = {n for level in levels[kept:] for n in level}
            edges = {n: v for n, v in edges.items() if n not in dropped}
            ends = {n: v for n, v in ends.items() if n not in dropped}
            keep = set(edges) | {e.source for v in ends.values() for e in v}
            nodes = {n: v for n, v in nodes.items() if n in keep}
        return Reach(tuple(tuple(level) for level in levels[:kept]), edges,
                     [e for level in levels[:kept] for n in level for e in ends[n]], nodes, complete)

    def evidence(self, keys: Sequence[tuple[str, str, str]],
                 per_edge: int = 5) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
        wanted = list(dict.fromkeys(keys))
        out: dict[tuple[str, str, str], list[dict[str, Any]]] = {k: [] for k in wanted}
        by_value = {(s, str(t), g): (s, t, g) for s, t, g in wanted}
        limit = int(per_edge) if per_edge >= 0 else 2**62  # no limit, as the embedded store's SQL reads -1
        for part in rows.chunks(rows.key_rows(by_value), BATCH):
            for r in self._read(cypher.EVIDENCE, rows=list(part), per_edge=limit, from_source=rows.FROM_SOURCE,
                                literal=rows.LITERAL):
                out[by_value[(r["src"], r["type"], r["tgt"])]] = [
                    {f: ev[f] for f in cypher.EVIDENCE_FIELDS} for ev in r["evidence"]]
        return out

    def _fill_texts(self, items: list[dict[str, Any]]) -> None:
        """Put back the sentence of each evidence (``rows.evidences``): the literal an edge
        keeps, or the source's text at the evidence's offsets (``cypher.SOURCE_SLICES``)."""
        wanted = rows.slice_rows(items)
        for part in rows.chunks(wanted, BATCH):
            for r in self._read(cypher.SOURCE_SLICES, rows=list(part)):
                items[r["i"]]["text"] = r["text"]

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        for r in self._stream(cypher.ITER_NODES, kind=_kind(kind)):
            yield _node(r)

    def iter_edges(self, with_evidence: bool = False) -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        """Every edge, with its evidences (their sentences put back a page of ``BATCH`` at a time)."""
        page: list[tuple[Edge, list[dict[str, Any]]]] = []
        held = 0
        for r in self._stream(cypher.iter_edges(with_evidence), types=ALL_TYPES):
            edge = Edge(r["src"], RelationType(r["type"]), r["tgt"], float(r["confidence"] or 0.0), int(r["n"] or 0))
            if not with_evidence:
                yield edge, []
                continue
            evs = rows.evidences(r)
            page.append((edge, evs))
            held += len(evs)
            if held >= BATCH:
                self._fill_texts([ev for _, evs in page for ev in evs])
                yield from page
                page, held = [], 0
        self._fill_texts([ev for _, evs in page for ev in evs])
        yield from page

    def get_source(self, source_id: str) -> dict[str, Any] | None:
        found = self._read(cypher.GET_SOURCE, id=source_id)
        return found[0] if found else None

    def list_sources(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        return self._read(cypher.LIST_SOURCES, limit=int(limit), offset=int(offset))

    def mentions_of(self, node_id: str, limit: int = 50) -> list[dict[str, Any]]:
        found = self._read(cypher.MENTIONS_OF, id=node_id, limit=int(limit), from_source=rows.FROM_SOURCE,
                           literal=rows.LITERAL)
        return [{"source": r["source"], "start": r["start"], "end": r["stop"], "text": r["text"]} for r in found]

    def stats(self) -> dict[str, Any]:
        kinds = {r["key"]: int(r["n"]) for r in self._read(cypher.STATS_KINDS)}
        types = self._read(cypher.STATS_TYPES, types=ALL_TYPES)
        sources = self._read(cypher.STATS_SOURCES)
        unresolved = self._read(cypher.STATS_UNRESOLVED, kind=NodeKind.DOCUMENT.value)
        return {
            "store": self.name,
            "location": f"{self.uri}{'/' + self.database if self.database else ''} (namespace {self.namespace})",
            "sources": int(sources[0]["n"]) if sources else 0,
            "nodes": sum(kinds.values()),
            "edges": sum(int(r["n"]) for r in types),
            "evidence": sum(int(r["evidence"] or 0) for r in types),
            "nodes_by_kind": kinds,
            "edges_by_type": {r["key"]: int(r["n"]) for r in types},
            "unresolved_documents": int(unresolved[0]["n"]) if unresolved else 0,
            "generation": self.generation(),
        }


class _Writers:
    """Write transactions run by a few threads while the caller prepares the next: at most
    ``2 × n`` waiting, ``wait()`` for all of them, the first failure raised there (or on
    leaving the block, which waits)."""

    def __init__(self, run: Callable[[Callable[[ManagedTransaction], Any]], Any], n: int) -> None:
        self.run = run
        self.pool = ThreadPoolExecutor(max_workers=max(1, n), thread_name_prefix="vankien-neo4j-bulk")
        self.limit = 2 * max(1, n)
        self.pending: deque[Future[Any]] = deque()

    def submit(self, work: Callable[[ManagedTransaction], Any]) -> None:
        while len(self.pending) >= self.limit:
            self.pending.popleft().result()
        self.pending.append(self.pool.submit(self.run, work))

    def wait(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        try:
            if kind is None:
                self.wait()
        finally:
            for f in self.pending:
                f.cancel()
            self.pool.shutdown(wait=True)


def _first_line(e: Exception) -> str:
    """The reason of a driver error in one line ('[Errno 111] Connection refused')."""
    text = str(e).strip()
    if found := re.search(r"\(reason ([^)]+)\)", text):
        return found.group(1)
    return (text.splitlines() or [type(e).__name__])[0].rstrip(":")


def _changes(schema: Any) -> str:
    """What the schemas after ``schema`` changed (``cypher.SCHEMA_CHANGES``), for a refusal."""
    later = [f"schema {v}: {note}" for v, note in sorted(cypher.SCHEMA_CHANGES.items())
             if isinstance(schema, int) and schema < v <= cypher.SCHEMA_VERSION]
    return f" — {'; '.join(later)}" if later else ""


def _kind(kind: NodeKind | None) -> str | None:
    return NodeKind(kind).value if kind is not None else None


def _words(q: str | None) -> dict[str, Any]:
    """``$q`` and ``$words`` of a label search: each word of the folded query must be in the label
    (as the embedded store reads it), the longest asked through the text index."""
    words = list(dict.fromkeys(q.split())) if q else []
    return {"q": max(words, key=len) if words else None, "words": words}


def _node(r: dict[str, Any]) -> Node:
    return Node(r["id"], NodeKind(r["kind"]), json.loads(r["props"]) if r["props"] else {})
