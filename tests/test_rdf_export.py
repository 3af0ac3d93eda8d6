"""RDF export of the shared corpus: every format, SHACL-valid, provenance for every relation,
a document's neighbourhood, the round trip through ``import-rdf``, stable IRIs, streaming."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.build.delta import EdgeRow, MentionRow, NodeRow, SourceDelta
from graph.build.ingest import ingest_paths
from graph.build.rdf_import import import_rdf, parse
from graph.export.rdf import FORMATS, export, media_type
from graph.store.protocol import Store, open_store
from ontology.errors import ExportError, InvalidRequestError, NotFoundError, QueryLimitError
from ontology.rdf import OA, SH, SHAPES_PATH, VK, Iris, term
from ontology.vocab import NodeKind, RelationType, Rule
from tests.conftest import ROOT, need_shared

pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset.*:DeprecationWarning")

PROV = "http://www.w3.org/ns/prov#"
PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}
KL21 = "doc:kl-tw-21-xiii"


def load(data: bytes, fmt: str) -> Graph:
    """Parse an export into one graph (TriG's named graphs merged)."""
    if fmt == "trig":
        ds = Dataset()
        ds.parse(data=data, format="trig")
        g = Graph()
        for q in ds.quads():
            g.add(q[:3])
        return g
    return Graph().parse(data=data, format=PARSERS[fmt])


def blob(store: Store, fmt: str = "ttl", **options: Any) -> bytes:
    return b"".join(export(store, fmt, **options))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def conforms(g: Graph, shapes: Graph) -> tuple[bool, Graph]:
    ok, report, _ = validate(g, shacl_graph=shapes)
    return bool(ok), report


@pytest.fixture(scope="module")
def exports(corpus: Store) -> dict[str, bytes]:
    return {fmt: blob(corpus, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def graph(exports: dict[str, bytes]) -> Graph:
    return load(exports["nt"], "nt")


# ------------------------------------------------------------------ formats and shapes


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_gives_the_same_graph(exports: dict[str, bytes], graph: Graph, fmt: str) -> None:
    assert len(graph) > 5000
    assert isomorphic(load(exports[fmt], fmt), graph)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_export_is_shacl_valid(exports: dict[str, bytes], shapes: Graph, fmt: str) -> None:
    ok, report = conforms(load(exports[fmt], fmt), shapes)
    assert ok, report.serialize(format="turtle")[:3000]


@pytest.mark.parametrize(("fmt", "depth"), [("ttl", 0), ("ttl", 1), ("jsonld", 2), ("trig", 1)])
def test_neighbourhood_exports_are_shacl_valid(corpus: Store, shapes: Graph, fmt: str, depth: int) -> None:
    ok, report = conforms(load(blob(corpus, fmt, document=KL21, depth=depth), fmt), shapes)
    assert ok, report.serialize(format="turtle")[:3000]


def _statements_of(g: Graph, pred: URIRef) -> tuple[URIRef, URIRef, list[URIRef]]:
    st = sorted(g.subjects(RDF.predicate, pred), key=str)[0]
    s, o = g.value(st, RDF.subject), g.value(st, RDF.object)
    same = [x for x in g.subjects(RDF.subject, s) if g.value(x, RDF.predicate) == pred and g.value(x, RDF.object) == o]
    return s, o, same  # type: ignore[return-value]


def _drop_provenance(g: Graph) -> None:
    for st in _statements_of(g, VK.implements)[2]:
        g.remove((st, None, None))


def _drop_relation(g: Graph) -> None:
    s, o, _ = _statements_of(g, VK.implements)
    g.remove((s, VK.implements, o))


def _unknown_doc_kind(g: Graph) -> None:
    doc = next(g.subjects(RDF.type, VK.Document))
    g.set((doc, VK.docKind, URIRef("https://vankien.example.org/ns/doc-kind/sac_lenh")))


def _foreign_property(g: Graph) -> None:
    g.add((next(g.subjects(RDF.type, VK.Document)), URIRef("http://example.org/colour"), Literal("đỏ")))


def _span_backwards(g: Graph) -> None:
    # a span that starts past 0: ending it at 0 then puts its end before its start (a span at the
    # text's very start would still be well formed, and which span comes first is the set's order)
    span = min(s for s, start in g.subject_objects(OA.start) if int(start) > 0)
    g.set((span, OA.end, Literal(0, datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger"))))


def _confidence_above_one(g: Graph) -> None:
    g.set((next(g.subjects(VK.confidence, None)), VK.confidence, Literal("1.5", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#decimal"))))


def _no_rule(g: Graph) -> None:
    g.remove((next(g.subjects(VK.rule, None)), VK.rule, None))


def _no_label(g: Graph) -> None:
    g.remove((next(g.subjects(RDF.type, VK.Meeting)), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))


BREAKAGES = [
    ("relation without provenance", _drop_provenance, SH.SPARQLConstraintComponent),
    ("assertion of a missing relation", _drop_relation, SH.SPARQLConstraintComponent),
    ("unknown document type", _unknown_doc_kind, SH.InConstraintComponent),
    ("property outside the vocabulary", _foreign_property, SH.ClosedConstraintComponent),
    ("span ending before it starts", _span_backwards, SH.LessThanOrEqualsConstraintComponent),
    ("confidence above one", _confidence_above_one, SH.MaxInclusiveConstraintComponent),
    ("evidence without its rule", _no_rule, SH.MinCountConstraintComponent),
    ("node without a label", _no_label, SH.MinCountConstraintComponent),
]


@pytest.mark.parametrize(("what", "breakage", "component"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_shapes_catch_a_broken_export(graph: Graph, shapes: Graph, what: str, breakage: Any,
                                      component: URIRef) -> None:
    broken = Graph()
    for t in graph:
        broken.add(t)
    breakage(broken)
    ok, report = conforms(broken, shapes)
    assert not ok, what
    assert component in set(report.objects(None, SH.sourceConstraintComponent)), what


# ------------------------------------------------------------------ provenance


def test_every_relation_has_its_provenance(corpus: Store, graph: Graph) -> None:
    iris = Iris()
    n_edges = n_evidence = 0
    for edge, evidence in corpus.iter_edges(with_evidence=True):
        n_edges += 1
        s, p, o = URIRef(iris.node(edge.source)), term(edge.type), URIRef(iris.node(edge.target))
        assert (s, p, o) in graph
        stmts = [x for x in graph.subjects(RDF.subject, s)
                 if graph.value(x, RDF.predicate) == p and graph.value(x, RDF.object) == o]
        assert len(stmts) == len(evidence) > 0
        got = set()
        for st in stmts:
            span = graph.value(st, URIRef(PROV + "wasDerivedFrom"))
            source = graph.value(span, URIRef(PROV + "wasQuotedFrom"))
            activity = graph.value(st, URIRef(PROV + "wasGeneratedBy"))
            assert (source, RDF.type, VK.Source) in graph
            assert graph.value(activity, URIRef(PROV + "used")) == source
            got.add((str(graph.value(source, VK.id)), int(str(graph.value(span, OA.start))),
                     int(str(graph.value(span, OA.end))), str(graph.value(span, URIRef(PROV + "value"))),
                     graph.value(st, VK.rule), float(str(graph.value(st, VK.confidence)))))
        assert got == {(e["source"], e["start"], e["end"], e["text"], term(Rule(e["rule"])), e["confidence"])
                       for e in evidence}
        n_evidence += len(evidence)
    assert n_edges == corpus.stats()["edges"] and n_evidence == corpus.stats()["evidence"]
    assert len(set(graph.subjects(RDF.type, RDF.Statement))) == n_evidence


def test_evidence_spans_quote_the_source_text(corpus: Store, graph: Graph) -> None:
    texts: dict[str, str] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        span = graph.value(st, URIRef(PROV + "wasDerivedFrom"))
        sid = str(graph.value(graph.value(span, URIRef(PROV + "wasQuotedFrom")), VK.id))
        text = texts.get(sid) or texts.setdefault(sid, corpus.get_source(sid)["text"])  # type: ignore[index]
        assert text[int(str(graph.value(span, OA.start))):int(str(graph.value(span, OA.end)))] == \
            str(graph.value(span, URIRef(PROV + "value")))


# ------------------------------------------------------------------ neighbourhood


def _typed(g: Graph) -> set[str]:
    return {str(g.value(s, VK.id)) for k in NodeKind if k is not NodeKind.SOURCE for s in g.subjects(RDF.type, term(k))}


def _neighbours(store: Store, ids: set[str]) -> set[str]:
    edges = store.expand(sorted(ids), "out") + store.expand(sorted(ids), "in")
    return {n for e in edges for n in (e.source, e.target)}


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_neighbourhood_holds_the_nodes_within_depth(corpus: Store, depth: int) -> None:
    g = load(blob(corpus, "nt", document=KL21, depth=depth), "nt")
    expected = {KL21}
    for _ in range(depth):
        expected |= _neighbours(corpus, expected)
    assert _typed(g) == expected
    iris = Iris()
    for e in corpus.expand(sorted(expected), "out"):
        if e.target in expected:
            assert (URIRef(iris.node(e.source)), term(e.type), URIRef(iris.node(e.target))) in g
    outside = {str(o) for t in RelationType for o in g.objects(None, term(t))} - {iris.node(i) for i in expected}
    assert not outside


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_rdf_and_the_tables_export_the_same_neighbourhood(corpus: Store, depth: int) -> None:
    from graph.export.tables import part

    g = load(blob(corpus, "nt", document=KL21, depth=depth), "nt")
    nodes, edges = part(corpus, "Kết luận 21-KL/TW", depth)
    assert {n.id for n in nodes} == _typed(g)
    iris = Iris()
    relations = {(s, p, o) for t in RelationType for s, p, o in g.triples((None, term(t), None))}
    assert {(URIRef(iris.node(e.source)), term(e.type), URIRef(iris.node(e.target))) for e, _ in edges} == relations


def test_a_neighbourhood_past_its_bounds_is_refused_not_cut(corpus: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.query import neighbourhood as hoods

    whole = hoods.neighbourhood(corpus, KL21, 2)
    assert whole.edges and hoods.neighbourhood(corpus, KL21, 2, max_nodes=len(whole.node_ids)) == whole
    with pytest.raises(QueryLimitError, match=f"more than {len(whole.node_ids) - 1} nodes"):
        hoods.neighbourhood(corpus, KL21, 2, max_nodes=len(whole.node_ids) - 1)
    monkeypatch.setattr(hoods, "EDGES_PER_NODE", 0)  # no relation allowed at all
    with pytest.raises(QueryLimitError, match="more than 0 relations"):
        hoods.neighbourhood(corpus, KL21, 2, max_nodes=len(whole.node_ids))


@pytest.mark.parametrize("ref", [KL21, "https://vankien.example.org/doc/kl-tw-21-xiii", "Kết luận 21-KL/TW",
                                 "ket luan 21-KL/TW khoa XIII"])
def test_document_reference_forms(corpus: Store, ref: str) -> None:
    assert _typed(load(blob(corpus, "nt", document=ref, depth=0), "nt")) == {KL21}


@pytest.mark.parametrize(("options", "error"), [
    ({"document": "doc:khong-co"}, NotFoundError),
    ({"document": "Nghị quyết 99999"}, NotFoundError),
    ({"document": "  "}, InvalidRequestError),
    ({"document": KL21, "depth": 7}, InvalidRequestError),
    ({"document": KL21, "depth": -1}, InvalidRequestError),
    ({"base": "ftp://nope/"}, InvalidRequestError),
])
def test_bad_requests_fail_before_any_output(corpus: Store, options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        export(corpus, "ttl", **options)


def test_unknown_format(corpus: Store) -> None:
    with pytest.raises(InvalidRequestError, match="known: ttl, nt"):
        export(corpus, "n3")


# ------------------------------------------------------------------ round trip


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_gives_the_same_graph(corpus: Store, exports: dict[str, bytes], graph: Graph, tmp_path: Path,
                                         fmt: str) -> None:
    target = open_store("embedded", data_dir=tmp_path / "imported")
    try:
        import_rdf(target, exports[fmt], fmt)
        again = load(blob(target, "nt"), "nt")
        assert isomorphic(again, graph)
        before, after = corpus.stats(), target.stats()
        for key in ("sources", "nodes", "edges", "evidence", "nodes_by_kind", "edges_by_type"):
            assert after[key] == before[key], key
        spans = [{(m["source"], m["start"], m["end"]) for m in st.mentions_of(KL21, 1000)} for st in (corpus, target)]
        assert spans[0] == spans[1] and spans[0]
    finally:
        target.close()


def test_import_refuses_a_store_with_data(corpus: Store, exports: dict[str, bytes]) -> None:
    with pytest.raises(InvalidRequestError, match="empty"):
        import_rdf(corpus, exports["ttl"], "ttl")


def test_import_refuses_relations_without_provenance(graph: Graph, tmp_path: Path) -> None:
    broken = Graph()
    for t in graph:
        broken.add(t)
    _drop_provenance(broken)
    store = open_store("embedded", data_dir=tmp_path / "s")
    try:
        with pytest.raises(ExportError, match="no provenance"):
            import_rdf(store, broken.serialize(format="nt", encoding="utf-8"), "nt")
        assert store.stats()["nodes"] == 0
    finally:
        store.close()


def test_import_reports_unparsable_input(tmp_path: Path) -> None:
    store = open_store("embedded", data_dir=tmp_path / "s")
    try:
        with pytest.raises(ExportError, match="cannot parse"):
            import_rdf(store, b"<not turtle", "ttl")
    finally:
        store.close()


# ------------------------------------------------------------------ stable IRIs


def _iris(g: Graph) -> set[str]:
    return {str(x) for t in g for x in t if isinstance(x, URIRef)}


def test_iris_are_stable_across_exports_and_ingest_order(corpus: Store, exports: dict[str, bytes], graph: Graph,
                                                         tmp_path: Path) -> None:
    assert blob(corpus, "nt") == exports["nt"]
    shared = need_shared()
    other = open_store("embedded", data_dir=tmp_path / "reversed")
    try:
        for path in [shared / "corpus" / "dev.jsonl", *sorted((shared / "seeds").iterdir(), reverse=True)]:
            ingest_paths(other, [str(path)], workers=1)
        assert _iris(load(blob(other, "nt"), "nt")) == _iris(graph)
    finally:
        other.close()


def test_base_iri_is_configurable(corpus: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    base = "https://kb.example.com/vankien/"
    g = load(blob(corpus, "nt", base=base), "nt")
    assert (URIRef(base + "doc/ct-tw-39-xi"), RDF.type, VK.Document) in g
    data = {i for i in _iris(g) if "vankien.example.org" not in i and "://www.w3.org/" not in i}
    vocabularies = ("http://schema.org/", "https://schema.org/", "http://data.europa.eu/eli/ontology#")
    outside = {i for i in data if not i.startswith((base, *vocabularies))}
    assert not outside
    monkeypatch.setenv("VANKIEN_BASE_IRI", base)
    assert isomorphic(load(blob(corpus, "nt"), "nt"), g)


# ------------------------------------------------------------------ streaming and hard literals

TRICKY = ['Nói "không" với \\ gạch ngược', "dòng một\ndòng hai\r\n\tthụt lề", "ký tự điều khiển \x01\x7f",
          "biểu tượng 🇻🇳 và dấu kết hợp e\u0301", "<không phải IRI> & 'nháy đơn'"]


XML_TRICKY = [t.replace("\x01", "") for t in TRICKY]


def tricky_store(path: Path, labels: list[str] = TRICKY) -> Store:
    """A store whose labels and sentences need escaping in every syntax."""
    store = open_store("embedded", data_dir=path)
    text = " ".join(labels)
    nodes = tuple(NodeRow(f"person:p{i}", NodeKind.PERSON, {"name": t, "label": t}) for i, t in enumerate(labels))
    nodes += (NodeRow("body:b", NodeKind.BODY, {"name": labels[0], "label": labels[0], "body_kind": "other"}),)
    start = len(labels[0]) + 1
    edges = tuple(EdgeRow(f"person:p{i}", RelationType.ATTENDED_BY, "body:b", {
        "source": "src:tricky", "start": start, "end": start + len(labels[1]), "text": labels[1],
        "rule": Rule.PARTICIPANT.value, "confidence": 1e-05}) for i in range(2))
    delta = SourceDelta({"id": "src:tricky", "key": "tricky", "path": "/x", "title": labels[4], "sha256": "0",
                         "text": text, "url": "https://example.org/a?b=c&d=\"e\""},
                        nodes, edges, (MentionRow("person:p0", 0, len(labels[0]), labels[0]),))
    store.write([delta])
    return store


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hard_literals_survive_every_format(tmp_path: Path, fmt: str) -> None:
    store = tricky_store(tmp_path / "t", TRICKY if fmt != "xml" else XML_TRICKY)
    try:
        g = load(blob(store, fmt), fmt)
        names = {str(o) for o in g.objects(None, VK.name)}
        assert set(TRICKY if fmt != "xml" else XML_TRICKY) <= names
        target = open_store("embedded", data_dir=tmp_path / "back")
        import_rdf(target, blob(store, fmt), fmt)
        assert isomorphic(load(blob(target, "nt"), "nt"), load(blob(store, "nt"), "nt"))
        target.close()
    finally:
        store.close()


def test_rdf_xml_replaces_the_characters_xml_forbids(tmp_path: Path) -> None:
    store = tricky_store(tmp_path / "t")
    try:
        names = {str(o) for o in load(blob(store, "xml"), "xml").objects(None, VK.name)}
        assert "ký tự điều khiển \ufffd\x7f" in names
        assert set(XML_TRICKY) - {"ký tự điều khiển \x7f"} <= names
    finally:
        store.close()


def test_nt_and_ttl_are_streamed_without_an_rdflib_graph(corpus: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("an rdflib graph was built")

    monkeypatch.setattr(Graph, "add", refuse)
    for fmt in ("nt", "ttl"):
        chunks = export(corpus, fmt)
        first = next(chunks)
        assert first and len(first) <= 1 << 17
        assert len(list(chunks)) >= 3


def test_parse_errors_become_export_errors() -> None:
    with pytest.raises(ExportError):
        parse(b"{not json", "jsonld")


def test_media_types() -> None:
    assert {f: media_type(f) for f in FORMATS} == {
        "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
        "xml": "application/rdf+xml", "trig": "application/trig"}


# ------------------------------------------------------------------ the API route


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_api_export(rdf_client: Any, graph: Graph, fmt: str) -> None:
    r = rdf_client.get("/export", params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type(fmt)
    assert isomorphic(load(r.content, fmt), graph)


@pytest.mark.parametrize(("params", "status"), [({"format": "n3"}, 422), ({"document": "doc:khong-co"}, 404),
                                                ({"document": KL21, "depth": 9}, 422)])
def test_api_export_errors(rdf_client: Any, params: dict[str, Any], status: int) -> None:
    r = rdf_client.get("/export", params=params)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"


def test_api_export_neighbourhood(rdf_client: Any) -> None:
    r = rdf_client.get("/export", params={"format": "nt", "document": "Kết luận 21-KL/TW", "depth": 0})
    assert r.status_code == 200
    assert _typed(load(r.content, "nt")) == {KL21}


def test_api_export_refuses_a_big_graph_in_a_format_that_is_not_streamed(rdf_client: Any) -> None:
    from api.settings import get_settings

    before = getattr(rdf_client.app.state, "settings", None)
    rdf_client.app.state.settings = get_settings().model_copy(update={"max_export_nodes": 10})
    try:
        r = rdf_client.get("/export", params={"format": "jsonld"})
        assert r.status_code == 422 and "export it as nt or ttl" in r.json()["detail"]
        assert rdf_client.get("/export", params={"format": "nt"}).status_code == 200
    finally:
        rdf_client.app.state.settings = before


# ------------------------------------------------------------------ the command line


def test_cli_export_and_import(corpus: Store, graph: Graph, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from api.cli.export import export as export_cmd
    from api.cli.export import import_rdf_cmd

    data_dir = str(getattr(corpus, "data_dir"))  # noqa: B009  (the embedded store's folder)
    runner = CliRunner()
    out = tmp_path / "all.trig"
    r = runner.invoke(export_cmd, ["--format", "trig", "--data-dir", data_dir, "-o", str(out)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(import_rdf_cmd, [str(out), "--data-dir", str(tmp_path / "new")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(export_cmd, ["--format", "nt", "--data-dir", str(tmp_path / "new")])
    assert r.exit_code == 0
    assert isomorphic(load(r.stdout_bytes, "nt"), graph)
    r = runner.invoke(import_rdf_cmd, [str(out), "--data-dir", str(tmp_path / "new")])
    assert r.exit_code == 1 and "empty store" in r.output
    r = runner.invoke(export_cmd, ["--document", "doc:khong-co", "--data-dir", data_dir, "-o", str(tmp_path / "x")])
    assert r.exit_code == 1 and "not found" in r.output and not (tmp_path / "x").exists()


def test_a_failed_or_killed_export_leaves_no_file_behind(corpus: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from api.cli.export import export as export_cmd

    data_dir = str(getattr(corpus, "data_dir"))  # noqa: B009
    (tmp_path / "old.ttl").write_text("kept\n")
    r = CliRunner().invoke(export_cmd, ["--data-dir", data_dir, "-o", str(tmp_path / "old.ttl")])
    assert r.exit_code == 0 and (tmp_path / "old.ttl").read_text() != "kept\n"  # replaced whole
    # killed half-way through writing: the target is untouched and no temporary file is left
    (tmp_path / "old.ttl").write_text("kept\n")
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from api.cli.export import _whole_file\n"
        "with _whole_file(Path(sys.argv[1])) as out:\n"
        "    out.write(b'half of an export' * 1000); out.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"), str(tmp_path / "old.ttl")], cwd=ROOT, timeout=60)
    assert killed.returncode == -9
    assert (tmp_path / "old.ttl").read_text() == "kept\n"
    # nothing is left (an unnamed file), or the next export to the target removes what is
    r = CliRunner().invoke(export_cmd, ["--data-dir", data_dir, "-o", str(tmp_path / "old.ttl")])
    assert r.exit_code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["old.ttl"]


# ------------------------------------------------------------------ the export as published data
def _store_view(store: Store) -> dict[str, Any]:
    """What a store holds, in terms a round trip must keep (article texts are not exported;
    a source's path travels as its file name)."""
    sources = {s["id"]: (s.get("title"), s.get("url"), s.get("published"), Path(str(s.get("path") or "")).name)
               for s in store.list_sources(limit=100_000)}
    nodes = {n.id: (n.kind.value, n.props) for n in store.iter_nodes()}
    edges = {e.key: sorted((x["source"], x["start"], x["end"], x["rule"], x["confidence"], x["text"]) for x in ev)
             for e, ev in store.iter_edges(with_evidence=True)}
    aliases = {p: c for p, c in store.aliases().items() if p != c}
    return {"sources": sources, "nodes": nodes, "edges": edges, "aliases": aliases}


@pytest.mark.parametrize("fmt", ["nt", "trig"])
def test_round_trip_gives_the_same_store(tmp_path: Path, fmt: str) -> None:
    """Every property goes through the vocabulary: a congress resolution keeps its congress
    (and stays central), a number its zero, a merge its alias."""
    shared = need_shared()
    original = open_store("embedded", data_dir=tmp_path / "original")
    target = open_store("embedded", data_dir=tmp_path / "imported")
    try:
        ingest_paths(original, [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl"),
                                str(shared / "corpus" / "dev2.jsonl")], workers=1)
        import_rdf(target, blob(original, fmt), fmt)
        before, after = _store_view(original), _store_view(target)
        congress = [i for i, (_, p) in before["nodes"].items() if p.get("congress")]
        assert congress, "the shared articles name a congress resolution"
        for key in ("sources", "aliases", "edges", "nodes"):
            assert after[key] == before[key], key
    finally:
        original.close()
        target.close()


def test_the_export_validates_together_with_the_ontology(exports: dict[str, bytes], shapes: Graph) -> None:
    """The usual way: the data merged with the ontology, or with RDFS entailment from it."""
    from ontology.rdf import ONTOLOGY_PATH

    data = load(exports["nt"], "nt")
    onto = Graph().parse(ONTOLOGY_PATH, format="turtle")
    ok, report = conforms(data + onto, shapes)
    assert ok, report.serialize(format="turtle")[:3000]
    ok, report, _ = validate(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    assert ok, report.serialize(format="turtle")[:3000]


def test_published_values_name_no_local_path_and_numbers_are_integers(graph: Graph) -> None:
    paths = {str(o) for o in graph.objects(None, VK.path)}
    assert paths and all("/" not in p and "\\" not in p for p in paths), sorted(paths)[:5]
    numbers = list(graph.objects(None, VK.number))
    assert numbers and all(o.datatype == XSD.integer for o in numbers)  # type: ignore[attr-defined]
    assert Literal(9, datatype=XSD.integer) in numbers  # 09-… (a leading zero is the symbol's, not the number's)


# ------------------------------------------------------------------ golden exports
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
GOLDEN_ARTICLES = ["01_binh_dinh_ke_hoach.txt", "02_binh_dinh_hoi_nghi.txt", "03_gia_lai.html"]


def _export_of(article: Path, folder: Path) -> Graph:
    store = open_store("embedded", data_dir=folder)
    try:
        ingest_paths(store, [str(article)], workers=1)
        g = load(blob(store, "ttl"), "ttl")
    finally:
        store.close()
    g.remove((None, URIRef(PROV + "endedAtTime"), None))  # when it was ingested: the one value that changes
    return g


@pytest.mark.parametrize("name", GOLDEN_ARTICLES)
def test_an_articles_export_is_its_golden_graph(name: str, tmp_path: Path) -> None:
    """The project's own example articles, each exported alone, compared by isomorphism with
    tests/data/golden/<name>.ttl. After a deliberate change of extraction or export, write
    them anew with VANKIEN_REGEN_GOLDEN=1 and read the diff."""
    from tests.conftest import ROOT

    got = _export_of(ROOT / "examples" / "corpus" / name, tmp_path / "store")
    golden = GOLDEN / f"{Path(name).stem}.ttl"
    if os.environ.get("VANKIEN_REGEN_GOLDEN") == "1":
        golden.write_text(got.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(golden, format="turtle")
    assert len(got) > 50
    assert isomorphic(got, expected), (
        f"{name}: the export differs from {golden.name}: "
        f"{len(set(got) - set(expected))} triples more, {len(set(expected) - set(got))} fewer")
