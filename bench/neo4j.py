"""Benchmark the Neo4j store: ≥ 20,000 generated articles into a real Neo4j three ways —
``sync neo4j`` (a first load from an embedded store of the same corpus: the bulk path),
``vankien neo4j export`` + neo4j-admin ``database import full`` into a fresh database,
and ``ingest --store neo4j`` (the incremental path, on ``--ingest-articles`` of them) —
then lineage queries on the loaded graph. Before the sync, on the same server and driver,
the local baselines (``baselines``): the published figure's batched ``UNWIND … MERGE`` with
small rows, then with rows of the size sync sends (``sync_shape``), printed beside sync's
rate with the gap split into machine × payload × overhead (``gap``).

Prints articles/s, nodes/s and relationships/s of each way in beside the published figure
for batched ``UNWIND … MERGE`` through the Python driver (≈ 42,000 nodes/s, ≈ 66,000
relationships/s), counted twice: the graph's nodes and edges, and every node and
node Neo4j holds (plus one per source; since schema 3 a source keeps its claims as lists,
so Neo4j's relationships are the graph's edges). Then the
p50/p99 of ``trace`` and ``implementations`` on Neo4j beside the embedded store's. The
server is ``--uri`` (or $NEO4J_URI) if given, else a local one started for the run
(graph.store.neo4j_server: Java and Maven) and stopped after; the import always gets a server
of its own (a fresh database).

    python bench/neo4j.py                          # 20,000 articles, ingest leg on 2,000
    python bench/neo4j.py --articles 2000 --queries 50
    python bench/neo4j.py --uri bolt://127.0.0.1:PORT --server-pid PID --no-import --ingest-articles 0  # sync only
    python bench/neo4j.py --graph /tmp/vankien-bench/q1m --keep /tmp/q1m-neo4j   # queries on a big graph

``--graph`` skips the loads: it opens an existing embedded store read-only (bench/query.py's
1,000,389-node one), exports it and imports it with neo4j-admin (kept in ``--keep`` and
reused from there), then times ``trace`` and ``implementations`` (depth 6, random documents
as bench/query.py picks them) on Neo4j and on the embedded store, in the same process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# this file is bench/neo4j.py: with bench/ first on the path, `import neo4j` would find it,
# not the driver. Import the driver (through the store) first, then put bench/ last.
HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)]
import graph.store.neo4j_store  # noqa: E402, F401
from api.settings import load_settings  # noqa: E402  (before bench/ingest.py puts bench/, and its api.py, first)
from graph.export import neo4j_csv  # noqa: E402
from graph.query import lineage as queries  # noqa: E402
from graph.store import neo4j_bulk, neo4j_rows, neo4j_server  # noqa: E402

sys.path.append(HERE)
from ingest import DEFAULT_DIR, corpus  # noqa: E402

from graph.build.ingest import BATCH, ingest_paths  # noqa: E402
from graph.build.sync import source_ids, sync  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402
from graph.store.protocol import Store, create_store, open_store  # noqa: E402
from ontology.vocab import NodeKind, RelationType  # noqa: E402

PUBLISHED = {"nodes_per_s": 42_000, "relationships_per_s": 66_000}  # batched UNWIND … MERGE, Python driver


def _rates(label: str, seconds: float, articles: int, stats: dict[str, Any], claims: int) -> dict[str, Any]:
    """The rates of one way in: graph nodes/edges, and all Neo4j nodes (+ sources) and
    relationships (the edges: since schema 3 the claims are lists on the sources)."""
    nodes, rels = stats["nodes"], stats["edges"]
    all_nodes, all_rels = nodes + stats["sources"], rels
    out = {"seconds": round(seconds, 1), "articles_per_s": round(articles / seconds, 1),
           "nodes_per_s": round(nodes / seconds), "relationships_per_s": round(rels / seconds),
           "neo4j_nodes_per_s": round(all_nodes / seconds), "neo4j_relationships_per_s": round(all_rels / seconds)}
    print(f"{label}: {articles:,} articles in {seconds:.1f} s = {out['articles_per_s']:,.0f} articles/s; "
          f"graph {out['nodes_per_s']:,} nodes/s, {out['relationships_per_s']:,} relationships/s "
          f"({nodes:,} nodes, {rels:,} relationships, {stats['evidence']:,} evidences); "
          f"all of Neo4j {out['neo4j_nodes_per_s']:,} nodes/s, {out['neo4j_relationships_per_s']:,} relationships/s "
          f"(+{stats['sources']:,} sources, holding {claims:,} claims)  "
          f"[published: {PUBLISHED['nodes_per_s']:,} nodes/s, {PUBLISHED['relationships_per_s']:,} relationships/s]")
    return out


def _percentiles(label: str, fn: Callable[[str], Any], ids: list[str]) -> dict[str, float]:
    cpu = time.process_time()
    times = []
    for nid in ids:
        t = time.perf_counter()
        fn(nid)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50, p99 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
    cpu = (time.process_time() - cpu) * 1000 / len(ids)
    print(f"  {label:<32} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   ({len(ids)} queries; "
          f"this process's CPU {cpu:.2f} ms a query)")
    return {"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "queries": len(ids), "client_cpu_ms": round(cpu, 2)}


def _round_trips(store: Store, fn: Callable[[str], Any], ids: list[str]) -> float:
    """Reads a query sends to the server, on average (the Neo4j store's auto-commit reads:
    each one round trip)."""
    read = getattr(store, "_read", None)
    if read is None:
        return 0.0
    calls = 0

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return read(*args, **kwargs)

    store._read = counted  # type: ignore[attr-defined]
    try:
        for nid in ids:
            fn(nid)
    finally:
        del store._read  # type: ignore[attr-defined]
    return calls / max(1, len(ids))


def _subjects(store: Store, n: int, seed: int) -> tuple[list[str], list[str]]:
    """Documents that something implements, and plans or meetings that implement something."""
    targets: set[str] = set()
    starts: set[str] = set()
    for edge, _ in store.iter_edges():
        if edge.type is RelationType.IMPLEMENTS:
            targets.add(edge.target)
            starts.add(edge.source)
    meetings = {x.id for x in store.iter_nodes(NodeKind.MEETING)}
    rng = random.Random(seed)
    pick = lambda xs: rng.sample(sorted(xs), min(n, len(xs)))  # noqa: E731
    return pick(targets), pick(starts | (meetings & starts))


def _queries(label: str, store: Store, docs: list[str], starts: list[str]) -> dict[str, Any]:
    print(f"{label}:")
    for nid in docs[:5] + starts[:5]:  # warm caches and the query planner
        queries.implementations(store, nid) if nid in docs else queries.trace(store, nid)
    out = {"implementations": _percentiles("implementations (depth 3)", lambda i: queries.implementations(store, i), docs),
           "trace": _percentiles("trace (depth 6)", lambda i: queries.trace(store, i), starts)}
    for q, f, ids in (("implementations", queries.implementations, docs), ("trace", queries.trace, starts)):
        if trips := _round_trips(store, lambda i, f=f: f(store, i), ids):
            out[q]["round_trips"] = round(trips, 2)
            print(f"  {q}: {trips:.2f} round trips a query")
    return out


def _embedded(path: Path, folder: Path, args: argparse.Namespace) -> tuple[Store, int]:
    """The embedded store of the corpus (``--embedded`` is reused when it holds it)."""
    reuse = folder.is_dir() and any(folder.iterdir())
    store = open_store("embedded", data_dir=folder)
    if reuse:
        n = store.stats()["sources"]
        print(f"embedded store reused from {folder} ({n:,} sources)")
        return store, n
    t = time.perf_counter()
    report = ingest_paths(store, [str(path)], workers=args.workers, batch_size=args.batch)
    _rates("ingest (embedded)   ", time.perf_counter() - t, report.read, store.stats(), 0)
    return store, report.read


def _read_only(folder: Path) -> EmbeddedStore:
    """An embedded store opened without writing a byte to its folder (SQLite's ``immutable``:
    no lock, no WAL, no schema step) — for a store other runs rely on."""
    store = EmbeddedStore(folder, create=False)
    path = store.path.resolve()
    if not path.is_file():
        raise SystemExit(f"{path}: no embedded store there")
    store._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False,
                                isolation_level=None)
    return store


def _random_documents(store: EmbeddedStore, n: int, seed: int) -> list[str]:
    """Random documents, drawn by rowid as bench/query.py draws them."""
    db = store.db
    rng = random.Random(seed)
    top = db.execute("SELECT max(rowid) FROM nodes").fetchone()[0]
    docs: list[str] = []
    while len(docs) < n:
        found = db.execute(f"SELECT id FROM nodes WHERE kind='Document' AND rowid IN ({','.join('?' * 500)})",
                           [rng.randint(1, top) for _ in range(500)]).fetchall()
        docs += [r[0] for r in found]
    return docs[:n]


def _rss_mb(pid: int) -> int:
    """The resident memory of a process (the Neo4j JVM: heap, page cache and the rest)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def _heap_mb(store: Store) -> dict[str, int]:
    """The server JVM's heap (used, committed, max), from its JMX bean."""
    with store.driver.session() as session:  # type: ignore[attr-defined]
        found = session.run("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
                            "RETURN attributes.HeapMemoryUsage.value.properties AS heap").single()
    heap = found["heap"] if found else {}
    return {k: int(heap.get(k, 0)) // 2**20 for k in ("used", "committed", "max")}


def _cpu_s(server: neo4j_server.Server | int | None) -> float:
    """CPU seconds (user + system) a local server (or the process ``server``) has used so far;
    0 for one not started here and not named by ``--server-pid``."""
    if server is None:
        return 0.0
    pid = server if isinstance(server, int) else server.pid
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _du_mb(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) // 2**20


def big_graph(args: argparse.Namespace) -> dict[str, Any]:
    """``--graph``: export + import an existing embedded store (read-only), then the queries
    on Neo4j and on the embedded store, depth 6, random documents."""
    embedded = _read_only(args.graph)
    work = args.keep or Path(tempfile.mkdtemp(prefix="vankien-neo4j-", dir=DEFAULT_DIR))
    work.mkdir(parents=True, exist_ok=True)
    home = neo4j_server.default_home()
    figures: dict[str, Any] = {"graph": str(args.graph), "heap": args.heap, "pagecache": args.pagecache}
    try:
        st = embedded.stats()
        print(f"{args.graph}: {st['nodes']:,} nodes, {st['edges']:,} edges, {st['evidence']:,} evidences, "
              f"{st['sources']:,} sources")
        figures["embedded"] = {k: st[k] for k in ("nodes", "edges", "evidence", "sources")}
        csv = work / "csv"
        if not (csv / neo4j_csv.MANIFEST).is_file():
            t, c = time.perf_counter(), time.process_time()
            export = neo4j_csv.export(source_ids(embedded), embedded.load_delta, embedded.aliases(), csv,
                                      "bench_graph", embedded.generation())
            figures["export_s"], figures["export_cpu_s"] = round(time.perf_counter() - t, 1), round(time.process_time() - c, 1)
            print(f"neo4j export: {export.counts} in {figures['export_s']} s ({figures['export_cpu_s']} s CPU), "
                  f"{_du_mb(csv):,} MB of CSV")
        imported = work / "imported"
        if not neo4j_server.database_dir(imported).is_dir():
            t = time.perf_counter()
            neo4j_server.import_database(home, neo4j_csv.import_arguments(csv), folder=imported, heap=args.heap)
            figures["import_s"] = round(time.perf_counter() - t, 1)
            print(f"neo4j-admin import: {figures['import_s']} s")
        t = time.perf_counter()
        server = neo4j_server.start(home, heap=args.heap, pagecache=args.pagecache, folder=imported)
        try:
            graph = create_store("neo4j", uri=server.uri, namespace="bench_graph")
            graph.open()
            graph.await_indexes()  # type: ignore[attr-defined]
            figures["start_and_indexes_s"] = round(time.perf_counter() - t, 1)
            size = _du_mb(neo4j_server.database_dir(imported))
            print(f"Neo4j {neo4j_server.NEO4J_VERSION} on the imported database ({size:,} MB on disk; heap {args.heap}, "
                  f"page cache {args.pagecache}): start, constraints and indexes {figures['start_and_indexes_s']} s")
            figures["neo4j_db_mb"] = size
            docs = _random_documents(embedded, args.queries, args.seed)
            for name, store in (("Neo4j", graph), ("embedded", embedded)):
                print(f"queries on {name} (depth 6, {len(docs)} random documents, after 20 warm-up queries):")
                for nid in docs[:20]:
                    queries.trace(store, nid, depth=6)
                    queries.implementations(store, nid, depth=6)
                figures[f"queries_{name.lower()}"] = {
                    "trace": _percentiles("trace", lambda i, s=store: queries.trace(s, i, depth=6), docs),
                    "implementations": _percentiles("implementations",
                                                    lambda i, s=store: queries.implementations(s, i, depth=6), docs)}
                if name == "Neo4j":
                    for q, f in (("trace", queries.trace), ("implementations", queries.implementations)):
                        trips = _round_trips(store, lambda i, s=store, f=f: f(s, i, depth=6), docs)
                        figures[f"queries_{name.lower()}"][q]["round_trips"] = round(trips, 2)
                        print(f"  {q}: {trips:.2f} round trips a query")
                    figures["neo4j_rss_mb"] = _rss_mb(server.pid)
                    figures["neo4j_heap_mb"] = _heap_mb(graph)
                    print(f"  Neo4j JVM: heap {figures['neo4j_heap_mb']} MB; resident memory (heap, page cache "
                          f"and the rest) {figures['neo4j_rss_mb']:,} MB")
            figures["bench_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            figures["load_average"] = os.getloadavg()
            print(f"peak RSS of this process {figures['bench_rss_mb']:,} MB; load average {figures['load_average']}")
            graph.close()
        finally:
            server.stop()
    finally:
        embedded.close()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return figures


def _import(args: argparse.Namespace, embedded: Store, ids: list[str], work: Path, home: Path, articles: int,
            figures: dict[str, Any]) -> int:
    """The export + neo4j-admin import leg, timed into ``figures``; the number of claims."""
    t = time.perf_counter()
    export = neo4j_csv.export(ids, embedded.load_delta, embedded.aliases(), work / "csv", "bench_import",
                              embedded.generation())
    exported = time.perf_counter() - t
    claims = _claims(embedded)
    print(f"neo4j export: {len(export.nodes) + len(export.relationships)} files in {exported:.1f} s")

    t = time.perf_counter()
    neo4j_server.import_database(home, neo4j_csv.import_arguments(work / "csv"), folder=work / "imported",
                                 heap=args.heap)
    imported_s = time.perf_counter() - t
    t = time.perf_counter()
    imported_server = neo4j_server.start(home, heap=args.heap, pagecache=args.pagecache, folder=work / "imported")
    try:
        imported = create_store("neo4j", uri=imported_server.uri, namespace="bench_import")
        imported.open()  # creates the constraints and indexes
        imported.await_indexes()  # type: ignore[attr-defined]
        indexed = time.perf_counter() - t
        print(f"neo4j-admin import {imported_s:.1f} s; server start, constraints and indexes {indexed:.1f} s")
        figures["csv_import"] = _rates("export + import + indexes", exported + imported_s + indexed, articles,
                                       imported.stats(), claims)
        figures["csv_import"].update(export_s=round(exported, 1), import_s=round(imported_s, 1),
                                     index_s=round(indexed, 1))
        imported.close()
    finally:
        imported_server.stop()

    return int(claims)


# ---------------------------------------------------------------------------- local baselines
BASE_LABEL, BASE_REL, BASE_CONSTRAINT = "BenchNode", "BENCH_REL", "bench_node_id"  # dropped after the run
BASE_BATCH = 10_000  # rows per transaction of the baselines
BASE_NODES = f"UNWIND $rows AS r MERGE (n:{BASE_LABEL} {{id: r.id}}) SET n += r.props"
BASE_RELS = (f"UNWIND $rows AS r MATCH (a:{BASE_LABEL} {{id: r.a}}) MATCH (b:{BASE_LABEL} {{id: r.b}}) "
             f"MERGE (a)-[x:{BASE_REL}]->(b) SET x += r.props")


def _packed(value: Any) -> int:
    """Bytes of ``value`` as the driver packs it into a Bolt message (PackStream)."""
    from neo4j._codec.packstream import v1  # the driver's packer (its Rust extension when built)

    buffer = v1.PackableBuffer()
    v1.Packer(buffer).pack(value)
    return len(buffer.data)


def _shape(rows: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> tuple[int, float]:
    """Rows sent, and their mean packed bytes (``skip``: the keys a baseline row has anyway)."""
    if not rows:
        return 0, 0.0
    return len(rows), sum(_packed({k: v for k, v in r.items() if k not in skip}) for r in rows) / len(rows)


def sync_shape(embedded: Store, ids: list[str]) -> dict[str, Any]:
    """What ``sync neo4j``'s bulk load sends, by kind of row: how many, their mean packed bytes
    and properties (``neo4j_bulk``'s node, edge and source rows, built as the load builds them)."""
    graph = neo4j_bulk.collect((d for sid in ids if (d := embedded.load_delta(sid)) is not None), "bench_shape")
    with graph:
        nodes = [r for part in graph.node_rows("bench_shape").values() for r in part]
        edges = [r for part in graph.edge_rows().values() for r in part]
        sources = [r for part in graph.source_batches(BASE_BATCH) for r in part]
    out: dict[str, Any] = {}
    for kind, found, skip in (("nodes", nodes, ("ns", "id")), ("edges", edges, ("src", "tgt")),
                              ("sources", sources, ("ns", "id"))):
        n, size = _shape(found, skip)
        props = sum(sum(v is not None for k, v in r.items() if k not in skip) for r in found) / max(1, n)
        out[kind] = {"rows": n, "bytes": round(size), "properties": round(props, 1)}
    index = {r["id"]: i for i, r in enumerate(nodes)}
    out["pairs"] = [(index[r["src"]], index[r["tgt"]]) for r in edges]
    return out


def _filler(size: float, count: float) -> dict[str, str]:
    """``count`` string properties packing to about ``size`` bytes in all."""
    k = max(1, round(count))
    each = max(1, int((size - 1 - 4 * k) / k))  # a map header, and a key and string header a property
    return {f"p{i}": "x" * each for i in range(k)}


def _send(driver: Any, statement: str, rows: list[dict[str, Any]], batch: int) -> None:
    with driver.session() as session:
        for i in range(0, len(rows), batch):
            part = rows[i:i + batch]
            session.execute_write(lambda tx, part=part: tx.run(statement, rows=neo4j_rows.Rows(part)).consume())


def _timed(driver: Any, pid: neo4j_server.Server | int | None, statement: str, rows: list[dict[str, Any]],
           batch: int) -> dict[str, float]:
    t, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_s(pid)
    _send(driver, statement, rows, batch)
    return {"seconds": time.perf_counter() - t, "client_cpu_s": time.process_time() - cpu,
            "server_cpu_s": _cpu_s(pid) - server_cpu}


def _drop_baseline(driver: Any) -> None:
    with driver.session() as session:
        while session.execute_write(lambda tx: tx.run(f"MATCH (n:{BASE_LABEL}) WITH n LIMIT 10000 DETACH DELETE n "
                                                      "RETURN count(*) AS n").single()["n"]):
            pass
        session.run(f"DROP CONSTRAINT {BASE_CONSTRAINT} IF EXISTS").consume()


def _fresh_baseline(driver: Any) -> None:
    _drop_baseline(driver)
    with driver.session() as session:
        session.run(f"CREATE CONSTRAINT {BASE_CONSTRAINT} IF NOT EXISTS FOR (n:{BASE_LABEL}) "
                    "REQUIRE n.id IS UNIQUE").consume()
        session.run("CALL db.awaitIndexes(300)").consume()


def _leg(label: str, nodes: dict[str, float], rels: dict[str, float], n: int, r: int) -> dict[str, Any]:
    out = {"nodes": n, "relationships": r,
           "nodes_per_s": round(n / nodes["seconds"]), "relationships_per_s": round(r / rels["seconds"]),
           "node_seconds": round(nodes["seconds"], 2), "relationship_seconds": round(rels["seconds"], 2),
           "client_cpu_s": round(nodes["client_cpu_s"] + rels["client_cpu_s"], 2),
           "server_cpu_s": round(nodes["server_cpu_s"] + rels["server_cpu_s"], 2)}
    print(f"{label}: {n:,} nodes in {nodes['seconds']:.1f} s = {out['nodes_per_s']:,} nodes/s, {r:,} relationships "
          f"in {rels['seconds']:.1f} s = {out['relationships_per_s']:,} relationships/s; CPU: this process "
          f"{out['client_cpu_s']} s, the server {out['server_cpu_s']} s; load average {os.getloadavg()}")
    return out


def baselines(driver: Any, pid: neo4j_server.Server | int | None, shape: dict[str, Any], nodes: int, rels: int,
              seed: int) -> dict[str, Any]:
    """The batched ``UNWIND … MERGE`` of the published figure on this server and driver
    (``BenchNode``/``BENCH_REL``, with a uniqueness constraint on ``id``; all dropped after):
    bare (``nodes`` nodes with three small properties, ``rels`` relationships between random
    pairs of them), then the same statements with sync's shape (``shape``: as many nodes as
    the graph has nodes and sources, as many relationships as it has edges, between the same
    pairs, each row about as many properties and packed bytes as sync sends for it)."""
    rng = random.Random(seed)
    out: dict[str, Any] = {}
    try:
        _fresh_baseline(driver)
        node_rows = [{"id": i, "props": {"name": f"node {i}", "value": i, "score": rng.random()}} for i in range(nodes)]
        rel_rows = [{"a": rng.randrange(nodes), "b": rng.randrange(nodes), "props": {}} for _ in range(rels)]
        timed_nodes = _timed(driver, pid, BASE_NODES, node_rows, BASE_BATCH)
        out["bare"] = _leg("local bare UNWIND … MERGE", timed_nodes, _timed(driver, pid, BASE_RELS, rel_rows, BASE_BATCH),
                           nodes, rels)
        del node_rows, rel_rows

        _fresh_baseline(driver)
        g, s, e = shape["nodes"], shape["sources"], shape["edges"]
        node_props, source_props, edge_props = (_filler(x["bytes"], x["properties"]) for x in (g, s, e))
        node_rows = [{"id": i, "props": node_props} for i in range(g["rows"])]
        node_rows += [{"id": g["rows"] + i, "props": source_props} for i in range(s["rows"])]
        rel_rows = [{"a": a, "b": b, "props": edge_props} for a, b in shape["pairs"]]
        sent = {k: _packed(p) for k, p in (("nodes", node_props), ("sources", source_props), ("edges", edge_props))}
        print(f"  same shape: {g['rows']:,} nodes of ~{sent['nodes']:,} bytes ({g['bytes']:,} sent by sync, "
              f"{g['properties']} properties), {s['rows']:,} source nodes of ~{sent['sources']:,} bytes "
              f"({s['bytes']:,}, {s['properties']}), {e['rows']:,} relationships of ~{sent['edges']:,} bytes "
              f"({e['bytes']:,}, {e['properties']}) between the graph's own pairs")
        timed_nodes = _timed(driver, pid, BASE_NODES, node_rows, BASE_BATCH)
        timed_rels = _timed(driver, pid, BASE_RELS, rel_rows, BASE_BATCH)
        out["same_shape"] = _leg("local same-shape UNWIND … MERGE", timed_nodes, timed_rels, len(node_rows), len(rel_rows))
        whole = timed_nodes["seconds"] + timed_rels["seconds"]
        out["same_shape"].update(seconds=round(whole, 2), graph_nodes_per_s=round(g["rows"] / whole),
                                 graph_relationships_per_s=round(e["rows"] / whole), row_bytes=sent)
        print(f"  same shape, as sync counts (graph nodes and edges over the whole {whole:.1f} s): "
              f"{out['same_shape']['graph_nodes_per_s']:,} graph nodes/s, "
              f"{out['same_shape']['graph_relationships_per_s']:,} graph relationships/s")
    finally:
        _drop_baseline(driver)
    return out


def gap(figures: dict[str, Any]) -> None:
    """Print sync's rate beside the published, the local bare and the same-shape rate, and the
    factors between them (published → this machine → what we store → our overhead)."""
    bare, same, synced = figures["baseline"]["bare"], figures["baseline"]["same_shape"], figures["sync_neo4j"]
    rows = [("published UNWIND … MERGE", PUBLISHED["nodes_per_s"], PUBLISHED["relationships_per_s"]),
            ("local bare UNWIND … MERGE", bare["nodes_per_s"], bare["relationships_per_s"]),
            ("local same-shape (graph nodes/edges)", same["graph_nodes_per_s"], same["graph_relationships_per_s"]),
            ("sync neo4j (graph nodes/edges)", synced["nodes_per_s"], synced["relationships_per_s"])]
    print("nodes/s and relationships/s:")
    for label, n, r in rows:
        print(f"  {label:<38} {n:>8,} {r:>8,}")
    machine = PUBLISHED["nodes_per_s"] / bare["nodes_per_s"]
    payload = bare["nodes_per_s"] / same["graph_nodes_per_s"]
    overhead = same["graph_nodes_per_s"] / max(1, synced["nodes_per_s"])
    figures["gap"] = {"machine": round(machine, 2), "payload": round(payload, 2), "overhead": round(overhead, 2),
                      "sync_of_same_shape": round(1 / overhead, 3), "sync_of_bare": round(synced["nodes_per_s"] / bare["nodes_per_s"], 4)}
    print(f"  published / sync = {machine:.2f} (this machine and server) × {payload:.2f} (what a graph node "
          f"carries) × {overhead:.2f} (our overhead); sync reaches {100 / overhead:.0f} % of the same-shape rate "
          f"and {100 * synced['nodes_per_s'] / bare['nodes_per_s']:.1f} % of the local bare one")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a JSONL corpus (or folder) instead of a generated one")
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--ingest-articles", type=int, default=2_000,
                    help="articles for the `ingest --store neo4j` leg (0: skip it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=BATCH, help="sources per transaction of ingest")
    ap.add_argument("--queries", type=int, default=200, help="queries of each kind")
    ap.add_argument("--embedded", type=Path, help="the corpus's embedded store: reused if it exists, else made")
    configured = load_settings()
    ap.add_argument("--uri", default=configured.neo4j_uri if "neo4j_uri" in configured.model_fields_set else None,
                    help="a running Neo4j (default: $NEO4J_URI if set, else start one)")
    ap.add_argument("--heap", default="2g", help="heap of the Neo4j started here")
    ap.add_argument("--pagecache", default="1g", help="page cache of the Neo4j started here")
    ap.add_argument("--graph", type=Path, help="an existing embedded store, opened read-only: no loads, the "
                    "queries on it and on Neo4j after export + import")
    ap.add_argument("--keep", type=Path, help="with --graph: the folder to keep (and reuse) the export and "
                    "the imported database in")
    ap.add_argument("--server-pid", type=int, help="the process id of the --uri server (a local one), to "
                    "report its CPU for the sync")
    ap.add_argument("--no-import", action="store_true", help="skip the export + neo4j-admin import leg")
    ap.add_argument("--baseline-nodes", type=int, default=100_000,
                    help="nodes of the local bare UNWIND … MERGE baseline before the sync (0: no baselines)")
    ap.add_argument("--baseline-rels", type=int, default=200_000, help="relationships of the bare baseline")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # figures as they come, even to a file
    if args.graph:
        figures = big_graph(args)
        if args.json:
            print(json.dumps(figures))
        return 0

    path = corpus(args.corpus, args.articles, args.seed)
    work = Path(tempfile.mkdtemp(prefix="vankien-neo4j-", dir=DEFAULT_DIR))
    home = neo4j_server.default_home()
    server = None
    figures: dict[str, Any] = {"articles": args.articles, "workers": args.workers, "published": PUBLISHED}
    embedded, articles = _embedded(path, args.embedded or work / "embedded", args)
    ids = source_ids(embedded)
    try:
        claims = _claims(embedded) if args.no_import else _import(args, embedded, ids, work, home, articles, figures)

        if not args.uri:
            server = neo4j_server.start(home, heap=args.heap, pagecache=args.pagecache, folder=work / "neo4j")
            print(f"Neo4j {neo4j_server.NEO4J_VERSION} started at {server.uri} (heap {args.heap}, page cache {args.pagecache})")
        uri = args.uri or (server.uri if server else "")
        synced = create_store("neo4j", uri=uri, namespace="bench_sync")
        synced.open()
        synced.wipe()  # type: ignore[attr-defined]
        pid = server if server is not None else args.server_pid
        if args.baseline_nodes:
            shape = sync_shape(embedded, ids)
            figures["sync_shape"] = {k: v for k, v in shape.items() if k != "pairs"}
            figures["baseline"] = baselines(synced.driver, pid, shape, args.baseline_nodes,  # type: ignore[attr-defined]
                                            args.baseline_rels, args.seed)
            del shape
        t, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_s(pid)
        sync(embedded, synced)
        wall, cpu, server_cpu = time.perf_counter() - t, time.process_time() - cpu, _cpu_s(pid) - server_cpu
        figures["sync_neo4j"] = _rates("sync neo4j          ", wall, articles, synced.stats(), claims)
        figures["sync_neo4j"].update(client_cpu_s=round(cpu, 1), server_cpu_s=round(server_cpu, 1),
                                     load_average=os.getloadavg())
        print(f"  CPU: this process {figures['sync_neo4j']['client_cpu_s']} s, the Neo4j server "
              f"{figures['sync_neo4j']['server_cpu_s']} s; load average {os.getloadavg()}")
        if "baseline" in figures:
            gap(figures)

        if args.ingest_articles:
            part = corpus(None, args.ingest_articles, args.seed) if not args.corpus else path
            ingested = create_store("neo4j", uri=uri, namespace="bench_ingest")
            ingested.open()
            ingested.wipe()  # type: ignore[attr-defined]
            t, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_s(pid)
            report = ingest_paths(ingested, [str(part)], workers=args.workers, batch_size=args.batch)
            wall, cpu, server_cpu = time.perf_counter() - t, time.process_time() - cpu, _cpu_s(pid) - server_cpu
            st = ingested.stats()
            figures["ingest_neo4j"] = _rates("ingest --store neo4j", wall, report.read, st, _claims(ingested))
            figures["ingest_neo4j"].update(client_cpu_s=round(cpu, 1), server_cpu_s=round(server_cpu, 1),
                                           load_average=os.getloadavg())
            print(f"  CPU: this process {cpu:.1f} s (the extraction runs in {args.workers} workers), the Neo4j "
                  f"server {server_cpu:.1f} s; load average {os.getloadavg()}")
            ingested.wipe()  # type: ignore[attr-defined]
            ingested.close()

        docs, starts = _subjects(embedded, args.queries, args.seed)
        st = synced.stats()
        print(f"queries on a graph of {st['nodes']:,} nodes and {st['edges']:,} relationships "
              f"({st['nodes'] + st['sources']:,} nodes in Neo4j, {claims:,} claims on the sources)")
        figures["graph"] = {"nodes": st["nodes"], "edges": st["edges"], "sources": st["sources"], "claims": claims}
        figures["queries_neo4j"] = _queries("queries on Neo4j", synced, docs, starts)
        figures["queries_embedded"] = _queries("queries on the embedded store", embedded, docs, starts)
        synced.wipe()  # type: ignore[attr-defined]
        synced.close()
        embedded.close()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)  # the export, the databases (an --embedded store is kept)
    if args.json:
        print(json.dumps(figures))
    return 0


def _claims(store: Store) -> int:
    """The claims of a store: one per source and node the source names (a relationship each
    before schema 3, entries of the sources' lists since)."""
    return sum(len({n.id for n in d.nodes}) for sid in source_ids(store) if (d := store.load_delta(sid)) is not None)


if __name__ == "__main__":
    raise SystemExit(main())
