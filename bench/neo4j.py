"""Benchmark the Neo4j store: ≥ 20,000 generated articles written into a real Neo4j by
``ingest --store neo4j`` and by ``sync neo4j`` (from an embedded store of the same
corpus), then lineage queries on it.

Prints articles/s, nodes/s and relationships/s of both ways in, and the p50/p99 of
``trace`` and ``implementations`` on Neo4j beside the embedded store's. The server is
``--uri`` (or $NEO4J_URI) if given, else a local one started for the run
(graph.store.neo4j_server: Java and Maven) and stopped after.

    python bench/neo4j.py                          # 20,000 articles, 2 workers
    python bench/neo4j.py --articles 2000 --queries 50
"""

from __future__ import annotations

import argparse
import json
import random
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
from api.settings import load_settings, open_store  # noqa: E402  (before bench/api.py can shadow api)
from graph.query import lineage as queries  # noqa: E402
from graph.store import neo4j_server  # noqa: E402

sys.path.append(HERE)
from ingest import DEFAULT_DIR, corpus  # noqa: E402

from graph.build.ingest import BATCH, ingest_paths  # noqa: E402
from graph.build.sync import sync  # noqa: E402
from graph.store.protocol import Store  # noqa: E402
from ontology.vocab import NodeKind, RelationType  # noqa: E402


def _rates(label: str, seconds: float, articles: int, stats: dict[str, Any]) -> dict[str, Any]:
    out = {"seconds": round(seconds, 1), "articles_per_s": round(articles / seconds, 1),
           "nodes_per_s": round(stats["nodes"] / seconds, 1), "relationships_per_s": round(stats["edges"] / seconds, 1)}
    print(f"{label}: {articles:,} articles in {seconds:.1f} s = {out['articles_per_s']:,.0f} articles/s, "
          f"{out['nodes_per_s']:,.0f} nodes/s, {out['relationships_per_s']:,.0f} relationships/s "
          f"({stats['nodes']:,} nodes, {stats['edges']:,} relationships, {stats['evidence']:,} evidences)")
    return out


def _percentiles(label: str, fn: Callable[[str], Any], ids: list[str]) -> dict[str, float]:
    times = []
    for nid in ids:
        t = time.perf_counter()
        fn(nid)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50, p99 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"  {label:<32} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   ({len(ids)} queries)")
    return {"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "queries": len(ids)}


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
    return {"implementations": _percentiles("implementations (depth 3)", lambda i: queries.implementations(store, i), docs),
            "trace": _percentiles("trace (depth 6)", lambda i: queries.trace(store, i), starts)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a JSONL corpus (or folder) instead of a generated one")
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=BATCH, help="sources per transaction")
    ap.add_argument("--queries", type=int, default=200, help="queries of each kind")
    ap.add_argument("--uri", default=None, help="a running Neo4j (default: $NEO4J_URI, else start one)")
    ap.add_argument("--heap", default="2g", help="heap of the Neo4j started here")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)

    settings = load_settings(store="neo4j", neo4j_uri=args.uri)
    given = args.uri or "neo4j_uri" in settings.model_fields_set  # a URI named, on the line or in the environment
    path = corpus(args.corpus, args.articles, args.seed)
    work = Path(tempfile.mkdtemp(prefix="vankien-neo4j-", dir=DEFAULT_DIR))
    server = None
    if not given:
        server = neo4j_server.start(settings.neo4j_home or neo4j_server.default_home(), heap=args.heap,
                                    pagecache="1g", folder=work / "neo4j")
        print(f"Neo4j {neo4j_server.NEO4J_VERSION} started at {server.uri} (heap {args.heap}, page cache 1g)")
        # the server started here has auth off and the default database, whatever the environment says
        settings = settings.model_copy(update={"neo4j_uri": server.uri, "neo4j_password": None, "neo4j_database": None})
    figures: dict[str, Any] = {"articles": args.articles, "workers": args.workers, "batch": args.batch}
    try:
        ingested = open_store(settings.model_copy(update={"neo4j_namespace": "bench_ingest"}))
        ingested.wipe()  # type: ignore[attr-defined]
        t = time.perf_counter()
        report = ingest_paths(ingested, [str(path)], workers=args.workers, batch_size=args.batch)
        figures["ingest_neo4j"] = _rates("ingest --store neo4j", time.perf_counter() - t, report.read, ingested.stats())

        embedded = open_store(settings.model_copy(update={"data_dir": work / "embedded"}), kind="embedded", create=True)
        t = time.perf_counter()
        ingest_paths(embedded, [str(path)], workers=args.workers, batch_size=args.batch)
        figures["ingest_embedded"] = _rates("ingest (embedded)   ", time.perf_counter() - t, report.read,
                                            embedded.stats())

        synced = open_store(settings.model_copy(update={"neo4j_namespace": "bench_sync"}))
        synced.wipe()  # type: ignore[attr-defined]
        t = time.perf_counter()
        sync(embedded, synced, args.batch)
        figures["sync_neo4j"] = _rates("sync neo4j          ", time.perf_counter() - t, report.read, synced.stats())

        docs, starts = _subjects(embedded, args.queries, args.seed)
        figures["queries_neo4j"] = _queries("queries on Neo4j", ingested, docs, starts)
        figures["queries_embedded"] = _queries("queries on the embedded store", embedded, docs, starts)
        for store in (ingested, synced):
            store.wipe()  # type: ignore[attr-defined]
            store.close()
        embedded.close()
    finally:
        if server is not None:
            server.stop()
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
