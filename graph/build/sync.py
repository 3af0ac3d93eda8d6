"""Push one store into another — an embedded store into Neo4j — by writing each source's
stored delta again, in batches, then the merge aliases.

Idempotent: a source the target already holds at the same content hash is skipped, so a
second run writes nothing. Sources the source store re-applied under a merge alias since
the last run (same hash, new ids) are found through the aliases the target does not have
yet and rewritten. Sources only the target holds are left alone unless ``prune``.

A first load into an empty Neo4j namespace goes through the target's ``bulk_load``: every
node and edge created once with all its evidences (``graph.store.neo4j_bulk``), not merged
source after source. A first load cut short (the namespace keeps its ``loading`` mark) is
done again from scratch by the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graph.build.delta import SourceDelta
from graph.store.protocol import Store, WriteSummary
from ontology.errors import InvalidRequestError

BATCH = 256
PAGE = 1000


def source_ids(store: Store) -> list[str]:
    """Every source id of a store, in id order."""
    out: list[str] = []
    while True:
        page = store.list_sources(limit=PAGE, offset=len(out))
        out += [str(s["id"]) for s in page]
        if len(page) < PAGE:
            return out


def _write(target: Store, deltas: Sequence[SourceDelta], stale: set[str], force: bool) -> WriteSummary:
    summary = WriteSummary()
    forced = [d for d in deltas if force or d.id in stale]
    normal = [d for d in deltas if not (force or d.id in stale)]
    if normal:
        summary.add(target.write(normal))
    if forced:
        summary.add(target.write(forced, force=True))
    return summary


def sync(source: Store, target: Store, batch: int = BATCH, *, force: bool = False, prune: bool = False,
         progress: Callable[[int, int], None] | None = None) -> WriteSummary:
    """Make ``target`` hold what ``source`` holds; ``progress(done, total)`` after each batch.
    ``force`` rewrites every source; ``prune`` removes the target's sources that ``source``
    lacks. The summary's ``merged`` lists the aliases the target did not have."""
    if batch < 1:
        raise InvalidRequestError(f"the batch size must be at least 1, not {batch}")
    ids = source_ids(source)
    aliases = source.aliases()
    known = target.aliases()
    fresh = {p: c for p, c in aliases.items() if known.get(p) != c}
    stale = set(target.sources_mentioning(sorted(fresh))) if fresh else set()
    summary = WriteSummary()
    if progress:
        progress(0, len(ids))
    bulk = getattr(target, "bulk_load", None)
    if bulk is not None and ids and target.can_bulk_load():  # type: ignore[attr-defined]
        summary.add(bulk(ids, source.load_delta, progress, batch))  # a first load: whole nodes and edges at once
        ids_left: list[str] = []
    else:
        ids_left = ids
    for i in range(0, len(ids_left), batch):
        part = ids_left[i:i + batch]
        deltas = [d for sid in part if (d := source.load_delta(sid)) is not None]
        summary.add(_write(target, deltas, stale, force))
        if progress:
            progress(i + len(part), len(ids))
    if prune:
        keep = set(ids)
        gone = [sid for sid in source_ids(target) if sid not in keep]
        for i in range(0, len(gone), batch):
            summary.add(target.remove_sources(gone[i:i + batch]))
    if fresh:
        target.add_aliases(fresh)
    summary.merged.update(fresh)
    return summary
