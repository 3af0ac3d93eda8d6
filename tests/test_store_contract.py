"""The store contract: every backend behaves the same (embedded, and a real Neo4j)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import queries
from graph.ingest import ingest_paths, ingest_sources
from graph.lookup import resolve_text
from graph.store import Store
from loaders.sources import read_text
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
                 "45-KH/TU về thực hiện Kết luận số 01-KL/TW ngày 18-5-2021 của Bộ Chính trị.\n", encoding="utf-8")
    report = ingest_paths(store, [a, b], workers=1)
    assert report.summary.sources_replaced == 1 and report.unchanged == 1
    still = _edge(store, PLAN, "IMPLEMENTS", "doc:ct-tw-39-xi")
    assert [e["source"] for e in still] == ["src:b"]  # a no longer says it; b still does
    assert _edge(store, PLAN, "IMPLEMENTS", "doc:kl-tw-1-xiii")


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
