"""The bulk first load: an embedded store exported by ``vankien neo4j export`` (neo4j-admin
CSV), imported by Neo4j's own ``database import full`` into a fresh database, answers as
the embedded store — the comparison of test_neo4j_same_answers, on the seeds and both
development corpora. Needs Java 17+ and Maven (as the other Neo4j legs): skipped without
them, failed in CI."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from api.settings import get_settings
from graph.export import neo4j_csv
from graph.query.lookup import resolve_text, search
from graph.store import neo4j_server
from graph.store.protocol import Store, create_store, open_store
from ontology.errors import StoreError
from tests.conftest import IN_CI, run_cli
from tests.test_neo4j_same_answers import _answer, _lineage, _paths, _subjects, _table
from tests.test_sync import CONTRACT, HAND, odd_sentences, state


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """embedded (by `ingest`) and imported (its `neo4j export`, imported into a new server)."""
    if missing := neo4j_server.missing_tools():
        (pytest.fail if IN_CI else pytest.skip)(f"the Neo4j import needs {' and '.join(missing)}")
    data_dir = tmp_path_factory.mktemp("csv-embedded")
    export = tmp_path_factory.mktemp("csv") / "export"
    done = run_cli("ingest", "--data-dir", str(data_dir), *_paths())
    assert done.returncode == 0, done.stderr
    done = run_cli("neo4j", "export", str(export), "--data-dir", str(data_dir), NEO4J_NAMESPACE="bulk")
    assert done.returncode == 0, done.stderr
    home = get_settings().neo4j_home or neo4j_server.default_home()
    folder = tmp_path_factory.mktemp("csv-server")
    neo4j_server.import_database(home, neo4j_csv.import_arguments(export), folder=folder)
    server = neo4j_server.start(home, folder=folder)
    try:
        stores = {"embedded": open_store("embedded", data_dir=data_dir),
                  "imported": create_store("neo4j", uri=server.uri, namespace="bulk")}
        stores["imported"].open()
        stores["imported"].await_indexes()  # type: ignore[attr-defined]
        yield stores
        for store in stores.values():
            store.close()
    finally:
        server.stop()


def test_the_import_holds_the_same_graph(imported: dict[str, Store]) -> None:
    want = {k: v for k, v in imported["embedded"].stats().items() if k not in ("store", "location", "generation")}
    got = {k: v for k, v in imported["imported"].stats().items() if k not in ("store", "location", "generation")}
    assert want["sources"] >= 80 and want["edges"] > 100
    assert got == want
    assert imported["imported"].aliases() == imported["embedded"].aliases()
    assert imported["imported"].generation() == imported["embedded"].generation()


def test_every_document_and_meeting_has_the_same_lineage(imported: dict[str, Store]) -> None:
    subjects = _subjects(imported["embedded"])
    assert len(subjects) >= 100
    assert _subjects(imported["imported"]) == subjects
    differ = [n for n in subjects if _lineage(imported["imported"], n) != _lineage(imported["embedded"], n)]
    assert not differ, f"{len(differ)} of {len(subjects)} differ, e.g. {differ[:5]}"


def test_resolve_and_search_rank_alike(imported: dict[str, Store]) -> None:
    wrong = []
    for row in _table():
        for fn in (resolve_text, search):
            want = _answer(partial(fn, imported["embedded"], row["query"], limit=10))
            got = _answer(partial(fn, imported["imported"], row["query"], limit=10))
            if got != want:
                wrong.append((fn.__name__, row["query"], got, want))
    assert not wrong, wrong[:5]


def test_the_imported_store_takes_writes(imported: dict[str, Store]) -> None:
    """Sources and mentions read back as written, and a source re-written incrementally
    (the store's own MERGE path over imported nodes and edges) leaves the graph as it was."""
    emb, imp = imported["embedded"], imported["imported"]
    sid = emb.list_sources(limit=1)[0]["id"]
    assert imp.get_source(sid) == emb.get_source(sid)
    delta = emb.load_delta(sid)
    assert delta is not None
    node = delta.nodes[0].id
    assert imp.mentions_of(node) == emb.mentions_of(node)
    before = imp.stats()
    summary = imp.write([delta], force=True)
    assert summary.sources_replaced == 1
    after = imp.stats()
    assert {k: v for k, v in after.items() if k != "generation"} == {k: v for k, v in before.items() if k != "generation"}


def test_an_export_folder_must_be_empty_and_a_manifest_whole(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(StoreError, match="already holds an export"):
        neo4j_csv.export([], lambda _: None, {}, tmp_path, "ns")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / neo4j_csv.MANIFEST).write_text(json.dumps({"nodes": ["nodes-1.csv"], "relationships": []}), encoding="utf-8")
    with pytest.raises(StoreError, match="lacks nodes-1.csv"):
        neo4j_csv.import_arguments(bad)


def test_a_value_holding_the_array_delimiter_is_refused_by_name() -> None:
    with pytest.raises(StoreError, match=r"node doc:x: a value holds U\+001F"):
        neo4j_csv._field(["a", "b\x1fc"], "node doc:x")
    assert neo4j_csv._field(['say "hi"', "b"], "x") == '"say ""hi""\x1fb"'
    assert neo4j_csv._field([], "x") == "" and neo4j_csv._field(0.1, "x") == "0.1"


def test_a_property_name_no_header_can_carry_is_refused_by_name() -> None:
    with pytest.raises(StoreError, match=r"node doc:x: property 'a:b' cannot be a column"):
        neo4j_csv._node_line("id:ID(VkNode)", "VkNode", {"id": "doc:x", "a:b": 1}, ("id",), "node doc:x")


def test_the_cli_imports_into_a_fresh_home_and_refuses_a_second_time(tmp_path: Path) -> None:
    """`vankien neo4j export` then `vankien neo4j import` into HOME/server (the jars linked
    in): the server comes up on the imported graph; importing again is refused by name."""
    if missing := neo4j_server.missing_tools():
        (pytest.fail if IN_CI else pytest.skip)(f"the Neo4j import needs {' and '.join(missing)}")
    jars = neo4j_server.lib_dir(get_settings().neo4j_home or neo4j_server.default_home())
    neo4j_server.fetch_jars(jars.parent.parent, say=lambda _: None)
    home = tmp_path / "home"
    neo4j_server.lib_dir(home).parent.mkdir(parents=True)
    neo4j_server.lib_dir(home).symlink_to(jars)
    data_dir, export = tmp_path / "store", tmp_path / "export"
    assert run_cli("ingest", "--data-dir", str(data_dir), str(CONTRACT)).returncode == 0
    with create_store("embedded", data_dir=data_dir) as store:
        odd_sentences(store, tmp_path)  # sentences the edges must keep, through the CSV too
    assert run_cli("neo4j", "export", str(export), "--data-dir", str(data_dir)).returncode == 0
    done = run_cli("neo4j", "import", str(export), "--home", str(home), "--port", "0")
    try:
        assert done.returncode == 0, done.stderr
        uri = re.search(r"NEO4J_URI=(\S+) NEO4J_NAMESPACE=vankien", done.stdout)
        assert uri, done.stdout
        with create_store("embedded", data_dir=data_dir) as want, \
                create_store("neo4j", uri=uri.group(1), namespace="vankien") as got:
            assert state(got) == state(want)
            assert HAND in {ev["text"] for _, evs in got.iter_edges(with_evidence=True) for ev in evs}
        again = run_cli("neo4j", "import", str(export), "--home", str(home), "--port", "0")
        assert again.returncode == 2 and "runs from" in again.stderr, again.stderr
    finally:
        run_cli("neo4j", "stop", "--home", str(home))
    again = run_cli("neo4j", "import", str(export), "--home", str(home), "--port", "0")
    assert again.returncode == 2 and "already holds a database" in again.stderr, again.stderr
