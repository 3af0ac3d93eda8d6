"""The Cypher of the Neo4j store: every statement passes Neo4j's own parser and semantic
checker (``.ci/cypher/check.mjs``), no other module of ``graph/`` spells Cypher, and the
parameter rows are built right (pure functions, no server, nothing pretends to run Cypher)."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.build.delta import EdgeRow, MentionRow, NodeRow, SourceDelta, delta_of, dump_delta, merge_claims
from graph.store import cypher, neo4j_bulk
from graph.store import neo4j_rows as rows
from graph.store.protocol import Store, create_store, open_store
from loaders.extract import extract_source
from loaders.read.sources import iter_sources
from ontology.errors import StoreError
from ontology.vocab import NodeKind, RelationType

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / ".ci" / "cypher"
CONTRACT = Path(__file__).resolve().parent / "data" / "contract"
IN_CI = os.environ.get("VANKIEN_CI") == "1"


# ---------------------------------------------------------------------------- the checker
def _checker() -> str:
    node = shutil.which("node")
    missing = "node is not installed" if node is None else (
        "" if (CHECKER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir()
        else f"{CHECKER}/node_modules is missing (run `npm ci` there)")
    if missing:
        if IN_CI:
            pytest.fail(f"the Cypher checker cannot run in CI: {missing}")
        pytest.skip(missing)
    assert node is not None
    return node


def _check(statements: list[str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    node = _checker()
    path = tmp_path / "statements.json"
    labels = [k.value for k in NodeKind] + [cypher.NODE, cypher.SOURCE, cypher.ALIAS, cypher.META]
    types = [t.value for t in RelationType]
    path.write_text(json.dumps({"statements": statements, "labels": labels, "relationshipTypes": types}),
                    encoding="utf-8")
    return subprocess.run([node, str(CHECKER / "check.mjs"), *args, str(path)], capture_output=True, text=True,
                          timeout=300, check=False)


def test_every_statement_passes_neo4j_parser_and_semantic_checker(tmp_path: Path) -> None:
    statements = cypher.all_statements()
    done = _check(statements, tmp_path, "--strict", "--cypher", "5,25")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{2 * len(statements)} passed, 0 failed, 0 diagnostics" in done.stdout


def test_the_checker_rejects_syntax_and_semantic_errors(tmp_path: Path) -> None:
    broken = "MATCH (n:VkNode {ns: $ns} RETURN n.id AS id"
    undefined = "MATCH (n:VkNode {ns: $ns}) RETURN m.id AS id"
    unknown_function = "MATCH (n:VkNode {ns: $ns}) RETURN apoc.convert.toJson(n) AS j"
    good = "MATCH (n:VkNode {ns: $ns}) RETURN n.id AS id"
    done = _check([broken, undefined, unknown_function, good], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 3 failed" in done.stdout
    assert "--- statement 0" in done.stdout and "Invalid input" in done.stdout
    assert "--- statement 1" in done.stdout and "Variable `m` not defined" in done.stdout
    assert "--- statement 2" in done.stdout and "apoc.convert.toJson" in done.stdout
    assert "--- statement 3" not in done.stdout


def test_strict_fails_on_an_unknown_label(tmp_path: Path) -> None:
    done = _check(["MATCH (n:VkNod {ns: $ns}) RETURN n.id AS id"], tmp_path, "--strict")
    assert done.returncode == 1 and "VkNod" in done.stdout


# ---------------------------------------------------------------------------- the statements
def test_cypher_lives_only_in_graph_cypher() -> None:
    keyword = re.compile(r"\b(MATCH|MERGE|UNWIND|DETACH DELETE)\s")
    offenders = []
    for path in sorted((ROOT / "graph").glob("*.py")):
        if path.name == "cypher.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and keyword.search(node.value):
                offenders.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    assert not offenders, offenders


def test_statements_take_values_only_as_parameters() -> None:
    for statement in cypher.all_statements():
        assert "'" not in statement and '"' not in statement, statement
        if not statement.startswith(("CREATE", "CALL db.awaitIndexes")):  # the schema is the database's
            assert "$ns" in statement, statement


def test_one_statement_per_kind_and_type() -> None:
    for kind in NodeKind:
        assert f"n:`{kind.value}`" in cypher.upsert_nodes(kind)
    for rtype in RelationType:
        assert f"[r:`{rtype.value}`]" in cypher.merge_edges(rtype)
    statements = cypher.all_statements()
    assert len(statements) == len(set(statements))
    assert all(s in statements for s in cypher.DDL)
    with pytest.raises(ValueError):
        cypher.merge_edges("KNOWS` ]->() DETACH DELETE n //")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cypher.wipe("Person")
    with pytest.raises(ValueError):
        cypher.expand("both")


# ---------------------------------------------------------------------------- rows
def _delta(sid: str, nodes: Sequence[NodeRow], edges: Sequence[EdgeRow] = (), mentions: Sequence[MentionRow] = (),
           sha: str = "h") -> SourceDelta:
    return SourceDelta({"id": sid, "sha256": sha, "text": "t", "title": "T"}, tuple(nodes), tuple(edges),
                       tuple(mentions))


def _ev(source: str, start: int, rule: str = "cue", confidence: float = 0.5, text: str = "x") -> dict[str, Any]:
    return {"source": source, "start": start, "end": start + 1, "text": text, "rule": rule, "confidence": confidence}


@pytest.mark.parametrize(("value", "stored"), [
    (None, None), (True, True), (3, 3), (2.5, 2.5), ("a", "a"), (NodeKind.BODY, "Body"),
    ([], []), (["a", "b"], ["a", "b"]), ((1, 2), [1, 2]),
    ([1, "a"], '[1, "a"]'), ([True, 1], "[true, 1]"), (["a", None], '["a", null]'),
    ({"b": 1, "a": [1]}, '{"a": [1], "b": 1}'), ([{"x": 1}], '[{"x": 1}]'), (2**70, str(2**70)),
], ids=repr)
def test_storable(value: Any, stored: Any) -> None:
    out = rows.storable(value)
    assert out == stored and type(out) is type(stored)


def test_node_properties_keep_the_merged_props_whole_and_flatten_the_rest() -> None:
    merged = {"label": "Chỉ thị 05-CT/TW", "doc_kind": "chi_thi", "number": "05", "candidates": [{"id": "x"}],
              "series": "CT/TW|5|", "resolved": False, "id": "claimed", "vk_x": 1}
    props = rows.node_properties("ns1", "doc:a", "Document", merged, ["s1", "s2"])
    assert json.loads(props["vk_props"]) == merged and props["vk_sources"] == ["s1", "s2"]
    assert (props["ns"], props["id"], props["kind"]) == ("ns1", "doc:a", "Document")
    assert props["vk_p_id"] == "claimed" and props["vk_p_vk_x"] == 1
    assert props["candidates"] == '[{"id": "x"}]' and props["resolved"] is False
    assert props["vk_lookup"] == "chi_thi|5" and props["vk_series"] == "CT/TW|5|"
    assert props["vk_label_folded"] == "chi thi 05-ct/tw"
    assert None not in props.values()
    assert "vk_lookup" not in rows.node_properties("n", "b", "Body", {"label": "Bộ Chính trị"}, ["s"])


def test_where_params() -> None:
    q, pairs = rows.where_params({"q": "Tỉnh ủy  Bình Định", "year": 2017, "id": "x", "tags": ["a"]})
    assert q == "tinh uy binh dinh"
    assert pairs == [{"key": "year", "value": 2017}, {"key": "vk_p_id", "value": "x"},
                     {"key": "tags", "value": ["a"]}]
    assert rows.where_params(None) == (None, [])


def test_source_rows_keep_the_delta_and_plain_values() -> None:
    d = SourceDelta({"id": "s", "sha256": "h", "text": "t", "published": "2017-03-10", "title": None},
                    (NodeRow("x", NodeKind.BODY, {"name": "B"}),), (), ())
    (row,) = rows.source_rows([d])
    assert row["id"] == "s" and row["props"]["published"] == "2017-03-10" and row["props"]["title"] is None
    assert set(row["props"]) == {*rows.SOURCE_FIELDS, "delta_z", *rows.CLAIM_LISTS}
    assert (row["props"]["c_node"], json.loads(row["props"]["c_props"][0])) == (["x"], {"name": "B"})
    assert row["props"]["m_start"] is None  # no mention: no list
    back = rows.stored_delta({**row["props"], "text": "t"})
    assert back is not None and back.nodes == d.nodes and back.source["text"] == "t"
    plain = rows.stored_delta({"delta": dump_delta(d), "text": None})  # a namespace written before delta_z
    assert plain is not None and plain.nodes == d.nodes
    assert rows.stored_delta({"delta_z": None, "delta": None, "text": "t"}) is None


def test_plan_write_follows_the_embedded_order_of_events() -> None:
    v1, v1b, v2, other = _delta("s", [], sha="1"), _delta("s", [], sha="1"), _delta("s", [], sha="2"), _delta("o", [])
    plan = rows.plan_write([v1, v1b, v2, other], {}, force=False)
    assert (plan.added, plan.unchanged, plan.replaced) == (2, 1, 1)
    assert plan.apply == [v2, other] and plan.replace == []
    plan = rows.plan_write([v1, other], {"s": "1", "o": "h"}, force=False)
    assert (plan.unchanged, plan.apply, plan.replace) == (2, [], [])
    plan = rows.plan_write([v1, v2], {"s": "1"}, force=True)
    assert (plan.replaced, plan.apply, plan.replace) == (2, [v2], ["s"])


def test_claims_of_keep_the_last_claim_and_fold_mentions_by_node() -> None:
    d1 = _delta("s1", [NodeRow("x", NodeKind.DOCUMENT, {"label": "a"}), NodeRow("y", NodeKind.BODY, {}),
                       NodeRow("x", NodeKind.MEETING, {"label": "b"})],
                mentions=[MentionRow("y", 2, 3, "t"), MentionRow("x", 5, 9, "late"), MentionRow("x", 1, 4, "one"),
                          MentionRow("x", 1, 4, "dup")])
    kinds, lists = rows.claims_of(d1)
    assert kinds == {"x": NodeKind.DOCUMENT, "y": NodeKind.BODY}  # the first kind, the delta's order
    assert lists["c_node"] == ["x", "y"] and [json.loads(p) for p in lists["c_props"]] == [{"label": "b"}, {}]
    assert (lists["m_claim"], lists["m_start"], lists["m_end"]) == ([0, 0, 1], [1, 5, 2], [4, 9, 3])
    assert lists["m_text"] == ["=one", "=late", "=t"]  # not the source's text "t" at their offsets
    _, own = rows.claims_of(_delta("s3", [NodeRow("x", NodeKind.DOCUMENT, {})], mentions=[MentionRow("x", 0, 1, "t")]))
    assert own["m_text"] is None and own["m_start"] == [0]  # the source's text at [0, 1): no copy
    assert set(rows.claims_of(_delta("s", []))[1].values()) == {None}  # no claim: no list
    with pytest.raises(StoreError, match="names no node"):
        rows.claims_of(_delta("s", [], mentions=[MentionRow("ghost", 0, 1, "g")]))


def test_claim_rows_group_by_first_kind() -> None:
    d1 = _delta("s1", [NodeRow("x", NodeKind.DOCUMENT, {"label": "a"}), NodeRow("x", NodeKind.DOCUMENT, {"label": "b"})])
    d2 = _delta("s2", [NodeRow("x", NodeKind.MEETING, {"label": "c"}), NodeRow("y", NodeKind.BODY, {})])
    out = rows.claim_rows([d1, d2])
    assert out == {NodeKind.DOCUMENT: [{"id": "x", "sources": ["s1", "s2"]}], NodeKind.BODY: [{"id": "y", "sources": ["s2"]}]}


def test_edge_rows_one_row_per_edge_with_deduplicated_evidence() -> None:
    a = NodeRow("a", NodeKind.DOCUMENT, {})
    b = NodeRow("b", NodeKind.DOCUMENT, {})
    d1 = _delta("s1", [a, b], [EdgeRow("a", RelationType.IMPLEMENTS, "b", _ev("s1", 3, confidence=0.5)),
                                EdgeRow("a", RelationType.IMPLEMENTS, "b", _ev("s1", 3, confidence=0.8, text="y")),
                                EdgeRow("a", RelationType.IMPLEMENTS, "b", _ev("s1", 3, rule="reference")),
                                EdgeRow("b", RelationType.AMENDS, "a", {**_ev("s1", 1), "text": None, "confidence": 1})])
    d2 = _delta("s2", [a, b], [EdgeRow("a", RelationType.IMPLEMENTS, "b", _ev("s2", 0))])
    out = rows.edge_rows([d1, d2])
    (impl,) = out[RelationType.IMPLEMENTS]
    assert (impl["src"], impl["tgt"], impl["sources"]) == ("a", "b", ["s1", "s2"])
    assert impl["ev_source"] == ["s1", "s1", "s2"] and impl["ev_rule"] == ["cue", "reference", "cue"]
    assert impl["ev_confidence"][0] == 0.8 and impl["ev_text"][0] == "=y"  # not the source's text "t" at [3, 4)
    (amend,) = out[RelationType.AMENDS]  # no sentence, and "t" has none at [1, 2)
    assert amend["ev_text"] == [""] and type(amend["ev_confidence"][0]) is float
    (own,) = rows.edge_rows([_delta("s3", [a, b], [EdgeRow("a", RelationType.GUIDES, "b", _ev("s3", 0, text="t"))])]).values()
    assert own[0]["ev_text"] == [""]  # the source's text at [0, 1): not repeated on the edge
    assert rows.foreign_endpoints([d1]) == []
    assert rows.foreign_endpoints([_delta("s", [a], [EdgeRow("a", RelationType.GUIDES, "z", _ev("s", 0))])]) == ["z"]


@pytest.mark.parametrize(("own", "start", "end", "text", "kept"), [
    ("Theo Chỉ thị 05.", 5, 15, "Chỉ thị 05", ""),  # the source's text at its offsets: taken back from it
    ("Theo Chỉ thị 05.", 0, 4, "Theo", ""),
    ("Theo Chỉ thị 05.", 5, 15, "Chỉ thị 5", "=Chỉ thị 5"),  # another sentence: kept, marked
    ("Theo Chỉ thị 05.", 5, 15, "", "="),  # an empty sentence is not the text at [5, 15)
    ("ab", 1, 1, "", ""),
    (None, 0, 4, "Theo", "=Theo"),  # no text to take it back from
    ("=x", 0, 2, "=x", ""),
])
def test_quote_keeps_only_the_sentences_a_source_text_does_not_give_back(
        own: str | None, start: int, end: int, text: str, kept: str) -> None:
    assert rows.quote(own, start, end, text) == kept
    item = {"source": "s", "start": start, "end": end, "text": kept}
    wanted = rows.slice_rows([item])
    assert (item["text"] if not wanted else own[start:end]) == text  # type: ignore[index]


def test_source_text_is_none_when_offsets_would_part() -> None:
    """Outside the Basic Multilingual Plane a character is one Python index and two Java ones:
    such a source keeps its sentences on its edges."""
    assert rows.source_text(_delta("s", [])) == "t"
    astral = SourceDelta({"id": "s", "text": "a \U0001F600 b"}, (), (), ())
    assert rows.source_text(astral) is None and rows.source_text(SourceDelta({"id": "s"}, (), (), ())) is None


def test_bulk_graph_spools_sources_with_their_claims_in_order() -> None:
    a, b, c = (NodeRow(x, NodeKind.DOCUMENT, {"n": x}) for x in "abc")
    deltas = [_delta(f"s{i}", [a, b] if i % 2 else [b, c], [EdgeRow("b", RelationType.IMPLEMENTS, "a" if i % 2 else "c",
                                                                    _ev(f"s{i}", i))],
                     [MentionRow("b", i, i + 1, "b")]) for i in range(5)]
    graph = neo4j_bulk.collect(deltas, "ns1")
    assert graph.sources == 5 and set(graph.kinds) == {"a", "b", "c"}
    nodes = {r["id"]: r for kind_rows in graph.node_rows("ns1").values() for r in kind_rows}
    assert {n: r["vk_sources"] for n, r in nodes.items()} == {
        "a": ["s1", "s3"], "b": ["s0", "s1", "s2", "s3", "s4"], "c": ["s0", "s2", "s4"]}
    batches = list(graph.source_batches(2))
    assert [len(s) for s in batches] == [2, 2, 1]
    sources = [s for batch in batches for s in batch]
    assert [s["id"] for s in sources] == [f"s{i}" for i in range(5)] and {s["ns"] for s in sources} == {"ns1"}
    back = rows.stored_delta({**sources[3], "text": "t"})
    assert back is not None and back.nodes == deltas[3].nodes and back.edges == deltas[3].edges
    claims = [(s["id"], s["c_node"], s["m_claim"], s["m_start"]) for s in sources]
    assert claims == [("s0", ["b", "c"], [0], [0]), ("s1", ["a", "b"], [1], [1]), ("s2", ["b", "c"], [0], [2]),
                      ("s3", ["a", "b"], [1], [3]), ("s4", ["b", "c"], [0], [4])]
    assert graph.spool.closed  # read once, then dropped


def test_parameter_rows_are_a_list_shown_by_their_length() -> None:
    data = [{"id": "a", "ev_text": ["x" * 1000]}, {"id": "b", "ev_text": []}]
    sent = rows.Rows(data)
    assert isinstance(sent, list) and sent == data and sent is not data
    assert repr(sent) == "<2 rows>" and "x" not in repr({"rows": sent})


def test_removal_and_key_rows() -> None:
    e = EdgeRow("a", RelationType.GUIDES, "b", _ev("s", 0))
    old = {"s1": _delta("s1", [], [e]), "s2": _delta("s2", [], [e, EdgeRow("b", RelationType.PART_OF, "c", _ev("s", 0))])}
    assert rows.removal_rows(old) == [
        {"src": "a", "type": "GUIDES", "tgt": "b", "sources": ["s1", "s2"]},
        {"src": "b", "type": "PART_OF", "tgt": "c", "sources": ["s2"]}]
    assert rows.key_rows([("a", RelationType.GUIDES, "b"), ("a", "GUIDES", "b")]) == [
        {"src": "a", "type": "GUIDES", "tgt": "b"}]


def test_merged_nodes_and_evidences_read_back() -> None:
    claims = [["s2", '{"name": "B", "basis": "text"}'], ["s1", '{"name": "A", "basis": "estimate"}']]
    records: list[dict[str, Any]] = [{"id": "x", "kind": "Body", "claims": claims},
                                     {"id": "y", "kind": "Body", "claims": []}]
    updates, gone = rows.merged_nodes("ns", records)
    assert gone == ["y"]
    assert json.loads(updates[0]["props"]["vk_props"]) == {"name": "B"}
    assert updates[0]["props"]["vk_sources"] == ["s1", "s2"]
    record = {"ev_source": ["s2", "s1", "s1"], "ev_start": [0, 9, 2], "ev_end": [1, 10, 3], "ev_text": ["a", "b", "c"],
              "ev_rule": ["cue"] * 3, "ev_confidence": [0.5, 0.9, 0.5]}
    assert [(e["source"], e["start"]) for e in rows.evidences(record)] == [("s1", 9), ("s1", 2), ("s2", 0)]
    assert len(rows.evidences(record, 1)) == 1 and rows.evidences({}) == []
    del record["ev_text"]  # every sentence is its source's text
    assert {e["text"] for e in rows.evidences(record)} == {""}


def _deltas() -> list[SourceDelta]:
    return [delta_of(extract_source(s)) for s in iter_sources([str(CONTRACT)])]  # type: ignore[arg-type]


def test_rows_reproduce_the_embedded_store(tmp_path: Path) -> None:
    """What the rows would make of the contract articles is what the embedded store holds:
    the same merged properties per node, the same evidence count and best confidence per edge."""
    store: Store = open_store("embedded", data_dir=tmp_path)
    try:
        deltas = _deltas()
        store.write(deltas)
        claims: dict[str, dict[str, Any]] = {}
        for d in deltas:
            _, lists = rows.claims_of(d)
            for nid, props in zip(lists["c_node"] or (), lists["c_props"] or (), strict=True):
                claims.setdefault(nid, {})[d.id] = json.loads(props)
        expected = {nid: merge_claims(c) for nid, c in claims.items()}
        assert {n.id: n.props for n in store.iter_nodes()} == expected
        edges = {(r["src"], t.value, r["tgt"]): (max(r["ev_confidence"]), len(r["ev_source"]))
                 for t, rs in rows.edge_rows(deltas).items() for r in rs}
        assert {e.key: (e.confidence, e.evidence_count) for e, _ in store.iter_edges()} == edges
    finally:
        store.close()


def test_store_constructor_does_no_io_and_open_reports_failures() -> None:
    store = create_store("neo4j", uri="bolt://127.0.0.1:9", user="u", password="p", namespace="t1")
    assert isinstance(store, Store)
    with pytest.raises(StoreError, match="not open"):
        store.generation()
    with pytest.raises(StoreError, match="cannot reach Neo4j at bolt://127.0.0.1:9"):
        store.open()
    with pytest.raises(StoreError, match="bad Neo4j URI"):
        create_store("neo4j", uri="nope://x").open()


# ---------------------------------------------------------------------------- on a real Neo4j
def test_every_statement_plans_on_a_real_neo4j(neo4j_uri: str) -> None:
    """Neo4j's own planner accepts every statement (EXPLAIN: planned, not run)."""
    from neo4j import GraphDatabase

    store = create_store("neo4j", uri=neo4j_uri, namespace="explain")
    store.open()  # runs the DDL
    store.close()
    failed = []
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver, driver.session() as session:
        for statement in cypher.all_statements():
            if statement.startswith("CREATE"):
                continue
            try:
                session.run(f"EXPLAIN {statement}").consume()
            except Exception as e:  # noqa: BLE001  (collect them all)
                failed.append(f"{e}: {statement[:80]!r}")
    assert not failed, failed


def test_the_schema_is_community_uniqueness_constraints_that_hold(neo4j_uri: str) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConstraintError

    store = create_store("neo4j", uri=neo4j_uri, namespace="schema")
    store.open()
    store.close()
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver, driver.session() as session:
        constraints = {r["name"]: r["type"] for r in session.run("SHOW CONSTRAINTS YIELD name, type")}
        assert {k: v for k, v in constraints.items() if k.startswith("vk_")} == {
            "vk_node_key": "UNIQUENESS", "vk_source_key": "UNIQUENESS", "vk_alias_key": "UNIQUENESS",
            "vk_meta_key": "UNIQUENESS"}
        states = {r["name"]: r["state"] for r in session.run("SHOW INDEXES YIELD name, state")}
        assert all(states[n] == "ONLINE" for n in ("vk_node_kind", "vk_node_series", "vk_node_lookup", "vk_node_label"))
        session.run("CREATE (:VkNode {ns: 'schema', id: 'x'})").consume()
        try:
            with pytest.raises(ConstraintError):
                session.run("CREATE (:VkNode {ns: 'schema', id: 'x'})").consume()
            session.run("CREATE (:VkNode {ns: 'other', id: 'x'})").consume()  # another namespace may
        finally:
            session.run("MATCH (n:VkNode) WHERE n.ns IN ['schema', 'other'] DETACH DELETE n").consume()


def test_a_namespace_of_an_older_schema_is_refused_by_name(neo4j_uri: str) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_uri, auth=None) as driver, driver.session() as session:
        session.run("MERGE (m:VkMeta {ns: 'schema2'}) SET m.generation = 4, m.schema = 2").consume()
        try:
            store = create_store("neo4j", uri=neo4j_uri, namespace="schema2")
            with pytest.raises(StoreError, match=r"'schema2' .* has schema 2; this vankien reads 3 — schema 3: "
                                                 r"a source's claims are lists on its VkSource.*NEO4J_NAMESPACE"):
                store.open()
            with pytest.raises(StoreError, match="not open"):
                store.generation()  # closed again after the refusal
        finally:
            session.run("MATCH (m:VkMeta {ns: 'schema2'}) DELETE m").consume()
