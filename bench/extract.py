"""Benchmark the extractor per core: full extract vs a bare compiled-regex scan of the same text.

Generates (or reuses) a synthetic corpus of at least ``--mb`` MB of article text, reads it
with ``loaders.read.sources.iter_sources``, then in one process times

- the full extract: ``loaders.extract.extract_source`` on every ``Source``;
- a bare scan: ``patterns()["full"].finditer`` (the document-symbol pattern) over each
  article's folded text (the form the extractor's patterns run on; folding is not timed);
  the same scan over the raw text is printed for reference.

and prints MB/s (10^6 bytes of UTF-8 article text per second), articles/s and the ratio
full / bare (target ≥ 1/30).

    python bench/extract.py                      # 50 MB corpus under /tmp/vankien-bench
    python bench/extract.py --limit 2000         # quick look (not the 50 MB figure)
    python bench/extract.py --profile /tmp/extract.prof --limit 3000
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout this script is in

from generate import write_corpus  # noqa: E402

from loaders.extract import extract_source  # noqa: E402
from loaders.find.patterns import patterns  # noqa: E402
from loaders.read.sources import Failure, Source, iter_sources  # noqa: E402
from ontology.text import fold  # noqa: E402

DEFAULT_DIR = Path("/tmp/vankien-bench")


def corpus_path(path: str | None, mb: float, seed: int) -> Path:
    """The corpus to use: the one named, else a cached generated one of at least ``mb`` MB."""
    if path:
        return Path(path)
    DEFAULT_DIR.mkdir(parents=True, exist_ok=True)
    out = DEFAULT_DIR / f"gen-{seed}-{mb:g}mb"
    stamp = out.with_suffix(".done")
    if not (out.is_dir() and stamp.exists()):
        t = time.perf_counter()
        n, size = write_corpus(out, seed=seed, mb=mb, shard=5000)
        stamp.write_text(json.dumps({"articles": n, "bytes": size}))
        print(f"generated {n} articles, {size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s -> {out}")
    return out


def read(path: Path, limit: int | None) -> tuple[list[Source], float]:
    """The sources of the corpus and the seconds it took to read them."""
    t = time.perf_counter()
    out: list[Source] = []
    for item in iter_sources([path]):
        if isinstance(item, Failure):
            print(f"failure: {item}", file=sys.stderr)
            continue
        out.append(item)
        if limit and len(out) >= limit:
            break
    return out, time.perf_counter() - t


def bare_scan(texts: list[str], repeat: int = 3) -> tuple[float, float, int]:
    """Best-of-``repeat`` seconds (wall clock, then CPU) of a finditer of the document-symbol
    pattern, and the matches."""
    rx = patterns()["full"]
    best, best_cpu, hits = float("inf"), float("inf"), 0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        hits = 0
        for s in texts:
            for _m in rx.finditer(s):
                hits += 1
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best, best_cpu, hits


def full_extract(sources: list[Source]) -> tuple[float, float, dict[str, int]]:
    """Seconds (wall clock, then CPU) to extract every source, and counts of what was found."""
    counts = {"documents": 0, "meetings": 0, "persons": 0, "relations": 0}
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    for s in sources:
        x = extract_source(s)
        counts["documents"] += len(x.documents)
        counts["meetings"] += len(x.meetings)
        counts["persons"] += len(x.persons)
        counts["relations"] += len(x.relations)
    return time.perf_counter() - t, time.process_time() - c, counts


def main(argv: list[str] | None = None) -> int:
    """Command line: run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a JSONL corpus to use instead of a generated one")
    ap.add_argument("--mb", type=float, default=50.0, help="size of the generated corpus, MB of text (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, help="use only the first N articles")
    ap.add_argument("--profile", help="write a cProfile of the full extract to this file and print its top 25")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)

    path = corpus_path(args.corpus, args.mb, args.seed)
    sources, read_s = read(path, args.limit)
    texts = [s.text for s in sources]
    size = sum(len(t.encode("utf-8")) for t in texts)
    mb = size / 1e6
    print(f"corpus: {path} — {len(sources)} articles, {mb:.1f} MB of text, read in {read_s:.1f} s "
          f"({mb / read_s:.1f} MB/s with iter_sources)")

    for s in sources[:20]:  # warm the lazily built patterns and reference tables
        extract_source(s)
    folded = [fold(t) for t in texts]
    scan_s, scan_cpu, hits = bare_scan(folded)
    raw_s, _, raw_hits = bare_scan(texts, repeat=1)
    print(f"bare scan (folded): {mb / scan_s:8.1f} MB/s  ({hits} matches, {scan_s:.2f} s)")
    print(f"bare scan (raw):    {mb / raw_s:8.1f} MB/s  ({raw_hits} matches, {raw_s:.2f} s)")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
    ext_s, ext_cpu, counts = full_extract(sources)
    if args.profile:
        prof.disable()
        prof.dump_stats(args.profile)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    full_mbps = mb / ext_s
    ratio = full_mbps / (mb / scan_s)
    print(f"full extract:       {full_mbps:8.2f} MB/s  {len(sources) / ext_s:8.1f} articles/s  ({ext_s:.1f} s, one core)")
    print(f"found: {counts}")
    cpu_ratio = scan_cpu / ext_cpu
    print(f"CPU time (a shared machine): full {mb / ext_cpu:.2f} MB/s, bare {mb / scan_cpu:.1f} MB/s, "
          f"ratio {cpu_ratio:.4f} (1/{1 / cpu_ratio:.0f})")
    print(f"ratio full/bare:    {ratio:.4f}  (1/{1 / ratio:.0f}; target >= 1/30) {'OK' if ratio >= 1 / 30 else 'BELOW TARGET'}")
    if args.json:
        print(json.dumps({"articles": len(sources), "mb": round(mb, 2), "read_mbps": round(mb / read_s, 2),
                          "bare_mbps": round(mb / scan_s, 2), "bare_raw_mbps": round(mb / raw_s, 2),
                          "full_mbps": round(full_mbps, 3), "articles_per_s": round(len(sources) / ext_s, 1),
                          "ratio": round(ratio, 5), "full_cpu_mbps": round(mb / ext_cpu, 3),
                          "ratio_cpu": round(cpu_ratio, 5), **counts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
