"""The bulk write path gives exactly the store the ordinary path gives: nodes with their
properties, edges, evidence, mentions, claims, aliases and sources — also when a bulk ingest
stopped between its writes and its merge and was run again."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from graph.build.ingest import _extract, ingest_sources, write_bulk_deltas
from graph.store.protocol import open_store
from loaders.read.sources import Source, iter_sources
from tests.conftest import DATA, need_shared


def _paths() -> list[str]:
    shared = need_shared()
    return [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl"), str(shared / "corpus" / "dev2.jsonl"),
            str(DATA / "qa" / "qa.jsonl")]


def _tables(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a reader can see, in a fixed order (the ingest time of a source aside)."""
    db = sqlite3.connect(data_dir / "vankien.db")
    try:
        out = {
            "nodes": db.execute("SELECT id, kind, props, series, label_folded, lookup FROM nodes ORDER BY id").fetchall(),
            "edges": db.execute("SELECT * FROM edges ORDER BY src, type, tgt").fetchall(),
            "evidence": db.execute("SELECT * FROM evidence ORDER BY src, type, tgt, source, start, rule").fetchall(),
            "mentions": db.execute('SELECT * FROM mentions ORDER BY node, source, start, "end"').fetchall(),
            "claims": db.execute("SELECT * FROM claims ORDER BY node, source").fetchall(),
            "aliases": db.execute("SELECT * FROM aliases ORDER BY partial").fetchall(),
            "sources": db.execute("SELECT id, key, path, url, title, published, sha256, text FROM sources "
                                  "ORDER BY id").fetchall(),
            "pending": db.execute("SELECT 'node', id FROM pending_nodes UNION ALL "
                                  "SELECT 'edge', src || type || tgt FROM pending_edges").fetchall(),
        }
    finally:
        db.close()
    out["nodes"] = [(*r[:2], json.loads(r[2]), *r[3:]) for r in out["nodes"]]
    return out


def _ingest(data_dir: Path, bulk: bool, batch: int, stop_after: int | None = None) -> dict[str, Any]:
    """Ingest the corpus; returns the report, and how many sources a first, stopped ingest wrote."""
    store = open_store("embedded", data_dir=data_dir)
    sources: list[Source] = []
    try:
        if stop_after is not None:  # a bulk ingest killed after its first writes, before its merge
            sources = [s for s in itertools.islice(iter_sources(_paths()), stop_after) if isinstance(s, Source)]
            for i in range(0, len(sources), batch):
                write_bulk_deltas(store, [_extract(s) for s in sources[i:i + batch]], {})
            assert store.pending_merges() > 0  # type: ignore[attr-defined]
        report = ingest_sources(store, iter_sources(_paths()), workers=1, batch_size=batch, bulk=bulk)
        assert not report.failures, report.failures
        assert store.pending_merges() == 0  # type: ignore[attr-defined]
        return {**report.as_dict(), "written_before": len(sources)}
    finally:
        store.close()


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    data_dir = tmp_path_factory.mktemp("ordinary")
    _ingest(data_dir, bulk=False, batch=16)  # a merge after every 16 sources
    tables = _tables(data_dir)
    assert tables["aliases"] and tables["edges"] and tables["nodes"], "the corpus no longer exercises the merges"
    return tables


@pytest.mark.parametrize(("batch", "stop_after"), [(2048, None), (8, None), (16, 40)],
                         ids=["one batch", "batches of 8", "stopped before its merge, then rerun"])
def test_bulk_path_gives_the_ordinary_store(ordinary: dict[str, list[tuple[Any, ...]]], tmp_path: Path,
                                            batch: int, stop_after: int | None) -> None:
    report = _ingest(tmp_path, bulk=True, batch=batch, stop_after=stop_after)
    bulk = _tables(tmp_path)
    for table, rows in ordinary.items():
        assert bulk[table] == rows, f"{table} differ between the bulk and the ordinary path"
    assert report["sources_added"] + report["unchanged"] == len(bulk["sources"]) == report["read"]
    assert report["unchanged"] == report["written_before"]  # what the stopped ingest wrote is not written again
    assert (report["written_before"] > 0) == (stop_after is not None)


def test_ingest_takes_the_bulk_path_on_an_empty_store_only(tmp_path: Path) -> None:
    from graph.build.ingest import use_bulk

    store = open_store("embedded", data_dir=tmp_path)
    try:
        assert use_bulk(store, None) is True
        source = next(s for s in iter_sources(_paths()) if isinstance(s, Source))
        write_bulk_deltas(store, [_extract(source)], {})
        assert use_bulk(store, None) is True  # what an interrupted bulk ingest left to merge
        store.merge_pending()  # type: ignore[attr-defined]
        assert use_bulk(store, None) is False
        assert use_bulk(store, True) is True
    finally:
        store.close()


def _changed(folder: Path) -> list[str]:
    """dev2 again with every other article cut to its first half (same ids, new content), so a
    second ingest replaces those sources."""
    lines = (need_shared() / "corpus" / "dev2.jsonl").read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        article = json.loads(line)
        if i % 2 == 0:
            article["text"] = article["text"][: len(article["text"]) // 2]
        out.append(json.dumps(article, ensure_ascii=False))
    path = folder / "dev2.jsonl"  # the same file name: the same source ids
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return [str(path)]


def test_bulk_path_replaces_changed_sources_as_the_ordinary_path_does(tmp_path: Path) -> None:
    changed = _changed(tmp_path)
    stores = {}
    for bulk in (False, True):
        data_dir = tmp_path / f"bulk-{bulk}"
        store = open_store("embedded", data_dir=data_dir)
        try:
            ingest_sources(store, iter_sources(_paths()), workers=1, bulk=False)
            report = ingest_sources(store, iter_sources(changed), workers=1, batch_size=8, bulk=bulk)
            assert report.summary.sources_replaced == 25 and not report.failures
            assert store.pending_merges() == 0  # type: ignore[attr-defined]
        finally:
            store.close()
        stores[bulk] = _tables(data_dir)
    for table, rows in stores[False].items():
        assert stores[True][table] == rows, f"{table} differ between the bulk and the ordinary path"


def _name_index_whole(data_dir: Path) -> bool:
    """Whether the name index holds exactly the nodes' folded labels (FTS5's check against its content table)."""
    db = sqlite3.connect(data_dir / "vankien.db")
    try:
        db.execute("INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('integrity-check', 1)")
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        db.close()


def test_a_first_merge_killed_with_its_name_index_aside_is_repaired_when_the_store_opens(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.store.embedded import EmbeddedStore

    sources = [s for s in itertools.islice(iter_sources(_paths()), 60) if isinstance(s, Source)]
    store = open_store("embedded", data_dir=tmp_path)
    try:
        write_bulk_deltas(store, [_extract(s) for s in sources], {})
        # killed after the merge, before the name index was rebuilt
        monkeypatch.setattr(EmbeddedStore, "_restore_name_index", lambda self: None)
        store.merge_pending()  # type: ignore[attr-defined]
        monkeypatch.undo()
        assert store.count_nodes() > 0
    finally:
        store.close()
    assert not _name_index_whole(tmp_path)
    store = open_store("embedded", data_dir=tmp_path)
    try:
        assert _name_index_whole(tmp_path)
        node = store.find_nodes(kind=None, limit=1)[0]
        word = str(node.props["label"])
        assert node.id in {n.id for n in store.find_nodes(where={"q": word}, limit=1000)}
    finally:
        store.close()
    whole = open_store("embedded", data_dir=tmp_path / "whole")
    try:  # the merge not killed leaves it whole
        write_bulk_deltas(whole, [_extract(s) for s in sources], {})
        whole.merge_pending()  # type: ignore[attr-defined]
    finally:
        whole.close()
    assert _name_index_whole(tmp_path / "whole")
