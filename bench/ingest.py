"""Benchmark ingest: ≥ 20,000 generated articles into a fresh embedded store, then again.

The first pass extracts every article (``workers`` processes) and writes its delta;
the second pass over the same corpus must find every source unchanged (same content
hash) and so be fast. Prints articles/s of both passes, where the first pass spent
its time (extract in the pool vs writes in this process) and the store's stats.

    python bench/ingest.py                           # 20,000 articles, 2 workers
    python bench/ingest.py --articles 5000 --workers 1
    python bench/ingest.py --keep /tmp/vankien-bench/ingest-store   # keep the store
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_corpus  # noqa: E402

import graph.build.ingest as ingest_mod  # noqa: E402
from graph.store.protocol import open_store  # noqa: E402

DEFAULT_DIR = Path("/tmp/vankien-bench")


def corpus(path: str | None, articles: int, seed: int) -> Path:
    """The corpus named, else a cached generated one of ``articles`` articles (a folder of
    5,000-article JSONL files: vankien refuses files over 64 MiB)."""
    if path:
        return Path(path)
    DEFAULT_DIR.mkdir(parents=True, exist_ok=True)
    out = DEFAULT_DIR / f"gen-{seed}-{articles}"
    stamp = out.with_suffix(".done")
    if not (out.is_dir() and stamp.exists()):
        n, size = write_corpus(out, seed=seed, articles=articles, shard=5000)
        stamp.write_text(json.dumps({"articles": n, "bytes": size}))
        print(f"generated {n} articles ({size / 1e6:.1f} MB of text) -> {out}")
    return out


class _Timed:
    """Wraps ``graph.build.ingest.write_deltas`` to add up the time spent writing (in this process)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._orig = ingest_mod.write_deltas

    def __call__(self, store, deltas):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return self._orig(store, deltas)
        finally:
            self.seconds += time.perf_counter() - t
            self.calls += 1

    def install(self) -> None:
        ingest_mod.write_deltas = self  # type: ignore[assignment]

    def remove(self) -> None:
        ingest_mod.write_deltas = self._orig


def run_pass(data_dir: Path, path: Path, workers: int, batch: int, label: str) -> dict[str, object]:
    """One ingest of the corpus; returns its figures."""
    timer = _Timed()
    timer.install()
    t0 = time.perf_counter()
    store = open_store("embedded", data_dir=data_dir)
    try:
        report = ingest_mod.ingest_paths(store, [str(path)], workers=workers, batch_size=batch)
        total = time.perf_counter() - t0
        stats = store.stats()
    finally:
        store.close()
        timer.remove()
    rate = report.read / total if total else 0.0
    print(f"{label}: {report.read} articles in {total:.1f} s = {rate:,.0f} articles/s "
          f"(writes in the main process {timer.seconds:.1f} s over {timer.calls} batches; "
          f"unchanged {report.unchanged}, failed {len(report.failures)})")
    s = report.summary
    print(f"  summary: sources +{s.sources_added} ~{s.sources_replaced} ={s.sources_unchanged}; nodes +{s.nodes_added} "
          f"~{s.nodes_updated}; edges +{s.edges_added} ~{s.edges_updated}; merged {len(s.merged)}")
    return {"articles": report.read, "seconds": round(total, 2), "articles_per_s": round(rate, 1),
            "write_seconds": round(timer.seconds, 2), "unchanged": report.unchanged, "stats": stats}


def main(argv: list[str] | None = None) -> int:
    """Command line: run both passes and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a JSONL corpus to use instead of a generated one")
    ap.add_argument("--articles", type=int, default=20_000, help="articles to generate (default 20,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=ingest_mod.BATCH, help="sources per write batch")
    ap.add_argument("--keep", help="build the store in this (emptied) folder and keep it")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)

    path = corpus(args.corpus, args.articles, args.seed)
    if args.keep:
        data_dir = Path(args.keep)
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="vankien-ingest-", dir=DEFAULT_DIR))
    try:
        first = run_pass(data_dir, path, args.workers, args.batch, "first ingest ")
        stats = first["stats"]
        assert isinstance(stats, dict)
        print("  store: " + ", ".join(f"{k}={stats[k]:,}" for k in ("sources", "nodes", "edges", "evidence",
                                                                    "unresolved_documents")))
        print(f"  nodes by kind: {stats['nodes_by_kind']}")
        print(f"  edges by type: {stats['edges_by_type']}")
        db = data_dir / "vankien.db"
        print(f"  database: {db.stat().st_size / 1e6:,.0f} MB (+ WAL {db.with_name('vankien.db-wal').stat().st_size / 1e6 if db.with_name('vankien.db-wal').exists() else 0:,.0f} MB)")
        second = run_pass(data_dir, path, args.workers, args.batch, "second ingest")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak RSS: main {peak:,.0f} MB, largest worker {child:,.0f} MB")
        if args.json:
            first.pop("stats")
            second.pop("stats")
            print(json.dumps({"first": first, "second": second, "store": {k: stats[k] for k in ("sources", "nodes", "edges",
                                                                                              "evidence")}}))
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
