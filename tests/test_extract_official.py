"""Official document texts (tests/data/extract_official.yaml): the header makes the source's own
document, the signature block gives SIGNED_BY with the signer's post, "Nơi nhận" gives SENT_TO;
and the two new relations go through the embedded store, the API and RDF."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef

from graph.build.ingest import ingest_paths
from graph.build.rdf_import import import_rdf
from graph.export.rdf import export
from graph.store.protocol import open_store
from ontology.rdf import SHAPES_PATH, VK, Iris
from ontology.text import fold_key
from ontology.vocab import RelationType
from tests.extract_cases import cases, matches, run

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CASES = cases("extract_official.yaml")


def _run(case: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    if case.get("nfd"):
        case = {**case, "text": unicodedata.normalize("NFD", case["text"])}
    return run(case)


def _own_id(case: dict[str, Any], rec: dict[str, Any]) -> str:
    own = case["own"]
    if "id" in own:
        return str(own["id"])
    placed = [d["id"] for d in rec["documents"] if d["place"]]
    assert len(placed) == 1, f"one own document expected, got {placed}"
    return placed[0]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_official_text(case: dict[str, Any]) -> None:
    x, rec = _run(case)
    rels = {(r["type"], r["source"], r["target"]): r for r in rec["relations"]}
    if case.get("no_header"):
        assert not any(d["place"] for d in rec["documents"]), "a news dateline or a State header made an own document"
        assert not any(t in (RelationType.SIGNED_BY, RelationType.SENT_TO) for t, _, _ in rels)
        assert not any(r["evidence"]["own_text"] for r in rec["relations"])
        return
    own_id = _own_id(case, rec)
    docs = {d["id"]: d for d in rec["documents"]}
    assert own_id in docs, f"own document {own_id} not among {sorted(docs)}"
    expected = {k: v for k, v in case["own"].items() if k != "id"}
    assert matches(docs[own_id], expected), {k: docs[own_id].get(k) for k in expected}
    if "title_exact" in case:
        assert docs[own_id]["title"] == case["title_exact"]
    persons = {p["id"]: p for p in rec["persons"]}
    for pid, role, body in case.get("signed") or []:
        r = rels.get((RelationType.SIGNED_BY, own_id, pid))
        assert r is not None, f"no SIGNED_BY {pid}; got {[k for k in rels if k[0] == 'SIGNED_BY']}"
        assert r["evidence"]["own_text"] and x.text[r["evidence"]["start"]:r["evidence"]["end"]] == r["evidence"]["text"]
        posts = persons[pid]["posts"]
        assert any(fold_key(p["title"]).startswith(fold_key(role)) and p["body"] == body for p in posts), posts
        span = persons[pid]["mentions"][-1]
        assert x.text[span["start"]:span["end"]] == span["text"]
    if case.get("no_signature"):
        assert not any(t == RelationType.SIGNED_BY for t, _, _ in rels)
    for body in case.get("sent") or []:
        assert (RelationType.SENT_TO, own_id, body) in rels, [k for k in rels if k[0] == "SENT_TO"]
    for body in case.get("not_sent") or []:
        assert (RelationType.SENT_TO, own_id, body) not in rels
    names = " | ".join(b["name"] for b in rec["bodies"])
    for bad in case.get("no_bodies") or []:
        assert bad not in names
    if case.get("own_from"):
        start = x.text.index(case["own_from"])
        for r in rec["relations"]:
            ev = r["evidence"]
            assert ev["own_text"] == (ev["start"] >= start), (r["type"], ev["text"][:60])


# ---------------------------------------------------------------- through the store, the API and RDF

SIGNED = "central-secretariat-with-news-around"


@pytest.fixture(scope="module")
def official_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An embedded store holding one invented official text."""
    folder = tmp_path_factory.mktemp("official")
    case = next(c for c in CASES if c["id"] == SIGNED)
    path = folder / "ct25.txt"
    path.write_text(case["text"], encoding="utf-8")
    store = open_store("embedded", data_dir=folder / "store")
    report = ingest_paths(store, [str(path)], workers=1)
    assert report.read == 1 and not report.failures
    yield store
    store.close()


def test_signer_and_recipients_are_read_through_the_api(official_store: Any) -> None:
    from api.app import create_app
    from api.settings import Settings

    client = TestClient(create_app(Settings(), store=official_store))
    doc = client.get("/documents/doc:ct-tw-25-xiii").json()
    out = {(r["type"], r["node"]["id"]) for r in doc["relations"] if r["direction"] == "out"}
    assert ("SIGNED_BY", "person:tran-minh-quang") in out
    assert ("SENT_TO", "body:uy-ban-kiem-tra-trung-uong") in out
    assert ("SENT_TO", "body:ban-bi-thu") not in out
    signed = next(r for r in doc["relations"] if r["type"] == "SIGNED_BY")
    assert signed["evidence"] and "Trần Minh Quang" in signed["evidence"][0]["text"]
    person = client.get("/persons/person:tran-minh-quang").json()
    assert any(r["type"] == "SIGNED_BY" and r["direction"] == "in" and r["node"]["id"] == "doc:ct-tw-25-xiii"
               for r in person["relations"])
    body = client.get("/bodies/body:uy-ban-kiem-tra-trung-uong").json()
    assert any(r["type"] == "SENT_TO" and r["direction"] == "in" for r in body["relations"])


def test_signer_and_recipients_export_to_valid_rdf_and_back(official_store: Any, tmp_path: Path) -> None:
    blob = b"".join(export(official_store, "ttl"))
    g = Graph().parse(data=blob, format="turtle")
    iris = Iris()
    doc = URIRef(iris.node("doc:ct-tw-25-xiii"))
    assert (doc, VK.signedBy, URIRef(iris.node("person:tran-minh-quang"))) in g
    assert (doc, VK.sentTo, URIRef(iris.node("body:uy-ban-kiem-tra-trung-uong"))) in g
    ok, report, _ = validate(g, shacl_graph=Graph().parse(SHAPES_PATH, format="turtle"))
    assert ok, report.serialize(format="turtle")[:2000]
    again = open_store("embedded", data_dir=tmp_path / "imported")
    try:
        import_rdf(again, blob, "ttl")
        edges = {(e.source, e.type, e.target) for e in again.expand(["doc:ct-tw-25-xiii"], "out")}
        assert ("doc:ct-tw-25-xiii", RelationType.SIGNED_BY, "person:tran-minh-quang") in edges
        assert ("doc:ct-tw-25-xiii", RelationType.SENT_TO, "body:uy-ban-kiem-tra-trung-uong") in edges
    finally:
        again.close()

