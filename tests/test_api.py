"""The HTTP API through TestClient, over a store built from the shared articles: lineage, errors, limits, writes, CORS."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


from api.app import create_app
from api.settings import Settings, get_settings
from graph.build.ingest import ingest_paths
from graph.query.examples import is_example
from graph.store.protocol import Store, open_store
from tests.conftest import ROOT, need_shared, neo4j_store

CT39 = "doc:ct-tw-39-xi"
KH126 = "doc:kh-tu-dong-thap-126-2015-2020"
TOKEN = "s3cret-token"
PROBLEM = "application/problem+json"


def build_store(folder: Path, kind: str = "embedded", uri: str | None = None) -> Store:
    """A store of the shared seeds and development corpus (Neo4j in a namespace of its own)."""
    shared = need_shared()
    if kind == "neo4j":
        assert uri is not None
        store = neo4j_store(uri, "api")
        store.open()
    else:
        store = open_store("embedded", data_dir=folder)
    report = ingest_paths(store, [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl")], workers=1)
    assert report.read >= 30 and not report.failures
    return store


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The read API runs over every backend (Neo4j: a real server)."""
    uri = request.getfixturevalue("neo4j_uri") if request.param == "neo4j" else None
    s = build_store(tmp_path_factory.mktemp("api-store"), request.param, uri)
    yield s
    wipe = getattr(s, "wipe", None)
    if request.param == "neo4j" and wipe is not None:
        wipe()
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(Settings(), store=store))


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    """A client over a fresh store that accepts writes with TOKEN."""
    s = build_store(tmp_path / "store")
    yield TestClient(create_app(Settings(api_token=TOKEN), store=s))
    s.close()


# ---------------------------------------------------------------- the bar
def test_implementations_of_ct39_include_kh126_of_dong_thap_with_evidence(client: TestClient) -> None:
    found = client.get("/resolve", params={"q": "Chỉ thị 39-CT/TW năm 2014"}).json()["items"]
    assert found[0]["id"] == CT39
    r = client.get(f"/documents/{found[0]['id']}/implementations")
    assert r.status_code == 200
    items = {i["node"]["id"]: i for i in r.json()["items"]}
    assert KH126 in items
    item = items[KH126]
    assert item["node"]["province"] == "Đồng Tháp"
    assert item["node"]["label"].startswith("Kế hoạch 126-KH/TU")
    assert item["via"]["type"] == "IMPLEMENTS" and item["via"]["target"] == CT39
    sentences = [e["text"] for e in item["via"]["evidence"]]
    assert any("Kế hoạch số 126-KH/TU" in s and "Chỉ thị số 39-CT/TW" in s for s in sentences)
    ev = item["via"]["evidence"][0]
    source = client.get(f"/sources/{ev['source']}").json()
    assert source["text"][ev["start"]:ev["end"]] == ev["text"]


# ---------------------------------------------------------------- reads
READS: list[tuple[str, dict[str, Any], Any]] = [
    ("/documents", {"kind": "chi_thi", "year": 2014}, lambda b: CT39 in {d["id"] for d in b["items"]}),
    ("/documents", {"term": "xi", "limit": 2}, lambda b: len(b["items"]) == 2 and b["next_offset"] == 2),
    ("/documents", {"province": "dong thap"}, lambda b: KH126 in {d["id"] for d in b["items"]}),
    ("/documents", {"issuer": "body:bo-chinh-tri", "kind": "chi_thi"}, lambda b: b["total"] >= 3),
    ("/documents", {"q": "bao ve chinh tri noi bo"}, lambda b: CT39 in {d["id"] for d in b["items"]}),
    (f"/documents/{CT39}", {}, lambda b: b["document"]["term"] == "XI" and b["mentions"]
     and any(r["node"]["id"] == KH126 for r in b["relations"])),
    (f"/documents/{CT39}/trace", {}, lambda b: b["start"]["id"] == CT39),
    (f"/documents/{KH126}/trace", {}, lambda b: CT39 in b["central"]),
    (f"/documents/{CT39}/coverage", {}, lambda b: "Đồng Tháp" in b["covered"] and b["units"] == 63),
    (f"/documents/{CT39}/timeline", {}, lambda b: b["events"][0]["relation"] == "ISSUED"),
    (f"/documents/{CT39}/lineage", {}, lambda b: {n["id"]: n["layer"] for n in b["nodes"]}[KH126] == 1
     and "Đồng Tháp" in b["matrix"]["rows"]),
    (f"/documents/{KH126}/lineage", {}, lambda b: {n["id"]: n["layer"] for n in b["nodes"]}[CT39] == -1),
    ("/meetings", {"province": "Đồng Tháp"}, lambda b: b["total"] >= 1),
    ("/meetings", {"kind": "tong_ket", "year": 2016}, lambda b: all(m["year"] == 2016 for m in b["items"])),
    ("/meetings/mtg:2016-12-23-ban-to-chuc-tinh-uy-dong-thap-tong-ket", {},
     lambda b: any(r["node"]["id"] == CT39 for r in b["relations"])),
    ("/meetings/mtg:2016-12-23-ban-to-chuc-tinh-uy-dong-thap-tong-ket/trace", {}, lambda b: CT39 in b["central"]),
    ("/bodies", {"kind": "provincial_committee"}, lambda b: b["total"] >= 1),
    ("/bodies/body:tinh-uy-dong-thap", {}, lambda b: b["body"]["province"] == "Đồng Tháp"),
    ("/persons", {"q": "bui van cuong"}, lambda b: b["items"][0]["id"] == "person:bui-van-cuong"),
    ("/persons/person:bui-van-cuong", {}, lambda b: b["person"]["name"] == "Bùi Văn Cường"),
    ("/sources", {"limit": 3}, lambda b: len(b["items"]) == 3 and b["next_offset"] == 3),
    ("/resolve", {"q": "chi thi 39"}, lambda b: b["items"][0]["id"] == CT39),
    ("/resolve", {"q": "KL 21"}, lambda b: b["items"][0]["id"].startswith("doc:kl-tw-21")),
    ("/resolve", {"q": "nghị quyết 04 khóa XII"}, lambda b: b["items"][0]["id"] == "doc:nq-tw-4-xii"),
    ("/search", {"q": "dong thap", "kind": "Document"}, lambda b: KH126 in {n["id"] for n in b["items"]}),
    ("/stats", {}, lambda b: b["sources"] >= 30 and b["edges_by_type"]["IMPLEMENTS"] > 0 and "location" not in b),
    ("/health", {}, lambda b: b["status"] == "ok"),
]


@pytest.mark.parametrize(("path", "params", "check"), READS, ids=[f"{p}?{q}" for p, q, _ in READS])
def test_reads(client: TestClient, path: str, params: dict[str, Any], check: Any) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert check(r.json())


def test_source_has_spans_that_match_its_text(client: TestClient) -> None:
    body = client.get("/sources/src:002-f9a59b69b065816b").json()
    assert body["spans"]
    for s in body["spans"]:
        assert body["text"][s["start"]:s["end"]] == s["text"]


def test_source_view_highlights_the_span(client: TestClient) -> None:
    r = client.get("/sources/src:002-f9a59b69b065816b/view", params={"start": 3718, "end": 3891})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="focus"' in r.text and "span-focus" in r.text and "Kế hoạch số 126-KH/TU" in r.text


def test_graphml_export_of_a_neighbourhood_reads_back(client: TestClient) -> None:
    r = client.get("/exports/graph.graphml", params={"document": CT39, "depth": 1})
    assert r.status_code == 200 and r.headers["content-type"] == "application/graphml+xml"
    g = nx.read_graphml(io.BytesIO(r.content))
    assert g.has_edge(KH126, CT39)
    assert g.nodes[KH126]["province"] == "Đồng Tháp"
    data = g.get_edge_data(KH126, CT39)
    data = next(iter(data.values())) if g.is_multigraph() else data
    assert data["relation"] == "IMPLEMENTS" and "126-KH/TU" in data["evidence"]


def test_whole_graph_exports(client: TestClient, store: Store) -> None:
    g = nx.read_graphml(io.BytesIO(client.get("/exports/graph.graphml").content))
    stats = store.stats()
    assert g.number_of_nodes() == stats["nodes"] and g.number_of_edges() == stats["edges"]
    nodes = list(csv.DictReader(io.StringIO(client.get("/exports/nodes.csv").text)))
    edges = list(csv.DictReader(io.StringIO(client.get("/exports/edges.csv").text)))
    assert len(nodes) == stats["nodes"] and len(edges) == stats["edges"]
    assert {"Source": KH126, "Target": CT39, "Label": "IMPLEMENTS"}.items() <= next(
        e for e in edges if e["Source"] == KH126 and e["Target"] == CT39).items()
    bare = list(csv.DictReader(io.StringIO(client.get("/exports/edges.csv", params={"evidence": "false"}).text)))
    assert len(bare) == stats["edges"] and not any(e["evidence"] for e in bare)


def _cli_export(store: Store, *args: str) -> bytes:
    """``vankien export ARGS`` over the same store the API reads."""
    from click.testing import CliRunner

    from api.cli.main import cli

    if store.name == "neo4j":
        where, env = ["--store", "neo4j", "--neo4j-uri", str(getattr(store, "uri"))], {  # noqa: B009
            "NEO4J_NAMESPACE": str(getattr(store, "namespace"))}  # noqa: B009
    else:
        where, env = ["--store", "embedded", "--data-dir", str(getattr(store, "data_dir"))], {}  # noqa: B009
    r = CliRunner().invoke(cli, ["export", *args, *where], env=env)
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


@pytest.mark.parametrize(("path", "fmt", "params"), [
    ("/exports/nodes.csv", "nodes-csv", {}),
    ("/exports/edges.csv", "edges-csv", {}),
    ("/exports/nodes.csv", "nodes-csv", {"document": CT39, "depth": 2}),
    ("/exports/edges.csv", "edges-csv", {"document": CT39, "depth": 1}),
])
def test_csv_exports_carry_a_bom_only_when_asked_and_the_cli_gives_the_same_rows(
        client: TestClient, store: Store, path: str, fmt: str, params: dict[str, Any]) -> None:
    plain = client.get(path, params=params).content
    marked = client.get(path, params={**params, "bom": "true"}).content
    assert not plain.startswith(b"\xef\xbb\xbf") and marked == b"\xef\xbb\xbf" + plain
    rows = list(csv.DictReader(io.StringIO(marked.decode("utf-8-sig"))))
    assert rows and next(iter(rows[0])) == ("Id" if fmt == "nodes-csv" else "Source")  # the mark is not in the header
    text = " ".join(v for r in rows for v in r.values() if v)
    assert "Đồng Tháp" in text or "Chỉ thị" in text  # diacritics come back as written
    cli_args = ["--format", fmt] + [f"--{k}={v}" for k, v in params.items()]
    assert _cli_export(store, *cli_args) == plain
    assert _cli_export(store, *cli_args, "--bom") == marked


def test_graphml_of_the_cli_and_the_api_is_the_same(client: TestClient, store: Store) -> None:
    api = client.get("/exports/graph.graphml", params={"document": CT39, "depth": 1}).content
    assert _cli_export(store, "--format", "graphml", "--document", CT39, "--depth", "1") == api


def test_a_neighbourhood_past_the_export_bound_is_refused_not_cut(store: Store) -> None:
    small = TestClient(create_app(Settings(max_export_nodes=10), store=store))
    for path in ("/exports/graph.graphml", "/exports/nodes.csv", "/exports/edges.csv", "/export"):
        r = small.get(path, params={"document": CT39, "depth": 3})
        assert r.status_code == 422 and "more than 10 nodes" in r.json()["detail"], path


def test_page_and_static_files_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="q"' in page.text and "/static/app.js" in page.text
    for name in ("app.js", "app.css"):
        assert client.get(f"/static/{name}").status_code == 200


OWN_TAGS = {"documents", "lineage", "meetings", "bodies", "persons", "sources", "lookup", "stats", "exports", "writes"}


def test_every_operation_has_an_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if not OWN_TAGS & set(op.get("tags", [])):
                continue  # routers written elsewhere (RDF) document themselves
            ok = next(v for k, v in op["responses"].items() if k.startswith("2"))
            content = next(iter(ok["content"].values()))
            ref = content.get("schema", {}).get("$ref", "")
            has = "example" in content or "examples" in content or "examples" in components.get(ref.rsplit("/", 1)[-1], {})
            assert has, f"{method.upper()} {path} has no example"


# ---------------------------------------------------------------- errors and limits
def test_unknown_id_is_a_404_problem_with_suggestions(client: TestClient) -> None:
    r = client.get("/documents/doc:ct-tw-39-xii/implementations")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == 404 and body["type"].endswith("not-found") and body["title"] and body["detail"]
    assert CT39 in [s["id"] for s in body["suggestions"]]


def test_an_id_of_another_kind_is_not_found(client: TestClient) -> None:
    assert client.get(f"/meetings/{CT39}").status_code == 404


def test_every_error_of_every_route_is_documented_as_problem_json(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for methods in spec["paths"].values():
        for op in methods.values():
            for code, response in op["responses"].items():
                if code[0] in "45":
                    assert list(response["content"]) == [PROBLEM]


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    r = client.get("/no/such/route")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    r = client.put("/documents")
    assert r.status_code == 405 and r.headers["content-type"] == PROBLEM
    r = client.put("/sources/src:x")
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) >= {"GET", "DELETE"}


BAD = [
    ("/documents", {"limit": 0}), ("/documents", {"limit": "ten"}), ("/documents", {"offset": -1}),
    ("/documents", {"kind": "novel"}), ("/documents", {"year": "nineteen"}), ("/documents", {"term": "13"}),
    (f"/documents/{CT39}/implementations", {"depth": 0}), (f"/documents/{CT39}/implementations", {"depth": 99}),
    (f"/documents/{CT39}/trace", {"max_paths": 0}), (f"/documents/{CT39}/coverage", {"at": "yesterday"}),
    ("/resolve", {}), ("/resolve", {"q": ""}), ("/resolve", {"q": "   "}), ("/resolve", {"q": "x" * 301}),
    ("/search", {"q": "   "}), ("/search", {"q": "a", "kind": "Planet"}),
    ("/exports/graph.graphml", {"document": CT39, "depth": 9}),
]


@pytest.mark.parametrize(("path", "params"), BAD, ids=[f"{p}?{q}" for p, q in BAD])
def test_bad_parameters_are_422_problems(client: TestClient, path: str, params: dict[str, Any]) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM and r.json()["status"] == 422


def test_page_size_is_clamped_to_the_server_maximum(store: Store) -> None:
    c = TestClient(create_app(Settings(max_page_size=5), store=store))
    body = c.get("/documents", params={"limit": 1000}).json()
    assert body["limit"] == 5 and len(body["items"]) == 5


def test_a_slow_query_is_abandoned_with_a_problem(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.query.lineage

    def slow(*_: Any, **__: Any) -> dict[str, Any]:
        time.sleep(0.5)
        return {}

    monkeypatch.setattr(graph.query.lineage, "implementations", slow)
    c = TestClient(create_app(Settings(query_time_limit=0.05), store=store))
    r = c.get(f"/documents/{CT39}/implementations")
    assert r.status_code == 422 and r.json()["type"].endswith("query-limit")


# ---------------------------------------------------------------- writes
ARTICLE = {"id": "api-test-1", "title": "Tỉnh ủy Bến Tre thực hiện Chỉ thị 39-CT/TW",
           "text": "Ngày 12/3/2015, Ban Thường vụ Tỉnh ủy Bến Tre ban hành Kế hoạch số 71-KH/TU về thực hiện "
                   "Chỉ thị số 39-CT/TW ngày 18/8/2014 của Bộ Chính trị về tăng cường công tác bảo vệ chính trị nội bộ.",
           "published": "2015-03-12"}


def test_writes_are_off_without_a_configured_token(client: TestClient) -> None:
    r = client.post("/sources", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic czNjcmV0", f"Bearer {TOKEN}x"])
def test_writes_need_the_right_token(writable: TestClient, header: str | None) -> None:
    r = writable.post("/sources", json=ARTICLE, headers={"Authorization": header} if header else {})
    assert r.status_code in (401, 403) and r.headers["content-type"] == PROBLEM
    if r.status_code == 401:
        assert r.headers["www-authenticate"] == "Bearer"


def test_a_posted_article_is_ingested_and_its_lineage_is_read(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    plan = {"q": "ke hoach 71-KH/TU Ben Tre"}
    assert not any("Bến Tre" in (d["province"] or "") for d in writable.get("/resolve", params=plan).json()["items"])
    r = writable.post("/sources", json=ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "added" and r.headers["location"] == "/sources/src:api-test-1"
    again = writable.post("/sources", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    impl = writable.get(f"/documents/{CT39}/implementations").json()
    assert "Bến Tre" in impl["by_province"]
    # what /resolve remembered is forgotten when the store changes
    assert any(d["province"] == "Bến Tre" for d in writable.get("/resolve", params=plan).json()["items"])
    assert writable.get("/sources/src:api-test-1").status_code == 200
    gone = writable.delete("/sources/src:api-test-1", headers=auth)
    assert gone.status_code == 200 and gone.json()["status"] == "removed"
    assert "Bến Tre" not in writable.get(f"/documents/{CT39}/implementations").json()["by_province"]
    assert writable.delete("/sources/src:api-test-1", headers=auth).status_code == 404


@pytest.mark.parametrize("body", [{}, {"id": "x"}, {"id": "x", "text": "   "}, {"id": "a b", "text": "t"},
                                  {"id": "x", "text": "t", "published": "2015-13-45"}, {"id": "x", "text": "t", "extra": 1}],
                         ids=["empty", "no-text", "blank-text", "bad-id", "bad-date", "unknown-field"])
def test_bad_articles_are_422(writable: TestClient, body: dict[str, Any]) -> None:
    r = writable.post("/sources", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


def test_request_size_is_bounded(store: Store) -> None:
    c = TestClient(create_app(Settings(api_token=TOKEN, max_request_bytes=2048), store=store))
    r = c.post("/sources", json={**ARTICLE, "text": "x" * 5000}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM


# ---------------------------------------------------------------- CORS and settings
def test_cors_is_off_unless_configured(client: TestClient) -> None:
    r = client.get("/stats", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_allows_the_configured_origins(store: Store) -> None:
    c = TestClient(create_app(Settings(cors_origins=("https://example.org",)), store=store))
    r = c.get("/stats", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "https://example.org"
    pre = c.options("/sources", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                         "Access-Control-Request-Headers": "authorization, content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
    other = c.get("/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VANKIEN_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("VANKIEN_API_TOKEN", "t")
    monkeypatch.setenv("VANKIEN_MAX_DEPTH", "3")
    monkeypatch.setenv("VANKIEN_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        s = get_settings()
        assert s.cors_origins == ("https://a.example", "https://b.example")
        assert s.writes_enabled and s.max_depth == 3 and s.data_dir == tmp_path
        assert get_settings() is s
    finally:
        get_settings.cache_clear()


def test_one_function_opens_the_store_the_settings_choose(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from api import settings as config
    from ontology.errors import StoreError

    monkeypatch.setenv("VANKIEN_DATA_DIR", str(tmp_path / "env"))
    with pytest.raises(StoreError, match="no vankien store"):  # a read never makes a store
        config.open_store(config.load_settings())
    assert not (tmp_path / "env").exists()
    store = config.open_store(config.load_settings(), create=True)
    try:
        assert store.name == "embedded" and getattr(store, "data_dir") == tmp_path / "env"  # noqa: B009
    finally:
        store.close()
    store = config.open_store(config.load_settings(data_dir=str(tmp_path / "flag")), create=True)  # a flag wins
    store.close()
    assert (tmp_path / "flag" / "vankien.db").exists()
    monkeypatch.setenv("VANKIEN_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there
    with pytest.raises(StoreError, match="127.0.0.1:9"):
        config.open_store(config.load_settings(), connection_timeout=2)
    store = config.open_store(config.load_settings(), kind="embedded")  # the other kind, with its own settings
    store.close()


def test_store_settings_are_read_only_in_api_settings() -> None:
    """No module but api/settings.py reads the store's settings from the environment."""
    root = Path(__file__).resolve().parent.parent
    names = r"(VANKIEN_STORE|VANKIEN_DATA_DIR|VANKIEN_NEO4J_HOME|NEO4J_[A-Z]+)"
    read = re.compile(rf"(environ\.get|getenv)\(\s*['\"]{names}['\"]|environ\[['\"]{names}['\"]\](?!\s*=)")
    readers = sorted(str(f.relative_to(root)) for d in ("ontology", "loaders", "graph", "api", "bench")
                     for f in (root / d).rglob("*.py") if read.search(f.read_text(encoding="utf-8")))
    assert [r for r in readers if r != "api/settings.py"] == []


def test_the_app_opens_the_configured_store_when_none_is_given(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path / "fresh"))) as c:
        assert c.get("/stats").json()["nodes"] == 0
    assert (tmp_path / "fresh" / "vankien.db").exists()


# ---------------------------------------------------------------- the serve command
def test_serve_is_a_vankien_command() -> None:
    from click.testing import CliRunner

    from api.cli.main import cli

    r = CliRunner().invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "--data-dir" in r.output and "--store" in r.output


def test_the_workers_socket_keeps_tcp_nodelay_possible() -> None:
    """asyncio sets TCP_NODELAY on accepted connections only when the listening socket says IPPROTO_TCP."""
    import socket

    from api.cli.serve import listening_socket

    sock = listening_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.get_inheritable()
    finally:
        sock.close()


# ---------------------------------------------------------------- nothing unsafe on the page
@pytest.mark.parametrize(("url", "linked"), [
    ("javascript:alert(document.cookie)", False), (" JavaScript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("https://baomoi.example/bai-1", True), ("http://tinhuy.example/a?b=1&c=2", True),
])
def test_only_web_addresses_are_links_in_the_source_view(tmp_path: Path, url: str, linked: bool) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "bai-url", "url": url, "text": "Hội nghị quán triệt Chỉ thị số 05-CT/TW "
                                  "của Bộ Chính trị được tổ chức sáng nay."}, ensure_ascii=False) + "\n", "utf-8")
    store = open_store("embedded", data_dir=tmp_path / "s")
    try:
        ingest_paths(store, [str(corpus)], workers=1)
        page = TestClient(create_app(Settings(), store=store)).get("/sources/src:bai-url/view")
    finally:
        store.close()
    assert page.status_code == 200
    assert ('<a href="' + html.escape(url)) in page.text if linked else "<a href=\"" + html.escape(url) not in page.text
    assert html.escape(url) in page.text  # shown either way
    assert "<script>" not in page.text  # no inline script for the policy to allow


@pytest.mark.parametrize("path", ["/", "/sources/src:002-f9a59b69b065816b/view"])
def test_html_answers_carry_a_content_security_policy(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in client.get("/stats").headers  # JSON answers need none


# ---------------------------------------------------------------- one committed state per read
_PLAN = "Ngày 10-3-2022, Ban Thường vụ Tỉnh ủy Gia Lai ban hành Kế hoạch số 77-KH/TU về thực hiện {target} của Bộ Chính trị."
_WRITER = """
import sys, json
from graph.build.ingest import ingest_sources
from graph.store.protocol import open_store
from loaders.read.sources import read_jsonl
from pathlib import Path
store = open_store("embedded", data_dir=sys.argv[1])
variants = [Path(p) for p in sys.argv[2:]]
for i in range(400):
    ingest_sources(store, list(read_jsonl(variants[i % len(variants)])), workers=1)
store.close()
"""


def test_a_read_sees_one_committed_state_while_another_process_writes(tmp_path: Path) -> None:
    variants = []
    # the same plan, carrying out one directive in one version and another in the next
    for i, target in enumerate(["Chỉ thị số 05-CT/TW ngày 15-5-2016", "Kết luận số 01-KL/TW ngày 18-5-2021"]):
        v = tmp_path / f"v{i}.jsonl"
        v.write_text(json.dumps({"id": "ke-hoach-77", "text": _PLAN.format(target=target)},
                                ensure_ascii=False) + "\n", encoding="utf-8")
        variants.append(str(v))
    data = tmp_path / "store"
    store = open_store("embedded", data_dir=data)
    ingest_paths(store, [variants[0]], workers=1)
    [plan] = [n for n in store.find_nodes(where={"q": "77-KH/TU"})]
    client = TestClient(create_app(Settings(), store=store))
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(data), *variants], cwd=Path(__file__).parent.parent)
    try:
        answers = bare = 0
        while writer.poll() is None and answers < 3000:
            r = client.get(f"/documents/{plan.id}/trace")
            if r.status_code != 200:
                continue
            hops = [h for p in r.json()["paths"] for h in p]
            answers += 1
            bare += any(not h["evidence"] for h in hops)
        assert answers > 50, "the writer finished before the reader could read"
        assert bare == 0, f"{bare} of {answers} answers held a hop without its evidence"
    finally:
        writer.kill()
        writer.wait()
        store.close()


def _naive_kinds(ranges: set[tuple[int, int, str]], a: int, b: int) -> list[str]:
    return sorted({k for s, e, k in ranges if s <= a and b <= e})


@pytest.mark.parametrize("seed", range(20))
def test_the_source_view_marks_what_covers_each_piece(seed: int) -> None:
    """The sweep that marks spans gives, for every piece of text, the kinds of all the spans
    that cover it (the meaning of the former quadratic scan)."""
    import random
    import re

    from api.routers.sources import render

    rnd = random.Random(seed)
    text = "".join(rnd.choice("ab <&>đ") for _ in range(80))
    spans = [{"start": (a := rnd.randrange(0, 79)), "end": rnd.randrange(a + 1, 81), "kind": rnd.choice(["evidence", "mention"])}
             for _ in range(rnd.randrange(0, 12))]
    page = render({"text": text, "spans": spans, "id": "src:x"}, (10, 30))
    body = page.split('<pre class="source-text">', 1)[1].split("</pre>", 1)[0]
    ranges = {(s["start"], s["end"], s["kind"]) for s in spans} | {(10, 30, "focus")}
    pos = 0
    for m in re.finditer(r'<span class="([^"]*)"[^>]*>(.*?)</span>|([^<]+)', body):
        piece = html.unescape(m[2] if m[1] is not None else m[3])
        kinds = sorted(c.removeprefix("span-") for c in m[1].split()) if m[1] is not None else []
        assert kinds == _naive_kinds(ranges, pos, pos + len(piece)), (pos, piece)
        pos += len(piece)
    assert pos == len(text)


@pytest.mark.timeout(60)
def test_a_long_source_with_twelve_thousand_spans_renders() -> None:
    import random

    from api.routers.sources import render

    rnd = random.Random(3)
    text = ("Hội nghị quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị. " * 6000)[:344_000]
    spans = [{"start": (a := rnd.randrange(0, len(text) - 200)), "end": a + rnd.randrange(1, 200),
              "kind": rnd.choice(["evidence", "mention"])} for _ in range(12_003)]
    page = render({"text": text, "spans": spans, "id": "src:long"}, (100, 200))
    assert page.count('id="focus"') == 1 and html.unescape(re.sub(r"<[^>]+>", "", page.split("<pre", 1)[1])).count(
        "Hội nghị") >= 5000


# ---------------------------------------------------------------- what the page needs
EXAMPLE_CASES = yaml.safe_load((Path(__file__).parent / "data" / "example_sources.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", EXAMPLE_CASES, ids=[f"{c['path']}|{c['url']}" for c in EXAMPLE_CASES])
def test_a_source_is_an_example_by_its_folder_or_a_reserved_domain(case: dict[str, Any]) -> None:
    assert is_example(case["path"], case["url"]) is case["example"]


def _shared_units() -> dict[str, list[str]]:
    """The 34 units of 1-7-2025 and the units of before each took in, from the shared reference list."""
    rows = list(csv.DictReader((need_shared() / "reference" / "provinces.csv").read_text(encoding="utf-8").splitlines()))
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["merged_into_2025"], []).append(r["name_pre2025"])
    return {k: sorted(v) for k, v in out.items()}


@pytest.mark.parametrize(("at", "count"), [(None, 63), ("2014-08-18", 63), ("2025-06-30", 63), ("2025-07-01", 34),
                                           ("2026-01-01", 34)])
def test_provinces_in_force_on_a_day(client: TestClient, at: str | None, count: int) -> None:
    body = client.get("/provinces", params={"at": at} if at else {}).json()
    assert body["as_of"] == at and body["count"] == count == len(body["units"])
    shared = _shared_units()
    names = [u["name"] for u in body["units"]]
    assert len(set(names)) == count
    if count == 34:
        assert {u["name"]: sorted(u["former"]) for u in body["units"]} == shared
    else:
        assert set(names) == {n for former in shared.values() for n in former}
        assert all(u["former"] == [] for u in body["units"])


@pytest.mark.parametrize("at", ["2025-13-01", "0", "1-7-2025"])
def test_provinces_on_a_bad_day_is_a_422_problem(client: TestClient, at: str) -> None:
    r = client.get("/provinces", params={"at": at})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


def test_a_document_names_its_type_issuer_and_sources(client: TestClient) -> None:
    body = client.get(f"/documents/{CT39}").json()
    assert body["kind_label"] == "Chỉ thị" and body["issuer_label"] == "Bộ Chính trị"
    ids = [s["id"] for s in body["sources"]]
    assert ids == sorted(set(ids)) and body["source_count"] >= len(ids) >= 1
    assert {m["source"] for m in body["mentions"]} <= set(ids) or body["source_count"] > len(ids)
    for s in body["sources"]:
        assert s["example"] is False and "path" not in s  # real articles; the file layout stays private


def test_each_lineage_edge_counts_its_sources(client: TestClient, store: Store) -> None:
    body = client.get(f"/documents/{CT39}/lineage").json()
    assert body["edges"]
    evidence = store.evidence([(e["source"], e["type"], e["target"]) for e in body["edges"]], per_edge=1000)
    for e in body["edges"]:
        want = {ev["source"] for ev in evidence[(e["source"], e["type"], e["target"])]}
        assert e["sources"] == len(want) >= len({ev["source"] for ev in e["evidence"]}) >= 1
        assert all(ev["example"] is False for ev in e["evidence"])


def test_the_lineage_matrix_puts_central_implementations_in_a_row_of_their_own(client: TestClient) -> None:
    body = client.get("/documents/doc:kl-tw-21-xiii/lineage").json()
    central = {n["id"] for n in body["nodes"] if n["central"] and n["layer"] > 0}
    rows = body["matrix"]["rows"]
    assert central and rows[0] == "Trung ương"
    cells = body["matrix"]["cells"]
    in_row = {i for ids in cells["Trung ương"].values() for i in ids}
    assert central <= in_row
    assert "(không rõ)" in rows and not central & {i for p in rows if p != "Trung ương" for ids in cells[p].values() for i in ids}


def test_the_examples_are_marked_in_sources_lineage_and_source_view(tmp_path: Path) -> None:
    shared = need_shared()
    s = open_store("embedded", data_dir=tmp_path / "store")
    ingest_paths(s, [str(ROOT / "examples" / "corpus"), str(shared / "seeds" / "002_f9a59b69b065816b.txt")], workers=1)
    try:
        c = TestClient(create_app(Settings(), store=s))
        items = c.get("/sources", params={"limit": 100}).json()["items"]
        flags = {i["id"]: i["example"] for i in items}
        assert flags.pop("src:002-f9a59b69b065816b") is False
        assert len(flags) == 6 and all(flags.values())
        one = c.get("/sources/src:03-gia-lai").json()
        assert one["example"] is True
        assert "ví dụ / example" in c.get("/sources/src:03-gia-lai/view").text
        assert "ví dụ / example" not in c.get("/sources/src:002-f9a59b69b065816b/view").text
        lineage = c.get(f"/documents/{CT39}/lineage").json()
        marks = {(e["source"], ev["source"]): ev["example"] for e in lineage["edges"] for ev in e["evidence"]}
        assert marks[("doc:kh-tu-binh-dinh-45-2015-2020", "src:01-binh-dinh-ke-hoach")] is True
        assert marks[(KH126, "src:002-f9a59b69b065816b")] is False
    finally:
        s.close()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_documentation_is_served_from_here(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "http" not in csp and "object-src 'none'" in csp
    scripts = re.findall(r"<script([^>]*)>", r.text)
    assert scripts and all('src="/' in s for s in scripts)  # no inline script, nothing from elsewhere
    assert "http://" not in r.text and "https://" not in r.text
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', r.text):
        assert client.get(asset).status_code == 200, asset
