"""The Neo4j store gives the same answers as the embedded store, on every shared article.

The seeds and both development corpora go into an embedded store (``vankien ingest``) and
into a real Neo4j twice: once by ``vankien ingest --store neo4j`` and once by ``vankien
sync neo4j`` from that embedded store. Then, for every document and meeting,
``implementations``, ``trace``, ``coverage`` and ``timeline`` must answer alike (ids,
relation types, confidences, evidence sets), and ``resolve`` and ``search`` must rank a
table of typed queries (tests/data/resolve_queries.tsv) alike, the expected answer first.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest

from graph.export.rdf import write_export
from graph.query import lineage as queries
from graph.query.lookup import resolve_text, search
from graph.store.protocol import Store, create_store, open_store
from ontology.errors import VankienError
from ontology.vocab import NodeKind
from tests.conftest import DATA, need_shared, run_cli

QUERIES = DATA / "resolve_queries.tsv"


def vankien(*args: str, uri: str, namespace: str | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI, told where Neo4j is only through the environment."""
    return run_cli(*args, NEO4J_URI=uri, **({"NEO4J_NAMESPACE": namespace} if namespace else {}))


def _paths() -> list[str]:
    shared = need_shared()
    return [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl"), str(shared / "corpus" / "dev2.jsonl")]


@pytest.fixture(scope="module")
def stores(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """embedded, neo4j (by `ingest --store neo4j`) and synced (by `sync neo4j`), all open."""
    data_dir = str(tmp_path_factory.mktemp("same-answers"))
    by_ingest, by_sync = f"ing{uuid.uuid4().hex[:10]}", f"syn{uuid.uuid4().hex[:10]}"
    done = vankien("ingest", "--data-dir", data_dir, *_paths(), uri=neo4j_uri)
    assert done.returncode == 0, done.stderr
    done = vankien("ingest", "--store", "neo4j", *_paths(), uri=neo4j_uri, namespace=by_ingest)
    assert done.returncode == 0, done.stderr
    done = vankien("sync", "neo4j", "--data-dir", data_dir, uri=neo4j_uri, namespace=by_sync)
    assert done.returncode == 0, done.stderr
    opened = {"embedded": open_store("embedded", data_dir=data_dir)}
    for name, ns in (("neo4j", by_ingest), ("synced", by_sync)):
        opened[name] = create_store("neo4j", uri=neo4j_uri, namespace=ns)
        opened[name].open()
    yield opened
    for name, store in opened.items():
        if name != "embedded":
            store.wipe()  # type: ignore[attr-defined]
        store.close()


def _evidence_sets(value: Any) -> Any:
    """The answer with every evidence list as a sorted list (a set: its order is the store's)."""
    if isinstance(value, dict):
        return {k: (sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in v)
                    if k == "evidence" and isinstance(v, list) else _evidence_sets(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_evidence_sets(v) for v in value]
    return value


def _answer(fn: Callable[[], Any]) -> Any:
    try:
        return _evidence_sets(fn())
    except VankienError as e:
        return {"error": type(e).__name__, "message": str(e)}


def _lineage(store: Store, node_id: str) -> dict[str, Any]:
    return {
        "implementations": _answer(lambda: queries.implementations(store, node_id)),
        "trace": _answer(lambda: queries.trace(store, node_id)),
        "coverage": _answer(lambda: queries.coverage(store, node_id)),
        "timeline": _answer(lambda: queries.timeline(store, node_id)),
    }


def _subjects(store: Store) -> list[str]:
    return sorted(n.id for kind in (NodeKind.DOCUMENT, NodeKind.MEETING) for n in store.iter_nodes(kind))


def test_the_stores_hold_the_same_graph(stores: dict[str, Store]) -> None:
    want = {k: v for k, v in stores["embedded"].stats().items() if k not in ("store", "location", "generation")}
    assert want["sources"] >= 80 and want["edges"] > 100
    for name in ("neo4j", "synced"):
        got = {k: v for k, v in stores[name].stats().items() if k not in ("store", "location", "generation")}
        assert got == want, name
        assert stores[name].aliases() == stores["embedded"].aliases(), name


@pytest.mark.parametrize("name", ["neo4j", "synced"])
def test_every_document_and_meeting_has_the_same_lineage(stores: dict[str, Store], name: str) -> None:
    subjects = _subjects(stores["embedded"])
    assert len(subjects) >= 100
    assert _subjects(stores[name]) == subjects
    differ = [nid for nid in subjects if _lineage(stores[name], nid) != _lineage(stores["embedded"], nid)]
    assert not differ, f"{len(differ)} of {len(subjects)} differ, e.g. {differ[:5]}"
    answered = sum(1 for nid in subjects if queries.implementations(stores[name], nid)["count"])
    assert answered >= 10  # the comparison is not only of empty answers


def _table() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if not r["query"].startswith("#")]


def test_the_query_table_is_large_enough() -> None:
    table = _table()
    assert len(table) >= 30 and len({r["query"] for r in table}) == len(table)


@pytest.mark.parametrize("name", ["neo4j", "synced"])
def test_resolve_and_search_rank_alike(stores: dict[str, Store], name: str) -> None:
    wrong = []
    for row in _table():
        q = row["query"]
        for fn in (resolve_text, search):
            want = _answer(partial(fn, stores["embedded"], q, limit=10))
            got = _answer(partial(fn, stores[name], q, limit=10))
            if got != want:
                wrong.append((fn.__name__, q, got, want))
        first = (resolve_text(stores[name], q, limit=1) or [{"id": ""}])[0]["id"]
        if row["resolve"] and first != row["resolve"]:
            wrong.append(("expected", q, first, row["resolve"]))
        hits = {h["id"] for h in search(stores[name], q, limit=50)} if row["search"] else set()
        if row["search"] and row["search"] not in hits:
            wrong.append(("search", q, sorted(hits)[:5], row["search"]))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_the_rdf_export_of_neo4j_is_the_embedded_one(stores: dict[str, Store], fmt: str) -> None:
    """Byte for byte from the synced copy; from the store ingested on its own, all but the
    times of ingestion (prov:endedAtTime)."""
    def exported(store: Store, mask: bool) -> list[bytes]:
        out = io.BytesIO()
        write_export(store, out, fmt)
        text = re.sub(rb'(endedAtTime>?\s+)"[^"]+"', rb'\1"-"', out.getvalue()) if mask else out.getvalue()
        return sorted(text.splitlines()) if fmt == "nt" else text.splitlines()  # N-Triples: any order

    assert sum(map(len, exported(stores["embedded"], False))) > 100_000
    assert exported(stores["synced"], False) == exported(stores["embedded"], False)
    assert exported(stores["neo4j"], True) == exported(stores["embedded"], True)
