"""Ingest sources into a store: extract (in parallel), convert to deltas, write in batches.

Idempotent: an unchanged source (same content hash) is neither extracted nor written
again; a changed one replaces its own facts only. After each batch, references whose
term was unknown ("Kế hoạch số 126-KH/TU" in a text without a date) join their
canonical document once exactly one exists; the store remembers the alias and the
sources that named the partial reference are re-applied under the canonical id.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from graph.delta import EdgeRow, MentionRow, NodeRow, SourceDelta, delta_of
from graph.store import Store, WriteSummary
from loaders.extract import extract_source
from loaders.sources import Failure, Source, iter_sources
from ontology.vocab import NodeKind

BATCH = 256
CHUNK = 16  # sources per task sent to a worker
LOOKUP = 256  # sources whose stored hashes are looked up at once


@dataclass
class IngestReport:
    """What an ingest did."""

    read: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    summary: WriteSummary = field(default_factory=WriteSummary)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read, "unchanged": self.unchanged, "failed": len(self.failures),
            "failures": [str(f) for f in self.failures], "seconds": round(self.seconds, 3),
            **{k: v for k, v in vars(self.summary).items() if k != "merged"},
            "merged": self.summary.merged,
        }


def apply_aliases(d: SourceDelta, aliases: dict[str, str]) -> SourceDelta:
    """The delta with partial references renamed to their canonical documents."""
    if not aliases:
        return d
    def m(x: str) -> str:
        return aliases.get(x, x)
    nodes: dict[str, NodeRow] = {}
    for n in d.nodes:
        nid = m(n.id)
        if nid in nodes:
            continue
        nodes[nid] = NodeRow(nid, n.kind, n.props) if nid == n.id else NodeRow(nid, n.kind, {**n.props, "alias": n.id})
    edges = tuple(EdgeRow(m(e.source), e.type, m(e.target), e.evidence) for e in d.edges if m(e.source) != m(e.target))
    mentions = tuple(MentionRow(m(x.node), x.start, x.end, x.text) for x in d.mentions)
    return replace(d, nodes=tuple(nodes.values()), edges=edges, mentions=mentions)


def _merges(store: Store, deltas: list[SourceDelta]) -> dict[str, str]:
    series = sorted({str(n.props["series"]) for d in deltas for n in d.nodes
                     if n.kind is NodeKind.DOCUMENT and n.props.get("series")})
    out: dict[str, str] = {}
    for nodes in store.nodes_by_series(series).values():
        canon = [n for n in nodes if n.props.get("resolved")]
        partial = [n for n in nodes if not n.props.get("resolved")]
        if len(canon) == 1:
            out.update({p.id: canon[0].id for p in partial})
    return out


def write_deltas(store: Store, deltas: list[SourceDelta]) -> WriteSummary:
    """Write deltas (through the known aliases), then merge partial references."""
    aliases = store.aliases()
    summary = store.write([apply_aliases(d, aliases) for d in deltas])
    merges = _merges(store, deltas)
    if merges:
        store.add_aliases(merges)
        aliases = store.aliases()
        affected = [x for s in store.sources_mentioning(list(merges)) if (x := store.load_delta(s)) is not None]
        summary.add(store.write([apply_aliases(d, aliases) for d in affected], force=True))
        summary.merged.update(merges)
    return summary


def _extract(source: Source) -> SourceDelta:
    return delta_of(extract_source(source))


def _extract_many(sources: list[Source]) -> list[SourceDelta]:
    return [_extract(s) for s in sources]


def _batches(items: Iterable[Source], size: int) -> Iterator[list[Source]]:
    batch: list[Source] = []
    for s in items:
        batch.append(s)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_sources(store: Store, sources: Iterable[Source | Failure], *, workers: int | None = None,
                   batch_size: int = BATCH, progress: Callable[[int], None] | None = None) -> IngestReport:
    """Extract and write sources; failures are collected, never raised."""
    report = IngestReport()
    start = time.perf_counter()
    workers = workers if workers is not None else max(1, min(os.cpu_count() or 1, 8))

    def readable() -> Iterator[Source]:
        for item in sources:
            if isinstance(item, Failure):
                report.failures.append(item)
                continue
            report.read += 1
            yield item

    def fresh() -> Iterator[Source]:
        for chunk in _batches(readable(), LOOKUP):  # one hash lookup per chunk, not per source
            stored = store.source_shas([s.id for s in chunk])
            for item in chunk:
                if stored.get(item.id) == item.sha256:
                    report.unchanged += 1
                    if progress:
                        progress(1)
                    continue
                yield item

    def write(deltas: list[SourceDelta]) -> None:
        report.summary.add(write_deltas(store, deltas))
        if progress:
            progress(len(deltas))

    if workers <= 1:
        for batch in _batches(fresh(), batch_size):
            write([_extract(s) for s in batch])
    else:
        # workers extract the next chunks while the main process writes: results are taken in
        # order from a bounded window of submitted chunks
        pool = ProcessPoolExecutor(max_workers=workers)
        chunks = _batches(fresh(), CHUNK)
        pending: deque[Future[list[SourceDelta]]] = deque()
        buffer: list[SourceDelta] = []
        try:
            while True:
                while len(pending) < workers * 4 and (chunk := next(chunks, None)) is not None:
                    pending.append(pool.submit(_extract_many, chunk))
                if not pending:
                    break
                buffer.extend(pending.popleft().result())
                if len(buffer) >= batch_size:
                    write(buffer)
                    buffer = []
            if buffer:
                write(buffer)
        finally:
            pool.shutdown(cancel_futures=True)
    report.summary.sources_unchanged += report.unchanged
    report.seconds = time.perf_counter() - start
    return report


def ingest_paths(store: Store, paths: Iterable[str], **kw: object) -> IngestReport:
    """Ingest every source under the paths (files, folders, JSONL corpora)."""
    return ingest_sources(store, iter_sources(paths), **kw)  # type: ignore[arg-type]
