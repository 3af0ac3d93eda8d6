"""Is a document still in force? A document a recorded one replaces or repeals says so, with
by which and since when, in the queries (both stores), the API, the CLI and RDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph.build.ingest import ingest_paths
from graph.export.rdf import export
from graph.query import lineage as queries
from graph.store.protocol import Store
from ontology.rdf import ELI
from tests.conftest import run_cli

TEXTS = Path(__file__).parent / "data" / "in_force"
PLAN, OLD, NEW = "doc:kh-tu-binh-dinh-77-2015-2020", "doc:qd-tw-102-xii", "doc:qd-tw-69-xiii"


@pytest.fixture
def filled(store: Store) -> Store:
    ingest_paths(store, [str(TEXTS)], workers=1)
    return store


def test_a_lineage_through_a_replaced_document_says_so(filled: Store) -> None:
    answer = queries.trace(filled, PLAN)
    assert [[hop["target"] for hop in path] for path in answer["paths"]] == [[OLD]]
    assert answer["superseded"] == [OLD]
    old = answer["nodes"][OLD]
    assert old["in_force"] is False
    assert old["superseded_by"] == [{"id": NEW, "label": "Quy định 69-QĐ/TW (2022)", "relation": "REPLACES",
                                     "since": "2022-07-06", "confidence": old["superseded_by"][0]["confidence"]}]
    assert "in_force" not in answer["nodes"][PLAN]  # nothing ends a plan's force here: nothing is said


def test_implementations_and_timeline_of_a_replaced_document(filled: Store) -> None:
    impl = queries.implementations(filled, OLD)
    assert impl["document"]["in_force"] is False and impl["superseded"] == [OLD]
    assert [i["node"]["id"] for i in impl["items"]] == [PLAN]
    timeline = queries.timeline(filled, OLD)
    assert timeline["events"][0]["relation"] == "ISSUED" and timeline["events"][0]["node"]["in_force"] is False
    assert ("REPLACES", NEW) in {(e["relation"], e["node"]["id"]) for e in timeline["events"]}
    assert queries.implementations(filled, NEW)["superseded"] == []


def test_the_api_document_says_whether_it_is_in_force(filled: Store) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(), store=filled)) as client:
        old = client.get(f"/documents/{OLD}").json()["in_force"]
        new = client.get(f"/documents/{NEW}").json()["in_force"]
    assert old["in_force"] is False and old["since"] == "2022-07-06"
    assert [s["id"] for s in old["superseded_by"]] == [NEW]
    assert new == {"in_force": None, "since": None, "superseded_by": []}


def test_rdf_states_eli_not_in_force_since_the_replacing_day(filled: Store) -> None:
    g = Graph().parse(data=b"".join(export(filled, "ttl")), format="turtle")
    iri = next(s for s in g.subjects() if str(s).endswith("/doc/qd-tw-102-xii"))
    assert g.value(iri, ELI.in_force) == URIRef(str(ELI) + "InForce-notInForce")
    assert g.value(iri, ELI.date_no_longer_in_force) == Literal("2022-07-06", datatype=XSD.date)
    new = next(s for s in g.subjects() if str(s).endswith("/doc/qd-tw-69-xiii"))
    assert g.value(new, ELI.in_force) is None


def test_the_cli_shows_the_whole_sentence_with_both_documents_marked(tmp_path: Path) -> None:
    data = str(tmp_path / "store")
    assert run_cli("ingest", str(TEXTS), "--data-dir", data).returncode == 0
    out = run_cli("trace", "Kế hoạch 77-KH/TU", "--data-dir", data)
    assert out.returncode == 0, out.stderr
    flat = " ".join(out.stdout.split())
    assert "hết hiệu lực: REPLACES ← Quy định 69-QĐ/TW (2022), 06/07/2022" in flat
    assert ("“Ngày 12/3/2018, Ban Thường vụ Tỉnh ủy Bình Định ban hành [Kế hoạch số 77-KH/TU] triển khai thực "
            "hiện [Quy định số 102-QĐ/TW] ngày 15/11/2017 của Bộ Chính trị về xử lý kỷ luật đảng viên vi phạm.”") in flat
    assert "no longer in force" in flat


def test_the_lineage_graph_marks_both_documents_inside_the_sentence(filled: Store) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(), store=filled)) as client:
        body = client.get(f"/documents/{OLD}/lineage").json()
    assert body["document"]["in_force"] is False
    edge = next(e for e in body["edges"] if e["source"] == PLAN)
    ev = edge["evidence"][0]
    marked = {(m["role"], m["node"], ev["text"][m["start"] - ev["start"]:m["end"] - ev["start"]]) for m in ev["marks"]}
    assert marked == {("source", PLAN, "Kế hoạch số 77-KH/TU"), ("target", OLD, "Quy định số 102-QĐ/TW")}
    assert ev["own_text"] is False
