"""The store contract: every backend behaves the same (embedded, and a real Neo4j)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.build.ingest import ingest_paths, ingest_sources
from graph.query import in_force, lineage
from graph.query import lineage as queries
from graph.query.lookup import resolve_text
from graph.store.protocol import Store, open_store
from loaders.read.sources import read_text
from ontology.errors import StoreError
from ontology.vocab import RelationType
from tests.conftest import DATA, need_shared

CONTRACT = DATA / "contract"
PLAN = "doc:kh-tu-binh-dinh-45-2015-2020"
PARTIAL = "doc:kh-tu-binh-dinh-45"

# Five articles that state the same relation in different words (written for these tests).
SAME_RELATION = [
    "Ngày 10-3-2017, Ban Thường vụ Tỉnh ủy Bình Định ban hành Kế hoạch số 45-KH/TU về thực hiện Chỉ thị số 39-CT/TW "
    "ngày 18-8-2014 của Bộ Chính trị.",
    "Tỉnh ủy Bình Định đã triển khai Kế hoạch số 45-KH/TU ngày 10-3-2017 thực hiện Chỉ thị số 39-CT/TW ngày 18-8-2014 "
    "của Bộ Chính trị về tăng cường công tác bảo vệ chính trị nội bộ.",
    "Các cấp ủy trong tỉnh Bình Định quán triệt Kế hoạch số 45-KH/TU ngày 10-3-2017 của Ban Thường vụ Tỉnh ủy Bình Định "
    "triển khai thực hiện Chỉ thị số 39-CT/TW ngày 18-8-2014 của Bộ Chính trị.",
    "Theo Kế hoạch số 45-KH/TU ngày 10-3-2017 của Ban Thường vụ Tỉnh ủy Bình Định về tiếp tục thực hiện Chỉ thị số "
    "39-CT/TW ngày 18-8-2014 của Bộ Chính trị, các huyện đã kiểm tra việc thực hiện.",
    "Báo cáo nêu rõ Kế hoạch số 45-KH/TU ngày 10-3-2017 của Tỉnh ủy Bình Định về thực hiện Chỉ thị số 39-CT/TW ngày "
    "18-8-2014 của Bộ Chính trị đã đạt kết quả.",
]


def _article(tmp: Path, name: str, body: str, title: str = "Công tác bảo vệ chính trị nội bộ ở Bình Định") -> Path:
    path = tmp / f"{name}.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def _edge(store: Store, source: str, type_: str, target: str) -> list[dict[str, object]]:
    key = (source, type_, target)
    return store.evidence([key], per_edge=100)[key]


def test_same_source_twice_changes_nothing(store: Store) -> None:
    first = ingest_paths(store, [CONTRACT], workers=1)
    before = store.stats()
    second = ingest_paths(store, [CONTRACT], workers=1)
    assert first.summary.sources_added == 2
    assert second.unchanged == 2 and second.summary.edges_added == 0 and second.summary.nodes_added == 0
    after = store.stats()
    assert {k: before[k] for k in ("nodes", "edges", "evidence")} == {k: after[k] for k in ("nodes", "edges", "evidence")}


def test_evidence_accumulates_on_one_edge(store: Store, tmp_path: Path) -> None:
    paths = [_article(tmp_path, f"a{i}", body) for i, body in enumerate(SAME_RELATION)]
    ingest_paths(store, paths, workers=1)
    evidence = _edge(store, PLAN, "IMPLEMENTS", "doc:ct-tw-39-xi")
    assert len({e["source"] for e in evidence}) == 5
    assert all(e["text"] and "45-KH/TU" in str(e["text"]) for e in evidence)
    edges = [e for e in store.expand([PLAN], "out") if e.target == "doc:ct-tw-39-xi" and e.type.value == "IMPLEMENTS"]
    assert len(edges) == 1


def test_changed_source_replaces_only_its_facts(store: Store, tmp_path: Path) -> None:
    a = _article(tmp_path, "a", SAME_RELATION[0])
    b = _article(tmp_path, "b", SAME_RELATION[1])
    ingest_paths(store, [a, b], workers=1)
    a.write_text("Tiêu đề mới về Bình Định\n\nNgày 10-3-2017, Ban Thường vụ Tỉnh ủy Bình Định ban hành Kế hoạch số "
                 "45-KH/TU về thực hiện Chỉ thị số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị.\n", encoding="utf-8")
    report = ingest_paths(store, [a, b], workers=1)
    assert report.summary.sources_replaced == 1 and report.unchanged == 1
    still = _edge(store, PLAN, "IMPLEMENTS", "doc:ct-tw-39-xi")
    assert [e["source"] for e in still] == ["src:b"]  # a no longer says it; b still does
    assert _edge(store, PLAN, "IMPLEMENTS", "doc:ct-tw-5-xii")


def test_removing_a_source_removes_what_only_it_said(store: Store, tmp_path: Path) -> None:
    a = _article(tmp_path, "a", SAME_RELATION[0])
    ingest_paths(store, [a], workers=1)
    store.remove_sources(["src:a"])
    assert store.get_nodes([PLAN]) == {}
    assert store.stats()["edges"] == 0 and store.stats()["sources"] == 0


@pytest.mark.parametrize("order", ["partial-first", "canonical-first"])
def test_partial_reference_joins_its_canonical_entity(store: Store, order: str) -> None:
    dated, undated = CONTRACT / "plan_dated.txt", CONTRACT / "plan_undated.txt"
    paths = [undated, dated] if order == "partial-first" else [dated, undated]
    for p in paths:
        ingest_paths(store, [p], workers=1)
    assert store.get_nodes([PARTIAL]) == {}, "the partial reference left a duplicate"
    plan = store.get_nodes([PLAN])[PLAN]
    assert plan.props["resolved"] is True
    # the undated article's relation now hangs on the canonical plan, with its evidence
    assert _edge(store, PLAN, "IMPLEMENTS", "doc:ct-tw-5-xii")[0]["source"] == "src:plan-undated"
    assert store.aliases()[PARTIAL] == PLAN
    assert (store.canonical_id(PARTIAL), store.canonical_id(PLAN), store.canonical_id("doc:none")) == (PLAN, PLAN, "doc:none")
    assert queries.trace(store, PARTIAL)["start"]["id"] == PLAN
    # and re-ingesting the undated article keeps it merged
    ingest_sources(store, [read_text(undated.read_text(encoding="utf-8") + "\n", str(undated))], workers=1)
    assert store.get_nodes([PARTIAL]) == {}


def test_queries_reach_through_the_shared_corpus(store: Store) -> None:
    shared = need_shared()
    ingest_paths(store, [shared / "seeds", shared / "corpus" / "dev.jsonl"], workers=1)
    plan = resolve_text(store, "126-KH/TU")[0]["id"]
    assert plan == "doc:kh-tu-dong-thap-126-2015-2020"
    result = queries.trace(store, plan)
    hops = [h for p in result["paths"] for h in p]
    ct39 = next(h for h in hops if h["target"] == "doc:ct-tw-39-xi")
    assert ct39["type"] == "IMPLEMENTS" and "126-KH/TU" in ct39["evidence"][0]["text"]
    assert result["nodes"]["doc:ct-tw-39-xi"]["year"] == 2014
    impl = queries.implementations(store, "doc:ct-tw-5-xii")
    kinds = {i["node"]["kind"] for i in impl["items"]}
    assert "Meeting" in kinds and impl["count"] >= 3
    assert all(i["via"]["evidence"] for i in impl["items"])


def test_queries_are_bounded(store: Store, tmp_path: Path) -> None:
    ingest_paths(store, [CONTRACT], workers=1)
    with pytest.raises(Exception, match="depth"):
        queries.trace(store, PLAN, depth=0)
    with pytest.raises(Exception, match="not found"):
        queries.implementations(store, "doc:does-not-exist")


def test_summary_and_counts(store: Store, tmp_path: Path) -> None:
    a = _article(tmp_path, "a", SAME_RELATION[0])
    b = _article(tmp_path, "b", SAME_RELATION[1])
    first = ingest_paths(store, [a, b], workers=1)
    assert first.summary.sources_added == 2 and first.summary.edges_updated == 0
    [edge] = [e for e in store.expand(["doc:ct-tw-39-xi"], "in", None) if e.source == PLAN and e.type.value == "IMPLEMENTS"]
    assert edge.evidence_count == 2
    a.write_text(a.read_text(encoding="utf-8") + "\nCác cấp ủy đã quán triệt.\n", encoding="utf-8")
    again = ingest_paths(store, [a, b], workers=1)
    # the edge existed before: re-stating it is an update, never an addition
    assert again.summary.sources_replaced == 1 and again.summary.edges_added == 0 and again.summary.edges_updated >= 1


def test_expand_orders_by_position_type_and_other_end(store: Store) -> None:
    shared = need_shared()
    ingest_paths(store, [shared / "seeds", shared / "corpus" / "dev.jsonl"], workers=1)
    ids = ["doc:ct-tw-5-xii", "doc:ct-tw-39-xi"]
    edges = store.expand(ids, "in")
    assert len(edges) >= 4 and len({e.target for e in edges}) == 2
    order = [(ids.index(e.target), e.type.value, e.source) for e in edges]
    assert order == sorted(order)
    assert store.expand(ids, "in", limit=3) == edges[:3]


@pytest.mark.parametrize("typed_from_index", [0, 10**9], ids=["wide-nodes-read-the-index", "graph-only"])
def test_the_edge_table_and_the_in_memory_graph_expand_alike(corpus: Store, typed_from_index: int,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-shot command reads edges from the indexed table; the API from the graph it keeps
    in memory, except for the typed edges of a node with many neighbours: the answers are the
    same, in the same order, wherever that line is drawn."""
    monkeypatch.setattr("graph.store.embedded._TYPED_FROM_INDEX", typed_from_index)
    ids = [n.id for n in corpus.iter_nodes()]
    ids = ids[::7] + ids[:5]  # a duplicate is expanded once
    cold = open_store("embedded", data_dir=getattr(corpus, "data_dir"))  # noqa: B009
    try:
        corpus.graph()  # type: ignore[attr-defined]
        for direction in ("out", "in"):
            for types in (None, [RelationType.IMPLEMENTS, RelationType.REVIEWS], [RelationType.PART_OF]):
                for limit in (10_000, 7):
                    assert cold.expand(ids, direction, types, limit) == corpus.expand(ids, direction, types, limit)
        assert getattr(cold, "_graph") is None  # noqa: B009  (the cold store never built the graph)
    finally:
        cold.close()


# ---------------------------------------------------------------- ingest order never matters
# One series tempts it: a reference to 126-KH/TU of Đồng Tháp without any date (it cannot
# know its term), and two dated plans of that number from two terms (2017 and 2022).
ORDER_SET = {
    "undated": "Ban Thường vụ Tỉnh ủy Đồng Tháp chỉ đạo các cấp ủy thực hiện nghiêm Kế hoạch số 126-KH/TU của Ban "
               "Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.",
    "dated-2017": "Ngày 12-4-2017, Ban Thường vụ Tỉnh ủy Đồng Tháp ban hành Kế hoạch số 126-KH/TU về thực hiện Chỉ thị "
                  "số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị.",
    "dated-2022": "Ngày 9-6-2022, Ban Thường vụ Tỉnh ủy Đồng Tháp ban hành Kế hoạch số 126-KH/TU về thực hiện Kết luận "
                  "số 01-KL/TW ngày 18-5-2021 của Bộ Chính trị.",
}


def _signature(store: Store) -> tuple[object, ...]:
    nodes = sorted((n.id, n.props.get("resolved")) for n in store.iter_nodes())
    edges = sorted((e.source, e.type.value, e.target, tuple(sorted((x["source"], x["start"]) for x in ev)))
                   for e, ev in store.iter_edges(with_evidence=True))
    traces = [queries.trace(store, d) for d, _ in nodes if d.startswith("doc:kh-tu-dong-thap-126")]
    return nodes, edges, json.dumps(traces, sort_keys=True, default=str)


def _ingest_in_order(folder: Path, order: tuple[str, ...], kill_between_commits: bool = False) -> tuple[object, ...]:
    store = open_store("embedded", data_dir=folder / "store")
    try:
        for name in order:
            path = _article(folder, name, ORDER_SET[name], title="Tỉnh ủy Đồng Tháp triển khai kế hoạch")
            if kill_between_commits:  # the batch is committed, then the process dies before joining references
                with pytest.MonkeyPatch.context() as mp:
                    mp.setattr("graph.build.ingest.reconcile", lambda *_a, **_k: (_ for _ in ()).throw(SystemExit(9)))
                    with pytest.raises(SystemExit):
                        ingest_paths(store, [path], workers=1)
            ingest_paths(store, [path], workers=1)  # (a rerun, after a kill)
        return _signature(store)
    finally:
        store.close()


def test_ingest_order_and_kills_between_commits_never_change_the_graph(tmp_path: Path) -> None:
    import itertools

    orders = list(itertools.permutations(ORDER_SET))
    reference = _ingest_in_order(tmp_path / "ref", orders[0])
    together = open_store("embedded", data_dir=tmp_path / "all" / "store")
    try:
        ingest_paths(together, [_article(tmp_path / "all", n, t, "Tỉnh ủy Đồng Tháp triển khai kế hoạch")
                                for n, t in ORDER_SET.items()], workers=1)
        assert _signature(together) == reference, "one batch and one source at a time differ"
    finally:
        together.close()
    ids = [n for n, _ in reference[0]]  # type: ignore[index]
    assert "doc:kh-tu-dong-thap-126" in ids, "with two dated plans the undated reference cannot be joined"
    for i, order in enumerate(orders[1:]):
        (tmp_path / f"o{i}").mkdir()
        assert _ingest_in_order(tmp_path / f"o{i}", order) == reference, order
    for i, order in enumerate(orders[:3]):
        (tmp_path / f"k{i}").mkdir()
        assert _ingest_in_order(tmp_path / f"k{i}", order, kill_between_commits=True) == reference, order


def test_a_partial_reference_joins_when_one_canonical_is_left_alone(tmp_path: Path) -> None:
    """The two-document case's counterpart: with only the 2017 plan, the undated reference joins it."""
    store = open_store("embedded", data_dir=tmp_path / "store")
    try:
        for name in ("undated", "dated-2017"):
            ingest_paths(store, [_article(tmp_path, name, ORDER_SET[name], "Đồng Tháp")], workers=1)
        assert store.aliases().get("doc:kh-tu-dong-thap-126") == "doc:kh-tu-dong-thap-126-2015-2020"
        ingest_paths(store, [_article(tmp_path, "dated-2022", ORDER_SET["dated-2022"], "Đồng Tháp")], workers=1)
        assert store.aliases().get("doc:kh-tu-dong-thap-126") == "doc:kh-tu-dong-thap-126"  # parted again
        assert store.get_nodes(["doc:kh-tu-dong-thap-126"])  # standing alone, with its own relation
        assert _edge(store, "doc:kh-tu-dong-thap-126", "IMPLEMENTS", "doc:ct-tw-5-xii")
    finally:
        store.close()


REACH = list(csv.DictReader((CONTRACT / "reach.tsv").open(encoding="utf-8"), delimiter="\t"))
FOLLOWED = {"up": lineage.UP, "down": lineage.DOWN, "none": ()}


@pytest.mark.parametrize("case", REACH, ids=[f"{c['start'][:24]}-{c['direction']}-{c['depth']}-{c['max_nodes']}-{c['max_edges']}"
                                             for c in REACH])
def test_reach_reads_whole_levels_within_its_bounds(store: Store, case: dict[str, str]) -> None:
    """``reach`` on a three-level lineage (tests/data/round_trips, in_force): its levels, edges,
    marks and nodes, and each node's edges as ``expand`` gives them."""
    ingest_paths(store, [DATA / "in_force", DATA / "round_trips"], workers=1)
    found = store.reach(case["start"], case["direction"], FOLLOWED[case["types"]], int(case["depth"]),
                        int(case["max_nodes"]), int(case["max_edges"]), into=in_force.ENDS_FORCE)
    levels = [level.split() for level in case["levels"].split(" | ")] if case["levels"] else []
    into = [" ".join((e.source, e.type.value, e.target)) for e in found.into]
    assert [list(level) for level in found.levels] == levels
    assert (sum(map(len, found.edges.values())), into, len(found.nodes), found.complete) == (
        int(case["edges"]), [case["into"]] if case["into"] else [], int(case["nodes"]), case["complete"] == "yes")
    assert list(found.edges) == [n for level in levels for n in level]
    for nid, edges in found.edges.items():
        assert edges == store.expand([nid], case["direction"], FOLLOWED[case["types"]]) if FOLLOWED[case["types"]] else edges == []
    assert set(found.nodes) == {*found.edges, *(e.source for e in found.into)}


def test_reach_refuses_what_no_backend_answers(store: Store) -> None:
    for direction, depth, max_nodes in (("both", 1, 10), ("out", -1, 10), ("out", 99, 10), ("out", 2, 0)):
        with pytest.raises(StoreError):
            store.reach("doc:none", direction, lineage.UP, depth, max_nodes)
