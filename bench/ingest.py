"""Benchmark ingest: ≥ 20,000 generated articles into a fresh embedded store, then again.

The first pass extracts every article (``workers`` processes) and writes its delta (the
bulk path by default on the fresh store: ``--no-bulk`` for the ordinary one); the second
pass over the same corpus must find every source unchanged (same content hash) and so be
fast. Prints articles/s of both passes and of every ``--slice`` articles of the first,
where the first pass spent its time (writes and the final merge in this process; the
extraction runs in the pool meanwhile) and the store's stats.

    python bench/ingest.py                           # 20,000 articles, 2 workers
    python bench/ingest.py --articles 100000         # slices show whether the cost stays flat
    python bench/ingest.py --articles 5000 --workers 1 --no-bulk
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this tree's packages, not an installed copy
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
    """Wraps a function of ``graph.build.ingest`` to add up the time spent in it (in this process)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds = 0.0
        self.calls = 0
        self._orig = getattr(ingest_mod, name)

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return self._orig(*args)
        finally:
            self.seconds += time.perf_counter() - t
            self.calls += 1

    def install(self) -> None:
        setattr(ingest_mod, self.name, self)

    def remove(self) -> None:
        setattr(ingest_mod, self.name, self._orig)


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its ended children (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


class _Slices:
    """Progress callback: prints, as it goes, the articles/s of every ``size`` articles done and
    the CPU this process spent on them (reading, handing out, writing: flat if the writer's cost
    per article does not grow with the store)."""

    def __init__(self, size: int, show: bool) -> None:
        self.size = size
        self.show = show
        self.done = 0
        self.marks: list[tuple[int, float, float]] = [(0, time.perf_counter(), _cpu()[0])]

    def __call__(self, n: int) -> None:
        before = self.done
        self.done += n
        if self.done // self.size > before // self.size:
            self.marks.append((self.done, time.perf_counter(), _cpu()[0]))
            if self.show:
                a, b, r, ms = self.rates()[-1]
                print(f"  articles {a:>7,}-{b:<7,} {r:7,.0f} articles/s, {ms:.2f} ms CPU per article in this process",
                      flush=True)

    def rates(self) -> list[tuple[int, int, float, float]]:
        """(first, last, articles/s, ms of this process's CPU per article) of each slice."""
        return [(a, b, (b - a) / (tb - ta), 1000 * (cb - ca) / (b - a))
                for (a, ta, ca), (b, tb, cb) in zip(self.marks, self.marks[1:], strict=False)]


def run_pass(data_dir: Path, path: Path, workers: int, batch: int | None, bulk: bool | None, slice_size: int,
             label: str) -> dict[str, object]:
    """One ingest of the corpus; returns its figures."""
    timers = [_Timed("write_deltas"), _Timed("write_bulk_deltas"), _Timed("merge_bulk")]
    for t in timers:
        t.install()
    slices = _Slices(slice_size, show=label.startswith("first"))
    cpu0 = _cpu()
    t0 = time.perf_counter()
    store = open_store("embedded", data_dir=data_dir)
    try:
        report = ingest_mod.ingest_paths(store, [str(path)], workers=workers, batch_size=batch, bulk=bulk,
                                         progress=slices)
        total = time.perf_counter() - t0
        cpu_main, cpu_workers = (b - a for a, b in zip(cpu0, _cpu(), strict=True))
        stats = store.stats()
    finally:
        store.close()
        for t in timers:
            t.remove()
    rate = report.read / total if total else 0.0
    writes = timers[0].seconds + timers[1].seconds
    merge = timers[2].seconds
    path_name = "bulk" if timers[1].calls or timers[2].calls else "ordinary"
    print(f"{label}: {report.read} articles in {total:.1f} s = {rate:,.0f} articles/s, {path_name} path "
          f"(writes in the main process {writes:.1f} s over {timers[0].calls + timers[1].calls} batches"
          + (f", final merge {merge:.1f} s" if timers[2].calls else "")
          + f"; unchanged {report.unchanged}, failed {len(report.failures)})")
    written = report.read - report.unchanged
    if written and writes + merge:
        print(f"  the writer alone: {written / (writes + merge):,.0f} articles/s "
              f"({1000 * (writes + merge) / written:.2f} ms per article, merge included)")
    if written:
        cpu = cpu_main + cpu_workers
        print(f"  CPU per article: {1000 * cpu_main / written:.2f} ms in this process (read, hand out, write, merge) + "
              f"{1000 * cpu_workers / written:.2f} ms in the workers (extract) = {2 * written / cpu:,.0f} articles/s "
              f"on 2 cores given to this ingest alone (the machine gave it {cpu / total:.2f} cores)")

    s = report.summary
    print(f"  summary: sources +{s.sources_added} ~{s.sources_replaced} ={s.sources_unchanged}; nodes +{s.nodes_added} "
          f"~{s.nodes_updated}; edges +{s.edges_added} ~{s.edges_updated}; merged {len(s.merged)}")
    return {"articles": report.read, "seconds": round(total, 2), "articles_per_s": round(rate, 1), "path": path_name,
            "write_seconds": round(writes, 2), "merge_seconds": round(merge, 2),
            "cpu_main_s": round(cpu_main, 1), "cpu_workers_s": round(cpu_workers, 1), "unchanged": report.unchanged,
            "slices": [[a, b, round(r, 1), round(ms, 2)] for a, b, r, ms in slices.rates()], "stats": stats}


def main(argv: list[str] | None = None) -> int:
    """Command line: run both passes and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a JSONL corpus to use instead of a generated one")
    ap.add_argument("--articles", type=int, default=20_000, help="articles to generate (default 20,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=None, help="sources per write batch (default: the ingest's)")
    ap.add_argument("--bulk", action=argparse.BooleanOptionalAction, default=None,
                    help="the bulk or the ordinary path (default: as ingest chooses, bulk on the fresh store)")
    ap.add_argument("--slice", type=int, default=10_000, help="print articles/s of every SLICE articles")
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
        first = run_pass(data_dir, path, args.workers, args.batch, args.bulk, args.slice, "first ingest ")
        stats = first["stats"]
        assert isinstance(stats, dict)
        print("  store: " + ", ".join(f"{k}={stats[k]:,}" for k in ("sources", "nodes", "edges", "evidence",
                                                                    "unresolved_documents")))
        print(f"  nodes by kind: {stats['nodes_by_kind']}")
        print(f"  edges by type: {stats['edges_by_type']}")
        db = data_dir / "vankien.db"
        print(f"  database: {db.stat().st_size / 1e6:,.0f} MB (+ WAL {db.with_name('vankien.db-wal').stat().st_size / 1e6 if db.with_name('vankien.db-wal').exists() else 0:,.0f} MB)")
        second = run_pass(data_dir, path, args.workers, args.batch, None, args.slice, "second ingest")
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
