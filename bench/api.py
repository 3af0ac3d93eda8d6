"""Benchmark the HTTP API on loopback over an embedded store of ≥ 100,000 generated articles.

Build (once; reused while the store holds enough sources): generate articles with
``bench/generate.py`` and ingest them with the real pipeline. Then start ``uvicorn``
(``--workers`` processes) on a free loopback port, warm every worker, and drive load from
a separate process — ``wrk`` (Debian's package) when present, else an asyncio httpx
client — against ``/documents/{id}/trace`` and ``/resolve?q=`` with many different ids
and queries. Prints req/s, p50 and p99 for each. Aim: ≥ 2,000 req/s, p99 ≤ 50 ms on 2 cores.

    python bench/api.py                                  # 100,000 articles, 2 workers, wrk
    python bench/api.py --articles 5000 --duration 5     # quick
    python bench/api.py --client httpx --concurrency 32
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DIR = Path(os.environ.get("VANKIEN_BENCH_DIR", "/tmp/vankien-bench"))


def build(data_dir: Path, articles: int, seed: int, workers: int, batch: int) -> dict[str, Any]:
    """The store of ``articles`` generated articles (built unless it already holds them; an
    interrupted build resumes, since unchanged sources are skipped). Large write batches:
    every batch re-merges the claims of the hub nodes (central documents, the Politburo …)."""
    from graph.build.ingest import ingest_paths
    from graph.store.protocol import open_store

    store = open_store("embedded", data_dir=data_dir)
    try:
        stats = store.stats()
        if stats["sources"] >= articles:
            print(f"reusing {data_dir}: {stats['sources']:,} sources, {stats['nodes']:,} nodes, {stats['edges']:,} edges")
            return stats
        from generate import write_corpus

        corpus = DEFAULT_DIR / f"gen-{seed}-{articles}"
        stamp = corpus.with_suffix(".done")
        if not stamp.exists():
            n, size = write_corpus(corpus, seed=seed, articles=articles, shard=5000)
            stamp.write_text(json.dumps({"articles": n, "bytes": size}))
        t = time.perf_counter()
        last = [t]

        def progress(n: int, done: list[int] = [0]) -> None:  # noqa: B006  (a counter)
            done[0] += n
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                print(f"  … {done[0]:,} articles in {last[0] - t:.0f} s", flush=True)

        report = ingest_paths(store, [str(corpus)], workers=workers, batch_size=batch, progress=progress)
        stats = store.stats()
        print(f"built {data_dir}: {report.read:,} articles in {time.perf_counter() - t:.0f} s; "
              f"{stats['nodes']:,} nodes, {stats['edges']:,} edges")
        return stats
    finally:
        store.close()


def targets(data_dir: Path, count: int, seed: int) -> tuple[list[str], list[str]]:
    """Paths for /trace (plans and meetings with something above them) and /resolve (references as typed)."""
    import sqlite3

    from ontology.text import fold

    db = sqlite3.connect(data_dir / "vankien.db")
    rng = random.Random(seed)
    lineage = "('IMPLEMENTS','GUIDES','REVIEWS','DISCUSSES','BASED_ON','AMENDS')"
    ids = [r[0] for r in db.execute(f"SELECT DISTINCT src FROM edges WHERE type IN {lineage} AND src LIKE 'doc:%'")]
    trace = [f"/documents/{quote(i, safe=':')}/trace" for i in rng.sample(ids, min(count, len(ids)))]
    rows = db.execute("SELECT json_extract(props,'$.label') FROM nodes WHERE kind='Document' AND lookup IS NOT NULL "
                      "AND json_extract(props,'$.resolved')").fetchall()
    labels = sorted({r[0] for r in rows if r[0]})
    queries = []
    for label in rng.sample(labels, min(count, len(labels))):
        q = label.split(" (")[0]
        queries.append(fold(q) if rng.random() < 0.5 else q)  # typed without diacritics
    resolve = [f"/resolve?q={quote(q)}" for q in queries]
    return trace, resolve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, port: int, workers: int, cache: bool) -> subprocess.Popen[bytes]:
    """``vankien serve`` (uvicorn) over the store, on loopback."""
    env = {**os.environ, "VANKIEN_DATA_DIR": str(data_dir), "VANKIEN_STORE": "embedded"}
    if not cache:
        env["VANKIEN_RESOLVE_CACHE_SIZE"] = "0"
    env.pop("VANKIEN_API_TOKEN", None)
    cmd = [sys.executable, "-m", "api.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def warm(base: str, paths: list[str], seconds: float) -> None:
    """Until every worker has built its in-memory graph: requests until latencies settle."""
    import httpx

    deadline = time.monotonic() + seconds
    # no keep-alive: each request a new connection, so that every worker process gets some
    with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_keepalive_connections=0)) as c:
        while time.monotonic() < deadline:
            try:
                c.get("/health")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        fast = 0
        while time.monotonic() < deadline and fast < 200:
            t = time.perf_counter()
            c.get(random.choice(paths))
            fast = fast + 1 if time.perf_counter() - t < 0.05 else 0


WRK_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %%d, \\"errors\\": %%d, \\"non2xx\\": %%d, \\"seconds\\": %%f, "
    .. "\\"p50_ms\\": %%f, \\"p90_ms\\": %%f, \\"p99_ms\\": %%f, \\"max_ms\\": %%f}\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def load_wrk(base: str, paths: list[str], duration: float, concurrency: int, threads: int) -> dict[str, Any]:
    """Load with wrk (a separate process), cycling through the paths."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "paths.txt").write_text("\n".join(paths) + "\n")
        script = Path(tmp, "paths.lua")
        script.write_text(WRK_SCRIPT % Path(tmp, "paths.txt"))
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration:g}s", "--timeout", "5s",
                              "-s", str(script), base], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    r: dict[str, Any] = json.loads(line[5:])
    r["rps"] = r["requests"] / r["seconds"]
    return r


def load_httpx(base: str, paths: list[str], duration: float, concurrency: int) -> dict[str, Any]:
    """Load with an asyncio httpx client in a separate process (slower than wrk: it measures less of the server)."""
    code = f"""
import asyncio, json, time, httpx
paths = {paths!r}
async def main():
    lat, errors, i = [], 0, 0
    end = time.monotonic() + {duration}
    async with httpx.AsyncClient(base_url={base!r}, timeout=5, limits=httpx.Limits(max_connections={concurrency})) as c:
        async def worker(k):
            nonlocal errors
            j = k
            while time.monotonic() < end:
                t = time.perf_counter()
                try:
                    r = await c.get(paths[j % len(paths)])
                    if r.status_code >= 400: errors += 1
                except httpx.HTTPError:
                    errors += 1
                lat.append(time.perf_counter() - t)
                j += {concurrency}
        t0 = time.monotonic()
        await asyncio.gather(*(worker(k) for k in range({concurrency})))
        took = time.monotonic() - t0
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    print(json.dumps({{"requests": len(lat), "errors": errors, "non2xx": 0, "seconds": took, "p50_ms": pct(.5),
                      "p90_ms": pct(.9), "p99_ms": pct(.99), "max_ms": lat[-1] * 1000}}))
asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    r: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    r["rps"] = r["requests"] / r["seconds"]
    return r


def main(argv: list[str] | None = None) -> int:
    """Command line: build or reuse the store, serve it, load it, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000, help="generated articles in the store (default 100,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", help="store folder (default /tmp/vankien-bench/api-<articles>)")
    ap.add_argument("--ingest-workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--batch", type=int, default=5000, help="sources per write batch when building")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--duration", type=float, default=15.0, help="seconds of load per endpoint")
    ap.add_argument("--targets", type=int, default=2000, help="distinct ids and queries per endpoint")
    ap.add_argument("--no-cache", action="store_true", help="turn off the server's cache of /resolve answers")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)

    data_dir = Path(args.data_dir) if args.data_dir else DEFAULT_DIR / f"api-{args.articles}"
    data_dir.mkdir(parents=True, exist_ok=True)
    stats = build(data_dir, args.articles, args.seed, args.ingest_workers, args.batch)
    if args.build_only:
        return 0
    trace, resolve = targets(data_dir, args.targets, args.seed)
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(data_dir, port, args.workers, not args.no_cache)
    results: dict[str, Any] = {}
    try:
        warm(base, trace + resolve, 300)
        for name, paths in (("trace", trace), ("resolve", resolve)):
            if client == "wrk":
                r = load_wrk(base, paths, args.duration, args.concurrency, args.threads)
            else:
                r = load_httpx(base, paths, args.duration, args.concurrency)
            results[name] = r
            print(f"{name:8s} {r['rps']:8,.0f} req/s   p50 {r['p50_ms']:6.1f} ms   p99 {r['p99_ms']:6.1f} ms   "
                  f"max {r['max_ms']:7.1f} ms   ({r['requests']:,} requests, {len(paths):,} distinct, "
                  f"errors {r['errors']}, non-2xx {r['non2xx']})")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"store: {stats['sources']:,} sources, {stats['nodes']:,} nodes, {stats['edges']:,} edges; "
          f"server: uvicorn x{args.workers}{' (no /resolve cache)' if args.no_cache else ''}; client: {client}, {args.concurrency} connections, {args.duration:g} s each; "
          f"cores: {os.cpu_count()}")
    if args.json:
        print(json.dumps({"store": {k: stats[k] for k in ("sources", "nodes", "edges")}, "client": client, **results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
