"""``graph.build.sync``: one store pushed into another ends up holding the same graph, and a
second run changes nothing. Run embedded → embedded and embedded → a real Neo4j."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api.cli.main import cli
from graph.build.ingest import ingest_paths
from graph.build.sync import source_ids, sync
from graph.store.protocol import Store, open_store
from ontology.errors import InvalidRequestError
from tests.conftest import neo4j_store

CONTRACT = Path(__file__).resolve().parent / "data" / "contract"


def _open(path: Path) -> Store:
    return open_store("embedded", data_dir=path)


def state(store: Store) -> dict[str, Any]:
    """Everything a store holds that readers can see, in a comparable form."""
    nodes = {n.id: (n.kind.value, n.props) for n in store.iter_nodes()}
    return {
        "nodes": nodes,
        "edges": {e.key: (e.confidence, e.evidence_count, evs) for e, evs in store.iter_edges(with_evidence=True)},
        "mentions": {nid: store.mentions_of(nid, limit=1000) for nid in nodes},
        "aliases": store.aliases(),
        "sources": [store.get_source(sid) for sid in source_ids(store)],
    }


@pytest.fixture(params=["embedded", "neo4j"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    a = _open(tmp_path / "a")
    if request.param == "neo4j":
        b = neo4j_store(request.getfixturevalue("neo4j_uri"), "sync")
        b.open()
    else:
        b = _open(tmp_path / "b")
    yield a, b
    a.close()
    if request.param == "neo4j":
        b.wipe()  # type: ignore[attr-defined]
    b.close()


def test_sync_copies_everything_and_is_idempotent(stores: tuple[Store, Store]) -> None:
    a, b = stores
    ingest_paths(a, [str(CONTRACT)], workers=1)
    first = sync(a, b, batch=1)
    assert first.sources_added == 2 and first.merged
    assert state(b) == state(a)
    second = sync(a, b)
    assert second.sources_unchanged == 2
    assert (second.sources_added, second.sources_replaced, second.nodes_added, second.edges_added) == (0, 0, 0, 0)
    assert second.merged == {}
    assert state(b) == state(a)


def test_sync_follows_merges_made_after_the_last_run(stores: tuple[Store, Store]) -> None:
    """The undated plan is pushed first; once the dated one arrives the source store
    re-applies the undated plan under the canonical id (same hash): sync must rewrite it."""
    a, b = stores
    ingest_paths(a, [str(CONTRACT / "plan_undated.txt")], workers=1)
    sync(a, b)
    assert state(b) == state(a)
    ingest_paths(a, [str(CONTRACT / "plan_dated.txt")], workers=1)
    assert a.aliases()
    summary = sync(a, b)
    assert summary.sources_replaced == 1 and summary.sources_added == 1
    assert summary.merged == a.aliases()
    assert state(b) == state(a)


def test_prune_removes_what_the_source_no_longer_has(stores: tuple[Store, Store]) -> None:
    a, b = stores
    ingest_paths(a, [str(CONTRACT)], workers=1)
    sync(a, b)
    a.remove_sources(["src:plan-undated"])
    kept = sync(a, b)
    assert kept.sources_removed == 0 and len(source_ids(b)) == 2
    pruned = sync(a, b, prune=True)
    assert pruned.sources_removed == 1
    assert state(b) == state(a)


def test_force_rewrites_and_batch_must_be_positive(stores: tuple[Store, Store]) -> None:
    a, b = stores
    ingest_paths(a, [str(CONTRACT)], workers=1)
    sync(a, b)
    assert sync(a, b, force=True).sources_replaced == 2
    assert state(b) == state(a)
    with pytest.raises(InvalidRequestError):
        sync(a, b, batch=0)


def test_progress_reports_done_and_total(stores: tuple[Store, Store]) -> None:
    a, b = stores
    ingest_paths(a, [str(CONTRACT)], workers=1)
    seen: list[tuple[int, int]] = []
    sync(a, b, batch=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_cli_reports_an_unreachable_neo4j(tmp_path: Path) -> None:
    store = _open(tmp_path / "a")
    ingest_paths(store, [str(CONTRACT)], workers=1)
    store.close()
    result = CliRunner().invoke(cli, ["sync", "neo4j", "--data-dir", str(tmp_path / "a"),
                                      "--uri", "bolt://127.0.0.1:9", "--password", "x"])
    assert result.exit_code == 3  # api.cli.exits.UNREACHABLE, as for every command
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in result.output


def test_cli_needs_an_embedded_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sync", "neo4j", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no vankien store" in result.output


HAND = "Một câu không có trong bài."


def odd_sentences(store: Store, tmp_path: Path) -> tuple[str, str]:
    """Into ``store``: the undated plan with its first evidence's sentence and its first
    mention's text changed by hand (not the text at their offsets), and the dated plan led by a flag (a character outside
    the Basic Multilingual Plane, where Python's offsets and Java's part). Their ids."""
    flag = tmp_path / "flag.txt"
    flag.write_text("🇻🇳 " + (CONTRACT / "plan_dated.txt").read_text(encoding="utf-8"), encoding="utf-8")
    ingest_paths(store, [str(CONTRACT / "plan_undated.txt"), str(flag)], workers=1)
    (flagged,) = [sid for sid in source_ids(store) if "🇻🇳" in str((store.get_source(sid) or {}).get("text"))]
    plain = "src:plan-undated"
    hand = store.load_delta(plain)
    assert hand is not None and hand.edges and hand.mentions
    hand.edges[0].evidence["text"] = HAND
    hand = replace(hand, mentions=(replace(hand.mentions[0], text=HAND), *hand.mentions[1:]), packed=None)  # changed rows
    store.write([hand], force=True)
    return flagged, plain


def test_every_sentence_reads_back_whatever_the_text_holds(stores: tuple[Store, Store], tmp_path: Path) -> None:
    """A Neo4j edge keeps no copy of a sentence its source's text gives back at its offsets;
    it keeps the others (``odd_sentences``). Each reads back the same through the first (bulk)
    load, later (incremental) writes that merge evidence on the same edges, and a removal."""
    a, b = stores
    flagged, _ = odd_sentences(a, tmp_path)
    sync(a, b)
    assert state(b) == state(a)
    assert HAND in {ev["text"] for _, evs in b.iter_edges(with_evidence=True) for ev in evs}
    assert HAND in {m["text"] for mentions in state(b)["mentions"].values() for m in mentions}
    ingest_paths(a, [str(CONTRACT / "plan_dated.txt")], workers=1)  # the same edges, from a plain text
    sync(a, b)
    assert state(b) == state(a)
    a.remove_sources([flagged])
    assert sync(a, b, prune=True).sources_removed == 1
    assert state(b) == state(a)
