"""The embedded store: SQLite on disk (durable, crash-safe), a networkx graph in memory.

- Every write is one SQLite transaction (WAL journal): a ``kill -9`` at any moment
  leaves the last committed state, and readers never see half a write.
- The graph of node ids and typed edges is held in a ``networkx.MultiDiGraph`` for the
  lineage traversals; properties and evidence stay in SQLite and are fetched for the
  few nodes a query returns. A reader reloads the graph when another process committed.
"""

from __future__ import annotations

import gc
import json
import operator
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.build.delta import (
    Packed,
    Rows,
    SourceDelta,
    claim_json,
    label_key,
    load_delta,
    lookup_key,
    merge_weighted,
    pack,
    rows_of,
)
from graph.store.protocol import Edge, Node, Reach, WriteSummary, check_reach, register
from ontology.errors import StoreError, StoreLockedError
from ontology.text import fold_key
from ontology.vocab import NodeKind, RelationType

if TYPE_CHECKING:  # networkx is loaded when a process first builds the graph, not by one-shot commands
    import networkx as nx

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(id TEXT PRIMARY KEY, key TEXT, path TEXT, url TEXT, title TEXT, published TEXT,
    sha256 TEXT, ingested TEXT, text TEXT, delta BLOB);  -- delta: zlib-compressed JSON (TEXT in stores of before)
CREATE TABLE IF NOT EXISTS nodes(id TEXT PRIMARY KEY, kind TEXT NOT NULL, props TEXT NOT NULL, series TEXT,
    label_folded TEXT, lookup TEXT);
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes(kind);
CREATE INDEX IF NOT EXISTS nodes_lookup ON nodes(lookup) WHERE lookup IS NOT NULL;
CREATE INDEX IF NOT EXISTS nodes_series ON nodes(series) WHERE series IS NOT NULL;
CREATE INDEX IF NOT EXISTS nodes_year ON nodes(kind, json_extract(props, '$.year'));
CREATE INDEX IF NOT EXISTS nodes_province ON nodes(kind, json_extract(props, '$.province'));
CREATE INDEX IF NOT EXISTS nodes_doc_kind ON nodes(kind, json_extract(props, '$.doc_kind'));
CREATE INDEX IF NOT EXISTS nodes_issuer ON nodes(kind, json_extract(props, '$.issuer'));
CREATE INDEX IF NOT EXISTS nodes_resolved ON nodes(kind, json_extract(props, '$.resolved'));
CREATE TABLE IF NOT EXISTS claims(node TEXT NOT NULL, source TEXT NOT NULL, props TEXT NOT NULL,
    PRIMARY KEY(node, source)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_source ON claims(source);
CREATE TABLE IF NOT EXISTS edges(src TEXT NOT NULL, type TEXT NOT NULL, tgt TEXT NOT NULL, confidence REAL NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY(src, type, tgt)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_tgt ON edges(tgt, type);
CREATE TABLE IF NOT EXISTS evidence(src TEXT NOT NULL, type TEXT NOT NULL, tgt TEXT NOT NULL, source TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT, rule TEXT, confidence REAL,
    PRIMARY KEY(src, type, tgt, source, start, rule)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evidence_source ON evidence(source);
CREATE TABLE IF NOT EXISTS mentions(node TEXT NOT NULL, source TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT, PRIMARY KEY(node, source, start, "end")) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_source ON mentions(source);
CREATE TABLE IF NOT EXISTS aliases(partial TEXT PRIMARY KEY, canonical TEXT NOT NULL);
-- the bulk path's bookkeeping: nodes and edges whose claims or evidence changed and are not yet
-- merged into nodes/edges (committed with the rows that changed them, removed with the merge)
CREATE TABLE IF NOT EXISTS pending_nodes(id TEXT PRIMARY KEY, kind TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending_edges(src TEXT NOT NULL, type TEXT NOT NULL, tgt TEXT NOT NULL,
    PRIMARY KEY(src, type, tgt)) WITHOUT ROWID;
-- words of labels, names and titles (folded) by trigram: a name search ("bao ve chinh tri")
-- reads the index instead of scanning every node's label
CREATE VIRTUAL TABLE IF NOT EXISTS nodes_fts USING fts5(label_folded, content='nodes', content_rowid='rowid',
    tokenize='trigram');
"""
#: the triggers that keep the name index in step with the nodes (a bulk merge drops them and
#: rebuilds the index once at its end: see ``merge_pending``)
_NAME_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS nodes_fts_insert AFTER INSERT ON nodes BEGIN
    INSERT INTO nodes_fts(rowid, label_folded) VALUES (new.rowid, new.label_folded); END;""",
    """CREATE TRIGGER IF NOT EXISTS nodes_fts_delete AFTER DELETE ON nodes BEGIN
    INSERT INTO nodes_fts(nodes_fts, rowid, label_folded) VALUES ('delete', old.rowid, old.label_folded); END;""",
    """CREATE TRIGGER IF NOT EXISTS nodes_fts_update AFTER UPDATE OF label_folded ON nodes BEGIN
    INSERT INTO nodes_fts(nodes_fts, rowid, label_folded) VALUES ('delete', old.rowid, old.label_folded);
    INSERT INTO nodes_fts(rowid, label_folded) VALUES (new.rowid, new.label_folded); END;""",
)
def _schema_of(db: sqlite3.Connection) -> tuple[str] | None:
    """The store's schema mark, None for a new (empty) database."""
    try:
        return db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise


#: a new store's marks, in the transaction that makes its tables (a store that has a schema keeps its own)
_NEW_STORE_META = f"""
INSERT INTO meta SELECT 'generation', '0' WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key='schema');
INSERT INTO meta SELECT 'name_index', '1' WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key='schema');
INSERT INTO meta SELECT 'schema', '{SCHEMA_VERSION}' WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key='schema');
"""
_TRIGGER_NAMES = ("nodes_fts_insert", "nodes_fts_delete", "nodes_fts_update")
#: the keys the bulk write sorts its rows by (the tables' primary keys, ``rule`` aside)
_CLAIM_KEY = operator.itemgetter(0, 1)
_EVIDENCE_KEY = operator.itemgetter(0, 1, 2, 3, 4)
_MENTION_KEY = operator.itemgetter(0, 1, 2, 3)
#: a trigram index answers a substring of at least this many characters
_TRIGRAM = 3
MERGE_CHUNK = 20_000  # pending nodes (and edges) merged per transaction
#: above this many neighbours, an in-memory expand restricted to some types reads the index
_TYPED_FROM_INDEX = 32


@lru_cache(maxsize=4096)
def _edge_attrs(confidence: float, n: int) -> dict[str, Any]:
    """Edge attributes, shared by every edge with the same values (they are never updated in
    place: an edge that changes gets another dict). Saves a dict per edge on big graphs."""
    return {"confidence": confidence, "n": n}


def _set_edge(graph: nx.MultiDiGraph, s: str, t: str, g: str, confidence: float, n: int) -> None:
    """Add or replace an edge's attributes without mutating a shared attribute dict."""
    for x in (s, g):
        if x not in graph:
            graph.add_node(x)
    keyed = graph._succ[s].get(g)  # noqa: SLF001
    if keyed is None:
        keyed = graph._succ[s][g] = {}  # noqa: SLF001
        graph._pred[g][s] = keyed  # noqa: SLF001
    keyed[t] = _edge_attrs(confidence, n)


def default_data_dir() -> Path:
    """$XDG_DATA_HOME/vankien, else ~/.local/share/vankien (``VANKIEN_DATA_DIR`` is read by
    ``api.settings``, with every other setting)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vankien"


@register("embedded")
class EmbeddedStore:
    """SQLite + networkx store under a data directory.

    Processes: one writer at a time (SQLite's lock); readers in other processes see the last
    commit. Threads of one process share one object: writes are serialised here, but a write
    updates the in-memory graph in place, so a thread that reads while another writes must
    hold a readers-writer lock of its own (the API does: ``api.routers.common.RWLock``)."""

    name = "embedded"

    def __init__(self, data_dir: str | Path | None = None, *, timeout: float = 30.0, create: bool = True) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.path = self.data_dir / "vankien.db"
        self.timeout = timeout
        self.create = create  # False: a folder without a store is an error, and nothing is created
        self._db: sqlite3.Connection | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._graph_version: int = -1
        self._lock = threading.RLock()
        self._local = threading.local()  # a thread's reading connection and its open snapshot
        self._readers: list[sqlite3.Connection] = []

    # ------------------------------------------------------------------ lifecycle
    def open(self) -> None:
        if not self.create and not self.path.is_file():
            raise StoreError(f"no vankien store in {self.data_dir} (run `vankien ingest … --data-dir {self.data_dir}` "
                             "first, or pass the --data-dir that holds one)")
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"cannot open the store at {self.path}: {e}") from e
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute("PRAGMA cache_size=-65536")
        script = _SCHEMA + "\n".join(_NAME_TRIGGERS)  # for a store that has them: nothing, or the triggers back
        try:
            if _schema_of(db) is None:  # a new store: one transaction, so a reader sees all its tables or none
                script = f"BEGIN IMMEDIATE;\n{script}\n{_NEW_STORE_META}COMMIT;"
            db.executescript(script)
        except sqlite3.DatabaseError as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if "locked" in str(e) or "busy" in str(e):
                raise StoreLockedError(f"another process kept the store at {self.path} locked for "
                                       f"{self.timeout:g} s") from e
            raise StoreError(f"{self.path} is not a vankien store: {e}") from e
        row = _schema_of(db)
        if row is None:
            raise StoreError(f"{self.path} is not a vankien store: its meta table has no schema mark")
        if int(row[0]) != SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {row[0]}; this vankien reads {SCHEMA_VERSION}")
        elif db.execute("SELECT 1 FROM meta WHERE key='name_index'").fetchone() is None:
            with db:  # a store made before the name index: index what it holds, once
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild')")
                db.execute("INSERT OR IGNORE INTO meta VALUES('name_index', '1')")
        self._db = db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        with self._lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
        self._local = threading.local()
        self._graph = None

    def __enter__(self) -> EmbeddedStore:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> sqlite3.Connection:
        snapshot = getattr(self._local, "snapshot", None)
        if snapshot is not None:
            return snapshot  # type: ignore[no-any-return]
        if self._db is None:
            raise StoreError("the store is not open")
        return self._db

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads of this thread inside the block see one committed state of the store, whole,
        whatever other processes commit meanwhile (a read transaction on the thread's own
        connection: WAL keeps its snapshot). Without it, a request could take the graph of one
        commit and the evidence of the next (``serve --workers 2`` while another worker writes)."""
        if self._db is None:
            raise StoreError("the store is not open")
        if getattr(self._local, "snapshot", None) is not None:  # already inside one
            yield
            return
        conn = getattr(self._local, "reader", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False, isolation_level=None)
            self._local.reader = conn
            with self._lock:
                self._readers.append(conn)
        conn.execute("BEGIN")
        conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()  # the snapshot starts here
        self._local.snapshot = conn
        try:
            yield
        finally:
            self._local.snapshot = None
            conn.execute("COMMIT")

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ writes
    def source_sha(self, source_id: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM sources WHERE id=?", (source_id,)).fetchone()
        return row[0] if row else None

    def source_shas(self, source_ids: Sequence[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(source_ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows = self.db.execute(f"SELECT id, sha256 FROM sources WHERE id IN ({','.join('?' * len(part))})", part)
            out.update({r[0]: r[1] for r in rows if r[1] is not None})
        return out

    def _begin(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreLockedError(f"another process kept the store at {self.path} locked for "
                                       f"{self.timeout:g} s") from e
            raise StoreError(str(e)) from e

    def write(self, deltas: Sequence[SourceDelta], force: bool = False) -> WriteSummary:
        """Replace each source's contribution by its delta, all in one transaction. A source
        whose content is unchanged is skipped unless ``force`` (used to re-apply merges)."""
        summary = WriteSummary()
        with self._lock:
            self._begin()
            try:
                touched_nodes: set[str] = set()
                touched_edges: set[tuple[str, str, str]] = set()
                before_nodes, before_edges = self._existing(deltas)
                for d in deltas:
                    old = self.source_sha(d.id)
                    if old is not None and old == d.sha256 and not force:
                        summary.sources_unchanged += 1
                        continue
                    if old is not None:
                        n, e = self._remove_source(d.id)
                        touched_nodes |= n
                        touched_edges |= e
                        before_nodes |= n  # what a replaced source touched existed before this write
                        before_edges |= e
                        summary.sources_replaced += 1
                    else:
                        summary.sources_added += 1
                    n, e = self._add(d)
                    touched_nodes |= n
                    touched_edges |= e
                self._recompute(touched_nodes, touched_edges, summary, before_nodes, before_edges)
                self._bump()
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                self._graph = None
                raise
        return summary

    def _existing(self, deltas: Sequence[SourceDelta]) -> tuple[set[str], set[tuple[str, str, str]]]:
        ids = list({n.id for d in deltas for n in d.nodes})
        keys = list({(e.source, e.type.value, e.target) for d in deltas for e in d.edges})
        found = self.db.execute  # one point lookup per key: the primary key answers each at once
        edges = {k for k in keys if found("SELECT 1 FROM edges WHERE src=? AND type=? AND tgt=?", k).fetchone()}
        return set(self._in("SELECT id FROM nodes WHERE id IN ({})", ids)), edges

    def _in(self, sql: str, values: Sequence[str]) -> list[str]:
        out: list[str] = []
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            out += [r[0] for r in self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)]
        return out

    def _add(self, d: SourceDelta) -> tuple[set[str], set[tuple[str, str, str]]]:
        s = d.source
        packed = d.packed or pack(d)
        db = self.db
        db.execute("INSERT OR REPLACE INTO sources VALUES(?,?,?,?,?,?,?,?,?,?)",
                   (s["id"], s.get("key"), s.get("path"), s.get("url"), s.get("title"), s.get("published"),
                    s.get("sha256"), s.get("ingested"), s.get("text"),
                    packed.delta))
        db.executemany("INSERT OR IGNORE INTO nodes(id, kind, props) VALUES(?,?,'{}')",
                       [(n.id, n.kind.value) for n in d.nodes])
        db.executemany("INSERT OR REPLACE INTO claims VALUES(?,?,?)",
                       [(n.id, d.id, props) for n, props in zip(d.nodes, packed.claims, strict=True)])
        db.executemany("INSERT OR REPLACE INTO evidence VALUES(?,?,?,?,?,?,?,?,?)",
                       [(e.source, e.type.value, e.target, d.id, e.evidence["start"], e.evidence["end"],
                         e.evidence["text"], e.evidence["rule"], e.evidence["confidence"]) for e in d.edges])
        db.executemany("INSERT OR IGNORE INTO mentions VALUES(?,?,?,?,?)",
                       [(m.node, d.id, m.start, m.end, m.text) for m in d.mentions])
        return {n.id for n in d.nodes}, {(e.source, e.type.value, e.target) for e in d.edges}

    def _remove_source(self, source_id: str) -> tuple[set[str], set[tuple[str, str, str]]]:
        db = self.db
        nodes = {r[0] for r in db.execute("SELECT node FROM claims WHERE source=?", (source_id,))}
        edges = {(r[0], r[1], r[2]) for r in db.execute("SELECT src, type, tgt FROM evidence WHERE source=?", (source_id,))}
        db.execute("DELETE FROM claims WHERE source=?", (source_id,))
        db.execute("DELETE FROM evidence WHERE source=?", (source_id,))
        db.execute("DELETE FROM mentions WHERE source=?", (source_id,))
        db.execute("DELETE FROM sources WHERE id=?", (source_id,))
        return nodes, edges

    def _recompute(self, nodes: set[str], edges: set[tuple[str, str, str]], summary: WriteSummary,
                   before_nodes: set[str], before_edges: set[tuple[str, str, str]]) -> None:
        """Merge the claims of touched nodes and the evidence of touched edges, in batches."""
        db = self.db
        graph = self._graph if self._graph_version == self.generation() else None
        node_list = sorted(nodes)
        claims: dict[str, list[tuple[dict[str, Any], int, str]]] = {}
        kinds: dict[str, str] = {}
        for i in range(0, len(node_list), 500):
            chunk = node_list[i:i + 500]
            marks = ",".join("?" * len(chunk))
            # distinct claims with their counts: a hub named by thousands of sources merges fast
            for node, props, count, first in db.execute(
                    f"SELECT node, props, count(*), min(source) FROM claims WHERE node IN ({marks}) "
                    "GROUP BY node, props", chunk):
                claims.setdefault(node, []).append((json.loads(props), count, first))
            kinds.update(db.execute(f"SELECT id, kind FROM nodes WHERE id IN ({marks})", chunk))
        updates, gone = [], []
        for node in node_list:
            if node not in claims:
                gone.append((node,))
                continue
            props = merge_weighted(claims[node])
            updates.append((json.dumps(props, ensure_ascii=False), props.get("series"), label_key(props),
                            lookup_key(props), node))
            if node in before_nodes:
                summary.nodes_updated += 1
            else:
                summary.nodes_added += 1
            if graph is not None and node not in graph:
                graph.add_node(node, kind=kinds.get(node))
        db.executemany("UPDATE nodes SET props=?, series=?, label_folded=?, lookup=? WHERE id=?", updates)
        db.executemany("DELETE FROM nodes WHERE id=?", gone)
        summary.nodes_removed += len(gone)
        if graph is not None:
            graph.remove_nodes_from(n for (n,) in gone)
        keys = sorted(edges)
        agg = {}
        for key in keys:
            n, c = db.execute("SELECT count(*), max(confidence) FROM evidence WHERE src=? AND type=? AND tgt=?",
                              key).fetchone()
            if n:
                agg[key] = (n, c)
        upserts, dropped = [], []
        for key in keys:
            if key not in agg:
                dropped.append(key)
                continue
            n, c = agg[key]
            upserts.append((*key, c, n))
            if key in before_edges:
                summary.edges_updated += 1
            else:
                summary.edges_added += 1
        db.executemany("INSERT OR REPLACE INTO edges VALUES(?,?,?,?,?)", upserts)
        db.executemany("DELETE FROM edges WHERE src=? AND type=? AND tgt=?", dropped)
        summary.edges_removed += len(dropped)
        if graph is not None:
            for s, t, g, c, n in upserts:
                _set_edge(graph, s, t, g, c, n)
            for s, t, g in dropped:
                if graph.has_edge(s, g, key=t):
                    graph.remove_edge(s, g, key=t)
            self._graph_version = self.generation() + 1

    def _bump(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    def remove_sources(self, source_ids: Sequence[str]) -> WriteSummary:
        summary = WriteSummary()
        with self._lock:
            self._begin()
            try:
                nodes: set[str] = set()
                edges: set[tuple[str, str, str]] = set()
                for sid in source_ids:
                    if self.source_sha(sid) is None:
                        continue
                    n, e = self._remove_source(sid)
                    nodes |= n
                    edges |= e
                    summary.sources_removed += 1
                self._recompute(nodes, edges, summary, nodes, edges)
                self._bump()
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                self._graph = None
                raise
        return summary

    # ------------------------------------------------------------------ bulk writes
    def write_bulk(self, deltas: Sequence[SourceDelta | Rows]) -> WriteSummary:
        """The bulk path: replace each source's rows (sources, claims, evidence, mentions) in one
        transaction, without merging; the nodes and edges they touch are recorded in the same
        transaction as pending, and ``merge_pending`` merges each of them once, later. A
        ``kill -9`` leaves either the whole batch with its bookkeeping or nothing of it. Until
        the merge, readers see the sources and evidence but not the new nodes and edges.
        Takes deltas, or their rows as an ingest worker makes them (``rows_of``)."""
        summary = WriteSummary()
        batch = [d if isinstance(d, Rows) else rows_of(d) for d in deltas]
        with self._lock:
            self._begin()
            try:
                db = self.db
                stored = self.source_shas([r.id for r in batch])
                fresh = [r for r in batch if stored.get(r.id) != r.sha256]
                summary.sources_unchanged = len(batch) - len(fresh)
                removed_nodes: set[str] = set()
                pending_edges: set[tuple[str, str, str]] = set()
                for r in fresh:
                    if r.id in stored:
                        gone_nodes, gone_edges = self._remove_source(r.id)
                        removed_nodes |= gone_nodes
                        pending_edges |= gone_edges
                        summary.sources_replaced += 1
                    else:
                        summary.sources_added += 1
                if removed_nodes:  # their kind is the stored one (or already pending)
                    ids = sorted(removed_nodes)
                    for i in range(0, len(ids), 500):
                        chunk = ids[i:i + 500]
                        db.execute(f"INSERT OR IGNORE INTO pending_nodes SELECT id, kind FROM nodes "
                                   f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
                claims: list[tuple[str, str, str]] = []
                evidence: list[tuple[Any, ...]] = []
                mentions: list[tuple[Any, ...]] = []
                kinds: dict[str, str] = {}  # each node once, with its first kind (as INSERT OR IGNORE keeps)
                for r in fresh:
                    for node, kind in r.nodes:
                        kinds.setdefault(node, kind)
                    claims += r.claims
                    evidence += r.evidence
                    mentions += r.mentions
                    pending_edges.update(r.edges)
                # rows in key order: each insert lands next to the one before in the tables' b-trees
                # (a stable sort on the key: of two rows with one key, the later still wins)
                db.executemany("INSERT OR REPLACE INTO sources VALUES(?,?,?,?,?,?,?,?,?,?)", [r.source for r in fresh])
                db.executemany("INSERT OR IGNORE INTO pending_nodes VALUES(?,?)", sorted(kinds.items()))
                claims.sort(key=_CLAIM_KEY)
                db.executemany("INSERT OR REPLACE INTO claims VALUES(?,?,?)", claims)
                evidence.sort(key=_EVIDENCE_KEY)
                db.executemany("INSERT OR REPLACE INTO evidence VALUES(?,?,?,?,?,?,?,?,?)", evidence)
                mentions.sort(key=_MENTION_KEY)
                db.executemany("INSERT OR IGNORE INTO mentions VALUES(?,?,?,?,?)", mentions)
                db.executemany("INSERT OR IGNORE INTO pending_edges VALUES(?,?,?)", sorted(pending_edges))
                if fresh:
                    self._bump()
                db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                self._graph = None
                raise
        return summary

    def pending_merges(self) -> int:
        """How many nodes and edges a bulk write left to merge (0: the store is whole)."""
        db = self.db
        return int(db.execute("SELECT (SELECT count(*) FROM pending_nodes) + (SELECT count(*) FROM pending_edges)")
                   .fetchone()[0])

    def merge_pending(self, chunk: int = MERGE_CHUNK) -> WriteSummary:
        """Merge what bulk writes left pending: each node's claims and each edge's evidence once,
        ``chunk`` of each per transaction (which also removes them from the bookkeeping), so a
        killed merge goes on where it stopped. A merge that adds at least as many nodes as the
        store holds (a first load) leaves the name index aside and rebuilds it once at its end
        (a sixth of the merge's cost otherwise)."""
        summary = WriteSummary()
        deferred = self._defer_name_index()
        try:
            while True:
                with self._lock:
                    self._begin()
                    try:
                        done = self._merge_chunk(chunk, summary)
                        if done:
                            self._bump()
                        self.db.execute("COMMIT")
                    except BaseException:
                        self.db.execute("ROLLBACK")
                        raise
                    finally:
                        self._graph = None  # rebuilt from the tables when next asked for
                if not done:
                    return summary
        finally:
            if deferred:
                self._restore_name_index()

    def _defer_name_index(self) -> bool:
        """Drop the name index's triggers when the pending nodes are at least as many as the
        stored ones; the same transaction removes the ``name_index`` mark, so a store left so
        by ``kill -9`` rebuilds the index when next opened (see ``open``)."""
        with self._lock:
            self._begin()
            try:
                db = self.db
                pending = db.execute("SELECT count(*) FROM pending_nodes").fetchone()[0]
                defer = pending > 0 and pending >= db.execute("SELECT count(*) FROM nodes").fetchone()[0]
                if defer:
                    for name in _TRIGGER_NAMES:
                        db.execute(f"DROP TRIGGER IF EXISTS {name}")
                    db.execute("DELETE FROM meta WHERE key='name_index'")
                db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return bool(defer)

    def _restore_name_index(self) -> None:
        """The name index rebuilt from the nodes, its triggers and its mark back, in one transaction."""
        with self._lock:
            self._begin()
            try:
                self._index_names()
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def _index_names(self) -> None:
        db = self.db
        db.execute("INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild')")
        for trigger in _NAME_TRIGGERS:
            db.execute(trigger)
        db.execute("INSERT OR IGNORE INTO meta VALUES('name_index', '1')")

    def _merge_chunk(self, chunk: int, summary: WriteSummary) -> bool:
        db = self.db
        nodes = "(SELECT id, kind FROM pending_nodes ORDER BY id LIMIT ?)"
        kinds = dict(db.execute(f"SELECT id, kind FROM {nodes}", (chunk,)))
        existing = {r[0] for r in db.execute(f"SELECT p.id FROM {nodes} p JOIN nodes n ON n.id = p.id", (chunk,))}
        claims: dict[str, list[tuple[dict[str, Any], int, str]]] = {}
        for node, props, count, first in db.execute(
                f"SELECT c.node, c.props, count(*), min(c.source) FROM {nodes} p JOIN claims c ON c.node = p.id "
                "GROUP BY c.node, c.props", (chunk,)):
            claims.setdefault(node, []).append((json.loads(props), count, first))
        upserts, gone = [], []
        for node, kind in kinds.items():
            if node not in claims:
                if node in existing:
                    gone.append((node,))
                continue
            props = merge_weighted(claims[node])
            upserts.append((node, kind, claim_json(props), props.get("series"), label_key(props),
                            lookup_key(props)))
            if node in existing:
                summary.nodes_updated += 1
            else:
                summary.nodes_added += 1
        db.executemany("INSERT INTO nodes(id, kind, props, series, label_folded, lookup) VALUES(?,?,?,?,?,?) "
                       "ON CONFLICT(id) DO UPDATE SET props=excluded.props, series=excluded.series, "
                       "label_folded=excluded.label_folded, lookup=excluded.lookup", upserts)
        db.executemany("DELETE FROM nodes WHERE id=?", gone)
        summary.nodes_removed += len(gone)
        db.execute("DELETE FROM pending_nodes WHERE id IN (SELECT id FROM pending_nodes ORDER BY id LIMIT ?)", (chunk,))

        # the first ``chunk`` pending edges, as a range of their primary key: read in key order,
        # they are grouped as they come (a subquery with LIMIT would be grouped in a temporary
        # b-tree, a fifth of the merge)
        last = db.execute("SELECT src, type, tgt FROM pending_edges ORDER BY src, type, tgt LIMIT 1 OFFSET ?",
                          (chunk - 1,)).fetchone()
        upto, bound = ("WHERE (p.src, p.type, p.tgt) <= (?, ?, ?) ", tuple(last)) if last else ("", ())
        rows = db.execute(
            "SELECT p.src, p.type, p.tgt, count(v.source), max(v.confidence), x.n IS NOT NULL FROM pending_edges p "
            "LEFT JOIN evidence v ON v.src = p.src AND v.type = p.type AND v.tgt = p.tgt "
            "LEFT JOIN edges x ON x.src = p.src AND x.type = p.type AND x.tgt = p.tgt "
            f"{upto}GROUP BY p.src, p.type, p.tgt", bound).fetchall()
        upserts_e, dropped = [], []
        for s, t, g, n, c, existed in rows:
            if not n:
                if existed:
                    dropped.append((s, t, g))
                continue
            upserts_e.append((s, t, g, c, n))
            if existed:
                summary.edges_updated += 1
            else:
                summary.edges_added += 1
        db.executemany("INSERT OR REPLACE INTO edges VALUES(?,?,?,?,?)", upserts_e)
        db.executemany("DELETE FROM edges WHERE src=? AND type=? AND tgt=?", dropped)
        summary.edges_removed += len(dropped)
        db.execute(f"DELETE FROM pending_edges {upto.replace('p.', '')}", bound)
        return bool(kinds or rows)

    def aliases(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT partial, canonical FROM aliases"))

    def canonical_id(self, node_id: str) -> str:
        """The id a merged partial reference now lives under (itself otherwise)."""
        row = self.db.execute("SELECT canonical FROM aliases WHERE partial=?", (node_id,)).fetchone()
        return str(row[0]) if row else node_id

    def add_aliases(self, aliases: dict[str, str]) -> None:
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO aliases VALUES(?,?)", list(aliases.items()))
            self.db.execute("COMMIT")

    def nodes_by_series(self, series: Sequence[str]) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for i in range(0, len(series), 500):
            chunk = list(series[i:i + 500])
            q = f"SELECT id, kind, props, series FROM nodes WHERE series IN ({','.join('?' * len(chunk))})"
            for nid, kind, props, ser in self.db.execute(q, chunk):
                out.setdefault(ser, []).append(Node(nid, NodeKind(kind), json.loads(props)))
        return out

    def sources_mentioning(self, node_ids: Sequence[str]) -> list[str]:
        return sorted(set(self._in("SELECT DISTINCT source FROM claims WHERE node IN ({})", list(node_ids))))

    def load_delta(self, source_id: str) -> SourceDelta | None:
        row = self.db.execute("SELECT delta, text FROM sources WHERE id=?", (source_id,)).fetchone()
        if row is None:
            return None
        if isinstance(row[0], str):  # stores of before kept the JSON as text
            return load_delta(row[0], row[1])
        d = load_delta(zlib.decompress(row[0]).decode("utf-8"), row[1])
        # the stored bytes handed over as the delta's packed form: a store it is written into
        # (Neo4j's ``delta_z``) takes them as they are instead of encoding and compressing the
        # delta again, a quarter of a sync's client pass (the claims are encoded again: as
        # cheap as reading them back from the claims table)
        return replace(d, packed=Packed(bytes(row[0]), tuple(claim_json(n.props) for n in d.nodes)))

    # ------------------------------------------------------------------ reads
    def _node(self, row: tuple[Any, ...]) -> Node:
        return Node(row[0], NodeKind(row[1]), json.loads(row[2]))

    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for row in self.db.execute(f"SELECT id, kind, props FROM nodes WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[row[0]] = self._node(row)
        return out

    def _where(self, kind: NodeKind | None, where: dict[str, Any] | None) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if kind is not None:
            clauses.append("kind=?")
            args.append(kind.value)
        for k, v in (where or {}).items():
            if k == "q":  # each word of the folded query in the label, in any order
                for word in dict.fromkeys(fold_key(str(v)).split()):
                    if len(word) >= _TRIGRAM:
                        clauses.append("rowid IN (SELECT rowid FROM nodes_fts WHERE label_folded LIKE ?)")
                    else:
                        clauses.append("label_folded LIKE ?")
                    args.append(f"%{word}%")
            else:
                clauses.append(f"json_extract(props, '$.{k}') = ?")
                args.append(v)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def find_nodes(self, kind: NodeKind | None = None, where: dict[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]:
        sql, args = self._where(kind, where)
        rows = self.db.execute(f"SELECT id, kind, props FROM nodes{sql} ORDER BY id LIMIT ? OFFSET ?",
                               [*args, limit, offset])
        return [self._node(r) for r in rows]

    def documents_by_lookup(self, keys: Sequence[str], limit: int = 200) -> list[Node]:
        """Documents by kind and number ('chi_thi|5'), for resolving free text."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        rows = self.db.execute(f"SELECT id, kind, props FROM nodes WHERE lookup IN ({','.join('?' * len(keys))}) "
                               "LIMIT ?", [*keys, limit])
        return [self._node(r) for r in rows]

    def count_nodes(self, kind: NodeKind | None = None, where: dict[str, Any] | None = None) -> int:
        sql, args = self._where(kind, where)
        return int(self.db.execute(f"SELECT count(*) FROM nodes{sql}", args).fetchone()[0])

    def graph(self) -> nx.MultiDiGraph:
        """The in-memory graph, reloaded when the store changed under it."""
        with self._lock:
            gen = self.generation()
            if self._graph is None or self._graph_version != gen:
                self._graph = self._load_graph()
                self._graph_version = gen
            return self._graph

    def _load_graph(self) -> nx.MultiDiGraph:
        """Build the networkx graph straight into its adjacency dicts (what ``add_edge`` would
        build, without its per-call checks: several times faster on millions of edges)."""
        import networkx as nx

        g = nx.MultiDiGraph()
        node, succ, pred = g._node, g._succ, g._pred  # noqa: SLF001
        collecting = gc.isenabled()
        gc.disable()  # millions of small dicts: the cyclic collector would rescan them again and again
        try:
            self._fill(node, succ, pred)
        finally:
            if collecting:
                gc.enable()
        return g

    def _fill(self, node: dict[str, Any], succ: dict[str, Any], pred: dict[str, Any]) -> None:
        attrs = _edge_attrs
        kinds: dict[str, dict[str, str]] = {k.value: {"kind": k.value} for k in NodeKind}
        for nid, kind in self.db.execute("SELECT id, kind FROM nodes"):
            node[nid] = kinds[kind]  # nodes share their (read-only) attribute dict per kind
            succ[nid] = {}
            pred[nid] = {}
        for s, k, t, c, n in self.db.execute("SELECT src, type, tgt, confidence, n FROM edges"):
            out = succ.get(s)
            if out is None or t not in pred:
                continue
            keyed = out.get(t)
            if keyed is None:
                keyed = out[t] = {}
                pred[t][s] = keyed
            keyed[k] = attrs(c, n)

    def expand(self, ids: Sequence[str], direction: str, types: Iterable[RelationType] | None = None,
               limit: int = 10_000) -> list[Edge]:
        """Edges out of or into ``ids``, ordered by the position of their node in ``ids``, then
        type, then the other end's id. From the in-memory graph where this process keeps one
        (the API warms it), else straight from the indexed edge table: a one-shot command on a
        big store never builds the whole graph. A node with many neighbours asked for a few
        types (who replaces a central resolution that a thousand plans implement) is read
        from the table's (node, type) index in either case, not by filtering every edge."""
        allowed = sorted({t.value for t in types}) if types is not None else None
        out: list[Edge] = []
        with self._lock:
            in_memory = self._graph is not None
        if not in_memory:
            for nid in dict.fromkeys(ids):
                if self._take(nid, direction, self._expand_sql(nid, direction, allowed), out, limit):
                    return out
            return out
        g = self.graph()
        adj = g._succ if direction == "out" else g._pred  # noqa: SLF001  # the dicts, not their views
        for nid in dict.fromkeys(ids):
            nbrs = adj.get(nid)
            if not nbrs:
                continue
            if allowed is not None and len(nbrs) > _TYPED_FROM_INDEX:
                found = self._expand_sql(nid, direction, allowed)
            else:
                found = sorted((key, other, attrs["confidence"], attrs["n"]) for other, keyed in nbrs.items()
                               for key, attrs in keyed.items() if allowed is None or key in allowed)
            if self._take(nid, direction, found, out, limit):
                return out
        return out

    def reach(self, start: str, direction: str, types: Iterable[RelationType], depth: int,
              max_nodes: int = 2000, max_edges: int = 50_000,
              into: Iterable[RelationType] = ()) -> Reach:
        """A level at a time through ``expand`` (in this process: no round trips to save)."""
        check_reach(direction, depth, max_nodes)
        types, into = list(types), list(into)
        levels: list[tuple[str, ...]] = []
        edges: dict[str, list[Edge]] = {}
        frontier = [start] if self.get_nodes([start]) else []
        nodes = found = 0
        complete = True
        for _ in range(depth + 1):
            level = tuple(sorted(set(frontier) - edges.keys()))
            if not level:
                break
            nodes += len(level)
            read = self.expand(level, direction, types, limit=max_edges - found + 1) if nodes <= max_nodes else []
            found += len(read)
            if nodes > max_nodes or found > max_edges:
                complete = False
                break
            levels.append(level)
            for n in level:
                edges[n] = []
            for e in read:
                edges[e.source if direction == "out" else e.target].append(e)
            frontier = [e.target if direction == "out" else e.source for e in read]
        ids = [n for level in levels for n in level]
        ends = self.expand(ids, "in", into) if into and ids else []
        return Reach(tuple(levels), edges, ends, self.get_nodes([*ids, *(e.source for e in ends)]), complete)

    def _expand_sql(self, nid: str, direction: str, allowed: list[str] | None) -> list[tuple[str, str, float, int]]:
        """One node's edges from the edge table (primary key out, ``edges_tgt`` in), in order."""
        near, far = ("src", "tgt") if direction == "out" else ("tgt", "src")
        typed = f" AND type IN ({','.join('?' * len(allowed))})" if allowed is not None else ""
        sql = f"SELECT type, {far}, confidence, n FROM edges WHERE {near}=?{typed} ORDER BY type, {far}"
        return self.db.execute(sql, (nid, *(allowed or ()))).fetchall()

    @staticmethod
    def _take(nid: str, direction: str, found: Iterable[tuple[str, str, float, int]], out: list[Edge],
              limit: int) -> bool:
        """Append a node's edges in order; True once ``limit`` is reached."""
        for key, other, confidence, n in found:
            s, t = (nid, other) if direction == "out" else (other, nid)
            out.append(Edge(s, RelationType(key), t, float(confidence), int(n)))
            if len(out) >= limit:
                return True
        return False

    def evidence(self, keys: Sequence[tuple[str, str, str]], per_edge: int = 5) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
        """The best evidences of each edge (one point query per edge, on the primary key)."""
        out: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for s, t, g in dict.fromkeys(keys):
            rows = self.db.execute(
                'SELECT source, start, "end", text, rule, confidence FROM evidence WHERE src=? AND type=? AND tgt=? '
                "ORDER BY confidence DESC, source, start LIMIT ?", (s, t, g, per_edge))
            out[(s, t, g)] = [{"source": r[0], "start": r[1], "end": r[2], "text": r[3], "rule": r[4],
                               "confidence": r[5]} for r in rows]
        return out

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        sql, args = self._where(kind, None)
        with closing(self._db_reader()) as reader:
            for row in reader.execute(f"SELECT id, kind, props FROM nodes{sql} ORDER BY id", args):
                yield self._node(row)

    def iter_edges(self, with_evidence: bool = False) -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        with closing(self._db_reader()) as reader:
            for s, t, g, c, n in reader.execute("SELECT src, type, tgt, confidence, n FROM edges ORDER BY src, type, tgt"):
                edge = Edge(s, RelationType(t), g, c, n)
                evs: list[dict[str, Any]] = []
                if with_evidence:
                    evs = self.evidence([(s, t, g)], per_edge=1_000_000)[(s, t, g)]
                yield edge, evs

    def _db_reader(self) -> sqlite3.Connection:
        """A separate connection for long iterations (they must not block writes of this one;
        the caller closes it)."""
        return sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False)

    def get_source(self, source_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, key, path, url, title, published, sha256, ingested, text FROM sources "
                              "WHERE id=?", (source_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "key", "path", "url", "title", "published", "sha256", "ingested", "text")
        return dict(zip(keys, row, strict=True))

    def list_sources(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        keys = ("id", "key", "path", "url", "title", "published", "sha256", "ingested")
        rows = self.db.execute("SELECT id, key, path, url, title, published, sha256, ingested FROM sources "
                               "ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def mentions_of(self, node_id: str, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.db.execute('SELECT source, start, "end", text FROM mentions WHERE node=? '
                               'ORDER BY source, start LIMIT ?', (node_id, limit))
        return [{"source": r[0], "start": r[1], "end": r[2], "text": r[3]} for r in rows]

    def stats(self) -> dict[str, Any]:
        db = self.db
        kinds = dict(db.execute("SELECT kind, count(*) FROM nodes GROUP BY kind"))
        by_type = db.execute("SELECT type, count(*), sum(n) FROM edges GROUP BY type").fetchall()
        types = {t: c for t, c, _ in by_type}
        return {
            "store": self.name,
            "location": str(self.path),
            "sources": db.execute("SELECT count(*) FROM sources").fetchone()[0],
            "nodes": sum(kinds.values()),
            "edges": sum(types.values()),
            "evidence": sum(n for _, _, n in by_type),  # each edge keeps its evidence count
            "nodes_by_kind": kinds,
            "edges_by_type": types,
            "unresolved_documents": db.execute(
                "SELECT count(*) FROM nodes WHERE kind='Document' AND json_extract(props,'$.resolved')=0").fetchone()[0],
            "generation": self.generation(),
        }
