"""Ingest sources into a store: extract (in parallel), convert to deltas, write in batches.

Idempotent: an unchanged source (same content hash) is neither extracted nor written
again; a changed one replaces its own facts only. After each batch, references whose
term was unknown ("Kế hoạch số 126-KH/TU" in a text without a date) join their
canonical document once exactly one exists; the store remembers the alias and the
sources that named the partial reference are re-applied under the canonical id.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from graph.build.delta import EdgeRow, MentionRow, NodeRow, Rows, SourceDelta, delta_of, pack, rows_of
from graph.store.protocol import Store, WriteSummary
from loaders.extract import extract_source
from loaders.read.sources import Failure, Source, iter_sources
from ontology.errors import StoreError
from ontology.vocab import NodeKind

BATCH = 256
BULK_BATCH = 2048  # sources per transaction on the bulk path
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
    if (not any(n.id in aliases for n in d.nodes) and not any(x.node in aliases for x in d.mentions)
            and not any(e.source in aliases or e.target in aliases or e.source == e.target for e in d.edges)):
        return d  # nothing to rename: the delta as it is (with what its worker packed)
    nodes: dict[str, NodeRow] = {}
    for n in d.nodes:
        nid = m(n.id)
        if nid in nodes:
            continue
        nodes[nid] = NodeRow(nid, n.kind, n.props) if nid == n.id else NodeRow(nid, n.kind, {**n.props, "alias": n.id})
    edges = tuple(EdgeRow(m(e.source), e.type, m(e.target), e.evidence) for e in d.edges if m(e.source) != m(e.target))
    mentions = tuple(MentionRow(m(x.node), x.start, x.end, x.text) for x in d.mentions)
    return replace(d, nodes=tuple(nodes.values()), edges=edges, mentions=mentions, packed=None)


def strip_aliases(d: SourceDelta) -> SourceDelta:
    """The delta as it was extracted: renamed partial references get their own ids back (a
    stored delta holds the names its last write gave them)."""
    back = {n.id: str(n.props["alias"]) for n in d.nodes if n.props.get("alias")}
    if not back:
        return d
    def m(x: str) -> str:
        return back.get(x, x)
    nodes = tuple(NodeRow(m(n.id), n.kind, {k: v for k, v in n.props.items() if k != "alias"}) for n in d.nodes)
    edges = tuple(EdgeRow(m(e.source), e.type, m(e.target), e.evidence) for e in d.edges)
    mentions = tuple(MentionRow(m(x.node), x.start, x.end, x.text) for x in d.mentions)
    return replace(d, nodes=nodes, edges=edges, mentions=mentions, packed=None)


def _series(deltas: Iterable[SourceDelta]) -> set[str]:
    return {str(n.props["series"]) for d in deltas for n in d.nodes
            if n.kind is NodeKind.DOCUMENT and n.props.get("series")}


def pending_series(store: Store) -> set[str]:
    """The series whose partial references may need joining or parting: those with a partial
    reference standing alone, and those a partial reference was joined into."""
    partial = store.find_nodes(kind=NodeKind.DOCUMENT, where={"resolved": False}, limit=10_000_000)
    joined = [c for p, c in store.aliases().items() if p != c]
    nodes = [*partial, *store.get_nodes(sorted(set(joined))).values()]
    return {str(n.props["series"]) for n in nodes if n.props.get("series")}


def _alias_changes(store: Store, series: Iterable[str]) -> dict[str, str]:
    """How the aliases must change so that, in these series, every partial reference is
    joined to the canonical document when exactly one exists, and stands alone otherwise:
    the graph is then the same whatever order the sources came in."""
    current = store.aliases()
    changes: dict[str, str] = {}
    for nodes in store.nodes_by_series(sorted(series)).values():
        canon = sorted(n.id for n in nodes if n.props.get("resolved"))
        partial = {n.id for n in nodes if not n.props.get("resolved")}
        joined = {p for p, c in current.items() if c in canon and p != c}
        for p in sorted(partial | joined):
            want = canon[0] if len(canon) == 1 else p  # p → p: the reference stands alone
            if current.get(p, p) != want:
                changes[p] = want
    return changes


def reconcile(store: Store, series: Iterable[str]) -> dict[str, str]:
    """Apply the alias changes of these series and rewrite the sources they touch; returns
    the references newly joined (partial → canonical)."""
    changes = _alias_changes(store, series)
    if not changes:
        return {}
    before = store.aliases()
    store.add_aliases(changes)
    aliases = store.aliases()
    named = sorted({*changes, *(before[p] for p in changes if p in before)})
    affected = []
    for sid in store.sources_mentioning(named):
        d = store.load_delta(sid)
        if d is None:
            continue
        raw = strip_aliases(d)
        if any(n.id in changes for n in raw.nodes):
            affected.append(apply_aliases(raw, aliases))
    if affected:
        store.write(affected, force=True)
    return {p: c for p, c in changes.items() if p != c}


def write_deltas(store: Store, deltas: list[SourceDelta]) -> WriteSummary:
    """Write deltas (through the known aliases), then join or part the partial references of
    the series they touch."""
    aliases = store.aliases()
    summary = store.write([apply_aliases(d, aliases) for d in deltas])
    summary.merged.update(reconcile(store, _series(deltas)))
    return summary


def write_bulk_deltas(store: Store, deltas: list[SourceDelta | Rows], aliases: dict[str, str]) -> WriteSummary:
    """The bulk path's write: the deltas' rows (through the aliases known when the ingest
    began), their merging left pending. ``Rows`` come from ``_rows``, renamed already."""
    return store.write_bulk([d if isinstance(d, Rows) else apply_aliases(d, aliases)  # type: ignore[attr-defined, no-any-return]
                             for d in deltas])


def merge_bulk(store: Store) -> WriteSummary:
    """The bulk path's end: merge what is pending, then join or part the partial references
    of every series that may need it (as the ordinary path does after each batch)."""
    summary: WriteSummary = store.merge_pending()  # type: ignore[attr-defined]
    summary.merged.update(reconcile(store, pending_series(store)))
    return summary


def use_bulk(store: Store, bulk: bool | None) -> bool:
    """Whether an ingest takes the bulk path: when asked (``True``), else (``None``) when the
    store can and is empty or holds what an interrupted bulk ingest left to merge."""
    can = hasattr(store, "write_bulk")
    if bulk is None:
        return can and (store.pending_merges() > 0 or not store.list_sources(limit=1))  # type: ignore[attr-defined]
    if bulk and not can:
        raise StoreError(f"the {store.name} store has no bulk write path (--bulk is for the embedded store)")
    return bulk


def _die_with(parent: int) -> None:
    """Worker initializer: a worker ends with the ingest that started it, even when that
    ingest is killed with ``kill -9`` (else it would wait on its queue forever, holding the
    store's file open). Linux delivers SIGKILL when the parent dies (PR_SET_PDEATHSIG);
    elsewhere a thread watches the parent's pid."""
    try:
        import ctypes

        if ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError("prctl failed")
    except (OSError, AttributeError):
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="vankien-parent-watch").start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _extract(source: Source) -> SourceDelta:
    """A source's delta, packed for the store here (in the worker) rather than in the writer;
    the extraction record is dropped (the writer does not read it: less to send back)."""
    d = delta_of(extract_source(source))
    return replace(d, record={}, packed=pack(d))


def _extract_many(sources: list[Source]) -> list[SourceDelta]:
    return [_extract(s) for s in sources]


def _rows(source: Source, aliases: dict[str, str]) -> Rows:
    """The bulk path's work in a worker: a source extracted, renamed through the aliases known
    when the ingest began, and turned into the store's rows (the writer only inserts them)."""
    return rows_of(apply_aliases(delta_of(extract_source(source)), aliases))


def _rows_many(sources: list[Source], aliases: dict[str, str]) -> list[Rows]:
    return [_rows(s, aliases) for s in sources]


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
                   batch_size: int | None = None, progress: Callable[[int], None] | None = None,
                   bulk: bool | None = None) -> IngestReport:
    """Extract and write sources; failures are collected, never raised. Sources are taken
    from the iterable as the workers need them: nothing holds the whole input.

    ``bulk`` (default: see ``use_bulk``) writes each batch's rows in one transaction and
    merges the claims and evidence of every touched node and edge once, at the end (the
    store keeps which are pending, so a rerun after ``kill -9`` finishes the merge); the
    ordinary path merges after every batch, so readers see each batch whole. Both give the
    same store."""
    report = IngestReport()
    start = time.perf_counter()
    workers = workers if workers is not None else max(1, min(os.cpu_count() or 1, 8))
    bulk = use_bulk(store, bulk)
    batch_size = batch_size or (BULK_BATCH if bulk else BATCH)
    if not bulk and getattr(store, "pending_merges", lambda: 0)():
        store.merge_pending()  # type: ignore[attr-defined]  # what an interrupted bulk ingest left
    aliases = store.aliases() if bulk else {}

    taken: dict[str, str] = {}  # source id → where it was read in this run

    def readable() -> Iterator[Source]:
        for item in sources:
            if isinstance(item, Failure):
                report.failures.append(item)
                continue
            where = f"{item.path}:{item.line}" if item.line is not None else item.path
            first = taken.setdefault(item.id, where)
            if first != where:  # two articles under one id would replace each other at every ingest
                report.failures.append(Failure(item.path, f"its id {item.id} is taken by {first}: give each article "
                                                          "its own id (a JSONL 'id', or a distinct file name)", item.line))
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

    def write(deltas: list[SourceDelta | Rows]) -> None:
        report.summary.add(write_bulk_deltas(store, deltas, aliases) if bulk
                           else write_deltas(store, deltas))  # type: ignore[arg-type]  # deltas on that path
        if progress:
            progress(len(deltas))

    if workers <= 1:
        for batch in _batches(fresh(), batch_size):
            write([_rows(s, aliases) if bulk else _extract(s) for s in batch])
    else:
        # workers extract the next chunks while the main process writes: results are taken in
        # order from a bounded window of submitted chunks
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with, initargs=(os.getpid(),))
        chunks = _batches(fresh(), CHUNK)
        pending: deque[Future[list[SourceDelta]] | Future[list[Rows]]] = deque()
        buffer: list[SourceDelta | Rows] = []
        window = workers * 4 + batch_size // CHUNK  # the workers keep extracting while a batch is written
        try:
            while True:
                while len(pending) < window and (chunk := next(chunks, None)) is not None:
                    pending.append(pool.submit(_rows_many, chunk, aliases) if bulk else pool.submit(_extract_many, chunk))
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
    if bulk:
        report.summary.add(merge_bulk(store))
    else:
        # what a killed ingest left between its two commits (a batch written, its references not
        # yet joined or parted) is finished here, even when every source was unchanged
        report.summary.merged.update(reconcile(store, pending_series(store)))
    report.summary.sources_unchanged += report.unchanged
    report.seconds = time.perf_counter() - start
    return report


def ingest_paths(store: Store, paths: Iterable[str], **kw: object) -> IngestReport:
    """Ingest every source under the paths (files, folders, JSONL corpora)."""
    return ingest_sources(store, iter_sources(paths), **kw)  # type: ignore[arg-type]
