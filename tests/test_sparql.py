"""Read-only SPARQL over the shared corpus: the four query forms, updates refused, limits
enforced, the README's example answered, and the SPARQL protocol over HTTP."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef

from graph.build.ingest import ingest_paths
from graph.export.sparql import DEFAULT_LIMIT, negotiate, run_query
from graph.store.protocol import Store, open_store
from ontology.errors import InvalidRequestError, QueryLimitError
from tests.conftest import ROOT, need_shared

pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset.*:DeprecationWarning")

P = """PREFIX vk: <https://vankien.example.org/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
DOC = "https://vankien.example.org/doc/"


# ------------------------------------------------------------------ the four forms

def _select_labels(r: Any) -> None:
    assert r.form == "SELECT" and r.vars == ["label"]
    assert {"label": "Chỉ thị 39-CT/TW (2014)"} in [{k: str(v) for k, v in row.items()} for row in r.rows]


def _ask_true(r: Any) -> None:
    assert r.form == "ASK" and r.boolean is True


def _ask_false(r: Any) -> None:
    assert r.form == "ASK" and r.boolean is False


def _construct(r: Any) -> None:
    assert r.form == "CONSTRUCT" and r.graph is not None
    assert (URIRef(DOC + "kh-tu-dong-thap-126-2015-2020"), URIRef("http://purl.org/dc/terms/relation"),
            URIRef(DOC + "ct-tw-39-xi")) in r.graph


def _describe(r: Any) -> None:
    assert r.form == "DESCRIBE" and r.graph is not None
    assert (URIRef(DOC + "ct-tw-39-xi"), URIRef("https://vankien.example.org/ns#symbol"), None) in r.graph


def _ontology(r: Any) -> None:
    assert [str(row["l"]) for row in r.rows] == ["Kế hoạch"]


FORMS = [
    ("select", P + 'SELECT ?label WHERE { ?d vk:id "doc:ct-tw-39-xi" ; rdfs:label ?label }', _select_labels),
    ("ask yes", P + 'ASK { ?d vk:id "doc:kl-tw-21-xiii" ; a vk:Document }', _ask_true),
    ("ask no", P + 'ASK { ?d vk:id "doc:khong-co" }', _ask_false),
    ("construct", P + "CONSTRUCT { ?a <http://purl.org/dc/terms/relation> ?b } WHERE { ?a vk:implements ?b }",
     _construct),
    ("describe", f"DESCRIBE <{DOC}ct-tw-39-xi>", _describe),
    ("ontology loaded", P + "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
     'SELECT ?l WHERE { <https://vankien.example.org/ns/doc-kind/ke_hoach> skos:prefLabel ?l FILTER(lang(?l)="vi") }',
     _ontology),
]


@pytest.mark.parametrize(("what", "query", "check"), FORMS, ids=[f[0] for f in FORMS])
def test_query_forms(corpus: Store, what: str, query: str, check: Any) -> None:
    check(run_query(corpus, query))


REFUSED = [
    ("insert data", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
    ("delete where", "DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("insert where", P + "INSERT { ?s vk:name 'x' } WHERE { ?s a vk:Person }", "read-only"),
    ("load", "LOAD <http://example.org/data.ttl>", "read-only"),
    ("clear", "CLEAR ALL", "read-only"),
    ("drop", "DROP GRAPH <urn:g>", "read-only"),
    ("create", "CREATE GRAPH <urn:g>", "read-only"),
    ("service", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("from", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    ("malformed", "SELEC ?x WHERE { }", "malformed"),
    ("empty", "   ", "empty"),
]


@pytest.mark.parametrize(("what", "query", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(corpus: Store, what: str, query: str, message: str) -> None:
    before = corpus.stats()["edges"]
    with pytest.raises(InvalidRequestError, match=message):
        run_query(corpus, query)
    assert corpus.stats()["edges"] == before


# ------------------------------------------------------------------ limits

@pytest.mark.parametrize(("query", "limit"), [
    ("SELECT * WHERE { ?s ?p ?o }", 7),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 11),
])
def test_result_limit(corpus: Store, query: str, limit: int) -> None:
    r = run_query(corpus, query, limit=limit)
    assert r.truncated
    assert (len(r.rows) if r.graph is None else len(r.graph)) == limit


def test_default_result_limit_applies(corpus: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.export.sparql

    assert DEFAULT_LIMIT == 10_000
    monkeypatch.setattr(graph.export.sparql, "DEFAULT_LIMIT", 100)
    r = run_query(corpus, "SELECT * WHERE { ?s ?p ?o }")
    assert r.truncated and len(r.rows) == 100


def test_small_result_is_not_truncated(corpus: Store) -> None:
    r = run_query(corpus, P + "SELECT ?d WHERE { ?d a vk:Document } LIMIT 3", limit=10)
    assert not r.truncated and len(r.rows) == 3


def test_time_limit_stops_a_runaway_query(corpus: Store) -> None:
    t = time.monotonic()
    with pytest.raises(QueryLimitError, match="time limit"):
        run_query(corpus, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
    assert time.monotonic() - t < 5


@pytest.mark.parametrize("options", [{"timeout": 0}, {"timeout": 3600}, {"limit": 0}, {"limit": 10**9}])
def test_limits_out_of_bounds(corpus: Store, options: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequestError):
        run_query(corpus, "ASK {}", **options)


def test_graph_follows_the_store(tmp_path: Path) -> None:
    shared = need_shared()
    store = open_store("embedded", data_dir=tmp_path / "s")
    try:
        count = P + "SELECT (COUNT(?d) AS ?n) WHERE { ?d a vk:Source }"
        ingest_paths(store, [str(sorted((shared / "seeds").iterdir())[0])], workers=1)
        assert int(run_query(store, count).rows[0]["n"]) == 1
        ingest_paths(store, [str(shared / "corpus" / "dev.jsonl")], workers=1)
        assert int(run_query(store, count).rows[0]["n"]) > 1
    finally:
        store.close()


# ------------------------------------------------------------------ the README / docs example

def _doc_query() -> str:
    """The example query of docs/rdf.md ('all provincial plans implementing Kết luận 21-KL/TW')."""
    text = (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)
    found = [b for b in blocks if '"doc:kl-tw-21-xiii"' in b and "prov:value ?sentence" in b]
    assert found, "docs/rdf.md lost its example query"
    return found[0]


def test_every_docs_query_runs(corpus: Store) -> None:
    text = (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 4
    for block in blocks:
        run_query(corpus, block)


def test_docs_example_runs_for_conclusion_21(corpus: Store) -> None:
    r = run_query(corpus, _doc_query())
    assert r.vars[:4] == ["plan", "label", "province", "sentence"]
    for row in r.rows:  # the shared articles name no provincial plan for it; any that appears must say so
        assert "21" in str(row["sentence"]) and str(row["province"])


def test_docs_example_finds_dong_thap_plan_for_directive_39(corpus: Store) -> None:
    r = run_query(corpus, _doc_query().replace('"doc:kl-tw-21-xiii"', '"doc:ct-tw-39-xi"'))
    rows = [{k: str(v) for k, v in row.items()} for row in r.rows]
    assert len(rows) == 1
    row = rows[0]
    assert row["plan"] == DOC + "kh-tu-dong-thap-126-2015-2020"
    assert row["province"] == "Đồng Tháp" and row["label"] == "Kế hoạch 126-KH/TU (Tỉnh ủy Đồng Tháp)"
    assert "Kế hoạch số 126-KH/TU" in row["sentence"] and "Chỉ thị số 39-CT/TW" in row["sentence"]


# ------------------------------------------------------------------ serialisation and negotiation

@pytest.mark.parametrize(("accept", "form", "expected"), [
    (None, "SELECT", "application/sparql-results+json"),
    ("text/csv", "SELECT", "text/csv"),
    ("application/sparql-results+xml;q=0.9, text/csv;q=0.5", "SELECT", "application/sparql-results+xml"),
    ("text/*", "SELECT", "text/csv"),
    ("image/png", "ASK", "application/sparql-results+json"),
    ("*/*", "CONSTRUCT", "text/turtle"),
    ("application/ld+json", "DESCRIBE", "application/ld+json"),
    ("application/n-triples;q=0.2, application/rdf+xml", "CONSTRUCT", "application/rdf+xml"),
])
def test_negotiate(accept: str | None, form: str, expected: str) -> None:
    assert negotiate(accept, form) == expected


SELECT_39 = P + 'SELECT ?label WHERE { ?d vk:id "doc:ct-tw-39-xi" ; rdfs:label ?label }'


def _json_select(r: Any) -> None:
    body = r.json()
    assert body["head"]["vars"] == ["label"]
    assert body["results"]["bindings"][0]["label"]["value"] == "Chỉ thị 39-CT/TW (2014)"


def _xml_select(r: Any) -> None:
    assert "<sparql" in r.text and "Chỉ thị 39-CT/TW (2014)" in r.text


def _csv_select(r: Any) -> None:
    assert r.text.splitlines() == ["label", "Chỉ thị 39-CT/TW (2014)"]


HTTP = [
    ("get json", "get", {"params": {"query": SELECT_39}}, "application/sparql-results+json", _json_select),
    ("get xml", "get", {"params": {"query": SELECT_39}, "headers": {"accept": "application/sparql-results+xml"}},
     "application/sparql-results+xml", _xml_select),
    ("post form csv", "post", {"data": {"query": SELECT_39}, "headers": {"accept": "text/csv"}}, "text/csv",
     _csv_select),
    ("post body", "post", {"content": SELECT_39.encode(), "headers": {"content-type": "application/sparql-query"}},
     "application/sparql-results+json", _json_select),
]


@pytest.mark.parametrize(("what", "method", "kwargs", "media", "check"), HTTP, ids=[h[0] for h in HTTP])
def test_http_select(rdf_client: Any, what: str, method: str, kwargs: dict[str, Any], media: str, check: Any) -> None:
    r = getattr(rdf_client, method)("/sparql", **kwargs)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["x-vankien-truncated"] == "false"
    check(r)


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                            ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_http_graph_results(rdf_client: Any, accept: str, fmt: str) -> None:
    r = rdf_client.get("/sparql", params={"query": f"DESCRIBE <{DOC}ct-tw-39-xi>"}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    g = Graph().parse(data=r.content, format=fmt)
    assert (URIRef(DOC + "ct-tw-39-xi"), None, None) in g


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"data": {"update": "CLEAR ALL"}}, 422),
    ({"content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}}, 422),
    ({"content": b"DROP ALL", "headers": {"content-type": "application/sparql-query"}}, 422),
    ({"content": b"ASK {}", "headers": {"content-type": "text/plain"}}, 422),
    ({"data": {"nothing": "here"}}, 422),
    ({"content": b"\xff\xfe", "headers": {"content-type": "application/sparql-query"}}, 422),
])
def test_http_refusals(rdf_client: Any, kwargs: dict[str, Any], status: int) -> None:
    r = rdf_client.post("/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_http_limits(rdf_client: Any) -> None:
    r = rdf_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "limit": 4},
                   headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["x-vankien-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 4
    r = rdf_client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                      "timeout": 0.3})
    assert r.status_code == 422 and "time limit" in r.json()["detail"]


@pytest.mark.parametrize(("method", "kwargs"), [
    ("get", {"params": {"query": ""}}), ("get", {"params": {"query": "   "}}), ("get", {}),
    ("post", {"content": "", "headers": {"content-type": "application/sparql-query"}}),
    ("post", {"content": " \n", "headers": {"content-type": "application/sparql-query"}}),
    ("post", {"data": {"query": ""}}),
])
def test_an_empty_or_missing_query_is_a_422_as_the_openapi_document_says(rdf_client: Any, method: str,
                                                                          kwargs: dict[str, Any]) -> None:
    r = getattr(rdf_client, method)("/sparql", **kwargs)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    spec = rdf_client.app.openapi()["paths"]["/sparql"]
    [query] = [p for p in spec["get"]["parameters"] if p["name"] == "query"]
    assert query["required"] and query["schema"]["minLength"] == 1
    post = spec["post"]["requestBody"]
    assert post["required"] and all(c["schema"].get("minLength", c["schema"].get("properties", {}).get(
        "query", {}).get("minLength")) == 1 for c in post["content"].values())


# ---------------------------------------------------------------- one query cannot take the server down
VALUES_200 = " ".join(f'"{i}"' for i in range(200))
CROSS_VALUES = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {VALUES_200} }} VALUES ?b {{ {VALUES_200} }} " \
               f"VALUES ?c {{ {VALUES_200} }} }}"  # 8 M rows and not one triple lookup
BACKTRACKING = 'SELECT ?x WHERE { BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?x) FILTER(REGEX(?x, "^(a+)+$")) }'


@pytest.mark.parametrize("query", [CROSS_VALUES, BACKTRACKING], ids=["values-cross-product", "backtracking-regex"])
def test_a_runaway_query_stops_at_its_deadline_and_leaves_no_work_behind(corpus: Store, query: str) -> None:
    import multiprocessing

    run_query(corpus, "ASK {}")  # the graph is built before the clock starts
    done: dict[str, float] = {}

    def hostile() -> None:
        t = time.monotonic()
        with pytest.raises(QueryLimitError, match="time limit of 1 s"):
            run_query(corpus, query, timeout=1)
        done["hostile"] = time.monotonic() - t

    worker = threading.Thread(target=hostile)
    worker.start()
    time.sleep(0.3)
    t = time.monotonic()
    assert run_query(corpus, "ASK { ?s ?p ?o }").boolean  # other reads go on meanwhile
    assert time.monotonic() - t < 2
    worker.join(timeout=30)
    assert done["hostile"] < 1 + 1.0 + 2  # the deadline, the kill grace, slack for a loaded machine
    assert not [p for p in multiprocessing.active_children() if p.name == "vankien-sparql"]


def test_a_query_that_grows_without_bound_is_stopped_by_its_memory_limit(corpus: Store,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.export.sparql

    monkeypatch.setattr(graph.export.sparql, "MAX_MEMORY", 64 << 20)
    with pytest.raises(QueryLimitError, match="more than 64 MB"):
        run_query(corpus, "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c", timeout=60)


def test_a_runaway_query_over_http_is_a_422(rdf_client: Any) -> None:
    r = rdf_client.get("/sparql", params={"query": BACKTRACKING, "timeout": 1})
    assert r.status_code == 422 and "time limit" in r.json()["detail"]


def test_the_readme_query_finds_dong_thap_plan_as_written(corpus: Store) -> None:
    """The SPARQL example of README.md, run as it stands there, answers on the shared articles."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = "PREFIX vk:" + readme.split("    PREFIX vk:", 1)[1].split("\n\n", 1)[0]
    query = "\n".join(line.removeprefix("    ") for line in block.splitlines())
    rows = [{k: str(v) for k, v in row.items()} for row in run_query(corpus, query).rows]
    assert [r["plan"] for r in rows] == [DOC + "kh-tu-dong-thap-126-2015-2020"]
    assert "Kế hoạch số 126-KH/TU" in rows[0]["sentence"]
